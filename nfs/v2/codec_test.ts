import { assert, assertEquals, assertMatch, assertStrictEquals, assertThrows } from "@std/assert";
import { XdrError, type XdrReader } from "../../xdr/mod.ts";
import { bytes, decoded, encoded, opaque, splitChain, str, u32 } from "../_bytes_test.ts";
import {
  decodeFattr,
  decodeFhandle,
  encodeFhandle,
  encodeFilename,
  encodeNfscookie,
  encodePath,
  encodeSattr,
} from "./codec_types.ts";
import { decodeReaddirres, decodeReadres, encodeReadargs, encodeWriteargs } from "./codec_procs.ts";
import { NFS2_PROCEDURES } from "./procedures.ts";
import {
  decodeReadargs,
  decodeSattr,
  decodeWriteargs,
  encodeFattr,
  encodeReaddirres,
  NFS2_SERVER_LIST,
} from "../../testing/_nfs2_codec.ts";
import { type Fattr, Ftype, type Readdirres, type Sattr } from "./types.ts";

// fattr built by hand from RFC 1094 §2.3.5: 17 words.
const FATTR: Fattr = {
  type: Ftype.NFREG,
  mode: 0o100644,
  nlink: 1,
  uid: 1000,
  gid: 100,
  size: 0xfffffffe,
  blocksize: 4096,
  rdev: 0,
  blocks: 8,
  fsid: 0x00101085,
  fileid: 45661,
  atime: { seconds: 944207338, useconds: 750000 },
  mtime: { seconds: 944206276, useconds: 570000 },
  ctime: { seconds: 944207338, useconds: 590000 },
};
const FATTR_BYTES = [
  ...u32(1, 0o100644, 1, 1000, 100), // type, mode, nlink, uid, gid
  ...u32(0xfffffffe, 4096, 0, 8), // size, blocksize, rdev, blocks
  ...u32(0x00101085, 45661), // fsid, fileid
  ...u32(944207338, 750000, 944206276, 570000, 944207338, 590000),
];
const FH = Array.from({ length: 32 }, (_, i) => i + 1);
const fh = new Uint8Array(FH);
const FH2 = Array.from({ length: 32 }, (_, i) => 0xa0 + i);
const fh2 = new Uint8Array(FH2);
const COOKIE = [0, 0, 0, 28];
const M1 = 0xffffffff; // -1: "unchanged"

function throwsXdr(fn: () => unknown, re: RegExp): void {
  assertMatch(assertThrows(fn, XdrError).message, re);
}

Deno.test("decodeFattr() reads the RFC 1094 §2.3.5 layout; encodeFattr() writes it", () => {
  assertStrictEquals(FATTR_BYTES.length, 68);
  assertEquals(decoded(bytes(FATTR_BYTES), decodeFattr), FATTR);
  assertEquals(encoded((w) => encodeFattr(w, FATTR)), bytes(FATTR_BYTES));
  for (let at = 0; at <= FATTR_BYTES.length; at++) {
    assertEquals(decoded(splitChain(bytes(FATTR_BYTES), at), decodeFattr), FATTR);
  }
  throwsXdr(() => decoded(bytes(u32(9), FATTR_BYTES.slice(4)), decodeFattr), /fattr\.type.*9/);
});

