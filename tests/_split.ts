/**
 * Test helpers for codecs over segment chains: a seeded PRNG and `forEachSplit`, which
 * re-runs a check with the same bytes cut into segments in every way that matters (the
 * "split buffer" tests of pg-protocol, at every split point).
 *
 * @module
 */
import { Mbuf, MbufChain, Storage } from "../mbuf/mod.ts";

/** Filler placed around every segment's view, so a read past a view's bounds shows. */
const JUNK = 0xee;

/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence.
 *
 * @param seed Any 32-bit integer.
 * @returns A function returning floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random integer in [lo, hi] (both inclusive).
 *
 * @param rand A PRNG from {@linkcode mulberry32}.
 * @param lo Smallest value.
 * @param hi Largest value.
 * @returns The integer.
 */
export function randInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/**
 * Random bytes from a seeded PRNG.
 *
 * @param rand A PRNG from {@linkcode mulberry32}.
 * @param n How many bytes.
 * @returns A new array.
 */
export function randBytes(rand: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

/**
 * Builds a chain holding `bytes` cut at the given offsets. Each piece is a copy placed in
 * its own external storage, at a non-zero offset when `k % 3 !== 0`, with junk bytes
 * around it (so the codec must honour each mbuf's offset and length). Repeated cuts make
 * empty segments.
 *
 * @param bytes The logical content.
 * @param cuts Ascending offsets in 0..bytes.length.
 * @returns A chain to release after use.
 */
export function chainOf(bytes: Uint8Array, cuts: readonly number[]): MbufChain {
  const chain = new MbufChain();
  const edges = [0, ...cuts, bytes.length];
  for (let k = 0; k + 1 < edges.length; k++) {
    const a = edges[k]!;
    const b = edges[k + 1]!;
    if (b < a) throw new RangeError(`Cannot cut at ${b} after ${a}: cuts must ascend`);
    const lead = k % 3;
    const store = new Uint8Array(lead + (b - a) + 2).fill(JUNK);
    store.set(bytes.subarray(a, b), lead);
    chain.appendMbuf(new Mbuf(new Storage(store, "external", null, null), lead, b - a));
  }
  return chain;
}

/**
 * Runs `fn` on `bytes` cut into chains of segments in every way that exercises the slow
 * path: one segment; two segments at every split point 0..n; 1-byte segments; and a few
 * seeded random multi-cuts (with empty segments). The chain is released after each run.
 * A failure is rethrown with the cut that caused it.
 *
 * @param bytes The encoded bytes.
 * @param fn The check to run (decode and assert).
 * @param randomCuts How many random multi-cut layouts to add.
 */
export function forEachSplit(
  bytes: Uint8Array,
  fn: (chain: MbufChain) => void,
  randomCuts = 8,
): void {
  const layouts: number[][] = [[]];
  for (let p = 0; p <= bytes.length; p++) layouts.push([p]);
  const ones: number[] = [];
  for (let p = 1; p < bytes.length; p++) ones.push(p);
  layouts.push(ones);
  const rand = mulberry32(bytes.length * 7919 + 17);
  for (let k = 0; k < randomCuts; k++) {
    const n = randInt(rand, 1, Math.max(1, Math.floor(bytes.length / 2)));
    const cuts: number[] = [];
    for (let i = 0; i < n; i++) cuts.push(randInt(rand, 0, bytes.length));
    layouts.push(cuts.sort((x, y) => x - y));
  }
  for (const cuts of layouts) {
    const chain = chainOf(bytes, cuts);
    try {
      fn(chain);
    } catch (e) {
      const label = cuts.length > 12 ? `${cuts.length} cuts` : `cuts [${cuts.join(", ")}]`;
      throw new Error(`Failed with ${bytes.length} bytes at ${label}: ${e}`, { cause: e });
    } finally {
      chain.release();
    }
  }
}

/**
 * Parses hex (spaces and newlines ignored) into bytes: expected vectors are written by
 * hand in this form.
 *
 * @param s Hex digits, e.g. `"00 00 00 05 68 65"`.
 * @returns The bytes.
 */
export function hex(s: string): Uint8Array {
  const digits = s.replace(/\s+/g, "");
  if (digits.length % 2 !== 0 || /[^0-9a-fA-F]/.test(digits)) {
    throw new TypeError(`Cannot parse hex "${s}"`);
  }
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Concatenates byte arrays (a test-side flatten, not counted).
 *
 * @param parts The arrays.
 * @returns One new array.
 */
export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
