// The Alama extension: starts `alama serve` for plain-text documents and
// adds a few commands. All annotation logic lives in the server.
import * as cp from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  ClientCapabilities,
  CodeLensRequest,
  ExecuteCommandRequest,
  FeatureState,
  LanguageClient,
  LanguageClientOptions,
  Range as LspRange,
  ServerOptions,
  StaticFeature,
} from "vscode-languageclient/node";
import { MentionDecorations } from "./decorations";
import { Direction, lensDocument, locationRange, suggestionRequest } from "./navigation";
import { parsePickArgument, PICK_COMMAND, pickedCommand, pickItems, withPickCapability } from "./pick";
import { resolveServerPath } from "./serverPath";
import {
  EXPORT_CHOICES,
  ExportFormat,
  exportInvocation,
  mapConfigurationResult,
  toServerSettings,
} from "./settings";
import {
  colourLegend,
  ContributedColour,
  DocumentStatus,
  statusOfLenses,
  statusText,
  statusTooltip,
  ThemeKind,
} from "./status";
import { annotateArgument, TYPE_KEYS, typeArgument } from "./tagAs";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let decorations: MentionDecorations | undefined;
let statusBar: DocumentStatusBar | undefined;
/** The colours the extension contributes (package.json), for the legend. */
let extensionColours: unknown;

/**
 * Tells the server, in `initialize`, that this client runs the command
 * `alama.pick` (`capabilities.experimental.alama.pick`): the server then
 * offers one "Change type…" action that asks for the type, rather than
 * one action per type.
 */
class PickFeature implements StaticFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    withPickCapability(capabilities);
  }
  getState(): FeatureState {
    return { kind: "static" };
  }
  initialize(): void {}
  clear(): void {}
}

/** What VS Code gets for semantic tokens: none (see decorations.ts). */
function noSemanticTokens(): vscode.SemanticTokens {
  return new vscode.SemanticTokens(new Uint32Array(0));
}

interface Mention {
  uri: string;
  range: LspRange;
  type: string;
  status: string;
  text: string;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The platform the bundled binary was built for (bin/platform.txt). */
function bundledPlatform(context: vscode.ExtensionContext): string | undefined {
  try {
    return fs.readFileSync(path.join(context.extensionPath, "bin", "platform.txt"), "utf8");
  } catch {
    return undefined;
  }
}

/** The server binary, or undefined after telling the user why there is none. */
function serverPath(context: vscode.ExtensionContext): string | undefined {
  try {
    const resolved = resolveServerPath({
      env: process.env,
      setting: vscode.workspace.getConfiguration("alama").get<string>("server.path"),
      extensionPath: context.extensionPath,
      platform: process.platform,
      arch: process.arch,
      bundledPlatform: bundledPlatform(context),
      isExecutable,
    });
    output?.info(`server: ${resolved.path} (${resolved.source})`);
    return resolved.path;
  } catch (error) {
    output?.error((error as Error).message);
    void vscode.window.showErrorMessage((error as Error).message);
    return undefined;
  }
}

/** The `files.exclude` setting for the folder of `scopeUri` (or the window's). */
function filesExclude(scopeUri?: string): unknown {
  const scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
  return vscode.workspace.getConfiguration("files", scope).get("exclude");
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const command = serverPath(context);
  if (!command) {
    return;
  }
  const serverOptions: ServerOptions = {
    run: { command, args: ["serve"] },
    debug: { command, args: ["serve"], options: { env: { ...process.env, ALAMA_LOG: "debug" } } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "plaintext" }],
    initializationOptions: toServerSettings(
      vscode.workspace.getConfiguration().get("alama"),
      filesExclude(vscode.workspace.workspaceFolders?.[0]?.uri.toString()),
    ),
    // Changes to files.exclude are told too: the server then asks for the
    // settings again, with the new globs in `exclude`.
    synchronize: { configurationSection: ["alama", "files.exclude"] },
    outputChannel: output,
    middleware: {
      // VS Code would colour the server's semantic tokens as spans of their
      // own, which reorders the words of an Arabic line; the extension draws
      // the confirmed mentions they give as decorations instead.
      provideDocumentSemanticTokens: noSemanticTokens,
      provideDocumentSemanticTokensEdits: noSemanticTokens,
      provideDocumentRangeSemanticTokens: noSemanticTokens,
      // The server publishes a document's diagnostics whenever its mentions
      // change: then the confirmed ones are drawn again.
      // VS Code asks for the lenses again whenever the server says they
      // changed (after every command): the status bar shows the same.
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        statusBar?.show(document.uri, lenses);
        return lenses;
      },
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, diagnostics);
        decorations?.refresh(uri);
        statusBar?.refreshFor(uri);
      },
      workspace: {
        configuration: async (params, token, next) => {
          const results = await next(params, token);
          if (!Array.isArray(results)) {
            return results;
          }
          return mapConfigurationResult(params.items, results, (i) =>
            filesExclude(params.items[i]?.scopeUri),
          );
        },
      },
    },
  };
  client = new LanguageClient("alama", "Alama", serverOptions, clientOptions);
  client.registerFeature(new PickFeature());
  await client.start();
  statusBar?.refresh();
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