Deno.test("sattr: absent fields are -1 on the wire, both words of a time", () => {
  const s: Sattr = { mode: 0o644, size: 0, mtime: { seconds: 944207312, useconds: 1000000 } };
  const b = bytes(u32(0o644, M1, M1, 0), u32(M1, M1), u32(944207312, 1000000));
  assertEquals(encoded((w) => encodeSattr(w, s)), b);
  assertEquals(decoded(b, decodeSattr), s);
  assertEquals(encoded((w) => encodeSattr(w, {})), bytes(u32(M1, M1, M1, M1, M1, M1, M1, M1)));
  assertEquals(decoded(bytes(u32(M1, M1, M1, M1, M1, M1, M1, M1)), decodeSattr), {});
  // A time with either word -1 is unset too (Linux 2.2 sent -1 seconds, garbage useconds).
  const half = bytes(u32(M1, M1, M1, M1), u32(M1, 0xffdf4a73), u32(7, M1));
  assertEquals(decoded(half, decodeSattr), {});
  assertMatch(
    assertThrows(
      () => encoded((w) => encodeSattr(w, { mtime: { seconds: 1, useconds: M1 } })),
      Error,
    ).message,
    /sattr\.mtime.*unchanged/,
  );
  assertMatch(
    assertThrows(() => encoded((w) => encodeSattr(w, { uid: M1 })), Error).message,
    /sattr\.uid.*unchanged/,
  );
  assertMatch(
    assertThrows(
      () => encoded((w) => encodeSattr(w, { atime: { seconds: M1, useconds: M1 } })),
      Error,
    ).message,
    /sattr\.atime.*unchanged/,
  );
  assertThrows(() => encoded((w) => encodeSattr(w, { size: 2 ** 32 })), RangeError);
});

Deno.test("readargs and writeargs match the RFC 1094 §2.2.7 and §2.2.9 layouts", () => {
  const read = { file: fh, offset: 8192, count: 4096 };
  const rb = bytes(FH, u32(8192, 4096, 4096));
  assertEquals(encoded((w) => encodeReadargs(w, read)), rb);
  assertEquals(decoded(rb, decodeReadargs), { ...read, totalcount: 4096 });
  const write = { file: fh, offset: 0xfffffff0, data: new Uint8Array([1, 2, 3, 4, 5, 6]) };
  const wb = bytes(FH, u32(0xfffffff0, 0xfffffff0, 6), opaque([1, 2, 3, 4, 5, 6]));
  assertEquals(encoded((w) => encodeWriteargs(w, write)), wb);
  assertEquals(decoded(wb, decodeWriteargs), {
    ...write,
    beginoffset: 0xfffffff0,
    totalcount: 6,
  });
});

Deno.test("READ and WRITE ranges are 32-bit and at most NFS_MAXDATA: RangeError", () => {
  const enc = (fn: (w: Parameters<typeof encodeReadargs>[0]) => void) => encoded(fn);
  assertThrows(
    () => enc((w) => encodeReadargs(w, { file: fh, offset: 2 ** 32, count: 1 })),
    Error,
    "Cannot READ at offset 4294967296: NFSv2 offsets are 32-bit",
  );
  assertThrows(
    () => enc((w) => encodeReadargs(w, { file: fh, offset: 2 ** 32 - 10, count: 11 })),
    Error,
    "Cannot READ 11 bytes at offset 4294967286: the range ends past 2^32",
  );
  enc((w) => encodeReadargs(w, { file: fh, offset: 2 ** 32 - 10, count: 10 }));
  assertThrows(
    () => enc((w) => encodeReadargs(w, { file: fh, offset: 0, count: 8193 })),
    Error,
    "Cannot READ 8193 bytes: must be 0..8192 (NFS_MAXDATA)",
  );
  assertThrows(() => enc((w) => encodeReadargs(w, { file: fh, offset: -1, count: 1 })), RangeError);
  const big = new Uint8Array(8193);
  assertThrows(
    () => enc((w) => encodeWriteargs(w, { file: fh, offset: 0, data: big })),
    Error,
    "Cannot WRITE 8193 bytes",
  );
  assertThrows(
    () => enc((w) => encodeWriteargs(w, { file: fh, offset: 2 ** 32 - 1, data: big.subarray(2) })),
    Error,
    "the range ends past 2^32",
  );
});

