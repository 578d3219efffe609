import { assert, assertEquals, assertMatch, assertStrictEquals, assertThrows } from "@std/assert";
import { ClusterPool, type CopyStats, copyStats, MbufChain } from "../mbuf/mod.ts";
import { INLINE_PAYLOAD_THRESHOLD, XdrWriter } from "./mod.ts";
import { hex } from "../tests/_split.ts";

/** Pools the writer is run on: default clusters, and tiny ones so values cross clusters. */
const POOLS = [
  () => new MbufChain(),
  () => new MbufChain(new ClusterPool({ clusterSize: 16 })),
  () => new MbufChain(new ClusterPool({ clusterSize: 32 })),
  () => new MbufChain(new ClusterPool({ clusterSize: 16 })).reserveHeadroom(8),
];

/** Encodes with `fn` on every pool and checks the bytes against a hand-written vector. */
function expectBytes(fn: (w: XdrWriter) => void, expected: string): void {
  const want = hex(expected);
  for (const [k, make] of POOLS.entries()) {
    const chain = make();
    const w = new XdrWriter(chain);
    fn(w);
    assertEquals(w.length, want.length, `length before finish (pool ${k})`);
    const out = w.finish();
    assertEquals(out, chain);
    assertEquals(out.toBytes(), want, `pool ${k}`);
    const pool = out.pool;
    out.release();
    assertEquals(pool.stats().inUse, 0);
  }
}

function delta(before: CopyStats): CopyStats {
  const now = copyStats();
  return {
    headerBytes: now.headerBytes - before.headerBytes,
    payloadBytes: now.payloadBytes - before.payloadBytes,
    flattenBytes: now.flattenBytes - before.flattenBytes,
    copies: now.copies - before.copies,
  };
}

// RFC 4506 section 4.1: integer, two's complement, big-endian.
Deno.test("XdrWriter.int() encodes RFC 4506 4.1 integers", () => {
  expectBytes((w) => w.int(-1), "ff ff ff ff");
  expectBytes((w) => w.int(1), "00 00 00 01");
  expectBytes((w) => w.int(-2), "ff ff ff fe");
  expectBytes((w) => w.int(0x7fffffff), "7f ff ff ff");
  expectBytes((w) => w.int(-0x80000000), "80 00 00 00");
  expectBytes((w) => w.int(0x01020304), "01 02 03 04");
});

// 4.2: unsigned integer.
Deno.test("XdrWriter.uint() encodes RFC 4506 4.2 unsigned integers", () => {
  expectBytes((w) => w.uint(0), "00 00 00 00");
  expectBytes((w) => w.uint(258), "00 00 01 02");
  expectBytes((w) => w.uint(0xffffffff), "ff ff ff ff");
  expectBytes((w) => w.uint(0x80000000), "80 00 00 00");
});

// 4.3 enumeration, 4.4 boolean.
Deno.test("XdrWriter.enum() and bool() encode RFC 4506 4.3 and 4.4", () => {
  expectBytes((w) => w.enum(3), "00 00 00 03");
  expectBytes((w) => w.enum(-1), "ff ff ff ff");
  expectBytes((w) => w.bool(true), "00 00 00 01");
  expectBytes((w) => w.bool(false), "00 00 00 00");
});

// 4.5: hyper integer and unsigned hyper integer.
Deno.test("XdrWriter.hyper() and uhyper() encode RFC 4506 4.5", () => {
  expectBytes((w) => w.hyper(-1n), "ff ff ff ff ff ff ff ff");
  expectBytes((w) => w.hyper(-2n), "ff ff ff ff ff ff ff fe");
  expectBytes((w) => w.hyper(0x0102030405060708n), "01 02 03 04 05 06 07 08");
  expectBytes((w) => w.hyper(0x7fffffffffffffffn), "7f ff ff ff ff ff ff ff");
  expectBytes((w) => w.hyper(-0x8000000000000000n), "80 00 00 00 00 00 00 00");
  expectBytes((w) => w.hyper(-0x100000000n), "ff ff ff ff 00 00 00 00");
  expectBytes((w) => w.uhyper(0n), "00 00 00 00 00 00 00 00");
  expectBytes((w) => w.uhyper(1n << 40n), "00 00 01 00 00 00 00 00");
  expectBytes((w) => w.uhyper(0xfedcba9876543210n), "fe dc ba 98 76 54 32 10");
  expectBytes((w) => w.uhyper(0xffffffffffffffffn), "ff ff ff ff ff ff ff ff");
});

