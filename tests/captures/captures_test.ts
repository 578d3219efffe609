/**
 * Decodes every NFSv3 and MOUNT v3 call and reply in the real captures of
 * /work/shared/captures (or $NFS_CAPTURES) with our decoders, and spot-checks fields against
 * what tshark's dissector prints for the same packets. Skipped, with a printed reason, when
 * tshark or the captures are absent.
 */
import { assert, assertEquals } from "@std/assert";
import { XdrReader, XdrWriter } from "../../xdr/mod.ts";
import { NFS3_SERVER_LIST } from "../../testing/_nfs3_codec.ts";
import { MOUNT3_SERVER_LIST } from "../../testing/_mount_codec.ts";
import type { ServerProcedure } from "../../testing/_program.ts";

const DIR = Deno.env.get("NFS_CAPTURES") ??
  new URL("../../../shared/captures/", import.meta.url).pathname;
const FILES = [
  "nfsv3-udp-wireshark-sample.pcap",
  "nfsv3-tcp-zeek-nfs_base.pcap",
  "nfsv3-tcp-write-verf-cookie.pcapng",
  "nfsv3-tcp-readdirplus.pcap",
];
// What tshark prints per packet, by column.
const FIELDS = [
  "frame.number",
  "tcp.payload",
  "udp.payload",
  "nfs.status3",
  "mount.status",
  "nfs.fattr3.size",
  "nfs.fattr3.fileid",
  "nfs.name",
  "nfs.readdir.entry3.name",
  "nfs.readdirplus.entry.name",
  "nfs.count3",
  "nfs.offset3",
  "nfs.fh.length",
] as const;
type Row = Record<(typeof FIELDS)[number], string[]>;

async function tshark(args: string[]): Promise<string | null> {
  try {
    const out = await new Deno.Command("tshark", { args, stdout: "piped", stderr: "null" })
      .output();
    return out.success ? new TextDecoder().decode(out.stdout) : null;
  } catch {
    return null;
  }
}

const haveTshark = (await tshark(["-v"])) !== null;
const haveCaptures = FILES.every((f) => {
  try {
    return Deno.statSync(DIR + f).isFile;
  } catch {
    return false;
  }
});
const skip = !haveTshark ? "tshark is not installed" : !haveCaptures ? `no captures in ${DIR}` : "";
if (skip) console.log(`tests/captures: skipped: ${skip}`);

async function packets(file: string): Promise<Row[]> {
  const args = ["-r", DIR + file, "-d", "tcp.port==2049,rpc", "-Y", "rpc", "-T", "fields"];
  args.push("-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=|");
  for (const f of FIELDS) args.push("-e", f);
  const text = await tshark(args);
  assert(text !== null, `tshark failed on ${file}`);
  return text.trimEnd().split("\n").map((line) => {
    const cols = line.split("\t");
    return Object.fromEntries(
      FIELDS.map((f, i) => [f, cols[i] ? cols[i]!.split("|") : []]),
    ) as Row;
  });
}

