/**
 * Bulk transfers: sequential read to a discard sink and write from memory, ours (each window
 * setting) against nfs-cat / nfs-cp, verified once, then alternated run by run.
 *
 * @module
 */
import { MEM_INODE_SIZE } from "../harness/mod.ts";
import { fillPattern, PATTERN_BLOCK } from "./_client.ts";
import type { Flags } from "./_flags.ts";
import { formatSize, runTimed, sh } from "./_measure.ts";
import { type BulkRow, bulkRows } from "./_results.ts";
import {
  cpuNow,
  type Ctx,
  fileUrl,
  log,
  mibs,
  ours,
  oursLabel,
  removeRemote,
  sample,
  sha256File,
} from "./_run.ts";

export interface Source {
  /** Local file with the pattern, for nfs-cp and for the read tests' server file. */
  path: string;
  sha256: string;
}

export async function makeSource(size: number): Promise<Source> {
  const path = `/dev/shm/nfs-bench-src-${size}.bin`;
  const block = fillPattern(new Uint8Array(Math.min(PATTERN_BLOCK, size)));
  const f = await Deno.open(path, { write: true, create: true, truncate: true });
  try {
    for (let off = 0; off < size; off += block.length) {
      const n = Math.min(block.length, size - off);
      let w = 0;
      while (w < n) w += await f.write(block.subarray(w, n));
    }
  } finally {
    f.close();
  }
  return { path, sha256: await sha256File(path) };
}

/** Options of {@linkcode bulk}. */
export interface BulkOptions {
  /** Run libnfs's tool too (default true); false for the proxy's 0 ms ceiling (ours only). */
  libnfs?: boolean;
  /** Runs (default `f.runs`). */
  runs?: number;
}

export async function bulk(
  ctx: Ctx,
  op: "read" | "write",
  f: Flags,
  src: Source,
  o: BulkOptions = {},
): Promise<void> {
  const withLib = o.libnfs ?? true;
  const runs = o.runs ?? f.runs;
  const winArgs = (w: number | undefined) => (w === undefined ? [] : ["--window", String(w)]);
  /**
   * How ours reads: `--read-buf SIZE` given, `read()` into one buffer of that size (the old
   * pattern: 16 MiB); else 1 MiB `readAt()`s into reused 1 MiB buffers, as many in flight
   * as the window (`ours w=N`) or, by default, as the round trip asks (`--bufs auto`).
   */
  const readArgs = (w: number | undefined) =>
    f.readBuf !== undefined
      ? ["--buf", String(f.readBuf), ...winArgs(w)]
      : ["--buf", String(1 << 20), "--bufs", w === undefined ? "auto" : String(w)];
  const readTool = (w: number | undefined) =>
    f.readBuf !== undefined
      ? `_client.ts read (read() into one ${f.readBuf / (1 << 20)} MiB buffer${
        w === undefined ? "" : `, window ${w}`
      })`
      : `_client.ts read (1 MiB readAt()s on ${
        w === undefined ? "2, or 2 + 1.5 per ms of RTT," : w
      } reused buffers in flight)`;
  const rows = new Map<number | undefined, BulkRow>();
  for (const w of f.windows) {
    rows.set(w, {
      server: ctx.label,
      net: ctx.net,
      op,
      client: oursLabel(w),
      tool: op === "read"
        ? readTool(w)
        : `_client.ts write (16 MiB buffer${w === undefined ? "" : `, window ${w}`})`,
      verified: "",
      samples: [],
    });
  }
  const l: BulkRow = {
    server: ctx.label,
    net: ctx.net,
    op,
    client: "libnfs",
    tool: op === "read" ? "nfs-cat > /dev/null" : "nfs-cp /dev/shm/src URL",
    verified: "",
    samples: [],
  };
  const readName = "read-src.bin";
  const all: (readonly [number | undefined | null, BulkRow])[] = [...rows];
  if (withLib) all.push([null, l]);
  log(`${ctx.label} ${ctx.net} ${op}: warm-up and verification`);
  if (op === "read") {
    const url = fileUrl(ctx.server, readName, ctx.ports);
    for (const [w, o] of rows) {
      const { result } = await ours(["read", url, "--verify", ...readArgs(w)]);
      if (result.bytes !== f.size || result.mismatches !== 0) {
        throw new Error(
          `Our read of ${url} is wrong: ${result.bytes} bytes, ${result.mismatches} bad buffers`,
        );
      }
      o.verified = `${result.bytes} bytes, content checked against the pattern${
        result.inFlight === undefined ? "" : `; ${result.inFlight} reads in flight`
      }`;
    }
    if (withLib) {
      const got = (await sh(`nfs-cat '${url}' | sha256sum`)).split(" ")[0];
      if (got !== src.sha256) throw new Error(`nfs-cat read ${url} wrong: sha256 ${got}`);
      l.verified = `sha256 of the output matches the source`;
    }
  } else {
    for (const [w, row] of all) {
      const name = "verify.bin";
      const url = fileUrl(ctx.server, name, ctx.ports);
      await removeRemote(ctx, name);
      if (row !== l) {
        await ours(["write", url, "--size", String(f.size), ...winArgs(w ?? undefined)]);
      } else await runTimed("nfs-cp", [src.path, url]);
      if (ctx.localDir !== null) {
        const got = await sha256File(`${ctx.localDir}/${name}`);
        if (got !== src.sha256) throw new Error(`${row.client} wrote ${name} wrong: sha256 ${got}`);
        row.verified = "sha256 of the file on the server's disk matches the source";
      } else {
        const size = (await ctx.admin.stat(name)).size;
        if (size !== f.size) throw new Error(`${row.client} wrote ${name} wrong: size ${size}`);
        row.verified = `server reports size ${size} (MEM keeps only ${
          formatSize(MEM_INODE_SIZE)
        } of data)`;
      }
      await removeRemote(ctx, name);
    }
  }
  for (let i = 0; i < runs; i++) {
    // Alternate: every variant of ours, then libnfs, in each round.
    for (const [w, row] of all) {
      const name = op === "read" ? readName : `w-${i}.bin`;
      const url = fileUrl(ctx.server, name, ctx.ports);
      if (op === "write") await removeRemote(ctx, name);
      const cpu0 = cpuNow(ctx);
      if (row !== l) {
        const args = op === "read"
          ? ["read", url, ...readArgs(w ?? undefined)]
          : ["write", url, "--size", String(f.size), ...winArgs(w ?? undefined)];
        const { run, result } = await ours(args);
        if (result.bytes !== f.size) throw new Error(`Our ${op} moved ${result.bytes} bytes`);
        row.samples.push(sample(ctx, run, f.size, cpu0, result));
      } else {
        const run = op === "read"
          ? await runTimed("nfs-cat", [url])
          : await runTimed("nfs-cp", [src.path, url]);
        l.samples.push(sample(ctx, run, f.size, cpu0));
      }
      if (op === "write") await removeRemote(ctx, name);
    }
    const last = (r: BulkRow) => mibs(r.samples[r.samples.length - 1]!).toFixed(0);
    log(
      `  run ${i + 1}/${runs}: ${
        all.map(([, r]) => `${r.client} ${last(r)}`).join(", ")
      } MiB/s; load ${Deno.loadavg()[0]!.toFixed(1)}`,
    );
  }
  bulkRows.push(...all.map(([, r]) => r));
}
