/**
 * The decoder fuzzer, for as long as you like (CI runs a few seconds of it in
 * `tests/fuzz/`):
 *
 * ```sh
 * deno task fuzz --seconds 600 --seed 7 [--only "NFS3 READ"]
 * ```
 *
 * Seeds: the captures (with tshark), replies recorded from the embedded test server, and
 * generated portmapper replies and headers. Every decoder gets mutated inputs round-robin;
 * see `tests/fuzz/_fuzz.ts` for what counts as a failure. The fuzzer runs in a worker, so
 * that a decode that never returns is reported (with its input) instead of hanging. Prints
 * counters and each failure with its input (hex), and exits 1 when there is one.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { captureSeeds, generatedSeeds, recordedSeeds } from "../tests/fuzz/_corpus.ts";
import { allDecoders, type FuzzStats } from "../tests/fuzz/_fuzz.ts";
import { MAX_SHOWN, type WorkerJob } from "../tests/fuzz/_worker.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "60" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
    only: { type: "string" },
  },
});
const seconds = Number(values.seconds);
const seed = Number(values.seed);
if (!(seconds > 0) || !Number.isInteger(seed)) {
  console.error("Usage: deno task fuzz [--seconds N] [--seed S] [--only LABEL]");
  Deno.exit(2);
}

const captured = await captureSeeds();
if (captured.skipped) console.log(`capture seeds skipped: ${captured.skipped}`);
const seeds = [...captured.seeds, ...await recordedSeeds(), ...generatedSeeds()];
const labels = allDecoders().map((d) => d.label).filter((l) =>
  !values.only || l.includes(values.only)
);
console.log(
  `fuzzing ${labels.length} decoders with ${seeds.length} seeds ` +
    `(${captured.seeds.length} captured) for ${seconds} s, seed ${seed}`,
);

// The fuzzer runs in a worker; this thread watches that inputs keep being decoded.
const shared = new SharedArrayBuffer(12 + MAX_SHOWN);
const words = new Int32Array(shared, 0, 3);
const worker = new Worker(new URL("../tests/fuzz/_worker.ts", import.meta.url), { type: "module" });
const t0 = performance.now();
const job: WorkerJob = { seeds, labels, seed, seconds, shared };
const result = await new Promise<FuzzStats | { hang: string }>((resolve, reject) => {
  let last = -1;
  let still = 0;
  const watch = setInterval(() => {
    const n = Atomics.load(words, 0);
    still = n === last ? still + 1 : 0;
    last = n;
    if (still < 5) return; // 10 s without a new input
    clearInterval(watch);
    const input = new Uint8Array(shared, 12, Math.min(words[2]!, MAX_SHOWN));
    const hex = [...input].map((b) => b.toString(16).padStart(2, "0")).join("");
    resolve({ hang: `${labels[words[1]!]}: no return after 10 s on input ${hex}` });
  }, 2000);
  worker.onmessage = (ev: MessageEvent<FuzzStats>) => {
    clearInterval(watch);
    resolve(ev.data);
  };
  worker.onerror = (e) => {
    clearInterval(watch);
    e.preventDefault();
    reject(e.error ?? new Error(e.message));
  };
  worker.postMessage(job);
});
worker.terminate();
if ("hang" in result) {
  console.log(`FAIL (hang) ${result.hang}`);
  Deno.exit(1);
}
const stats = result;
const s = (performance.now() - t0) / 1000;
console.log(
  `${stats.execs} decodes in ${s.toFixed(1)} s (${(stats.execs / s).toFixed(0)}/s): ` +
    `${stats.values} values, ${stats.rpcErrors} RPC errors, ${stats.xdrErrors} XdrErrors, ` +
    `${stats.allowed} documented RangeErrors, ${stats.lenient} values the encoder refuses`,
);
for (const f of stats.failures) {
  console.log(`FAIL ${f.decoder}: ${f.what}\n  from ${f.origin}\n  input ${f.input}`);
}
Deno.exit(stats.failures.length > 0 ? 1 : 0);