Deno.test("XdrWriter.hyperNumber() and uhyperNumber() encode numbers like hypers", () => {
  expectBytes((w) => w.hyperNumber(-1), "ff ff ff ff ff ff ff ff");
  expectBytes((w) => w.hyperNumber(-0x100000000), "ff ff ff ff 00 00 00 00");
  expectBytes((w) => w.hyperNumber(-0x100000001), "ff ff ff fe ff ff ff ff");
  expectBytes((w) => w.hyperNumber(Number.MAX_SAFE_INTEGER), "00 1f ff ff ff ff ff ff");
  expectBytes((w) => w.hyperNumber(-Number.MAX_SAFE_INTEGER), "ff e0 00 00 00 00 00 01");
  expectBytes((w) => w.uhyperNumber(0x100000000), "00 00 00 01 00 00 00 00");
  expectBytes((w) => w.uhyperNumber(0x123456789), "00 00 00 01 23 45 67 89");
  expectBytes((w) => w.uhyperNumber(Number.MAX_SAFE_INTEGER), "00 1f ff ff ff ff ff ff");
});

// 4.6 floating point, 4.7 double-precision floating point (IEEE 754, big-endian).
Deno.test("XdrWriter.float() and double() encode RFC 4506 4.6 and 4.7", () => {
  expectBytes((w) => w.float(1), "3f 80 00 00");
  expectBytes((w) => w.float(-2.5), "c0 20 00 00");
  expectBytes((w) => w.float(Infinity), "7f 80 00 00");
  expectBytes((w) => w.float(-0), "80 00 00 00");
  expectBytes((w) => w.double(1), "3f f0 00 00 00 00 00 00");
  expectBytes((w) => w.double(-0.1), "bf b9 99 99 99 99 99 9a");
  expectBytes((w) => w.double(-Infinity), "ff f0 00 00 00 00 00 00");
});

// 4.9 fixed-length opaque, 4.10 variable-length opaque: zero padding to 4 bytes.
Deno.test("XdrWriter.opaqueFixed() and opaque() pad with zeros (RFC 4506 4.9, 4.10)", () => {
  expectBytes((w) => w.opaqueFixed(new Uint8Array([1, 2, 3])), "01 02 03 00");
  expectBytes((w) => w.opaqueFixed(new Uint8Array([1, 2, 3, 4, 5]), 5), "01 02 03 04 05 00 00 00");
  expectBytes((w) => w.opaqueFixed(new Uint8Array([1, 2, 3, 4])), "01 02 03 04");
  expectBytes((w) => w.opaqueFixed(new Uint8Array(0)), "");
  expectBytes((w) => w.opaque(new Uint8Array([0xaa, 0xbb])), "00 00 00 02 aa bb 00 00");
  expectBytes((w) => w.opaque(new Uint8Array([9])), "00 00 00 01 09 00 00 00");
  expectBytes((w) => w.opaque(new Uint8Array(0)), "00 00 00 00");
  expectBytes(
    (w) => w.opaque(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17])),
    `00 00 00 11 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 00 00 00`,
  );
});

