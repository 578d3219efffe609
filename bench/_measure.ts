/**
 * Process measurement and small statistics for `bench/io.ts`: every client run (ours and
 * libnfs's) is one process under GNU time, so wall time, CPU time and peak RSS are taken the
 * same way for both.
 *
 * @module
 */

/** What one measured process did. */
export interface ProcRun {
  /** Wall-clock seconds from spawn to exit, measured by the harness. */
  wall: number;
  /** User CPU seconds (GNU time `%U`). */
  user: number;
  /** System CPU seconds (GNU time `%S`). */
  sys: number;
  /** Peak resident set size in KiB (GNU time `%M`). */
  maxRssKiB: number;
  /** Standard output, when captured. */
  stdout: string;
}

/** Options of {@linkcode runTimed}. */
export interface RunOptions {
  /** Capture stdout (small outputs only); default: discard it to /dev/null. */
  captureStdout?: boolean;
  /** Kill the command after this many seconds (default 600), so a hang cannot stall a run. */
  timeoutSeconds?: number;
}

/**
 * The argument list of `/usr/bin/time` around `timeout` around `cmd`: GNU time writes
 * "wall user sys maxrss-KiB" as the last line of `timeFile` (read it with
 * {@linkcode readTimeFile}); `timeout`'s own cost is negligible, and GNU time's figures include
 * the command it waited for.
 */
export function timeArgs(
  timeFile: string,
  timeoutSeconds: number,
  cmd: readonly string[],
): string[] {
  return [
    "-f",
    "%e %U %S %M",
    "-o",
    timeFile,
    "timeout",
    "--kill-after=5",
    String(timeoutSeconds),
    ...cmd,
  ];
}

/** User and system CPU seconds and the peak RSS (KiB) GNU time wrote to `timeFile`. */
export async function readTimeFile(
  timeFile: string,
): Promise<{ user: number; sys: number; maxRssKiB: number }> {
  const lines = (await Deno.readTextFile(timeFile)).trim().split("\n");
  const [, user, sys, rss] = lines[lines.length - 1]!.split(" ").map(Number);
  return { user: user!, sys: sys!, maxRssKiB: rss! };
}

/**
 * Runs `cmd args` under `/usr/bin/time` (and `timeout`, whose own cost is negligible; GNU
 * time's figures include the command it waited for) and measures it.
 *
 * @throws {Error} When the command fails or times out; the message carries its stderr.
 */
export async function runTimed(
  cmd: string,
  args: readonly string[],
  o: RunOptions = {},
): Promise<ProcRun> {
  const timeFile = await Deno.makeTempFile({ prefix: "nfs-bench-time-" });
  try {
    const t0 = performance.now();
    const out = await new Deno.Command("/usr/bin/time", {
      args: timeArgs(timeFile, o.timeoutSeconds ?? 600, [cmd, ...args]),
      stdin: "null",
      stdout: o.captureStdout ? "piped" : "null",
      stderr: "piped",
    }).output();
    const wall = (performance.now() - t0) / 1000;
    if (!out.success) {
      const err = new TextDecoder().decode(out.stderr).trim();
      const why = out.code === 124 || out.code === 137
        ? `timed out after ${o.timeoutSeconds ?? 600} s`
        : `exit code ${out.code}`;
      throw new Error(`Could not run ${cmd} ${args.join(" ")}: ${why}: ${err}`);
    }
    return {
      wall,
      ...(await readTimeFile(timeFile)),
      stdout: o.captureStdout ? new TextDecoder().decode(out.stdout) : "",
    };
  } finally {
    await Deno.remove(timeFile).catch(() => {});
  }
}

/**
 * Runs a shell pipeline and returns its stdout (verification only, not timed).
 *
 * @throws {Error} When the pipeline fails.
 */
export async function sh(script: string): Promise<string> {
  const out = await new Deno.Command("sh", {
    args: ["-c", `set -e; ${script}`],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `Could not run ${JSON.stringify(script)}: ${new TextDecoder().decode(out.stderr).trim()}`,
    );
  }
  return new TextDecoder().decode(out.stdout);
}

/** The median (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Parses a size such as `1GiB`, `64MiB`, `512k`, `1048576`. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)$/i.exec(text.trim());
  if (!m) throw new TypeError(`Invalid size ${JSON.stringify(text)}: expected e.g. 1GiB, 64MiB`);
  const unit = { "": 0, k: 1, m: 2, g: 3, t: 4 }[m[2]!.toLowerCase() as "" | "k"]!;
  const n = Math.round(Number(m[1]) * 1024 ** unit);
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`Invalid size ${text}`);
  return n;
}

/** Formats a byte count with a binary unit (`1 GiB`, `64 MiB`). */
export function formatSize(n: number): string {
  for (const [u, k] of [["GiB", 30], ["MiB", 20], ["KiB", 10]] as const) {
    if (n >= 2 ** k) return `${+(n / 2 ** k).toFixed(2)} ${u}`;
  }
  return `${n} B`;
}
