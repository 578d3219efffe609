/**
 * I/O benchmark: our client against libnfs's command-line tools (`nfs-cat`, `nfs-cp`,
 * `nfs-ls`; Debian package libnfs-utils) on the same servers, in one run, side by side.
 *
 * - 1 GiB sequential read to a discard sink and 1 GiB write from memory, on ganesha VFS,
 *   ganesha MEM (write only: MEM keeps no data above 2 MiB per file) and unfsd when
 *   present; on loopback and through a proxy that adds 1 ms each way (`_proxy.ts`).
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
 * deno task bench:io [--size 1GiB] [--runs 5] [--quick] [--delay 1] [--windows default,4]
 *                    [--servers vfs,mem,unfsd] [--no-proxy] [--no-meta] [--out DIR]
 *                    [--vfs-dir /dev/shm] [--entries 10000] [--creates 1000]
 * ```
 *
 * Needs root (ganesha), nfs-ganesha (+ -vfs, -mem) and libnfs-utils. See bench/README.md.
 *
 * @module
 */
import { connect, type NfsClient } from "../mod.ts";
import { RpcClient } from "../rpc/mod.ts";
import {
  MEM_INODE_SIZE,
  startGanesha,
  startUnfsd,
  type TestServer,
  unfsdAvailability,
} from "../tests/servers/mod.ts";
import { type ClientResult, fillPattern, PATTERN_BLOCK } from "./_client.ts";
import { barChart, type BarGroup } from "./_chart.ts";
import { formatSize, median, parseSize, type ProcRun, runTimed, sh } from "./_measure.ts";

// ---------------------------------------------------------------------------------------
// Flags

interface Flags {
  size: number;
  runs: number;
  quick: boolean;
  delayMs: number;
  /** Our client's window settings to run (undefined: the library default). */
  windows: (number | undefined)[];
  entries: number;
  creates: number;
  servers: string[];
  proxy: boolean;
  meta: boolean;
  out: string;
  vfsDir: string;
}

function parseFlags(args: string[]): Flags {
  const f: Flags = {
    size: 1 << 30,
    runs: 5,
    quick: false,
    delayMs: 1,
    windows: [undefined, 4],
    entries: 10_000,
    creates: 1_000,
    servers: ["vfs", "mem", "unfsd"],
    proxy: true,
    meta: true,
    out: new URL("./results/", import.meta.url).pathname,
    vfsDir: "/dev/shm",
  };
  const given = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = args[i + 1];
    const take = (): string => {
      if (v === undefined) throw new TypeError(`Missing value after ${a}`);
      i++;
      given.add(a);
      return v;
    };
    const int = (): number => {
      const s = take();
      const n = Number(s);
      if (!Number.isSafeInteger(n) || n < 1) throw new TypeError(`Invalid ${a} ${s}`);
      return n;
    };
    if (a === "--size") f.size = parseSize(take());
    else if (a === "--runs") f.runs = int();
    else if (a === "--quick") f.quick = true;
    else if (a === "--delay") f.delayMs = Number(take());
    else if (a === "--windows") {
      f.windows = take().split(",").map((x) => {
        if (x.trim() === "default") return undefined;
        const n = Number(x);
        if (!Number.isSafeInteger(n) || n < 1) throw new TypeError(`Invalid window ${x}`);
        return n;
      });
    } else if (a === "--entries") f.entries = int();
    else if (a === "--creates") f.creates = int();
    else if (a === "--servers") f.servers = take().split(",").map((s) => s.trim());
    else if (a === "--no-proxy") f.proxy = false;
    else if (a === "--no-meta") f.meta = false;
    else if (a === "--out") f.out = take();
    else if (a === "--vfs-dir") f.vfsDir = take();
    else throw new TypeError(`Unknown flag ${JSON.stringify(a)} (see bench/README.md)`);
  }
  if (f.quick) {
    if (!given.has("--size")) f.size = 16 << 20;
    if (!given.has("--runs")) f.runs = 1;
    if (!given.has("--entries")) f.entries = 500;
    if (!given.has("--creates")) f.creates = 100;
  }
  if (!(f.delayMs >= 0)) throw new TypeError(`Invalid --delay ${f.delayMs}`);
  return f;
}

// ---------------------------------------------------------------------------------------
// Results

/** One measured client process. */
interface Sample {
  /** Seconds, spawn to exit. */
  wall: number;
  /** CPU seconds (user, sys). */
  user: number;
  sys: number;
  /** Peak RSS, KiB. */
  maxRssKiB: number;
  /** Bytes (bulk) or entries/files (metadata) handled. */
  amount: number;
  /** Ours only: seconds of the operation inside the process (after connect). */
  inProc?: number;
  /** Ours only: payload / header bytes copied by JavaScript during the operation. */
  payloadCopied?: number;
  headerCopied?: number;
  /** Server and proxy CPU seconds during the run (from /proc). */
  serverCpu: number;
  proxyCpu?: number;
}

