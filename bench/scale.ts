/**
 * Listing at scale (issue 19, goal 3): `readDir` (the library, in-process), `nfs ls` and
 * `nfs ls -l` (the CLI, whole processes) and libnfs's `nfs-ls` on directories of 1k, 10k,
 * 100k and 1M entries on ganesha VFS in tmpfs. Per-entry time should stay flat (within 1.5x
 * across the sizes) and peak RSS under 128 MiB at 1M.
 *
 * ```sh
 * deno task bench:scale                      # 1k, 10k, 100k, 1M; the run of record (~5 min)
 * deno task bench:scale --quick              # 1k, 10k, 100k, 1 run each (~1 min)
 * deno task bench:scale --sizes 1k,10k --runs 5 --clients readdir,nfs-ls
 * deno task bench:scale --chart bench/results/scale-2026-12-02.json   # only redraw the SVG
 * ```
 *
 * `nfs ls` is the installed command (the built file JSR ships, bench/_cli_entry.ts);
 * `--source` runs cli/main.ts instead.
 *
 * One directory grows from size to size (empty files, made here with `Deno.openSync` and
 * timed). For each size a fresh ganesha serves it (a cold server cache each time), one
 * unmeasured `readDir` warms it, then the clients run alternated, `--runs` rounds (`--big-runs`
 * from 500k entries up), each a process under GNU time and `timeout`. Before the first size,
 * every process client lists an empty directory `--runs` times: its fixed cost (start-up,
 * connect), which is subtracted for the per-entry figure. Every listing is checked: the
 * entry count `readDir` returns, the lines the others print.
 *
 * Per entry: `readDir` = time of the loop inside the process (after connect) / entries; the
 * others = (process wall time - the empty listing's) / entries. A client that times out at
 * one size (`--timeout`) is reported with the RSS it had reached and skipped at larger sizes.
 * The results go to `bench/results/scale-<date>[-quick].json` and
 * `scale-latest[-quick].svg` (see bench/README.md for the JSON's fields).
 *
 * @module
 */
import { startGanesha } from "../harness/mod.ts";
import { cliEntry } from "./_cli_entry.ts";
import { lineChart } from "./_chart.ts";
import { median } from "./_measure.ts";
import { machine } from "./_report.ts";
import type { ScaleClientResult } from "./_scale_client.ts";
import { Args, countLines, loadAverage, redrawChart, timed, type TimedRun } from "./_timed.ts";

/** The clients, by their `--clients` name. */
export const CLIENTS = {
  "readdir": "readDir (library, in-process)",
  "ls": "nfs ls",
  "ls-l": "nfs ls -l",
  "nfs-ls": "nfs-ls (libnfs)",
} as const;
/** A `--clients` name. */
export type ClientId = keyof typeof CLIENTS;

/** One measured process, as the JSON keeps it. */
export interface ScaleRun {
  /** Process wall seconds, user and system CPU seconds, peak RSS MiB. */
  wall: number;
  user: number;
  sys: number;
  rssMiB: number;
  /** ganesha's CPU seconds during the run. */
  serverCpu: number;
  /** `readdir` only: seconds of the first and the second listing inside the process. */
  inProc?: number;
  warmInProc?: number;
  /** Entries the client reported (readdir) or lines it printed; null when it did not finish. */
  listed: number | null;
  /** Killed by `--timeout`. */
  timedOut: boolean;
}

/** One client at one size. */
export interface ScaleRow {
  entries: number;
  client: ClientId;
  label: string;
  /** Load average (1, 5, 15 min) when this size started. */
  load: string;
  runs: ScaleRun[];
  /** Median µs per entry (see the module doc), with the runs' min and max; null: not finished. */
  usPerEntry: number | null;
  usPerEntryMin: number | null;
  usPerEntryMax: number | null;
  /** `readdir` only: median µs per entry of the second listing in the same process. */
  warmUsPerEntry?: number | null;
  /**
   * Median process wall time per entry, fixed cost included (`readdir`: less the second
   * listing, so as for a process that lists once).
   */
  wallUsPerEntry: number | null;
  /**
   * Median client CPU (user + sys) per entry and listing, the empty listing's CPU subtracted
   * (`readdir`: its process lists twice, so divided by 2 x entries).
   */
  cpuUsPerEntry: number | null;
  /** Median ganesha CPU per entry and listing. */
  serverCpuUsPerEntry: number | null;
  /** Largest peak RSS of the runs (also of a run that timed out). */
  peakRssMiB: number;
  /** Whether every run listed exactly `entries`. */
  verified: boolean;
  /** Why it has no figures (timed out, failed), or null. */
  note: string | null;
}

