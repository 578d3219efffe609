/**
 * Seed replies for the decoder fuzzer, from three sources:
 *
 * - real traffic: every NFSv3/v2 and MOUNT v3/v1 reply in the captures of
 *   /work/shared/captures (or $NFS_CAPTURES), extracted with tshark as in
 *   `tests/captures/`, paired with its call's arguments (skipped without tshark);
 * - recorded: every procedure of NFSv3, NFSv2, MOUNT v3 and MOUNT v1 called on the
 *   embedded test server (the wire test's sessions), each reply recorded as it arrives;
 * - generated: portmapper replies and RPC reply headers of every kind (denied, mismatch...).
 *
 * @module
 */
import { XdrWriter } from "../../xdr/mod.ts";
import { type CallSpec, type RpcCaller, RpcClient } from "../../rpc/mod.ts";
import { startTestServer } from "../../testing/mod.ts";
import { sessionV2, sessionV3 } from "../_util/wire.ts";
import { concat, words } from "../_util/rpc_peer.ts";

/** One reply with what is needed to decode it. */
export interface Seed {
  /** Program, version and procedure of the call. */
  prog: number;
  vers: number;
  proc: number;
  /** The call's encoded arguments (after the credential), when known. */
  args: Uint8Array | undefined;
  /** The reply message, from the XID on (no record mark). */
  reply: Uint8Array;
  /** Where it came from, for reports. */
  origin: string;
}

const CAPTURES = Deno.env.get("NFS_CAPTURES") ??
  new URL("../../../shared/captures/", import.meta.url).pathname;
const CAPTURE_FILES = [
  "nfsv2-udp-wireshark-sample.pcap",
  "nfsv3-udp-wireshark-sample.pcap",
  "nfsv3-tcp-zeek-nfs_base.pcap",
  "nfsv3-tcp-write-verf-cookie.pcapng",
  "nfsv3-tcp-readdirplus.pcap",
];

function fromHex(s: string): Uint8Array {
  const b = new Uint8Array(s.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return b;
}

/** The RPC messages of one packet: the UDP payload, or the records of a TCP payload. */
function messages(tcpHex: string, udpHex: string): Uint8Array[] {
  if (udpHex) return [fromHex(udpHex)];
  if (!tcpHex) return [];
  const tcp = fromHex(tcpHex);
  const dv = new DataView(tcp.buffer);
  const out: Uint8Array[] = [];
  for (let o = 0; o + 4 <= tcp.length;) {
    const len = dv.getUint32(o) & 0x7fffffff;
    if (o + 4 + len > tcp.length) break; // a record continued in another segment
    out.push(tcp.subarray(o + 4, o + 4 + len));
    o += 4 + len;
  }
  return out;
}

async function captureFile(file: string): Promise<Seed[]> {
  const out = await new Deno.Command("tshark", {
    args: [
      "-r",
      CAPTURES + file,
      "-d",
      "tcp.port==2049,rpc",
      "-Y",
      "rpc",
      "-T",
      "fields",
      "-e",
      "tcp.payload",
      "-e",
      "udp.payload",
    ],
    stdout: "piped",
    stderr: "null",
  }).output();
  if (!out.success) throw new Error(`tshark failed on ${file}`);
  const calls = new Map<number, { prog: number; vers: number; proc: number; args: Uint8Array }>();
  const seeds: Seed[] = [];
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    const [tcp = "", udp = ""] = line.split("\t");
    for (const m of messages(tcp, udp)) {
      if (m.length < 8) continue;
      const dv = new DataView(m.buffer, m.byteOffset, m.byteLength);
      const xid = dv.getUint32(0);
      if (dv.getUint32(4) === 0) {
        if (m.length < 40) continue;
        const credLen = dv.getUint32(28);
        const verfAt = 32 + ((credLen + 3) & ~3);
        if (verfAt + 8 > m.length) continue;
        const argsAt = verfAt + 8 + ((dv.getUint32(verfAt + 4) + 3) & ~3);
        const [prog, vers, proc] = [dv.getUint32(12), dv.getUint32(16), dv.getUint32(20)];
        calls.set(xid, { prog, vers, proc, args: m.subarray(argsAt) });
      } else {
        const c = calls.get(xid);
        if (c === undefined) continue;
        seeds.push({ ...c, reply: m.slice(), origin: `capture ${file}` });
      }
    }
  }
  return seeds;
}

