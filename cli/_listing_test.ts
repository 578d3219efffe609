import { assert, assertEquals } from "@std/assert";
import type { FileType, NfsFileInfo } from "../mod.ts";
import { Listing } from "./_listing.ts";
import { jsonEntry, longLines } from "./_output.ts";

const TYPES: FileType[] = ["file", "directory", "symlink", "block", "char", "socket", "fifo"];

function info(i: number): NfsFileInfo {
  const big = i % 7 === 0 ? 2n ** 60n + BigInt(i) : BigInt(i * 1000);
  return {
    type: TYPES[i % TYPES.length]!,
    isFile: false,
    isDirectory: TYPES[i % TYPES.length] === "directory",
    isSymlink: TYPES[i % TYPES.length] === "symlink",
    size: Number(big),
    size64: big,
    mtime: new Date(1_700_000_000_000 + i * 61_001),
    atime: new Date(0),
    ctime: new Date(0),
    birthtime: null,
    dev: 1000 + (i % 3),
    ino: i,
    fileid: 2n ** 63n + BigInt(i),
    mode: (i * 37) & 0o7777,
    nlink: i % 7 === 3 ? 70_000 + i : i % 100,
    uid: 4_000_000_000 + i,
    gid: i,
    rdev: 0,
    used: 0,
    blocks: 0,
  };
}

/** Names of every kind: ASCII, Latin-1, wider BMP, surrogate pairs, lone surrogates. */
function names(n: number): string[] {
  const pieces = ["a", "B", "é", "ÿ", "Ā", "日本", "😀", "\udc80", "\ud800", "file-", "0", "~"];
  const out: string[] = [];
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    let s = "";
    const len = 1 + (seed % 6);
    for (let k = 0; k < len; k++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      s += pieces[seed % pieces.length]!;
    }
    out.push(`${s}${i % 10}`);
  }
  return out;
}

Deno.test("Listing keeps names exactly and sorts them as < does, across chunks", () => {
  const all = names(70_000); // more than one column chunk (16 Ki) and one arena chunk (1 MiB)
  all.push("x".repeat(1 << 21)); // a name longer than an arena chunk
  all.push("\u0100".repeat(600_000)); // a wide one too
  const l = new Listing({ attrs: false, fileid: false, dev: false });
  all.forEach((n) => l.add(n, info(0)));
  assertEquals(l.length, all.length);
  for (let i = 0; i < all.length; i += 997) assertEquals(l.name(i), all[i]);
  assertEquals(l.name(all.length - 2), all.at(-2));
  assertEquals(l.name(all.length - 1), all.at(-1));
  const want = all.map((n, i) => [n, i] as const)
    .sort(([a, i], [b, j]) => (a < b ? -1 : a > b ? 1 : i - j))
    .map(([, i]) => i);
  assertEquals([...l.sorted()], want);
});

Deno.test("Listing keeps what ls -l and --json print, exactly", () => {
  const l = new Listing({ attrs: true, fileid: true, dev: true });
  for (let i = 0; i < 40_000; i++) l.add(`n${i}`, info(i));
  for (const i of [0, 1, 6, 7, 16_383, 16_384, 39_999]) {
    const want = info(i);
    const got = l.info(i);
    assertEquals(got, {
      type: want.type,
      isSymlink: want.isSymlink,
      isDirectory: want.isDirectory,
      mode: want.mode,
      nlink: want.nlink,
      uid: want.uid,
      gid: want.gid,
      size64: want.size64,
      mtime: want.mtime,
      fileid: want.fileid,
    });
    assertEquals(l.type(i), want.type);
    assertEquals(l.key(i), `${want.dev}:${want.fileid}`);
  }
});

Deno.test("Listing's -l lines and JSON elements are longLines' and jsonEntry's", () => {
  const l = new Listing({ attrs: true, fileid: true, dev: false });
  const n = 3000;
  for (let i = 0; i < n; i++) l.add(`n${i}`, info(i));
  const order = l.sorted();
  for (const human of [false, true]) {
    for (const iso of [false, true]) {
      const rows = [...order].map((i) => ({
        name: l.name(i),
        info: l.info(i),
        target: i % 3 === 0 ? `t\u00e9${i}` : undefined,
      }));
      const want = longLines(rows, human, iso);
      const w = l.widths(order, human);
      assertEquals(
        [...order].map((i, k) => l.longLine(i, rows[k]!.name, rows[k]!.target, w, human, iso)),
        want,
      );
    }
  }
  for (const i of [0, 1, 7, 2999]) {
    const target = i % 2 === 0 ? 'a"b\udc80' : undefined;
    assertEquals(
      l.json(i, `d/${l.name(i)}\n`, target),
      JSON.stringify(jsonEntry({ name: `d/${l.name(i)}\n`, info: l.info(i), target })),
    );
  }
});

Deno.test("Listing.clear() starts again with the memory it has", () => {
  const l = new Listing({ attrs: true, fileid: false, dev: false });
  for (let i = 0; i < 3000; i++) l.add(`first-${i}`, info(i));
  l.clear();
  assertEquals(l.length, 0);
  for (let i = 0; i < 5; i++) l.add(`second-${4 - i}`, info(i + 1));
  assertEquals([...l.sorted()].map((i) => l.name(i)), [0, 1, 2, 3, 4].map((i) => `second-${i}`));
  assertEquals(l.info(0).size64, info(1).size64);
});

Deno.test("Listing holds a few dozen bytes per entry, not whole entries", () => {
  // Off-heap (typed arrays) only: 16-character names and the -l/--json columns, about 24 + 38
  // bytes an entry; a listing that kept each NfsFileInfo would hold several hundred on-heap.
  const n = 100_000;
  const l = new Listing({ attrs: true, fileid: true, dev: false });
  const before = Deno.memoryUsage().external;
  for (let i = 0; i < n; i++) l.add(`file-${String(i).padStart(7, "0")}.dat`, info(i));
  const perEntry = (Deno.memoryUsage().external - before) / n;
  assert(perEntry > 16 && perEntry < 80, `${perEntry} bytes per entry`);
});
