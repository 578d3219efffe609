/**
 * `readDir` as its own process, for `bench/scale.ts`: connects, lists the directory of the
 * URL `--repeat` times (default 2) with attributes, and prints one line of JSON
 * ({@linkcode ScaleClientResult}). The first listing is what one `readDir` in a fresh
 * process costs (the code is not compiled yet); the second is the steady per-entry cost.
 * Uses only the public API (`../mod.ts`).
 *
 * ```
 * deno run --allow-all bench/_scale_client.ts URL [--repeat N]
 * ```
 *
 * @module
 */
import { connect } from "../mod.ts";

/** What one run prints. */
export interface ScaleClientResult {
  /** Entries of each listing (they must agree). */
  count: number;
  /** Seconds of each listing, in order. */
  listings: number[];
  /** Seconds of `connect()`. */
  connectSeconds: number;
  /** Largest `Deno.memoryUsage()` after a listing, MiB: RSS and the JavaScript heap in use. */
  rssMiB: number;
  heapUsedMiB: number;
}

async function main(args: string[]): Promise<ScaleClientResult> {
  const url = args[0];
  if (url === undefined) throw new TypeError("Usage: _scale_client.ts URL [--repeat N]");
  const i = args.indexOf("--repeat");
  const repeat = i >= 0 ? Number(args[i + 1]) : 2;
  if (!Number.isSafeInteger(repeat) || repeat < 1) throw new TypeError("Invalid --repeat");
  const t0 = performance.now();
  await using nfs = await connect(url);
  const connectSeconds = (performance.now() - t0) / 1000;
  const listings: number[] = [];
  let count = -1;
  let rss = 0;
  let heap = 0;
  for (let r = 0; r < repeat; r++) {
    const t = performance.now();
    let n = 0;
    let bytes = 0;
    for await (const e of nfs.readDir(".")) {
      n++;
      bytes += e.info.size; // touch the attributes, as a caller would
    }
    listings.push((performance.now() - t) / 1000);
    if (bytes < 0) throw new Error("unreachable");
    if (count >= 0 && n !== count) throw new Error(`listing ${r + 1} gave ${n}, not ${count}`);
    count = n;
    const m = Deno.memoryUsage();
    rss = Math.max(rss, m.rss / 2 ** 20);
    heap = Math.max(heap, m.heapUsed / 2 ** 20);
  }
  return { count, listings, connectSeconds, rssMiB: rss, heapUsedMiB: heap };
}

if (import.meta.main) console.log(JSON.stringify(await main(Deno.args)));