/**
 * The replies in the captures, or the reason there are none (no tshark, no captures).
 */
export async function captureSeeds(): Promise<{ seeds: Seed[]; skipped?: string }> {
  try {
    await new Deno.Command("tshark", { args: ["-v"], stdout: "null", stderr: "null" }).output();
  } catch {
    return { seeds: [], skipped: "tshark is not installed" };
  }
  try {
    for (const f of CAPTURE_FILES) Deno.statSync(CAPTURES + f);
  } catch {
    return { seeds: [], skipped: `no captures in ${CAPTURES}` };
  }
  const all = await Promise.all(CAPTURE_FILES.map(captureFile));
  return { seeds: all.flat() };
}

/** An RpcCaller that records every reply body (and the call's arguments) as a seed. */
class RecordingCaller implements RpcCaller {
  readonly #inner: RpcCaller;
  readonly #out: Seed[];
  #xid = 0x5eed0000;

  constructor(inner: RpcCaller, out: Seed[]) {
    this.#inner = inner;
    this.#out = out;
  }

  call<T>(spec: CallSpec<T>): Promise<T> {
    const w = new XdrWriter();
    spec.encode(w);
    const chain = w.finish();
    const args = chain.toBytes();
    chain.release();
    const xid = this.#xid++;
    const { sink: _sink, ...plain } = spec; // through clusters: the body is read as it came
    return this.#inner.call({
      ...plain,
      decode: (r) => {
        const body = r.opaqueFixed(r.remaining, "recorded body").slice();
        this.#out.push({
          prog: spec.prog,
          vers: spec.vers,
          proc: spec.proc,
          args,
          reply: concat(words(xid, 1, 0, 0, 0, 0), body),
          origin: "embedded test server",
        });
        return spec.decode(new (r.constructor as new (b: Uint8Array) => typeof r)(body));
      },
    });
  }
}

/** Replies to every NFSv3, NFSv2, MOUNT v3 and MOUNT v1 procedure from the embedded server. */
export async function recordedSeeds(): Promise<Seed[]> {
  const dir = await Deno.makeTempDir({ prefix: "nfs-fuzz-" });
  const seeds: Seed[] = [];
  try {
    await using server = await startTestServer({ dir, exportPath: "/export" });
    await using rpc = await RpcClient.connect({ port: server.port });
    const rec = new RecordingCaller(rpc, seeds);
    await sessionV3(rec, rec, "/export");
    await sessionV2(rec, rec, "/export");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return seeds;
}

/** Portmapper replies and reply headers of every kind. */
export function generatedSeeds(): Seed[] {
  const pmap = (proc: number, body: Uint8Array): Seed => ({
    prog: 100000,
    vers: 2,
    proc,
    args: words(100003, 3, 6, 0),
    reply: concat(words(7, 1, 0, 0, 0, 0), body),
    origin: "generated",
  });
  const dump = [[100000, 2, 6, 111], [100003, 3, 6, 2049], [100005, 3, 17, 20048]];
  const seeds: Seed[] = [
    pmap(0, new Uint8Array(0)),
    pmap(3, words(2049)),
    pmap(3, words(0)),
    pmap(4, words(...dump.flatMap((m) => [1, ...m]), 0)),
    pmap(4, words(0)),
  ];
  // Headers that end the decode before the body (on NFS3 GETATTR, any procedure would do).
  const head = (...w: number[]): Seed => ({
    prog: 100003,
    vers: 3,
    proc: 1,
    args: undefined,
    reply: words(...w),
    origin: "generated header",
  });
  seeds.push(
    head(9, 1, 0, 0, 0, 1), // PROG_UNAVAIL
    head(9, 1, 0, 0, 0, 2, 2, 3), // PROG_MISMATCH 2..3
    head(9, 1, 0, 0, 0, 3), // PROC_UNAVAIL
    head(9, 1, 0, 0, 0, 4), // GARBAGE_ARGS
    head(9, 1, 0, 0, 0, 5), // SYSTEM_ERR
    head(9, 1, 0, 1, 8, 1, 2, 0, 0), // AUTH_SYS verifier, SUCCESS, then a 2-word body
    head(9, 1, 1, 0, 2, 2), // MSG_DENIED RPC_MISMATCH 2..2
    head(9, 1, 1, 1, 5), // MSG_DENIED AUTH_ERROR AUTH_TOOWEAK
  );
  return seeds;
}
