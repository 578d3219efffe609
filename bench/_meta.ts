/**
 * Metadata tests: listing a large directory, the fixed cost of a whole client process, and
 * small-file creates at concurrency 1 and 32, with their targets (issue 19, goals 1 and 4),
 * printed as they are measured and collected in {@linkcode metaTargets}:
 *
 * - listing: ours >= 1.5x `nfs-ls` on loopback, >= 4x through the latency proxy (entries
 *   per second of the whole process, medians). On unfsd, which has no READDIRPLUS, ours is
 *   READDIR + a LOOKUP per name (pipelined): the stat-heavy case.
 * - creates at concurrency 1: within 1.3x of the round-trip floor, the NULL-call rate (one
 *   call at a time, measured in this process just before each run) over the RPCs one file
 *   takes (counted in this process). Ours is the in-process rate (after connect), as the
 *   NULL rate is.
 *
 * Each also prints what bounds it: the server's CPU per listing or per file (a READDIRPLUS
 * listing is a chain of dependent calls: no client lists faster than the server can make
 * its pages), the calls a listing makes and their sizes, the server's CPU per NULL call.
 *
 * @module
 */
import { connect } from "../mod.ts";
import type { Flags } from "./_flags.ts";
import { median, runTimed, sh } from "./_measure.ts";
import { type MetaRow, metaRows } from "./_results.ts";
import { cpuNow, type Ctx, fileUrl, log, MiB, ours, procCpu, sample } from "./_run.ts";
import type { Target } from "./_summary.ts";

/** The metadata targets checked so far (listing, creates), in the order measured. */
export const metaTargets: Target[] = [];

function target(t: Target): void {
  metaTargets.push(t);
  log(`[${t.met ? "met" : "MISSED"}] ${t.target}: ${t.figure}`);
}

const rate = (r: MetaRow) => median(r.samples.map((s) => s.amount / s.wall));
const ms = (x: number) => `${x.toFixed(0)} ms`;

/**
 * Our listing in this process (the second of two, after connect): the calls it makes and
 * the sizes it asks for, and its time per entry.
 */
async function probeListing(url: string): Promise<{
  calls: number;
  dircount: number;
  maxcount: number;
  usPerEntry: number;
}> {
  await using nfs = await connect(url);
  let calls = 0;
  let us = 0;
  for (let i = 0; i < 2; i++) {
    const c0 = nfs.rpc.stats().calls;
    const t0 = performance.now();
    let n = 0;
    for await (const e of nfs.readDir(".")) {
      n++;
      void e.info.size; // as the benchmark client does
    }
    us = (performance.now() - t0) * 1000 / Math.max(1, n);
    calls = nfs.rpc.stats().calls - c0;
  }
  return { calls, dircount: nfs.limits.dircount, maxcount: nfs.limits.maxcount, usPerEntry: us };
}

