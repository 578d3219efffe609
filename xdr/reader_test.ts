import { assert, assertEquals, assertMatch, assertStrictEquals, assertThrows } from "@std/assert";
import { ClusterPool, type CopyStats, copyStats, Mbuf, MbufChain, Storage } from "../mbuf/mod.ts";
import { INLINE_PAYLOAD_THRESHOLD, XdrError, XdrReader, XdrWriter } from "./mod.ts";
import { chainOf, concat, forEachSplit, hex } from "../tests/_split.ts";

function delta(before: CopyStats): CopyStats {
  const now = copyStats();
  return {
    headerBytes: now.headerBytes - before.headerBytes,
    payloadBytes: now.payloadBytes - before.payloadBytes,
    flattenBytes: now.flattenBytes - before.flattenBytes,
    copies: now.copies - before.copies,
  };
}

/**
 * Decodes the hand-written vector with `fn` from a plain array and from the bytes cut at
 * every split point (and into 1-byte segments), expecting `value` and nothing left.
 */
function expectDecodes<T>(vector: string, fn: (r: XdrReader) => T, value: T): void {
  const bytes = hex(vector);
  const r0 = new XdrReader(bytes);
  assertEquals(fn(r0), value, "from one array");
  r0.expectEnd();
  forEachSplit(bytes, (chain) => {
    const r = new XdrReader(chain);
    assertEquals(r.remaining, bytes.length);
    assertEquals(fn(r), value);
    assertEquals(r.position, bytes.length);
    r.expectEnd();
  });
}

/** Expects an XdrError with `what` and `offset` at every split of the vector. */
function expectRejects(
  vector: string | Uint8Array,
  fn: (r: XdrReader) => unknown,
  what: string,
  offset: number,
  detail: RegExp,
  options: { strictPadding?: boolean; strictUtf8?: boolean } = {},
): void {
  const bytes = typeof vector === "string" ? hex(vector) : vector;
  forEachSplit(bytes, (chain) => {
    const r = new XdrReader(chain, options);
    const e = assertThrows(() => fn(r), XdrError);
    assertEquals(e.what, what);
    assertEquals(e.offset, offset);
    assertMatch(e.message, new RegExp(`^Cannot decode ${what} at offset ${offset}: `));
    assertMatch(e.message, detail);
  });
}

// ---------------------------------------------------------------------------------------
// RFC 4506 vectors, decoded at every split point
// ---------------------------------------------------------------------------------------

Deno.test("XdrReader.int(), uint(), enum() decode RFC 4506 4.1-4.3 at every split", () => {
  expectDecodes("ff ff ff ff", (r) => r.int(), -1);
  expectDecodes("80 00 00 00", (r) => r.int(), -0x80000000);
  expectDecodes("7f ff ff ff", (r) => r.int(), 0x7fffffff);
  expectDecodes("ff ff ff ff", (r) => r.uint(), 0xffffffff);
  expectDecodes("00 00 01 02", (r) => r.uint(), 258);
  expectDecodes("00 00 00 03", (r) => r.enum(), 3);
  expectDecodes("ff ff ff fe", (r) => r.enum(), -2);
  expectDecodes(
    "00 00 00 01 ff ff ff ff 00 00 00 02",
    (r) => [r.uint(), r.int(), r.uint()],
    [1, -1, 2],
  );
});

Deno.test("XdrReader.bool() decodes RFC 4506 4.4 at every split", () => {
  expectDecodes("00 00 00 01", (r) => r.bool(), true);
  expectDecodes("00 00 00 00", (r) => r.bool(), false);
});

