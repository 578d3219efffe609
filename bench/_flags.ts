/**
 * The flags of `deno task bench:io` (see bench/README.md).
 *
 * @module
 */
import { parseSize } from "./_measure.ts";

/** What one run of the I/O benchmark measures. */
export interface Flags {
  size: number;
  runs: number;
  quick: boolean;
  /** Milliseconds the proxy adds each way, one suite per delay (`--delay 1,10`). */
  delays: number[];
  /** Also run the bulk tests through the proxy at 0 ms: the ceiling the delays are held to. */
  ceiling: boolean;
  /** Our client's window settings to run (undefined: the library default). */
  windows: (number | undefined)[];
  entries: number;
  creates: number;
  servers: string[];
  proxy: boolean;
  meta: boolean;
  out: string;
  vfsDir: string;
  /** `--read-buf SIZE`: ours reads with read() into one buffer of SIZE (else 1 MiB readAt()s). */
  readBuf: number | undefined;
}

export function parseFlags(args: string[]): Flags {
  const f: Flags = {
    size: 1 << 30,
    runs: 5,
    quick: false,
    delays: [1, 10],
    ceiling: true,
    windows: [undefined, 4],
    entries: 10_000,
    creates: 1_000,
    servers: ["vfs", "mem", "unfsd"],
    proxy: true,
    meta: true,
    out: new URL("./results/", import.meta.url).pathname,
    vfsDir: "/dev/shm",
    readBuf: undefined,
  };
  const given = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = args[i + 1];
    const take = (): string => {
      if (v === undefined) throw new TypeError(`Missing value after ${a}`);
      i++;
      given.add(a);
      return v;
    };
    const int = (): number => {
      const s = take();
      const n = Number(s);
      if (!Number.isSafeInteger(n) || n < 1) throw new TypeError(`Invalid ${a} ${s}`);
      return n;
    };
    if (a === "--size") f.size = parseSize(take());
    else if (a === "--runs") f.runs = int();
    else if (a === "--quick") f.quick = true;
    else if (a === "--delay") {
      f.delays = take().split(",").map((x) => {
        const n = Number(x);
        if (x.trim() === "" || !(n > 0)) throw new TypeError(`Invalid --delay ${x}`);
        return n;
      });
    } else if (a === "--no-ceiling") f.ceiling = false;
    else if (a === "--windows") {
      f.windows = take().split(",").map((x) => {
        if (x.trim() === "default") return undefined;
        const n = Number(x);
        if (!Number.isSafeInteger(n) || n < 1) throw new TypeError(`Invalid window ${x}`);
        return n;
      });
    } else if (a === "--entries") f.entries = int();
    else if (a === "--creates") f.creates = int();
    else if (a === "--servers") f.servers = take().split(",").map((s) => s.trim());
    else if (a === "--no-proxy") f.proxy = false;
    else if (a === "--no-meta") f.meta = false;
    else if (a === "--out") f.out = take();
    else if (a === "--vfs-dir") f.vfsDir = take();
    else if (a === "--read-buf") f.readBuf = parseSize(take());
    else throw new TypeError(`Unknown flag ${JSON.stringify(a)} (see bench/README.md)`);
  }
  if (f.quick) {
    if (!given.has("--size")) f.size = 16 << 20;
    if (!given.has("--runs")) f.runs = 1;
    if (!given.has("--entries")) f.entries = 500;
    if (!given.has("--creates")) f.creates = 100;
  }
  if (f.quick && !given.has("--delay")) f.delays = [1];
  return f;
}
