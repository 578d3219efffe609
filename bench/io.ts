/**
 * I/O benchmark: our client against libnfs's command-line tools (`nfs-cat`, `nfs-cp`,
 * `nfs-ls`; Debian package libnfs-utils) on the same servers, in one run, side by side.
 *
 * - 1 GiB sequential read to a discard sink and 1 GiB write from memory, on ganesha VFS,
 *   ganesha MEM (write only: MEM keeps no data above 2 MiB per file) and unfsd when
 *   present; on loopback and through a proxy that adds 1 and 10 ms each way (`--delay`;
 *   `proxy/latency_proxy.c`, built on demand, or `_proxy.ts` without a C compiler). The same
 *   bulk tests through the proxy at 0 ms give the ceiling the delayed runs are held to, and
 *   one TCP stream through it the proxy's own ceiling (`_latency.ts`).
 * - Every client run is its own process under GNU time (`_measure.ts`): throughput from the
 *   process's wall time, CPU seconds per GiB (user + sys), peak RSS; ours also reports the
 *   payload bytes JavaScript copied (`copyStats()`) and its in-process transfer rate.
 * - Runs alternate (ours, ours with window 4, libnfs, ours, ...) after one verified warm-up
 *   round per configuration; figures are medians with min-max. `ours` uses the library's
 *   default READ/WRITE window; `--windows` adds variants (`ours w=N`, a public option).
 * - Metadata: listing a 10,000-entry directory (our `readDir`, READDIRPLUS, vs `nfs-ls`),
 *   and 1,000 small-file creates + writes by our client at concurrency 1 and 32.
 *
 * Prints tables, writes `bench/results/io-<date>.json` and `bench/results/io-latest.svg`.
 *
 * ```
 * deno task bench:io [--size 1GiB] [--runs 5] [--quick] [--delay 1,10] [--windows default,4]
 *                    [--servers vfs,mem,unfsd] [--no-proxy] [--no-ceiling] [--no-meta] [--out DIR]
 *                    [--vfs-dir /dev/shm] [--entries 10000] [--creates 1000]
 * ```
 *
 * Needs root (ganesha), nfs-ganesha (+ -vfs, -mem) and libnfs-utils. See bench/README.md.
 *
 * @module
 */
import { connect } from "../mod.ts";
import { startGanesha, startUnfsd, type TestServer, unfsdAvailability } from "../harness/mod.ts";
import { bulk, makeSource, type Source } from "./_bulk.ts";
import { type Flags, parseFlags } from "./_flags.ts";
import { formatSize, sh } from "./_measure.ts";
import { creates, listing, metaTargets, startup } from "./_meta.ts";
import { proxyCeiling, proxyImpl, startProxy } from "./_latency.ts";
import { loadAvg, machine, reportText, writeReport } from "./_report.ts";
import { bulkRows, failures, metaRows, skipped } from "./_results.ts";
import { type Ctx, log, MiB } from "./_run.ts";
import { checkTargets, summarize, summarizeMeta } from "./_summary.ts";

/** Runs every test against one server, on loopback and then through the latency proxy. */
async function benchServer(
  label: string,
  server: TestServer & { pid?: number },
  localDir: string | null,
  f: Flags,
  src: Source,
): Promise<void> {
  const admin = await connect(server.url);
  try {
    const ctx: Ctx = {
      server,
      label,
      localDir,
      pid: server.pid,
      admin,
      net: "loopback",
      ports: undefined,
      proxyPid: undefined,
    };
    const canRead = localDir !== null;
    if (canRead) await sh(`cp ${src.path} ${JSON.stringify(`${localDir}/read-src.bin`)}`);
    if (canRead && f.meta) {
      await sh(`head -c ${MiB} ${src.path} > ${JSON.stringify(`${localDir}/one-mib.bin`)}`);
      await Deno.mkdir(`${localDir}/ls-dir`);
      for (let i = 0; i < f.entries; i++) {
        await Deno.writeFile(
          `${localDir}/ls-dir/entry-${String(i).padStart(5, "0")}`,
          new Uint8Array(),
        );
      }
    }
    /** Runs one test; a failure is reported and the run goes on with the next. */
    const attempt = async (what: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        failures.push({ what: `${label} ${ctx.net} ${what}`, reason });
        log(`FAILED ${label} ${ctx.net} ${what}: ${reason}`);
      }
    };
    /** The tests of one network: everything, or (proxy ceiling, long delays) bulk only. */
    const suite = async (o: { meta: boolean; libnfs: boolean; runs: number }) => {
      const bo = { libnfs: o.libnfs, runs: o.runs };
      if (canRead) await attempt("read", () => bulk(ctx, "read", f, src, bo));
      await attempt("write", () => bulk(ctx, "write", f, src, bo));
      if (canRead && f.meta && o.meta) {
        if (f.size >= MiB) await attempt("1 MiB read", () => startup(ctx, f));
        await attempt("listing", () => listing(ctx, f));
        await attempt("creates c=1", () => creates(ctx, f, 1));
        await attempt("creates c=32", () => creates(ctx, f, 32));
      }
    };
    await suite({ meta: true, libnfs: true, runs: f.runs });
    if (!f.proxy) return;
    // 0 ms first: what our client gets through the proxy with no delay is the ceiling the
    // delayed runs are held to (ours only). Then each delay; past 1 ms bulk only, 2 runs
    // (nfs-cat at 10 ms each way moves about 30 MiB/s: a 1 GiB run takes half a minute).
    const nets = [
      ...(f.ceiling ? [{ delay: 0, meta: false, libnfs: false, runs: f.runs }] : []),
      ...f.delays.map((d) => ({
        delay: d,
        meta: d <= 1,
        libnfs: true,
        runs: d <= 1 ? f.runs : Math.min(f.runs, 2),
      })),
    ];
    for (const n of nets) {
      log(`${label}: starting the +${n.delay} ms proxy`);
      const p = await startProxy(ctx, n.delay, 300);
      try {
        ctx.net = `+${n.delay} ms each way`;
        ctx.ports = { nfs: p.nfs, mount: p.mount };
        ctx.proxyPid = p.pid;
        await suite(n);
      } finally {
        await p.stop();
        ctx.net = "loopback";
        ctx.ports = undefined;
        ctx.proxyPid = undefined;
      }
    }
  } finally {
    await admin.close();
  }
}

