import { assert, assertEquals, assertFalse } from "@std/assert";
import { Excludes, globToRegExp, hasGlob, unquoteGlob } from "./_glob.ts";

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
