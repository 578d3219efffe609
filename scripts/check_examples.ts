/**
 * Checks that the JSDoc examples of the library check their own claims.
 *
 * Every fenced `ts`/`js` block in a JSDoc comment of a library file (`mod.ts`, `mbuf/`, `xdr/`,
 * `rpc/`, `nfs/`, `testing/`, `cli/`; not `*_test.ts` or `*_bench.ts`) is an example, which
 * `deno test --doc` (`scripts/doctest.ts`) runs. An example is reported when:
 *
 * - it calls no `assert*()` function (from `@std/assert`), so a wrong claim could never fail;
 * - it states a result in a `// => value` comment, which nothing compares: assert it instead;
 * - it is fenced `ignore`, so it never runs at all.
 *
 * Types, constants and codecs need no example: a one-line summary says what they are. An
 * example that cannot assert (it needs a real server, say) goes on {@linkcode ALLOWLIST} with
 * the reason. An allowlist entry that matches nothing is reported too, so the list stays short.
 *
 * Usage: `deno run --allow-read scripts/check_examples.ts [--no-allowlist] [ROOT]` (default: the
 * project root).
 * Prints `file:line: symbol: message` for each finding and a count per directory; exits 1 if
 * there is any.
 *
 * @module
 */

/** One fenced code block in a JSDoc comment. */
export interface Example {
  /** Path relative to the root, with `/` separators. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** What the comment documents: `name`, `Class.member`, or `(module)`. */
  symbol: string;
  /** The fence's info string, e.g. `ts` or `ts ignore`. */
  info: string;
  /** The code, with the JSDoc `*` prefixes removed. */
  code: string;
}

/** Something wrong with one example. */
export interface Finding {
  /** Path relative to the root, with `/` separators. */
  file: string;
  /** 1-based line: the fence, or the line of a `// =>` claim. */
  line: number;
  /** What the example documents. */
  symbol: string;
  /** What is wrong. */
  message: string;
}

/** An example that is allowed to assert nothing, and why. */
export interface Allowed {
  /** `file#symbol`, as {@linkcode exampleKey} gives it. */
  key: string;
  /** Why the example cannot assert. */
  why: string;
}

/**
 * Examples that may assert nothing. Keep it short: each entry says why the example cannot
 * check its claim where `deno test --doc` runs it.
 */
export const ALLOWLIST: readonly Allowed[] = [];

/** Library folders whose JSDoc examples are published (besides `mod.ts`). */
export const LIBRARY_ROOTS = ["mbuf", "xdr", "rpc", "nfs", "testing", "cli"] as const;

const CODE_LANGS = new Set(["ts", "typescript", "js", "javascript", "tsx", "jsx"]);

/** The key of an example on {@linkcode ALLOWLIST}. */
export function exampleKey(e: { file: string; symbol: string }): string {
  return `${e.file}#${e.symbol}`;
}

/** Library `.ts` files under `root` (relative paths, sorted): `mod.ts` and the library roots. */
export async function libraryFiles(root = "."): Promise<string[]> {
  const files: string[] = [];
  async function walk(rel: string): Promise<void> {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(`${root}/${rel}`));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
    for (const e of entries) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory) await walk(p);
      else if (p.endsWith(".ts") && !p.endsWith("_test.ts") && !p.endsWith("_bench.ts")) {
        files.push(p);
      }
    }
  }
  try {
    if ((await Deno.stat(`${root}/mod.ts`)).isFile) files.push("mod.ts");
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  for (const r of LIBRARY_ROOTS) await walk(r);
  return files.sort();
}

const DECL = new RegExp(
  String.raw`^export\s+(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?` +
    String.raw`(?:function\*?|class|const|let|var|interface|type|enum|namespace)\s+([\w$]+)`,
);
const LOCAL_DECL =
  /^(?:async\s+)?(?:function\*?|class|const|let|var|interface|type|enum)\s+([\w$]+)/;
const MEMBER = new RegExp(
  String.raw`^(?:(?:static|readonly|async|get|set|override|public|protected|private|abstract|` +
    String.raw`declare)\s+)*(?:\*\s*)?(#?[\w$]+|\[[^\]]+\]|"[^"]+")\s*[?!]?\s*[(<:=;]`,
);

/** What the code after a JSDoc comment declares, given the class it is in (if any). */
function symbolAfter(next: string, className: string | undefined): string {
  const t = next.trim();
  const d = t.match(DECL) ?? t.match(LOCAL_DECL);
  if (d) return d[1]!;
  const spec = t.match(/^(?:type\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?\s*,?$/);
  if (spec) return spec[2] ?? spec[1]!; // a re-exported name: `export { name, ... }`
  const m = t.match(MEMBER);
  if (m) return className ? `${className}.${m[1]}` : m[1]!;
  return t.slice(0, 40) || "(end of file)";
}

/** The JSDoc code examples of one file's text. */
export function findExamples(file: string, text: string): Example[] {
  const lines = text.split("\n");
  const out: Example[] = [];
  let className: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const cls = line.match(/^(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([\w$]+)/);
    if (cls) className = cls[1];
    else if (line.startsWith("}")) className = undefined;
    if (!/^\s*\/\*\*/.test(line) || /\*\/\s*$/.test(line) && !/```/.test(line)) continue;
    // A JSDoc comment from line i to its end.
    let end = i;
    while (end < lines.length && !lines[end]!.includes("*/")) end++;
    const body = lines.slice(i, end + 1).map((l) =>
      l.replace(/^\s*\/\*\*\s?/, "").replace(/\*\/\s*$/, "").replace(/^\s*\*(?: |$)/, "")
    );
    let next = "";
    for (let k = end + 1; k < lines.length; k++) {
      if (lines[k]!.trim() !== "") {
        next = lines[k]!;
        break;
      }
    }
    const isModule = body.some((l) => /^\s*@module\b/.test(l));
    const symbol = isModule
      ? "(module)"
      : symbolAfter(next, /^\s/.test(next) ? className : undefined);
    for (let k = 0; k < body.length; k++) {
      const open = body[k]!.match(/^\s*(`{3,}|~{3,})\s*(.*)$/);
      if (!open) continue;
      const fence = open[1]!;
      const info = open[2]!.trim();
      let close = k + 1;
      while (close < body.length && !body[close]!.trim().startsWith(fence)) close++;
      const lang = info.split(/[\s,{]/)[0]!.toLowerCase();
      if (CODE_LANGS.has(lang)) {
        out.push({
          file,
          line: i + k + 1,
          symbol,
          info,
          code: body.slice(k + 1, close).join("\n"),
        });
      }
      k = close;
    }
    i = end;
  }
  return out;
}