function needClient(): LanguageClient | undefined {
  if (!client || !client.isRunning()) {
    void vscode.window.showErrorMessage("Alama: the language server is not running.");
    return undefined;
  }
  return client;
}

async function serverCommand(command: string, argument: object): Promise<unknown> {
  const running = needClient();
  if (!running) {
    return undefined;
  }
  return running.sendRequest(ExecuteCommandRequest.type, {
    command,
    arguments: [argument],
  });
}

async function showEntityInCorpus(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const running = needClient();
  if (!editor || !running) {
    return;
  }
  const c2p = running.code2ProtocolConverter;
  const mentions = (await serverCommand("alama.mentions", {
    uri: c2p.asUri(editor.document.uri),
    position: c2p.asPosition(editor.selection.active),
  })) as Mention[] | null;
  if (!mentions || mentions.length === 0) {
    void vscode.window.showInformationMessage("Alama: no entity at the cursor.");
    return;
  }
  const p2c = running.protocol2CodeConverter;
  const items = mentions.map((m) => {
    const uri = p2c.asUri(m.uri);
    const range = p2c.asRange(m.range);
    return {
      label: m.text,
      description: `${m.type} · ${m.status}`,
      detail: `${vscode.workspace.asRelativePath(uri)}:${range.start.line + 1}:${range.start.character + 1}`,
      uri,
      range,
    };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: `Alama: ${mentions.length} mention(s) in the corpus`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked) {
    await vscode.window.showTextDocument(picked.uri, { selection: picked.range });
  }
}

async function acceptAllInFile(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const running = needClient();
  if (!editor || !running) {
    return;
  }
  await serverCommand("alama.acceptDocument", {
    uri: running.code2ProtocolConverter.asUri(editor.document.uri),
  });
}

/** The review states a document can be in, as the server names them. */
const REVIEW_STATES = [
  { label: "To do", state: "todo" },
  { label: "In progress", state: "in-progress" },
  { label: "Done", state: "done" },
];

/**
 * Sets the review state of a document (`.alama/status.tsv`, with who and
 * when) after asking which; the server's source action "Mark this document
 * as …" does the same from the light bulb. The server's code lens "Set
 * review state…" names its document (`{uri}`); from the command palette,
 * it is the active editor's.
 */
async function setReviewState(argument?: unknown): Promise<void> {
  const running = needClient();
  if (!running) {
    return;
  }
  const editor = vscode.window.activeTextEditor;
  const uri =
    lensDocument(argument) ??
    (editor ? running.code2ProtocolConverter.asUri(editor.document.uri) : undefined);
  if (!uri) {
    void vscode.window.showInformationMessage("Alama: open a document to set its review state.");
    return;
  }
  const picked = await vscode.window.showQuickPick(REVIEW_STATES, {
    title: "Alama: review state of this document",
  });
  if (!picked) {
    return;
  }
  try {
    const summary = await serverCommand("alama.review", {
      uri,
      state: picked.state,
    });
    statusBar?.refresh();
    void vscode.window.showInformationMessage(`Alama: ${String(summary)}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Alama: ${message}`);
  }
}

/**
 * Selects the next or previous suggestion of the active document, which
 * the server finds from the start of the selection (wrapping around the
 * end of the document), and scrolls it into view.
 */
async function goToSuggestion(direction: Direction): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const running = needClient();
  if (!editor || !running) {
    return;
  }
  const c2p = running.code2ProtocolConverter;
  const request = suggestionRequest(
    direction,
    c2p.asUri(editor.document.uri),
    c2p.asPosition(editor.selection.start),
  );
  let result: unknown;
  try {
    result = await running.sendRequest(ExecuteCommandRequest.type, request);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Alama: ${message}`);
    return;
  }
  const range = locationRange(result);
  if (!range) {
    void vscode.window.showInformationMessage("Alama: no suggestion in this document.");
    return;
  }
  const found = running.protocol2CodeConverter.asRange(range);
  editor.selection = new vscode.Selection(found.start, found.end);
  editor.revealRange(found, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Runs the code action at the cursor whose title starts with `prefix`. */
async function runSuggestionAction(prefix: string, preferred: boolean): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return;
  }
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      "vscode.executeCodeActionProvider",
      editor.document.uri,
      editor.selection,
    )) ?? [];
  const action = actions.find(
    (a): a is vscode.CodeAction =>
      "title" in a &&
      a.title.startsWith(prefix) &&
      (!preferred || (a as vscode.CodeAction).isPreferred === true),
  );
  if (!action) {
    void vscode.window.showInformationMessage("Alama: no suggestion at the cursor.");
    return;
  }
  if (action.edit) {
    await vscode.workspace.applyEdit(action.edit);
  }
  const command = action.command;
  if (command) {
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
  }
}

/**
 * Undoes (`alama.undo`) or redoes (`alama.redo`) the last annotation
 * command of this session in the active document's workspace, on disk; the
 * server's summary ("Nothing to undo", or what was reverted) shows in the
 * status bar for a few seconds.
 */
async function undoOrRedo(command: "alama.undo" | "alama.redo"): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const running = needClient();
  if (!editor || !running) {
    return;
  }
  try {
    const summary = await serverCommand(command, {
      uri: running.code2ProtocolConverter.asUri(editor.document.uri),
    });
    vscode.window.setStatusBarMessage(`Alama: ${String(summary)}`, 5000);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Alama: ${message}`);
  }
}

