// Where the `alama` binary is: pure logic (no `vscode` import), so that
// node's test runner can check it outside the editor.
import * as path from "path";

export type ServerSource = "env" | "setting" | "bundled" | "PATH";

export interface Resolved {
  path: string;
  source: ServerSource;
}

export interface ResolveInput {
  /** The environment; `ALAMA_SERVER_PATH` wins over everything. */
  env: Record<string, string | undefined>;
  /** The `alama.server.path` setting ("" or null when unset). */
  setting: string | null | undefined;
  /** The extension's folder: the bundled binary is `<it>/bin/alama`. */
  extensionPath: string;
  platform: string;
  /** Whether a file exists and can be executed. */
  isExecutable: (file: string) => boolean;
}

export const ENV_VAR = "ALAMA_SERVER_PATH";

/** The binary's file name on this platform. */
export function binaryName(platform: string): string {
  return platform === "win32" ? "alama.exe" : "alama";
}

/**
 * The server binary, in order: env `ALAMA_SERVER_PATH`, the setting
 * `alama.server.path`, the bundled `bin/alama`, then `alama` on PATH.
 * An explicit path (env or setting) that is not executable is an error
 * rather than a silent fall-through, so a typo is noticed. Throws an Error
 * whose message says what was tried.
 */
export function resolveServerPath(input: ResolveInput): Resolved {
  const fromEnv = input.env[ENV_VAR]?.trim();
  if (fromEnv) {
    if (input.isExecutable(fromEnv)) {
      return { path: fromEnv, source: "env" };
    }
    throw new Error(
      `Alama: ${ENV_VAR} is set to "${fromEnv}", which is not an executable file.`,
    );
  }
  const fromSetting = input.setting?.trim();
  if (fromSetting) {
    if (input.isExecutable(fromSetting)) {
      return { path: fromSetting, source: "setting" };
    }
    throw new Error(
      `Alama: the setting alama.server.path is "${fromSetting}", which is not an executable file.`,
    );
  }
  const name = binaryName(input.platform);
  const bundled = path.join(input.extensionPath, "bin", name);
  if (input.isExecutable(bundled)) {
    return { path: bundled, source: "bundled" };
  }
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
  throw new Error(
    `Alama: no language server found. Tried ${ENV_VAR} (unset), ` +
      `the setting alama.server.path (unset), the bundled ${bundled} ` +
      `(missing) and "${name}" on PATH (not found). Install alama ` +
      `(cargo install --path server/alama, or the .vsix that bundles it) ` +
      `or set alama.server.path.`,
  );
}
