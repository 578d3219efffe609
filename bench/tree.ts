/**
 * A tree of small files through the CLI (issue 19, goal 3): `nfs put -r` and `nfs get -r` of
 * 100,000 files of 4 KiB (100 directories of 1,000) on ganesha VFS in tmpfs, at `-j 1` and
 * with more files in flight (`-j 8`, `-j 32`): files/s, CPU and peak RSS of the process.
 * libnfs has no recursive copy; its `nfs-cp` (one process per file) runs on a sample of the
 * files through `xargs -P N`, N as our `-j`, for a per-file rate to set beside ours.
 *
 * ```sh
 * deno task bench:tree                  # 100k files, -j 1,8,32, 1 run (~4 min here)
 * deno task bench:tree --quick          # 5,000 files (~30 s)
 * deno task bench:tree --files 20000 --jobs 1,4,16 --runs 3 --libnfs-sample 0
 * deno task bench:tree --chart bench/results/tree-2026-12-02.json   # only redraw the SVG
 * ```
 *
 * The command is the installed one (the built file JSR ships, bench/_cli_entry.ts); `--source`
 * runs cli/main.ts instead.
 *
 * The source tree is made twice, once locally (for `put`) and once inside the export (for
 * `get`), each file with its own content. Then, per `-j` value and round, a fresh ganesha
 * (a cold server cache) serves the export; `nfs put -r SRC URL/put-jN` and `nfs get -r
 * URL/src DEST` run under GNU time and `timeout`, then `nfs-cp` on the sample; the server
 * stops, and every file copied is compared with what it should hold (count, sizes, bytes)
 * and removed. Writes `bench/results/tree-<date>[-quick].json` and
 * `tree-latest[-quick].svg` (fields in bench/README.md).
 *
 * @module
 */
import { startGanesha } from "../harness/mod.ts";
import { cliEntry } from "./_cli_entry.ts";
import { barChart, type BarGroup } from "./_chart.ts";
import { machine } from "./_report.ts";
import { median } from "./_measure.ts";
import { Args, loadAverage, redrawChart, timed, type TimedRun } from "./_timed.ts";

/** One measured process (or, for `nfs-cp`, one `xargs -P N` over the sample). */
export interface TreeRun {
  wall: number;
  user: number;
  sys: number;
  rssMiB: number;
  serverCpu: number;
  timedOut: boolean;
  /** Files found complete and correct afterwards. */
  verified: number;
}

/** One operation, client and concurrency. */
export interface TreeRow {
  op: "put" | "get";
  /** `nfs` (our CLI, `-r -j N`) or `nfs-cp` (libnfs, one process per file, N at a time). */
  client: "nfs" | "nfs-cp";
  jobs: number;
  /** Files (and bytes) each run copies: the whole tree, or the `nfs-cp` sample. */
  files: number;
  bytes: number;
  load: string;
  runs: TreeRun[];
  /** Median files/s of the process wall time, min and max of the runs. */
  filesPerSecond: number | null;
  filesPerSecondMin: number | null;
  filesPerSecondMax: number | null;
  /** Median client CPU (user + sys) and ganesha CPU per file, µs. */
  cpuUsPerFile: number | null;
  serverCpuUsPerFile: number | null;
  /** Largest peak RSS of the runs (for `nfs-cp`: of one process). */
  peakRssMiB: number;
  /** Every run copied every file correctly. */
  verified: boolean;
}

/** The JSON file. */
export interface TreeResults {
  bench: "tree";
  date: string;
  durationSeconds: number;
  loadAverage: { start: string; end: string };
  machine: Record<string, unknown>;
  server: string;
  flags: Record<string, unknown>;
  /** Seconds to make the two source trees. */
  createSeconds: number;
  rows: TreeRow[];
  targets: { what: string; value: number | null; goal: string; met: boolean; line: string }[];
}

/** The file at global index `i`: its directory, name and content. */
function fileAt(i: number, perDir: number): { dir: string; name: string } {
  return {
    dir: `d${String(Math.floor(i / perDir)).padStart(3, "0")}`,
    name: `f${String(i % perDir).padStart(4, "0")}`,
  };
}