/**
 * The client command `alama.pick` of the server's "Change type…" and
 * "Tag «…» as…" actions: asks for one of the choices the server named,
 * then runs the server's command with it. Nothing happens on Escape.
 */
async function pick(argument?: unknown): Promise<void> {
  const parsed = parsePickArgument(argument);
  if (!parsed) {
    output?.warn(`alama.pick: not a pick argument: ${JSON.stringify(argument)}`);
    return;
  }
  const picked = await vscode.window.showQuickPick(pickItems(parsed), {
    title: parsed.prompt,
    matchOnDescription: true,
  });
  if (!picked) {
    return;
  }
  const running = needClient();
  if (!running) {
    return;
  }
  try {
    await running.sendRequest(ExecuteCommandRequest.type, pickedCommand(parsed, picked.value));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Alama: ${message}`);
  }
}

/**
 * Tags the selection, or the word at the cursor, as `type` (the server
 * command `alama.annotate`, as the keys ctrl+alt+1 … ctrl+alt+6 do).
 */
async function tagSelectionAs(argument?: unknown): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return;
  }
  let type = typeArgument(argument);
  if (!type) {
    type = await vscode.window.showInputBox({
      title: "Alama: tag the selection as",
      prompt: "The entity type (PER, ORG, GPE, LOC…)",
      validateInput: (value) => (value.trim() === "" ? "Type a type." : undefined),
    });
    type = type?.trim();
    if (!type) {
      return;
    }
  }
  const running = needClient();
  if (!running) {
    return;
  }
  const document = editor.document;
  const annotate = annotateArgument(
    running.code2ProtocolConverter.asUri(document.uri),
    document.getText(),
    document.offsetAt(editor.selection.start),
    document.offsetAt(editor.selection.end),
    type,
  );
  if (!annotate) {
    void vscode.window.showInformationMessage("Alama: select the text to tag, or put the cursor in a word.");
    return;
  }
  try {
    await serverCommand("alama.annotate", annotate);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Alama: ${message}`);
  }
}

