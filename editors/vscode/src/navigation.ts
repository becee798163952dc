// The requests behind "Alama: Next Suggestion" and "Previous Suggestion",
// and the reading of what the server answers: pure logic (no `vscode`
// import), so that it is tested without VS Code. The server finds the
// suggestion (`alama.nextSuggestion`, `alama.previousSuggestion`); the
// extension only moves the selection there.

/** An LSP position: a line and a character offset in UTF-16 code units. */
export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

export type Direction = "next" | "previous";

/** The server's command for each direction. */
export const SUGGESTION_COMMANDS: Record<Direction, string> = {
  next: "alama.nextSuggestion",
  previous: "alama.previousSuggestion",
};

/**
 * The `workspace/executeCommand` parameters that ask the server for the
 * suggestion after or before `position` (the start of the selection, so
 * that a selected suggestion counts as the place moved from) in the
 * document `uri`.
 */
export function suggestionRequest(
  direction: Direction,
  uri: string,
  position: LspPosition,
): { command: string; arguments: [string, LspPosition] } {
  return { command: SUGGESTION_COMMANDS[direction], arguments: [uri, position] };
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function isPosition(value: unknown): value is LspPosition {
  const p = value as LspPosition | null;
  return typeof p === "object" && p !== null && isCount(p.line) && isCount(p.character);
}

/**
 * The range of the location the server answered, or undefined when it
 * answered null (the document has no suggestion) or anything that is not
 * a location.
 */
export function locationRange(result: unknown): LspRange | undefined {
  const location = result as { uri?: unknown; range?: { start?: unknown; end?: unknown } } | null;
  if (typeof location !== "object" || location === null || typeof location.uri !== "string") {
    return undefined;
  }
  const range = location.range;
  if (typeof range !== "object" || range === null) {
    return undefined;
  }
  if (!isPosition(range.start) || !isPosition(range.end)) {
    return undefined;
  }
  return { start: range.start, end: range.end };
}

/**
 * The document a command of a code lens names in its argument (`{uri}`,
 * as the server's lenses pass it), or undefined when it was run without
 * one (from the command palette: then it applies to the active editor).
 */
export function lensDocument(argument: unknown): string | undefined {
  const named = argument as { uri?: unknown } | null;
  if (typeof named !== "object" || named === null) {
    return undefined;
  }
  return typeof named.uri === "string" && named.uri !== "" ? named.uri : undefined;
}
