/**
 * Test data for large transfers: deterministic pseudo-random bytes with every 4 KiB block
 * stamped with its offset (a block landing in the wrong place changes the hash), and
 * SHA-256 of buffers and files.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { mulberry32, randBytes } from "../_split.ts";

/**
 * `size` bytes: a 1 MiB pseudo-random block repeated, each 4 KiB block starting with its
 * own offset (big-endian uint32).
 */
export function stampedData(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  const block = randBytes(mulberry32(seed), Math.min(size, 1 << 20));
  for (let o = 0; o < size; o += block.length) {
    out.set(block.subarray(0, Math.min(block.length, size - o)), o);
  }
  const dv = new DataView(out.buffer);
  for (let o = 0; o + 4 <= size; o += 4096) dv.setUint32(o, o / 4096);
  return out;
}

/** SHA-256 of bytes, as hex. */
export function sha256(bytes: Uint8Array): string {
  const h = createHash("sha256");
  for (let o = 0; o < bytes.length; o += 8 << 20) h.update(bytes.subarray(o, o + (8 << 20)));
  return h.digest("hex");
}

/** SHA-256 of a local file, as hex, read in 8 MiB pieces. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  using f = await Deno.open(path);
  const buf = new Uint8Array(8 << 20);
  for (;;) {
    const n = await f.read(buf);
    if (n === null) break;
    h.update(buf.subarray(0, n));
  }
  return h.digest("hex");
}

/** Waits until `cond()` holds, polling every `everyMs`; fails after `timeoutMs`. */
export async function until(
  cond: () => boolean,
  what: string,
  timeoutMs = 30_000,
  everyMs = 2,
): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
