import {
  assert,
  assertEquals,
  assertMatch,
  assertNotStrictEquals,
  assertStrictEquals,
  assertThrows,
  fail,
} from "@std/assert";
import {
  ClusterPool,
  type CopyKind,
  type CopyStats,
  copyStats,
  MbufChain,
  MbufError,
  type Storage,
} from "./mod.ts";
import { concat, mulberry32, randBytes, randInt } from "../tests/_split.ts";

// ---------------------------------------------------------------------------------------
// Model-based test: random operations on chains, each checked against a flat Uint8Array.
// ---------------------------------------------------------------------------------------

interface External {
  buf: Uint8Array;
  sum: Uint8Array;
  releases: number;
}

interface Live {
  chain: MbufChain;
  model: Uint8Array;
}

function copiesSince(before: CopyStats): CopyStats {
  const now = copyStats();
  return {
    headerBytes: now.headerBytes - before.headerBytes,
    payloadBytes: now.payloadBytes - before.payloadBytes,
    flattenBytes: now.flattenBytes - before.flattenBytes,
    copies: now.copies - before.copies,
  };
}

function expectCopied(before: CopyStats, kind: CopyKind | null, n: number, step: string): void {
  const d = copiesSince(before);
  const want = {
    headerBytes: kind === "header" ? n : 0,
    payloadBytes: kind === "payload" ? n : 0,
    flattenBytes: kind === "flatten" ? n : 0,
  };
  assertEquals(
    { headerBytes: d.headerBytes, payloadBytes: d.payloadBytes, flattenBytes: d.flattenBytes },
    want,
    `copy counters after ${step}`,
  );
  if (n === 0 || kind === null) assertEquals(d.copies, 0, `copy operations after ${step}`);
}

/** Checks every live chain against its model, and the storage reference counts. */
function verify(live: readonly Live[], pool: ClusterPool, exts: Map<Uint8Array, External>) {
  const before = copyStats();
  const refs = new Map<Storage, number>();
  for (const [k, { chain, model }] of live.entries()) {
    assertEquals(chain.byteLength, model.length, `chain ${k} length`);
    let o = 0;
    for (const seg of chain.segments()) {
      assert(seg.length > 0, `chain ${k} yielded an empty segment`);
      for (let j = 0; j < seg.length; j++) {
        if (seg[j] !== model[o + j]) {
          fail(`chain ${k} byte ${o + j}: got ${seg[j]}, model has ${model[o + j]}`);
        }
      }
      o += seg.length;
    }
    assertEquals(o, model.length, `chain ${k} segments total`);
    let sum = 0;
    for (const m of chain.mbufs()) {
      sum += m.length;
      refs.set(m.storage, (refs.get(m.storage) ?? 0) + 1);
      const ext = m.isExternal ? exts.get(m.storage.bytes) : undefined;
      if (ext !== undefined) assertEquals(ext.releases, 0, "release hook fired while in use");
    }
    assertEquals(sum, model.length, `chain ${k} mbuf lengths`);
  }
  let pooled = 0;
  for (const [s, n] of refs) {
    assertEquals(s.refs, n, `storage of ${s.bytes.length} bytes: refs vs mbufs holding it`);
    // prepend() allocates at most 12 bytes here, so a cluster-sized storage is pooled.
    if (s.kind === "cluster" && s.bytes.length === pool.clusterSize) pooled++;
  }
  assertEquals(pool.stats().inUse, pooled, "pool inUse vs clusters held by live chains");
  expectCopied(before, null, 0, "verify");
}