Deno.test("XdrReader hyper decoders decode RFC 4506 4.5 at every split", () => {
  expectDecodes("ff ff ff ff ff ff ff ff", (r) => r.hyper(), -1n);
  expectDecodes("ff ff ff ff ff ff ff fe", (r) => r.hyper(), -2n);
  expectDecodes("80 00 00 00 00 00 00 00", (r) => r.hyper(), -(1n << 63n));
  expectDecodes("01 02 03 04 05 06 07 08", (r) => r.hyper(), 0x0102030405060708n);
  expectDecodes("ff ff ff ff ff ff ff ff", (r) => r.uhyper(), 0xffffffffffffffffn);
  expectDecodes("fe dc ba 98 76 54 32 10", (r) => r.uhyper(), 0xfedcba9876543210n);
  expectDecodes("00 00 01 00 00 00 00 00", (r) => r.uhyper(), 1n << 40n);
  expectDecodes("00 00 00 01 23 45 67 89", (r) => r.uhyperNumber(), 0x123456789);
  expectDecodes("00 1f ff ff ff ff ff ff", (r) => r.uhyperNumber(), Number.MAX_SAFE_INTEGER);
  expectDecodes("ff ff ff ff ff ff ff ff", (r) => r.hyperNumber(), -1);
  expectDecodes("ff ff ff ff 00 00 00 00", (r) => r.hyperNumber(), -0x100000000);
  expectDecodes("ff ff ff fe ff ff ff ff", (r) => r.hyperNumber(), -0x100000001);
  expectDecodes("00 1f ff ff ff ff ff ff", (r) => r.hyperNumber(), Number.MAX_SAFE_INTEGER);
  expectDecodes("ff e0 00 00 00 00 00 01", (r) => r.hyperNumber(), -Number.MAX_SAFE_INTEGER);
});

Deno.test("XdrReader.float() and double() decode RFC 4506 4.6-4.7 at every split", () => {
  expectDecodes("3f 80 00 00", (r) => r.float(), 1);
  expectDecodes("c0 20 00 00", (r) => r.float(), -2.5);
  expectDecodes("7f 80 00 00", (r) => r.float(), Infinity);
  expectDecodes("80 00 00 00", (r) => r.float(), -0);
  expectDecodes("7f c0 00 00", (r) => r.float(), NaN);
  expectDecodes("3f f0 00 00 00 00 00 00", (r) => r.double(), 1);
  expectDecodes("bf b9 99 99 99 99 99 9a", (r) => r.double(), -0.1);
  expectDecodes("ff f0 00 00 00 00 00 00", (r) => r.double(), -Infinity);
});

Deno.test("XdrReader opaque decoders decode RFC 4506 4.9-4.10 at every split", () => {
  const u8 = (...b: number[]) => new Uint8Array(b);
  expectDecodes("01 02 03 00", (r) => r.opaqueFixed(3), u8(1, 2, 3));
  expectDecodes("01 02 03 04 05 00 00 00", (r) => r.opaqueFixed(5), u8(1, 2, 3, 4, 5));
  expectDecodes("01 02 03 04", (r) => r.opaqueFixed(4), u8(1, 2, 3, 4));
  expectDecodes("", (r) => r.opaqueFixed(0), u8());
  expectDecodes("00 00 00 02 aa bb 00 00", (r) => r.opaqueView(8), u8(0xaa, 0xbb));
  expectDecodes("00 00 00 00", (r) => r.opaqueView(8), u8());
  expectDecodes("00 00 00 01 09 00 00 00", (r) => r.opaqueView(1), u8(9));
  expectDecodes(
    "00 00 00 05 01 02 03 04 05 00 00 00",
    (r) => {
      const dest = new Uint8Array(8).fill(0xee);
      const n = r.opaqueInto(dest);
      return [n, dest];
    },
    [5, u8(1, 2, 3, 4, 5, 0xee, 0xee, 0xee)],
  );
});

