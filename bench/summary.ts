/**
 * Markdown tables from the newest results JSON of each bench in `bench/results/`, for
 * README's tables (issue 19: "build README's table from them").
 *
 * ```sh
 * deno task bench:summary                 # newest io, io-unfsd, startup, scale, tree, ... (not -quick)
 * deno task bench:summary --quick         # the newest -quick files instead
 * deno task bench:summary --only scale,tree --dir bench/results
 * ```
 *
 * A results file is `<bench>-<YYYY-MM-DD>[-quick].json`; the newest date of each bench is
 * used. `io` (bench/io.ts), `scale` (bench/scale.ts) and `tree` (bench/tree.ts) get their own
 * tables; any other bench's file gets a generic one: each array of flat objects in it
 * (`rows`, `results`, ...) as a table, and its `targets`.
 *
 * @module
 */
import type { BulkSummary, MetaSummary, Target } from "./_summary.ts";
import type { ScaleResults } from "./scale.ts";
import type { TreeResults } from "./tree.ts";

type Cell = string | number | boolean | null | undefined;

/** A Markdown table; numbers right-aligned. */
export function mdTable(head: readonly string[], rows: readonly Cell[][]): string {
  const text = rows.map((r) => r.map((c) => (c === null || c === undefined ? "-" : String(c))));
  const num = head.map((_, i) =>
    rows.length > 0 &&
    rows.every((r) => typeof r[i] === "number" || /^[\d.,x ()-]+$/.test(String(r[i] ?? "-")))
  );
  const w = head.map((h, i) => Math.max(3, h.length, ...text.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) =>
    `| ${r.map((c, i) => (num[i] ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join(" | ")} |`;
  return [
    line(head),
    `| ${w.map((n, i) => (num[i] ? "-".repeat(n - 1) + ":" : "-".repeat(n))).join(" | ")} |`,
    ...text.map(line),
  ].join("\n");
}

const f = (x: number | null | undefined, digits = 0): string =>
  x === null || x === undefined || !Number.isFinite(x)
    ? "-"
    : x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const range = (
  med: number | null | undefined,
  lo: number | null | undefined,
  hi: number | null | undefined,
  d = 0,
) => `${f(med, d)} (${f(lo, d)}-${f(hi, d)})`;

function targetsList(
  ts: readonly { line?: string; target?: string; figure?: string; met: boolean }[],
): string {
  return ts.map((t) =>
    t.line !== undefined
      ? `- ${t.line}`
      : `- ${t.met ? "[met]" : "[MISSED]"} ${t.target}: ${t.figure}`
  ).join("\n");
}

/** What `io-<date>.json` holds that these tables read (the shapes io.ts writes). */
interface IoJson {
  date: string;
  loadAverage: { start: string; end: string };
  bulk: BulkSummary[];
  metadata: MetaSummary[];
  targets: Target[];
}

function ioTables(r: IoJson): string {
  const out: string[] = [];
  if (r.bulk?.length) {
    out.push(mdTable(
      [
        "server",
        "network",
        "op",
        "client",
        "MiB/s (min-max)",
        "ours/libnfs",
        "in-proc MiB/s",
        "CPU s/GiB",
        "peak RSS MiB",
        "payload copied",
        "server CPU s/GiB",
      ],
      r.bulk.map((b) => [
        b.server,
        b.net,
        b.op,
        b.client,
        range(b.mibsMedian, b.mibsMin, b.mibsMax),
        b.ratio === null ? null : `${b.ratio.toFixed(2)}x`,
        f(b.inProcMibs),
        f(b.cpuPerGiB, 2),
        f(b.peakRssMiB, 1),
        b.payloadCopied,
        f(b.serverCpuPerGiB, 2),
      ]),
    ));
  }
  if (r.metadata?.length) {
    out.push(mdTable(
      [
        "server",
        "network",
        "test",
        "client",
        "per s (min-max)",
        "ours/libnfs",
        "in-proc per s",
        "wall ms",
        "CPU ms",
        "peak RSS MiB",
      ],
      r.metadata.map((m) => [
        m.server,
        m.net,
        m.test,
        m.client,
        range(m.rateMedian, m.rateMin, m.rateMax),
        m.ratio === null ? null : `${m.ratio.toFixed(2)}x`,
        f(m.inProcRate),
        f(m.wallMsMedian),
        f(m.cpuMsMedian),
        f(m.peakRssMiB, 1),
      ]),
    ));
  }
  if (r.targets?.length) out.push(targetsList(r.targets));
  return out.join("\n\n");
}

function scaleTables(r: ScaleResults): string {
  // Files from before the JSON had labels and runs (2026-12-02 11:50) name clients only.
  r = { ...r, rows: r.rows.map((x) => ({ ...x, label: x.label ?? x.client, runs: x.runs ?? [] })) };
  const sizes = [...new Set(r.rows.map((x) => x.entries))];
  const clients = [...new Set(r.rows.map((x) => x.label))];
  const at = (label: string, n: number) => r.rows.find((x) => x.label === label && x.entries === n);
  const perEntry = mdTable(
    ["µs per entry", ...sizes.map((n) => f(n))],
    [
      ...clients.map((
        c,
      ) => [c, ...sizes.map((n) => at(c, n)?.usPerEntry ?? null).map((x) => f(x, 2))]),
      ...(r.rows.some((x) => x.warmUsPerEntry != null)
        ? [[
          "readDir, second listing in the process",
          ...sizes.map((n) =>
            f(r.rows.find((x) => x.client === "readdir" && x.entries === n)?.warmUsPerEntry, 2)
          ),
        ]]
        : []),
    ],
  );
  const rss = mdTable(
    ["peak RSS MiB", ...sizes.map((n) => f(n))],
    clients.map((c) => [
      c,
      ...sizes.map((n) => {
        const row = at(c, n);
        return row === undefined || row.runs.length === 0
          ? "-"
          : `${f(row.peakRssMiB, 1)}${
            row.note ? ` (${row.note.startsWith("timed out") ? "timed out" : row.note})` : ""
          }`;
      }),
    ]),
  );
  const detail = mdTable(
    [
      "entries",
      "client",
      "µs/entry (min-max)",
      "wall µs/entry",
      "CPU µs/entry",
      "server CPU µs/entry",
      "peak RSS MiB",
      "runs",
      "load",
    ],
    r.rows.map((x) => [
      x.entries,
      x.label,
      range(x.usPerEntry, x.usPerEntryMin, x.usPerEntryMax, 2),
      f(x.wallUsPerEntry, 2),
      f(x.cpuUsPerEntry, 2),
      f(x.serverCpuUsPerEntry, 2),
      f(x.peakRssMiB, 1),
      x.runs.length,
      x.load,
    ]),
  );
  return [perEntry, rss, detail, targetsList(r.targets ?? [])].join("\n\n");
}

function treeTables(r: TreeResults): string {
  const t = mdTable(
    [
      "op",
      "client",
      "-j",
      "files",
      "files/s (min-max)",
      "CPU µs/file",
      "server CPU µs/file",
      "peak RSS MiB",
      "verified",
      "load",
    ],
    r.rows.map((x) => [
      x.op,
      x.client === "nfs" ? "nfs (ours)" : "nfs-cp, one process per file",
      x.jobs,
      x.files,
      range(x.filesPerSecond, x.filesPerSecondMin, x.filesPerSecondMax),
      f(x.cpuUsPerFile),
      f(x.serverCpuUsPerFile),
      f(x.peakRssMiB, 1),
      x.verified ? "yes" : "NO",
      x.load,
    ]),
  );
  return [t, targetsList(r.targets)].join("\n\n");
}

function isFlat(o: unknown): o is Record<string, Cell> {
  return typeof o === "object" && o !== null && !Array.isArray(o) &&
    Object.values(o).every((v) => v === null || ["string", "number", "boolean"].includes(typeof v));
}

function genericTables(r: Record<string, unknown>): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(r)) {
    if (k === "targets" || !Array.isArray(v) || v.length === 0 || !v.every(isFlat)) continue;
    const head = [...new Set(v.flatMap((o) => Object.keys(o)))];
    out.push(`${k}:\n\n${
      mdTable(
        head,
        v.map((o) =>
          head.map((h) => {
            const c = (o as Record<string, Cell>)[h];
            return typeof c === "number" && !Number.isInteger(c) ? +c.toPrecision(4) : c;
          })
        ),
      )
    }`);
  }
  if (Array.isArray(r.targets)) {
    out.push(
      targetsList(r.targets as { line?: string; target?: string; figure?: string; met: boolean }[]),
    );
  }
  return out.join("\n\n");
}