function runModel(seed: number, clusterSize: number, steps: number, maxLen: number): void {
  const pool = new ClusterPool({ clusterSize, maxFree: 1 << 20 });
  const rand = mulberry32(seed);
  const exts = new Map<Uint8Array, External>();
  const live: Live[] = [];
  const size = () => (rand() < 0.3 ? 1 : randInt(rand, 0, 2 * clusterSize + 3));
  const fresh = (): Live => {
    const chain = new MbufChain(pool);
    if (rand() < 0.5) chain.reserveHeadroom(randInt(rand, 0, clusterSize / 2));
    return { chain, model: new Uint8Array(0) };
  };
  const external = (n: number): Uint8Array => {
    // Sometimes a view into a larger buffer: the chain must hold that very view object.
    const buf = rand() < 0.3 ? randBytes(rand, n + 8).subarray(3, 3 + n) : randBytes(rand, n);
    const ext: External = { buf, sum: buf.slice(), releases: 0 };
    exts.set(buf, ext);
    return buf;
  };
  const hookFor = (buf: Uint8Array) => () => exts.get(buf)!.releases++;
  live.push(fresh());

  for (let step = 0; step < steps; step++) {
    if (live.length === 0) live.push(fresh());
    const li = randInt(rand, 0, live.length - 1);
    const cur = live[li]!;
    const { chain } = cur;
    const len = cur.model.length;
    // Growing operations (0-4) twice as likely as the others, up to maxLen bytes.
    let op = randInt(rand, 0, 18);
    op = op > 13 ? op - 14 : op;
    if (len > maxLen && op <= 4) op = 7; // advance instead of growing further
    const before = copyStats();
    const label = `step ${step} (seed ${seed}, op ${op})`;

    switch (op) {
      case 0: { // appendCopy
        const bytes = randBytes(rand, size());
        const kind: CopyKind = (["header", "payload", "flatten"] as const)[randInt(rand, 0, 2)]!;
        chain.appendCopy(bytes, kind);
        cur.model = concat(cur.model, bytes);
        expectCopied(before, kind, bytes.length, `${label} appendCopy`);
        break;
      }
      case 1: { // appendExternal
        const buf = external(size());
        chain.appendExternal(buf, hookFor(buf));
        cur.model = concat(cur.model, buf);
        const ms = chain.mbufs();
        assertStrictEquals(ms[ms.length - 1]!.storage.bytes, buf, "external storage identity");
        if (buf.length > 0) assertEquals([...chain.segments()].at(-1), buf, "segment identity");
        expectCopied(before, null, 0, `${label} appendExternal`);
        break;
      }
      case 2: { // appendChain: move another live chain (or a new one) to the end
        let other: Live;
        if (live.length > 1 && rand() < 0.6) {
          let j = randInt(rand, 0, live.length - 2);
          if (j >= li) j++;
          other = live[j]!;
        } else {
          other = fresh();
          other.chain.appendCopy(randBytes(rand, size()));
          const buf = external(size());
          other.chain.appendExternal(buf, hookFor(buf));
          other.model = concat(other.model, other.chain.toBytes());
          live.push(other);
        }
        const b2 = copyStats();
        chain.appendChain(other.chain);
        cur.model = concat(cur.model, other.model);
        other.model = new Uint8Array(0);
        assertEquals(other.chain.byteLength, 0);
        expectCopied(b2, null, 0, `${label} appendChain`);
        break;
      }
      case 3: { // tailSpace + direct write + grow
        const min = randInt(rand, 1, clusterSize / 2);
        const m = chain.tailSpace(min);
        assert(m.trailingSpace >= min, "tailSpace gives at least min bytes");
        const ms = chain.mbufs();
        assertEquals(ms[ms.length - 1], m, "tailSpace returns the tail mbuf");
        const n = rand() < 0.3 ? 1 : randInt(rand, 0, m.trailingSpace);
        const bytes = randBytes(rand, n);
        m.storage.bytes.set(bytes, m.offset + m.length);
        chain.grow(n);
        cur.model = concat(cur.model, bytes);
        expectCopied(before, null, 0, `${label} tailSpace/grow`);
        break;
      }
      case 4: { // prepend
        const n = randInt(rand, 1, 12);
        const room = chain.prepend(n);
        assertEquals(room.length, n);
        const bytes = randBytes(rand, n);
        room.set(bytes);
        cur.model = concat(bytes, cur.model);
        expectCopied(before, null, 0, `${label} prepend`);
        break;
      }
      case 5: { // split
        const at = randInt(rand, 0, len);
        const tail = chain.split(at);
        const model = cur.model;
        cur.model = model.slice(0, at);
        live.push({ chain: tail, model: model.slice(at) });
        expectCopied(before, null, 0, `${label} split`);
        break;
      }
      case 6: { // slice
        const a = randInt(rand, 0, len);
        const b = rand() < 0.2 ? len : randInt(rand, a, len);
        const s = b === len ? chain.slice(a) : chain.slice(a, b);
        live.push({ chain: s, model: cur.model.slice(a, b) });
        expectCopied(before, null, 0, `${label} slice`);
        break;
      }
      case 7: { // advance
        const n = rand() < 0.1 ? len : randInt(rand, 0, Math.min(len, 2 * clusterSize));
        chain.advance(n);
        cur.model = cur.model.slice(n);
        expectCopied(before, null, 0, `${label} advance`);
        break;
      }
      case 8: { // copyTo, with guard bytes after the destination range
        const off = randInt(rand, 0, len);
        const n = randInt(rand, 0, len - off);
        const dest = new Uint8Array(n + 3).fill(0xab);
        const b2 = copyStats();
        chain.copyTo(dest, off, n);
        assertEquals(dest.subarray(0, n), cur.model.subarray(off, off + n));
        assertEquals(dest.subarray(n), new Uint8Array([0xab, 0xab, 0xab]));
        expectCopied(b2, "payload", n, `${label} copyTo`);
        break;
      }
      case 9: { // toBytes
        const flat = chain.toBytes();
        assertEquals(flat, cur.model);
        expectCopied(before, "flatten", len, `${label} toBytes`);
        break;
      }
      case 10: { // getUint32 at random offsets
        if (len >= 4) {
          const dv = new DataView(cur.model.buffer, cur.model.byteOffset, len);
          for (let k = 0; k < 4; k++) {
            const off = randInt(rand, 0, len - 4);
            assertEquals(chain.getUint32(off), dv.getUint32(off), `getUint32(${off})`);
          }
        }
        expectCopied(before, null, 0, `${label} getUint32`);
        break;
      }
      case 11: { // release
        chain.release();
        live.splice(li, 1);
        expectCopied(before, null, 0, `${label} release`);
        break;
      }
      case 12: { // new chain, or release one if there are many
        if (live.length < 5) live.push(fresh());
        else live.splice(li, 1)[0]!.chain.release();
        break;
      }
      default: { // segments iteration: no copy, every view is inside its storage
        for (const m of chain.mbufs()) {
          assert(m.offset >= 0 && m.offset + m.length <= m.storage.bytes.length);
        }
        [...chain.segments()];
        expectCopied(before, null, 0, `${label} segments`);
      }
    }
    while (live.length > 8) live.shift()!.chain.release();
    verify(live, pool, exts);
  }

  for (const { chain } of live) chain.release();
  const st = pool.stats();
  assertEquals(st.inUse, 0, "every cluster back in the pool");
  assertEquals(st.free, st.allocated, "free list holds each cluster once (no double free)");
  assertEquals(new Set(Array.from({ length: st.free }, () => pool.alloc())).size, st.free);
  for (const ext of exts.values()) {
    assertEquals(ext.releases, 1, "release hook fired exactly once");
    assertEquals(ext.buf, ext.sum, "external bytes unchanged");
  }
}