Deno.test("XdrReader.string() decodes RFC 4506 4.11 and UTF-8 at every split", () => {
  expectDecodes("00 00 00 05 68 65 6c 6c 6f 00 00 00", (r) => r.string(255), "hello");
  expectDecodes("00 00 00 00", (r) => r.string(0), "");
  expectDecodes("00 00 00 04 61 62 63 64", (r) => r.string(4), "abcd");
  expectDecodes("00 00 00 02 c3 a9 00 00", (r) => r.string(255), "é");
  expectDecodes("00 00 00 03 e2 82 ac 00", (r) => r.string(255), "€");
  expectDecodes("00 00 00 04 f0 9f 98 80", (r) => r.string(255), "😀");
  expectDecodes(
    "00 00 00 0a 61 c3 a9 e2 82 ac f0 9f 98 80 00 00",
    (r) => r.string(10),
    "aé€😀",
  );
  // A BOM is content, not a marker: it is kept.
  expectDecodes("00 00 00 04 ef bb bf 41", (r) => r.string(4), "\ufeffA");
});

Deno.test("XdrReader.array() and optional() decode RFC 4506 4.12-4.13, 4.19 at every split", () => {
  expectDecodes(
    "00 00 00 03 00 00 00 01 00 00 00 02 00 00 00 03",
    (r) => r.array(10, (r) => r.uint()),
    [1, 2, 3],
  );
  expectDecodes("00 00 00 00", (r) => r.array(0, (r) => r.uint()), []);
  expectDecodes(
    "00 00 00 02 00 00 00 01 61 00 00 00 00 00 00 02 62 63 00 00",
    (r) => r.array(2, (r) => r.string(8)),
    ["a", "bc"],
  );
  expectDecodes(
    "ff ff ff ff 00 00 00 01",
    (r) => [r.int(), r.int()],
    [-1, 1],
  );
  expectDecodes("00 00 00 00", (r) => r.optional((r) => r.uint()), null);
  expectDecodes("00 00 00 01 00 00 00 07", (r) => r.optional((r) => r.uint()), 7);
  type StringList = { item: string; next: StringList } | null;
  const readList = (r: XdrReader): StringList =>
    r.optional((r) => ({ item: r.string(255), next: readList(r) }));
  expectDecodes(
    "00 00 00 01 00 00 00 01 61 00 00 00 00 00 00 01 00 00 00 03 78 79 7a 00 00 00 00 00",
    readList,
    { item: "a", next: { item: "xyz", next: null } },
  );
});

Deno.test("XdrReader.skip() and void() step over bytes at every split", () => {
  expectDecodes(
    "00 00 00 01 aa bb cc dd ee ff 00 11 00 00 00 02",
    (r) => {
      const a = r.uint();
      r.void();
      r.skip(8);
      return [a, r.uint()];
    },
    [1, 2],
  );
});

// ---------------------------------------------------------------------------------------
// A struct of many fields: NFSv3 fattr3 (RFC 1813 section 2.6), 84 bytes
// ---------------------------------------------------------------------------------------

interface Fattr3 {
  type: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  size: number;
  used: number;
  rdev: [number, number];
  fsid: bigint;
  fileid: number;
  atime: [number, number];
  mtime: [number, number];
  ctime: [number, number];
}

function decodeFattr3(r: XdrReader): Fattr3 {
  return {
    type: r.enum("fattr3.type"),
    mode: r.uint("fattr3.mode"),
    nlink: r.uint("fattr3.nlink"),
    uid: r.uint("fattr3.uid"),
    gid: r.uint("fattr3.gid"),
    size: r.uhyperNumber("fattr3.size"),
    used: r.uhyperNumber("fattr3.used"),
    rdev: [r.uint("fattr3.rdev.specdata1"), r.uint("fattr3.rdev.specdata2")],
    fsid: r.uhyper("fattr3.fsid"),
    fileid: r.uhyperNumber("fattr3.fileid"),
    atime: [r.uint("fattr3.atime.seconds"), r.uint("fattr3.atime.nseconds")],
    mtime: [r.uint("fattr3.mtime.seconds"), r.uint("fattr3.mtime.nseconds")],
    ctime: [r.uint("fattr3.ctime.seconds"), r.uint("fattr3.ctime.nseconds")],
  };
}

