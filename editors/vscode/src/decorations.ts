// Draws the confirmed mentions of the visible documents as decorations that
// keep each line's bidi order (see marks.ts): a background and a border in
// the colours of the entity type. The places come from the server's
// semantic tokens, which the extension asks for itself and which VS Code
// itself never gets (the client's middleware hands it none). Suggestions,
// hints that VS Code draws as three faint dots, are underlined with a
// dotted line in their type's colour, drawn behind the text as well.
import * as vscode from "vscode";
import { LanguageClient, SemanticTokensRequest } from "vscode-languageclient/node";
import { decodeSemanticTokens, MarkColours, markColours, markKey, suggestionMarks } from "./marks";

/**
 * How long the server's publications of a document must pause before its
 * confirmed mentions are asked for: the server publishes at every keystroke,
 * and VS Code moves the decorations already drawn with the edits meanwhile.
 */
const SETTLE_MS = 100;

export class MentionDecorations implements vscode.Disposable {
  /** A decoration type per token type, made when first needed. */
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  /** The same for the suggestions of each token type. */
  private readonly suggestionTypes = new Map<string, vscode.TextEditorDecorationType>();
  /** The ranges of each token type, by document URI, for visible documents. */
  private readonly ranges = new Map<string, Map<string, vscode.Range[]>>();
  /** The ranges of the suggestions of each token type, likewise. */
  private readonly suggestionRanges = new Map<string, Map<string, vscode.Range[]>>();
  /** The number of the latest request for each document. */
  private readonly requests = new Map<string, number>();
  /** The refresh waiting for each document's publications to settle. */
  private readonly waiting = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  /**
   * `client` gives the running language client (undefined while there is
   * none); `warn` reports a failed request.
   */
  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly warn: (message: string) => void,
  ) {
    this.subscriptions = [
      // A document shown again gets a new editor, without decorations.
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) {
          if (this.ranges.has(editor.document.uri.toString())) {
            this.draw(editor);
          } else {
            this.refresh(editor.document.uri);
          }
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.ranges.delete(document.uri.toString());
        this.suggestionRanges.delete(document.uri.toString());
        this.requests.delete(document.uri.toString());
      }),
    ];
  }

  /**
   * Asks the server for the confirmed mentions of `uri`, once its
   * publications settle, and draws them in its visible editors. Called
   * whenever the server publishes the document's diagnostics, which it does
   * whenever its mentions change.
   */
  refresh(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.waiting.get(key));
    this.waiting.set(
      key,
      setTimeout(() => {
        this.waiting.delete(key);
        void this.refreshNow(uri);
      }, SETTLE_MS),
    );
  }

  private async refreshNow(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const document = vscode.window.visibleTextEditors.find(
      (editor) => editor.document.uri.toString() === key,
    )?.document;
    const running = this.client();
    if (!document || !running || !running.isRunning()) {
      // Drawn when an editor shows it (onDidChangeVisibleTextEditors).
      this.ranges.delete(key);
      this.suggestionRanges.delete(key);
      return;
    }
    const legend = running.initializeResult?.capabilities.semanticTokensProvider?.legend;
    if (!legend) {
      return;
    }
    const request = (this.requests.get(key) ?? 0) + 1;
    this.requests.set(key, request);
    const version = document.version;
    let data: number[];
    try {
      const tokens = await running.sendRequest(SemanticTokensRequest.type, {
        textDocument: { uri: running.code2ProtocolConverter.asUri(uri) },
      });
      data = tokens?.data ?? [];
    } catch (error) {
      this.warn(`confirmed mentions of ${uri.fsPath}: ${(error as Error).message}`);
      return;
    }
    if (this.requests.get(key) !== request) {
      // A later request answers instead.
      return;
    }
    if (document.version !== version) {
      // Edited meanwhile: the answer may be for the text before the edit.
      this.refresh(uri);
      return;
    }
    const toRanges = (marks: { line: number; start: number; length: number }[]) =>
      marks.map((m) => new vscode.Range(m.line, m.start, m.line, m.start + m.length));
    const byType = new Map<string, vscode.Range[]>();
    const confirmed = new Set<string>();
    for (const [tokenType, marks] of decodeSemanticTokens(data, legend.tokenTypes)) {
      byType.set(tokenType, toRanges(marks));
      marks.forEach((m) => confirmed.add(markKey(m)));
    }
    this.ranges.set(key, byType);
    const suggested = new Map<string, vscode.Range[]>();
    for (const [tokenType, marks] of suggestionMarks(vscode.languages.getDiagnostics(uri), confirmed)) {
      suggested.set(tokenType, toRanges(marks));
    }
    this.suggestionRanges.set(key, suggested);
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === key) {
        this.draw(editor);
      }
    }
  }

  /** Sets every decoration type of an editor: its document's ranges, or none. */
  private draw(editor: vscode.TextEditor): void {
    const key = editor.document.uri.toString();
    const byType = this.ranges.get(key) ?? new Map();
    for (const tokenType of byType.keys()) {
      this.decorationType(tokenType);
    }
    for (const [tokenType, decoration] of this.types) {
      editor.setDecorations(decoration, byType.get(tokenType) ?? []);
    }
    const suggested = this.suggestionRanges.get(key) ?? new Map();
    for (const tokenType of suggested.keys()) {
      this.suggestionType(tokenType);
    }
    for (const [tokenType, decoration] of this.suggestionTypes) {
      editor.setDecorations(decoration, suggested.get(tokenType) ?? []);
    }
  }

  /** The decoration type of a token type's confirmed mentions, made on first use. */
  private decorationType(tokenType: string): vscode.TextEditorDecorationType | undefined {
    // Only properties that VS Code draws behind the text: a colour, weight
    // or style of the text itself would split the line into spans again.
    return this.made(this.types, tokenType, (colours) => ({
      backgroundColor: new vscode.ThemeColor(colours.background),
      borderStyle: "solid",
      borderWidth: "1px",
      borderColor: new vscode.ThemeColor(colours.border),
      borderRadius: "3px",
    }));
  }

  /** The decoration type of a token type's suggestions: a dotted underline
   * in its colour, a border, which VS Code draws behind the text. */
  private suggestionType(tokenType: string): vscode.TextEditorDecorationType | undefined {
    return this.made(this.suggestionTypes, tokenType, (colours) => ({
      borderStyle: "none none dotted none",
      borderWidth: "0 0 2px 0",
      borderColor: new vscode.ThemeColor(colours.border),
    }));
  }

  /** The decoration type of `tokenType` in `made`, made on first use from
   * its colours; undefined for a name that is no entity type's. */
  private made(
    made: Map<string, vscode.TextEditorDecorationType>,
    tokenType: string,
    style: (colours: MarkColours) => vscode.DecorationRenderOptions,
  ): vscode.TextEditorDecorationType | undefined {
    const existing = made.get(tokenType);
    if (existing) {
      return existing;
    }
    const colours = markColours(tokenType);
    if (!colours) {
      return undefined;
    }
    const decoration = vscode.window.createTextEditorDecorationType({
      ...style(colours),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    made.set(tokenType, decoration);
    return decoration;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    for (const timer of this.waiting.values()) {
      clearTimeout(timer);
    }
    this.waiting.clear();
    for (const decoration of [...this.types.values(), ...this.suggestionTypes.values()]) {
      decoration.dispose();
    }
    this.types.clear();
    this.suggestionTypes.clear();
    this.ranges.clear();
    this.suggestionRanges.clear();
  }
}