Deno.test("MbufChain matches a flat model over random operations (16-byte clusters)", () => {
  for (const seed of [1, 2, 3, 4]) runModel(seed, 16, 5000, 600);
});

Deno.test("MbufChain matches a flat model over random operations (64-byte clusters)", () => {
  for (const seed of [11, 12]) runModel(seed, 64, 5000, 2000);
});

Deno.test("MbufChain matches a flat model over random operations (4 KiB clusters)", () => {
  runModel(21, 4096, 2000, 30000);
});

// ---------------------------------------------------------------------------------------
// External storage
// ---------------------------------------------------------------------------------------

function checksum(b: Uint8Array): number {
  let h = 2166136261;
  for (const x of b) h = Math.imul(h ^ x, 16777619);
  return h >>> 0;
}

Deno.test("MbufChain.appendExternal() holds the caller's very buffer and never writes it", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  const buf = randBytes(mulberry32(5), 100);
  const sum = checksum(buf);
  const chain = new MbufChain(pool).reserveHeadroom(8);
  chain.appendExternal(buf);
  assertStrictEquals(chain.mbufs()[0]!.storage.bytes, buf);
  assertEquals(chain.mbufs()[0]!.isExternal, true);
  assertEquals([...chain.segments()][0], buf);
  // Every operation that could write near it: prepend, appends, tail writes, cuts.
  chain.prepend(4).fill(1);
  chain.appendCopy(new Uint8Array(40).fill(2));
  const m = chain.tailSpace(4);
  assertNotStrictEquals(m.storage.bytes, buf, "tail space is never in external storage");
  chain.appendExternal(buf);
  chain.appendCopy(new Uint8Array([3]));
  const tail = chain.split(50);
  const s = tail.slice(10, 90);
  tail.advance(20);
  tail.prepend(3).fill(4);
  s.prepend(5).fill(5);
  s.appendCopy(new Uint8Array(7).fill(6));
  chain.copyTo(new Uint8Array(chain.byteLength));
  tail.toBytes();
  chain.release();
  tail.release();
  s.release();
  assertEquals(checksum(buf), sum);
  assertEquals(pool.stats().inUse, 0);
});

