/**
 * Metadata tests: listing a large directory, the fixed cost of a whole client process, and
 * small-file creates at concurrency 1 and 32.
 *
 * @module
 */
import type { Flags } from "./_flags.ts";
import { runTimed, sh } from "./_measure.ts";
import { type MetaRow, metaRows } from "./_results.ts";
import { cpuNow, type Ctx, fileUrl, log, MiB, ours, sample } from "./_run.ts";

export async function listing(ctx: Ctx, f: Flags): Promise<void> {
  const dir = "ls-dir";
  const url = fileUrl(ctx.server, dir, ctx.ports);
  const o: MetaRow = {
    server: ctx.label,
    net: ctx.net,
    test: `list ${f.entries} entries`,
    client: "ours",
    tool: "readDir with attributes (READDIRPLUS)",
    verified: "",
    samples: [],
  };
  const l: MetaRow = { ...o, client: "libnfs", tool: "nfs-ls (READDIRPLUS)", samples: [] };
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

export async function creates(ctx: Ctx, f: Flags, concurrency: number): Promise<void> {
  const o: MetaRow = {
    server: ctx.label,
    net: ctx.net,
    test: `create+write ${f.creates} x 4 KiB, concurrency ${concurrency}`,
    client: "ours",
    tool: "writeFile(createNew): CREATE, WRITE, COMMIT",
    verified: "",
    samples: [],
  };
  log(`${ctx.label} ${ctx.net} ${o.test}`);
  for (let i = -1; i < f.runs; i++) {
    const dir = `create-${concurrency}-${i + 1}`;
    await Deno.mkdir(`${ctx.localDir}/${dir}`);
    const url = fileUrl(ctx.server, dir, ctx.ports);
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
}
