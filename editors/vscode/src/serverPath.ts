// Where the `alama` binary is: pure logic (no `vscode` import), so that
// node's test runner can check it outside the editor.
import * as path from "path";

export type ServerSource = "setting" | "env" | "PATH" | "bundled";

export interface Resolved {
  path: string;
  source: ServerSource;
}

export interface ResolveInput {
  /** The environment (`ALAMA_SERVER_PATH`, `PATH`). */
  env: Record<string, string | undefined>;
  /** The `alama.server.path` setting ("" or null when unset). */
  setting: string | null | undefined;
  /** The extension's folder: the bundled binary is `<it>/bin/alama`. */
  extensionPath: string;
  /** `process.platform`. */
  platform: string;
  /** `process.arch`. */
  arch: string;
  /**
   * The platform the bundled binary was built for, as the packaging
   * script wrote it to `bin/platform.txt` (`linux-x64`), or undefined when
   * that file is missing.
   */
  bundledPlatform: string | undefined;
  /** Whether a file exists and can be executed. */
  isExecutable: (file: string) => boolean;
}

export const ENV_VAR = "ALAMA_SERVER_PATH";

/** The binary's file name on this platform. */
export function binaryName(platform: string): string {
  return platform === "win32" ? "alama.exe" : "alama";
}

/**
 * The name of a platform as `vsce package --target` spells it:
 * `process.platform` (win32 and darwin become `win32` and `darwin`) and
 * `process.arch`, joined by a dash (`linux-x64`, `darwin-arm64`).
 */
export function targetName(platform: string, arch: string): string {
  return `${platform}-${arch}`;
}

/**
 * The server binary, in order: the setting `alama.server.path`, the
 * environment variable `ALAMA_SERVER_PATH`, `alama` on PATH, then the
 * bundled `bin/alama`, but only when it was built for this platform (a
 * Linux binary on macOS or on arm64 would not start). An explicit path
 * (setting or environment) that is not executable is an error rather than
 * a silent fall-through, so a typo is noticed. Throws an Error whose
 * message says what was tried.
 */
export function resolveServerPath(input: ResolveInput): Resolved {
  const fromSetting = input.setting?.trim();
  if (fromSetting) {
    if (input.isExecutable(fromSetting)) {
      return { path: fromSetting, source: "setting" };
    }
    throw new Error(
      `Alama: the setting alama.server.path is "${fromSetting}", which is not an executable file.`,
    );
  }
  const fromEnv = input.env[ENV_VAR]?.trim();
  if (fromEnv) {
    if (input.isExecutable(fromEnv)) {
      return { path: fromEnv, source: "env" };
    }
    throw new Error(
      `Alama: ${ENV_VAR} is set to "${fromEnv}", which is not an executable file.`,
    );
  }
  const name = binaryName(input.platform);
  const separator = input.platform === "win32" ? ";" : ":";
  const dirs = (input.env.PATH ?? input.env.Path ?? "")
    .split(separator)
    .filter((dir) => dir !== "");
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (input.isExecutable(candidate)) {
      return { path: candidate, source: "PATH" };
    }
  }
  const here = targetName(input.platform, input.arch);
  const bundled = path.join(input.extensionPath, "bin", name);
  const built = input.bundledPlatform?.trim();
  let bundledState: string;
  if (!input.isExecutable(bundled)) {
    bundledState = "missing";
  } else if (built !== here) {
    bundledState = `built for ${built || "an unknown platform"}, not for ${here}`;
  } else {
    return { path: bundled, source: "bundled" };
  }
  throw new Error(
    `Alama: no language server found. Tried the setting alama.server.path (unset), ` +
      `${ENV_VAR} (unset), "${name}" on PATH (not found) and the bundled ${bundled} ` +
      `(${bundledState}). Install alama (cargo install --path server/alama, or the ` +
      `.vsix built for ${here}) or set alama.server.path.`,
  );
}