/** A fresh directory for one server's export. */
async function freshDir(base: string, label: string): Promise<string> {
  return await Deno.makeTempDir({ dir: base, prefix: `nfs-bench-${label}-` });
}

// ---------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const f = parseFlags(Deno.args);
  const t0 = performance.now();
  const started = new Date();
  const load0 = loadAvg();
  const mach = await machine();
  log(
    `size ${formatSize(f.size)}, ${f.runs} runs per client, proxy ${
      f.proxy ? `${f.ceiling ? "0," : ""}${f.delays.join(",")} ms each way` : "off"
    }, servers ${f.servers.join(",")}`,
  );
  log(`making the ${formatSize(f.size)} source file in /dev/shm`);
  const src = await makeSource(f.size);
  try {
    // One TCP stream direct (the loopback ceiling of any one-connection client) and through
    // the proxy at 0 ms; needs the C program (its blaster).
    if ((await proxyImpl()).kind === "c") {
      await proxyCeiling(f.quick ? 256 * MiB : 1 << 30, 3);
    }
    for (const kind of f.servers) {
      if (kind === "vfs" || kind === "mem") {
        const fsal = kind === "vfs" ? "VFS" : "MEM";
        const dir = fsal === "VFS" ? await freshDir(f.vfsDir, "vfs") : undefined;
        log(`starting ganesha ${fsal}${dir ? ` exporting ${dir}` : ""}`);
        const server = await startGanesha({ fsal, ...(dir ? { dir } : {}) });
        try {
          await benchServer(`ganesha-${kind}`, server, dir ?? null, f, src);
        } finally {
          await server.stop();
          if (dir) await Deno.remove(dir, { recursive: true }).catch(() => {});
        }
      } else if (kind === "unfsd") {
        const a = unfsdAvailability();
        if (!a.available) {
          skipped.push({ what: "unfsd", reason: a.reason ?? "not available" });
          log(`skipping unfsd: ${a.reason}`);
          continue;
        }
        const dir = await freshDir(f.vfsDir, "unfsd");
        const server = await startUnfsd({ dir });
        try {
          await benchServer("unfsd", server, dir, f, src);
        } finally {
          await server.stop();
          await Deno.remove(dir, { recursive: true }).catch(() => {});
        }
      } else {
        throw new TypeError(`Unknown server ${JSON.stringify(kind)} (vfs, mem, unfsd)`);
      }
    }
  } finally {
    await Deno.remove(src.path).catch(() => {});
  }
  const seconds = (performance.now() - t0) / 1000;
  const load1 = loadAvg();

  const bulk = bulkRows.map(summarize);
  const meta = metaRows.map(summarizeMeta);
  // Bulk targets, then the listing and creates ones _meta.ts checked as it measured them.
  const targets = [...checkTargets(bulk, meta, f.size), ...metaTargets];

  const report = {
    f,
    started,
    seconds,
    load0,
    load1,
    mach,
    bulk,
    meta,
    targets,
  };
  console.log(reportText(report));
  const { jsonPath, svgPath } = await writeReport(report);
  log(`wrote ${jsonPath} and ${svgPath}`);
}

if (import.meta.main) await main();
