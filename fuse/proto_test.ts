import { assertEquals, assertThrows } from "@std/assert";
import { NFS_STATUS_TABLE, nfsError } from "../nfs/errors.ts";
import {
  ArgReader,
  attrOut,
  decodeRequest,
  direntSize,
  entryOut,
  FuseProtocolError,
  initOut,
  Op,
  opName,
  outHeader,
  putDirent,
  statfsOut,
} from "./proto.ts";
import { errnoOf, fuseAttr } from "./fs.ts";
import { ERRNO } from "./_libc.ts";

/** A request as the kernel lays it out: fuse_in_header, then `args`. */
function request(opcode: number, args: Uint8Array, nodeid = 7n, unique = 42n): Uint8Array {
  const b = new Uint8Array(40 + args.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, b.length, true);
  v.setUint32(4, opcode, true);
  v.setBigUint64(8, unique, true);
  v.setBigUint64(16, nodeid, true);
  v.setUint32(24, 1000, true);
  v.setUint32(28, 100, true);
  v.setUint32(32, 4321, true);
  b.set(args, 40);
  return b;
}

Deno.test("fuse proto: fuse_in_header and op arguments decode", () => {
  const args = new Uint8Array(16 + 6);
  const v = new DataView(args.buffer);
  v.setUint32(0, 0o100644, true); // mknod mode
  v.setUint32(4, 0, true);
  v.setUint32(8, 0o022, true); // umask
  args.set(new TextEncoder().encode("a.txt\0"), 16);
  const r = decodeRequest(request(Op.MKNOD, args));
  assertEquals([r.len, r.opcode, r.unique, r.nodeid, r.uid, r.gid, r.pid], [
    62,
    8,
    42n,
    7n,
    1000,
    100,
    4321,
  ]);
  const a = new ArgReader(r);
  assertEquals([a.u32(), a.u32(), a.u32(), a.u32(), a.name()], [0o100644, 0, 0o022, 0, "a.txt"]);
  assertThrows(() => a.u32(), FuseProtocolError, "MKNOD request too short");
});

Deno.test("fuse proto: short, overlong and unterminated requests are refused", () => {
  assertThrows(() => decodeRequest(new Uint8Array(39)), FuseProtocolError, "shorter than a header");
  const r = request(Op.LOOKUP, new TextEncoder().encode("x\0"));
  new DataView(r.buffer).setUint32(0, 100, true); // says more than was read
  assertThrows(() => decodeRequest(r), FuseProtocolError, "says 100 bytes but 42 were read");
  const noNul = decodeRequest(request(Op.LOOKUP, new TextEncoder().encode("abc")));
  assertThrows(() => new ArgReader(noNul).name(), FuseProtocolError, "name without NUL");
  assertEquals(opName(Op.BATCH_FORGET), "BATCH_FORGET");
  assertEquals(opName(9999), "OP_9999");
});

const INFO = {
  isFile: true,
  isDirectory: false,
  isSymlink: false,
  type: "file" as const,
  size: 5,
  size64: 5n,
  mtime: new Date(1_700_000_000_250),
  atime: new Date(1_700_000_001_000),
  ctime: new Date(1_700_000_002_999),
  birthtime: null,
  dev: 1,
  ino: 77,
  fileid: 77n,
  mode: 0o4640,
  nlink: 2,
  uid: 1000,
  gid: 100,
  rdev: 0,
  used: 4096,
  blocks: 8,
};

