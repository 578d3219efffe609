/**
 * Bulk READ and WRITE over UDP against TCP, on the same server: ganesha (VFS, with UDP
 * enabled) and unfsd when available, and the embedded server, loopback. Prints MiB/s (median of `--runs`) and the payload bytes the
 * client copied per MiB in each direction (`copyStats()`; for unfsd only, as the embedded
 * server runs in this process and its copies land in the same counters).
 *
 * ```sh
 * deno run -A bench/udp.ts [--size 32MiB] [--runs 3]
 * ```
 *
 * ganesha runs at 32 KiB (the UDP cap) over both, and at its TCP default (1 MiB); unfsd at 8 KiB
 * over both transports (its UDP buffers hold 8 800 bytes, see
 * tests/udp/api_test.ts), and also at its TCP default; the embedded server at 32 KiB (the UDP
 * cap) over both, and at its TCP default (1 MiB).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { connect, copyStats } from "../mod.ts";
import { startTestServer } from "../testing/mod.ts";
import {
  ganeshaAvailability,
  startGanesha,
  startUnfsd,
  unfsdAvailability,
} from "../harness/mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { size: { type: "string", default: "32MiB" }, runs: { type: "string", default: "3" } },
});
const m = /^(\d+)(KiB|MiB|GiB)?$/.exec(values.size!);
if (!m) throw new TypeError(`--size ${values.size}: want N, NKiB, NMiB or NGiB`);
const SIZE = Number(m[1]) * ({ KiB: 1 << 10, MiB: 1 << 20, GiB: 1 << 30 }[m[2] ?? ""] ?? 1);
const RUNS = Number(values.runs);
const MiB = 1 << 20;

interface Row {
  server: string;
  proto: string;
  size: number;
  write: number;
  read: number;
  writeCopies: number | null;
  readCopies: number | null;
  retransmits: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function measure(
  server: string,
  url: string,
  proto: "tcp" | "udp",
  params: string,
  countCopies: boolean,
): Promise<Row> {
  await using nfs = await connect(`${url}&proto=${proto}${params}`);
  const data = new Uint8Array(SIZE);
  for (let i = 0; i < SIZE; i += 4096) data[i] = i >>> 12;
  await nfs.writeFile("warm.bin", data.subarray(0, 4 * MiB));
  await nfs.readFile("warm.bin");
  const writes: number[] = [];
  const reads: number[] = [];
  let wc = 0;
  let rc = 0;
  for (let r = 0; r < RUNS; r++) {
    const c0 = copyStats().payloadBytes;
    let t = performance.now();
    await nfs.writeFile("bench.bin", data);
    writes.push(SIZE / MiB / ((performance.now() - t) / 1000));
    const c1 = copyStats().payloadBytes;
    t = performance.now();
    const back = await nfs.readFile("bench.bin");
    reads.push(SIZE / MiB / ((performance.now() - t) / 1000));
    const c2 = copyStats().payloadBytes;
    if (back.length !== SIZE || back[SIZE - 4096] !== data[SIZE - 4096]) {
      throw new Error(`${server} ${proto}: the data read back differs`);
    }
    wc += c1 - c0;
    rc += c2 - c1;
  }
  await nfs.remove("bench.bin");
  await nfs.remove("warm.bin");
  const total = (SIZE / MiB) * RUNS;
  return {
    server,
    proto,
    size: nfs.limits.rsize,
    write: median(writes),
    read: median(reads),
    writeCopies: countCopies ? wc / total : null,
    readCopies: countCopies ? rc / total : null,
    retransmits: nfs.rpc.stats().retransmits,
  };
}

const rows: Row[] = [];
if (ganeshaAvailability().available) {
  await using g = await startGanesha({ udp: true });
  rows.push(await measure("ganesha", g.url, "udp", "", true));
  rows.push(await measure("ganesha", g.url, "tcp", "&rsize=32768&wsize=32768", true));
  rows.push(await measure("ganesha", g.url, "tcp", "", true));
} else {
  console.log(`ganesha skipped: ${ganeshaAvailability().reason}`);
}
if (unfsdAvailability().available) {
  await using u = await startUnfsd({ udp: true });
  rows.push(await measure("unfsd", u.url, "udp", "&rsize=8192&wsize=8192", true));
  rows.push(await measure("unfsd", u.url, "tcp", "&rsize=8192&wsize=8192", true));
  rows.push(await measure("unfsd", u.url, "tcp", "", true));
} else {
  console.log(`unfsd skipped: ${unfsdAvailability().reason}`);
}
{
  await using e = await startTestServer({ udp: true });
  rows.push(await measure("embedded", e.url, "udp", "", false));
  rows.push(await measure("embedded", e.url, "tcp", "&rsize=32768&wsize=32768", false));
  rows.push(await measure("embedded", e.url, "tcp", "", false));
}

const f = (x: number | null, d = 1) => x === null ? "-" : x.toFixed(d);
console.log(
  `\n${SIZE / MiB} MiB per transfer, median of ${RUNS} runs; copies = payload bytes copied ` +
    `by the client per MiB moved (copyStats)\n`,
);
console.log(
  "server    proto  rsize    write MiB/s  read MiB/s  write copies/MiB  read copies/MiB  rexmit",
);
for (const r of rows) {
  console.log(
    `${r.server.padEnd(9)} ${r.proto.padEnd(6)} ${String(r.size).padStart(7)}  ` +
      `${f(r.write).padStart(11)}  ${f(r.read).padStart(10)}  ${
        f(r.writeCopies, 0).padStart(16)
      }  ${f(r.readCopies, 0).padStart(15)}  ${String(r.retransmits).padStart(6)}`,
  );
}
