import { strict as assert } from "node:assert";
import { test } from "node:test";
import { parsePickArgument, pickedCommand, pickItems, withPickCapability } from "../pick";

const changeType = {
  prompt: "Type of «واشنطن»",
  field: "type",
  choices: [
    { label: "GPE", description: "country, city or state", value: "GPE" },
    { label: "LOC", value: "LOC" },
  ],
  command: "alama.retype",
  argument: { uri: "file:///c/a.txt", start: 21, end: 27, text: "واشنطن" },
};

test("a pick runs the server command with the choice in its field", () => {
  const pick = parsePickArgument(changeType);
  assert.ok(pick);
  assert.deepEqual(pickedCommand(pick, "LOC"), {
    command: "alama.retype",
    arguments: [{ uri: "file:///c/a.txt", start: 21, end: 27, text: "واشنطن", type: "LOC" }],
  });
  // The argument of the code action is left as it was.
  assert.equal("type" in changeType.argument, false);
});

test("the entity field, and a field already there is replaced", () => {
  const pick = parsePickArgument({
    ...changeType,
    field: "entity",
    command: "alama.link",
    argument: { ...changeType.argument, entity: "old" },
  });
  assert.ok(pick);
  assert.equal(pickedCommand(pick, "geonames:4140963").arguments[0].entity, "geonames:4140963");
});

test("the QuickPick items are the choices' labels and descriptions", () => {
  const pick = parsePickArgument(changeType);
  assert.ok(pick);
  assert.deepEqual(pickItems(pick), [
    { label: "GPE", description: "country, city or state", value: "GPE" },
    { label: "LOC", value: "LOC" },
  ]);
});

test("anything else is not a pick", () => {
  for (const bad of [
    undefined,
    null,
    "GPE",
    { ...changeType, field: "text" },
    { ...changeType, choices: [{ label: "GPE" }] },
    { ...changeType, choices: "GPE" },
    { ...changeType, command: "" },
    { ...changeType, argument: null },
    { ...changeType, argument: [] },
    { ...changeType, prompt: 3 },
  ]) {
    assert.equal(parsePickArgument(bad), undefined, JSON.stringify(bad));
  }
});

test("the capability: experimental.alama.pick, keeping what is there", () => {
  assert.deepEqual(withPickCapability({}), { experimental: { alama: { pick: true } } });
  assert.deepEqual(
    withPickCapability({ experimental: { other: 1, alama: { more: true } }, workspace: {} }),
    { experimental: { other: 1, alama: { more: true, pick: true } }, workspace: {} },
  );
});
