import { assertEquals, assertMatch } from "@std/assert";
import {
  checkExample,
  checkExamples,
  countByDirectory,
  exampleKey,
  findExamples,
  libraryFiles,
} from "../scripts/check_examples.ts";

const FENCE = "```";

/** Writes `files` (relative path -> text) under a fresh temp dir and returns it. */
async function tree(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "check-examples-" });
  for (const [rel, text] of Object.entries(files)) {
    const path = `${root}/${rel}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
  return root;
}

/** A JSDoc comment holding `code` as an example, above `decl`. */
function documented(code: string[], decl: string, info = "ts", indent = ""): string {
  return [
    `${indent}/**`,
    `${indent} * Summary.`,
    `${indent} *`,
    `${indent} * @example`,
    `${indent} * ${FENCE}${info}`,
    ...code.map((l) => `${indent} * ${l}`.trimEnd()),
    `${indent} * ${FENCE}`,
    `${indent} */`,
    `${indent}${decl}`,
  ].join("\n");
}

const GOOD = [
  `import { assertEquals } from "@std/assert";`,
  `import { add } from "@nfs/client/mbuf";`,
  `assertEquals(add(1, 2), 3);`,
];
const SILENT = [`import { add } from "@nfs/client/mbuf";`, `console.log(add(1, 2));`];
const CLAIM = [
  `import { assertEquals } from "@std/assert";`,
  `import { add } from "@nfs/client/mbuf";`,
  `assertEquals(add(1, 2), 3);`,
  `console.log(add(2, 2)); // => 4`,
];

Deno.test("findExamples() finds each fenced ts block with its line and symbol", () => {
  const text = [
    `/**`,
    ` * The module.`,
    ` *`,
    ` * ${FENCE}ts`,
    ` * console.log(1);`,
    ` * ${FENCE}`,
    ` *`,
    ` * ${FENCE}sh`,
    ` * deno task nfs ls`,
    ` * ${FENCE}`,
    ` *`,
    ` * @module`,
    ` */`,
    documented(GOOD, "export function add(a: number, b: number): number {"),
    `  return a + b;`,
    `}`,
    `/** A one-line summary, no example. */`,
    `export const ONE = 1;`,
    `export class Box {`,
    documented(SILENT, "static async open(): Promise<Box> {", "ts ignore", "  "),
    `    return new Box();`,
    `  }`,
    `}`,
    `export {`,
    documented(SILENT, "add as plus,", "js", "  "),
    `};`,
  ].join("\n");
  const found = findExamples("mbuf/add.ts", text);
  assertEquals(found.map((e) => [e.line, e.symbol, e.info]), [
    [4, "(module)", "ts"],
    [18, "add", "ts"],
    [34, "Box.open", "ts ignore"],
    [48, "plus", "js"],
  ]);
  assertEquals(found[1]!.code, GOOD.join("\n"));
  assertEquals(exampleKey(found[2]!), "mbuf/add.ts#Box.open");
});

Deno.test("checkExample() flags an example that asserts nothing, claims and ignore", () => {
  const [good] = findExamples("x.ts", documented(GOOD, "export const a = 1;"));
  assertEquals(checkExample(good!), []);

  const [silent] = findExamples("x.ts", documented(SILENT, "export const a = 1;"));
  assertEquals(checkExample(silent!).map((f) => [f.line, f.symbol, f.message]), [
    [5, "a", "example asserts nothing"],
  ]);

  const [claim] = findExamples("x.ts", documented(CLAIM, "export const a = 1;"));
  const f = checkExample(claim!);
  assertEquals(f.map((x) => x.line), [9]);
  assertMatch(f[0]!.message, /unchecked "\/\/ =>" claim \(assert it\): \/\/ => 4/);

  const [ignored] = findExamples("x.ts", documented(GOOD, "export const a = 1;", "ts ignore"));
  assertEquals(checkExample(ignored!).map((x) => x.message), [
    "example is fenced `ignore`: it never runs",
  ]);
});

