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

/**
 * The globs of VS Code's `files.exclude` setting that are on (set to
 * `true`; a `{when: …}` condition on sibling files cannot be told to the
 * server and is left out), each twice: as given, and with `/**` after it,
 * since VS Code hides everything in a folder that a glob names and the
 * server matches its globs against document paths.
 */
export function filesExcludeGlobs(filesExclude: unknown): string[] {
  if (filesExclude === null || typeof filesExclude !== "object" || Array.isArray(filesExclude)) {
    return [];
  }
  return Object.entries(filesExclude as Record<string, unknown>)
    .filter(([glob, on]) => on === true && glob.trim() !== "")
    .flatMap(([glob]) => {
      const trimmed = glob.trim().replace(/\/+$/, "");
      return trimmed.endsWith("/**") ? [trimmed] : [trimmed, `${trimmed}/**`];
    });
}

/** `a` then the globs of `b` that `a` lacks. */
function union(a: string[], b: string[]): string[] {
  return [...a, ...b.filter((glob, i) => !a.includes(glob) && b.indexOf(glob) === i)];
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
 * suggestionSeverity, confirmedSeverity, maxDocumentSize, inlayHints,
 * server: {path}, trace: {server}}`) to what the server accepts, with the
 * globs that `files.exclude` turns on (`filesExclude`, VS Code's
 * `{glob: true}` object) added to `exclude`: what the explorer hides is
 * not annotated either. Missing or ill-typed values are left out, so the
 * server keeps its default for them.
 */
export function toServerSettings(section: unknown, filesExclude?: unknown): ServerSettings {
  const s =
    section !== null && typeof section === "object" ? (section as Record<string, unknown>) : {};
  const own = globs(s.exclude);
  const hidden = filesExcludeGlobs(filesExclude);
  const mapped: ServerSettings = {
    include: globs(s.include),
    exclude: own === undefined && hidden.length === 0 ? undefined : union(own ?? [], hidden),
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
 * `alama` section (or the whole configuration) get the server's shape,
 * with `filesExclude(i)` (the `files.exclude` setting for the scope of
 * item `i`) merged into `exclude`; others pass through untouched.
 */
export function mapConfigurationResult(
  items: ReadonlyArray<{ section?: string }>,
  results: unknown[],
  filesExclude: (index: number) => unknown = () => undefined,
): unknown[] {
  return results.map((result, i) => {
    const section = items[i]?.section;
    if (section === "alama") {
      return toServerSettings(result, filesExclude(i));
    }
    if (section === undefined || section === "") {
      if (result !== null && typeof result === "object" && "alama" in result) {
        return {
          ...(result as object),
          alama: toServerSettings((result as Record<string, unknown>).alama, filesExclude(i)),
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