Deno.test("encoders reject bad handles, names, paths and cookies before writing", () => {
  const enc = (fn: (w: Parameters<typeof encodeFhandle>[0]) => void) => encoded(fn);
  assertThrows(
    () => enc((w) => encodeFhandle(w, new Uint8Array(31))),
    Error,
    "fhandle of 31 bytes",
  );
  assertThrows(() => enc((w) => encodeFhandle(w, new Uint8Array(64))), Error, "must be 32");
  assertThrows(() => enc((w) => encodeFilename(w, "a/b")), TypeError);
  assertThrows(() => enc((w) => encodeFilename(w, "a\0b")), TypeError);
  assertThrows(() => enc((w) => encodeFilename(w, "")), RangeError);
  assertThrows(
    () => enc((w) => encodeFilename(w, "é".repeat(128))),
    Error,
    "256 bytes: maximum is 255",
  );
  enc((w) => encodeFilename(w, "x".repeat(255)));
  assertThrows(() => enc((w) => encodePath(w, "x".repeat(1025))), RangeError);
  assertThrows(() => enc((w) => encodePath(w, "a\0")), TypeError);
  assertThrows(() => enc((w) => encodeNfscookie(w, new Uint8Array(8))), Error, "nfscookie");
  throwsXdr(() => decoded(bytes(FH.slice(0, 31)), decodeFhandle), /fhandle.*need 32 bytes/);
});

// A READDIR reply with two entries, by hand (RFC 1094 §2.2.17).
const RDR: Readdirres = {
  status: 0,
  entries: [
    { fileid: 45658, name: ".", cookie: new Uint8Array([0, 0, 0, 1]) },
    { fileid: 41964, name: "blns", cookie: new Uint8Array(COOKIE) },
  ],
  eof: true,
};
const RDR_BYTES = bytes(
  u32(0), // NFS_OK
  u32(1, 45658), // value follows, fileid
  str("."),
  [0, 0, 0, 1],
  u32(1, 41964),
  str("blns"),
  COOKIE,
  u32(0, 1), // no more entries, eof
);

Deno.test("decodeReaddirres() reads a reply with two entries, bounded by the count asked", () => {
  assertEquals(decoded(RDR_BYTES, (r) => decodeReaddirres(r, { count: 1024 })), RDR);
  assertEquals(encoded((w) => encodeReaddirres(w, RDR)), RDR_BYTES);
  for (let at = 0; at <= RDR_BYTES.length; at++) {
    const chain = splitChain(RDR_BYTES, at);
    assertEquals(decoded(chain, decodeReaddirres), RDR, `split at ${at}`);
    chain.release();
  }
  // Entry bytes: 20 + 20 = 40.
  decoded(RDR_BYTES, (r) => decodeReaddirres(r, { count: 40 }));
  throwsXdr(
    () => decoded(RDR_BYTES, (r) => decodeReaddirres(r, { count: 39 })),
    /2 entries take more than the 39 bytes requested/,
  );
  // A list whose terminator never comes ends at the end of the bytes.
  throwsXdr(() => decoded(RDR_BYTES.subarray(0, 48), decodeReaddirres), /need 4 bytes, 0 left/);
  throwsXdr(
    () => decoded(bytes(u32(0, 1, 1), str("x".repeat(256)), COOKIE, u32(0, 1)), decodeReaddirres),
    /entry\.name.*256 exceeds 255/,
  );
});

Deno.test("decodeReadres() rejects more data than asked, than NFS_MAXDATA or than dest", () => {
  const reply = (n: number) => bytes(u32(0), FATTR_BYTES, opaque(new Array(n).fill(7)));
  const ok = decoded(reply(10), (r) => decodeReadres(r, { count: 10 }));
  assert(ok.status === 0);
  assertEquals(ok.data, new Uint8Array(10).fill(7));
  assertEquals(ok.attributes, FATTR);
  throwsXdr(
    () => decoded(reply(11), (r) => decodeReadres(r, { count: 10 })),
    /readres\.data.*length 11 exceeds 10/,
  );
  throwsXdr(() => decoded(reply(8196), (r) => decodeReadres(r)), /length 8196 exceeds 8192/);
  const dest = new Uint8Array(8);
  throwsXdr(
    () => decoded(reply(9), (r) => decodeReadres(r, { count: 100 }, dest)),
    /length 9 exceeds 8/,
  );
});

