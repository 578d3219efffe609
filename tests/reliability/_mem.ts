/**
 * Memory measurement for reliability tests: a forced garbage collection (V8's `gc`, reached
 * through `node:v8` and `node:vm`, so no command-line flag is needed) and a sampler that
 * records the peak RSS and heap while a case runs.
 *
 * @module
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gcFn = runInNewContext("gc") as () => void;

/** Runs a full garbage collection. */
export function collectGarbage(): void {
  gcFn();
}

/** Memory figures in bytes. */
export interface MemorySample {
  /** Resident set size of the process. */
  rss: number;
  /** V8 heap in use. */
  heapUsed: number;
  /** Memory held outside the heap (ArrayBuffers). */
  external: number;
}

/** Collects garbage, then samples memory. */
export function settledMemory(): MemorySample {
  collectGarbage();
  const m = Deno.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}

/** What {@linkcode measure} found. */
export interface Measured<T> {
  /** The case's result. */
  value: T;
  /** Wall time in ms. */
  ms: number;
  /** Settled memory before the case. */
  before: MemorySample;
  /** Settled memory after the case. */
  after: MemorySample;
  /** Largest heapUsed + external seen while the case ran, minus the settled value before. */
  peakGrowth: number;
  /** Largest RSS seen while the case ran. */
  peakRss: number;
}

/**
 * Runs `fn` and measures its time and memory: settled memory before and after, and the
 * peak of heap + external memory sampled every `everyMs` while it runs.
 */
export async function measure<T>(fn: () => Promise<T>, everyMs = 10): Promise<Measured<T>> {
  const before = settledMemory();
  let peak = before.heapUsed + before.external;
  let peakRss = before.rss;
  const sample = () => {
    const m = Deno.memoryUsage();
    peak = Math.max(peak, m.heapUsed + m.external);
    peakRss = Math.max(peakRss, m.rss);
  };
  const timer = setInterval(sample, everyMs);
  const t0 = performance.now();
  let value: T;
  try {
    value = await fn();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - t0;
  sample();
  const after = settledMemory();
  return {
    value,
    ms,
    before,
    after,
    peakGrowth: peak - before.heapUsed - before.external,
    peakRss,
  };
}

/** Formats a byte count as MiB with one decimal. */
export function mib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`;
}
