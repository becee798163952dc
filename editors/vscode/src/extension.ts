// The Alama extension: starts `alama serve` for plain-text documents and
// adds a few commands. All annotation logic lives in the server.
import * as cp from "child_process";
import * as fs from "fs";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  Range as LspRange,
  ServerOptions,
} from "vscode-languageclient/node";
import { MentionDecorations } from "./decorations";
import { Direction, lensDocument, locationRange, suggestionRequest } from "./navigation";
import { resolveServerPath } from "./serverPath";
import {
  EXPORT_CHOICES,
  ExportFormat,
  exportInvocation,
  mapConfigurationResult,
  toServerSettings,
} from "./settings";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let decorations: MentionDecorations | undefined;

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

/** The server binary, or undefined after telling the user why there is none. */
function serverPath(context: vscode.ExtensionContext): string | undefined {
  try {
    return resolveServerPath({
      env: process.env,
      setting: vscode.workspace.getConfiguration("alama").get<string>("server.path"),
      extensionPath: context.extensionPath,
      platform: process.platform,
      isExecutable,
    }).path;
  } catch (error) {
    void vscode.window.showErrorMessage((error as Error).message);
    return undefined;
  }
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const command = serverPath(context);
  if (!command) {
    return;
  }
  output ??= vscode.window.createOutputChannel("Alama", { log: true });
  const serverOptions: ServerOptions = {
    run: { command, args: ["serve"] },
    debug: { command, args: ["serve"], options: { env: { ...process.env, ALAMA_LOG: "debug" } } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "plaintext" }],
    initializationOptions: toServerSettings(
      vscode.workspace.getConfiguration().get("alama"),
    ),
    synchronize: { configurationSection: "alama" },
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
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, diagnostics);
        decorations?.refresh(uri);
      },
      workspace: {
        configuration: async (params, token, next) => {
          const results = await next(params, token);
          if (!Array.isArray(results)) {
            return results;
          }
          return mapConfigurationResult(params.items, results);
        },
      },
    },
  };
  client = new LanguageClient("alama", "Alama", serverOptions, clientOptions);
  await client.start();
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
  decorations = new MentionDecorations(
    () => client,
    (message) => output?.warn(message),
  );
  context.subscriptions.push(
    decorations,
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
