/**
 * The table of commands that work both on the command line and in the shell.
 *
 * @module
 */
import type { CommandSpec } from "../_args.ts";
import { FILE_COMMANDS } from "./files.ts";
import { INFO_COMMANDS } from "./info.ts";
import { TRANSFER_COMMANDS } from "./transfer.ts";

/** Every command but `mount`, in the order of the help text. */
export const COMMANDS: readonly CommandSpec[] = [
  ...INFO_COMMANDS,
  ...TRANSFER_COMMANDS,
  ...FILE_COMMANDS,
];

/**
 * Looks a command up by name or alias.
 *
 * @param table The commands.
 * @param name The name.
 * @returns The command, or undefined.
 */
export function findCommand(table: readonly CommandSpec[], name: string): CommandSpec | undefined {
  return table.find((c) => c.name === name || c.aliases?.includes(name));
}