const FATTR3: Fattr3 = {
  type: 1,
  mode: 0o644,
  nlink: 1,
  uid: 1000,
  gid: 100,
  size: 0x123456789,
  used: 0x123457000,
  rdev: [0, 0],
  fsid: 0xfedcba9876543210n,
  fileid: 0x1b2c3d4e5f,
  atime: [0x5f5e1000, 999999999],
  mtime: [0x65000000, 0],
  ctime: [0xffffffff, 1],
};

const FATTR3_BYTES = `
  00 00 00 01  00 00 01 a4  00 00 00 01  00 00 03 e8  00 00 00 64
  00 00 00 01 23 45 67 89   00 00 00 01 23 45 70 00
  00 00 00 00  00 00 00 00
  fe dc ba 98 76 54 32 10   00 00 00 1b 2c 3d 4e 5f
  5f 5e 10 00  3b 9a c9 ff  65 00 00 00  00 00 00 00  ff ff ff ff  00 00 00 01`;

Deno.test("XdrReader decodes an NFSv3 fattr3 struct at every split point", () => {
  assertEquals(hex(FATTR3_BYTES).length, 84);
  expectDecodes(FATTR3_BYTES, decodeFattr3, FATTR3);
});

Deno.test("XdrReader reports the field and offset of a short fattr3", () => {
  const bytes = hex(FATTR3_BYTES).subarray(0, 70);
  expectRejects(bytes, decodeFattr3, "fattr3.mtime.seconds", 68, /need 4 bytes, 2 left/);
});

// ---------------------------------------------------------------------------------------
// Strictness: bounded lengths, bad values, padding, UTF-8, the end
// ---------------------------------------------------------------------------------------

Deno.test("XdrReader rejects lengths above the bytes left or the caller's max", () => {
  expectRejects(
    "ff ff ff ff 00 00 00 00",
    (r) => r.opaqueView(0xffffffff),
    "opaque",
    0,
    /length 4294967295 exceeds the 4 bytes left/,
  );
  expectRejects(
    "00 00 00 09 01 02 03 04 05 06 07 08 09 00 00 00",
    (r) => r.opaqueView(8),
    "opaque",
    0,
    /length 9 exceeds 8$/,
  );
  expectRejects(
    "00 00 00 01 00 00 00 05 61 62 63 64",
    (r) => [r.uint(), r.string(255, "name")],
    "name",
    4,
    /length 5 exceeds the 4 bytes left/,
  );
  expectRejects("00 00 01 00 61 62", (r) => r.string(255), "string", 0, /length 256 exceeds 255/);
  expectRejects(
    "00 00 00 04 00 00 00 01 00 00 00 02 00 00 00 03",
    (r) => r.array(100, (r) => r.uint()),
    "array",
    0,
    /length 4 exceeds the 12 bytes left/,
  );
  expectRejects(
    "00 00 00 03 00 00 00 01 00 00 00 02 00 00 00 03",
    (r) => r.array(2, (r) => r.uint(), 4, "entries"),
    "entries",
    0,
    /length 3 exceeds 2$/,
  );
  expectRejects(
    "00 00 00 02 00 00 00 01 00 00 00 02",
    (r) => r.array(10, (r) => r.uhyper(), 8, "ids"),
    "ids",
    0,
    /length 2 exceeds the 8 bytes left/,
  );
  expectRejects(
    "00 00 00 09 00 00 00 00",
    (r) => r.opaqueInto(new Uint8Array(8)),
    "opaque",
    0,
    /length 9 exceeds 8$/,
  );
});

Deno.test("XdrReader.bool() rejects values other than 0 and 1", () => {
  expectRejects("00 00 00 02", (r) => r.bool(), "bool", 0, /2 is not a valid bool \(0 or 1\)/);
  expectRejects("ff ff ff ff", (r) => r.bool(), "bool", 0, /4294967295 is not a valid bool/);
  expectRejects(
    "00 00 00 00 00 00 01 00",
    (r) => [r.uint(), r.optional((r) => r.uint(), "attributes_follow")],
    "attributes_follow",
    4,
    /256 is not a valid bool/,
  );
});