/**
 * The status bar item of the active document: its counts and review
 * state, as the server's code lens gives them. Asked for again when
 * another editor becomes active and whenever the server publishes the
 * active document's diagnostics (after every change of its mentions).
 */
class DocumentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    "alama.status",
    vscode.StatusBarAlignment.Left,
    10,
  );
  private generation = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.item.name = "Alama";
    this.item.command = "alama.setReviewState";
  }

  /** The tooltip: the counts in words and the legend of the types' colours. */
  private tooltip(status: DocumentStatus): vscode.MarkdownString {
    const colours = (extensionColours ?? []) as ContributedColour[];
    const customizations =
      vscode.workspace.getConfiguration("workbench").get<Record<string, unknown>>("colorCustomizations") ?? {};
    const legend = colourLegend(colours, vscode.window.activeColorTheme.kind as ThemeKind, customizations);
    const tooltip = new vscode.MarkdownString(`${statusTooltip(status)}\n\n${legend}`);
    tooltip.supportHtml = true;
    return tooltip;
  }

  /** Asked again when `uri` (an LSP document URI) is the active document's. */
  refreshFor(uri: vscode.Uri): void {
    if (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()) {
      this.refresh();
    }
  }

  /** Shows the counts of `lenses`, the code lenses of the document `uri`, if it is the active one. */
  show(uri: vscode.Uri, lenses: unknown): void {
    if (vscode.window.activeTextEditor?.document.uri.toString() !== uri.toString()) {
      return;
    }
    const status = statusOfLenses(lenses);
    if (status) {
      this.generation++;
      clearTimeout(this.retry);
      this.item.text = statusText(status);
      this.item.tooltip = this.tooltip(status);
      this.item.show();
    }
  }

  refresh(attempt = 0): void {
    clearTimeout(this.retry);
    const generation = ++this.generation;
    const editor = vscode.window.activeTextEditor;
    const running = client;
    const document = editor?.document;
    if (
      !editor ||
      !running ||
      !running.isRunning() ||
      document?.languageId !== "plaintext" ||
      document.uri.scheme !== "file"
    ) {
      this.item.hide();
      return;
    }
    const uri = running.code2ProtocolConverter.asUri(editor.document.uri);
    running.sendRequest(CodeLensRequest.type, { textDocument: { uri } }).then(
      (lenses) => {
        if (generation !== this.generation) {
          return;
        }
        if (!statusOfLenses(lenses)) {
          // Not a document of the corpus.
          this.item.hide();
          return;
        }
        this.show(editor.document.uri, lenses);
      },
      (error: unknown) => {
        // The corpus is still being indexed, or the document was not
        // opened yet: asked again a little later.
        if (generation === this.generation && attempt < 30) {
          this.retry = setTimeout(() => this.refresh(attempt + 1), 1000);
        } else {
          output?.debug(`status bar: ${String(error)}`);
        }
      },
    );
  }

  dispose(): void {
    clearTimeout(this.retry);
    this.item.dispose();
  }
}