/** A process client's cost on an empty directory. */
export interface FixedCost {
  client: ClientId;
  wall: number;
  cpu: number;
  rssMiB: number;
}

/** A `[met]`/`[MISSED]` line. */
export interface ScaleTarget {
  client: ClientId;
  what: "flat" | "rss";
  /** The ratio max/min of per-entry µs over the sizes (flat), or the peak RSS in MiB (rss). */
  value: number | null;
  goal: string;
  met: boolean;
  line: string;
}

/** The JSON file. */
export interface ScaleResults {
  bench: "scale";
  date: string;
  durationSeconds: number;
  loadAverage: { start: string; end: string };
  machine: Record<string, unknown>;
  server: string;
  flags: Record<string, unknown>;
  /** Time to make the entries of each size (from the previous size up). */
  create: { entries: number; made: number; seconds: number; usPerFile: number }[];
  fixed: FixedCost[];
  rows: ScaleRow[];
  targets: ScaleTarget[];
}

/** Listings per `readdir` process: the first, and the second (warm) one. */
const READDIR_LISTINGS = 2;
const WARM = "readDir, second listing in the process";
const SERVER = "ganesha CPU (during nfs-ls)";
const COLORS: Record<string, string> = {
  [SERVER]: "#c05621",
  [WARM]: "#63b3ed",
  [CLIENTS["readdir"]]: "#2b6cb0",
  [CLIENTS["ls"]]: "#38a169",
  [CLIENTS["ls-l"]]: "#d69e2e",
  [CLIENTS["nfs-ls"]]: "#718096",
};

/** The SVG of a results file: µs per entry and peak RSS against entries, log x. */
export function scaleChart(r: ScaleResults): string {
  const labels = [...new Set(r.rows.map((x) => x.label))];
  const series = (pick: (x: ScaleRow) => number | null) =>
    labels.map((name) => ({
      name,
      points: r.rows.filter((x) => x.label === name).map((x) => ({ x: x.entries, y: pick(x) })),
    }));
  const m = r.machine as { cores?: number; cpu?: string };
  return lineChart([
    {
      title: "Time per entry (µs, fixed process cost subtracted)",
      unit: "µs per entry",
      series: [
        ...series((x) => x.usPerEntry),
        ...(r.rows.some((x) => x.warmUsPerEntry != null)
          ? [{
            name: WARM,
            dashed: true,
            points: r.rows.filter((x) => x.client === "readdir").map((x) => ({
              x: x.entries,
              y: x.warmUsPerEntry ?? null,
            })),
          }]
          : []),
      ],
    },
    {
      title: "CPU per entry: each client, and ganesha's (dashed) during nfs-ls",
      unit: "CPU µs per entry (from 10k entries: 10 ms ticks)",
      series: [
        ...series((x) => (x.entries >= 10_000 ? x.cpuUsPerEntry : null)),
        {
          name: SERVER,
          dashed: true,
          points: r.rows.filter((x) => x.client === "nfs-ls" && x.entries >= 10_000).map((x) => ({
            x: x.entries,
            y: x.serverCpuUsPerEntry,
          })),
        },
      ],
    },
    {
      title: "Peak RSS of the client process (MiB)",
      unit: "MiB",
      series: series((x) => (x.runs.length > 0 ? x.peakRssMiB : null)),
      logY: true,
      goal: { y: 128, label: "goal < 128 MiB" },
    },
  ], {
    title: `Listing at scale: ganesha VFS on tmpfs, loopback${
      (r.flags as { mdcacheEntries?: number | null }).mdcacheEntries
        ? `, MDCACHE Entries_HWMark ${(r.flags as { mdcacheEntries: number }).mdcacheEntries}`
        : ""
    }`,
    subtitle: `${r.date.slice(0, 16).replace("T", " ")} UTC, ${m.cores ?? "?"} cores ${
      m.cpu ?? ""
    }, load ${r.loadAverage.start} → ${r.loadAverage.end}, medians of ${
      (r.flags as { runs?: number }).runs ?? "?"
    } runs`,
    xUnit: "entries in the directory (log scale)",
    logX: true,
    colors: COLORS,
  });
}