/** `code` without `//` comments and string contents, to look for calls in. */
function codeOnly(code: string): string {
  return code
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""')
    .replace(/(^|[^:\w])\/\/.*$/gm, "$1");
}

/** What is wrong with one example; empty when it asserts its claims. */
export function checkExample(e: Example): Finding[] {
  const found: Finding[] = [];
  const at = (line: number, message: string) =>
    found.push({ file: e.file, line, symbol: e.symbol, message });
  if (/(^|[\s,])ignore\b/.test(e.info)) at(e.line, "example is fenced `ignore`: it never runs");
  if (!/\bassert\w*\s*\(/.test(codeOnly(e.code))) at(e.line, "example asserts nothing");
  e.code.split("\n").forEach((l, k) => {
    const m = l.match(/\/\/\s*=>.*/);
    if (m) at(e.line + 1 + k, `unchecked "// =>" claim (assert it): ${m[0].trim().slice(0, 60)}`);
  });
  return found;
}

/** The result of {@linkcode checkExamples}. */
export interface Report {
  /** Files scanned. */
  files: number;
  /** Examples found. */
  examples: number;
  /** Examples that assert nothing (whether allowlisted or not). */
  nonAsserting: number;
  /** Examples that start an embedded test server (the slow ones in `scripts/doctest.ts`). */
  servers: number;
  /** Findings not covered by the allowlist. */
  findings: Finding[];
  /** Allowlisted examples that were found and would otherwise be reported. */
  allowed: number;
  /** Allowlist keys that match no reported example (remove them). */
  stale: string[];
}

/** Checks the examples of every library file under `root`. */
export async function checkExamples(
  root = ".",
  allowlist: readonly Allowed[] = ALLOWLIST,
): Promise<Report> {
  const files = await libraryFiles(root);
  const allowed = new Set(allowlist.map((a) => a.key));
  const used = new Set<string>();
  const findings: Finding[] = [];
  let examples = 0, nonAsserting = 0, servers = 0, allowedCount = 0;
  for (const file of files) {
    for (const e of findExamples(file, await Deno.readTextFile(`${root}/${file}`))) {
      examples++;
      if (/\b(?:startTestServer|TestServer\.start)\s*\(/.test(codeOnly(e.code))) servers++;
      const f = checkExample(e);
      if (f.some((x) => x.message === "example asserts nothing")) nonAsserting++;
      if (f.length === 0) continue;
      const key = exampleKey(e);
      if (allowed.has(key)) {
        used.add(key);
        allowedCount++;
      } else findings.push(...f);
    }
  }
  const stale = [...allowed].filter((k) => !used.has(k));
  return {
    files: files.length,
    examples,
    nonAsserting,
    servers,
    findings,
    allowed: allowedCount,
    stale,
  };
}

/** Findings counted per directory of the file (`nfs/v3`, `.` for `mod.ts`), sorted. */
export function countByDirectory(findings: readonly Finding[]): [string, number][] {
  const n = new Map<string, number>();
  for (const f of findings) {
    const dir = f.file.includes("/") ? f.file.slice(0, f.file.lastIndexOf("/")) : ".";
    n.set(dir, (n.get(dir) ?? 0) + 1);
  }
  return [...n].sort((a, b) => a[0].localeCompare(b[0]));
}

if (import.meta.main) {
  const args = Deno.args.filter((a) => a !== "--no-allowlist");
  const root = args[0] ?? new URL("..", import.meta.url).pathname;
  const r = await checkExamples(root, Deno.args.includes("--no-allowlist") ? [] : ALLOWLIST);
  for (const f of r.findings) console.log(`${f.file}:${f.line}: ${f.symbol}: ${f.message}`);
  for (const k of r.stale) console.log(`${k}: allowlisted but not found or fine now: remove it`);
  console.log(
    `check_examples: ${r.examples} examples in ${r.files} files (${r.servers} start a test ` +
      `server); ${r.nonAsserting} assert nothing (${r.allowed} allowlisted); ` +
      `${r.findings.length} findings`,
  );
  if (r.findings.length) {
    console.log(
      "by directory: " + countByDirectory(r.findings).map(([d, n]) => `${d} ${n}`).join(", "),
    );
  }
  if (r.findings.length > 0 || r.stale.length > 0) Deno.exit(1);
}