/** Content of file `i`: a pattern, with `i` in the first and last 4 bytes. */
function contentOf(i: number, base: Uint8Array): Uint8Array {
  const b = base.slice();
  const v = new DataView(b.buffer);
  v.setUint32(0, i);
  if (b.length >= 8) v.setUint32(b.length - 4, i ^ 0x5a5a5a5a);
  return b;
}

function pattern(size: number): Uint8Array {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (Math.imul(i, 2654435761) >>> 13) & 0xff;
  return b;
}

/**
 * How many of the tree's files `root` holds with the right content (of those in `which`,
 * or all); a missing or wrong file is not counted.
 */
function verifyTree(
  root: string,
  files: number,
  perDir: number,
  base: Uint8Array,
  which?: readonly number[],
): number {
  let ok = 0;
  for (const i of which ?? Array.from({ length: files }, (_, k) => k)) {
    const f = fileAt(i, perDir);
    let got: Uint8Array;
    try {
      got = Deno.readFileSync(`${root}/${f.dir}/${f.name}`);
    } catch {
      continue;
    }
    const want = contentOf(i, base);
    if (got.length === want.length && got.every((x, k) => x === want[k])) ok++;
  }
  return ok;
}

function makeTree(root: string, files: number, perDir: number, base: Uint8Array): void {
  for (let i = 0; i < files; i++) {
    const f = fileAt(i, perDir);
    if (i % perDir === 0) Deno.mkdirSync(`${root}/${f.dir}`, { recursive: true });
    Deno.writeFileSync(`${root}/${f.dir}/${f.name}`, contentOf(i, base));
  }
}

/** The SVG of a results file: files/s per operation and concurrency, ours and nfs-cp. */
export function treeChart(r: TreeResults): string {
  const groups: BarGroup[] = [];
  for (const op of ["put", "get"] as const) {
    for (const j of [...new Set(r.rows.map((x) => x.jobs))].sort((a, b) => a - b)) {
      const set = r.rows.filter((x) => x.op === op && x.jobs === j && x.filesPerSecond !== null);
      if (set.length === 0) continue;
      const ours = set.find((x) => x.client === "nfs");
      const lib = set.find((x) => x.client === "nfs-cp");
      groups.push({
        label: `${op} -r\n-j ${j}`,
        bars: set.map((x) => ({
          series: x.client === "nfs" ? "nfs (ours)" : "nfs-cp (libnfs)",
          median: x.filesPerSecond!,
          min: x.filesPerSecondMin!,
          max: x.filesPerSecondMax!,
        })),
        ...(ours && lib
          ? { note: `${(ours.filesPerSecond! / lib.filesPerSecond!).toFixed(1)}x` }
          : {}),
      });
    }
  }
  const f = r.flags as { files?: number; size?: number; runs?: number; libnfsSample?: number };
  const m = r.machine as { cores?: number; cpu?: string };
  return barChart(groups, {
    title: `A tree of ${f.files} files of ${f.size} B: files/s, ganesha VFS on tmpfs`,
    subtitle: `${r.date.slice(0, 16).replace("T", " ")} UTC, ${m.cores ?? "?"} cores, load ${
      r.loadAverage.start.split(" ")[0]
    }-${
      r.loadAverage.end.split(" ")[0]
    }; nfs-cp: ${f.libnfsSample} files, a process each, N at once`,
    unit: "files/s (process wall time)",
    colors: { "nfs (ours)": "#2b6cb0", "nfs-cp (libnfs)": "#a0aec0" },
  });
}

function svgPathFor(jsonPath: string): string {
  return jsonPath.replace(
    /[^/]*$/,
    `tree-latest${jsonPath.includes("-quick") ? "-quick" : ""}.svg`,
  );
}

