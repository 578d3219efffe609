import { assertEquals, assertStrictEquals, assertThrows } from "@std/assert";
import { ClusterPool, Mbuf, MbufError, Storage } from "./mod.ts";

Deno.test("Storage.release() frees a cluster to its pool on the last reference", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  const s = new Storage(pool.alloc(), "cluster", pool, null);
  s.retain();
  assertEquals(s.refs, 2);
  s.release();
  assertEquals(pool.stats().inUse, 1);
  s.release();
  assertEquals(s.refs, 0);
  assertEquals(pool.stats().inUse, 0);
});

Deno.test("Storage.release() calls an external hook exactly once", () => {
  let fired = 0;
  const s = new Storage(new Uint8Array(8), "external", null, () => fired++);
  assertEquals(s.used, 8);
  s.retain();
  s.release();
  assertEquals(fired, 0);
  s.release();
  assertEquals(fired, 1);
  assertThrows(() => s.release(), MbufError, "Cannot release storage: it was already released");
  assertEquals(fired, 1);
});

Deno.test("Storage.view covers exactly its bytes, even for a subarray", () => {
  const backing = new Uint8Array([9, 9, 0, 0, 0, 7, 9]);
  const s = new Storage(backing.subarray(2, 6), "external", null, null);
  assertEquals(s.view.byteLength, 4);
  assertEquals(s.view.getUint32(0), 7);
  assertEquals(s.view, s.view);
});

Deno.test("Mbuf reports trailing and leading space only for unshared clusters", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  const s = new Storage(pool.alloc(), "cluster", pool, null);
  s.used = 8;
  const m = new Mbuf(s, 4, 4);
  assertEquals(m.trailingSpace, 8);
  assertEquals(m.leadingSpace, 4);
  const shared = m.share(1, 3);
  assertEquals(shared.offset, 5);
  assertEquals(shared.length, 2);
  assertEquals(shared.bytes, s.bytes.subarray(5, 7));
  assertEquals(m.trailingSpace, 0, "shared: no writable tail");
  assertEquals(m.leadingSpace, 0, "shared: no writable head");
  shared.storage.release();
  assertEquals(m.trailingSpace, 8);
  const ext = new Mbuf(new Storage(new Uint8Array(8), "external", null, null), 4, 0);
  assertEquals(ext.trailingSpace, 0);
  assertEquals(ext.leadingSpace, 0);
  assertEquals(ext.isExternal, true);
  s.release();
});

Deno.test("Mbuf.bytes is the storage itself when the view covers it whole", () => {
  const buf = new Uint8Array(8);
  const m = new Mbuf(new Storage(buf, "external", null, null), 0, 8);
  assertStrictEquals(m.bytes, buf);
  const part = new Mbuf(new Storage(buf, "external", null, null), 2, 3);
  assertEquals(part.bytes.byteOffset, 2);
  assertEquals(part.bytes.length, 3);
});

Deno.test("Mbuf rejects views outside its storage", () => {
  const s = new Storage(new Uint8Array(8), "external", null, null);
  assertThrows(() => new Mbuf(s, 4, 5), MbufError, "Cannot make an mbuf at 4+5 of a 8-byte");
  assertThrows(() => new Mbuf(s, -1, 2), MbufError);
  const m = new Mbuf(s, 2, 4);
  assertThrows(() => m.share(0, 5), MbufError, "Cannot share 0..5 of a 4-byte mbuf");
  assertThrows(() => m.share(3, 2), MbufError);
  assertEquals(s.refs, 1, "a rejected share takes no reference");
});