Deno.test("XdrReader rejects non-zero padding unless strictPadding is false", () => {
  // vector, decoder, what, offset of the padding, value when lenient
  const cases: [string, (r: XdrReader) => unknown, string, number, unknown][] = [
    ["00 00 00 01 61 00 01 00", (r) => r.string(8), "string", 5, "a"],
    ["00 00 00 02 aa bb 00 ff", (r) => r.opaqueView(8), "opaque", 6, new Uint8Array([0xaa, 0xbb])],
    ["01 02 03 80", (r) => r.opaqueFixed(3), "fixed opaque", 3, new Uint8Array([1, 2, 3])],
    [
      "00 00 00 03 01 02 03 01",
      (r) => {
        const d = new Uint8Array(3);
        r.opaqueInto(d);
        return d;
      },
      "opaque",
      7,
      new Uint8Array([1, 2, 3]),
    ],
  ];
  for (const [vector, fn, what, padAt, value] of cases) {
    expectRejects(vector, fn, what, padAt, /padding bytes are not zero/);
    forEachSplit(hex(vector), (chain) => {
      const r = new XdrReader(chain, { strictPadding: false });
      assertEquals(fn(r), value);
      r.expectEnd();
    });
  }
});

Deno.test("XdrReader.string() rejects invalid UTF-8 unless strictUtf8 is false", () => {
  const bad: [string, string][] = [
    ["00 00 00 02 ff fe 00 00", "\ufffd\ufffd"], // bytes that never occur in UTF-8
    ["00 00 00 02 c0 af 00 00", "\ufffd\ufffd"], // overlong "/"
    ["00 00 00 03 ed a0 80 00", "\ufffd\ufffd\ufffd"], // a UTF-16 surrogate
    ["00 00 00 03 61 e2 82 00", "a\ufffd"], // truncated sequence
    ["00 00 00 04 f4 90 80 80", "\ufffd\ufffd\ufffd\ufffd"], // above U+10FFFF
  ];
  for (const [vector, lenient] of bad) {
    expectRejects(
      `00 00 00 07 ${vector}`,
      (r) => [r.uint(), r.string(255, "filename3")],
      "filename3",
      4,
      /string is not valid UTF-8/,
    );
    forEachSplit(hex(vector), (chain) => {
      const r = new XdrReader(chain, { strictUtf8: false });
      assertEquals(r.string(255), lenient);
      r.expectEnd();
    });
  }
});

Deno.test("XdrReader rejects reading past the end with the offset of the value", () => {
  expectRejects("00 00 00", (r) => r.uint(), "unsigned int", 0, /need 4 bytes, 3 left/);
  expectRejects("", (r) => r.int("status"), "status", 0, /need 4 bytes, 0 left/);
  expectRejects("00 00 00 01 ff", (r) => [r.uint(), r.bool()], "bool", 4, /need 4 bytes, 1 left/);
  expectRejects("01 02 03 04 05 06 07", (r) => r.hyper(), "hyper", 0, /need 8 bytes, 7 left/);
  expectRejects("01 02 03 04 05 06 07", (r) => r.uhyper(), "unsigned hyper", 0, /need 8/);
  expectRejects("01 02 03 04 05 06 07", (r) => r.uhyperNumber(), "unsigned hyper", 0, /need 8/);
  expectRejects("01 02 03 04 05 06 07", (r) => r.hyperNumber(), "hyper", 0, /need 8/);
  expectRejects("01 02 03", (r) => r.float(), "float", 0, /need 4/);
  expectRejects("01 02 03 04 05 06 07", (r) => r.double(), "double", 0, /need 8/);
  expectRejects("01 02 03 04", (r) => r.opaqueFixed(5), "fixed opaque", 0, /need 5 bytes, 4/);
  expectRejects("01 02 03", (r) => r.opaqueFixed(3), "fixed opaque", 3, /missing 1 padding/);
  expectRejects("00 00 00 01 61", (r) => r.string(8), "string", 5, /missing 3 padding bytes/);
  expectRejects("00 00 00 01 02", (r) => r.skip(6), "skipped bytes", 0, /need 6 bytes, 5 left/);
});

