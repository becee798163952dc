import { strict as assert } from "node:assert";
import { test } from "node:test";
import { decodeSemanticTokens, markColours } from "../marks";

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
