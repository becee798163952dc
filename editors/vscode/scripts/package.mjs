// Builds the .vsix: copies the Linux `alama` binary (target/release/alama,
// brought up to date with `cargo build --release --locked`) into bin/ and
// runs `vsce package` offline into alama-<version>.vsix. ALAMA_PACKAGE_BINARY
// overrides the binary and ALAMA_VSIX the output (the tests package the
// debug binary they already built into a temporary file).
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repo = resolve(here, "..", "..");
const target = process.env.CARGO_TARGET_DIR ?? join(repo, "target");
const binary = process.env.ALAMA_PACKAGE_BINARY ?? join(target, "release", "alama");

function run(command, args, cwd) {
  console.log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`package: ${command} failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exit(1);
  }
}

// Always ask cargo (a no-op when up to date): an old target/release/alama
// would otherwise be packaged without the server's latest changes.
if (!process.env.ALAMA_PACKAGE_BINARY) {
  const cargo = spawnSync("cargo", ["--version"]);
  if (cargo.status === 0) {
    run("cargo", ["build", "--release", "--locked"], repo);
  } else if (existsSync(binary)) {
    console.warn(`package: cargo not found, packaging the existing ${binary}`);
  } else {
    console.error(`package: ${binary} is missing and cargo is not found`);
    process.exit(1);
  }
}
mkdirSync(join(here, "bin"), { recursive: true });
copyFileSync(binary, join(here, "bin", "alama"));
chmodSync(join(here, "bin", "alama"), 0o755);

const { version } = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
run(
  process.execPath,
  [
    join(here, "node_modules", "@vscode", "vsce", "vsce"),
    "package",
    "--skip-license",
    "--allow-missing-repository",
    "--out",
    process.env.ALAMA_VSIX ?? `alama-${version}.vsix`,
  ],
  here,
);
