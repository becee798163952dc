// "Tag selection as TYPE" (`alama.tagSelectionAs`): the argument of the
// server command `alama.annotate` for the selected text, or the word at the
// cursor. Pure logic (no `vscode` import), so that it is tested without
// VS Code. The server takes the span as given, so the client trims the
// whitespace at its edges and counts it in code points, as the `.ann`
// files do.

/** The argument of `alama.annotate`. */
export interface AnnotateArgument {
  uri: string;
  /** Code points from the start of the document. */
  start: number;
  end: number;
  /** The document's text between them. */
  text: string;
  type: string;
}

/** The types with a key of their own (ctrl+alt+1 … ctrl+alt+6). */
export const TYPE_KEYS: readonly { type: string; key: string }[] = [
  { type: "PER", key: "1" },
  { type: "ORG", key: "2" },
  { type: "GPE", key: "3" },
  { type: "LOC", key: "4" },
  { type: "FAC", key: "5" },
  { type: "DATE", key: "6" },
];

const WORD = /[\p{L}\p{M}\p{N}_]/u;

/** Whether a character (one code point) belongs to a word. */
function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD.test(char);
}

/**
 * The word around UTF-16 offset `at` of `text` (letters, combining marks
 * and digits of any script, so an Arabic word with its diacritics is one
 * word), as UTF-16 offsets [start, end), or undefined when `at` touches no
 * word. A cursor just after a word is in it.
 */
export function wordAt(text: string, at: number): [number, number] | undefined {
  const before = (i: number): string | undefined => {
    if (i <= 0) {
      return undefined;
    }
    const low = text.charCodeAt(i - 1);
    const isLow = low >= 0xdc00 && low <= 0xdfff && i >= 2;
    return isLow ? text.slice(i - 2, i) : text.slice(i - 1, i);
  };
  const after = (i: number): string | undefined => {
    if (i >= text.length) {
      return undefined;
    }
    return String.fromCodePoint(text.codePointAt(i) as number);
  };
  if (!isWordChar(after(at)) && !isWordChar(before(at))) {
    return undefined;
  }
  let start = at;
  for (let c = before(start); isWordChar(c); c = before(start)) {
    start -= (c as string).length;
  }
  let end = at;
  for (let c = after(end); isWordChar(c); c = after(end)) {
    end += (c as string).length;
  }
  return start < end ? [start, end] : undefined;
}

/** The number of code points in the first `units` UTF-16 code units of `text`. */
export function codePoints(text: string, units: number): number {
  let count = 0;
  for (let i = 0; i < units && i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // The low half of a surrogate pair is counted with its high half.
    if (!(unit >= 0xdc00 && unit <= 0xdfff && i > 0 && isHigh(text.charCodeAt(i - 1)))) {
      count++;
    }
  }
  return count;
}

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/**
 * The `alama.annotate` argument that tags the UTF-16 range [start, end) of
 * the document `text` as `type`; an empty range is the word at `start`.
 * Whitespace at the edges is left out. Undefined when nothing but
 * whitespace (or no word) is there.
 */
export function annotateArgument(
  uri: string,
  text: string,
  start: number,
  end: number,
  type: string,
): AnnotateArgument | undefined {
  let [from, to] = start <= end ? [start, end] : [end, start];
  if (from === to) {
    const word = wordAt(text, from);
    if (!word) {
      return undefined;
    }
    [from, to] = word;
  }
  while (from < to && /\s/u.test(text[from])) {
    from++;
  }
  while (to > from && /\s/u.test(text[to - 1])) {
    to--;
  }
  if (from === to) {
    return undefined;
  }
  const first = codePoints(text, from);
  const selected = text.slice(from, to);
  return { uri, start: first, end: first + [...selected].length, text: selected, type };
}

/** The type named by the argument of `alama.tagSelectionAs`, or undefined. */
export function typeArgument(argument: unknown): string | undefined {
  if (typeof argument === "string" && argument.trim() !== "") {
    return argument.trim();
  }
  const named = argument as { type?: unknown } | null;
  if (typeof named === "object" && named !== null && typeof named.type === "string" && named.type.trim() !== "") {
    return named.type.trim();
  }
  return undefined;
}
