// Where confirmed mentions are drawn, without VS Code: the server's semantic
// tokens decoded into places, and the theme colours of each entity type.
//
// The extension draws confirmed mentions as decorations behind the text (a
// background and a border) instead of letting VS Code colour the semantic
// tokens: VS Code draws a coloured or bold token as a span of its own and
// isolates every span that holds right-to-left text, so each token cut an
// Arabic line into pieces laid out left to right, and the words of the line
// changed places. A background or border is drawn in a layer behind the
// text and leaves the line in one piece.

/** A confirmed mention's place: a line and a range of its UTF-16 code units. */
export interface Mark {
  line: number;
  start: number;
  length: number;
}

/**
 * Decodes the `data` of LSP semantic tokens (five numbers a token: line and
 * start relative to the previous token, length, token type index, modifiers)
 * into the marks of each token type named in `tokenTypes` (the legend).
 * Tokens of an index outside the legend are left out.
 */
export function decodeSemanticTokens(
  data: readonly number[],
  tokenTypes: readonly string[],
): Map<string, Mark[]> {
  const marks = new Map<string, Mark[]>();
  let line = 0;
  let start = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    const [deltaLine, deltaStart, length, type] = data.slice(i, i + 4);
    line += deltaLine;
    start = deltaLine === 0 ? start + deltaStart : deltaStart;
    const name = tokenTypes[type];
    if (name === undefined) {
      continue;
    }
    const list = marks.get(name) ?? [];
    list.push({ line, start, length });
    marks.set(name, list);
  }
  return marks;
}

/** The theme colours that draw the mentions of one entity type. */
export interface MarkColours {
  /** Behind the text: the type's colour, translucent. */
  background: string;
  /** Around it: the type's colour. */
  border: string;
}

/**
 * The colour ids (contributed in package.json) of a token type of the
 * server's legend, `alama` and the entity type: `alamaGpe` is drawn with
 * `alama.gpeBackground` and `alama.gpeBorder`. Undefined for another name.
 */
export function markColours(tokenType: string): MarkColours | undefined {
  const match = /^alama([A-Z][a-z]*)$/.exec(tokenType);
  if (!match) {
    return undefined;
  }
  const type = match[1].toLowerCase();
  return { background: `alama.${type}Background`, border: `alama.${type}Border` };
}

/** An Alama diagnostic, as far as suggestions are drawn from it. */
export interface DiagnosticLike {
  source?: string;
  /** The entity type, for the diagnostics of mentions. */
  code?: string | number | { value: string | number };
  /** VS Code's DiagnosticSeverity: 3 is Hint. */
  severity: number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** VS Code's `DiagnosticSeverity.Hint`. */
const HINT = 3;

/** The server's token type of an entity type: `GPE` is `alamaGpe`. */
export function tokenTypeOf(entityType: string): string {
  const lower = entityType.toLowerCase();
  return `alama${lower.charAt(0).toUpperCase()}${lower.slice(1)}`;
}

/**
 * The places of the suggestions among a document's diagnostics, by token
 * type: the Alama diagnostics of severity Hint (the default of
 * suggestions, which keeps them out of the Problems panel) whose code is
 * an entity type, but those at a place in `confirmed` (`line:start:length`
 * of a confirmed mention, whose diagnostic is a hint too). The extension
 * underlines each in its type's colour, so that a suggestion shows its
 * type as a confirmed mention does, drawn behind the text.
 */
export function suggestionMarks(
  diagnostics: readonly DiagnosticLike[],
  confirmed: ReadonlySet<string>,
): Map<string, Mark[]> {
  const marks = new Map<string, Mark[]>();
  for (const d of diagnostics) {
    const code = typeof d.code === "object" ? d.code.value : d.code;
    if (d.source !== "alama" || d.severity !== HINT || typeof code !== "string") {
      continue;
    }
    const { start, end } = d.range;
    if (start.line !== end.line) {
      continue;
    }
    const mark = { line: start.line, start: start.character, length: end.character - start.character };
    if (confirmed.has(markKey(mark))) {
      continue;
    }
    const tokenType = tokenTypeOf(code);
    const list = marks.get(tokenType) ?? [];
    list.push(mark);
    marks.set(tokenType, list);
  }
  return marks;
}

/** A mark as a key: `line:start:length`. */
export function markKey(mark: Mark): string {
  return `${mark.line}:${mark.start}:${mark.length}`;
}
