/**
 * What keeps every recursive walk of the CLI (`ls -R`, `get -r`, `put -r`, `cp -r`, `sync`,
 * `rm -r`) bounded on a hostile or broken server: a depth limit, and loop detection by
 * (fsid, fileid) against the directories above (a subdirectory whose handle is an
 * ancestor's). Walks hold only the directories on the current path (and one listing per
 * level), never the whole tree.
 *
 * Limitation: a directory reached twice by different paths that is not its own ancestor
 * (a server showing one directory under two names) is walked twice; the depth limit still
 * bounds each path.
 *
 * @module
 */
import type { Flags, OptionDef } from "./_args.ts";
import { UsageError } from "./_errors.ts";

/** The default depth limit: directories below the top of a walk (`--max-depth N`). */
export const DEFAULT_MAX_DEPTH = 256;

/** The `--max-depth N` option of recursive commands. */
export const MAX_DEPTH_OPTION: OptionDef = {
  long: "max-depth",
  value: "N",
  help: `with -r/-R: walk at most N directories deep (default ${DEFAULT_MAX_DEPTH})`,
};

/**
 * The depth limit a command's flags ask for.
 *
 * @param flags The parsed flags.
 * @returns The limit.
 * @throws {UsageError} When the value is not a whole number from 1 to 1000000.
 */
export function maxDepth(flags: Flags): number {
  const v = flags["max-depth"];
  if (v === undefined) return DEFAULT_MAX_DEPTH;
  const n = Number(v);
  if (typeof v !== "string" || !/^\d+$/.test(v) || n < 1 || n > 1_000_000) {
    throw new UsageError(`invalid --max-depth "${v}" (a number from 1 to 1000000)`);
  }
  return n;
}

/** Why a walk does not enter a directory (its message names no path: the caller does). */
export class WalkRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WalkRefusal";
  }
}

/** One directory on the path from the top of a walk: an immutable list, shared by branches. */
export interface WalkPath {
  /** `fsid:fileid` of the directory (null when unknown: never a loop). */
  readonly id: string | null;
  /** How the directory is shown (the loop message names it). */
  readonly display: string;
  /** Directories below the top (the top is 0). */
  readonly depth: number;
  /** The directory above, or null at the top. */
  readonly up: WalkPath | null;
}

/**
 * The path of a walk's top directory.
 *
 * @param id Its `fsid:fileid`.
 * @param display How it is shown.
 * @returns The path.
 */
export function walkTop(id: string | null, display: string): WalkPath {
  return { id, display, depth: 0, up: null };
}

/**
 * Enters subdirectory `id` below `path`, or says why not: it is deeper than `limit`, or it
 * is one of the directories above (a loop).
 *
 * @param path The directory it is listed in.
 * @param id Its `fsid:fileid` (null: unknown).
 * @param display How it is shown.
 * @param limit The depth limit.
 * @returns The subdirectory's path.
 * @throws {WalkRefusal} When it must not be walked.
 */
export function enter(
  path: WalkPath,
  id: string | null,
  display: string,
  limit: number,
): WalkPath {
  if (id !== null) {
    for (let p: WalkPath | null = path; p !== null; p = p.up) {
      if (p.id === id) {
        throw new WalkRefusal(`directory loop: it is "${p.display}" again (not walked)`);
      }
    }
  }
  if (path.depth + 1 > limit) {
    throw new WalkRefusal(
      `deeper than ${limit} directories (use --max-depth N to go further)`,
    );
  }
  return { id, display, depth: path.depth + 1, up: path };
}