Deno.test("XdrReader number variants reject values they cannot hold exactly", () => {
  expectRejects(
    "00 20 00 00 00 00 00 00",
    (r) => r.uhyperNumber("size3"),
    "size3",
    0,
    /value 9007199254740992 exceeds 2\^53-1/,
  );
  expectRejects(
    "ff ff ff ff ff ff ff ff",
    (r) => r.uhyperNumber(),
    "unsigned hyper",
    0,
    /value 18446744073709551615 exceeds/,
  );
  expectRejects(
    "00 20 00 00 00 00 00 00",
    (r) => r.hyperNumber(),
    "hyper",
    0,
    /value 9007199254740992 is outside the safe-integer range/,
  );
  expectRejects(
    "ff e0 00 00 00 00 00 00",
    (r) => r.hyperNumber(),
    "hyper",
    0,
    /value -9007199254740992 is outside the safe-integer range/,
  );
  expectRejects(
    "80 00 00 00 00 00 00 00",
    (r) => r.hyperNumber(),
    "hyper",
    0,
    /value -9223372036854775808 is outside/,
  );
});

Deno.test("XdrReader.expectEnd() rejects trailing bytes", () => {
  expectRejects(
    "00 00 00 01 00 00",
    (r) => {
      r.uint();
      r.expectEnd("READ3res");
    },
    "READ3res",
    4,
    /2 unexpected trailing bytes/,
  );
  const r = new XdrReader(new Uint8Array(0));
  r.expectEnd();
  assertEquals(r.remaining, 0);
});

Deno.test("XdrError carries what and offset in a sentence-case message", () => {
  const e = new XdrError("fattr3.size", 52, "length 4294967295 exceeds 1048576");
  assert(e instanceof Error);
  assertEquals(e.name, "XdrError");
  assertEquals(e.what, "fattr3.size");
  assertEquals(e.offset, 52);
  assertEquals(
    e.message,
    "Cannot decode fattr3.size at offset 52: length 4294967295 exceeds 1048576",
  );
});

// ---------------------------------------------------------------------------------------
// Zero-copy reads: opaqueView, opaqueInto
// ---------------------------------------------------------------------------------------

Deno.test("XdrReader.opaqueView() returns a view into the received storage when contiguous", () => {
  const pool = new ClusterPool({ clusterSize: 64 });
  const chain = new MbufChain(pool).appendCopy(hex("00 00 00 05 01 02 03 04 05 00 00 00"));
  const cluster = chain.mbufs()[0]!.storage.bytes;
  const before = copyStats();
  const r = new XdrReader(chain);
  const v = r.opaqueView(16);
  assertEquals(delta(before), { headerBytes: 0, payloadBytes: 0, flattenBytes: 0, copies: 0 });
  assertStrictEquals(v.buffer, cluster.buffer, "a view on the cluster itself");
  assertEquals(v.byteOffset, cluster.byteOffset + 4);
  assertEquals(v.length, 5);
  chain.release();
});

Deno.test("XdrReader.opaqueView() copies, counted, only when the bytes straddle", () => {
  // The length word alone in the first segment, the 6 data bytes [4, 10) cut at p.
  const bytes = hex("00 00 00 06 01 02 03 04 05 06 00 00");
  for (let p = 4; p <= 12; p++) {
    const chain = chainOf(bytes, [4, p]);
    const before = copyStats();
    const r = new XdrReader(chain);
    const v = r.opaqueView(16);
    r.expectEnd();
    assertEquals(v, new Uint8Array([1, 2, 3, 4, 5, 6]));
    const d = delta(before);
    if (p > 4 && p < 10) {
      assertEquals(d.headerBytes, 6, `cut at ${p}: one counted copy of the 6 bytes`);
      assertEquals(d.payloadBytes, 0);
    } else {
      const seg = chain.mbufs()[p === 4 ? 2 : 1]!;
      assertEquals(d.copies, 0, `cut at ${p}: no copy`);
      assertStrictEquals(v.buffer, seg.storage.bytes.buffer, `cut at ${p}: a view on the segment`);
    }
    chain.release();
  }
});

