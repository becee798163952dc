import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import {
  EXPORT_CHOICES,
  exportInvocation,
  filesExcludeGlobs,
  mapConfigurationResult,
  toServerSettings,
} from "../settings";

// The `alama` section as VS Code's getConfiguration("alama") gives it, with
// the client's own keys (server.path, trace.server) that the server rejects.
const vscodeSection = {
  include: ["**/*.txt"],
  exclude: ["drafts/**"],
  suggestionSeverity: "warning",
  confirmedSeverity: "hint",
  maxDocumentSize: 20,
  inlayHints: "all",
  server: { path: "/opt/alama" },
  trace: { server: "verbose" },
};

const expected = {
  include: ["**/*.txt"],
  exclude: ["drafts/**"],
  suggestionSeverity: "warning",
  confirmedSeverity: "hint",
  maxDocumentSize: 20,
  inlayHints: "all",
};

test("only the keys the server knows are sent", () => {
  assert.deepEqual(toServerSettings(vscodeSection), expected);
});

test("missing or ill-typed values are left out", () => {
  assert.deepEqual(toServerSettings(undefined), {});
  assert.deepEqual(toServerSettings(null), {});
  assert.deepEqual(
    toServerSettings({
      include: "x",
      suggestionSeverity: "loud",
      exclude: [1, "a", ""],
      maxDocumentSize: -1,
      inlayHints: "some",
    }),
    { exclude: ["a"] },
  );
});

// VS Code's default files.exclude, with one glob turned off and one that
// depends on sibling files.
const filesExclude = {
  "**/.git": true,
  "**/.svn": true,
  "**/.hg": true,
  "**/CVS": true,
  "**/.DS_Store": true,
  "**/Thumbs.db": true,
  "**/scratch/": true,
  "**/*.bak.txt": false,
  "**/*.js": { when: "$(basename).ts" },
};

const excludedByFiles = [
  "**/.git",
  "**/.git/**",
  "**/.svn",
  "**/.svn/**",
  "**/.hg",
  "**/.hg/**",
  "**/CVS",
  "**/CVS/**",
  "**/.DS_Store",
  "**/.DS_Store/**",
  "**/Thumbs.db",
  "**/Thumbs.db/**",
  "**/scratch",
  "**/scratch/**",
];

test("files.exclude: the globs set to true, and everything under them", () => {
  assert.deepEqual(filesExcludeGlobs(filesExclude), excludedByFiles);
  assert.deepEqual(filesExcludeGlobs({ "out/**": true }), ["out/**"]);
  assert.deepEqual(filesExcludeGlobs(undefined), []);
  assert.deepEqual(filesExcludeGlobs(["**/.git"]), []);
});

test("files.exclude is added to the exclude setting, without repeats", () => {
  assert.deepEqual(toServerSettings(vscodeSection, filesExclude), {
    ...expected,
    exclude: ["drafts/**", ...excludedByFiles],
  });
  assert.deepEqual(toServerSettings({ exclude: ["**/.git"] }, { "**/.git": true }), {
    exclude: ["**/.git", "**/.git/**"],
  });
  assert.deepEqual(toServerSettings(undefined, { "tmp": true }), { exclude: ["tmp", "tmp/**"] });
  assert.deepEqual(toServerSettings({}, {}), {});
});

test("workspace/configuration: each item gets the files.exclude of its scope", () => {
  const scoped = [{ "a/**": true }, { "b/**": true }];
  const results = mapConfigurationResult(
    [{ section: "alama" }, {}],
    [{ exclude: ["x/**"] }, { alama: {}, files: {} }],
    (i) => scoped[i],
  );
  assert.deepEqual(results, [{ exclude: ["x/**", "a/**"] }, { alama: { exclude: ["b/**"] }, files: {} }]);
});

test("workspace/configuration: the alama section is mapped, others pass", () => {
  const results = mapConfigurationResult(
    [{ section: "alama" }, { section: "editor" }, {}],
    [vscodeSection, { tabSize: 4 }, { alama: vscodeSection, files: {} }],
  );
  assert.deepEqual(results, [expected, { tabSize: 4 }, { alama: expected, files: {} }]);
});

test("export: every format writes through --out, which the binary checks", () => {
  assert.deepEqual(exportInvocation("conll", "/ws", "/out"), {
    args: ["export", "/ws", "--format", "conll", "--out", "/out"],
  });
  assert.deepEqual(exportInvocation("jsonl", "/ws", "/out"), {
    args: ["export", "/ws", "--format", "jsonl", "--out", "/out"],
  });
  assert.deepEqual(exportInvocation("jsonl-suggestions", "/ws", "/out"), {
    args: ["export", "/ws", "--format", "jsonl", "--out", "/out", "--include-suggestions"],
  });
  assert.deepEqual(exportInvocation("brat", "/ws", "/out"), {
    args: ["tag", "/ws", "--format", "brat", "--out", "/out"],
  });
  assert.deepEqual(
    EXPORT_CHOICES.map((choice) => choice.format),
    ["conll", "jsonl", "jsonl-suggestions", "brat"],
  );
});

// The payload the extension sends for these settings, as a fixture for the
// protocol-level test in tests/lsp (test_vscode_extension.py), which sends
// it to the real server as initializationOptions and workspace/configuration.
test("the fixture for tests/lsp is up to date", () => {
  const fixture = path.join(__dirname, "..", "..", "..", "..", "tests", "lsp", "fixtures", "vscode_settings.json");
  const payload = {
    vscodeSection,
    initializationOptions: toServerSettings(vscodeSection),
    configuration: mapConfigurationResult([{ section: "alama" }], [vscodeSection]),
    filesExclude,
    withFilesExclude: mapConfigurationResult([{ section: "alama" }], [vscodeSection], () => filesExclude),
  };
  const text = JSON.stringify(payload, null, 2) + "\n";
  if (process.env.UPDATE_FIXTURES) {
    fs.mkdirSync(path.dirname(fixture), { recursive: true });
    fs.writeFileSync(fixture, text);
  }
  assert.equal(fs.readFileSync(fixture, "utf8"), text, "run with UPDATE_FIXTURES=1 to refresh");
});
