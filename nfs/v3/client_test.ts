import { assert, assertEquals, assertRejects, assertStrictEquals, assertThrows } from "@std/assert";
import { copyStats, MbufChain } from "../../mbuf/mod.ts";
import { NotFound } from "../errors.ts";
import { bytes, FakeCaller, opaque, str, u32, u64 } from "../_bytes_test.ts";
import { unwrap } from "../_program.ts";
import { Nfs3Client } from "./client.ts";
import { READ3_REPLY_HINT } from "./codec_procs.ts";
import { Createmode3, Ftype3, StableHow } from "./types.ts";

const FH = [1, 2, 3, 4, 5, 6, 7, 8];
const fh = new Uint8Array(FH);
const WCC_NONE = u32(0, 0);
const VERF = [1, 1, 2, 2, 3, 3, 4, 4];

Deno.test("Nfs3Client methods send the RFC procedure number, name and arguments", async () => {
  const fake = new FakeCaller();
  const nfs = new Nfs3Client(fake);
  const cases: [() => Promise<unknown>, number, string, Uint8Array, Uint8Array][] = [
    [() => nfs.null(), 0, "NULL", bytes(), bytes()],
    [() => nfs.getattr(fh), 1, "GETATTR", bytes(opaque(FH)), bytes(u32(70))],
    [
      () => nfs.setattr(fh, { size: 0 }),
      2,
      "SETATTR",
      bytes(opaque(FH), u32(0, 0, 0, 1), u64(0), u32(0, 0), u32(0)),
      bytes(u32(0), WCC_NONE),
    ],
    [() => nfs.lookup(fh, "a.txt"), 3, "LOOKUP", bytes(opaque(FH), str("a.txt")), bytes(u32(2, 0))],
    [() => nfs.access(fh, 0x1f), 4, "ACCESS", bytes(opaque(FH), u32(0x1f)), bytes(u32(0, 0, 0x3))],
    [() => nfs.readlink(fh), 5, "READLINK", bytes(opaque(FH)), bytes(u32(0, 0), str("t"))],
    [
      () => nfs.create(fh, "f", { mode: Createmode3.GUARDED, objAttributes: { mode: 0o600 } }),
      8,
      "CREATE",
      bytes(opaque(FH), str("f"), u32(1), u32(1, 0o600, 0, 0, 0, 0, 0)),
      bytes(u32(17), WCC_NONE),
    ],
    [
      () => nfs.create(fh, "f", { mode: Createmode3.EXCLUSIVE, verf: new Uint8Array(VERF) }),
      8,
      "CREATE",
      bytes(opaque(FH), str("f"), u32(2), VERF),
      bytes(u32(0), u32(1), opaque(FH), u32(0), WCC_NONE),
    ],
    [
      () => nfs.mkdir(fh, "d"),
      9,
      "MKDIR",
      bytes(opaque(FH), str("d"), u32(0, 0, 0, 0, 0, 0)),
      bytes(u32(0), u32(0), u32(0), WCC_NONE),
    ],
    [
      () => nfs.symlink(fh, "l", "../x"),
      10,
      "SYMLINK",
      bytes(opaque(FH), str("l"), u32(0, 0, 0, 0, 0, 0), str("../x")),
      bytes(u32(0), u32(0), u32(0), WCC_NONE),
    ],
    [
      () => nfs.mknod(fh, "p", { type: Ftype3.NF3FIFO, pipeAttributes: {} }),
      11,
      "MKNOD",
      bytes(opaque(FH), str("p"), u32(7), u32(0, 0, 0, 0, 0, 0)),
      bytes(u32(10007), WCC_NONE),
    ],
    [() => nfs.remove(fh, "f"), 12, "REMOVE", bytes(opaque(FH), str("f")), bytes(u32(0), WCC_NONE)],
    [() => nfs.rmdir(fh, "d"), 13, "RMDIR", bytes(opaque(FH), str("d")), bytes(u32(66), WCC_NONE)],
    [
      () => nfs.rename(fh, "a", fh, "b"),
      14,
      "RENAME",
      bytes(opaque(FH), str("a"), opaque(FH), str("b")),
      bytes(u32(0), WCC_NONE, WCC_NONE),
    ],
    [
      () => nfs.link(fh, fh, "h"),
      15,
      "LINK",
      bytes(opaque(FH), opaque(FH), str("h")),
      bytes(u32(0), u32(0), WCC_NONE),
    ],
    [
      () => nfs.readdir(fh),
      16,
      "READDIR",
      bytes(opaque(FH), u64(0), new Array(8).fill(0), u32(32768)),
      bytes(u32(0, 0), VERF, u32(0, 1)),
    ],
    [
      () => nfs.readdirplus(fh, 5n, new Uint8Array(VERF), 100, 200),
      17,
      "READDIRPLUS",
      bytes(opaque(FH), u64(5), VERF, u32(100, 200)),
      bytes(u32(0, 0), VERF, u32(0, 1)),
    ],
    [
      () => nfs.fsstat(fh),
      18,
      "FSSTAT",
      bytes(opaque(FH)),
      bytes(u32(0, 0), u64(1), u64(2), u64(3), u64(4), u64(5), u64(6), u32(0)),
    ],
    [() => nfs.fsinfo(fh), 19, "FSINFO", bytes(opaque(FH)), bytes(u32(5, 0))],
    [
      () => nfs.pathconf(fh),
      20,
      "PATHCONF",
      bytes(opaque(FH)),
      bytes(u32(0, 0, 32000, 255, 1, 1, 0, 1)),
    ],
    [
      () => nfs.commit(fh),
      21,
      "COMMIT",
      bytes(opaque(FH), u64(0), u32(0)),
      bytes(u32(0), WCC_NONE, VERF),
    ],
  ];
  for (const [run, proc, name, args, reply] of cases) {
    fake.reply(reply);
    await run();
    const { spec, bytes: sent } = fake.last;
    assertStrictEquals(spec.prog, 100003);
    assertStrictEquals(spec.vers, 3);
    assertStrictEquals(spec.proc, proc, name);
    assertStrictEquals(spec.name, `NFS3 ${name}`);
    assertEquals(sent, args, name);
  }
});