async function exportCorpus(context: vscode.ExtensionContext): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage("Alama: open a workspace folder to export its corpus.");
    return;
  }
  // Each workspace folder is a corpus: ask which when there are several.
  const folder =
    folders.length === 1
      ? folders[0]
      : await vscode.window.showWorkspaceFolderPick({ placeHolder: "Alama: corpus to export" });
  if (!folder) {
    return;
  }
  const choice = await vscode.window.showQuickPick(EXPORT_CHOICES, {
    title: "Alama: export format",
  });
  if (!choice) {
    return;
  }
  const format: ExportFormat = choice.format;
  const out = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    openLabel: "Export here",
    title: "Alama: output folder",
  });
  if (!out || out.length === 0) {
    return;
  }
  const binary = serverPath(context);
  if (!binary) {
    return;
  }
  const outDir = out[0].fsPath;
  const run = exportInvocation(format, folder.uri.fsPath, outDir);
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Alama: exporting the corpus as ${choice.label}`,
      cancellable: true,
    },
    (_progress, token) =>
      new Promise<void>((resolve) => {
        const child = cp.spawn(binary, run.args, { cwd: folder.uri.fsPath });
        token.onCancellationRequested(() => child.kill());
        child.stdout.resume();
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        child.on("error", (error) => {
          void vscode.window.showErrorMessage(`Alama: export failed: ${error.message}`);
          resolve();
        });
        child.on("close", (code) => {
          if (code === 0) {
            void vscode.window.showInformationMessage(`Alama: corpus exported to ${outDir}`);
          } else {
            output?.appendLine(stderr);
            // The binary's message says why: a folder inside the corpus,
            // or one that is not empty.
            const reason = stderr.trim().split("\n").slice(-1)[0] ?? "";
            void vscode.window.showErrorMessage(`Alama: export failed (exit ${code}): ${reason}`);
          }
          resolve();
        });
      }),
  );
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionColours = (context.extension.packageJSON as { contributes?: { colors?: unknown } }).contributes?.colors;
  output ??= vscode.window.createOutputChannel("Alama", { log: true });
  decorations = new MentionDecorations(
    () => client,
    (message) => output?.warn(message),
  );
  statusBar = new DocumentStatusBar();
  context.subscriptions.push(
    output,
    decorations,
    statusBar,
    vscode.window.onDidChangeActiveTextEditor(() => statusBar?.refresh()),
    vscode.commands.registerCommand(PICK_COMMAND, pick),
    vscode.commands.registerCommand("alama.tagSelectionAs", tagSelectionAs),
    vscode.commands.registerCommand("alama.undoAnnotation", () => undoOrRedo("alama.undo")),
    vscode.commands.registerCommand("alama.redoAnnotation", () => undoOrRedo("alama.redo")),
    // One command per type with a key, so that the palette shows the key.
    ...TYPE_KEYS.map(({ type }) =>
      vscode.commands.registerCommand(`alama.tagSelectionAs${type}`, () => tagSelectionAs(type)),
    ),
    vscode.commands.registerCommand("alama.restartServer", async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.commands.registerCommand("alama.exportCorpus", () => exportCorpus(context)),
    vscode.commands.registerCommand("alama.showEntityInCorpus", showEntityInCorpus),
    vscode.commands.registerCommand("alama.acceptAllInFile", acceptAllInFile),
    vscode.commands.registerCommand("alama.setReviewState", setReviewState),
    // Not the server's own command ids, which the language client registers.
    vscode.commands.registerCommand("alama.goToNextSuggestion", () => goToSuggestion("next")),
    vscode.commands.registerCommand("alama.goToPreviousSuggestion", () =>
      goToSuggestion("previous"),
    ),
    vscode.commands.registerCommand("alama.acceptSuggestion", () =>
      runSuggestionAction("Accept «", true),
    ),
    vscode.commands.registerCommand("alama.rejectSuggestion", () =>
      runSuggestionAction("Reject «", false),
    ),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("alama.server.path")) {
        await stopClient();
        await startClient(context);
      }
    }),
  );
  await startClient(context);
}

export function deactivate(): Promise<void> | undefined {
  return client ? stopClient() : undefined;
}
