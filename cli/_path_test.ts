import { assertEquals } from "@std/assert";
import * as node from "node:path";
import { basename, dirname, join, resolve } from "./_path.ts";

const PATHS = [
  "",
  ".",
  "./",
  "..",
  "../",
  "/",
  "//",
  "///a//b",
  "a",
  "a/",
  "a//",
  "/a",
  "/a/",
  "a/b",
  "a/b/",
  "./a",
  "a/./b",
  "a/../b",
  "a/..",
  "a/../",
  "../a",
  "../../a/b",
  "/..",
  "/../a",
  "/a/../..",
  "a/b/../../..",
  ".hidden",
  "a/.b.",
  "...",
  "a/.../b",
  "x/y/z//",
];

Deno.test("_path: join, dirname, basename and resolve give node:path's results", () => {
  for (const p of PATHS) {
    assertEquals(dirname(p), node.dirname(p), `dirname(${JSON.stringify(p)})`);
    assertEquals(basename(p), node.basename(p), `basename(${JSON.stringify(p)})`);
    assertEquals(resolve(p), node.resolve(p), `resolve(${JSON.stringify(p)})`);
    for (const q of PATHS) {
      assertEquals(join(p, q), node.join(p, q), `join(${JSON.stringify(p)}, ${JSON.stringify(q)})`);
      assertEquals(resolve(p, q), node.resolve(p, q), `resolve(${JSON.stringify([p, q])})`);
    }
  }
  assertEquals(join(), node.join());
  assertEquals(join("a", "b", "../c", "d/"), node.join("a", "b", "../c", "d/"));
});
