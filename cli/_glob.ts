/**
 * Shell-style patterns for names: `*`, `?`, `[abc]`, `[a-z]`, `[!x]`, and `\` to quote the
 * next character, as in `sh`. Used for remote globs (`get 'nfs://s/e/*.txt'`) and for
 * `--exclude`.
 *
 * @module
 */

/** Whether `text` has a glob character that is not quoted by a backslash. */
export function hasGlob(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === "*" || c === "?" || c === "[") return true;
  }
  return false;
}

/**
 * Turns a pattern into a regular expression matching whole strings. `*` and `?` do not
 * match "/" (a pattern is matched against one name, or a path component by component).
 *
 * @param pattern The pattern.
 * @returns The expression.
 */
export function globToRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) {
      re += escape(pattern[++i]!);
    } else if (c === "*") {
      re += "[^/]*";
    } else if (c === "?") {
      re += "[^/]";
    } else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end === -1) {
        re += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith("!") || body.startsWith("^");
      if (negate) body = body.slice(1);
      re += `[${negate ? "^" : ""}${body.replace(/[\\\]^]/g, "\\$&")}]`;
      i = end;
    } else {
      re += escape(c);
    }
  }
  return new RegExp(`^${re}$`, "u");
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A pattern without its backslash quoting (the literal name it stands for). */
export function unquoteGlob(text: string): string {
  return text.replace(/\\(.)/g, "$1");
}

/**
 * `--exclude` patterns: one without "/" is matched against each name in the tree; one with
 * "/" against the path relative to the top of the copy (a leading "/" anchors it there).
 */
export class Excludes {
  readonly #names: RegExp[] = [];
  readonly #paths: RegExp[] = [];

  /** @param patterns The patterns as given. */
  constructor(patterns: readonly string[]) {
    for (const p of patterns) {
      const trimmed = p.replace(/\/+$/, "");
      if (trimmed.includes("/")) this.#paths.push(globToRegExp(trimmed.replace(/^\/+/, "")));
      else this.#names.push(globToRegExp(trimmed));
    }
  }

  /** Whether there are any. */
  get empty(): boolean {
    return this.#names.length === 0 && this.#paths.length === 0;
  }

  /**
   * Whether an entry is excluded.
   *
   * @param name Its name.
   * @param rel Its path relative to the top of the copy.
   */
  excludes(name: string, rel: string): boolean {
    return this.#names.some((r) => r.test(name)) || this.#paths.some((r) => r.test(rel));
  }
}

/** A directory entry as {@linkcode expandGlob} needs it. */
export interface GlobEntry {
  /** The name. */
  name: string;
  /** Whether a pattern may go on below it: a directory, or a symlink (maybe to one). */
  dir: boolean;
}

/**
 * Expands the patterns in a path's components as `sh` does: each component with a pattern is
 * matched against the names of every directory the components before it reached (`*` and
 * `?` do not match a leading "."), a component before the last only by a directory (or a
 * symlink); components without one are kept as they are, and a path whose last components
 * are such names is kept only if it exists (the pattern `*` followed by the name `a.txt`
 * gives the directories that hold an `a.txt`). A directory that cannot be listed below the first pattern is left out; one the
 * first pattern's listing fails on makes the whole result null, so that the argument is
 * tried as a name and fails as one.
 *
 * @param comps The path's components, from its top.
 * @param list Lists the directory the components name; null when it cannot be listed.
 * @param exists Whether a path exists (asked only for names after the last pattern).
 * @returns The matching paths (as components), sorted; null without a pattern, or when the
 *   first listing fails.
 */
export async function expandGlob(
  comps: readonly string[],
  list: (dir: readonly string[]) => Promise<GlobEntry[] | null>,
  exists: (path: readonly string[]) => Promise<boolean>,
): Promise<string[][] | null> {
  const first = comps.findIndex(hasGlob);
  if (first === -1) return null;
  let paths: string[][] = [comps.slice(0, first)];
  for (let i = first; i < comps.length; i++) {
    const c = comps[i]!;
    if (!hasGlob(c)) {
      for (const p of paths) p.push(c);
      continue;
    }
    const re = globToRegExp(c);
    const hidden = c.startsWith(".");
    const last = i === comps.length - 1;
    const next: string[][] = [];
    for (const p of paths) {
      const entries = await list(p);
      if (entries === null) {
        if (i === first) return null;
        continue;
      }
      for (const e of entries) {
        if ((hidden || !e.name.startsWith(".")) && (last || e.dir) && re.test(e.name)) {
          next.push([...p, e.name]);
        }
      }
    }
    paths = next;
  }
  if (!hasGlob(comps.at(-1)!)) {
    const found = await Promise.all(paths.map(exists));
    paths = paths.filter((_, i) => found[i]);
  }
  const key = (p: string[]) => p.join("\0");
  return paths.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
