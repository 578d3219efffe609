/**
 * Checks that imports between the project's layers go one way:
 *
 * ```
 * mbuf/ <- xdr/ <- rpc/ <- nfs/ <- (mod.ts, cli/, testing/)
 *                                 <- fuse/ <- cli/
 * ```
 *
 * - `mbuf/` may import `mbuf/`; `xdr/` adds `xdr/`; `rpc/` adds `rpc/`;
 *   `nfs/` adds `nfs/`.
 * - `mod.ts` may import the four library layers, not `cli/`, `testing/` or
 *   the unpublished `tests/`, `bench/`, `scripts/`.
 * - `fuse/` (the FUSE mount) may import the four library layers and `mod.ts`, nothing else
 *   of the project; only `cli/` (and the free folders) may import `fuse/`.
 * - `testing/` may import everything but `cli/` and `fuse/`.
 * - `cli/` may import everything but the unpublished `tests/`, `bench/`,
 *   `scripts/`.
 * - `bench/` may import everything but `tests/`; the server launchers both use live in
 *   `harness/`, which may not import `tests/`, `bench/` or `cli/`.
 * - `tests/`, `scripts/` (and any other folder) are free.
 * - Inside `nfs/`, the NFS program versions are sub-layers: a file in `nfs/v3/`,
 *   `nfs/v2/`, `nfs/mount3/` or `nfs/mount1/` may import, from `nfs/`, only its own folder
 *   and what the versions share, `nfs/_*.ts` (e.g. `nfs/_program.ts`) and `nfs/errors.ts`:
 *   not another version, `nfs/fs/` (built on them) or `nfs/mod.ts`.
 * - A `*_test.ts` or `*_bench.ts` file may import what its folder may, plus
 *   `tests/` and `testing/` (and `bench/` for benchmarks); external specifiers are free
 *   there. Version test files may use the shared `nfs/_bytes_test.ts` helpers.
 * - Library source (`mbuf/`, `xdr/`, `rpc/`, `nfs/`, `mod.ts`, `fuse/`) may import
 *   external modules only as `node:` builtins and `@std/bytes` (the design card's package, mapped
 *   to `jsr:@std/bytes@^1` in deno.json): no other `npm:`, `jsr:`, `http(s):`
 *   or bare specifiers.
 *
 * Static `import`/`export ... from` and dynamic `import("...")` are found with
 * regular expressions over each `.ts` file with comments blanked out.
 *
 * Usage: `deno run --allow-read scripts/check_layers.ts [ROOT]` (default: the
 * project root). Exits 1 and lists `file:line: message` when it finds
 * violations.
 *
 * @module
 */

/** One import that breaks the rules. */
export interface Violation {
  /** Path of the importing file, relative to the root, with `/` separators. */
  file: string;
  /** 1-based line of the import. */
  line: number;
  /** The specifier as written. */
  specifier: string;
  /** What is wrong. */
  message: string;
}

/** The library layers, lowest first. */
export const LAYERS = ["mbuf", "xdr", "rpc", "nfs"] as const;

/** The NFS program-version folders: none may import another (see `versionOf`). */
export const NFS_VERSIONS = ["nfs/v3", "nfs/v2", "nfs/mount3", "nfs/mount1"] as const;

/** The version folder `rel` lives in, `"nfs/fs"` for the file API, or undefined. */
function versionOf(rel: string): string | undefined {
  for (const v of [...NFS_VERSIONS, "nfs/fs"]) if (rel.startsWith(`${v}/`)) return v;
  return undefined;
}

/** Whether `rel` is a file the version folders share: `nfs/_*.ts` or `nfs/errors.ts`. */
function isSharedNfsFile(rel: string): boolean {
  return /^nfs\/(_[^/]+|errors)\.(ts|tsx|mts)$/.test(rel);
}

/** Folders left out of the publish step; published code must not import them. */
const UNPUBLISHED = ["tests", "bench", "scripts", "harness"];

/** Where a file lives, for the rules. */
type Area = string; // a top-level folder name, "mod.ts", or "(root)" for other root files

const SKIP_DIRS = new Set(["node_modules", ".git"]);