// 4.11: string, ASCII and multi-byte UTF-8.
Deno.test("XdrWriter.string() encodes RFC 4506 4.11 strings as UTF-8", () => {
  expectBytes((w) => w.string("hello"), "00 00 00 05 68 65 6c 6c 6f 00 00 00");
  expectBytes((w) => w.string(""), "00 00 00 00");
  expectBytes((w) => w.string("abcd"), "00 00 00 04 61 62 63 64");
  expectBytes((w) => w.string("é"), "00 00 00 02 c3 a9 00 00");
  expectBytes((w) => w.string("€"), "00 00 00 03 e2 82 ac 00");
  expectBytes((w) => w.string("😀"), "00 00 00 04 f0 9f 98 80");
  expectBytes((w) => w.string("aé€😀"), "00 00 00 0a 61 c3 a9 e2 82 ac f0 9f 98 80 00 00");
  expectBytes(
    (w) => w.string("file.txt", 255),
    "00 00 00 08 66 69 6c 65 2e 74 78 74",
  );
});

Deno.test("XdrWriter.string() encodes long strings across clusters", () => {
  const s = "ab€".repeat(2000); // 10000 bytes of UTF-8, worst case 18000
  const expected = "00 00 27 10" + " 61 62 e2 82 ac".repeat(2000);
  expectBytes((w) => w.string(s), expected);
});

// 4.12 fixed-length array, 4.13 variable-length array.
Deno.test("XdrWriter.array() and fixedArray() encode RFC 4506 4.12 and 4.13", () => {
  expectBytes(
    (w) => w.array([1, 2, 3], (w, v) => w.uint(v)),
    "00 00 00 03 00 00 00 01 00 00 00 02 00 00 00 03",
  );
  expectBytes((w) => w.array([], (w, v: number) => w.uint(v)), "00 00 00 00");
  expectBytes(
    (w) => w.array(["a", "bc"], (w, s) => w.string(s)),
    "00 00 00 02 00 00 00 01 61 00 00 00 00 00 00 02 62 63 00 00",
  );
  expectBytes(
    (w) => w.fixedArray([-1, 1], (w, v) => w.int(v), 2),
    "ff ff ff ff 00 00 00 01",
  );
});

// 4.19: optional-data, and the RFC's stringlist built from it.
Deno.test("XdrWriter.optional() encodes RFC 4506 4.19 optional-data", () => {
  expectBytes((w) => w.optional(null, (w, v: number) => w.uint(v)), "00 00 00 00");
  expectBytes((w) => w.optional(undefined, (w, v: number) => w.uint(v)), "00 00 00 00");
  expectBytes((w) => w.optional(7, (w, v) => w.uint(v)), "00 00 00 01 00 00 00 07");
  expectBytes((w) => w.optional(0, (w, v) => w.uint(v)), "00 00 00 01 00 00 00 00");
  type StringList = { item: string; next: StringList | null } | null;
  const writeList = (w: XdrWriter, l: StringList): void =>
    w.optional(l, (w, e) => {
      w.string(e.item);
      writeList(w, e.next);
    });
  expectBytes(
    (w) => writeList(w, { item: "a", next: { item: "xyz", next: null } }),
    "00 00 00 01 00 00 00 01 61 00 00 00 00 00 00 01 00 00 00 03 78 79 7a 00 00 00 00 00",
  );
});

// 4.16 void; 4.14 structure: fields in order, no framing.
Deno.test("XdrWriter encodes a structure as its fields in order", () => {
  expectBytes((w) => {
    w.void();
    w.uint(7);
    w.bool(true);
    w.string("hi");
    w.hyper(-1n);
    w.opaqueFixed(new Uint8Array([0xde, 0xad]));
  }, "00 00 00 07 00 00 00 01 00 00 00 02 68 69 00 00 ff ff ff ff ff ff ff ff de ad 00 00");
});

