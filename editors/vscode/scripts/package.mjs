// Builds the platform-specific .vsix of the platform it runs on: copies the
// `alama` binary (target/release/alama, brought up to date with
// `cargo build --release --locked`) into bin/, records the platform it was
// built for in bin/platform.txt (`linux-x64`, as vsce names targets: the
// extension runs the bundled binary only on that platform), and runs
// `vsce package --target <platform>` offline into
// alama-<platform>-<version>.vsix. ALAMA_PACKAGE_BINARY overrides the binary
// and ALAMA_VSIX the output (the tests package the debug binary they
// already built into a temporary file); ALAMA_TARGET names the platform of
// a binary built elsewhere (given with ALAMA_PACKAGE_BINARY).
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repo = resolve(here, "..", "..");
const target = process.env.CARGO_TARGET_DIR ?? join(repo, "target");
const platform = process.env.ALAMA_TARGET ?? `${process.platform}-${process.arch}`;
if (process.env.ALAMA_TARGET && !process.env.ALAMA_PACKAGE_BINARY) {
  console.error("package: ALAMA_TARGET needs ALAMA_PACKAGE_BINARY, a binary built for that platform");
  process.exit(1);
}
const windows = platform.startsWith("win32-");
const exe = windows ? "alama.exe" : "alama";
const binary = process.env.ALAMA_PACKAGE_BINARY ?? join(target, "release", exe);

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
// A binary of an earlier package for another platform is not kept.
rmSync(join(here, "bin"), { recursive: true, force: true });
mkdirSync(join(here, "bin"), { recursive: true });
copyFileSync(binary, join(here, "bin", exe));
chmodSync(join(here, "bin", exe), 0o755);
writeFileSync(join(here, "bin", "platform.txt"), `${platform}\n`);

const { version } = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
run(
  process.execPath,
  [
    join(here, "node_modules", "@vscode", "vsce", "vsce"),
    "package",
    "--target",
    platform,
    "--skip-license",
    "--allow-missing-repository",
    "--out",
    process.env.ALAMA_VSIX ?? `alama-${platform}-${version}.vsix`,
  ],
  here,
);
