/**
 * POSIX local path helpers with `node:path`'s results (`join`, `dirname`, `basename`,
 * `resolve`). The CLI does not import `node:path`: the first `node:` import of a process
 * initializes Deno's Node compatibility layer, 15-35 ms here, more than everything else
 * `nfs cat` loads.
 *
 * @module
 */

/** `node:path` `normalize` on POSIX: no `.`, no `//`, `..` resolved where it can be. */
function normalize(path: string): string {
  if (path === "") return ".";
  const absolute = path.startsWith("/");
  const trailing = path.endsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
    } else out.push(part);
  }
  let s = out.join("/");
  if (s === "" && !absolute) s = ".";
  if (trailing && s !== "") s += "/";
  return absolute ? "/" + s : s;
}

/**
 * Joins path pieces and normalizes the result (as `node:path` `join`).
 *
 * @param parts The pieces.
 * @returns The joined path, "." for nothing.
 */
export function join(...parts: string[]): string {
  const s = parts.filter((p) => p !== "").join("/");
  return s === "" ? "." : normalize(s);
}

/**
 * The directory part of a path (as `node:path` `dirname`).
 *
 * @param path The path.
 * @returns The directory, "." if there is none, "/" for the root.
 */
export function dirname(path: string): string {
  if (path === "") return ".";
  const hasRoot = path[0] === "/";
  let end = -1;
  let matchedSlash = true;
  for (let i = path.length - 1; i >= 1; i--) {
    if (path[i] === "/") {
      if (!matchedSlash) {
        end = i;
        break;
      }
    } else matchedSlash = false;
  }
  if (end === -1) return hasRoot ? "/" : ".";
  if (hasRoot && end === 1) return "//";
  return path.slice(0, end);
}

/**
 * The last component of a path, trailing slashes ignored (as `node:path` `basename`).
 *
 * @param path The path.
 * @returns The last component ("" for "/").
 */
export function basename(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === "/") end--;
  return path.slice(path.lastIndexOf("/", end - 1) + 1, end);
}

/**
 * An absolute, normalized path without a trailing slash (as `node:path` `resolve`).
 *
 * @param parts The pieces; the last absolute one and those after it count.
 * @returns The absolute path.
 */
export function resolve(...parts: string[]): string {
  let s = "";
  for (let i = parts.length - 1; i >= 0 && !s.startsWith("/"); i--) {
    if (parts[i] !== "") s = s === "" ? parts[i]! : `${parts[i]}/${s}`;
  }
  if (!s.startsWith("/")) s = s === "" ? Deno.cwd() : `${Deno.cwd()}/${s}`;
  const n = normalize(s);
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

/**
 * Whether `path` is `dir` or below it, by name (no resolving).
 *
 * @param path A path.
 * @param dir A directory, in the same form (both absolute, or both relative).
 * @returns True when `path` is `dir` itself or starts with `dir` and a "/".
 */
export function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
}
