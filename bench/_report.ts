/**
 * The benchmark's output: the tables and targets printed at the end, and the JSON and SVG
 * files under `--out`.
 *
 * @module
 */
import { barChart, type BarGroup } from "./_chart.ts";
import type { Flags } from "./_flags.ts";
import { formatSize, sh } from "./_measure.ts";
import {
  bulkRows,
  failures,
  metaRows,
  proxyCeilings,
  proxyInfos,
  proxyNotes,
  skipped,
} from "./_results.ts";
import { oursLabel, ROOT } from "./_run.ts";
import { type BulkSummary, fx, type MetaSummary, type Target } from "./_summary.ts";

/** Columns padded to their widest cell (the first four left-aligned). */
export function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i < 4 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ");
  return [line(head), w.map((n) => "-".repeat(n)).join("  "), ...rows.map(line)].join("\n");
}

/** What the figures were measured on. */
export async function machine(): Promise<Record<string, unknown>> {
  const cpu = (await Deno.readTextFile("/proc/cpuinfo")).match(/model name\s*:\s*(.*)/)?.[1];
  const mem = Number((await Deno.readTextFile("/proc/meminfo")).match(/MemTotal:\s*(\d+)/)?.[1]);
  const pkg = async (p: string) =>
    (await sh(`dpkg-query -W -f '\${Version}' ${p} 2>/dev/null || true`)).trim() || null;
  return {
    cpu,
    cores: navigator.hardwareConcurrency,
    memGiB: +(mem / 1024 / 1024).toFixed(1),
    kernel: Deno.osRelease(),
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    libnfs: await pkg("libnfs-utils"),
    ganesha: await pkg("nfs-ganesha"),
    git: (await sh(`cd ${JSON.stringify(ROOT)} && git rev-parse --short HEAD 2>/dev/null || true`))
      .trim(),
    gitDirtyFiles: Number(
      (await sh(
        `cd ${JSON.stringify(ROOT)} && (git status --porcelain 2>/dev/null || true) | wc -l`,
      ))
        .trim(),
    ),
  };
}

export function loadAvg(): string {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
  } catch {
    return "?";
  }
}

/** Everything a report is made of. */
export interface Report {
  /** The flags of the run. */
  f: Flags;
  /** When it started. */
  started: Date;
  /** Its duration in seconds. */
  seconds: number;
  /** Load average at the start and at the end. */
  load0: string;
  load1: string;
  /** From {@linkcode machine}. */
  mach: Record<string, unknown>;
  bulk: BulkSummary[];
  meta: MetaSummary[];
  targets: Target[];
}

/** The tables, calibrations, skips, failures and targets, as printed. */
export function reportText(r: Report): string {
  const { f, bulk, meta, targets, seconds, load0, load1 } = r;
  const out: string[] = [];
  out.push(
    `\nBulk transfers: ${formatSize(f.size)}, ${f.runs} runs each, alternated; ` +
      `MiB/s = size / process wall time (startup, mount and exit included)\n`,
  );
  out.push(table(
    [
      "server",
      "network",
      "op",
      "client",
      "MiB/s",
      "min-max",
      "ours/libnfs",
      "in-proc MiB/s",
      "CPU s/GiB",
      "peak RSS MiB",
      "payload copied",
      "server CPU s/GiB",
      "proxy CPU s/GiB",
    ],
    bulk.map((b) => [
      b.server,
      b.net,
      b.op,
      b.client,
      fx(b.mibsMedian),
      `${fx(b.mibsMin)}-${fx(b.mibsMax)}`,
      b.ratio === null ? "" : `${b.ratio.toFixed(2)}x`,
      fx(b.inProcMibs),
      fx(b.cpuPerGiB, 2),
      fx(b.peakRssMiB, 1),
      b.payloadCopied === null ? "n/a" : String(b.payloadCopied),
      fx(b.serverCpuPerGiB, 2),
      fx(b.proxyCpuPerGiB, 2),
    ]),
  ));
  if (meta.length > 0) {
    out.push(`\nMetadata (per second from the process's wall time; in-proc: after connect)\n`);
    out.push(table(
      [
        "server",
        "network",
        "test",
        "client",
        "per s",
        "min-max",
        "ours/libnfs",
        "in-proc per s",
        "wall ms",
        "CPU ms",
        "peak RSS MiB",
      ],
      meta.map((m) => [
        m.server,
        m.net,
        m.test,
        m.client,
        fx(m.rateMedian),
        `${fx(m.rateMin)}-${fx(m.rateMax)}`,
        m.ratio === null ? "" : `${m.ratio.toFixed(2)}x`,
        fx(m.inProcRate),
        fx(m.wallMsMedian),
        fx(m.cpuMsMedian),
        fx(m.peakRssMiB, 1),
      ]),
    ));
  }
  if (proxyInfos.length > 0) {
    out.push(`\nProxy calibration (NULL call round trips, medians)\n`);
    for (const p of proxyInfos) {
      out.push(
        `  ${p.server} +${p.delayMs} ms (${p.impl} proxy): direct ${p.rttDirectMs} ms, ` +
          `via proxy ${p.rttProxyMs} ms = ${p.addedPerDirectionMs} ms added each way ` +
          `(delay parameter ${p.delayParamMs} ms)`,
      );
    }
  }
  for (const c of proxyCeilings) {
    out.push(
      `\nProxy ceiling (${c.impl} proxy, 0 ms, one TCP stream of ${formatSize(c.bytes)}, ` +
        `median of ${c.runs}): ${c.viaProxyMibs.toFixed(0)} MiB/s through it, ` +
        `${c.directMibs.toFixed(0)} MiB/s direct; proxy CPU ${
          c.proxyCpuPerGiB.toFixed(2)
        } s/GiB. Into a Deno process (conn.read into 1 MiB): ${c.denoSinkMibs.toFixed(0)} MiB/s, ` +
        `${c.denoSinkCpuPerGiB.toFixed(2)} CPU s/GiB with its start: a Deno client's floor`,
    );
  }
  for (const n of proxyNotes) out.push(`\nNote: ${n}`);
  for (const s of skipped) out.push(`\nSkipped ${s.what}: ${s.reason}`);
  for (const s of failures) out.push(`\nFAILED ${s.what}: ${s.reason}`);
  out.push(`\nTargets\n`);
  for (const t of targets) out.push(`  [${t.met ? "met" : "MISSED"}] ${t.target}: ${t.figure}`);
  out.push(
    `\nTook ${(seconds / 60).toFixed(1)} min; load average ${load0} at start, ${load1} at end`,
  );
  return out.join("\n");
}