interface BulkRow {
  server: string;
  net: string;
  op: "read" | "write";
  /** `ours` (default window), `ours w=N`, or `libnfs`. */
  client: string;
  tool: string;
  verified: string;
  samples: Sample[];
}

interface MetaRow {
  server: string;
  net: string;
  test: string;
  client: "ours" | "libnfs";
  tool: string;
  verified: string;
  samples: Sample[];
}

interface ProxyInfo {
  server: string;
  delayParamMs: number;
  rttDirectMs: number;
  rttProxyMs: number;
  addedPerDirectionMs: number;
}

const bulkRows: BulkRow[] = [];
const metaRows: MetaRow[] = [];
const proxyInfos: ProxyInfo[] = [];
const skipped: { what: string; reason: string }[] = [];
const failures: { what: string; reason: string }[] = [];

// ---------------------------------------------------------------------------------------
// Helpers

const ROOT = new URL("../", import.meta.url).pathname;
const CLIENT = new URL("./_client.ts", import.meta.url).pathname;
const PROXY = new URL("./_proxy.ts", import.meta.url).pathname;
const GiB = 1 << 30;
const MiB = 1 << 20;

function log(msg: string): void {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

/** `url` with `name` appended to its path and the ports replaced when given. */
function fileUrl(server: TestServer, name: string, ports?: { nfs: number; mount: number }): string {
  const [base, query = ""] = server.url.split("?", 2) as [string, string?];
  const params = new URLSearchParams(query);
  if (ports) {
    params.set("nfsport", String(ports.nfs));
    params.set("mountport", String(ports.mount));
  }
  return `${base}${name ? `/${name}` : ""}?${params.toString()}`;
}

/** CPU seconds (user + sys) a process used so far, or 0 when it is gone. */
function procCpu(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0;
  }
}

interface Ctx {
  server: TestServer;
  label: string;
  /** Local directory behind the export, or null (MEM). */
  localDir: string | null;
  pid: number | undefined;
  admin: NfsClient;
  net: string;
  ports: { nfs: number; mount: number } | undefined;
  proxyPid: number | undefined;
}

async function ours(args: string[]): Promise<{ run: ProcRun; result: ClientResult }> {
  const run = await runTimed(Deno.execPath(), ["run", "--allow-all", CLIENT, ...args], {
    captureStdout: true,
  });
  const line = run.stdout.trim().split("\n").pop() ?? "";
  return { run, result: JSON.parse(line) as ClientResult };
}

function sample(
  ctx: Ctx,
  run: ProcRun,
  amount: number,
  cpu0: { server: number; proxy: number },
  r?: ClientResult,
): Sample {
  const s: Sample = {
    wall: run.wall,
    user: run.user,
    sys: run.sys,
    maxRssKiB: run.maxRssKiB,
    amount,
    serverCpu: procCpu(ctx.pid) - cpu0.server,
  };
  if (ctx.proxyPid !== undefined) s.proxyCpu = procCpu(ctx.proxyPid) - cpu0.proxy;
  if (r) {
    s.inProc = r.seconds;
    s.payloadCopied = r.copies.payloadBytes;
    s.headerCopied = r.copies.headerBytes;
  }
  return s;
}

function cpuNow(ctx: Ctx): { server: number; proxy: number } {
  return { server: procCpu(ctx.pid), proxy: procCpu(ctx.proxyPid) };
}

async function sha256File(path: string): Promise<string> {
  return (await sh(`sha256sum ${JSON.stringify(path)}`)).split(" ")[0]!;
}

/**
 * Removes a file through the server (NFS REMOVE). Not through the local directory: ganesha
 * keeps deleted files open in its descriptor cache, so on tmpfs every 1 GiB file removed
 * behind its back would keep its memory until ganesha stops, and the later runs of a
 * benchmark would be measured under growing memory pressure (seen: runs 4-5 of every write
 * test slowed to a third).
 */
async function removeRemote(ctx: Ctx, name: string): Promise<void> {
  await ctx.admin.remove(name).catch(() => {});
}

// ---------------------------------------------------------------------------------------
// Bulk transfers

interface Source {
  /** Local file with the pattern, for nfs-cp and for the read tests' server file. */
  path: string;
  sha256: string;
}

