/**
 * From samples to figures: medians and ranges per row, ours/libnfs ratios, and the targets
 * the run checks (printed as `[met]` / `[MISSED]`).
 *
 * @module
 */
import { median } from "./_measure.ts";
import { type BulkRow, bulkRows, type MetaRow, metaRows } from "./_results.ts";
import { GiB, MiB, mibs } from "./_run.ts";

export interface BulkSummary {
  server: string;
  net: string;
  op: string;
  client: string;
  mibsMedian: number;
  mibsMin: number;
  mibsMax: number;
  ratio: number | null;
  inProcMibs: number | null;
  cpuPerGiB: number;
  peakRssMiB: number;
  payloadCopied: number | null;
  serverCpuPerGiB: number;
  proxyCpuPerGiB: number | null;
}

export function summarize(r: BulkRow): BulkSummary {
  const speeds = r.samples.map(mibs);
  const gib = r.samples[0]!.amount / GiB;
  const isOurs = r.client !== "libnfs";
  const lib = bulkRows.find((x) =>
    x.server === r.server && x.net === r.net && x.op === r.op && x.client === "libnfs"
  );
  const med = median(speeds);
  return {
    server: r.server,
    net: r.net,
    op: r.op,
    client: r.client,
    mibsMedian: med,
    mibsMin: Math.min(...speeds),
    mibsMax: Math.max(...speeds),
    ratio: isOurs && lib ? med / median(lib.samples.map(mibs)) : null,
    inProcMibs: isOurs ? median(r.samples.map((s) => s.amount / MiB / s.inProc!)) : null,
    cpuPerGiB: median(r.samples.map((s) => (s.user + s.sys) / gib)),
    peakRssMiB: Math.max(...r.samples.map((s) => s.maxRssKiB)) / 1024,
    payloadCopied: isOurs ? Math.max(...r.samples.map((s) => s.payloadCopied!)) : null,
    serverCpuPerGiB: median(r.samples.map((s) => s.serverCpu / gib)),
    proxyCpuPerGiB: r.samples[0]!.proxyCpu !== undefined
      ? median(r.samples.map((s) => s.proxyCpu! / gib))
      : null,
  };
}

export interface MetaSummary {
  server: string;
  net: string;
  test: string;
  client: string;
  tool: string;
  /** Per second, from the process's wall time. */
  rateMedian: number;
  rateMin: number;
  rateMax: number;
  /** Per second, from the in-process time (ours only). */
  inProcRate: number | null;
  wallMsMedian: number;
  ratio: number | null;
  cpuMsMedian: number;
  peakRssMiB: number;
}

export function summarizeMeta(r: MetaRow): MetaSummary {
  const rates = r.samples.map((s) => s.amount / s.wall);
  const other = metaRows.find((x) =>
    x.server === r.server && x.net === r.net && x.test === r.test && x.client !== r.client
  );
  const med = median(rates);
  return {
    server: r.server,
    net: r.net,
    test: r.test,
    client: r.client,
    tool: r.tool,
    rateMedian: med,
    rateMin: Math.min(...rates),
    rateMax: Math.max(...rates),
    inProcRate: r.client === "ours" ? median(r.samples.map((s) => s.amount / s.inProc!)) : null,
    wallMsMedian: median(r.samples.map((s) => s.wall * 1000)),
    ratio: r.client === "ours" && other
      ? med / median(other.samples.map((s) => s.amount / s.wall))
      : null,
    cpuMsMedian: median(r.samples.map((s) => (s.user + s.sys) * 1000)),
    peakRssMiB: Math.max(...r.samples.map((s) => s.maxRssKiB)) / 1024,
  };
}

export interface Target {
  target: string;
  figure: string;
  met: boolean;
}