Deno.test("XdrReader.opaqueInto() copies exactly n bytes from clusters, counted as payload", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  const data = new Uint8Array(100).map((_, i) => i);
  const w = new XdrWriter(new MbufChain(pool));
  w.uint(42);
  w.opaque(data); // copied into 16-byte clusters
  const chain = w.finish();
  const dest = new Uint8Array(128);
  const before = copyStats();
  const r = new XdrReader(chain);
  assertEquals(r.uint(), 42);
  assertEquals(r.opaqueInto(dest), 100);
  r.expectEnd();
  const d = delta(before);
  assertEquals(d.payloadBytes, 100);
  assertEquals(d.headerBytes, 0);
  assertEquals(dest.subarray(0, 100), data);
  assertEquals(dest.subarray(100), new Uint8Array(28));
  chain.release();
  assertEquals(pool.stats().inUse, 0);
});

Deno.test("XdrReader.opaqueInto() copies nothing when the data already sits in dest", () => {
  // As the zero-copy receive path leaves it: header cluster, then dest itself, then pad.
  const backing = new Uint8Array(4096 + 16);
  const dest = backing.subarray(8, 8 + 4096);
  dest.fill(0x77, 0, 3001);
  const chain = new MbufChain(new ClusterPool({ clusterSize: 16 }));
  chain.appendCopy(hex("00 00 00 00 00 00 0b b9")); // status, then length 3001
  chain.appendMbuf(new Mbuf(new Storage(dest, "external", null, null), 0, 3001));
  chain.appendCopy(hex("00 00 00 00 00 00 01")); // 3 pad bytes, then one more word
  const before = copyStats();
  const r = new XdrReader(chain);
  assertEquals(r.uint(), 0);
  assertEquals(r.opaqueInto(dest), 3001);
  assertEquals(r.bool(), true);
  assertEquals(delta(before), { headerBytes: 0, payloadBytes: 0, flattenBytes: 0, copies: 0 });
  assertEquals(r.remaining, 0);
  // The same bytes into a different buffer (or another offset of the same) are copied.
  const r2 = new XdrReader(chain);
  r2.uint();
  assertEquals(r2.opaqueInto(backing.subarray(0, 4096)), 3001);
  assertEquals(delta(before).payloadBytes, 3001);
  chain.release();
});

Deno.test("XdrReader decodes a writer's opaqueExternal chain, payload in place", () => {
  const payload = new Uint8Array(INLINE_PAYLOAD_THRESHOLD + 3).map((_, i) => i ^ 0x5a);
  const w = new XdrWriter(new MbufChain(new ClusterPool({ clusterSize: 32 })));
  w.uint(7);
  w.opaqueExternal(payload);
  w.string("tail");
  const chain = w.finish();
  const before = copyStats();
  const r = new XdrReader(chain);
  assertEquals(r.uint(), 7);
  const v = r.opaqueView(1 << 20);
  assertStrictEquals(v.buffer, payload.buffer);
  assertEquals(r.string(8), "tail");
  r.expectEnd();
  assertEquals(delta(before).copies, 0);
  chain.release();
});

Deno.test("XdrReader does not consume or modify the chain it reads", () => {
  const bytes = concat(hex("00 00 00 02 61 62 00 00"), hex("00 00 00 09"));
  forEachSplit(bytes, (chain) => {
    const r1 = new XdrReader(chain);
    const r2 = new XdrReader(chain);
    assertEquals(r1.string(8), "ab");
    assertEquals(r2.string(8), "ab");
    assertEquals(r1.uint(), 9);
    assertEquals(chain.byteLength, 12);
    assertEquals(chain.toBytes(), bytes);
  }, 2);
});
