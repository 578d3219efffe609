/**
 * A bounded soak test (not run in CI): 32 concurrent workers do mixed operations through
 * one `NfsClient` against a real nfs-ganesha for N minutes, each in its own directory,
 * keeping a model of what its directory should hold. At the end the export is compared,
 * on the server's disk, with every worker's model.
 *
 * ```sh
 * deno task soak [--minutes 2] [--workers 32] [--seed 1] [--faults]
 * ```
 *
 * With `--faults`, the NFS connection goes through a proxy, and every few seconds one fault
 * of bounded length is injected: every connection dropped, replies slowed to a trickle for
 * 1 to 3 s, or the server killed (SIGKILL) and started again. The mount is hard, with a
 * 3 s `timeo`, so calls wait out the faults; the last 10 s run without faults. A REMOVE or
 * RENAME retransmitted to a restarted server (which has lost its duplicate request cache)
 * may fail with NOENT although it was done: the worker then checks the server's state and
 * counts it as "redone" instead of an error, as the RPC at-least-once semantics make it.
 *
 * Prints RSS every 10 s, then operations by kind, errors (there should be none), the RPC
 * counters, the faults and the result of the consistency check. Exits 1 on any error or
 * mismatch.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createHash } from "node:crypto";
import { connect, type NfsClient, NotFound } from "../mod.ts";
import { startGanesha } from "../harness/mod.ts";
import { RestartableGanesha } from "../tests/reliability/_ganesha.ts";
import { mulberry32, randInt } from "../tests/_split.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    minutes: { type: "string", default: "2" },
    workers: { type: "string", default: "32" },
    seed: { type: "string", default: "1" },
    faults: { type: "boolean", default: false },
  },
});
const withFaults = values.faults;
const minutes = Number(values.minutes);
const workers = Number(values.workers);
const seed = Number(values.seed);
if (!(minutes > 0) || !Number.isInteger(workers) || workers < 1) {
  console.error("Usage: deno task soak [--minutes N] [--workers N] [--seed S] [--faults]");
  Deno.exit(2);
}

/** What a file should hold: its content is `content(seed, size)`. */
interface FileModel {
  seed: number;
  size: number;
}

/** Deterministic content: a 64 KiB pseudo-random block repeated, stamped with seed and size. */
function content(s: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const rand = mulberry32(s);
  const block = Math.min(size, 65536);
  for (let i = 0; i < block; i += 4) {
    const v = (rand() * 0x100000000) >>> 0;
    out[i] = v;
    if (i + 1 < block) out[i + 1] = v >>> 8;
    if (i + 2 < block) out[i + 2] = v >>> 16;
    if (i + 3 < block) out[i + 3] = v >>> 24;
  }
  for (let o = block; o < size; o += block) out.copyWithin(o, 0, Math.min(block, size - o));
  if (size >= 8) {
    new DataView(out.buffer).setUint32(0, s), new DataView(out.buffer).setUint32(4, size);
  }
  return out;
}