export function checkTargets(bulk: BulkSummary[], meta: MetaSummary[], size: number): Target[] {
  const t: Target[] = [];
  const same = (a: BulkSummary, b: BulkSummary) =>
    a.server === b.server && a.net === b.net && a.op === b.op;
  /** The other windows' figures for the same configuration, e.g. `; ours w=4: 0.61x`. */
  const variants = (b: BulkSummary, fig: (v: BulkSummary) => string) =>
    bulk.filter((v) => same(v, b) && v.client !== "ours" && v.client !== "libnfs")
      .map((v) => `; ${v.client}: ${fig(v)}`).join("");
  const loop = "loopback";
  const prox = bulk.find((b) => b.net !== loop)?.net;
  for (
    const [server, op, min, net] of [
      ["ganesha-vfs", "read", 1.0, loop],
      ["ganesha-vfs", "write", 1.2, loop],
      ["ganesha-mem", "write", 1.2, loop],
      ["unfsd", "read", 1.0, loop],
      ["unfsd", "write", 1.2, loop],
      ["ganesha-vfs", "read", 4, prox],
      ["ganesha-vfs", "write", 4, prox],
      ["ganesha-mem", "write", 4, prox],
      ["unfsd", "read", 4, prox],
      ["unfsd", "write", 4, prox],
    ] as const
  ) {
    if (net === undefined) continue;
    const b = bulk.find((x) =>
      x.server === server && x.net === net && x.op === op && x.client === "ours"
    );
    if (!b || b.ratio === null) continue;
    t.push({
      target: `${server} ${net} ${op}: ours >= ${min}x nfs-${op === "read" ? "cat" : "cp"}`,
      figure: `${b.ratio.toFixed(2)}x (${b.mibsMedian.toFixed(0)} vs ${
        (b.mibsMedian / b.ratio).toFixed(0)
      } MiB/s; in-process ${fx(b.inProcMibs)} MiB/s${
        variants(b, (v) => `${v.ratio!.toFixed(2)}x`)
      })`,
      met: b.ratio >= min,
    });
  }
  const ours = bulk.filter((b) => b.client !== "libnfs");
  const copied = Math.max(...ours.map((b) => b.payloadCopied ?? 0));
  t.push({
    target: "payload bytes copied by JS = 0 (every bulk run of ours)",
    figure: `max ${copied}`,
    met: copied === 0,
  });
  const rss = Math.max(...ours.map((b) => b.peakRssMiB));
  t.push({
    target: "peak RSS of our client < 128 MiB (every bulk run of ours)",
    figure: `max ${rss.toFixed(1)} MiB`,
    met: rss < 128,
  });
  for (const b of bulk.filter((x) => x.client === "ours")) {
    const l = bulk.find((x) => same(x, b) && x.client === "libnfs");
    if (!l) continue;
    const r = b.cpuPerGiB / l.cpuPerGiB;
    // The fixed cost of a process (start, mount, exit), from the 1 MiB read, taken out.
    const fixed = (client: string) =>
      meta.find((m) =>
        m.server === b.server && m.net === b.net && m.client === client &&
        m.test.startsWith("read a 1 MiB file")
      )?.cpuMsMedian;
    const fo = fixed("ours");
    const fl = fixed("libnfs");
    const gib = size / GiB;
    const marginal = fo === undefined || fl === undefined ? "" : (() => {
      const mo = (b.cpuPerGiB * gib - fo / 1000) / gib;
      const ml = (l.cpuPerGiB * gib - fl / 1000) / gib;
      if (!(mo > 0 && ml > 0)) return ""; // too small a transfer to tell (--quick)
      return `; without each process's fixed start/mount/exit cost (${(fo / 1000).toFixed(2)} vs ${
        (fl / 1000).toFixed(2)
      } s): ${mo.toFixed(2)} vs ${ml.toFixed(2)} s/GiB = ${(mo / ml).toFixed(2)}x`;
    })();
    t.push({
      target: `CPU/GiB within 2x of libnfs: ${b.server} ${b.net} ${b.op}`,
      figure: `${b.cpuPerGiB.toFixed(2)} vs ${l.cpuPerGiB.toFixed(2)} s/GiB = ${r.toFixed(2)}x${
        variants(b, (v) => `${(v.cpuPerGiB / l.cpuPerGiB).toFixed(2)}x`)
      }${marginal}`,
      met: r <= 2,
    });
  }
  return t;
}

/** A number with `d` decimals, or "-" when there is none. */
export const fx = (
  n: number | null,
  d = 0,
): string => (n === null || !Number.isFinite(n) ? "-" : n.toFixed(d));
