import { strict as assert } from "node:assert";
import { test } from "node:test";
import { decodeSemanticTokens, markColours, markKey, suggestionMarks, tokenTypeOf } from "../marks";

const legend = ["alamaPer", "alamaOrg", "alamaGpe"];

test("semantic tokens decode to the places of each token type", () => {
  // GPE at 1:21 (6 long), PER at 1:40 (11), GPE at 4:3 (5): starts are
  // relative to the previous token on the same line only.
  const data = [1, 21, 6, 2, 0, 0, 19, 11, 0, 0, 3, 3, 5, 2, 0];
  assert.deepEqual(
    decodeSemanticTokens(data, legend),
    new Map([
      [
        "alamaGpe",
        [
          { line: 1, start: 21, length: 6 },
          { line: 4, start: 3, length: 5 },
        ],
      ],
      ["alamaPer", [{ line: 1, start: 40, length: 11 }]],
    ]),
  );
});

test("tokens of a type outside the legend, and a cut-off token, are left out", () => {
  const data = [0, 2, 3, 7, 0, 0, 5, 4, 1, 0, 1, 0];
  assert.deepEqual(
    decodeSemanticTokens(data, legend),
    new Map([["alamaOrg", [{ line: 0, start: 7, length: 4 }]]]),
  );
  assert.deepEqual(decodeSemanticTokens([], legend), new Map());
});

test("a token type's colours are the entity type's", () => {
  assert.deepEqual(markColours("alamaGpe"), {
    background: "alama.gpeBackground",
    border: "alama.gpeBorder",
  });
  assert.deepEqual(markColours("alamaCardinal"), {
    background: "alama.cardinalBackground",
    border: "alama.cardinalBorder",
  });
  assert.equal(markColours("keyword"), undefined);
  assert.equal(markColours("alama"), undefined);
});

test("suggestions are the Alama hints with a type, but confirmed places", () => {
  const at = (line: number, start: number, end: number) => ({
    start: { line, character: start },
    end: { line, character: end },
  });
  const diagnostics = [
    { source: "alama", code: "GPE", severity: 3, range: at(0, 3, 9) },
    { source: "alama", code: "PER", severity: 3, range: at(1, 0, 5) },
    // Confirmed: a hint too, drawn from the semantic tokens instead.
    { source: "alama", code: "GPE", severity: 3, range: at(2, 4, 10) },
    // A check's warning, another source, a severity set by the user.
    { source: "alama check", code: "overlap", severity: 1, range: at(0, 0, 2) },
    { source: "other", code: "GPE", severity: 3, range: at(0, 0, 2) },
    { source: "alama", code: "ORG", severity: 2, range: at(3, 0, 2) },
    { source: "alama", code: { value: "DATE" }, severity: 3, range: at(4, 1, 5) },
  ];
  const confirmed = new Set([markKey({ line: 2, start: 4, length: 6 })]);
  assert.deepEqual(
    [...suggestionMarks(diagnostics, confirmed)],
    [
      ["alamaGpe", [{ line: 0, start: 3, length: 6 }]],
      ["alamaPer", [{ line: 1, start: 0, length: 5 }]],
      ["alamaDate", [{ line: 4, start: 1, length: 4 }]],
    ],
  );
  assert.equal(tokenTypeOf("CARDINAL"), "alamaCardinal");
  assert.deepEqual(markColours(tokenTypeOf("NORP")), {
    background: "alama.norpBackground",
    border: "alama.norpBorder",
  });
});