function hex(s: string): Uint8Array {
  const b = new Uint8Array(s.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return b;
}

/** One RPC message, parsed by hand (RFC 5531 §9): enough to find the body. */
interface Rpc {
  xid: number;
  call?: { prog: number; vers: number; proc: number };
  /** Reply: accept_stat was SUCCESS. */
  success?: boolean;
  body: Uint8Array;
}

function parseRpc(msg: Uint8Array): Rpc {
  const dv = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  let o = 0;
  const u = () => (o += 4, dv.getUint32(o - 4));
  const auth = () => {
    u(); // flavor
    const len = u();
    o += (len + 3) & ~3;
  };
  const xid = u();
  if (u() === 0) {
    assertEquals(u(), 2, "rpcvers");
    const call = { prog: u(), vers: u(), proc: u() };
    auth(); // cred
    auth(); // verf
    return { xid, call, body: msg.subarray(o) };
  }
  if (u() !== 0) return { xid, success: false, body: msg.subarray(o) }; // MSG_DENIED
  auth(); // verf
  return { xid, success: u() === 0, body: msg.subarray(o) };
}

/** The RPC message of a packet: the UDP payload, or the TCP payload less its record mark. */
function rpcBytes(row: Row): Uint8Array {
  const udp = row["udp.payload"][0];
  if (udp) return hex(udp);
  const tcp = hex(row["tcp.payload"][0]!);
  const mark = new DataView(tcp.buffer).getUint32(0);
  assert(mark >= 0x80000000, "one record per segment, last fragment");
  assertEquals(mark & 0x7fffffff, tcp.length - 4, "record length");
  return tcp.subarray(4);
}

/** Values of the decoded tree, in wire order, picked by `pick`. */
function collect(
  v: unknown,
  pick: (o: Record<string, unknown>) => unknown[] | undefined,
): unknown[] {
  const out: unknown[] = [];
  const walk = (x: unknown) => {
    if (x === null || typeof x !== "object" || x instanceof Uint8Array) return;
    if (Array.isArray(x)) return x.forEach(walk);
    const o = x as Record<string, unknown>;
    const got = pick(o);
    if (got) out.push(...got);
    Object.values(o).forEach(walk);
  };
  walk(v);
  return out;
}
const isFattr = (o: Record<string, unknown>) => "nlink" in o && "fileid" in o;
const strs = (a: unknown[]) => a.map((x) => String(x));

function procedureFor(
  c: { prog: number; vers: number; proc: number },
): ServerProcedure<unknown, unknown> | undefined {
  if (c.prog === 100003 && c.vers === 3) return NFS3_SERVER_LIST[c.proc];
  if (c.prog === 100005 && c.vers === 3) return MOUNT3_SERVER_LIST[c.proc];
  return undefined;
}

for (const file of FILES) {
  Deno.test({
    name: `captures: ${file}: every NFSv3/MOUNT v3 call and reply decodes and matches tshark`,
    ignore: skip !== "",
    fn: async () => {
      const calls = new Map<number, { c: NonNullable<Rpc["call"]>; args: unknown }>();
      const seen = new Map<string, number>();
      for (const row of await packets(file)) {
        const frame = row["frame.number"][0];
        const rpc = parseRpc(rpcBytes(row));
        const c = rpc.call ?? calls.get(rpc.xid)?.c;
        if (c === undefined) continue; // a reply whose call is not in the capture
        const p = procedureFor(c);
        if (p === undefined) continue; // portmap, MOUNT v1, ...
        const prog = c.prog === 100003 ? "NFS3" : "MOUNT3";
        const what = `frame ${frame} ${prog} ${p.name} ${rpc.call ? "call" : "reply"}`;
        const r = new XdrReader(rpc.body);
        let v: unknown;
        if (rpc.call) {
          v = p.decodeArgs(r);
          calls.set(rpc.xid, { c, args: v });
        } else {
          if (!rpc.success) continue;
          v = p.decode(r, calls.get(rpc.xid)?.args);
        }
        assertEquals(r.remaining, 0, `${what}: ${r.remaining} bytes left over`);
        // Our encoders give back the very bytes the real client or server sent.
        const w = new XdrWriter();
        if (rpc.call) p.encode(w, v);
        else p.encodeRes(w, v);
        const chain = w.finish();
        assertEquals(chain.toBytes(), rpc.body, `${what}: re-encoded bytes differ`);
        chain.release();
        const key = `${prog} ${p.name} ${rpc.call ? "call" : "reply"}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);

        // Spot-checks against tshark's dissection of the same packet.
        const attrs = collect(v, (o) => isFattr(o) ? [o] : undefined) as Record<string, unknown>[];
        assertEquals(
          strs(attrs.map((a) => a.size)),
          row["nfs.fattr3.size"],
          `${what}: fattr3.size`,
        );
        assertEquals(
          strs(attrs.map((a) => a.fileid)),
          row["nfs.fattr3.fileid"],
          `${what}: fattr3.fileid`,
        );
        if (rpc.call) {
          const names = collect(
            v,
            (o) => o.dir instanceof Uint8Array && "name" in o ? [o.name] : undefined,
          );
          assertEquals(names, row["nfs.name"], `${what}: diropargs3 names`);
          const handles = collect(
            v,
            (o) => Object.values(o).filter((x) => x instanceof Uint8Array && x.length > 8),
          );
          if (c.prog === 100003 && row["nfs.fh.length"].length > 0) {
            assertEquals(
              String((handles[0] as Uint8Array).length),
              row["nfs.fh.length"][0],
              `${what}: fh length`,
            );
          }
          const a = v as Record<string, unknown>;
          if (p.name === "READ" || p.name === "COMMIT" || p.name === "READDIR") {
            assertEquals(String(a.count), row["nfs.count3"][0], `${what}: count3`);
          }
          if (p.name === "WRITE") {
            assertEquals(
              String((a.data as Uint8Array).length),
              row["nfs.count3"][0],
              `${what}: count3`,
            );
          }
          if (p.name === "READ" || p.name === "WRITE" || p.name === "COMMIT") {
            assertEquals(String(a.offset), row["nfs.offset3"][0], `${what}: offset3`);
          }
        } else {
          const res = v as Record<string, unknown> | undefined;
          if (c.prog === 100003 && res !== undefined && "status" in res) {
            assertEquals(String(res.status), row["nfs.status3"][0], `${what}: nfsstat3`);
          }
          if (c.prog === 100005 && p.name === "MNT") {
            assertEquals(String(res!.status), row["mount.status"][0], `${what}: mountstat3`);
          }
          const entries = collect(
            v,
            (o) => Array.isArray(o.entries) ? o.entries.map((e) => e.name) : undefined,
          );
          const expected = [
            ...row["nfs.readdir.entry3.name"],
            ...row["nfs.readdirplus.entry.name"],
          ];
          assertEquals(entries, expected, `${what}: entry names`);
          if (p.name === "READ" || p.name === "WRITE") {
            assertEquals(String(res!.count), row["nfs.count3"][0], `${what}: count3`);
          }
        }
      }
      assert(seen.size > 0, "no NFSv3 / MOUNT v3 message decoded");
      console.log(`  ${file}: ${[...seen].map(([k, n]) => `${k} x${n}`).join(", ")}`);
    },
  });
}
