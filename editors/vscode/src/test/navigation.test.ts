import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { lensDocument, locationRange, suggestionRequest } from "../navigation";
import { TYPE_KEYS } from "../tagAs";

const uri = "file:///corpus/000.txt";

test("the server is asked for the suggestion after or before the position", () => {
  const at = { line: 2, character: 7 };
  assert.deepEqual(suggestionRequest("next", uri, at), {
    command: "alama.nextSuggestion",
    arguments: [uri, { line: 2, character: 7 }],
  });
  assert.deepEqual(suggestionRequest("previous", uri, at), {
    command: "alama.previousSuggestion",
    arguments: [uri, { line: 2, character: 7 }],
  });
});

test("the range of the location answered is read; null or garbage is none", () => {
  const range = { start: { line: 0, character: 21 }, end: { line: 0, character: 27 } };
  assert.deepEqual(locationRange({ uri, range }), range);
  for (const answer of [
    null,
    undefined,
    "file:///corpus/000.txt",
    { range },
    { uri, range: null },
    { uri, range: { start: { line: 0, character: 21 } } },
    { uri, range: { start: { line: -1, character: 0 }, end: { line: 0, character: 1 } } },
    { uri, range: { start: { line: 0, character: 1.5 }, end: { line: 0, character: 2 } } },
  ]) {
    assert.equal(locationRange(answer), undefined, JSON.stringify(answer));
  }
});

test("a lens names its document; the command palette names none", () => {
  assert.equal(lensDocument({ uri }), uri);
  assert.equal(lensDocument(undefined), undefined);
  assert.equal(lensDocument({}), undefined);
  assert.equal(lensDocument({ uri: "" }), undefined);
  assert.equal(lensDocument({ uri: 42 }), undefined);
  assert.equal(lensDocument(uri), undefined);
});

test("the manifest has the suggestion commands and their keys", () => {
  // out/test/ -> the extension's folder.
  const manifest = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"),
  );
  const commands = new Map(
    manifest.contributes.commands.map((c: { command: string; title: string; category: string }) => [
      c.command,
      `${c.category}: ${c.title}`,
    ]),
  );
  assert.equal(commands.get("alama.goToNextSuggestion"), "Alama: Next Suggestion");
  assert.equal(commands.get("alama.goToPreviousSuggestion"), "Alama: Previous Suggestion");
  assert.equal(commands.get("alama.setReviewState"), "Alama: Set Review State of This Document…");
  // The server's own command ids are registered by the language client:
  // the extension's commands must not take them.
  for (const id of ["alama.nextSuggestion", "alama.previousSuggestion", "alama.acceptAll", "alama.undo", "alama.redo"]) {
    assert.ok(!commands.has(id), id);
  }
  const keys = manifest.contributes.keybindings.map(
    (k: { command: string; key: string; mac?: string; when: string }) =>
      [k.command, k.key, k.mac ?? k.key, k.when].join(" | "),
  );
  const when = "editorTextFocus && editorLangId == plaintext";
  assert.deepEqual(keys, [
    `alama.acceptSuggestion | ctrl+alt+a | cmd+alt+a | ${when}`,
    `alama.rejectSuggestion | ctrl+alt+r | cmd+alt+r | ${when}`,
    // VS Code's own alt+] and alt+[ cycle inline suggestions when one is shown.
    `alama.goToNextSuggestion | alt+] | alt+] | ${when} && !inlineSuggestionVisible`,
    `alama.goToPreviousSuggestion | alt+[ | alt+[ | ${when} && !inlineSuggestionVisible`,
    `alama.undoAnnotation | ctrl+alt+z | cmd+alt+z | ${when}`,
    `alama.redoAnnotation | ctrl+alt+shift+z | cmd+alt+shift+z | ${when}`,
    // One key per common type: "Tag Selection as PER" and so on.
    ...TYPE_KEYS.map(
      ({ type, key }) => `alama.tagSelectionAs${type} | ctrl+alt+${key} | cmd+alt+${key} | ${when}`,
    ),
  ]);
  for (const { type } of TYPE_KEYS) {
    assert.equal(commands.get(`alama.tagSelectionAs${type}`), `Alama: Tag Selection as ${type}`);
  }
  // alama.pick is run by the server's code actions, never from the palette.
  assert.ok(!commands.has("alama.pick"));
});