Deno.test("Nfs3Client returns NFS statuses; unwrap() throws the NfsError with the result", async () => {
  const fake = new FakeCaller().reply(
    bytes(u32(2, 1), new Array(84).fill(0).map((_, i) => i === 3 ? 2 : 0)),
  );
  const nfs = new Nfs3Client(fake);
  const res = await nfs.lookup(fh, "nope");
  assertStrictEquals(res.status, 2);
  const e = assertThrows(() => unwrap(res, "NFS3 LOOKUP", "dir/nope"), NotFound);
  assertStrictEquals(
    e.message,
    'Cannot LOOKUP "dir/nope": no such file or directory (NFS3ERR_NOENT)',
  );
  assertStrictEquals((e.result as typeof res).status, 2);
  assertStrictEquals(e.result, res);
  fake.reply(bytes(u32(0), opaque(FH), u32(0, 0)));
  const ok = unwrap(await nfs.lookup(fh, "yes"), "NFS3 LOOKUP");
  assertEquals(ok.object, fh);
});

Deno.test("Nfs3Client passes signal and timeout, and rejects bad names before sending", async () => {
  const fake = new FakeCaller().reply(bytes(u32(70)));
  const nfs = new Nfs3Client(fake);
  const signal = new AbortController().signal;
  await nfs.getattr(fh, { signal, timeout: 1234 });
  assertStrictEquals(fake.last.spec.signal, signal);
  assertStrictEquals(fake.last.spec.timeout, 1234);
  await assertRejects(() => nfs.lookup(fh, "a/b"), TypeError);
  await assertRejects(() => nfs.lookup(new Uint8Array(65), "a"), RangeError);
});

