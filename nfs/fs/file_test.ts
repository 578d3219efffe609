/**
 * NfsFile and the pipelined I/O over a fake protocol adapter: servers may return fewer bytes
 * than asked for (RFC 1813 §3.3.6 READ), and that must never end a read early.
 */
import { assertEquals, assertRejects, assertStrictEquals } from "@std/assert";
import type { Ctx, Proto } from "./proto.ts";
import { bytes, fakeProto, fakeSession, fileAttrs } from "./_fake_test.ts";
import { NfsFile } from "./file.ts";
import { readRange, writeRange } from "./io.ts";

/** A file in memory behind the Proto interface, answering READ with at most `maxRead` bytes. */
function memoryFile(content: Uint8Array, maxRead: number): Proto & { reads: number[][] } {
  const reads: number[][] = [];
  return fakeProto({
    reads,
    getattr: () => Promise.resolve(fileAttrs(content.length)),
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
    commit: () => Promise.resolve(null),
  });
}

function fileOver(proto: Proto, rsize: number): NfsFile {
  const s = fakeSession(proto, { rsize, wsize: rsize });
  return new NfsFile(s, new Uint8Array([2]), "f", { read: true, write: true, append: false });
}

Deno.test("readRange() reads on after short READs", async () => {
  const data = bytes(10_000);
  const p = memoryFile(data, 700);
  const dest = new Uint8Array(10_000);
  const r = await readRange(p, new Uint8Array([2]), 0, dest, 4096, 4, {});
  assertEquals(r, { n: 10_000, eof: true });
  assertEquals(dest, data);
});

Deno.test("writeRange() writes on after short WRITEs", async () => {
  const content = new Uint8Array(5000);
  const p = memoryFile(content, 300);
  const data = bytes(5000);
  const ranges = await writeRange(p, new Uint8Array([2]), 0, data, 1024, 4, false, {});
  assertEquals(content, data);
  assertEquals(ranges.reduce((n, r) => n + r.data.length, 0), 5000);
});

Deno.test("NfsFile.readable (default reader) reads on after short READs", async () => {
  const data = bytes(10_000);
  const f = fileOver(memoryFile(data, 700), 4096);
  const got = new Uint8Array(await new Response(f.readable).arrayBuffer());
  assertEquals(got.length, data.length);
  assertEquals(got, data);
});

Deno.test("NfsFile.readable (BYOB reader) reads on after short READs", async () => {
  const data = bytes(10_000);
  const f = fileOver(memoryFile(data, 700), 4096);
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
  const f = fileOver(memoryFile(data, 700), 4096);
  const buf = new Uint8Array(6000);
  assertEquals(await f.read(buf), 5000);
  assertEquals(buf.subarray(0, 5000), data);
  assertEquals(await f.read(buf), null);
});

Deno.test("NfsFile.readable fails with the READ error, read-ahead failures included", async () => {
  const data = bytes(100_000);
  const p = memoryFile(data, 1 << 20);
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
  const p = memoryFile(data, 1 << 20);
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

Deno.test("NfsFile.endSeen is where a READ said the file ends, until a read finds more", async () => {
  let content = bytes(4096);
  const p = fakeProto({
    read(_fh: Uint8Array, offset: number, count: number, dest: Uint8Array, _c: Ctx) {
      const n = Math.max(0, Math.min(count, content.length - offset));
      dest.set(content.subarray(offset, offset + n));
      return Promise.resolve({ count: n, eof: offset + n >= content.length, attrs: null });
    },
  });
  const f = fileOver(p, 1024);
  assertEquals(f.endSeen, undefined);
  assertEquals(await f.readAt(new Uint8Array(1000), 0), 1000); // not the end
  assertEquals(f.endSeen, undefined);
  assertEquals(await f.readAt(new Uint8Array(4096), 0), 4096); // exactly to the end
  assertEquals(f.endSeen, 4096);
  content = bytes(6000); // the file grows: a read past the old end shows it
  assertEquals(await f.readAt(new Uint8Array(1000), 4096), 1000);
  assertEquals(f.endSeen, undefined);
  assertEquals(await f.readAt(new Uint8Array(8192), 5096), 904);
  assertEquals(f.endSeen, 6000);
});