async function makeSource(size: number): Promise<Source> {
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

/** Our client's label for a window setting: `ours` (library default) or `ours w=N`. */
function oursLabel(window: number | undefined): string {
  return window === undefined ? "ours" : `ours w=${window}`;
}

async function bulk(ctx: Ctx, op: "read" | "write", f: Flags, src: Source): Promise<void> {
  const winArgs = (w: number | undefined) => (w === undefined ? [] : ["--window", String(w)]);
  const rows = new Map<number | undefined, BulkRow>();
  for (const w of f.windows) {
    rows.set(w, {
      server: ctx.label,
      net: ctx.net,
      op,
      client: oursLabel(w),
      tool: `_client.ts ${op} (16 MiB buffer${w === undefined ? "" : `, window ${w}`})`,
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
  log(`${ctx.label} ${ctx.net} ${op}: warm-up and verification`);
  if (op === "read") {
    const url = fileUrl(ctx.server, readName, ctx.ports);
    for (const [w, o] of rows) {
      const { result } = await ours(["read", url, "--verify", ...winArgs(w)]);
      if (result.bytes !== f.size || result.mismatches !== 0) {
        throw new Error(
          `Our read of ${url} is wrong: ${result.bytes} bytes, ${result.mismatches} bad buffers`,
        );
      }
      o.verified = `${result.bytes} bytes, content checked against the pattern`;
    }
    const got = (await sh(`nfs-cat '${url}' | sha256sum`)).split(" ")[0];
    if (got !== src.sha256) throw new Error(`nfs-cat read ${url} wrong: sha256 ${got}`);
    l.verified = `sha256 of the output matches the source`;
  } else {
    for (const [w, row] of [...rows, [null, l] as const]) {
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
  for (let i = 0; i < f.runs; i++) {
    // Alternate: every variant of ours, then libnfs, in each round.
    for (const [w, row] of [...rows, [null, l] as const]) {
      const name = op === "read" ? readName : `w-${i}.bin`;
      const url = fileUrl(ctx.server, name, ctx.ports);
      if (op === "write") await removeRemote(ctx, name);
      const cpu0 = cpuNow(ctx);
      if (row !== l) {
        const args = op === "read"
          ? ["read", url, ...winArgs(w ?? undefined)]
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
      `  run ${i + 1}/${f.runs}: ${
        [...rows.values(), l].map((r) => `${r.client} ${last(r)}`).join(", ")
      } MiB/s`,
    );
  }
  bulkRows.push(...rows.values(), l);
}

function mibs(s: Sample): number {
  return s.amount / MiB / s.wall;
}

// ---------------------------------------------------------------------------------------
// Metadata

async function listing(ctx: Ctx, f: Flags): Promise<void> {
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
async function startup(ctx: Ctx, f: Flags): Promise<void> {
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

async function creates(ctx: Ctx, f: Flags, concurrency: number): Promise<void> {
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

// ---------------------------------------------------------------------------------------
// The proxy

async function nullRtt(port: number, n = 300): Promise<number> {
  const rpc = await RpcClient.connect({ port });
  const spec = {
    prog: 100003,
    vers: 3,
    proc: 0,
    name: "NULL",
    encode: () => {},
    decode: () => undefined,
  };
  try {
    const xs: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await rpc.call(spec);
      xs.push(performance.now() - t);
    }
    return median(xs);
  } finally {
    await rpc.close();
  }
}

interface RunningProxy {
  pid: number;
  ports: { nfs: number; mount: number };
  stop(): Promise<void>;
}

async function spawnProxy(server: TestServer, delay: number): Promise<RunningProxy> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      PROXY,
      "--delay",
      String(delay),
      "--to",
      String(server.nfsPort),
      "--to",
      String(server.mountPort),
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("The latency proxy exited before it listened");
    text += value;
  }
  reader.releaseLock();
  void child.stdout.cancel().catch(() => {});
  const { ports } = JSON.parse(text.split("\n")[0]!) as { ports: [number, number] };
  return {
    pid: child.pid,
    ports: { nfs: ports[0], mount: ports[1] },
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* exited */ }
      await child.stdin.close().catch(() => {});
      await child.status;
    },
  };
}

/**
 * Starts the proxy and calibrates it: the worker timer wakes the proxy a little late, so
 * the delay parameter is lowered until NULL calls through the proxy take `2 * delayMs`
 * longer than direct ones (median of `pings`; a few rounds).
 */
async function startProxy(ctx: Ctx, delayMs: number, pings: number): Promise<RunningProxy> {
  const direct = await nullRtt(ctx.server.nfsPort, pings);
  let param = delayMs;
  let best: { p: RunningProxy; err: number; info: ProxyInfo } | undefined;
  for (let round = 0; round < 4; round++) {
    const p = await spawnProxy(ctx.server, param);
    const via = await nullRtt(p.ports.nfs, pings);
    const added = (via - direct) / 2;
    const info: ProxyInfo = {
      server: ctx.label,
      delayParamMs: +param.toFixed(3),
      rttDirectMs: +direct.toFixed(3),
      rttProxyMs: +via.toFixed(3),
      addedPerDirectionMs: +added.toFixed(3),
    };
    const err = Math.abs(added - delayMs);
    if (best === undefined || err < best.err) {
      await best?.p.stop();
      best = { p, err, info };
    } else {
      await p.stop();
    }
    log(`  proxy delay parameter ${param.toFixed(3)} ms: ${added.toFixed(3)} ms added each way`);
    if (err <= 0.05 * delayMs + 0.02) break;
    // Noisy machines: clamp, so one bad measurement cannot send the parameter far off.
    param = Math.min(delayMs, Math.max(0.3 * delayMs, param + (delayMs - added)));
  }
  proxyInfos.push(best!.info);
  return best!.p;
}

// ---------------------------------------------------------------------------------------
// One server

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
    const suite = async () => {
      if (canRead) await attempt("read", () => bulk(ctx, "read", f, src));
      await attempt("write", () => bulk(ctx, "write", f, src));
      if (canRead && f.meta) {
        if (f.size >= MiB) await attempt("1 MiB read", () => startup(ctx, f));
        await attempt("listing", () => listing(ctx, f));
        await attempt("creates c=1", () => creates(ctx, f, 1));
        await attempt("creates c=32", () => creates(ctx, f, 32));
      }
    };
    await suite();
    if (f.proxy) {
      log(`${label}: starting the ${f.delayMs} ms proxy`);
      const p = await startProxy(ctx, f.delayMs, 300);
      try {
        ctx.net = `+${f.delayMs} ms each way`;
        ctx.ports = p.ports;
        ctx.proxyPid = p.pid;
        await suite();
      } finally {
        await p.stop();
      }
    }
  } finally {
    await admin.close();
  }
}

async function freshDir(base: string, label: string): Promise<string> {
  return await Deno.makeTempDir({ dir: base, prefix: `nfs-bench-${label}-` });
}

// ---------------------------------------------------------------------------------------
// Report

interface BulkSummary {
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

function summarize(r: BulkRow): BulkSummary {
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

interface MetaSummary {
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

function summarizeMeta(r: MetaRow): MetaSummary {
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

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i < 4 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ");
  return [line(head), w.map((n) => "-".repeat(n)).join("  "), ...rows.map(line)].join("\n");
}

const fx = (
  n: number | null,
  d = 0,
): string => (n === null || !Number.isFinite(n) ? "-" : n.toFixed(d));

interface Target {
  target: string;
  figure: string;
  met: boolean;
}

function checkTargets(bulk: BulkSummary[], meta: MetaSummary[], size: number): Target[] {
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

async function machine(): Promise<Record<string, unknown>> {
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

function loadAvg(): string {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
  } catch {
    return "?";
  }
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
      f.proxy ? `+${f.delayMs} ms each way` : "off"
    }, servers ${f.servers.join(",")}`,
  );
  log(`making the ${formatSize(f.size)} source file in /dev/shm`);
  const src = await makeSource(f.size);
  try {
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
  const targets = checkTargets(bulk, meta, f.size);

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
        `  ${p.server}: direct ${p.rttDirectMs} ms, via proxy ${p.rttProxyMs} ms = ` +
          `${p.addedPerDirectionMs} ms added each way (delay parameter ${p.delayParamMs} ms)`,
      );
    }
  }
  for (const s of skipped) out.push(`\nSkipped ${s.what}: ${s.reason}`);
  for (const s of failures) out.push(`\nFAILED ${s.what}: ${s.reason}`);
  out.push(`\nTargets\n`);
  for (const t of targets) out.push(`  [${t.met ? "met" : "MISSED"}] ${t.target}: ${t.figure}`);
  out.push(
    `\nTook ${(seconds / 60).toFixed(1)} min; load average ${load0} at start, ${load1} at end`,
  );
  console.log(out.join("\n"));

  const date = started.toISOString().slice(0, 10);
  await Deno.mkdir(f.out, { recursive: true });
  const json = {
    date: started.toISOString(),
    durationSeconds: +seconds.toFixed(1),
    loadAverage: { start: load0, end: load1 },
    machine: mach,
    flags: { ...f, out: undefined },
    proxy: proxyInfos,
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
  log(`wrote ${jsonPath} and ${svgPath}`);
}

if (import.meta.main) await main();
