import { assertEquals, assertNotEquals, assertStrictEquals } from "@std/assert";
import { FileInfo, toFileInfo } from "./info.ts";
import type { Attrs } from "./proto.ts";

const attrs: Attrs = {
  type: "char",
  mode: 0o4755,
  nlink: 3,
  uid: 4_000_000_000,
  gid: 7,
  size: (1n << 60n) + 5n,
  used: 1025n,
  rdev: [8, 17],
  fsid: (1n << 63n) + (1n << 40n) + 9n,
  fileid: (1n << 53n) + 1n,
  atime: { seconds: 4_000_000_000, nseconds: 999_999_999 },
  mtime: { seconds: 1_700_000_000, nseconds: 1_500_000 },
  ctime: { seconds: 0, nseconds: 0 },
};

Deno.test("toFileInfo: every field, 64-bit values exact in the bigints, capped in the numbers", () => {
  const i = toFileInfo(attrs);
  assertEquals(i.toJSON(), {
    isFile: false,
    isDirectory: false,
    isSymlink: false,
    type: "char",
    size: Number.MAX_SAFE_INTEGER,
    size64: (1n << 60n) + 5n,
    mtime: new Date(1_700_000_000_001),
    atime: new Date(4_000_000_000_999),
    ctime: new Date(0),
    birthtime: null,
    dev: 2 ** 40 + 9, // the low 53 bits of fsid
    ino: Number.MAX_SAFE_INTEGER,
    fileid: (1n << 53n) + 1n,
    mode: 0o4755,
    nlink: 3,
    uid: 4_000_000_000,
    gid: 7,
    rdev: (8 << 8) | 17,
    used: 1025,
    blocks: 3,
  });
});

Deno.test("FileInfo: the types, and Dates made once", () => {
  for (const type of ["file", "directory", "symlink", "block", "char", "socket", "fifo"] as const) {
    const i = toFileInfo({ ...attrs, type });
    assertEquals([i.type, i.isFile, i.isDirectory, i.isSymlink], [
      type,
      type === "file",
      type === "directory",
      type === "symlink",
    ]);
  }
  const i = toFileInfo(attrs);
  assertStrictEquals(i.mtime, i.mtime);
  assertStrictEquals(i.atime, i.atime);
  assertStrictEquals(i.ctime, i.ctime);
  assertEquals(i.mode, 0o4755);
});

Deno.test("FileInfo: records in a shared store are independent; equality compares the fields", () => {
  const w = new Uint32Array(42);
  w.set([1, 0o100644, 1, 0, 0, 0, 10], 0);
  w.set([2, 0o40755, 2, 0, 0, 0, 20], 21);
  const a = new FileInfo(w, 0);
  const b = new FileInfo(w, 21);
  assertEquals([a.isFile, a.size, a.mode], [true, 10, 0o644]);
  assertEquals([b.isDirectory, b.size, b.mode], [true, 20, 0o755]);
  assertNotEquals(a, b);
  assertEquals(a, new FileInfo(w.slice(0, 21), 0));
});

Deno.test("FileInfo: inspection and JSON show the fields", () => {
  const i = toFileInfo(attrs);
  const shown = Deno.inspect(i);
  for (const k of ["size64", "mtime", "mode", "blocks"]) assertEquals(shown.includes(k), true, k);
  const json = JSON.parse(
    JSON.stringify(i, (_k, v) => typeof v === "bigint" ? v.toString() : v),
  );
  assertEquals([json.size64, json.uid, json.type], [
    String((1n << 60n) + 5n),
    4_000_000_000,
    "char",
  ]);
});
