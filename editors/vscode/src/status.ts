// The status bar item of the active Alama document: its counts and review
// state, read from the first code lens the server gives it
// (`12 confirmed · 5 suggestions · in progress`). Pure logic (no `vscode`
// import), so that it is tested without VS Code.

export interface DocumentStatus {
  confirmed: number;
  suggestions: number;
  /** The review state as the lens names it: `to do`, `in progress`, `done`… */
  state: string;
}

const LENS = /^(\d+) confirmed · (\d+) suggestions? · (.+)$/;

/** The counts and state of a lens title, or undefined for any other title. */
export function parseLensTitle(title: string): DocumentStatus | undefined {
  const match = LENS.exec(title.trim());
  if (!match) {
    return undefined;
  }
  return { confirmed: Number(match[1]), suggestions: Number(match[2]), state: match[3] };
}

/**
 * The status of a `textDocument/codeLens` answer: that of the first lens
 * whose title has the counts, or undefined when none has.
 */
export function statusOfLenses(lenses: unknown): DocumentStatus | undefined {
  if (!Array.isArray(lenses)) {
    return undefined;
  }
  for (const lens of lenses) {
    const title = (lens as { command?: { title?: unknown } } | null)?.command?.title;
    if (typeof title === "string") {
      const status = parseLensTitle(title);
      if (status) {
        return status;
      }
    }
  }
  return undefined;
}

/** The status bar text: `Alama: 12 ✓ · 5 suggestions · in progress`. */
export function statusText(status: DocumentStatus): string {
  const suggestions = status.suggestions === 1 ? "suggestion" : "suggestions";
  return `Alama: ${status.confirmed} ✓ · ${status.suggestions} ${suggestions} · ${status.state}`;
}

/** Its tooltip, in words. */
export function statusTooltip(status: DocumentStatus): string {
  return (
    `${status.confirmed} confirmed mention(s), ${status.suggestions} suggestion(s); ` +
    `review state: ${status.state}. Click to set the review state.`
  );
}

/** A colour theme's kind, as VS Code numbers them (ColorThemeKind). */
export type ThemeKind = 1 | 2 | 3 | 4;

/** A contributed colour: its id and its defaults by theme. */
export interface ContributedColour {
  id: string;
  defaults: { light?: string; dark?: string; highContrast?: string; highContrastLight?: string };
}

/**
 * The legend of the entity types' colours, as Markdown with HTML (a
 * coloured square, then the type, for each type): the border colour of
 * each type (`alama.perBorder`…) that the theme's kind uses, or the user's
 * `workbench.colorCustomizations` of it. The squares' colours are the
 * defaults a theme draws with unless it sets its own.
 */
export function colourLegend(
  colours: readonly ContributedColour[],
  kind: ThemeKind,
  customizations: Readonly<Record<string, unknown>> = {},
): string {
  const entries: string[] = [];
  for (const colour of colours) {
    const match = /^alama\.([a-z]+)Border$/.exec(colour.id);
    if (!match) {
      continue;
    }
    const byKind = [undefined, colour.defaults.light, colour.defaults.dark, colour.defaults.highContrast,
      colour.defaults.highContrastLight][kind];
    const custom = customizations[colour.id];
    const hex = typeof custom === "string" ? custom : byKind;
    if (!hex || !/^#[0-9a-fA-F]{3,8}$/.test(hex)) {
      continue;
    }
    entries.push(`<span style="color:${hex};">■</span> ${match[1].toUpperCase()}`);
  }
  return entries.join(" &nbsp; ");
}
