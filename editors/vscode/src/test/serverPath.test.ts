import { strict as assert } from "node:assert";
import { test } from "node:test";
import { resolveServerPath, ResolveInput, targetName } from "../serverPath";

function input(executables: string[], over: Partial<ResolveInput> = {}): ResolveInput {
  return {
    env: { PATH: "/usr/local/bin:/usr/bin" },
    setting: "",
    extensionPath: "/ext",
    platform: "linux",
    arch: "x64",
    bundledPlatform: "linux-x64",
    isExecutable: (file) => executables.includes(file),
    ...over,
  };
}

const all = ["/env/alama", "/setting/alama", "/ext/bin/alama", "/usr/bin/alama"];

test("the setting alama.server.path wins over everything", () => {
  const resolved = resolveServerPath(
    input(all, { env: { ALAMA_SERVER_PATH: "/env/alama", PATH: "/usr/bin" }, setting: "/setting/alama" }),
  );
  assert.deepEqual(resolved, { path: "/setting/alama", source: "setting" });
});

test("then ALAMA_SERVER_PATH", () => {
  const resolved = resolveServerPath(
    input(all, { env: { ALAMA_SERVER_PATH: "/env/alama", PATH: "/usr/bin" } }),
  );
  assert.deepEqual(resolved, { path: "/env/alama", source: "env" });
});

test("then alama on PATH, first directory first, before the bundled binary", () => {
  const resolved = resolveServerPath(input(["/usr/local/bin/alama", "/usr/bin/alama", "/ext/bin/alama"]));
  assert.deepEqual(resolved, { path: "/usr/local/bin/alama", source: "PATH" });
});

test("then the bundled bin/alama when it was built for this platform", () => {
  assert.deepEqual(resolveServerPath(input(["/ext/bin/alama"])), {
    path: "/ext/bin/alama",
    source: "bundled",
  });
  assert.deepEqual(resolveServerPath(input(["/ext/bin/alama"], { bundledPlatform: "linux-x64\n" })), {
    path: "/ext/bin/alama",
    source: "bundled",
  });
});

test("a bundled binary of another platform is not run, and the message says why", () => {
  for (const over of [
    { platform: "darwin", arch: "arm64" },
    { platform: "linux", arch: "arm64" },
  ]) {
    assert.throws(
      () => resolveServerPath(input(["/ext/bin/alama"], over)),
      (error: Error) => {
        assert.match(error.message, /built for linux-x64, not for (darwin|linux)-arm64/);
        return true;
      },
    );
  }
  assert.throws(
    () => resolveServerPath(input(["/ext/bin/alama"], { bundledPlatform: undefined })),
    /built for an unknown platform, not for linux-x64/,
  );
});

test("an empty env var or setting is unset", () => {
  const resolved = resolveServerPath(
    input(["/usr/bin/alama"], { env: { ALAMA_SERVER_PATH: " ", PATH: "/usr/bin" }, setting: null }),
  );
  assert.deepEqual(resolved, { path: "/usr/bin/alama", source: "PATH" });
});

test("an explicit path that is not executable is an error, not a fall-through", () => {
  assert.throws(
    () => resolveServerPath(input(all, { env: { ALAMA_SERVER_PATH: "/nope", PATH: "/usr/bin" } })),
    /ALAMA_SERVER_PATH is set to "\/nope", which is not an executable file/,
  );
  assert.throws(
    () => resolveServerPath(input(all, { setting: "/typo/alama" })),
    /alama\.server\.path is "\/typo\/alama", which is not an executable file/,
  );
});

test("nothing found: the message says what was tried, in order", () => {
  assert.throws(
    () => resolveServerPath(input([])),
    (error: Error) => {
      assert.match(error.message, /no language server found/);
      assert.match(
        error.message,
        /alama\.server\.path \(unset\), ALAMA_SERVER_PATH \(unset\), "alama" on PATH \(not found\) and the bundled \/ext\/bin\/alama \(missing\)/,
      );
      return true;
    },
  );
});

test("Windows: alama.exe and ; in Path", () => {
  const resolved = resolveServerPath(
    input(["C:\\tools/alama.exe"], { env: { Path: "C:\\tools;C:\\bin" }, platform: "win32" }),
  );
  assert.equal(resolved.source, "PATH");
  assert.match(resolved.path, /alama\.exe$/);
});

test("target names are vsce's", () => {
  assert.equal(targetName("linux", "x64"), "linux-x64");
  assert.equal(targetName("darwin", "arm64"), "darwin-arm64");
  assert.equal(targetName("win32", "x64"), "win32-x64");
});