Deno.test("checkExample() does not count an assert in a comment or a string", () => {
  for (
    const line of [
      `// assertEquals(add(1, 2), 3);`,
      `console.log("assertEquals(add(1, 2), 3)");`,
      `const assertion = add(1, 2);`,
    ]
  ) {
    const [e] = findExamples("x.ts", documented([line], "export const a = 1;"));
    assertEquals(checkExample(e!).map((x) => x.message), ["example asserts nothing"], line);
  }
});

Deno.test("checkExamples() scans library files only and honours the allowlist", async () => {
  const root = await tree({
    "mod.ts": documented(GOOD, "export const a = 1;"),
    "mbuf/add.ts": documented(SILENT, "export function add() {}"),
    "nfs/v3/types.ts": documented(CLAIM, "export const NFS3_FHSIZE = 64;"),
    "nfs/v3/types_test.ts": documented(SILENT, "export const b = 1;"),
    "tests/x.ts": documented(SILENT, "export const c = 1;"),
    "testing/server.ts": documented(SILENT, "export function startServer() {}"),
    "testing/mod.ts": documented([
      `import { assert } from "@std/assert";`,
      `await using server = await startTestServer(); // starts one`,
      `assert(server.port > 0);`,
    ], "export const d = 1;"),
  });
  try {
    assertEquals(await libraryFiles(root), [
      "mbuf/add.ts",
      "mod.ts",
      "nfs/v3/types.ts",
      "testing/mod.ts",
      "testing/server.ts",
    ]);
    const r = await checkExamples(root, []);
    assertEquals([r.files, r.examples, r.nonAsserting, r.servers, r.allowed], [5, 5, 2, 1, 0]);
    assertEquals(r.findings.map((f) => `${f.file}:${f.line}: ${f.symbol}`), [
      "mbuf/add.ts:5: add",
      "nfs/v3/types.ts:9: NFS3_FHSIZE",
      "testing/server.ts:5: startServer",
    ]);
    assertEquals(countByDirectory(r.findings), [["mbuf", 1], ["nfs/v3", 1], ["testing", 1]]);

    const allowed = await checkExamples(root, [
      { key: "testing/server.ts#startServer", why: "needs a real server" },
      { key: "mbuf/gone.ts#gone", why: "no longer there" },
    ]);
    assertEquals(allowed.findings.map((f) => f.symbol), ["add", "NFS3_FHSIZE"]);
    assertEquals([allowed.nonAsserting, allowed.allowed], [2, 1]);
    assertEquals(allowed.stale, ["mbuf/gone.ts#gone"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("check_examples exits 1 and prints file:line for a bad example, 0 when clean", async () => {
  const script = new URL("../scripts/check_examples.ts", import.meta.url).pathname;
  const run = async (root: string) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", script, "--no-allowlist", root],
      stdout: "piped",
      stderr: "piped",
    }).output();
    return { code: out.code, text: new TextDecoder().decode(out.stdout) };
  };
  const bad = await tree({ "xdr/reader.ts": documented(SILENT, "export class XdrReader {}") });
  const good = await tree({ "xdr/reader.ts": documented(GOOD, "export class XdrReader {}") });
  try {
    const b = await run(bad);
    assertEquals(b.code, 1, b.text);
    assertMatch(b.text, /^xdr\/reader\.ts:5: XdrReader: example asserts nothing$/m);
    assertMatch(b.text, /1 examples in 1 files \(0 start a test server\); 1 assert nothing/);
    assertMatch(b.text, /1 assert nothing \(0 allowlisted\); 1 findings$/m);
    assertMatch(b.text, /^by directory: xdr 1$/m);
    const g = await run(good);
    assertEquals(g.code, 0, g.text);
    assertMatch(g.text, /1 examples in 1 files \(0 start a test server\); 0 assert nothing/);
  } finally {
    await Deno.remove(bad, { recursive: true });
    await Deno.remove(good, { recursive: true });
  }
});