function sha(b: Uint8Array): string {
  return createHash("sha256").update(b).digest("hex");
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const KINDS = ["write", "read", "stat", "readDir", "rename", "remove", "writeAt"] as const;
type Kind = typeof KINDS[number];
const ops: Record<Kind, number> = {
  write: 0,
  read: 0,
  stat: 0,
  readDir: 0,
  rename: 0,
  remove: 0,
  writeAt: 0,
};
const errors: string[] = [];
/** Non-idempotent calls found done after a NOENT (retransmitted to a restarted server). */
let redone = 0;
let bytesWritten = 0;
let bytesRead = 0;

/** A size: mostly small, sometimes up to 4 MiB. */
function pickSize(rand: () => number): number {
  const r = rand();
  if (r < 0.5) return randInt(rand, 0, 4096);
  if (r < 0.85) return randInt(rand, 4097, 256 * 1024);
  return randInt(rand, 256 * 1024, 4 << 20);
}

async function worker(nfs: NfsClient, id: number, until: number): Promise<Map<string, FileModel>> {
  const rand = mulberry32(seed * 1000 + id);
  const dir = `w${id}`;
  const files = new Map<string, FileModel>();
  let next = 0;
  await nfs.mkdir(dir);
  const any = () => [...files.keys()][randInt(rand, 0, files.size - 1)]!;
  while (performance.now() < until) {
    const r = rand();
    let kind: Kind;
    if (files.size === 0 || (r < 0.28 && files.size < 24)) kind = "write";
    else if (r < 0.5) kind = "read";
    else if (r < 0.64) kind = "stat";
    else if (r < 0.72) kind = "readDir";
    else if (r < 0.82) kind = "rename";
    else if (r < 0.9) kind = "remove";
    else if (r < 0.95) kind = "writeAt";
    else kind = files.size < 24 ? "write" : "read";
    let name = "";
    try {
      switch (kind) {
        case "write": {
          name = rand() < 0.3 && files.size > 0 ? any() : `f${next++}`;
          const m = { seed: (rand() * 0x7fffffff) | 0, size: pickSize(rand) };
          await nfs.writeFile(`${dir}/${name}`, content(m.seed, m.size));
          files.set(name, m);
          bytesWritten += m.size;
          break;
        }
        case "read": {
          name = any();
          const m = files.get(name)!;
          const got = await nfs.readFile(`${dir}/${name}`);
          bytesRead += got.length;
          if (!same(got, content(m.seed, m.size))) {
            errors.push(`worker ${id}: read ${dir}/${name}: content differs (${got.length} bytes)`);
          }
          break;
        }
        case "stat": {
          name = any();
          const st = await nfs.stat(`${dir}/${name}`);
          if (!st.isFile || st.size !== files.get(name)!.size) {
            errors.push(`worker ${id}: stat ${dir}/${name}: size ${st.size}`);
          }
          break;
        }
        case "readDir": {
          const names = new Set<string>();
          for await (const e of nfs.readDir(dir)) names.add(e.name);
          const want = [...files.keys()].sort().join(",");
          if ([...names].sort().join(",") !== want) {
            errors.push(`worker ${id}: readDir ${dir}: [${[...names].sort()}] vs [${want}]`);
          }
          break;
        }
        case "rename": {
          name = any();
          const to = rand() < 0.3 && files.size > 1 ? any() : `f${next++}`;
          try {
            await nfs.rename(`${dir}/${name}`, `${dir}/${to}`);
          } catch (e) {
            // Done by a first transmission whose reply was lost, then sent again?
            if (!(withFaults && e instanceof NotFound) || to === name) throw e;
            if (await exists(nfs, `${dir}/${name}`) || !(await exists(nfs, `${dir}/${to}`))) {
              throw e;
            }
            redone++;
          }
          const m = files.get(name)!;
          files.delete(name);
          files.set(to, m);
          break;
        }
        case "remove": {
          name = any();
          try {
            await nfs.remove(`${dir}/${name}`);
          } catch (e) {
            if (!(withFaults && e instanceof NotFound) || await exists(nfs, `${dir}/${name}`)) {
              throw e;
            }
            redone++;
          }
          files.delete(name);
          break;
        }
        case "writeAt": {
          // Overwrite the file in place through NfsFile (UNSTABLE writes, COMMIT on close).
          name = any();
          const m = { seed: (rand() * 0x7fffffff) | 0, size: pickSize(rand) };
          const data = content(m.seed, m.size);
          {
            await using f = await nfs.open(`${dir}/${name}`, { write: true, truncate: true });
            await f.writeAt(data, 0);
          }
          files.set(name, m);
          bytesWritten += m.size;
          break;
        }
      }
      ops[kind]++;
    } catch (e) {
      errors.push(`worker ${id}: ${kind} ${dir}/${name}: ${e instanceof Error ? e.message : e}`);
      if (errors.length > 100) throw e;
    }
  }
  return files;
}

async function exists(nfs: NfsClient, path: string): Promise<boolean> {
  try {
    await nfs.stat(path);
    return true;
  } catch (e) {
    if (e instanceof NotFound) return false;
    throw e;
  }
}

const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;

/**
 * A TCP proxy to the NFS port that can drop every connection and slow the replies down
 * (forwarded 256 bytes every 10 ms while `slowUntil` lies ahead).
 */
class FaultProxy {
  readonly #listener: Deno.TcpListener;
  readonly #pairs = new Set<Deno.Conn[]>();
  readonly #accepting: Promise<void>;
  slowUntil = 0;
  constructor(target: number) {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.#listener = listener;
    this.#accepting = (async () => {
      for await (const c of listener) {
        void (async () => {
          let s: Deno.Conn;
          try {
            s = await Deno.connect({ hostname: "127.0.0.1", port: target });
          } catch {
            c.close(); // the server is down: the client sees the connection drop
            return;
          }
          const pair = [c, s];
          this.#pairs.add(pair);
          await Promise.all([this.#pump(c, s, false), this.#pump(s, c, true)]);
          this.#pairs.delete(pair);
        })();
      }
    })().catch(() => {});
  }

  get port(): number {
    return (this.#listener.addr as Deno.NetAddr).port;
  }

  async #pump(from: Deno.Conn, to: Deno.Conn, replies: boolean): Promise<void> {
    const buf = new Uint8Array(65536);
    try {
      for (;;) {
        const n = await from.read(buf);
        if (n === null) break;
        for (let o = 0; o < n;) {
          const slow = replies && performance.now() < this.slowUntil;
          const end = slow ? Math.min(n, o + 256) : n;
          o += await to.write(buf.subarray(o, end));
          if (slow) await new Promise((r) => setTimeout(r, 10));
        }
      }
    } catch { /* dropped */ }
    for (const c of [from, to]) {
      try {
        c.close();
      } catch { /* closed */ }
    }
  }

  /** Closes every proxied connection at once. */
  dropAll(): void {
    for (const pair of this.#pairs) {
      for (const c of pair) {
        try {
          c.close();
        } catch { /* closed */ }
      }
    }
  }

  async close(): Promise<void> {
    this.#listener.close();
    this.dropAll();
    await this.#accepting;
  }
}

const faults = { drops: 0, slow: 0, kills: 0, restartMs: 0 };
let server: { name: string; nfsPort: number; exportDir: string; url: string } & AsyncDisposable;
let ganesha: RestartableGanesha | undefined;
let proxy: FaultProxy | undefined;
if (withFaults) {
  ganesha = await RestartableGanesha.start();
  proxy = new FaultProxy(ganesha.nfsPort);
  const g = ganesha;
  server = {
    name: "nfs-ganesha (restartable, through a fault proxy)",
    nfsPort: proxy.port,
    exportDir: g.exportDir,
    url: `nfs://127.0.0.1${g.exportDir}?nfsport=${proxy.port}&mountport=${g.mountPort}` +
      `&version=3&timeo=30`,
    [Symbol.asyncDispose]: async () => {
      await proxy!.close();
      await g.stop();
    },
  };
} else {
  server = await startGanesha();
}
await using _server = server;
console.log(
  `soak: ${workers} workers for ${minutes} min against ${server.name} (NFS port ${server.nfsPort})`,
);
const nfs = await connect(server.url);
const t0 = performance.now();
const until = t0 + minutes * 60_000;

/** Injects one fault every 3 to 8 s until 10 s before the end; each fault ends by itself. */
async function injectFaults(): Promise<void> {
  const rand = mulberry32(seed * 7919);
  let lastKill = 0;
  while (performance.now() < until - 10_000) {
    await new Promise((r) => setTimeout(r, randInt(rand, 3000, 8000)));
    if (performance.now() >= until - 10_000) break;
    const r = rand();
    if (r < 0.2 && performance.now() - lastKill > 15_000) {
      faults.kills++;
      lastKill = performance.now();
      await ganesha!.kill();
      await new Promise((res) => setTimeout(res, randInt(rand, 200, 1500)));
      const t = performance.now();
      await ganesha!.restart();
      faults.restartMs += performance.now() - t;
    } else if (r < 0.6) {
      faults.drops++;
      proxy!.dropAll();
    } else {
      faults.slow++;
      proxy!.slowUntil = performance.now() + randInt(rand, 1000, 3000);
    }
  }
}
const samples: string[] = [];
const sample = () => {
  const m = Deno.memoryUsage();
  const total = KINDS.reduce((n, k) => n + ops[k], 0);
  const s = (performance.now() - t0) / 1000;
  const line = `  ${s.toFixed(0).padStart(4)} s  ${String(total).padStart(7)} ops  ` +
    `${(total / Math.max(s, 0.001)).toFixed(0).padStart(5)} ops/s  rss ${mib(m.rss)}  ` +
    `heap ${mib(m.heapUsed)}  external ${mib(m.external)}  errors ${errors.length}`;
  samples.push(line);
  console.log(line);
};
sample();
const timer = setInterval(sample, 10_000);
let models: Map<string, FileModel>[];
const injecting = withFaults ? injectFaults() : Promise.resolve();
try {
  models = await Promise.all(Array.from({ length: workers }, (_, i) => worker(nfs, i, until)));
} finally {
  clearInterval(timer);
  await injecting;
}
sample();
const rpc = nfs.rpc.stats();
await nfs.close();

// Consistency: the export on disk against the workers' models.
let checked = 0;
const mismatches: string[] = [];
for (const [i, files] of models.entries()) {
  const dir = `${server.exportDir}/w${i}`;
  const onDisk = new Set<string>();
  for await (const e of Deno.readDir(dir)) onDisk.add(e.name);
  for (const name of onDisk) if (!files.has(name)) mismatches.push(`w${i}/${name}: unexpected`);
  for (const [name, m] of files) {
    if (!onDisk.has(name)) {
      mismatches.push(`w${i}/${name}: missing`);
      continue;
    }
    const got = await Deno.readFile(`${dir}/${name}`);
    if (sha(got) !== sha(content(m.seed, m.size))) {
      mismatches.push(`w${i}/${name}: content differs (${got.length} of ${m.size} bytes)`);
    }
    checked++;
  }
}

const total = KINDS.reduce((n, k) => n + ops[k], 0);
const secs = (performance.now() - t0) / 1000;
console.log(`\noperations: ${total} in ${secs.toFixed(0)} s (${(total / secs).toFixed(0)}/s)`);
console.log(`  ${KINDS.map((k) => `${k} ${ops[k]}`).join(", ")}`);
console.log(`  written ${mib(bytesWritten)}, read ${mib(bytesRead)}`);
console.log(
  `rpc: ${rpc.calls} calls, ${rpc.retransmits} retransmits, ${rpc.reconnects} reconnects, ` +
    `${rpc.unknownXids} unknown XIDs`,
);
if (withFaults) {
  console.log(
    `faults: ${faults.drops} connection drops, ${faults.slow} slow-reply periods, ` +
      `${faults.kills} server kills (restart ${(faults.restartMs / 1000).toFixed(1)} s in all); ` +
      `${redone} REMOVE/RENAME found done after NOENT`,
  );
}
console.log(`errors: ${errors.length}`);
for (const e of errors.slice(0, 20)) console.log(`  ${e}`);
console.log(`consistency: ${checked} files checked on disk, ${mismatches.length} mismatches`);
for (const m of mismatches.slice(0, 20)) console.log(`  ${m}`);
Deno.exit(errors.length === 0 && mismatches.length === 0 ? 0 : 1);
