import { strict as assert } from "node:assert";
import { test } from "node:test";
import { resolveServerPath, ResolveInput } from "../serverPath";

function input(executables: string[], over: Partial<ResolveInput> = {}): ResolveInput {
  return {
    env: { PATH: "/usr/local/bin:/usr/bin" },
    setting: "",
    extensionPath: "/ext",
    platform: "linux",
    isExecutable: (file) => executables.includes(file),
    ...over,
  };
}

const all = ["/env/alama", "/setting/alama", "/ext/bin/alama", "/usr/bin/alama"];

test("ALAMA_SERVER_PATH wins over everything", () => {
  const resolved = resolveServerPath(
    input(all, { env: { ALAMA_SERVER_PATH: "/env/alama", PATH: "/usr/bin" }, setting: "/setting/alama" }),
  );
  assert.deepEqual(resolved, { path: "/env/alama", source: "env" });
});

test("then the setting alama.server.path", () => {
  const resolved = resolveServerPath(input(all, { setting: "/setting/alama" }));
  assert.deepEqual(resolved, { path: "/setting/alama", source: "setting" });
});

test("then the bundled bin/alama", () => {
  assert.deepEqual(resolveServerPath(input(all)), { path: "/ext/bin/alama", source: "bundled" });
});

test("then alama on PATH, first directory first", () => {
  const resolved = resolveServerPath(input(["/usr/local/bin/alama", "/usr/bin/alama"]));
  assert.deepEqual(resolved, { path: "/usr/local/bin/alama", source: "PATH" });
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

test("nothing found: the message says what was tried", () => {
  assert.throws(
    () => resolveServerPath(input([])),
    (error: Error) => {
      assert.match(error.message, /no language server found/);
      assert.match(error.message, /\/ext\/bin\/alama/);
      assert.match(error.message, /on PATH/);
      assert.match(error.message, /alama\.server\.path/);
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