async function main(): Promise<void> {
  const a = new Args(Deno.args, [
    "--files",
    "--per-dir",
    "--size",
    "--jobs",
    "--runs",
    "--libnfs-sample",
    "--timeout",
    "--quick",
    "--out",
    "--no-out",
    "--vfs-dir",
    "--chart",
    "--source",
  ]);
  if (await redrawChart<TreeResults>(a, svgPathFor, treeChart)) return;
  const quick = a.has("--quick");
  const files = a.num("--files", quick ? 5000 : 100_000);
  const perDir = Math.max(1, a.num("--per-dir", quick ? 500 : 1000));
  const size = a.num("--size", 4096);
  const jobsList = a.list("--jobs", "1,8,32");
  const runs = Math.max(1, a.num("--runs", 1));
  const sample = Math.min(files, a.num("--libnfs-sample", quick ? 200 : 500));
  const timeoutSeconds = a.num("--timeout", 1800);
  const outDir = a.str("--out", "bench/results/").replace(/\/?$/, "/");
  const vfsDir = a.str("--vfs-dir", Deno.env.get("VFS_DIR") ?? "/dev/shm");
  await using cli = await cliEntry(a.has("--source"));
  const started = new Date();
  const load0 = loadAverage();
  const base = pattern(size);
  console.log(
    `tree: ${files} files of ${size} B (${perDir} per directory); -j ${
      jobsList.join(", ")
    }; ${runs} run(s); nfs-cp sample ${sample}; the CLI ${cli.form}; load ${load0}`,
  );
  // The sample: spread over the tree.
  const picks = Array.from({ length: sample }, (_, k) => Math.floor(k * files / sample));

  const work = await Deno.makeTempDir({ dir: vfsDir, prefix: "nfs-tree-" });
  const got = new Map<string, TreeRun[]>();
  const loads = new Map<string, string>();
  let createSeconds = 0;
  try {
    const t0 = performance.now();
    makeTree(`${work}/src`, files, perDir, base);
    makeTree(`${work}/export/src`, files, perDir, base);
    createSeconds = (performance.now() - t0) / 1000;
    console.log(`made the two trees in ${createSeconds.toFixed(1)} s; load ${loadAverage()}`);
    const record = (key: string, t: TimedRun, verified: number) => {
      const run: TreeRun = {
        wall: t.wall,
        user: t.user,
        sys: t.sys,
        rssMiB: t.rssMiB,
        serverCpu: t.serverCpu,
        timedOut: t.timedOut,
        verified,
      };
      got.set(key, [...(got.get(key) ?? []), run]);
      if (!loads.has(key)) loads.set(key, loadAverage());
      return run;
    };
    const check = (what: string, t: TimedRun) => {
      if (t.code !== 0 && !t.timedOut) {
        throw new Error(`${what} failed (exit ${t.code}): ${t.stderr}`);
      }
    };
    for (let r = 0; r < runs; r++) {
      for (const j of jobsList) {
        const put = `put-j${j}`;
        const dest = `${work}/get-j${j}`;
        const libPut = `${work}/export/libnfs-put-j${j}`;
        const libGet = `${work}/libnfs-get-j${j}`;
        for (const p of picks) {
          const f = fileAt(p, perDir);
          await Deno.mkdir(`${libPut}/${f.dir}`, { recursive: true });
          await Deno.mkdir(`${libGet}/${f.dir}`, { recursive: true });
        }
        let tp: TimedRun, tg: TimedRun;
        let tlp: TimedRun | undefined;
        let tlg: TimedRun | undefined;
        {
          await using server = await startGanesha({ dir: `${work}/export` });
          const url = (p: string) => server.url.replace("?", `/${p}?`);
          // Compile (the Deno cache) and look once, unmeasured.
          check(
            "nfs ls",
            await timed([...cli.argv, "ls", url("")], {
              timeoutSeconds,
            }),
          );
          const o = { timeoutSeconds, serverPid: server.pid };
          tp = await timed(
            [
              ...cli.argv,
              "put",
              "-r",
              "-j",
              String(j),
              `${work}/src`,
              url(put),
            ],
            o,
          );
          check(`nfs put -r -j ${j}`, tp);
          tg = await timed(
            [
              ...cli.argv,
              "get",
              "-r",
              "-j",
              String(j),
              url("src"),
              dest,
            ],
            o,
          );
          check(`nfs get -r -j ${j}`, tg);
          if (sample > 0) {
            const pairs = (dir: (f: { dir: string; name: string }) => [string, string]) =>
              picks.map((p) => dir(fileAt(p, perDir)).join("\n")).join("\n") + "\n";
            const putList = `${work}/libnfs-put.txt`;
            const getList = `${work}/libnfs-get.txt`;
            await Deno.writeTextFile(
              putList,
              pairs((
                f,
              ) => [`${work}/src/${f.dir}/${f.name}`, url(`libnfs-put-j${j}/${f.dir}/${f.name}`)]),
            );
            await Deno.writeTextFile(
              getList,
              pairs((f) => [url(`src/${f.dir}/${f.name}`), `${libGet}/${f.dir}/${f.name}`]),
            );
            const xargs = (
              list: string,
            ) => ["xargs", "-a", list, "-d", "\n", "-n", "2", "-P", String(j), "nfs-cp"];
            tlp = await timed(xargs(putList), o);
            check(`nfs-cp put -P ${j}`, tlp);
            tlg = await timed(xargs(getList), o);
            check(`nfs-cp get -P ${j}`, tlg);
          }
          // the server stops at the end of this block, before the copies are checked
        }
        const vp = verifyTree(`${work}/export/${put}`, files, perDir, base);
        const vg = verifyTree(dest, files, perDir, base);
        const line = (what: string, t: TimedRun, n: number, v: number) =>
          console.log(
            `  ${what.padEnd(28)} ${
              ((t.timedOut ? v : n) / t.wall).toFixed(0).padStart(7)
            } files/s  ${t.wall.toFixed(1)} s  CPU ${(t.user + t.sys).toFixed(1)} s  server ${
              t.serverCpu.toFixed(1)
            } s  ` +
              `peak RSS ${t.rssMiB.toFixed(1)} MiB  ${
                v === n ? "verified" : `${v} of ${n} correct`
              }${t.timedOut ? " TIMED OUT" : ""}`,
          );
        line(`nfs put -r -j ${j}`, tp, files, vp);
        record(`put nfs ${j}`, tp, vp);
        line(`nfs get -r -j ${j}`, tg, files, vg);
        record(`get nfs ${j}`, tg, vg);
        if (tlp !== undefined && tlg !== undefined) {
          const vlp = verifyTree(libPut, files, perDir, base, picks);
          const vlg = verifyTree(libGet, files, perDir, base, picks);
          line(`nfs-cp put, ${j} at a time`, tlp, sample, vlp);
          record(`put nfs-cp ${j}`, tlp, vlp);
          line(`nfs-cp get, ${j} at a time`, tlg, sample, vlg);
          record(`get nfs-cp ${j}`, tlg, vlg);
        }
        for (const p of [`${work}/export/${put}`, dest, libPut, libGet]) {
          await Deno.remove(p, { recursive: true }).catch(() => {});
        }
      }
    }
  } finally {
    await Deno.remove(work, { recursive: true });
  }

  const rows: TreeRow[] = [];
  for (const op of ["put", "get"] as const) {
    for (const client of ["nfs", "nfs-cp"] as const) {
      for (const j of jobsList) {
        const key = `${op} ${client} ${j}`;
        const rs = got.get(key);
        if (rs === undefined) continue;
        const n = client === "nfs" ? files : sample;
        const done = rs.filter((x) => !x.timedOut);
        const fps = done.map((x) => n / x.wall);
        rows.push({
          op,
          client,
          jobs: j,
          files: n,
          bytes: n * size,
          load: loads.get(key)!,
          runs: rs,
          filesPerSecond: fps.length > 0 ? median(fps) : null,
          filesPerSecondMin: fps.length > 0 ? Math.min(...fps) : null,
          filesPerSecondMax: fps.length > 0 ? Math.max(...fps) : null,
          cpuUsPerFile: done.length > 0
            ? median(done.map((x) => (x.user + x.sys) / n * 1e6))
            : null,
          serverCpuUsPerFile: done.length > 0
            ? median(done.map((x) => x.serverCpu / n * 1e6))
            : null,
          peakRssMiB: Math.max(...rs.map((x) => x.rssMiB)),
          verified: done.length === rs.length && rs.every((x) => x.verified === n),
        });
      }
    }
  }
  const load1 = loadAverage();
  console.log(`\nload average ${load0} at the start, ${load1} at the end`);
  console.log(
    `op   client   -j  files/s (min-max)       CPU µs/file  server µs/file  peak RSS MiB`,
  );
  const f0 = (x: number | null) => (x === null ? "-" : x.toFixed(0));
  for (const r of rows) {
    console.log(
      `${r.op.padEnd(4)} ${r.client.padEnd(7)} ${String(r.jobs).padStart(3)}  ${
        f0(r.filesPerSecond).padStart(7)
      } (${f0(r.filesPerSecondMin)}-${f0(r.filesPerSecondMax)})`.padEnd(46) +
        `${f0(r.cpuUsPerFile).padStart(8)}  ${f0(r.serverCpuUsPerFile).padStart(14)}  ${
          r.peakRssMiB.toFixed(1).padStart(12)
        }${r.verified ? "" : "  NOT VERIFIED"}`,
    );
  }
  const targets: TreeResults["targets"] = [];
  for (const r of rows.filter((x) => x.client === "nfs")) {
    const ok = r.peakRssMiB < 128 && r.verified;
    targets.push({
      what: `${r.op} -r -j ${r.jobs} peak RSS`,
      value: r.peakRssMiB,
      goal: "< 128 MiB",
      met: ok,
      line: `${ok ? "[met]" : "[MISSED]"} nfs ${r.op} -r -j ${r.jobs}: peak RSS ${
        r.peakRssMiB.toFixed(1)
      } MiB for ${files} files (goal < 128 MiB)${r.verified ? "" : "; copy NOT verified"}`,
    });
  }
  for (const op of ["put", "get"] as const) {
    const mine = rows.filter((x) => x.op === op && x.client === "nfs");
    const one = mine.find((x) => x.jobs === 1)?.filesPerSecond;
    const best = mine.filter((x) =>
      x.jobs > 1
    ).sort((x, y) => (y.filesPerSecond ?? 0) - (x.filesPerSecond ?? 0))[0];
    if (one && best?.filesPerSecond) {
      targets.push({
        what: `${op} concurrency`,
        value: best.filesPerSecond / one,
        goal: "information",
        met: best.filesPerSecond > one,
        line: `[info] nfs ${op} -r: -j ${best.jobs} ${best.filesPerSecond.toFixed(0)} files/s, ${
          (best.filesPerSecond / one).toFixed(2)
        }x -j 1 (${one.toFixed(0)} files/s)`,
      });
    }
    for (const r of mine) {
      const lib = rows.find((x) =>
        x.op === op && x.client === "nfs-cp" && x.jobs === r.jobs
      );
      if (!lib?.filesPerSecond || !r.filesPerSecond) continue;
      targets.push({
        what: `${op} -j ${r.jobs} vs nfs-cp`,
        value: r.filesPerSecond / lib.filesPerSecond,
        goal: "information",
        met: r.filesPerSecond > lib.filesPerSecond,
        line: `[info] nfs ${op} -r -j ${r.jobs} ${r.filesPerSecond.toFixed(0)} files/s = ${
          (r.filesPerSecond / lib.filesPerSecond).toFixed(1)
        }x nfs-cp one process per file, ${r.jobs} at a time (${
          lib.filesPerSecond.toFixed(0)
        } files/s)`,
      });
    }
  }
  for (const t of targets) console.log(t.line);
  if (a.has("--no-out")) return;
  const results: TreeResults = {
    bench: "tree",
    date: started.toISOString(),
    durationSeconds: +((Date.now() - started.getTime()) / 1000).toFixed(1),
    loadAverage: { start: load0, end: load1 },
    machine: await machine(),
    server: "ganesha-vfs (tmpfs), loopback",
    flags: {
      files,
      perDir,
      size,
      jobs: jobsList,
      runs,
      libnfsSample: sample,
      cli: cli.form,
      timeoutSeconds,
      quick,
    },
    createSeconds,
    rows,
    targets,
  };
  await Deno.mkdir(outDir, { recursive: true });
  const file = `${outDir}tree-${started.toISOString().slice(0, 10)}${quick ? "-quick" : ""}.json`;
  const round = (_k: string, v: unknown) =>
    typeof v === "number" && !Number.isInteger(v) ? +v.toPrecision(6) : v;
  await Deno.writeTextFile(file, JSON.stringify(results, round, 2) + "\n");
  await Deno.writeTextFile(svgPathFor(file), treeChart(results));
  console.log(`wrote ${file} and ${svgPathFor(file)}`);
}

if (import.meta.main) await main();
