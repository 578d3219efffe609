/**
 * RPC layer benchmark against a real nfs-ganesha (started here, stopped at the end):
 * - NULL-call throughput, one call at a time vs 64 in flight;
 * - 1 MiB READ replies received straight into the caller's buffer (the sink path) vs
 *   through the cluster path (decoded from pooled clusters, then copied): MiB/s and the
 *   payload bytes copied by JavaScript (our counters).
 *
 * Run: deno task bench:rpc   (needs root and nfs-ganesha)
 */
import { copyStats } from "../mbuf/mod.ts";
import { authSys, RpcClient } from "../rpc/mod.ts";
import { unwrap } from "../nfs/_program.ts";
import { Nfs3Client } from "../nfs/v3/client.ts";
import { decodeRead3Res, encodeRead3Args } from "../nfs/v3/codec_procs.ts";
import { Mount3Client } from "../nfs/mount3/client.ts";
import { startGanesha } from "../harness/mod.ts";

const FILE_MIB = 256;
const ROUNDS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

await using srv = await startGanesha();
const f = await Deno.open(`${srv.exportDir}/data.bin`, { write: true, create: true });
const chunk = new Uint8Array(1 << 20).map((_, i) => i * 7);
for (let i = 0; i < FILE_MIB; i++) await f.write(chunk);
f.close();

await using mrpc = await RpcClient.connect({ port: srv.mountPort });
const mnt = await new Mount3Client(mrpc).mnt(srv.exportPath);
if (mnt.status !== 0) throw new Error(`MNT failed: ${mnt.status}`);
await using rpc = await RpcClient.connect({
  port: srv.nfsPort,
  maxInFlight: 64,
  auth: authSys({ uid: 0, gid: 0 }),
});
const nfs = new Nfs3Client(rpc);
const fh = unwrap(await nfs.lookup(mnt.fhandle, "data.bin"), "LOOKUP").object;

const nullSpec = {
  prog: 100003,
  vers: 3,
  proc: 0,
  name: "NULL",
  encode: () => {},
  decode: () => undefined,
};
const rows: string[][] = [];

// NULL throughput.
for (const inflight of [1, 64]) {
  const per: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const n = 20000;
    const t0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: inflight }, async () => {
      while (next++ < n) await rpc.call(nullSpec);
    }));
    per.push(n / ((performance.now() - t0) / 1000));
  }
  rows.push([`NULL calls, ${inflight} in flight`, `${Math.round(median(per))} calls/s`, "-"]);
}

// 1 MiB READs: sink vs cluster path, 16 in flight.
async function readAll(useSink: boolean): Promise<{ mibs: number; copied: number }> {
  const bufs = Array.from({ length: 16 }, () => new Uint8Array(1 << 20));
  const before = copyStats().payloadBytes;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(bufs.map(async (buf) => {
    for (;;) {
      const i = next++;
      if (i >= FILE_MIB) return;
      if (useSink) {
        unwrap(await nfs.read(fh, i << 20, 1 << 20, buf), "READ");
      } else {
        const args = { file: fh, offset: i << 20, count: 1 << 20 };
        const res = await rpc.call({
          prog: 100003,
          vers: 3,
          proc: 6,
          name: "READ (cluster path)",
          encode: (w) => encodeRead3Args(w, args),
          decode: (r) => decodeRead3Res(r, args, buf),
        });
        unwrap(res, "READ");
      }
    }
  }));
  return {
    mibs: FILE_MIB / ((performance.now() - t0) / 1000),
    copied: copyStats().payloadBytes - before,
  };
}
for (const sink of [true, false, true, false, true, false]) {
  const r = await readAll(sink);
  rows.push([
    `READ 1 MiB x ${FILE_MIB}, ${sink ? "sink (socket → caller buffer)" : "cluster path (copy)"}`,
    `${r.mibs.toFixed(0)} MiB/s`,
    `${r.copied} B copied`,
  ]);
}

console.log(
  `\nRPC benchmark against nfs-ganesha on loopback (${
    new Date().toISOString().slice(0, 10)
  }, ${navigator.hardwareConcurrency} cores)\n`,
);
const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i]!)).join("  "));