export async function listing(ctx: Ctx, f: Flags): Promise<void> {
  const dir = "ls-dir";
  const url = fileUrl(ctx.server, dir, ctx.ports);
  // unfsd has no READDIRPLUS (NFS3ERR_NOTSUPP): readDir falls back to READDIR and a LOOKUP
  // per name, pipelined; nfs-ls falls back as well.
  const plus = ctx.label !== "unfsd";
  const o: MetaRow = {
    server: ctx.label,
    net: ctx.net,
    test: `list ${f.entries} entries`,
    client: "ours",
    tool: plus
      ? "readDir with attributes (READDIRPLUS)"
      : "readDir with attributes (READDIR + LOOKUP per name, pipelined)",
    verified: "",
    samples: [],
  };
  const l: MetaRow = {
    ...o,
    client: "libnfs",
    tool: plus ? "nfs-ls (READDIRPLUS)" : "nfs-ls (READDIR + LOOKUP per name)",
    samples: [],
  };
  log(`${ctx.label} ${ctx.net} list ${f.entries} entries: warm-up and verification`);
  const { result } = await ours(["ls", url]);
  if (result.count !== f.entries) throw new Error(`Our readDir listed ${result.count} entries`);
  o.verified = `${result.count} entries`;
  const lines = (await sh(`nfs-ls '${url}'`)).split("\n").filter((x) => /^\S+\s+\d+\s/.test(x));
  const names = lines.filter((x) => !/\s\.\.?$/.test(x)).length;
  if (names !== f.entries) throw new Error(`nfs-ls listed ${names} entries`);
  l.verified = `${names} entries (plus . and ..)`;
  for (let i = 0; i < f.runs; i++) {
    let cpu0 = cpuNow(ctx);
    const r = await ours(["ls", url]);
    o.samples.push(sample(ctx, r.run, r.result.count, cpu0, r.result));
    cpu0 = cpuNow(ctx);
    const run = await runTimed("nfs-ls", [url]);
    l.samples.push(sample(ctx, run, f.entries, cpu0));
  }
  metaRows.push(o, l);

  const p = await probeListing(url);
  const wall = (r: MetaRow) => median(r.samples.map((s) => s.wall * 1000));
  const cpu = (r: MetaRow) => median(r.samples.map((s) => (s.user + s.sys) * 1000));
  const server = (r: MetaRow) => median(r.samples.map((s) => s.serverCpu * 1000));
  const inProc = median(o.samples.map((s) => (s.inProc ?? NaN) * 1000));
  log(
    `${ctx.label} ${ctx.net} listing: ours ${p.calls} calls per listing (${
      plus ? "READDIRPLUS" : "READDIR + LOOKUPs"
    }, dircount ${p.dircount}, maxcount ${p.maxcount}); in this process ${
      p.usPerEntry.toFixed(2)
    } us per entry; server CPU per listing: ours ${ms(server(o))}, nfs-ls ${ms(server(l))}`,
  );
  const goal = ctx.net === "loopback" ? 1.5 : 4;
  const ratio = rate(o) / rate(l);
  // No listing ends before the server has made its pages: the server's CPU is a floor for
  // the whole process's wall time, so nfs-ls's wall over it bounds the ratio.
  const ceiling = wall(l) / server(o);
  target({
    target: `${ctx.label} ${ctx.net} list ${f.entries} entries${
      plus ? "" : " (stat-heavy: no READDIRPLUS)"
    }: ours >= ${goal}x nfs-ls`,
    figure: `${ratio.toFixed(2)}x (wall ${ms(wall(o))} vs ${ms(wall(l))}, CPU ${ms(cpu(o))} vs ${
      ms(cpu(l))
    }, in-process ${ms(inProc)}; server CPU ${ms(server(o))} vs ${ms(server(l))}: at most ${
      ceiling.toFixed(2)
    }x even if our process took no time at all)`,
    met: ratio >= goal,
  });
}

/**
 * The fixed cost of one client process: start, mount, read a 1 MiB file, unmount, exit. It
 * is part of every bulk figure (all are whole-process), and is mostly Deno's for ours.
 */
export async function startup(ctx: Ctx, f: Flags): Promise<void> {
  const name = "one-mib.bin";
  const url = fileUrl(ctx.server, name, ctx.ports);
  const o: MetaRow = {
    server: ctx.label,
    net: ctx.net,
    test: "read a 1 MiB file (process start to exit)",
    client: "ours",
    tool: "_client.ts read",
    verified: "",
    samples: [],
  };
  const l: MetaRow = { ...o, client: "libnfs", tool: "nfs-cat > /dev/null", samples: [] };
  log(`${ctx.label} ${ctx.net} ${o.test}`);
  const { result } = await ours(["read", url, "--verify"]);
  if (result.bytes !== MiB || result.mismatches !== 0) throw new Error(`Bad read of ${url}`);
  o.verified = l.verified = "1 MiB (ours: content checked)";
  for (let i = 0; i < f.runs; i++) {
    let cpu0 = cpuNow(ctx);
    const r = await ours(["read", url]);
    o.samples.push(sample(ctx, r.run, 1, cpu0, r.result));
    cpu0 = cpuNow(ctx);
    const run = await runTimed("nfs-cat", [url]);
    l.samples.push(sample(ctx, run, 1, cpu0));
  }
  metaRows.push(o, l);
}

/** Time for the NULL-rate measurement before each create run. */
const NULL_MS = 400;

/**
 * NULL calls one at a time for {@linkcode NULL_MS} (at least 20): calls per second, and
 * the server's CPU per call.
 */
async function nullRate(ctx: Ctx, url: string): Promise<{ perS: number; serverUs: number }> {
  await using nfs = await connect(url);
  const spec = {
    prog: 100003,
    vers: 3,
    proc: 0,
    name: "NFS3 NULL",
    encode: () => {},
    decode: () => undefined,
  };
  for (let i = 0; i < 20; i++) await nfs.rpc.call(spec); // warm-up
  const s0 = procCpu(ctx.pid);
  const t0 = performance.now();
  let n = 0;
  while (n < 20 || performance.now() - t0 < NULL_MS) {
    await nfs.rpc.call(spec);
    n++;
  }
  const s = (performance.now() - t0) / 1000;
  return { perS: n / s, serverUs: (procCpu(ctx.pid) - s0) / n * 1e6 };
}