function svgPathFor(jsonPath: string): string {
  const quick = jsonPath.includes("-quick");
  const base = /scale-hwmark-[^/]*$/.test(jsonPath) ? "scale-hwmark" : "scale";
  return jsonPath.replace(/[^/]*$/, `${base}-latest${quick ? "-quick" : ""}.svg`);
}

/**
 * The `[met]`/`[MISSED]` lines. Flatness: `readdir` on its warm (second) listing at every
 * size, and its first listing as information; the CLI on the per-entry time net of the
 * empty listing, from 10k entries up (at 1k the entries take ~10 ms of a ~100 ms process
 * whose runs vary by about as much). RSS: the largest size's peak.
 */
export function scaleTargets(
  rows: readonly ScaleRow[],
  sizes: readonly number[],
  clientIds: readonly ClientId[],
): ScaleTarget[] {
  const targets: ScaleTarget[] = [];
  const top = sizes[sizes.length - 1]!;
  const big = sizes.filter((n) => n >= 10_000);
  for (const c of clientIds) {
    const mine = rows.filter((r) => r.client === c);
    const ours = c !== "nfs-ls";
    const tag = (ok: boolean, info = false) => !ours || info ? "[info]" : ok ? "[met]" : "[MISSED]";
    const flat = (
      what: string,
      at: readonly number[],
      pick: (r: ScaleRow) => number | null,
      info = false,
    ) => {
      const per = at.map((n) => {
        const r = mine.find((x) => x.entries === n);
        return r === undefined ? null : pick(r);
      });
      const done = per.filter((x): x is number => x !== null);
      const spread = done.length === at.length && done.length > 1
        ? Math.max(...done) / Math.min(...done)
        : null;
      const ok = spread !== null && spread <= 1.5;
      const line = `${tag(ok, info)} ${CLIENTS[c]}: ${what} ${
        spread === null ? "not measured at each size" : `${spread.toFixed(2)}x`
      } from lowest to highest over ${at.join(", ")} entries (goal <= 1.5x): ${
        per.map(us).join(", ")
      } µs`;
      targets.push({
        client: c,
        what: "flat",
        value: spread,
        goal: info ? "information" : "<= 1.5x",
        met: ok,
        line,
      });
    };
    if (c === "readdir") {
      flat("per entry, second listing in the process", sizes, (r) => r.warmUsPerEntry ?? null);
      flat("per entry, first listing in a fresh process", sizes, (r) => r.usPerEntry, true);
    } else {
      flat(
        "per entry net of the empty listing",
        big.length > 1 ? big : sizes,
        (r) => r.usPerEntry,
        !ours,
      );
    }
    // The client's own CPU per entry (GNU time counts in 10 ms ticks: from 10k entries up).
    flat(
      "CPU per entry (client process)",
      big.length > 1 ? big : sizes,
      (r) => r.cpuUsPerEntry,
      true,
    );
    const last = mine.find((r) => r.entries === top);
    const rss = last !== undefined && last.runs.length > 0 ? last.peakRssMiB : null;
    const rssOk = rss !== null && rss < 128 && last!.note === null;
    targets.push({
      client: c,
      what: "rss",
      value: rss,
      goal: ours ? "< 128 MiB" : "information",
      met: rssOk,
      line: `${tag(rssOk)} ${CLIENTS[c]}: peak RSS ${
        rss === null ? "not measured" : `${rss.toFixed(1)} MiB`
      } at ${top} entries${last?.note ? ` (${last.note})` : ""} (goal < 128 MiB${
        top < 1_000_000 ? "; the goal is stated at 1M" : ""
      }): ${mine.map((r) => r.peakRssMiB.toFixed(0)).join(", ")} MiB`,
    });
  }
  return targets;
}

const us = (x: number | null) => (x === null ? "-" : x.toFixed(2));

