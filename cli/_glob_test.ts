import { assert, assertEquals, assertFalse } from "@std/assert";
import {
  Excludes,
  expandGlob,
  type GlobEntry,
  globToRegExp,
  hasGlob,
  unquoteGlob,
} from "./_glob.ts";

Deno.test("globToRegExp() matches as sh does for one name", () => {
  const cases: [string, string, boolean][] = [
    ["*.txt", "a.txt", true],
    ["*.txt", "a.txt.gz", false],
    ["*.txt", "dir/a.txt", false],
    ["?.c", "a.c", true],
    ["?.c", "ab.c", false],
    ["[ab]*", "beta", true],
    ["[!ab]*", "beta", false],
    ["[a-c]x", "bx", true],
    ["\\*", "*", true],
    ["\\*", "a", false],
    ["a+b(c).txt", "a+b(c).txt", true],
    ["[", "[", true],
    ["ü*", "über", true],
  ];
  for (const [p, name, want] of cases) {
    assertEquals(globToRegExp(p).test(name), want, `${p} ${name}`);
  }
});

Deno.test("hasGlob() and unquoteGlob() respect backslashes", () => {
  assert(hasGlob("a*"));
  assertFalse(hasGlob("a\\*"));
  assertFalse(hasGlob("plain.txt"));
  assertEquals(unquoteGlob("a\\*b"), "a*b");
});

Deno.test("Excludes: names anywhere, paths from the top", () => {
  const x = new Excludes(["*.o", "/build", "docs/*.tmp"]);
  assert(x.excludes("a.o", "deep/a.o"));
  assert(x.excludes("build", "build"));
  assertFalse(x.excludes("build", "sub/build"));
  assert(x.excludes("x.tmp", "docs/x.tmp"));
  assertFalse(x.excludes("x.tmp", "x.tmp"));
  assert(new Excludes([]).empty);
});

Deno.test("expandGlob() expands every component with a pattern, as sh does", async () => {
  // a/{x.txt, y.md, .h.txt}, b/{x.txt}, c.txt (a file), d -> a (a symlink)
  const tree: Record<string, GlobEntry[]> = {
    "": [
      { name: "a", dir: true },
      { name: "b", dir: true },
      { name: "c.txt", dir: false },
      { name: "d", dir: true },
    ],
    "a": [{ name: "x.txt", dir: false }, { name: "y.md", dir: false }, {
      name: ".h.txt",
      dir: false,
    }],
    "b": [{ name: "x.txt", dir: false }],
    "d": [{ name: "x.txt", dir: false }],
  };
  const listed: string[] = [];
  const list = (p: readonly string[]) => {
    listed.push(p.join("/"));
    return Promise.resolve(tree[p.join("/")] ?? null);
  };
  const exists = (p: readonly string[]) => {
    const dir = tree[p.slice(0, -1).join("/")];
    return Promise.resolve(dir?.some((e) => e.name === p.at(-1)) ?? false);
  };
  const names = async (pattern: string) =>
    (await expandGlob(pattern.split("/"), list, exists))?.map((p) => p.join("/")) ?? null;
  assertEquals(await names("*/x.txt"), ["a/x.txt", "b/x.txt", "d/x.txt"]);
  assertEquals(await names("*/*.txt"), ["a/x.txt", "b/x.txt", "d/x.txt"]);
  assertEquals(await names("a/*"), ["a/x.txt", "a/y.md"]);
  assertEquals(await names("a/.*"), ["a/.h.txt"]);
  assertEquals(await names("[ab]/x.txt"), ["a/x.txt", "b/x.txt"]);
  assertEquals(await names("*"), ["a", "b", "c.txt", "d"]);
  assertEquals(await names("*/none"), []); // as sh: a path that does not exist is no match
  assertEquals(await names("*/y.md"), ["a/y.md"]);
  assertEquals(await names("*/*/x"), []); // no directory two levels down
  assertEquals(await names("a/x.txt"), null); // no pattern
  assertEquals(await names("missing/*"), null); // the first listing fails: try the name
  listed.length = 0;
  await names("*/x.txt");
  assertEquals(listed, [""], "the literal components below a pattern are not listed");
});
