/**
 * One measured process for `bench/scale.ts` and `bench/tree.ts`: GNU time around `timeout`
 * around the command, like `runTimed` in `_measure.ts`, but a run that times out or fails
 * is a result (with the peak RSS it reached), not an exception, so that a client that does
 * not finish at some size is reported as such and the bench goes on.
 *
 * @module
 */
import { readTimeFile, timeArgs } from "./_measure.ts";
import { procCpu } from "./_run.ts";

/** What one process did. */
export interface TimedRun {
  /** Seconds from spawn to exit, measured here. */
  wall: number;
  /** User and system CPU seconds (GNU time `%U`, `%S`). */
  user: number;
  sys: number;
  /** Peak resident set size, MiB (GNU time `%M`). */
  rssMiB: number;
  /** CPU seconds the server process used meanwhile (from `/proc`), when its pid was given. */
  serverCpu: number;
  /** Exit code (124 or 137: killed by the timeout). */
  code: number;
  /** Whether the timeout ended it. */
  timedOut: boolean;
  /** The command's stderr, at most its last 2,000 characters. */
  stderr: string;
}

/** Options of {@linkcode timed}. */
export interface TimedOptions {
  /** Kill the command after this many seconds. */
  timeoutSeconds: number;
  /** Write the command's stdout to this file (default: discard it). */
  stdoutFile?: string;
  /** Working directory. */
  cwd?: string;
  /** The server's pid, to take its CPU time around the run. */
  serverPid?: number;
}

/**
 * Runs `cmd` (program and arguments) under `/usr/bin/time` and `timeout`.
 *
 * @returns The figures; `code` and `timedOut` say how it ended.
 */
export async function timed(cmd: readonly string[], o: TimedOptions): Promise<TimedRun> {
  const timeFile = await Deno.makeTempFile({ prefix: "nfs-bench-time-" });
  let out: Deno.FsFile | undefined;
  try {
    if (o.stdoutFile !== undefined) {
      out = await Deno.open(o.stdoutFile, { write: true, create: true, truncate: true });
    }
    const cpu0 = procCpu(o.serverPid);
    const t0 = performance.now();
    const child = new Deno.Command("/usr/bin/time", {
      args: timeArgs(timeFile, o.timeoutSeconds, cmd),
      stdin: "null",
      stdout: out === undefined ? "null" : "piped",
      stderr: "piped",
      ...(o.cwd === undefined ? {} : { cwd: o.cwd }),
    }).spawn();
    const copied = out === undefined ? Promise.resolve() : child.stdout.pipeTo(out.writable);
    const [status, err] = await Promise.all([
      child.status,
      new Response(child.stderr).text(),
      copied,
    ]);
    out = undefined; // pipeTo closed it
    const wall = (performance.now() - t0) / 1000;
    const serverCpu = procCpu(o.serverPid) - cpu0;
    const { user, sys, maxRssKiB } = await readTimeFile(timeFile);
    return {
      wall,
      user,
      sys,
      rssMiB: maxRssKiB / 1024,
      serverCpu,
      code: status.code,
      timedOut: status.code === 124 || status.code === 137,
      stderr: err.slice(-2000),
    };
  } finally {
    out?.close();
    await Deno.remove(timeFile).catch(() => {});
  }
}

/** The 1, 5 and 15 minute load averages, as `/proc/loadavg` has them. */
export function loadAverage(): string {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
  } catch {
    return "?";
  }
}

/** Newlines in a file, read in 1 MiB pieces. */
export async function countLines(path: string): Promise<number> {
  using f = await Deno.open(path);
  const buf = new Uint8Array(1 << 20);
  let n = 0;
  for (;;) {
    const got = await f.read(buf);
    if (got === null) return n;
    for (let i = 0; i < got; i++) if (buf[i] === 10) n++;
  }
}

/** Flag parsing shared by the two benches: `--name value` and boolean `--name`. */
export class Args {
  readonly #args: readonly string[];
  constructor(args: readonly string[], known: readonly string[]) {
    this.#args = args;
    for (const a of args) {
      if (a.startsWith("--") && !known.includes(a)) {
        throw new TypeError(`Unknown flag ${a} (known: ${known.join(" ")})`);
      }
    }
  }
  has(name: string): boolean {
    return this.#args.includes(name);
  }
  str(name: string, def: string): string {
    const i = this.#args.indexOf(name);
    if (i < 0) return def;
    const v = this.#args[i + 1];
    if (v === undefined || v.startsWith("--")) throw new TypeError(`${name} needs a value`);
    return v;
  }
  num(name: string, def: number): number {
    const v = this.str(name, String(def));
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new TypeError(`Invalid ${name} ${JSON.stringify(v)}`);
    return n;
  }
  list(name: string, def: string): number[] {
    return this.str(name, def).split(",").map((s) => {
      const n = Number(s.replace(/k$/i, "000").replace(/m$/i, "000000"));
      if (!Number.isSafeInteger(n) || n < 0) {
        throw new TypeError(`Invalid ${name} item ${JSON.stringify(s)}`);
      }
      return n;
    });
  }
}

/**
 * `--chart FILE.json`: redraws the SVG of a results file beside it and returns true (the
 * bench then measures nothing); false without the flag.
 */
export async function redrawChart<T>(
  a: Args,
  svgPathFor: (json: string) => string,
  draw: (results: T) => string,
): Promise<boolean> {
  if (!a.has("--chart")) return false;
  const file = a.str("--chart", "");
  const r = JSON.parse(await Deno.readTextFile(file)) as T;
  await Deno.writeTextFile(svgPathFor(file), draw(r));
  console.log(`wrote ${svgPathFor(file)}`);
  return true;
}