Deno.test("MbufChain release hook fires once whatever the split/slice release order", () => {
  // Every permutation of releasing: the chain, a split tail, two slices, an advanced slice.
  const permutations = (xs: number[]): number[][] =>
    xs.length <= 1
      ? [xs]
      : xs.flatMap((x, i) => permutations(xs.filter((_, j) => j !== i)).map((p) => [x, ...p]));
  for (const order of permutations([0, 1, 2, 3, 4])) {
    const pool = new ClusterPool({ clusterSize: 16 });
    const buf = new Uint8Array(64).map((_, i) => i);
    let fired = 0;
    const chain = new MbufChain(pool).appendCopy(new Uint8Array(10));
    chain.appendExternal(buf, () => fired++);
    chain.appendCopy(new Uint8Array(10));
    const tail = chain.split(40);
    const s1 = chain.slice(5, 30);
    const s2 = tail.slice(0, 10);
    const s3 = tail.slice(3);
    s3.advance(30);
    const pieces = [chain, tail, s1, s2, s3];
    for (const [k, i] of order.entries()) {
      assertEquals(fired, 0, `hook fired before the last piece (order ${order}, at ${k})`);
      pieces[i]!.release();
    }
    assertEquals(fired, 1, `hook fired once (order ${order})`);
    assertEquals(pool.stats().inUse, 0);
  }
});

Deno.test("MbufChain.advance() past an external buffer fires its hook then", () => {
  let fired = 0;
  const chain = new MbufChain().appendExternal(new Uint8Array(8), () => fired++);
  chain.appendExternal(new Uint8Array(8));
  chain.advance(7);
  assertEquals(fired, 0);
  chain.advance(1);
  assertEquals(fired, 1);
  chain.release();
  assertEquals(fired, 1);
});

Deno.test("MbufChain.segments() yields the buffer itself only when the view covers it", () => {
  const buf = new Uint8Array(32);
  const chain = new MbufChain().appendExternal(buf);
  const tail = chain.split(10);
  const [head] = chain.segments();
  assertNotStrictEquals(head, buf);
  assertStrictEquals(head!.buffer, buf.buffer);
  assertEquals(head!.byteOffset, 0);
  assertEquals(head!.length, 10);
  chain.appendChain(tail);
  assertEquals(chain.segmentCount, 2);
  chain.release();
});

// ---------------------------------------------------------------------------------------
// Misuse
// ---------------------------------------------------------------------------------------