async function main(): Promise<void> {
  const a = new Args(Deno.args, [
    "--sizes",
    "--runs",
    "--big-runs",
    "--clients",
    "--timeout",
    "--quick",
    "--out",
    "--no-out",
    "--vfs-dir",
    "--chart",
    "--mdcache-entries",
    "--source",
  ]);
  if (await redrawChart<ScaleResults>(a, svgPathFor, scaleChart)) return;
  const quick = a.has("--quick");
  const sizes = a.list("--sizes", quick ? "1000,10000,100000" : "1000,10000,100000,1000000")
    .sort((x, y) => x - y);
  const runs = Math.max(1, a.num("--runs", quick ? 1 : 3));
  const bigRuns = Math.max(1, a.num("--big-runs", quick ? 1 : 1));
  const timeoutSeconds = a.num("--timeout", 150);
  const clientIds = a.str("--clients", Object.keys(CLIENTS).join(",")).split(",") as ClientId[];
  for (const c of clientIds) {
    if (!(c in CLIENTS)) throw new TypeError(`Unknown client ${c} (${Object.keys(CLIENTS)})`);
  }
  const outDir = a.str("--out", "bench/results/").replace(/\/?$/, "/");
  const vfsDir = a.str("--vfs-dir", Deno.env.get("VFS_DIR") ?? "/dev/shm");
  // ganesha's MDCACHE keeps 100,000 entries by default (Entries_HWMark); beyond that it
  // reclaims entries as it goes, which is what the 1M listing measures unless raised.
  const mdcacheEntries = a.has("--mdcache-entries") ? a.num("--mdcache-entries", 0) : null;
  const ganeshaOptions = mdcacheEntries === null ? {} : {
    _editConfig: (c: string) =>
      c.replace("MDCACHE {", `MDCACHE {\n  Entries_HWMark = ${mdcacheEntries};`),
  };
  const root = new URL("..", import.meta.url).pathname;
  const deno = Deno.execPath();
  await using cli = await cliEntry(a.has("--source"));
  const started = new Date();
  const load0 = loadAverage();
  console.log(
    `scale: sizes ${sizes.join(", ")}; ${runs} runs (${bigRuns} from 500k); clients ${
      clientIds.join(", ")
    }; timeout ${timeoutSeconds} s; the CLI ${cli.form}; load ${load0}`,
  );

  const work = await Deno.makeTempDir({ dir: vfsDir, prefix: "nfs-scale-" });
  const create: ScaleResults["create"] = [];
  const fixed: FixedCost[] = [];
  const rows: ScaleRow[] = [];
  const given_up = new Map<ClientId, string>();
  try {
    await Deno.mkdir(`${work}/export/d`, { recursive: true });
    await Deno.mkdir(`${work}/export/empty`);
    const cmdFor = (c: ClientId, url: string): string[] => {
      switch (c) {
        case "readdir":
          return [
            deno,
            "run",
            "-A",
            `${root}bench/_scale_client.ts`,
            url,
            "--repeat",
            String(READDIR_LISTINGS),
          ];
        case "ls":
          return [...cli.argv, "ls", url];
        case "ls-l":
          return [...cli.argv, "ls", "-l", url];
        case "nfs-ls":
          return ["nfs-ls", url];
      }
    };
    const outFile = `${work}/stdout.txt`;
    /** One run of `c` on `url`, checked: the entries it listed. */
    const runOne = async (c: ClientId, url: string, pid: number): Promise<ScaleRun> => {
      const t: TimedRun = await timed(cmdFor(c, url), {
        timeoutSeconds,
        stdoutFile: outFile,
        serverPid: pid,
      });
      if (t.code !== 0 && !t.timedOut) {
        throw new Error(`${CLIENTS[c]} failed (exit ${t.code}): ${t.stderr}`);
      }
      const run: ScaleRun = {
        wall: t.wall,
        user: t.user,
        sys: t.sys,
        rssMiB: t.rssMiB,
        serverCpu: t.serverCpu,
        listed: null,
        timedOut: t.timedOut,
      };
      if (!t.timedOut) {
        if (c === "readdir") {
          const line = (await Deno.readTextFile(outFile)).trim().split("\n").pop()!;
          const res = JSON.parse(line) as ScaleClientResult;
          run.listed = res.count;
          run.inProc = res.listings[0]!;
          run.warmInProc = res.listings[res.listings.length - 1]!;
        } else {
          run.listed = await countLines(outFile);
        }
      }
      await Deno.remove(outFile).catch(() => {});
      return run;
    };

    let have = 0;
    for (const n of sizes) {
      const t0 = performance.now();
      for (let i = have; i < n; i++) {
        Deno.openSync(`${work}/export/d/f${String(i).padStart(7, "0")}`, {
          createNew: true,
          write: true,
        }).close();
      }
      const seconds = (performance.now() - t0) / 1000;
      create.push({
        entries: n,
        made: n - have,
        seconds,
        usPerFile: n > have ? seconds / (n - have) * 1e6 : 0,
      });
      console.log(
        `${n} entries: made ${n - have} files in ${seconds.toFixed(1)} s; load ${loadAverage()}`,
      );
      have = n;

      await using server = await startGanesha({ dir: `${work}/export`, ...ganeshaOptions });
      const url = server.url.replace("?", "/d?");
      if (fixed.length === 0) {
        const empty = server.url.replace("?", "/empty?");
        const got = new Map<ClientId, ScaleRun[]>();
        for (let r = -1; r < runs; r++) {
          for (const c of clientIds) {
            const run = await runOne(c, empty, server.pid);
            if (run.listed !== 0) throw new Error(`${CLIENTS[c]} listed ${run.listed} in empty/`);
            if (r >= 0) got.set(c, [...(got.get(c) ?? []), run]);
          }
        }
        for (const c of clientIds) {
          const rs = got.get(c)!;
          fixed.push({
            client: c,
            wall: median(rs.map((x) => x.wall)),
            cpu: median(rs.map((x) => x.user + x.sys)),
            rssMiB: Math.max(...rs.map((x) => x.rssMiB)),
          });
        }
        console.log(
          `fixed cost (empty directory): ${
            fixed.map((f) =>
              `${CLIENTS[f.client]} ${(f.wall * 1000).toFixed(0)} ms, ${
                (f.cpu * 1000).toFixed(0)
              } ms CPU, ${f.rssMiB.toFixed(1)} MiB`
            ).join("; ")
          }`,
        );
      }
      const load = loadAverage();
      const warm = await runOne("readdir", url, server.pid);
      if (warm.listed !== n) throw new Error(`warm-up readDir listed ${warm.listed} of ${n}`);
      const got = new Map<ClientId, ScaleRun[]>();
      const active = clientIds.filter((c) => !given_up.has(c));
      const rounds = n >= 500_000 ? bigRuns : runs;
      for (let r = 0; r < rounds; r++) {
        for (const c of active) {
          if (given_up.has(c)) continue;
          const run = await runOne(c, url, server.pid);
          got.set(c, [...(got.get(c) ?? []), run]);
          if (run.timedOut) {
            given_up.set(c, `timed out after ${timeoutSeconds} s at ${n} entries`);
          }
        }
      }
      for (const c of clientIds) {
        const rs = got.get(c) ?? [];
        const done = rs.filter((x) => !x.timedOut);
        const f = fixed.find((x) => x.client === c)!;
        const listings = c === "readdir" ? READDIR_LISTINGS : 1;
        const per = done.map((x) =>
          (c === "readdir" ? x.inProc! : Math.max(0, x.wall - f.wall)) / n * 1e6
        );
        const med = (xs: number[]) => (xs.length > 0 ? median(xs) : null);
        const row: ScaleRow = {
          entries: n,
          client: c,
          label: CLIENTS[c],
          load,
          runs: rs,
          usPerEntry: med(per),
          usPerEntryMin: per.length > 0 ? Math.min(...per) : null,
          usPerEntryMax: per.length > 0 ? Math.max(...per) : null,
          ...(c === "readdir"
            ? { warmUsPerEntry: med(done.map((x) => x.warmInProc! / n * 1e6)) }
            : {}),
          wallUsPerEntry: med(done.map((x) => (x.wall - (x.warmInProc ?? 0)) / n * 1e6)),
          cpuUsPerEntry: med(
            done.map((x) => Math.max(0, x.user + x.sys - f.cpu) / (n * listings) * 1e6),
          ),
          serverCpuUsPerEntry: med(done.map((x) => x.serverCpu / (n * listings) * 1e6)),
          peakRssMiB: rs.length > 0 ? Math.max(...rs.map((x) => x.rssMiB)) : 0,
          verified: done.length > 0 && done.every((x) => x.listed === n),
          note: rs.length === 0
            ? `not run: ${given_up.get(c) ?? "?"}`
            : done.length < rs.length
            ? `timed out after ${timeoutSeconds} s`
            : null,
        };
        if (done.some((x) => x.listed !== n)) {
          throw new Error(
            `${CLIENTS[c]} listed ${done.map((x) => x.listed).join(", ")} entries, not ${n}`,
          );
        }
        rows.push(row);
        console.log(
          `${String(n).padStart(8)}  ${row.label.padEnd(30)} ${us(row.usPerEntry).padStart(7)} ` +
            `µs/entry (${us(row.usPerEntryMin)}-${us(row.usPerEntryMax)})${
              c === "readdir" ? ` warm ${us(row.warmUsPerEntry ?? null)}` : ""
            }  CPU ${us(row.cpuUsPerEntry)}  server ${
              us(row.serverCpuUsPerEntry)
            } µs/entry  peak RSS ${row.peakRssMiB.toFixed(1)} MiB${
              row.note ? `  [${row.note}]` : ""
            }`,
        );
      }
    }
  } finally {
    await Deno.remove(work, { recursive: true });
  }

  const targets = scaleTargets(rows, sizes, clientIds);
  const load1 = loadAverage();
  console.log(`load average ${load0} at the start, ${load1} at the end`);
  for (const t of targets) console.log(t.line);
  const vsLibnfs = (c: ClientId, pick: (r: ScaleRow) => number | null, what: string) => {
    const lib = rows.filter((r) => r.client === "nfs-ls");
    const mine = rows.filter((r) => r.client === c);
    if (lib.length === 0 || mine.length === 0) return;
    console.log(
      `${CLIENTS[c]} vs nfs-ls, ${what} (>1: ours faster): ${
        sizes.map((n) => {
          const o = pick(mine.find((r) => r.entries === n)!);
          const l = pick(lib.find((r) => r.entries === n)!);
          return `${n}: ${o && l ? (l / o).toFixed(2) + "x" : "-"}`;
        }).join(", ")
      }`,
    );
  };
  vsLibnfs("ls", (r) => r.wallUsPerEntry, "whole process");
  vsLibnfs("readdir", (r) => r.wallUsPerEntry, "whole process (one listing)");
  vsLibnfs("readdir", (r) => r.usPerEntry, "readDir's first listing against nfs-ls net of start");
  if (a.has("--no-out")) return;
  const results: ScaleResults = {
    bench: "scale",
    date: started.toISOString(),
    durationSeconds: +((Date.now() - started.getTime()) / 1000).toFixed(1),
    loadAverage: { start: load0, end: load1 },
    machine: await machine(),
    server: `ganesha-vfs (tmpfs), loopback, MDCACHE Entries_HWMark ${
      mdcacheEntries ?? "100000 (default)"
    }`,
    flags: {
      sizes,
      runs,
      bigRuns,
      timeoutSeconds,
      clients: clientIds,
      quick,
      mdcacheEntries,
      cli: cli.form,
    },
    create,
    fixed,
    rows,
    targets,
  };
  await Deno.mkdir(outDir, { recursive: true });
  const base = mdcacheEntries === null ? "scale" : "scale-hwmark";
  const file = `${outDir}${base}-${started.toISOString().slice(0, 10)}${
    quick ? "-quick" : ""
  }.json`;
  const round = (_k: string, v: unknown) =>
    typeof v === "number" && !Number.isInteger(v) ? +v.toPrecision(6) : v;
  await Deno.writeTextFile(file, JSON.stringify(results, round, 2) + "\n");
  await Deno.writeTextFile(svgPathFor(file), scaleChart(results));
  console.log(`wrote ${file} and ${svgPathFor(file)}`);
}

if (import.meta.main) await main();