/** The newest results file of each bench in `dir`: bench name → file name. */
export function newestResults(names: readonly string[], quick: boolean): Map<string, string> {
  const best = new Map<string, string>();
  for (const n of [...names].sort()) {
    const m = /^([a-z][a-z0-9-]*?)-(\d{4}-\d{2}-\d{2})(-quick)?\.json$/.exec(n);
    if (!m || (m[3] !== undefined) !== quick) continue;
    best.set(m[1]!, n); // sorted by name, so by date: the last one wins
  }
  return best;
}

if (import.meta.main) {
  const args = Deno.args;
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dir = (opt("--dir") ?? new URL("./results", import.meta.url).pathname).replace(/\/$/, "");
  const only = opt("--only")?.split(",");
  const names = [...Deno.readDirSync(dir)].filter((e) => e.isFile).map((e) => e.name);
  const order = ["io", "io-unfsd", "startup", "scale", "scale-hwmark", "tree", "tree-100k"];
  const found = [...newestResults(names, args.includes("--quick"))]
    .filter(([k]) => only === undefined || only.includes(k))
    .sort(([a], [b]) =>
      (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b)
    );
  if (found.length === 0) console.log(`No results files in ${dir}.`);
  for (const [bench, file] of found) {
    const r = JSON.parse(Deno.readTextFileSync(`${dir}/${file}`)) as Record<string, unknown>;
    const load = r.loadAverage as { start?: string; end?: string } | string | undefined;
    const loadText = typeof load === "string"
      ? load
      : load
      ? `${load.start ?? "?"} → ${load.end ?? "?"}`
      : "not recorded";
    console.log(
      `### ${bench}: \`${file}\` (${String(r.date ?? "?").slice(0, 16)} UTC, load ${loadText})\n`,
    );
    const body = bench === "io" || bench.startsWith("io-")
      ? ioTables(r as unknown as IoJson)
      : bench.startsWith("scale")
      ? scaleTables(r as unknown as ScaleResults)
      : bench.startsWith("tree")
      ? treeTables(r as unknown as TreeResults)
      : genericTables(r);
    console.log(body + "\n");
  }
}