Deno.test("MbufChain methods throw MbufError after release", () => {
  const chain = new MbufChain().appendCopy(new Uint8Array(8));
  chain.release();
  assertEquals(chain.released, true);
  assertEquals(chain.byteLength, 0);
  const calls: [string, () => unknown][] = [
    ["appendCopy", () => chain.appendCopy(new Uint8Array(1))],
    ["appendExternal", () => chain.appendExternal(new Uint8Array(1))],
    ["appendChain", () => chain.appendChain(new MbufChain())],
    ["appendChain from", () => new MbufChain().appendChain(chain)],
    ["tailSpace", () => chain.tailSpace(1)],
    ["grow", () => chain.grow(1)],
    ["prepend", () => chain.prepend(4)],
    ["reserveHeadroom", () => chain.reserveHeadroom(4)],
    ["split", () => chain.split(0)],
    ["slice", () => chain.slice(0, 0)],
    ["advance", () => chain.advance(0)],
    ["copyTo", () => chain.copyTo(new Uint8Array(0), 0, 0)],
    ["toBytes", () => chain.toBytes()],
    ["getUint32", () => chain.getUint32(0)],
    ["segments", () => [...chain.segments()]],
    ["mbufs", () => chain.mbufs()],
  ];
  for (const [name, call] of calls) {
    const e = assertThrows(call, MbufError, undefined, name);
    assertMatch(e.message, /^Cannot .*released/, name);
  }
});

Deno.test("MbufChain.release() twice throws MbufError; dispose does not", () => {
  const chain = new MbufChain().appendCopy(new Uint8Array(4));
  chain.release();
  assertThrows(() => chain.release(), MbufError, "Cannot release the chain: it was already");
  chain[Symbol.dispose]();
  {
    using c = new MbufChain().appendCopy(new Uint8Array(4));
    assertEquals(c.byteLength, 4);
  }
});

Deno.test("Storage release and retain throw MbufError once released", () => {
  const chain = new MbufChain().appendCopy(new Uint8Array(4));
  const s = chain.mbufs()[0]!.storage;
  chain.release();
  assertEquals(s.refs, 0);
  assertThrows(() => s.release(), MbufError, "already released");
  assertThrows(() => s.retain(), MbufError, "already released");
});

Deno.test("MbufChain rejects out-of-range split, slice, advance, copyTo and getUint32", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  const chain = new MbufChain(pool).appendCopy(new Uint8Array(20));
  const bad: [string, () => unknown, RegExp][] = [
    ["split(-1)", () => chain.split(-1), /Cannot split at -1\.\.-1 of a 20-byte chain/],
    ["split(21)", () => chain.split(21), /Cannot split at 21\.\.21 of a 20-byte chain/],
    ["split(1.5)", () => chain.split(1.5), /Cannot split at 1\.5/],
    ["slice(5, 4)", () => chain.slice(5, 4), /Cannot slice 5\.\.4 of a 20-byte chain/],
    ["slice(0, 21)", () => chain.slice(0, 21), /Cannot slice 0\.\.21/],
    ["slice(-1)", () => chain.slice(-1), /Cannot slice -1\.\.20/],
    ["advance(21)", () => chain.advance(21), /Cannot advance by 0\.\.21/],
    ["advance(-1)", () => chain.advance(-1), /Cannot advance by 0\.\.-1/],
    ["copyTo past end", () => chain.copyTo(new Uint8Array(30), 10, 11), /Cannot copy 10\.\.21/],
    ["copyTo from past end", () => chain.copyTo(new Uint8Array(30), 21), /Cannot copy 21\.\.20/],
    ["copyTo small dest", () => chain.copyTo(new Uint8Array(3), 0, 4), /into a 3-byte buffer/],
    ["getUint32(17)", () => chain.getUint32(17), /Cannot read uint32 at 17\.\.21/],
    ["tailSpace(17)", () => chain.tailSpace(17), /17 contiguous bytes from 16-byte/],
    ["reserveHeadroom(9)", () => chain.reserveHeadroom(9), /Cannot reserve 9 bytes/],
    ["prepend(-1)", () => chain.prepend(-1), /Cannot prepend -1 bytes/],
    ["grow(-1)", () => chain.grow(-1), /Cannot grow the chain by -1/],
    ["appendChain(self)", () => chain.appendChain(chain), /Cannot append a chain to itself/],
  ];
  for (const [name, call, message] of bad) {
    const e = assertThrows(call, MbufError, undefined, name);
    assertMatch(e.message, message, name);
  }
  // Nothing changed.
  assertEquals(chain.byteLength, 20);
  assertEquals(chain.toBytes(), new Uint8Array(20));
  chain.release();
  assertEquals(pool.stats().inUse, 0);
});