// One args value and the results (success and failure) of every procedure.
const ATTR = { status: 0 as const, attributes: FATTR };
const DIROP = { status: 0 as const, file: fh2, attributes: FATTR };
const where = { dir: fh, name: "file.txt" };
const SAMPLES: Record<string, [unknown, unknown[]]> = {
  NULL: [undefined, [undefined]],
  GETATTR: [fh, [ATTR, { status: 70 }]],
  SETATTR: [{ file: fh, attributes: { mode: 0o600, atime: { seconds: 1, useconds: 2 } } }, [
    ATTR,
    { status: 1 },
  ]],
  ROOT: [undefined, [undefined]],
  LOOKUP: [where, [DIROP, { status: 2 }]],
  READLINK: [fh, [{ status: 0, data: "../target" }, { status: 22 }]],
  READ: [{ file: fh, offset: 100, count: 16, totalcount: 16 }, [
    { status: 0, attributes: FATTR, data: new Uint8Array(16).fill(3) },
    { status: 21 },
  ]],
  WRITECACHE: [undefined, [undefined]],
  WRITE: [
    { file: fh, beginoffset: 0, offset: 4096, totalcount: 5, data: new Uint8Array(5).fill(1) },
    [ATTR, { status: 28 }],
  ],
  CREATE: [{ where, attributes: { mode: 0o644, uid: 0, gid: 1, size: 0 } }, [
    DIROP,
    { status: 17 },
  ]],
  REMOVE: [where, [{ status: 0 }, { status: 2 }]],
  RENAME: [{ from: where, to: { dir: fh2, name: "new" } }, [{ status: 0 }, { status: 18 }]],
  LINK: [{ from: fh2, to: where }, [{ status: 0 }, { status: 31 }]],
  SYMLINK: [{ from: where, to: "/some/where", attributes: { mode: 0o777 } }, [
    { status: 0 },
    { status: 30 },
  ]],
  MKDIR: [{ where, attributes: {} }, [DIROP, { status: 69 }]],
  RMDIR: [where, [{ status: 0 }, { status: 66 }]],
  READDIR: [{ dir: fh, cookie: new Uint8Array(4), count: 1024 }, [RDR, { status: 20 }]],
  STATFS: [fh, [
    { status: 0, tsize: 8192, bsize: 1024, blocks: 1024000, bfree: 417190, bavail: 414336 },
    { status: 99 },
  ]],
};

Deno.test("every procedure's args and results round-trip, at every split point", () => {
  assertStrictEquals(NFS2_SERVER_LIST.length, 18);
  NFS2_SERVER_LIST.forEach((p, i) => assertStrictEquals(p.proc, i));
  for (const p of NFS2_SERVER_LIST) {
    const [args, results] = SAMPLES[p.name]!;
    assertEquals(decoded(encoded((w) => p.encode(w, args)), p.decodeArgs), args, `${p.name} args`);
    const a = encoded((w) => p.encode(w, args));
    for (let at = 0; at <= a.length; at++) {
      assertEquals(decoded(splitChain(a, at), p.decodeArgs), args, `${p.name} args @${at}`);
    }
    for (const res of results) {
      const b = encoded((w) => p.encodeRes(w, res));
      for (let at = 0; at <= b.length; at++) {
        const r = decoded(splitChain(b, at), (r: XdrReader) => p.decode(r, args));
        assertEquals(r, res, `${p.name} res split at ${at}`);
      }
    }
  }
  assertStrictEquals(NFS2_PROCEDURES.STATFS.proc, 17);
  assertStrictEquals(NFS2_PROCEDURES.WRITECACHE.proc, 7);
});

Deno.test("a status RFC 1094 does not list decodes as a failure with no body", () => {
  assertEquals<unknown>(decoded(bytes(u32(10004)), NFS2_PROCEDURES.LOOKUP.decode), {
    status: 10004,
  });
});