Deno.test("fuse proto: fuse_entry_out and fuse_attr_out layouts", () => {
  const e = entryOut(9n, fuseAttr(INFO), 1.5, 2);
  assertEquals(e.length, 128);
  const v = new DataView(e.buffer);
  assertEquals(v.getBigUint64(0, true), 9n); // nodeid
  assertEquals(v.getBigUint64(16, true), 1n); // entry_valid
  assertEquals(v.getBigUint64(24, true), 2n); // attr_valid
  assertEquals(v.getUint32(32, true), 500_000_000); // entry_valid_nsec
  const at = 40; // fuse_attr
  assertEquals(v.getBigUint64(at, true), 77n); // ino
  assertEquals(v.getBigUint64(at + 8, true), 5n); // size
  assertEquals(v.getBigUint64(at + 16, true), 8n); // blocks
  assertEquals(v.getBigUint64(at + 32, true), 1_700_000_000n); // mtime
  assertEquals(v.getUint32(at + 52, true), 250_000_000); // mtimensec
  assertEquals(v.getUint32(at + 56, true), 999_000_000); // ctimensec
  assertEquals(v.getUint32(at + 60, true), 0o104640); // mode: S_IFREG | bits
  assertEquals([v.getUint32(at + 64, true), v.getUint32(at + 68, true)], [2, 1000]);
  const a = attrOut(fuseAttr({ ...INFO, type: "directory" }), 0.25);
  assertEquals(a.length, 104);
  const av = new DataView(a.buffer);
  assertEquals([av.getBigUint64(0, true), av.getUint32(8, true)], [0n, 250_000_000]);
  assertEquals(av.getUint32(16 + 60, true), 0o044640);
});

Deno.test("fuse proto: fuse_dirent padding, out header, init and statfs replies", () => {
  assertEquals([direntSize(1), direntSize(8), direntSize(9)], [32, 32, 40]);
  const b = new Uint8Array(64).fill(0xff);
  const n = putDirent(
    b,
    new DataView(b.buffer),
    0,
    new TextEncoder().encode("abc"),
    5n,
    3,
    0o040000,
  );
  assertEquals(n, 32);
  const v = new DataView(b.buffer);
  assertEquals([v.getBigUint64(0, true), v.getBigUint64(8, true)], [5n, 3n]);
  assertEquals([v.getUint32(16, true), v.getUint32(20, true)], [3, 4]); // namelen, DT_DIR
  assertEquals([...b.subarray(27, 32)], [0, 0, 0, 0, 0]); // padding zeroed
  assertEquals(b[32], 0xff); // nothing written past the entry
  const h = new DataView(outHeader(42n, -2, 100).buffer);
  assertEquals([h.getUint32(0, true), h.getInt32(4, true), h.getBigUint64(8, true)], [
    116,
    -2,
    42n,
  ]);
  const i = new DataView(
    initOut({
      minor: 31,
      maxReadahead: 131072,
      flags: 0x123,
      maxBackground: 64,
      congestionThreshold: 48,
      maxWrite: 1 << 20,
      timeGran: 1,
      maxPages: 256,
    }).buffer,
  );
  assertEquals(i.byteLength, 64);
  assertEquals([i.getUint32(0, true), i.getUint32(4, true), i.getUint32(20, true)], [
    7,
    31,
    1 << 20,
  ]);
  assertEquals(i.getUint16(28, true), 256);
  const s = new DataView(
    statfsOut({
      blocks: 10n,
      bfree: 4n,
      bavail: 3n,
      files: 9n,
      ffree: 2n,
      bsize: 4096,
      namelen: 255,
    })
      .buffer,
  );
  assertEquals([s.getBigUint64(16, true), s.getUint32(40, true), s.getUint32(48, true)], [
    3n,
    4096,
    4096,
  ]);
});

Deno.test("fuse: every NFS status maps to the errno of its POSIX code", () => {
  for (const row of NFS_STATUS_TABLE) {
    if (row.status === 0) continue;
    const e = nfsError({ status: row.status, proc: "NFS3 LOOKUP", path: "x" });
    const want = (ERRNO as Record<string, number>)[row.code];
    assertEquals(errnoOf(e), want ?? ERRNO.EIO, `${row.nfs3 ?? row.status} (${row.code})`);
    if (want === undefined) throw new Error(`no errno for ${row.code}`);
  }
  assertEquals(errnoOf(new DOMException("x", "AbortError")), ERRNO.EINTR);
  assertEquals(errnoOf({ code: "ETIMEDOUT" }), ERRNO.EIO); // soft time-out: EIO, as a soft mount
  assertEquals(errnoOf(new Error("bug")), ERRNO.EIO);
});