Deno.test("write() attaches the caller's very buffer to the request: no payload copy", async () => {
  const data = new Uint8Array(256 * 1024).fill(7);
  const fake = new FakeCaller().reply(bytes(u32(0), WCC_NONE, u32(data.length, 2), VERF));
  const nfs = new Nfs3Client(fake);
  const before = copyStats().payloadBytes;
  const res = unwrap(await nfs.write(fh, 1n << 40n, data, StableHow.FILE_SYNC), "NFS3 WRITE");
  assertStrictEquals(copyStats().payloadBytes - before, 0);
  assertStrictEquals(res.count, data.length);
  assertStrictEquals(res.committed, StableHow.FILE_SYNC);
  assertEquals(res.verf, new Uint8Array(VERF));
  const { chain } = fake.last;
  assert(chain.mbufs().some((m) => m.storage.bytes === data), "the chain holds `data` itself");
  chain.release();
});

/** The READ3resok head up to the data length word (post_op_attr absent), then the data. */
function readReplyHead(n: number, eof: boolean): Uint8Array {
  return bytes(u32(0, 0, n, eof ? 1 : 0, n));
}

Deno.test("read() decodes in place when the transport received the data into dest", async () => {
  const dest = new Uint8Array(65536);
  const n = 40000;
  const fake = new FakeCaller().reply((spec) => {
    // What the transport does: the head into clusters, the data straight into dest.
    const head = readReplyHead(n, true);
    spec.sink!.dest.fill(9, 0, n);
    return new MbufChain().appendCopy(head).appendExternal(spec.sink!.dest.subarray(0, n));
  });
  const nfs = new Nfs3Client(fake);
  const before = copyStats().payloadBytes;
  const res = unwrap(await nfs.read(fh, 0, 65536, dest), "NFS3 READ");
  assertStrictEquals(copyStats().payloadBytes - before, 0, "no payload byte copied");
  assertStrictEquals(fake.last.spec.sink!.dest, dest);
  assertStrictEquals(fake.last.spec.sink!.head, READ3_REPLY_HINT);
  assertStrictEquals(res.count, n);
  assertStrictEquals(res.eof, true);
  assertStrictEquals(res.data.buffer, dest.buffer);
  assertStrictEquals(res.data.byteOffset, dest.byteOffset);
  assertStrictEquals(res.data.length, n);
  assertStrictEquals(res.data[n - 1], 9);
});

Deno.test("read() falls back to one copy of exactly count bytes from clusters", async () => {
  const dest = new Uint8Array(8192);
  const n = 4098; // not a multiple of 4: padding follows
  const data = new Uint8Array(n).map((_, i) => i & 255);
  const fake = new FakeCaller().reply(bytes([...readReplyHead(n, false)], [...data], [0, 0]));
  const nfs = new Nfs3Client(fake);
  const before = copyStats().payloadBytes;
  const res = unwrap(await nfs.read(fh, 4096, 8192, dest), "NFS3 READ");
  assertStrictEquals(copyStats().payloadBytes - before, n);
  assertEquals(res.data, data);
  assertStrictEquals(res.data.buffer, dest.buffer);
  assertStrictEquals(res.eof, false);
  // Without dest, a buffer of `count` bytes is made.
  fake.reply(bytes([...readReplyHead(3, true)], [1, 2, 3, 0]));
  const own = unwrap(await nfs.read(fh, 0, 100), "NFS3 READ");
  assertEquals(own.data, new Uint8Array([1, 2, 3]));
  assertStrictEquals(own.data.buffer.byteLength, 100);
  await assertRejects(() => nfs.read(fh, 0, 100, new Uint8Array(10)), RangeError);
});

Deno.test("read() decodes an error status and rejects an oversized count", async () => {
  const fake = new FakeCaller().reply(bytes(u32(21, 0)));
  const nfs = new Nfs3Client(fake);
  const res = await nfs.read(fh, 0, 16, new Uint8Array(16));
  assertEquals(res, { status: 21, fileAttributes: null });
  fake.reply(bytes([...readReplyHead(17, true)], new Array(20).fill(1)));
  await assertRejects(
    () => nfs.read(fh, 0, 16, new Uint8Array(16)),
    Error,
    "count 17 exceeds the 16 requested",
  );
});
