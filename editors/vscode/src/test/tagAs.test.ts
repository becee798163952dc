import { strict as assert } from "node:assert";
import { test } from "node:test";
import { annotateArgument, codePoints, TYPE_KEYS, typeArgument, wordAt } from "../tagAs";

const URI = "file:///corpus/a.txt";
// An emoji (two UTF-16 code units, one code point) before the Arabic name.
const TEXT = "😀 زار أوباما بغداد.\nObama  visited  Baghdad ";

test("a selection is tagged in code points, its edges trimmed", () => {
  const at = TEXT.indexOf("أوباما");
  // Selected with the spaces around it.
  const argument = annotateArgument(URI, TEXT, at - 1, at + "أوباما".length + 1, "PER");
  assert.deepEqual(argument, { uri: URI, start: 6, end: 12, text: "أوباما", type: "PER" });
  assert.equal([...TEXT].slice(6, 12).join(""), "أوباما");
});

test("a selection made backwards is the same", () => {
  const at = TEXT.indexOf("Baghdad");
  assert.deepEqual(annotateArgument(URI, TEXT, at + 7, at, "GPE"), {
    uri: URI,
    start: [...TEXT.slice(0, at)].length,
    end: [...TEXT.slice(0, at)].length + 7,
    text: "Baghdad",
    type: "GPE",
  });
});

test("an empty selection is the word at the cursor, in any script", () => {
  const at = TEXT.indexOf("بغداد");
  for (const cursor of [at, at + 2, at + 5]) {
    const argument = annotateArgument(URI, TEXT, cursor, cursor, "GPE");
    assert.equal(argument?.text, "بغداد", `cursor ${cursor}`);
    assert.equal(argument?.start, 13);
  }
  assert.equal(annotateArgument(URI, TEXT, TEXT.indexOf("  visited") + 1, TEXT.indexOf("  visited") + 1, "PER"), undefined);
});

test("nothing but whitespace is nothing to tag", () => {
  const at = TEXT.indexOf("  visited");
  assert.equal(annotateArgument(URI, TEXT, at, at + 2, "PER"), undefined);
});

test("words keep their combining marks and stop at punctuation", () => {
  const text = "قالَ مُحَمَّدٌ، ثم";
  const at = text.indexOf("مُحَمَّدٌ") + 3;
  assert.deepEqual(wordAt(text, at), [text.indexOf("مُحَمَّدٌ"), text.indexOf("،")]);
  assert.equal(wordAt("a , b", 2), undefined);
  assert.deepEqual(wordAt("ab", 2), [0, 2]);
});

test("code points of UTF-16 prefixes", () => {
  assert.equal(codePoints("😀ab", 0), 0);
  assert.equal(codePoints("😀ab", 2), 1);
  assert.equal(codePoints("😀ab", 3), 2);
  assert.equal(codePoints("ab", 10), 2);
});

test("the type argument: a string or {type}", () => {
  assert.equal(typeArgument("PER"), "PER");
  assert.equal(typeArgument({ type: " ORG " }), "ORG");
  assert.equal(typeArgument(undefined), undefined);
  assert.equal(typeArgument(""), undefined);
  assert.equal(typeArgument({ type: 3 }), undefined);
});

test("six types, one digit each", () => {
  assert.deepEqual(
    TYPE_KEYS.map((k) => `${k.key}${k.type}`),
    ["1PER", "2ORG", "3GPE", "4LOC", "5FAC", "6DATE"],
  );
});