/** RPCs our writeFile(createNew) of 4 KiB makes per file (50 files, counted in this process). */
async function rpcsPerFile(ctx: Ctx, dir: string): Promise<number> {
  await Deno.mkdir(`${ctx.localDir}/${dir}`);
  try {
    await using nfs = await connect(fileUrl(ctx.server, dir, ctx.ports));
    const data = new Uint8Array(4096);
    await nfs.writeFile("warm-up", data, { createNew: true }); // the directory's LOOKUP
    const c0 = nfs.rpc.stats().calls;
    for (let i = 0; i < 50; i++) await nfs.writeFile(`p${i}`, data, { createNew: true });
    return (nfs.rpc.stats().calls - c0) / 50;
  } finally {
    await Deno.remove(`${ctx.localDir}/${dir}`, { recursive: true });
  }
}

export async function creates(ctx: Ctx, f: Flags, concurrency: number): Promise<void> {
  const o: MetaRow = {
    server: ctx.label,
    net: ctx.net,
    test: `create+write ${f.creates} x 4 KiB, concurrency ${concurrency}`,
    client: "ours",
    tool: "writeFile(createNew): CREATE GUARDED, one FILE_SYNC WRITE",
    verified: "",
    samples: [],
  };
  log(`${ctx.label} ${ctx.net} ${o.test}`);
  const rpcs = await rpcsPerFile(ctx, `create-${concurrency}-rpcs`);
  const nulls: { perS: number; serverUs: number }[] = [];
  for (let i = -1; i < f.runs; i++) {
    const dir = `create-${concurrency}-${i + 1}`;
    await Deno.mkdir(`${ctx.localDir}/${dir}`);
    const url = fileUrl(ctx.server, dir, ctx.ports);
    if (i >= 0 && concurrency === 1) nulls.push(await nullRate(ctx, url));
    const cpu0 = cpuNow(ctx);
    const r = await ours([
      "create",
      url,
      "--count",
      String(f.creates),
      "--concurrency",
      String(concurrency),
      "--bytes",
      "4096",
    ]);
    if (i < 0) {
      let n = 0;
      for await (const e of Deno.readDir(`${ctx.localDir}/${dir}`)) {
        const st = await Deno.stat(`${ctx.localDir}/${dir}/${e.name}`);
        if (st.size === 4096) n++;
      }
      if (n !== f.creates) throw new Error(`Created ${n} of ${f.creates} files correctly`);
      o.verified = `${n} files of 4096 bytes on the server's disk`;
    } else {
      o.samples.push(sample(ctx, r.run, f.creates, cpu0, r.result));
    }
    await Deno.remove(`${ctx.localDir}/${dir}`, { recursive: true });
  }
  metaRows.push(o);

  const perS = median(o.samples.map((s) => s.amount / (s.inProc ?? NaN)));
  const serverUs = median(o.samples.map((s) => s.serverCpu / s.amount * 1e6));
  if (concurrency === 1) {
    const nullPerS = median(nulls.map((x) => x.perS));
    const floor = nullPerS / rpcs;
    const nullServerUs = median(nulls.map((x) => x.serverUs));
    const figure = `ours ${perS.toFixed(0)} files/s in-process (${
      rate(o).toFixed(0)
    } whole process); floor ${floor.toFixed(0)} files/s = NULL ${nullPerS.toFixed(0)}/s / ${
      rpcs.toFixed(2)
    } RPCs per file; floor/ours ${(floor / perS).toFixed(2)}x; server CPU ${
      serverUs.toFixed(0)
    } us per file, ${nullServerUs.toFixed(0)} us per NULL`;
    target({
      target: `${ctx.label} ${ctx.net} ${f.creates} x 4 KiB creates, concurrency 1: ` +
        `within 1.3x of the round-trip floor`,
      figure,
      met: floor / perS <= 1.3,
    });
  } else {
    // The floor is one call at a time: with 32 files in flight only the rate is reported.
    log(
      `${ctx.label} ${ctx.net} creates at concurrency ${concurrency}: ours ${
        perS.toFixed(0)
      } files/s in-process (${rate(o).toFixed(0)} whole process); ${
        rpcs.toFixed(2)
      } RPCs per file; server CPU ${serverUs.toFixed(0)} us per file`,
    );
  }
}
