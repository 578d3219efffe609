import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "@std/assert";
import { copyStats, MbufChain } from "../../mbuf/mod.ts";
import { NotFound } from "../errors.ts";
import { bytes, FakeCaller, opaque, str, u32 } from "../_bytes_test.ts";
import { unwrap } from "../_program.ts";
import { Nfs2Client } from "./client.ts";
import { READ2_REPLY_HINT } from "./codec_procs.ts";

const FH = Array.from({ length: 32 }, (_, i) => 0x40 + i);
const fh = new Uint8Array(FH);
const FATTR = u32(1, 0o100644, 1, 0, 0, 6, 4096, 0, 8, 7, 99, 1, 0, 2, 0, 3, 0);
const M1 = 0xffffffff;
const NO_SATTR = u32(M1, M1, M1, M1, M1, M1, M1, M1);

Deno.test("Nfs2Client methods send the RFC procedure number, name and arguments", async () => {
  const fake = new FakeCaller();
  const nfs = new Nfs2Client(fake);
  const cases: [() => Promise<unknown>, number, string, Uint8Array, Uint8Array][] = [
    [() => nfs.null(), 0, "NULL", bytes(), bytes()],
    [() => nfs.getattr(fh), 1, "GETATTR", bytes(FH), bytes(u32(0), FATTR)],
    [
      () => nfs.setattr(fh, { size: 0 }),
      2,
      "SETATTR",
      bytes(FH, u32(M1, M1, M1, 0, M1, M1, M1, M1)),
      bytes(u32(0), FATTR),
    ],
    [() => nfs.root(), 3, "ROOT", bytes(), bytes()],
    [() => nfs.lookup(fh, "a"), 4, "LOOKUP", bytes(FH, str("a")), bytes(u32(0), FH, FATTR)],
    [() => nfs.readlink(fh), 5, "READLINK", bytes(FH), bytes(u32(0), str("b"))],
    [() => nfs.writecache(), 7, "WRITECACHE", bytes(), bytes()],
    [
      () => nfs.write(fh, 4, new Uint8Array([9, 9])),
      8,
      "WRITE",
      bytes(FH, u32(4, 4, 2), opaque([9, 9])),
      bytes(u32(0), FATTR),
    ],
    [
      () => nfs.create(fh, "f", { mode: 0o644 }),
      9,
      "CREATE",
      bytes(FH, str("f"), u32(0o644, M1, M1, M1, M1, M1, M1, M1)),
      bytes(u32(17)),
    ],
    [() => nfs.remove(fh, "f"), 10, "REMOVE", bytes(FH, str("f")), bytes(u32(0))],
    [
      () => nfs.rename(fh, "a", fh, "b"),
      11,
      "RENAME",
      bytes(FH, str("a"), FH, str("b")),
      bytes(u32(0)),
    ],
    [() => nfs.link(fh, fh, "l"), 12, "LINK", bytes(FH, FH, str("l")), bytes(u32(0))],
    [
      () => nfs.symlink(fh, "s", "../t"),
      13,
      "SYMLINK",
      bytes(FH, str("s"), str("../t"), NO_SATTR),
      bytes(u32(0)),
    ],
    [
      () => nfs.mkdir(fh, "d"),
      14,
      "MKDIR",
      bytes(FH, str("d"), NO_SATTR),
      bytes(u32(0), FH, FATTR),
    ],
    [() => nfs.rmdir(fh, "d"), 15, "RMDIR", bytes(FH, str("d")), bytes(u32(66))],
    [() => nfs.readdir(fh), 16, "READDIR", bytes(FH, u32(0, 8192)), bytes(u32(0, 0, 1))],
    [() => nfs.statfs(fh), 17, "STATFS", bytes(FH), bytes(u32(0, 8192, 1024, 10, 5, 4))],
  ];
  for (const [call, proc, name, args, reply] of cases) {
    fake.reply(reply);
    await call();
    const { spec, bytes: sent } = fake.last;
    assertEquals([spec.prog, spec.vers, spec.proc, spec.name], [
      100003,
      2,
      proc,
      `NFS2 ${name}`,
    ]);
    assertEquals(sent, args, name);
  }
  fake.reply(bytes(u32(0), u32(1, 7), str("x"), u32(1), u32(0, 1)));
  assertEquals(await nfs.readdir(fh, new Uint8Array([0, 0, 0, 5]), 512), {
    status: 0,
    entries: [{ fileid: 7, name: "x", cookie: new Uint8Array([0, 0, 0, 1]) }],
    eof: true,
  });
  assertEquals(fake.last.bytes, bytes(FH, [0, 0, 0, 5], u32(512)));
});

Deno.test("Nfs2Client returns statuses; unwrap() throws the NfsError with NFSERR_ names", async () => {
  const fake = new FakeCaller().reply(bytes(u32(2)));
  const res = await new Nfs2Client(fake).lookup(fh, "missing");
  assertEquals(res, { status: 2 });
  const e = assertThrows(() => unwrap(res, "NFS2 LOOKUP", "missing"), NotFound);
  assertStrictEquals(
    e.message,
    'Cannot LOOKUP "missing": no such file or directory (NFSERR_NOENT)',
  );
  assertStrictEquals(e.statusName, "NFSERR_NOENT");
});