/**
 * Writes `io-<date>[-quick].json` and `io-latest[-quick].svg` under `--out`.
 *
 * @returns The two paths.
 */
export async function writeReport(r: Report): Promise<{ jsonPath: string; svgPath: string }> {
  const { f, started, seconds, load0, load1, mach, bulk, meta, targets } = r;
  const date = started.toISOString().slice(0, 10);
  await Deno.mkdir(f.out, { recursive: true });
  const json = {
    date: started.toISOString(),
    durationSeconds: +seconds.toFixed(1),
    loadAverage: { start: load0, end: load1 },
    machine: mach,
    flags: { ...f, out: undefined },
    proxy: proxyInfos,
    proxyCeiling: proxyCeilings,
    proxyNotes,
    skipped,
    failures,
    targets,
    bulk,
    metadata: meta,
    raw: { bulk: bulkRows, metadata: metaRows },
  };
  const jsonPath = `${f.out.replace(/\/$/, "")}/io-${date}${f.quick ? "-quick" : ""}.json`;
  const round = (_k: string, v: unknown) =>
    typeof v === "number" && !Number.isInteger(v) ? +v.toPrecision(6) : v;
  await Deno.writeTextFile(jsonPath, JSON.stringify(json, round, 2) + "\n");
  const groups: BarGroup[] = [];
  for (const b of bulk.filter((x) => x.client === "ours")) {
    const set = bulk.filter((x) => x.server === b.server && x.net === b.net && x.op === b.op);
    groups.push({
      label: `${b.server.replace("ganesha-", "")} ${b.op}\n${
        b.net === "loopback" ? "loopback" : b.net.replace(" each way", "")
      }`,
      bars: set.map((x) => ({
        series: x.client,
        median: x.mibsMedian,
        min: x.mibsMin,
        max: x.mibsMax,
      })),
      note: set.filter((x) => x.ratio !== null).map((x) => `${x.ratio!.toFixed(2)}x`).join(" / "),
    });
  }
  const svgPath = `${f.out.replace(/\/$/, "")}/io-latest${f.quick ? "-quick" : ""}.svg`;
  const m = json.machine as { cpu?: string; cores: number };
  await Deno.writeTextFile(
    svgPath,
    barChart(groups, {
      title: `@nfs/client vs libnfs: ${formatSize(f.size)} sequential read / write (median MiB/s)`,
      subtitle: `${date}, ${m.cores} cores ${m.cpu ?? ""}, ${f.runs} runs each, ` +
        `whiskers min-max; libnfs = nfs-cat (read), nfs-cp (write); bold: ours/libnfs`,
      unit: "MiB/s (process wall time)",
      colors: Object.fromEntries([
        ...f.windows.map((w, i) => [oursLabel(w), ["#2b6cb0", "#63b3ed", "#90cdf4"][i % 3]!]),
        ["libnfs", "#a0aec0"],
      ]),
    }),
  );
  return { jsonPath, svgPath };
}
