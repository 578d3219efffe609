/**
 * Buffer-chain benchmarks: append, iterate, split and copyTo with {@linkcode MbufChain}
 * against the naive approach (one growing `Uint8Array`), for 1 KiB, 64 KiB and 1 MiB
 * messages arriving in 1455-byte pieces (about one TCP segment; odd-sized on purpose so
 * that words straddle pieces).
 *
 * Run: `deno bench --allow-all bench/mbuf_bench.ts` (the naive approach is each group's
 * baseline). Throughput = message size / time per iteration.
 *
 * @module
 */
import { ClusterPool, MbufChain } from "../mbuf/mod.ts";
import { XdrReader } from "../xdr/mod.ts";

const PIECE = 1455;
const SIZES = [["1 KiB", 1 << 10], ["64 KiB", 64 << 10], ["1 MiB", 1 << 20]] as const;

const pool = new ClusterPool(); // 64 KiB clusters, reused across iterations
let _sink: unknown;

/** The naive receive buffer: append by copying, doubling the capacity when full. */
class GrowingBuffer {
  bytes = new Uint8Array(4096);
  length = 0;
  append(p: Uint8Array): void {
    if (this.length + p.length > this.bytes.length) {
      let cap = this.bytes.length * 2;
      while (cap < this.length + p.length) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.bytes.subarray(0, this.length));
      this.bytes = next;
    }
    this.bytes.set(p, this.length);
    this.length += p.length;
  }
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

for (const [label, size] of SIZES) {
  const source = new Uint8Array(size).map((_, i) => (i * 131) & 0xff);
  const pieces: Uint8Array[] = [];
  for (let o = 0; o < size; o += PIECE) pieces.push(source.slice(o, Math.min(size, o + PIECE)));
  const flat = source;
  const chain = new MbufChain(pool);
  for (const p of pieces) chain.appendExternal(p);
  const words = size >> 2;

  // --- append: build the message from its pieces, then drop it.
  Deno.bench({
    name: `naive: grow one Uint8Array (${label})`,
    group: `append ${label}`,
    baseline: true,
    fn: () => {
      const b = new GrowingBuffer();
      for (const p of pieces) b.append(p);
      _sink = b.view();
    },
  });
  Deno.bench({
    name: `MbufChain.appendCopy into clusters (${label})`,
    group: `append ${label}`,
    fn: () => {
      const c = new MbufChain(pool);
      for (const p of pieces) c.appendCopy(p, "payload");
      _sink = c;
      c.release();
    },
  });
  Deno.bench({
    name: `MbufChain.appendExternal, no copy (${label})`,
    group: `append ${label}`,
    fn: () => {
      const c = new MbufChain(pool);
      for (const p of pieces) c.appendExternal(p);
      _sink = c;
      c.release();
    },
  });

  // --- iterate: read every 32-bit word of the message.
  Deno.bench({
    name: `naive: DataView over the flat bytes (${label})`,
    group: `iterate ${label}`,
    baseline: true,
    fn: () => {
      const dv = new DataView(flat.buffer, flat.byteOffset, flat.length);
      let s = 0;
      for (let i = 0; i < words; i++) s += dv.getUint32(i * 4);
      _sink = s;
    },
  });
  Deno.bench({
    name: `XdrReader.uint() over the chain (${label})`,
    group: `iterate ${label}`,
    fn: () => {
      const r = new XdrReader(chain);
      let s = 0;
      for (let i = 0; i < words; i++) s += r.uint();
      _sink = s;
    },
  });
  Deno.bench({
    name: `MbufChain.segments(), byte loop (${label})`,
    group: `iterate ${label}`,
    fn: () => {
      let s = 0;
      for (const seg of chain.segments()) {
        for (let i = 0; i < seg.length; i += 4) s += seg[i]!;
      }
      _sink = s;
    },
  });

  // --- split: cut the message in two independent parts at an odd offset.
  const mid = (size >> 1) + 3;
  Deno.bench({
    name: `naive: two slice() copies (${label})`,
    group: `split ${label}`,
    baseline: true,
    fn: () => {
      _sink = [flat.slice(0, mid), flat.slice(mid)];
    },
  });
  Deno.bench({
    name: `MbufChain.split() + appendChain() back (${label})`,
    group: `split ${label}`,
    fn: () => {
      const tail = chain.split(mid);
      _sink = tail;
      chain.appendChain(tail);
    },
  });
  Deno.bench({
    name: `MbufChain.slice() x2 + release (${label})`,
    group: `split ${label}`,
    fn: () => {
      const a = chain.slice(0, mid);
      const b = chain.slice(mid);
      _sink = b;
      a.release();
      b.release();
    },
  });

  // --- copyTo: land the whole message in a caller's buffer.
  const dest = new Uint8Array(size);
  Deno.bench({
    name: `naive: dest.set(flat) (${label})`,
    group: `copyTo ${label}`,
    baseline: true,
    fn: () => {
      dest.set(flat);
    },
  });
  Deno.bench({
    name: `MbufChain.copyTo(dest) (${label})`,
    group: `copyTo ${label}`,
    fn: () => {
      chain.copyTo(dest);
    },
  });
}
