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
