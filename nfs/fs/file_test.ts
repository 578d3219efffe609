/**
 * NfsFile and the pipelined I/O over a fake protocol adapter: servers may return fewer bytes
 * than asked for (RFC 1813 §3.3.6 READ), and that must never end a read early.
 */
import { assertEquals, assertRejects, assertStrictEquals } from "@std/assert";
import type { Attrs, Ctx, Proto } from "./proto.ts";
import { Session } from "./session.ts";
import { NfsFile } from "./file.ts";
import { readRange, writeRange } from "./io.ts";

const T = { seconds: 0, nseconds: 0 };

/** A file in memory behind the Proto interface, answering READ with at most `maxRead` bytes. */
function fakeProto(content: Uint8Array, maxRead: number): Proto & { reads: number[][] } {
  const attrs = (): Attrs => ({
    type: "file",
    mode: 0o644,
    nlink: 1,
    uid: 0,
    gid: 0,
    size: BigInt(content.length),
    used: 0n,
    rdev: [0, 0],
    fsid: 1n,
    fileid: 2n,
    atime: T,
    mtime: T,
    ctime: T,
  });
  const reads: number[][] = [];
  const no = () => Promise.reject(new Error("not in this fake"));
  return {
    version: 3,
    maxNameBytes: 255,
    reads,
    getattr: () => Promise.resolve(attrs()),
    read(_fh: Uint8Array, offset: number, count: number, dest: Uint8Array, _c: Ctx) {
      reads.push([offset, count]);
      const n = Math.max(0, Math.min(count, maxRead, content.length - offset));
      dest.set(content.subarray(offset, offset + n));
      return Promise.resolve({ count: n, eof: offset + n >= content.length, attrs: null });
    },
    write(_fh: Uint8Array, offset: number, data: Uint8Array) {
      const n = Math.min(data.length, maxRead);
      content.set(data.subarray(0, n), offset);
      return Promise.resolve({ count: n, committed: 2, verf: null });
    },
    setattr: no,
    lookup: no,
    lookupInfo: no,
    readlink: no,
    commit: () => Promise.resolve(null),
    create: no,
    mkdir: no,
    symlink: no,
    link: no,
    remove: no,
    rmdir: no,
    rename: no,
    readdir: no,
    fsstat: no,
    fsinfo: no,
  };
}

function bytes(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);
}

function fileOver(proto: Proto, rsize: number): NfsFile {
  const s = new Session(proto, new Uint8Array([1]), "/", {
    rsize,
    wsize: rsize,
    readWindow: 4,
    writeWindow: 4,
    dircount: 8192,
    maxcount: 65536,
    timeResolutionNs: 1,
    maxFileSize: 2n ** 63n - 1n,
    nameCacheMs: 3000,
    rttMs: 0.1,
  });
  return new NfsFile(s, new Uint8Array([2]), "f", { read: true, write: true, append: false });
}

Deno.test("readRange() reads on after short READs", async () => {
  const data = bytes(10_000);
  const p = fakeProto(data, 700);
  const dest = new Uint8Array(10_000);
  const r = await readRange(p, new Uint8Array([2]), 0, dest, 4096, 4, {});
  assertEquals(r, { n: 10_000, eof: true });
  assertEquals(dest, data);
});

Deno.test("writeRange() writes on after short WRITEs", async () => {
  const content = new Uint8Array(5000);
  const p = fakeProto(content, 300);
  const data = bytes(5000);
  const ranges = await writeRange(p, new Uint8Array([2]), 0, data, 1024, 4, false, {});
  assertEquals(content, data);
  assertEquals(ranges.reduce((n, r) => n + r.data.length, 0), 5000);
});

Deno.test("NfsFile.readable (default reader) reads on after short READs", async () => {
  const data = bytes(10_000);
  const f = fileOver(fakeProto(data, 700), 4096);
  const got = new Uint8Array(await new Response(f.readable).arrayBuffer());
  assertEquals(got.length, data.length);
  assertEquals(got, data);
});

Deno.test("NfsFile.readable (BYOB reader) reads on after short READs", async () => {
  const data = bytes(10_000);
  const f = fileOver(fakeProto(data, 700), 4096);
  const r = f.readable.getReader({ mode: "byob" });
  const out: number[] = [];
  let ab = new ArrayBuffer(3000);
  for (;;) {
    const { value, done } = await r.read(new Uint8Array(ab));
    if (done) break;
    out.push(...value);
    ab = value.buffer as ArrayBuffer;
  }
  assertEquals(Uint8Array.from(out), data);
});

Deno.test("NfsFile.read() fills the buffer across short READs and stops at EOF", async () => {
  const data = bytes(5000);
  const f = fileOver(fakeProto(data, 700), 4096);
  const buf = new Uint8Array(6000);
  assertEquals(await f.read(buf), 5000);
  assertEquals(buf.subarray(0, 5000), data);
  assertEquals(await f.read(buf), null);
});

Deno.test("NfsFile.readable fails with the READ error, read-ahead failures included", async () => {
  const data = bytes(100_000);
  const p = fakeProto(data, 1 << 20);
  const read = p.read.bind(p);
  const boom = new Error("READ failed");
  p.read = (fh, offset, count, dest, c) =>
    offset >= 8192 ? Promise.reject(boom) : read(fh, offset, count, dest, c);
  const f = fileOver(p, 4096);
  const r = f.readable.getReader();
  assertEquals((await r.read()).value?.length, 4096);
  assertEquals((await r.read()).value?.length, 4096);
  assertStrictEquals(await assertRejects(() => r.read()), boom);
  // Let the other failed read-aheads settle: none may be left unhandled.
  await new Promise((res) => setTimeout(res, 10));
});

Deno.test("NfsFile.readable cancelled with reads in flight leaves nothing unhandled", async () => {
  const data = bytes(100_000);
  const p = fakeProto(data, 1 << 20);
  const read = p.read.bind(p);
  p.read = async (fh, offset, count, dest, c) => {
    await new Promise((res) => setTimeout(res, 5));
    if (offset > 0) throw new Error("connection closed");
    return read(fh, offset, count, dest, c);
  };
  const f = fileOver(p, 4096);
  const r = f.readable.getReader();
  assertEquals((await r.read()).value?.length, 4096);
  await r.cancel();
  await new Promise((res) => setTimeout(res, 20));
});