function areaOf(rel: string): Area {
  const slash = rel.indexOf("/");
  if (slash === -1) return rel === "mod.ts" ? "mod.ts" : "(root)";
  return rel.slice(0, slash);
}

function isLibrary(area: Area): boolean {
  return area === "mod.ts" || area === "fuse" || (LAYERS as readonly string[]).includes(area);
}

/** The areas a non-test file in `area` may import, or `undefined` when it is free. */
function allowedTargets(area: Area): Set<Area> | undefined {
  const layer = (LAYERS as readonly string[]).indexOf(area);
  if (layer !== -1) return new Set(LAYERS.slice(0, layer + 1));
  switch (area) {
    case "mod.ts":
      return new Set([...LAYERS, "mod.ts"]);
    case "fuse":
      return new Set([...LAYERS, "mod.ts", "fuse"]);
    case "testing":
      return everythingBut(["cli", "fuse"]);
    case "cli":
      return everythingBut(UNPUBLISHED);
    case "bench":
      return everythingBut(["tests"]);
    case "harness":
      return everythingBut(["tests", "bench", "cli"]);
    default:
      return undefined;
  }
}

/** Marker set: every area except those listed. */
function everythingBut(excluded: string[]): Set<Area> {
  const s = new Set<Area>(["*"]);
  for (const e of excluded) s.add(`!${e}`);
  return s;
}

function permits(allowed: Set<Area>, target: Area): boolean {
  if (allowed.has("*")) return !allowed.has(`!${target}`);
  return allowed.has(target);
}