Deno.test("XdrWriter rejects values out of range with RangeError", () => {
  const w = new XdrWriter(new MbufChain(new ClusterPool({ clusterSize: 16 })));
  const bad: [string, () => void][] = [
    ["int 2^31", () => w.int(0x80000000)],
    ["int -2^31-1", () => w.int(-0x80000001)],
    ["int 1.5", () => w.int(1.5)],
    ["int NaN", () => w.int(NaN)],
    ["uint -1", () => w.uint(-1)],
    ["uint 2^32", () => w.uint(0x100000000)],
    ["enum 2^31", () => w.enum(0x80000000)],
    ["hyper 2^63", () => w.hyper(1n << 63n)],
    ["hyper -2^63-1", () => w.hyper(-(1n << 63n) - 1n)],
    ["uhyper -1", () => w.uhyper(-1n)],
    ["uhyper 2^64", () => w.uhyper(1n << 64n)],
    ["uhyperNumber -1", () => w.uhyperNumber(-1)],
    ["uhyperNumber 2^53", () => w.uhyperNumber(2 ** 53)],
    ["uhyperNumber 0.5", () => w.uhyperNumber(0.5)],
    ["hyperNumber 2^53", () => w.hyperNumber(2 ** 53)],
    ["opaqueFixed length", () => w.opaqueFixed(new Uint8Array(3), 4)],
    ["opaque max", () => w.opaque(new Uint8Array(5), 4)],
    ["string max", () => w.string("hello", 4)],
    ["string max, long", () => w.string("x".repeat(5000), 4999)],
    ["string max, utf-8", () => w.string("ééé", 5)],
    ["array max", () => w.array([1, 2], (w, v) => w.uint(v), 1)],
    ["fixedArray length", () => w.fixedArray([1, 2], (w, v) => w.uint(v), 3)],
  ];
  for (const [name, call] of bad) {
    const e = assertThrows(call, RangeError, undefined, name);
    assertMatch(e.message, /^Cannot encode/, name);
  }
  assertEquals(w.length, 0, "nothing written by a rejected value");
  const chain = w.finish();
  assertEquals(chain.byteLength, 0);
  chain.release();
});

Deno.test("XdrWriter throws TypeError once finished", () => {
  const w = new XdrWriter();
  w.uint(1);
  const chain = w.finish();
  assertThrows(() => w.uint(2), TypeError, "Cannot write: the XdrWriter was finished");
  assertThrows(() => w.string("x"), TypeError);
  assertThrows(() => w.opaqueExternal(new Uint8Array(INLINE_PAYLOAD_THRESHOLD)), TypeError);
  assertThrows(() => w.opaque(new Uint8Array(3)), TypeError);
  assertThrows(() => w.finish(), TypeError, "Cannot finish");
  assertEquals(chain.byteLength, 4);
  chain.release();
});

Deno.test("XdrWriter appends after what the chain already holds", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  const chain = new MbufChain(pool).appendCopy(new Uint8Array([1, 2, 3, 4, 5, 6]));
  const w = new XdrWriter(chain);
  assertEquals(w.length, 6);
  w.uint(0x0a0b0c0d);
  w.uint(0x01020304);
  assertEquals(w.length, 14);
  w.finish();
  assertEquals(chain.toBytes(), hex("01 02 03 04 05 06 0a 0b 0c 0d 01 02 03 04"));
  chain.release();
  assertEquals(pool.stats().inUse, 0);
});

// ---------------------------------------------------------------------------------------
// opaqueExternal: bulk data attached, not copied
// ---------------------------------------------------------------------------------------

