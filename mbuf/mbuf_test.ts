import assert from "node:assert/strict";
import { ClusterPool, Mbuf, MbufError, Storage } from "./mod.ts";

Deno.test("Storage.release() frees a cluster to its pool on the last reference", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  const s = new Storage(pool.alloc(), "cluster", pool, null);
  s.retain();
  assert.equal(s.refs, 2);
  s.release();
  assert.equal(pool.stats().inUse, 1);
  s.release();
  assert.equal(s.refs, 0);
  assert.equal(pool.stats().inUse, 0);
});

Deno.test("Storage.release() calls an external hook exactly once", () => {
  let fired = 0;
  const s = new Storage(new Uint8Array(8), "external", null, () => fired++);
  assert.equal(s.used, 8);
  s.retain();
  s.release();
  assert.equal(fired, 0);
  s.release();
  assert.equal(fired, 1);
  assert.throws(() => s.release(), MbufError, "Cannot release storage: it was already released");
  assert.equal(fired, 1);
});

Deno.test("Storage.view covers exactly its bytes, even for a subarray", () => {
  const backing = new Uint8Array([9, 9, 0, 0, 0, 7, 9]);
  const s = new Storage(backing.subarray(2, 6), "external", null, null);
  assert.equal(s.view.byteLength, 4);
  assert.equal(s.view.getUint32(0), 7);
  assert.equal(s.view, s.view);
});

Deno.test("Mbuf reports trailing and leading space only for unshared clusters", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  const s = new Storage(pool.alloc(), "cluster", pool, null);
  s.used = 8;
  const m = new Mbuf(s, 4, 4);
  assert.equal(m.trailingSpace, 8);
  assert.equal(m.leadingSpace, 4);
  const shared = m.share(1, 3);
  assert.equal(shared.offset, 5);
  assert.equal(shared.length, 2);
  assert.deepEqual(shared.bytes, s.bytes.subarray(5, 7));
  assert.equal(m.trailingSpace, 0, "shared: no writable tail");
  assert.equal(m.leadingSpace, 0, "shared: no writable head");
  shared.storage.release();
  assert.equal(m.trailingSpace, 8);
  const ext = new Mbuf(new Storage(new Uint8Array(8), "external", null, null), 4, 0);
  assert.equal(ext.trailingSpace, 0);
  assert.equal(ext.leadingSpace, 0);
  assert.equal(ext.isExternal, true);
  s.release();
});

Deno.test("Mbuf.bytes is the storage itself when the view covers it whole", () => {
  const buf = new Uint8Array(8);
  const m = new Mbuf(new Storage(buf, "external", null, null), 0, 8);
  assert.equal(m.bytes, buf);
  const part = new Mbuf(new Storage(buf, "external", null, null), 2, 3);
  assert.equal(part.bytes.byteOffset, 2);
  assert.equal(part.bytes.length, 3);
});

Deno.test("Mbuf rejects views outside its storage", () => {
  const s = new Storage(new Uint8Array(8), "external", null, null);
  assert.throws(() => new Mbuf(s, 4, 5), MbufError, "Cannot make an mbuf at 4+5 of a 8-byte");
  assert.throws(() => new Mbuf(s, -1, 2), MbufError);
  const m = new Mbuf(s, 2, 4);
  assert.throws(() => m.share(0, 5), MbufError, "Cannot share 0..5 of a 4-byte mbuf");
  assert.throws(() => m.share(3, 2), MbufError);
  assert.equal(s.refs, 1, "a rejected share takes no reference");
});
