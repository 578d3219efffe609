/**
 * Decodes every NFSv3 and MOUNT v3 call and reply in the real captures of
 * ../shared/captures (or $NFS_CAPTURES) with our decoders, and spot-checks fields against
 * what tshark's dissector prints for the same packets. Each TCP stream is reassembled (by
 * sequence number, retransmissions dropped) and cut into records by their record marks, so
 * a segment may carry several records and a record may span segments; a capture written
 * here from one of them, re-cut into small segments two calls at a time, checks that.
 * Skipped, with a printed reason, when tshark or the captures are absent.
 */
import { assert, assertEquals } from "@std/assert";
import { concat } from "@std/bytes";
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

async function packets(path: string): Promise<Row[]> {
  const args = ["-r", path, "-d", "tcp.port==2049,rpc", "-Y", "rpc", "-T", "fields"];
  args.push("-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=|");
  for (const f of FIELDS) args.push("-e", f);
  const text = await tshark(args);
  assert(text !== null, `tshark failed on ${path}`);
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

/** A TCP segment with payload, as tshark lists it. */
interface Segment {
  frame: string;
  /** Stream index and source port: one direction of one connection. */
  key: string;
  seq: number;
  payload: Uint8Array;
}

async function tcpSegments(path: string): Promise<Segment[]> {
  const args = ["-r", path, "-Y", "tcp.len>0", "-T", "fields", "-E", "separator=\t"];
  for (const f of ["frame.number", "tcp.stream", "tcp.srcport", "tcp.seq", "tcp.payload"]) {
    args.push("-e", f);
  }
  const text = await tshark(args);
  assert(text !== null, `tshark failed on ${path}`);
  return text.trimEnd().split("\n").filter((l) => l !== "").map((line) => {
    const [frame, stream, port, seq, payload] = line.split("\t");
    return { frame: frame!, key: `${stream}:${port}`, seq: Number(seq), payload: hex(payload!) };
  });
}

/** RPC messages of the TCP streams, by the frame their last byte came in, and counts. */
interface Reassembled {
  messages: Map<string, Uint8Array[]>;
  /** Messages whose record spanned several segments. */
  spanning: number;
  /** Segments holding bytes of two records or more. */
  shared: number;
  /** Every record in the order it ended, with its direction (`stream:srcport`). */
  ordered: { key: string; message: Uint8Array }[];
}

/**
 * Reassembles each direction of each TCP stream by sequence number (a retransmitted
 * segment's old bytes are dropped) and cuts it into RPC records (RFC 5531 §11, fragments
 * joined). A direction with a gap (bytes missing from the capture) stops there.
 */
function reassemble(segments: Segment[]): Reassembled {
  const dirs = new Map<string, { next: number; buf: Uint8Array; from: number; lost: boolean }>();
  const out: Reassembled = { messages: new Map(), spanning: 0, shared: 0, ordered: [] };
  let pieces = 0;
  for (const s of segments) {
    let d = dirs.get(s.key);
    if (d === undefined) {
      dirs.set(s.key, d = { next: s.seq, buf: new Uint8Array(0), from: 0, lost: false });
    }
    if (d.lost || s.seq + s.payload.length <= d.next) continue; // old bytes again
    if (s.seq > d.next) {
      d.lost = true; // a gap: what follows cannot be framed
      continue;
    }
    const fresh = s.payload.subarray(d.next - s.seq);
    d.next += fresh.length;
    const seg = pieces++;
    if (d.buf.length === 0) d.from = seg; // a record starts in this segment
    d.buf = concat([d.buf, fresh]);
    let ended = 0;
    for (let r = takeRecord(d.buf); r !== null; r = takeRecord(d.buf)) {
      d.buf = d.buf.subarray(r.used);
      const list = out.messages.get(s.frame) ?? [];
      list.push(r.message);
      out.messages.set(s.frame, list);
      out.ordered.push({ key: s.key, message: r.message });
      if (d.from !== seg) out.spanning++;
      d.from = seg;
      ended++;
    }
    if (ended > 1 || (ended === 1 && d.buf.length > 0)) out.shared++;
  }
  return out;
}

/** One record from the start of `buf` (its fragments joined), or null if it is not all there. */
function takeRecord(buf: Uint8Array): { message: Uint8Array; used: number } | null {
  const parts: Uint8Array[] = [];
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let at = 0;;) {
    if (buf.length < at + 4) return null;
    const mark = dv.getUint32(at);
    const len = mark & 0x7fffffff;
    assert(len < 1 << 24, `a record mark of ${len} bytes: not the start of a record`);
    if (buf.length < at + 4 + len) return null;
    parts.push(buf.subarray(at + 4, at + 4 + len));
    at += 4 + len;
    if (mark >= 0x80000000) return { message: concat(parts), used: at };
  }
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

/** What checking one capture found. */
interface Checked {
  seen: Map<string, number>;
  tcp: Reassembled;
}

/**
 * Decodes every NFSv3 / MOUNT v3 message of the capture at `path`, re-encodes it, and
 * compares fields with tshark's dissection of the frame the message ended in.
 */
async function checkCapture(path: string): Promise<Checked> {
  const calls = new Map<number, { c: NonNullable<Rpc["call"]>; args: unknown }>();
  const seen = new Map<string, number>();
  const tcp = reassemble(await tcpSegments(path));
  let used = 0;
  for (const row of await packets(path)) {
    const frame = row["frame.number"][0]!;
    const udp = row["udp.payload"][0];
    const msgs = udp ? [hex(udp)] : tcp.messages.get(frame) ?? [];
    if (!udp) used += msgs.length;
    assert(msgs.length > 0, `frame ${frame}: tshark saw RPC where no record ends`);
    const decoded = [];
    for (const msg of msgs) {
      const rpc = parseRpc(msg);
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
      decoded.push({ rpc, c, p, v, what });
    }
    if (decoded.length === 1 && msgs.length === 1) spotCheck(decoded[0]!, row);
    else if (decoded.length > 0) spotCheckAll(decoded, row);
  }
  let total = 0;
  for (const list of tcp.messages.values()) total += list.length;
  assertEquals(used, total, "records tshark did not see as RPC");
  return { seen, tcp };
}

interface Decoded {
  rpc: Rpc;
  c: NonNullable<Rpc["call"]>;
  p: ServerProcedure<unknown, unknown>;
  v: unknown;
  what: string;
}

/** Several messages ended in one frame: tshark lists their fields together, in order. */
function spotCheckAll(ds: Decoded[], row: Row): void {
  const what = `frame ${row["frame.number"][0]}: ${ds.map((d) => d.what).join(", ")}`;
  const attrs = ds.flatMap((d) =>
    collect(d.v, (o) => isFattr(o) ? [o] : undefined) as Record<string, unknown>[]
  );
  assertEquals(strs(attrs.map((a) => a.size)), row["nfs.fattr3.size"], `${what}: fattr3.size`);
  assertEquals(
    strs(attrs.map((a) => a.fileid)),
    row["nfs.fattr3.fileid"],
    `${what}: fattr3.fileid`,
  );
  const names = ds.filter((d) => d.rpc.call).flatMap((d) =>
    collect(d.v, (o) => o.dir instanceof Uint8Array && "name" in o ? [o.name] : undefined)
  );
  assertEquals(names, row["nfs.name"], `${what}: diropargs3 names`);
  const statuses = ds.flatMap((d) => {
    const v = d.v as { status?: number } | undefined;
    return !d.rpc.call && d.c.prog === 100003 && v?.status !== undefined ? [String(v.status)] : [];
  });
  assertEquals(statuses, row["nfs.status3"], `${what}: nfsstat3`);
}

/** The fields tshark printed for the frame of one message. */
function spotCheck(d: Decoded, row: Row): void {
  const { rpc, c, p, v, what } = d;
  {
    {
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
  }
}

for (const file of FILES) {
  Deno.test({
    name: `captures: ${file}: every NFSv3/MOUNT v3 call and reply decodes and matches tshark`,
    ignore: skip !== "",
    fn: async () => {
      const { seen } = await checkCapture(DIR + file);
      assert(seen.size > 0, "no NFSv3 / MOUNT v3 message decoded");
      console.log(`  ${file}: ${[...seen].map(([k, n]) => `${k} x${n}`).join(", ")}`);
    },
  });
}

// --- A capture re-cut: several records per segment, records across segments ---------------

/** Ethernet + IPv4 + TCP frames in a libpcap file (checksums of TCP left 0: not checked). */
class PcapWriter {
  readonly #parts: Uint8Array[] = [];
  #t = 0;
  constructor() {
    const h = new DataView(new ArrayBuffer(24));
    h.setUint32(0, 0xa1b2c3d4, true);
    h.setUint16(4, 2, true);
    h.setUint16(6, 4, true);
    h.setUint32(16, 65535, true);
    h.setUint32(20, 1, true); // LINKTYPE_ETHERNET
    this.#parts.push(new Uint8Array(h.buffer));
  }

  /** One TCP segment from `src` to `dst` (ports on 10.0.0.1 and 10.0.0.2). */
  tcp(src: number, dst: number, seq: number, ack: number, flags: number, data: Uint8Array) {
    const frame = new Uint8Array(54 + data.length);
    const dv = new DataView(frame.buffer);
    frame.set([2, 0, 0, 0, 0, src === 2049 ? 1 : 2, 2, 0, 0, 0, 0, src === 2049 ? 2 : 1]);
    dv.setUint16(12, 0x0800);
    dv.setUint8(14, 0x45);
    dv.setUint16(16, 40 + data.length);
    dv.setUint16(20, 0x4000);
    dv.setUint8(22, 64);
    dv.setUint8(23, 6);
    frame.set(src === 2049 ? [10, 0, 0, 2, 10, 0, 0, 1] : [10, 0, 0, 1, 10, 0, 0, 2], 26);
    let sum = 0;
    for (let i = 14; i < 34; i += 2) sum += dv.getUint16(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    dv.setUint16(24, ~sum & 0xffff);
    dv.setUint16(34, src);
    dv.setUint16(36, dst);
    dv.setUint32(38, seq >>> 0);
    dv.setUint32(42, ack >>> 0);
    dv.setUint8(46, 0x50);
    dv.setUint8(47, flags);
    dv.setUint16(48, 65535);
    frame.set(data, 54);
    const rec = new DataView(new ArrayBuffer(16));
    this.#t++;
    rec.setUint32(0, 1_700_000_000 + (this.#t >> 10), true);
    rec.setUint32(4, (this.#t & 1023) * 1000, true);
    rec.setUint32(8, frame.length, true);
    rec.setUint32(12, frame.length, true);
    this.#parts.push(new Uint8Array(rec.buffer), frame);
  }

  bytes(): Uint8Array {
    return concat(this.#parts);
  }
}

function framed(message: Uint8Array): Uint8Array {
  const mark = new Uint8Array(4);
  new DataView(mark.buffer).setUint32(0, (0x80000000 | message.length) >>> 0);
  return concat([mark, message]);
}

Deno.test({
  name: "captures: a stream re-cut into segments of 23 to 150 bytes, two calls at a time, decodes",
  ignore: skip !== "",
  fn: async () => {
    const source = reassemble(await tcpSegments(DIR + "nfsv3-tcp-zeek-nfs_base.pcap"));
    // The calls of the stream to port 2049 that has most, each with its reply.
    const calls = source.ordered.filter((m) =>
      m.key.endsWith(":720") &&
      new DataView(m.message.buffer, m.message.byteOffset).getUint32(4) === 0
    );
    const replyTo = new Map<number, Uint8Array>();
    for (const m of source.ordered) {
      const dv = new DataView(m.message.buffer, m.message.byteOffset);
      if (m.key.endsWith(":2049") && dv.getUint32(4) === 1) replyTo.set(dv.getUint32(0), m.message);
    }
    const pairs = calls.flatMap((c) => {
      const r = replyTo.get(new DataView(c.message.buffer, c.message.byteOffset).getUint32(0));
      return r ? [[c.message, r] as const] : [];
    });
    assert(pairs.length >= 20, `${pairs.length} calls with replies`);
    const w = new PcapWriter();
    let cseq = 1000;
    let sseq = 5000;
    w.tcp(720, 2049, cseq - 1, 0, 0x02, new Uint8Array(0));
    w.tcp(2049, 720, sseq - 1, cseq, 0x12, new Uint8Array(0));
    w.tcp(720, 2049, cseq, sseq, 0x10, new Uint8Array(0));
    // Cut every `size` bytes, but never in the first 12 bytes of a record: tshark, which
    // the decoded fields are checked against, loses a stream whose record mark is split.
    let cut = 0;
    const send = (from: number, records: Uint8Array[]) => {
      const bytes = concat(records);
      const starts: number[] = [];
      for (let o = 0, i = 0; i < records.length; o += records[i]!.length, i++) starts.push(o);
      const size = [61, 150, 23][cut++ % 3]!;
      for (let o = 0, end = 0; o < bytes.length; o = end) {
        end = Math.min(bytes.length, o + size);
        const inMark = starts.find((st) => st > o && end > st && end < st + 12);
        if (inMark !== undefined) end = inMark;
        const piece = bytes.subarray(o, end);
        if (from === 720) {
          w.tcp(720, 2049, cseq, sseq, 0x18, piece);
          cseq += piece.length;
        } else {
          w.tcp(2049, 720, sseq, cseq, 0x18, piece);
          sseq += piece.length;
        }
      }
    };
    for (let i = 0; i < pairs.length; i += 2) {
      const batch = pairs.slice(i, i + 2);
      send(720, batch.map(([c]) => framed(c)));
      send(2049, batch.map(([, r]) => framed(r)));
    }
    const path = await Deno.makeTempFile({ suffix: ".pcap" });
    try {
      await Deno.writeFile(path, w.bytes());
      const { seen, tcp } = await checkCapture(path);
      let decoded = 0;
      for (const n of seen.values()) decoded += n;
      console.log(
        `  ${decoded} messages decoded; ${tcp.spanning} records across segments, ` +
          `${tcp.shared} segments holding bytes of two records`,
      );
      assertEquals(decoded, 2 * pairs.length, "every call and reply decoded");
      assert(tcp.spanning > 0 && tcp.shared > 0, "the capture has not the shapes it is for");
    } finally {
      await Deno.remove(path);
    }
  },
});