Deno.test("XdrWriter.opaqueExternal() attaches the payload itself, no copy", () => {
  for (const n of [INLINE_PAYLOAD_THRESHOLD, INLINE_PAYLOAD_THRESHOLD + 1, 1 << 20]) {
    const payload = new Uint8Array(n).map((_, i) => i * 7);
    const sum = payload.slice();
    let released = 0;
    const pool = new ClusterPool({ clusterSize: 16 });
    const before = copyStats();
    const w = new XdrWriter(new MbufChain(pool));
    w.uint(0xcafe);
    w.opaqueExternal(payload, () => released++);
    w.uint(0xbeef);
    const chain = w.finish();
    const d = delta(before);
    assertEquals(d.payloadBytes, 0, "no payload byte copied");
    assertEquals(d.copies, 0, "no copy at all");
    const ms = chain.mbufs();
    assertStrictEquals(ms[1]!.storage.bytes, payload, "the chain holds the caller's buffer");
    assertEquals(ms[1]!.isExternal, true);
    const pad = (4 - (n % 4)) % 4;
    if (pad > 0) {
      assertEquals(ms[2]!.length, pad);
      assertEquals(ms[2]!.bytes, new Uint8Array(pad), "padding is zeros");
      assertEquals(ms[2]!.isExternal, true, "padding comes from a shared pad, not a cluster");
    }
    assertEquals(chain.byteLength, 4 + 4 + n + pad + 4);
    const flat = chain.toBytes();
    assertEquals(flat.subarray(0, 8), hex(`00 00 ca fe ${hexWord(n)}`));
    assertEquals(flat.subarray(8, 8 + n), sum);
    assertEquals(flat.subarray(8 + n), hex("00".repeat(pad) + "00 00 be ef"));
    assertEquals(released, 0);
    chain.release();
    assertEquals(released, 1, "release hook fired once");
    assertEquals(payload, sum, "payload unchanged");
    assertEquals(pool.stats().inUse, 0);
  }
});

function hexWord(n: number): string {
  return n.toString(16).padStart(8, "0").replace(/(..)(?!$)/g, "$1 ");
}

Deno.test("XdrWriter.opaqueExternal() shares one zero pad between writers", () => {
  const a = new XdrWriter();
  const b = new XdrWriter();
  a.opaqueExternal(new Uint8Array(INLINE_PAYLOAD_THRESHOLD + 1));
  b.opaqueExternal(new Uint8Array(INLINE_PAYLOAD_THRESHOLD + 2));
  const ca = a.finish();
  const cb = b.finish();
  const padA = ca.mbufs()[2]!.storage.bytes;
  const padB = cb.mbufs()[2]!.storage.bytes;
  assertStrictEquals(padA.buffer, padB.buffer);
  assertEquals(padA, new Uint8Array(3));
  assertEquals(padB, new Uint8Array(2));
  ca.release();
  cb.release();
});

Deno.test("XdrWriter.opaqueExternal() copies payloads below the threshold, counted", () => {
  for (const n of [0, 1, 5, INLINE_PAYLOAD_THRESHOLD - 1]) {
    const payload = new Uint8Array(n).fill(0x5a);
    let released = 0;
    const before = copyStats();
    const w = new XdrWriter(new MbufChain(new ClusterPool({ clusterSize: 64 })));
    w.opaqueExternal(payload, () => released++);
    assertEquals(released, 1, "release hook fired at once (the bytes were copied)");
    const chain = w.finish();
    assertEquals(delta(before).payloadBytes, n, "exactly n payload bytes counted");
    assertEquals(delta(before).headerBytes, 0);
    for (const m of chain.mbufs()) assertEquals(m.isExternal, false);
    const pad = (4 - (n % 4)) % 4;
    assertEquals(chain.toBytes(), hex(`${hexWord(n)} ${"5a ".repeat(n)} ${"00 ".repeat(pad)}`));
    chain.release();
  }
});

Deno.test("XdrWriter.opaque() and opaqueFixed() count their bytes as header copies", () => {
  const before = copyStats();
  const w = new XdrWriter(new MbufChain(new ClusterPool({ clusterSize: 16 })));
  w.opaque(new Uint8Array(10));
  w.opaqueFixed(new Uint8Array(20));
  w.finish().release();
  const d = delta(before);
  assertEquals(d.headerBytes, 30);
  assertEquals(d.payloadBytes, 0);
});

Deno.test("XdrWriter grows in tiny clusters and releases them all", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  const w = new XdrWriter(new MbufChain(pool));
  for (let i = 0; i < 100; i++) {
    w.uint(i);
    w.uhyper(BigInt(i));
    w.string("x".repeat(i % 7));
  }
  const chain = w.finish();
  assert(chain.segmentCount > 50);
  chain.release();
  assertEquals(pool.stats().inUse, 0);
});
