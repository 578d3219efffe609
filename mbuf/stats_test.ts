import { assertEquals, assertThrows } from "@std/assert";
import {
  ClusterPool,
  copyBytes,
  type CopyStats,
  copyStats,
  countCopy,
  MbufChain,
  resetCopyStats,
} from "./mod.ts";

function delta(before: CopyStats): CopyStats {
  const now = copyStats();
  return {
    headerBytes: now.headerBytes - before.headerBytes,
    payloadBytes: now.payloadBytes - before.payloadBytes,
    flattenBytes: now.flattenBytes - before.flattenBytes,
    copies: now.copies - before.copies,
  };
}

const NONE = { headerBytes: 0, payloadBytes: 0, flattenBytes: 0, copies: 0 };

Deno.test("copyStats() counts appendCopy bytes under the kind given", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  const chain = new MbufChain(pool);
  let before = copyStats();
  chain.appendCopy(new Uint8Array(40)); // 16 + 16 + 8: three copies, one per cluster
  assertEquals(delta(before), { ...NONE, headerBytes: 40, copies: 3 });
  before = copyStats();
  chain.appendCopy(new Uint8Array(5), "payload");
  assertEquals(delta(before), { ...NONE, payloadBytes: 5, copies: 1 });
  before = copyStats();
  chain.appendCopy(new Uint8Array(0));
  assertEquals(delta(before), NONE);
  chain.release();
});

Deno.test("copyStats() counts copyTo and toBytes, exactly the bytes copied", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  const chain = new MbufChain(pool).appendCopy(new Uint8Array(30));
  chain.appendExternal(new Uint8Array(100));
  let before = copyStats();
  chain.copyTo(new Uint8Array(50), 20, 50);
  assertEquals(delta(before), { ...NONE, payloadBytes: 50, copies: 2 });
  before = copyStats();
  chain.copyTo(new Uint8Array(8), 0, 8, "header");
  assertEquals(delta(before), { ...NONE, headerBytes: 8, copies: 1 });
  before = copyStats();
  assertEquals(chain.toBytes().length, 130);
  assertEquals(delta(before), { ...NONE, flattenBytes: 130, copies: 1 });
  chain.release();
});

Deno.test("copyStats() does not move for appendExternal, split, slice, advance, prepend", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  const header = new MbufChain(pool).appendCopy(new Uint8Array(20));
  const before = copyStats();
  const chain = new MbufChain(pool).reserveHeadroom(4);
  chain.appendExternal(new Uint8Array(1 << 20));
  chain.appendChain(header);
  chain.prepend(4);
  const tail = chain.split(1000);
  const s = tail.slice(3, 900_000);
  s.advance(100);
  tail.advance(50);
  chain.getUint32(2);
  [...chain.segments()];
  chain.release();
  tail.release();
  s.release();
  header.release();
  assertEquals(delta(before), NONE);
});

Deno.test("copyBytes() copies, counts, and rejects a destination too small", () => {
  const dest = new Uint8Array(6);
  const before = copyStats();
  copyBytes(dest, 2, new Uint8Array([1, 2, 3, 4]), "payload");
  assertEquals(dest, new Uint8Array([0, 0, 1, 2, 3, 4]));
  assertEquals(delta(before), { ...NONE, payloadBytes: 4, copies: 1 });
  assertThrows(
    () => copyBytes(dest, 3, new Uint8Array(4), "header"),
    RangeError,
    "Cannot copy 4 bytes at offset 3: destination holds 6",
  );
  assertThrows(() => copyBytes(dest, -1, new Uint8Array(1), "header"), RangeError);
  assertEquals(delta(before), { ...NONE, payloadBytes: 4, copies: 1 });
});

Deno.test("countCopy() and resetCopyStats() update the counters; snapshots are fresh", () => {
  resetCopyStats();
  assertEquals(copyStats(), NONE);
  countCopy("header", 3);
  countCopy("flatten", 7);
  countCopy("payload", 0); // nothing copied, nothing counted
  const snap = copyStats();
  assertEquals(snap, { headerBytes: 3, payloadBytes: 0, flattenBytes: 7, copies: 2 });
  countCopy("payload", 1);
  assertEquals(snap.payloadBytes, 0);
  resetCopyStats();
  assertEquals(copyStats(), NONE);
});