Deno.test("bad handles, names, offsets and counts are rejected before sending", async () => {
  const fake = new FakeCaller();
  const nfs = new Nfs2Client(fake);
  await assertRejects(() => nfs.getattr(new Uint8Array(31)), Error, "fhandle of 31 bytes");
  await assertRejects(() => nfs.lookup(fh, "a/b"), TypeError);
  await assertRejects(() => nfs.lookup(fh, "a\0"), TypeError);
  await assertRejects(() => nfs.create(fh, "x".repeat(256)), Error, "256 bytes: maximum is 255");
  await assertRejects(() => nfs.read(fh, 2 ** 32, 1), Error, "NFSv2 offsets are 32-bit");
  await assertRejects(() => nfs.read(fh, 2 ** 32 - 1, 2), Error, "ends past 2^32");
  await assertRejects(() => nfs.read(fh, 0, 8193), Error, "NFS_MAXDATA");
  await assertRejects(
    () => nfs.read(fh, 0, 100, new Uint8Array(10)),
    Error,
    "into a 10-byte buffer",
  );
  await assertRejects(() => nfs.write(fh, 0, new Uint8Array(8193)), Error, "NFS_MAXDATA");
  await assertRejects(() => nfs.write(fh, 2 ** 32, new Uint8Array(1)), Error, "32-bit");
  assertStrictEquals(fake.calls.length, 0, "nothing was sent");
  const signal = new AbortController().signal;
  fake.reply(bytes());
  await nfs.null({ signal, timeout: 1234 });
  assertStrictEquals(fake.last.spec.signal, signal);
  assertStrictEquals(fake.last.spec.timeout, 1234);
});

Deno.test("write() attaches the caller's very buffer to the request: no payload copy", async () => {
  const data = new Uint8Array(8192).fill(7);
  const fake = new FakeCaller().reply(bytes(u32(0), FATTR));
  const nfs = new Nfs2Client(fake);
  const before = copyStats().payloadBytes;
  const res = unwrap(await nfs.write(fh, 2 ** 32 - 8192, data), "NFS2 WRITE");
  assertStrictEquals(copyStats().payloadBytes - before, 0);
  assertStrictEquals(res.attributes.fileid, 99);
  const { chain } = fake.last;
  assert(chain.mbufs().some((m) => m.storage.bytes === data), "the chain holds `data` itself");
  chain.release();
});

/** readres up to the data length word: NFS_OK, fattr, length. */
function readReplyHead(n: number): Uint8Array {
  return bytes(u32(0), FATTR, u32(n));
}

Deno.test("read() decodes in place when the transport received the data into dest", async () => {
  const dest = new Uint8Array(8192);
  const n = dest.length; // a full NFS_MAXDATA read
  let reply: MbufChain | undefined;
  const fake = new FakeCaller().reply((spec) => {
    // What the transport does: the head into clusters, the data straight into dest.
    const head = readReplyHead(n);
    spec.sink!.dest.fill(9);
    reply = new MbufChain().appendCopy(head).appendExternal(spec.sink!.dest);
    return reply;
  });
  const nfs = new Nfs2Client(fake);
  const before = copyStats().payloadBytes;
  const res = unwrap(await nfs.read(fh, 0, 8192, dest), "NFS2 READ");
  assertStrictEquals(copyStats().payloadBytes - before, 0, "no payload byte copied");
  assertStrictEquals(reply!.mbufs()[1]!.storage.bytes, dest, "the data mbuf's storage is dest");
  assertStrictEquals(fake.last.spec.sink!.dest, dest);
  assertStrictEquals(fake.last.spec.sink!.head, READ2_REPLY_HINT);
  assertStrictEquals(READ2_REPLY_HINT, 24 + 4 + 68 + 4);
  assertStrictEquals(res.data.buffer, dest.buffer);
  assertStrictEquals(res.data.byteOffset, dest.byteOffset);
  assertStrictEquals(res.data.length, n);
  assertStrictEquals(res.data[n - 1], 9);
  assertStrictEquals(res.attributes.size, 6);
});

Deno.test("read() falls back to one copy of exactly the data from clusters", async () => {
  const dest = new Uint8Array(8192);
  const data = new Uint8Array(4098).map((_, i) => i & 255); // padding follows
  const fake = new FakeCaller().reply(bytes([...readReplyHead(data.length)], [...data], [0, 0]));
  const nfs = new Nfs2Client(fake);
  const before = copyStats().payloadBytes;
  const res = unwrap(await nfs.read(fh, 4096, 8192, dest), "NFS2 READ");
  assertStrictEquals(copyStats().payloadBytes - before, data.length);
  assertEquals(res.data, data);
  assertStrictEquals(res.data.buffer, dest.buffer);
  // Without dest, a buffer of `count` bytes is made.
  fake.reply(bytes([...readReplyHead(3)], [1, 2, 3, 0]));
  const own = unwrap(await nfs.read(fh, 0, 100), "NFS2 READ");
  assertEquals(own.data, new Uint8Array([1, 2, 3]));
  assertStrictEquals(own.data.buffer.byteLength, 100);
  // More data than asked for is a decode error.
  fake.reply(bytes([...readReplyHead(8)], new Array(8).fill(1)));
  assertMatch(
    (await assertRejects(() => nfs.read(fh, 0, 4), Error)).message,
    /readres\.data.*length 8 exceeds 4/,
  );
  fake.reply(bytes(u32(13)));
  assertEquals(await nfs.read(fh, 0, 4), { status: 13 });
});
