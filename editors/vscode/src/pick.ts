// The client command `alama.pick`, which the server's "Change type…" and
// "Tag «…» as…" code actions run: the server names a prompt, the choices
// and one of its own commands; the client asks which choice, then runs
// that command with the choice's value in the named field. Pure logic (no
// `vscode` import), so that it is tested without VS Code.

/** The field of the server command's argument that the choice fills in. */
export type PickField = "type" | "entity";

export interface PickChoice {
  label: string;
  description?: string;
  value: string;
}

/** The one argument of `alama.pick`, as the server sends it. */
export interface PickArgument {
  prompt: string;
  field: PickField;
  choices: PickChoice[];
  /** A server command id, such as `alama.annotate`. */
  command: string;
  /** The server command's argument, without the field. */
  argument: Record<string, unknown>;
}

/** The command id, both in the code actions and as the client registers it. */
export const PICK_COMMAND = "alama.pick";

/**
 * The `initialize` capabilities that tell the server the client runs
 * `alama.pick`: it then offers one "Change type…" action instead of one
 * action per type.
 */
export function withPickCapability<T extends { experimental?: unknown }>(capabilities: T): T {
  const experimental =
    typeof capabilities.experimental === "object" && capabilities.experimental !== null
      ? (capabilities.experimental as Record<string, unknown>)
      : {};
  const alama =
    typeof experimental.alama === "object" && experimental.alama !== null
      ? (experimental.alama as Record<string, unknown>)
      : {};
  capabilities.experimental = { ...experimental, alama: { ...alama, pick: true } };
  return capabilities;
}

function isChoice(value: unknown): value is PickChoice {
  const c = value as PickChoice | null;
  return (
    typeof c === "object" &&
    c !== null &&
    typeof c.label === "string" &&
    typeof c.value === "string" &&
    (c.description === undefined || typeof c.description === "string")
  );
}

/**
 * The argument of `alama.pick` checked, or undefined when it is not one
 * (the command was run by hand, or by a server of another version).
 */
export function parsePickArgument(value: unknown): PickArgument | undefined {
  const a = value as PickArgument | null;
  if (typeof a !== "object" || a === null) {
    return undefined;
  }
  if (
    typeof a.prompt !== "string" ||
    (a.field !== "type" && a.field !== "entity") ||
    !Array.isArray(a.choices) ||
    !a.choices.every(isChoice) ||
    typeof a.command !== "string" ||
    a.command === "" ||
    typeof a.argument !== "object" ||
    a.argument === null ||
    Array.isArray(a.argument)
  ) {
    return undefined;
  }
  return a;
}

/** The items of the QuickPick: each choice's label and description. */
export function pickItems(pick: PickArgument): { label: string; description?: string; value: string }[] {
  return pick.choices.map((c) =>
    c.description === undefined
      ? { label: c.label, value: c.value }
      : { label: c.label, description: c.description, value: c.value },
  );
}

/**
 * The `workspace/executeCommand` parameters that run the server command of
 * `pick` with the picked `value` in its field.
 */
export function pickedCommand(
  pick: PickArgument,
  value: string,
): { command: string; arguments: [Record<string, unknown>] } {
  return { command: pick.command, arguments: [{ ...pick.argument, [pick.field]: value }] };
}