Deno.test("MbufChain.grow() beyond the tail space throws MbufError", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  const chain = new MbufChain(pool);
  assertThrows(() => chain.grow(1), MbufError, "no such trailing space");
  chain.tailSpace(4);
  chain.grow(16);
  assertThrows(() => chain.grow(1), MbufError, "Cannot grow the chain by 1 bytes");
  chain.appendExternal(new Uint8Array(4));
  assertThrows(() => chain.grow(1), MbufError);
  chain.release();
});

// ---------------------------------------------------------------------------------------
// Headroom, prepend and sharing
// ---------------------------------------------------------------------------------------

Deno.test("MbufChain.prepend() uses reserved headroom without a new mbuf", () => {
  const pool = new ClusterPool({ clusterSize: 64 });
  const chain = new MbufChain(pool).reserveHeadroom(4);
  chain.appendCopy(new Uint8Array([1, 2, 3]));
  const mark = chain.prepend(4);
  assertEquals(chain.segmentCount, 1);
  assertEquals(mark.buffer, chain.mbufs()[0]!.storage.bytes.buffer);
  new DataView(mark.buffer, mark.byteOffset, 4).setUint32(0, 0x80000003);
  assertEquals(chain.toBytes(), new Uint8Array([0x80, 0, 0, 3, 1, 2, 3]));
  chain.prepend(2).set([9, 9]); // no headroom left: a new small mbuf
  assertEquals(chain.segmentCount, 2);
  assertEquals(chain.toBytes(), new Uint8Array([9, 9, 0x80, 0, 0, 3, 1, 2, 3]));
  chain.release();
  assertEquals(pool.stats().inUse, 0);
});

Deno.test("MbufChain.prepend() never writes into storage another chain shares", () => {
  const pool = new ClusterPool({ clusterSize: 64 });
  const chain = new MbufChain(pool).appendCopy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
  const tail = chain.split(4);
  tail.prepend(2).fill(0xff);
  chain.appendCopy(new Uint8Array([0xee])); // the shared cluster has no writable tail
  assertEquals(chain.toBytes(), new Uint8Array([1, 2, 3, 4, 0xee]));
  assertEquals(tail.toBytes(), new Uint8Array([0xff, 0xff, 5, 6, 7, 8]));
  chain.release();
  tail.release();
  assertEquals(pool.stats().inUse, 0);
});

// ---------------------------------------------------------------------------------------
// Steady state
// ---------------------------------------------------------------------------------------

Deno.test("MbufChain allocate/release loop reuses clusters after warm-up", () => {
  const pool = new ClusterPool({ clusterSize: 256 });
  const payload = new Uint8Array(1000);
  const round = () => {
    const c = new MbufChain(pool).reserveHeadroom(4);
    c.appendCopy(new Uint8Array(300));
    c.appendExternal(payload);
    c.appendCopy(new Uint8Array(600));
    c.prepend(4);
    const tail = c.split(500);
    const s = tail.slice(100, 900);
    c.release();
    s.release();
    tail.release();
  };
  for (let i = 0; i < 10; i++) round();
  const warm = pool.stats();
  for (let i = 0; i < 1000; i++) round();
  const st = pool.stats();
  assertEquals(st.allocated, warm.allocated, "no new clusters after warm-up");
  assertEquals(st.inUse, 0);
  assert(st.reused >= warm.reused + 1000 * 4, `reused grows: ${warm.reused} -> ${st.reused}`);
});
