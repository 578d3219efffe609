/**
 * Runs the fuzzer in a worker for `scripts/fuzz.ts`, so that the main thread can notice a
 * decode that never returns: before each decode the worker puts the decoder's index and
 * the input into a shared buffer and counts it; a count that stops moving names the input.
 *
 * Shared buffer layout (Int32 words): [0] inputs started, [1] decoder index, [2] input
 * length, then the input's bytes (the first {@linkcode MAX_SHOWN} of them).
 *
 * @module
 */
import type { Seed } from "./_corpus.ts";
import { allDecoders, fuzz, prepare } from "./_fuzz.ts";

/** Input bytes kept in the shared buffer. */
export const MAX_SHOWN = 65536;

/** What the main thread sends. */
export interface WorkerJob {
  seeds: Seed[];
  labels: string[];
  seed: number;
  seconds: number;
  shared: SharedArrayBuffer;
}

declare const self: Worker & typeof globalThis;

self.onmessage = (ev: MessageEvent<WorkerJob>) => {
  const job = ev.data;
  const words = new Int32Array(job.shared, 0, 3);
  const bytes = new Uint8Array(job.shared, 12, MAX_SHOWN);
  const index = new Map(job.labels.map((l, i) => [l, i]));
  const decoders = allDecoders().filter((d) => index.has(d.label));
  const stats = fuzz(prepare(decoders, job.seeds), {
    seed: job.seed,
    deadline: performance.now() + job.seconds * 1000,
    maxFailures: 50,
    onInput: (label, input) => {
      words[1] = index.get(label)!;
      words[2] = input.length;
      bytes.set(input.subarray(0, MAX_SHOWN));
      Atomics.add(words, 0, 1);
    },
  });
  self.postMessage(stats);
};