/** Blanks out comments (keeping newlines, so offsets and line numbers stay). */
export function stripComments(src: string): string {
  const out = src.split("");
  let i = 0;
  const n = src.length;
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  while (i < n) {
    const c = src[i]!;
    const next = src[i + 1];
    if (c === "/" && next === "/") {
      const end = src.indexOf("\n", i);
      const stop = end === -1 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (c === "/" && next === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end === -1 ? n : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === "`") {
      i++;
      while (i < n && src[i] !== c) {
        if (src[i] === "\\") i++;
        else if (src[i] === "\n" && c !== "`") break; // unterminated: stop at the line end
        i++;
      }
      i++;
    } else {
      i++;
    }
  }
  return out.join("");
}

// A statement starts a line or follows a ";": `export "/"` inside a string is not one.
const STATIC_RE =
  /(?:^|;)[ \t]*(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s*)?(["'])([^"'\n]+)\1/gm;
const DYNAMIC_RE = /\bimport\s*\(\s*(?:(["'`])([^"'`\n]+)\1\s*[,)]|([^)\s]))/g;

/** The import specifiers of a source text, with their 1-based lines. */
export function findImports(
  src: string,
): { specifier: string | undefined; line: number; dynamic: boolean }[] {
  const text = stripComments(src);
  const lineAt = (index: number): number => {
    let line = 1;
    for (let k = 0; k < index; k++) if (text.charCodeAt(k) === 10) line++;
    return line;
  };
  const found: { specifier: string | undefined; line: number; dynamic: boolean; at: number }[] = [];
  for (const m of text.matchAll(STATIC_RE)) {
    const at = m.index + m[0].length - m[2]!.length - 2; // the opening quote
    found.push({ specifier: m[2], line: lineAt(at), dynamic: false, at });
  }
  for (const m of text.matchAll(DYNAMIC_RE)) {
    found.push({ specifier: m[2], line: lineAt(m.index), dynamic: true, at: m.index });
  }
  found.sort((a, b) => a.at - b.at);
  return found.map(({ specifier, line, dynamic }) => ({ specifier, line, dynamic }));
}

/** Normalizes `a/b/../c` to `a/c`; returns `undefined` if it climbs above the root. */
function normalize(parts: string[]): string | undefined {
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") {
      if (out.length === 0) return undefined;
      out.pop();
    } else {
      out.push(p);
    }
  }
  return out.join("/");
}

function listTsFiles(root: string, rel = ""): string[] {
  const files: string[] = [];
  const dir = rel ? `${root}/${rel}` : root;
  const entries = [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory) {
      if (SKIP_DIRS.has(e.name) || e.name.startsWith(".")) continue;
      files.push(...listTsFiles(root, path));
    } else if (e.isFile && /\.(ts|tsx|mts)$/.test(e.name)) {
      files.push(path);
    }
  }
  return files;
}

/** Packages the library may import besides `node:` builtins (deno.json maps them to JSR). */
const LIBRARY_PACKAGES = ["@std/bytes", "jsr:@std/bytes@^1"];

/** Checks one file's imports. `rel` is its path relative to the root. */
export function checkFile(rel: string, src: string): Violation[] {
  const area = areaOf(rel);
  const isTest = /_test\.(ts|tsx|mts)$/.test(rel);
  const isBench = /_bench\.(ts|tsx|mts)$/.test(rel);
  const base = allowedTargets(area);
  if (!base) return [];
  let allowed = base;
  if (isTest || isBench) {
    allowed = new Set(base);
    if (allowed.has("*")) {
      allowed.delete("!tests");
      if (isBench) allowed.delete("!bench");
    } else {
      allowed.add("tests");
      allowed.add("testing");
      if (isBench) allowed.add("bench");
    }
  }
  const strictExternal = isLibrary(area) && !isTest && !isBench;
  const where = area === "mod.ts" ? "mod.ts" : `${area}/`;
  const violations: Violation[] = [];
  const add = (line: number, specifier: string, message: string): void => {
    violations.push({ file: rel, line, specifier, message });
  };

  for (const imp of findImports(src)) {
    if (imp.specifier === undefined) {
      if (strictExternal) {
        add(imp.line, "", `${where} may not use import() with a computed specifier`);
      }
      continue;
    }
    const spec = imp.specifier;
    let target: string | undefined;
    if (spec.startsWith("./") || spec.startsWith("../")) {
      target = normalize([...rel.split("/").slice(0, -1), ...spec.split("/")]);
      if (target === undefined) {
        add(imp.line, spec, `${where} imports "${spec}", which is outside the project`);
        continue;
      }
    } else if (spec.startsWith("/") || spec.startsWith("file:")) {
      add(imp.line, spec, `${where} imports "${spec}" by absolute path; use a relative path`);
      continue;
    } else {
      // External: node:, npm:, jsr:, http(s):, data:, or a bare specifier.
      if (!strictExternal) continue;
      if (spec.startsWith("node:")) continue;
      if (LIBRARY_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`))) continue;
      add(
        imp.line,
        spec,
        `${where} may import only node: builtins and @std/bytes from outside the project, not "${spec}"`,
      );
      continue;
    }
    const targetArea = areaOf(target);
    if (!permits(allowed, targetArea)) {
      const what = targetArea === "mod.ts" ? "mod.ts" : `${targetArea}/`;
      add(imp.line, spec, `${where} may not import ${what} ("${spec}")`);
      continue;
    }
    const from = versionOf(rel);
    if (from === undefined || from === "nfs/fs" || targetArea !== "nfs") continue;
    const to = versionOf(target);
    if (to !== undefined && to !== from) {
      add(
        imp.line,
        spec,
        `${from}/ may not import ${to}/ ("${spec}"): share it through nfs/_*.ts instead`,
      );
    } else if (to === undefined && !isSharedNfsFile(target)) {
      add(
        imp.line,
        spec,
        `${from}/ may import only nfs/_*.ts and nfs/errors.ts from nfs/, not "${spec}"`,
      );
    }
  }
  return violations;
}

/** Checks every `.ts` file under `root` and returns the violations, sorted by file and line. */
export function checkLayers(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const rel of listTsFiles(root)) {
    violations.push(...checkFile(rel, Deno.readTextFileSync(`${root}/${rel}`)));
  }
  return violations;
}

if (import.meta.main) {
  const root = Deno.args[0] ??
    decodeURIComponent(new URL("..", import.meta.url).pathname).replace(/\/$/, "");
  const violations = checkLayers(root);
  for (const v of violations) console.error(`${v.file}:${v.line}: ${v.message}`);
  if (violations.length > 0) {
    console.error(`check_layers: ${violations.length} import(s) break the layering`);
    Deno.exit(1);
  }
  console.log(
    "check_layers: imports follow mbuf <- xdr <- rpc <- nfs <- (mod.ts, fuse <- cli, testing), " +
      "and no NFS version folder imports another",
  );
}
