// Packaging test: the .vsix built by `npm run package` (a zip) is the
// linux-x64 package: it holds the executable Linux binary, the platform it
// was built for, and a well-formed manifest with the contributions.
// Reads the zip's central directory with node alone (zlib for the entries).
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const { version } = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
// The file `npm run package` wrote (ALAMA_VSIX, as for the package script).
const platform = `${process.platform}-${process.arch}`;
const vsix = readFileSync(
  resolve(here, process.env.ALAMA_VSIX ?? `alama-${platform}-${version}.vsix`),
);

/** name -> {mode, read()} from the zip's central directory. */
function entries(zip) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, "no end of central directory: not a zip");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, "bad central directory entry");
    const madeBy = zip.readUInt16LE(at + 4) >> 8;
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const external = zip.readUInt32LE(at + 38);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    out.set(name, {
      // Unix permissions live in the high half of the external attributes.
      mode: madeBy === 3 ? external >>> 16 : undefined,
      read() {
        const start =
          local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + size);
        return method === 8 ? inflateRawSync(data) : data;
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

const files = entries(vsix);

test("the vsix bundles the executable Linux server binary", () => {
  const binary = files.get("extension/bin/alama");
  assert.ok(binary, "extension/bin/alama is missing");
  assert.ok(binary.mode & 0o111, `not executable: mode ${binary.mode?.toString(8)}`);
  // An ELF executable.
  const head = binary.read().subarray(0, 4);
  assert.deepEqual([...head], [0x7f, 0x45, 0x4c, 0x46]);
});

test("the vsix is built for this platform, and says so", () => {
  assert.equal(files.get("extension/bin/platform.txt")?.read().toString("utf8"), `${platform}\n`);
  const vsixManifest = files.get("extension.vsixmanifest").read().toString("utf8");
  assert.match(vsixManifest, new RegExp(`TargetPlatform="${platform}"`));
});

test("the bundled binary runs: alama --help", () => {
  const dir = join(here, "bin");
  const result = spawnSync(join(dir, "alama"), ["--help"], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /serve/);
});

test("the manifest is well formed and contributes what the extension uses", () => {
  const manifest = JSON.parse(files.get("extension/package.json").read().toString("utf8"));
  assert.equal(manifest.name, "alama");
  assert.equal(manifest.main, "./out/extension.js");
  assert.ok(files.has("extension/out/extension.js"), "compiled extension missing");
  assert.ok(
    files.has("extension/node_modules/vscode-languageclient/package.json"),
    "vscode-languageclient is not bundled",
  );
  assert.ok(!files.has("extension/src/extension.ts"), "sources should be left out");
  assert.ok(![...files.keys()].some((f) => f.startsWith("extension/out/test/")), "tests packaged");
  assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);

  const c = manifest.contributes;
  const commands = c.commands.map((x) => x.command).sort();
  assert.deepEqual(commands, [
    "alama.acceptAllInFile",
    "alama.acceptSuggestion",
    "alama.exportCorpus",
    "alama.goToNextSuggestion",
    "alama.goToPreviousSuggestion",
    "alama.redoAnnotation",
    "alama.rejectSuggestion",
    "alama.restartServer",
    "alama.setReviewState",
    "alama.showEntityInCorpus",
    "alama.tagSelectionAs",
    "alama.tagSelectionAsDATE",
    "alama.tagSelectionAsFAC",
    "alama.tagSelectionAsGPE",
    "alama.tagSelectionAsLOC",
    "alama.tagSelectionAsORG",
    "alama.tagSelectionAsPER",
    "alama.undoAnnotation",
  ]);
  // Only in a folder that looks like a corpus, or when an Alama command is
  // run: never for any plain-text file.
  assert.deepEqual(manifest.activationEvents, [
    "workspaceContains:.alama",
    "workspaceContains:**/annotation.conf",
    "workspaceContains:**/*.ann",
    ...c.commands.map((x) => `onCommand:${x.command}`),
  ]);
  // alama.pick is the server's, run from its code actions: not in the palette.
  assert.ok(!commands.includes("alama.pick"));
  const keys = new Map();
  for (const key of c.keybindings) {
    assert.ok(commands.includes(key.command));
    assert.match(key.when, /editorLangId == plaintext/);
    for (const k of [key.key, key.mac ?? key.key]) {
      assert.ok(!keys.has(k) || keys.get(k) === key.command, `${k} bound twice`);
    }
    keys.set(key.key, key.command);
  }
  const keyed = ["PER", "ORG", "GPE", "LOC", "FAC", "DATE"];
  keyed.forEach((type, i) => {
    const binding = c.keybindings.find((k) => k.command === `alama.tagSelectionAs${type}`);
    assert.equal(binding?.key, `ctrl+alt+${i + 1}`);
    assert.equal(binding?.mac, `cmd+alt+${i + 1}`);
  });
  // Corpus documents wrap, and Arabic letters are not boxed as characters
  // that look like Latin ones; no font is forced.
  assert.deepEqual(c.configurationDefaults, {
    "[plaintext]": {
      "editor.wordWrap": "on",
      "editor.unicodeHighlight.ambiguousCharacters": false,
    },
  });
  assert.deepEqual(Object.keys(c.configuration.properties).sort(), [
    "alama.confirmedSeverity",
    "alama.exclude",
    "alama.include",
    "alama.inlayHints",
    "alama.maxDocumentSize",
    "alama.server.path",
    "alama.suggestionSeverity",
    "alama.trace.server",
  ]);

  // Two colours per entity type, a background and a border, under the
  // names the extension derives from the server's token types (alamaGpe:
  // alama.gpeBackground, alama.gpeBorder), with light and dark defaults; no
  // semantic token styling, which would break an Arabic line's bidi order.
  const types = ["PER", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "DATE", "TIME",
    "MONEY", "PERCENT", "QUANTITY", "CARDINAL"];
  const colours = new Map(c.colors.map((colour) => [colour.id, colour.defaults]));
  for (const type of types) {
    for (const part of ["Background", "Border"]) {
      const id = `alama.${type.toLowerCase()}${part}`;
      for (const theme of ["light", "dark"]) {
        assert.match(colours.get(id)?.[theme] ?? "", /^#[0-9A-F]{6}([0-9A-F]{2})?$/i, `${id} ${theme}`);
      }
    }
  }
  assert.equal(c.semanticTokenTypes, undefined);
  assert.equal(c.configurationDefaults["editor.semanticTokenColorCustomizations"], undefined);
});
