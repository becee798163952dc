// VS Code's `alama.*` settings in the server's shape: pure logic (no
// `vscode` import). The server's Settings reject unknown fields, so only
// the keys it knows are sent; `alama.server.path` is the client's own.

export type Severity = "error" | "warning" | "information" | "hint";

/** Exactly the fields of the server's Settings (settings.rs) that we send. */
export interface ServerSettings {
  include?: string[];
  exclude?: string[];
  suggestionSeverity?: Severity;
  confirmedSeverity?: Severity;
  maxDocumentSize?: number;
  inlayHints?: InlayHints;
}

export type InlayHints = "off" | "confirmed" | "all";

const INLAY_HINTS: readonly string[] = ["off", "confirmed", "all"];

function inlayHints(value: unknown): InlayHints | undefined {
  return typeof value === "string" && INLAY_HINTS.includes(value) ? (value as InlayHints) : undefined;
}

const SEVERITIES: readonly string[] = ["error", "warning", "information", "hint"];

function globs(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  return value.filter((v): v is string => typeof v === "string" && v !== "");
}

function severity(value: unknown): Severity | undefined {
  return typeof value === "string" && SEVERITIES.includes(value)
    ? (value as Severity)
    : undefined;
}

function megabytes(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * Maps the `alama` section as VS Code holds it (`{include, exclude,
 * suggestionSeverity, confirmedSeverity, maxDocumentSize, inlayHints, server: {path},
 * trace: {server}}`)
 * to what the server accepts. Missing or ill-typed values are left out, so
 * the server keeps its default for them.
 */
export function toServerSettings(section: unknown): ServerSettings {
  if (section === null || typeof section !== "object") {
    return {};
  }
  const s = section as Record<string, unknown>;
  const mapped: ServerSettings = {
    include: globs(s.include),
    exclude: globs(s.exclude),
    suggestionSeverity: severity(s.suggestionSeverity),
    confirmedSeverity: severity(s.confirmedSeverity),
    maxDocumentSize: megabytes(s.maxDocumentSize),
    inlayHints: inlayHints(s.inlayHints),
  };
  // Left out rather than sent as null, which the server would reject.
  return Object.fromEntries(
    Object.entries(mapped).filter(([, value]) => value !== undefined),
  ) as ServerSettings;
}

/**
 * The answer to a `workspace/configuration` request: items asking for the
 * `alama` section (or a key under it, or the whole configuration) get the
 * server's shape; others pass through untouched.
 */
export function mapConfigurationResult(
  items: ReadonlyArray<{ section?: string }>,
  results: unknown[],
): unknown[] {
  return results.map((result, i) => {
    const section = items[i]?.section;
    if (section === "alama") {
      return toServerSettings(result);
    }
    if (section === undefined || section === "") {
      if (result !== null && typeof result === "object" && "alama" in result) {
        return {
          ...(result as object),
          alama: toServerSettings((result as Record<string, unknown>).alama),
        };
      }
    }
    return result;
  });
}

export type ExportFormat = "conll" | "jsonl" | "jsonl-suggestions" | "brat";

/** The export formats, as the quick pick offers them. */
export const EXPORT_CHOICES: { label: string; description: string; format: ExportFormat }[] = [
  { label: "CoNLL", description: "confirmed annotations, IOB2 tags (alama export)", format: "conll" },
  { label: "JSON Lines", description: "confirmed annotations (alama export)", format: "jsonl" },
  {
    label: "JSON Lines with suggestions",
    description: "every document, suggestions marked (alama export --include-suggestions)",
    format: "jsonl-suggestions",
  },
  {
    label: "brat",
    description: "texts and .ann files, suggestions beside them (alama tag --format brat)",
    format: "brat",
  },
];

export interface ExportInvocation {
  args: string[];
}

/**
 * The `alama` command line that exports `folder` into `outDir`. Every
 * format goes through `--out`, so the binary's checks apply: the folder is
 * never the corpus nor inside it, and an earlier output is replaced only
 * with --force, which the editor never passes.
 */
export function exportInvocation(format: ExportFormat, folder: string, outDir: string): ExportInvocation {
  switch (format) {
    case "conll":
    case "jsonl":
      return { args: ["export", folder, "--format", format, "--out", outDir] };
    case "jsonl-suggestions":
      return { args: ["export", folder, "--format", "jsonl", "--out", outDir, "--include-suggestions"] };
    case "brat":
      return { args: ["tag", folder, "--format", "brat", "--out", outDir] };
  }
}
