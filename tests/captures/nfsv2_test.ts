/**
 * Decodes every NFSv2 and MOUNT v1 call and reply of the real capture
 * nfsv2-udp-wireshark-sample.pcap (in /work/shared/captures or $NFS_CAPTURES) with our
 * decoders (server side `decodeArgs` for calls, client side `decode` for replies), re-encodes
 * each to the very same bytes, and compares field by field with what tshark's dissector
 * reports for the same packet. Skipped, with a printed reason, when tshark or the capture is
 * absent.
 */
import { assert, assertEquals } from "@std/assert";
import { XdrReader, XdrWriter } from "../../xdr/mod.ts";
import { NFS2_SERVER_LIST } from "../../testing/_nfs2_codec.ts";
import { MOUNT1_SERVER_LIST } from "../../testing/_mount_codec.ts";
import type { ServerProcedure } from "../../testing/_program.ts";
import type { Fattr, Sattr } from "../../nfs/v2/types.ts";

const DIR = Deno.env.get("NFS_CAPTURES") ??
  new URL("../../../shared/captures/", import.meta.url).pathname;
const FILE = DIR + "nfsv2-udp-wireshark-sample.pcap";

/** tshark fields compared with ours, message by message (every occurrence, in order). */
const CHECKED = [
  "nfs.status2",
  "mount.status",
  "mount.path",
  "nfs.fhandle",
  "nfs.name",
  "nfs.symlink.to",
  "nfs.readlink.data",
  "nfs.ftype",
  "nfs.mode",
  "nfs.fattr.nlink",
  "nfs.fattr.uid",
  "nfs.fattr.gid",
  "nfs.fattr.size",
  "nfs.fattr.blocksize",
  "nfs.fattr.rdev",
  "nfs.fattr.blocks",
  "nfs.fattr.fsid",
  "nfs.fattr.fileid",
  "nfs.atime.sec",
  "nfs.atime.usec",
  "nfs.mtime.sec",
  "nfs.mtime.usec",
  "nfs.ctime.sec",
  "nfs.ctime.usec",
  "nfs.read.offset",
  "nfs.read.count",
  "nfs.read.totalcount",
  "nfs.write.beginoffset",
  "nfs.write.offset",
  "nfs.write.totalcount",
  "nfs.data",
  "nfs.readdir.cookie",
  "nfs.readdir.count",
  "nfs.readdir.entry.fileid",
  "nfs.readdir.entry.name",
  "nfs.readdir.entry.cookie",
  "nfs.readdir.eof",
  "nfs.statfs.tsize",
  "nfs.statfs.bsize",
  "nfs.statfs.blocks",
  "nfs.statfs.bfree",
  "nfs.statfs.bavail",
] as const;
const FIELDS = ["frame.number", "udp.payload", ...CHECKED] as const;
type Fields = Partial<Record<(typeof CHECKED)[number], string[]>>;
type Row = Record<(typeof FIELDS)[number], string[]>;
const OURS_FILTER = "(rpc.program == 100003 && rpc.programversion == 2) || " +
  "(rpc.program == 100005 && rpc.programversion == 1)";

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
const haveCapture = (() => {
  try {
    return Deno.statSync(FILE).isFile;
  } catch {
    return false;
  }
})();
const skip = !haveTshark ? "tshark is not installed" : !haveCapture ? `no ${FILE}` : "";
if (skip) console.log(`tests/captures/nfsv2_test.ts: skipped: ${skip}`);

async function rows(filter: string): Promise<Row[]> {
  const args = ["-r", FILE, "-Y", filter, "-T", "fields", "-E", "separator=\t"];
  args.push("-E", "occurrence=a", "-E", "aggregator=|");
  for (const f of FIELDS) args.push("-e", f);
  const text = await tshark(args);
  assert(text !== null, `tshark failed on ${FILE}`);
  return text.trimEnd().split("\n").map((line) => {
    const cols = line.split("\t");
    return Object.fromEntries(FIELDS.map((f, i) => [f, cols[i] ? cols[i]!.split("|") : []])) as Row;
  });
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function unhex(s: string): Uint8Array {
  const b = new Uint8Array(s.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return b;
}

/** One RPC message split by hand (RFC 5531 §9): the header fields and the body. */
interface Rpc {
  xid: number;
  call?: { prog: number; vers: number; proc: number };
  /** Reply: MSG_ACCEPTED with accept_stat SUCCESS. */
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
    o += (len + 3) & ~3; // body
  };
  const xid = u();
  const msgType = u();
  if (msgType === 0) {
    assertEquals(u(), 2, "rpcvers");
    const call = { prog: u(), vers: u(), proc: u() };
    auth(); // cred
    auth(); // verf
    return { xid, call, body: msg.subarray(o) };
  }
  assertEquals(msgType, 1, "msg_type");
  if (u() !== 0) return { xid, success: false, body: msg.subarray(o) }; // MSG_DENIED
  auth(); // verf
  return { xid, success: u() === 0, body: msg.subarray(o) };
}

/** Sets both words of a sattr time to -1 when either is (the encoding of "unset"). */
function normalizeSattrTimes(sattr: Uint8Array): void {
  const dv = new DataView(sattr.buffer, sattr.byteOffset, 32);
  for (const at of [16, 24]) {
    if (dv.getUint32(at) === 0xffffffff || dv.getUint32(at + 4) === 0xffffffff) {
      dv.setUint32(at, 0xffffffff);
      dv.setUint32(at + 4, 0xffffffff);
    }
  }
}

function procedureFor(
  c: NonNullable<Rpc["call"]>,
): ServerProcedure<unknown, unknown> | undefined {
  if (c.prog === 100003 && c.vers === 2) return NFS2_SERVER_LIST[c.proc];
  if (c.prog === 100005 && c.vers === 1) return MOUNT1_SERVER_LIST[c.proc];
  return undefined;
}

/** What tshark should report for a value we decoded: our side of the comparison. */
function expected(name: string, isCall: boolean, v: unknown, prog: number): Fields {
  const out: Fields = {};
  const add = (f: (typeof CHECKED)[number], x: unknown) => (out[f] ??= []).push(String(x));
  const time = (f: "atime" | "mtime" | "ctime", t: { seconds: number; useconds: number }) => {
    add(`nfs.${f}.sec`, t.seconds);
    add(`nfs.${f}.usec`, t.useconds);
  };
  const a = v as Record<string, unknown>;
  // File handles in wire order.
  const walk = (x: unknown, key = ""): void => {
    if (x instanceof Uint8Array) {
      if (x.length === 32 && key !== "data") add("nfs.fhandle", hex(x));
    } else if (x !== null && typeof x === "object" && !Array.isArray(x)) {
      for (const [k, y] of Object.entries(x)) walk(y, k);
    }
  };
  walk(v);
  if (isCall) {
    if (prog === 100005 && typeof v === "string") add("mount.path", v);
    // diropargs names, in wire order.
    for (const d of [a?.where, a?.from, a?.to, a]) {
      const o = d as Record<string, unknown> | undefined;
      if (o && o.dir instanceof Uint8Array && typeof o.name === "string") add("nfs.name", o.name);
    }
    if (a?.attributes !== undefined) {
      const s = a.attributes as Sattr;
      const unset = (n: number | undefined) => n ?? 0xffffffff;
      add("nfs.mode", unset(s.mode));
      add("nfs.fattr.uid", unset(s.uid));
      add("nfs.fattr.gid", unset(s.gid));
      add("nfs.fattr.size", unset(s.size));
      if (s.atime) time("atime", s.atime);
      if (s.mtime) time("mtime", s.mtime);
    }
    if (name === "SYMLINK") add("nfs.symlink.to", a.to);
    if (name === "READ") {
      add("nfs.read.offset", a.offset);
      add("nfs.read.count", a.count);
      add("nfs.read.totalcount", a.totalcount);
    }
    if (name === "WRITE") {
      add("nfs.write.beginoffset", a.beginoffset);
      add("nfs.write.offset", a.offset);
      add("nfs.write.totalcount", a.totalcount);
      add("nfs.data", hex(a.data as Uint8Array));
    }
    if (name === "READDIR") {
      add("nfs.readdir.cookie", new DataView((a.cookie as Uint8Array).buffer).getUint32(0));
      add("nfs.readdir.count", a.count);
    }
    return out;
  }
  if (a === undefined) return out; // void results
  if (prog === 100005) {
    if (name === "MNT") add("mount.status", a.status);
    return out;
  }
  if (!Array.isArray(a)) add("nfs.status2", a.status);
  const f = a.attributes as Fattr | undefined;
  if (f !== undefined) {
    add("nfs.ftype", f.type);
    add("nfs.mode", f.mode);
    for (const k of ["nlink", "uid", "gid", "size", "blocksize", "rdev", "blocks"] as const) {
      add(`nfs.fattr.${k}`, f[k]);
    }
    add("nfs.fattr.fsid", `0x${f.fsid.toString(16).padStart(8, "0")}`);
    add("nfs.fattr.fileid", f.fileid);
    time("atime", f.atime);
    time("mtime", f.mtime);
    time("ctime", f.ctime);
  }
  if (name === "READLINK" && a.status === 0) add("nfs.readlink.data", a.data);
  if (name === "READ" && a.status === 0) add("nfs.data", hex(a.data as Uint8Array));
  if (name === "READDIR" && a.status === 0) {
    for (const e of a.entries as { fileid: number; name: string; cookie: Uint8Array }[]) {
      add("nfs.readdir.entry.fileid", e.fileid);
      add("nfs.readdir.entry.name", e.name);
      add("nfs.readdir.entry.cookie", new DataView(e.cookie.buffer).getUint32(0));
    }
    add("nfs.readdir.eof", a.eof ? 1 : 0);
  }
  if (name === "STATFS" && a.status === 0) {
    for (const k of ["tsize", "bsize", "blocks", "bfree", "bavail"] as const) {
      add(`nfs.statfs.${k}`, a[k]);
    }
  }
  return out;
}

Deno.test({
  name: "captures: nfsv2-udp-wireshark-sample.pcap: every NFSv2/MOUNT v1 message matches tshark",
  ignore: skip !== "",
  fn: async () => {
    const calls = new Map<number, { c: NonNullable<Rpc["call"]>; args: unknown }>();
    const seen = new Map<string, number>();
    const compared = new Set<string>();
    let checked = 0;
    for (const row of await rows("rpc")) {
      const rpc = parseRpc(unhex(row["udp.payload"][0]!));
      // Replies carry no procedure: the latest call with the same XID (XIDs repeat across
      // programs in this capture: portmap GETADDR, then MOUNT MNT).
      if (rpc.call) calls.set(rpc.xid, { c: rpc.call, args: undefined });
      const c = rpc.call ?? calls.get(rpc.xid)?.c;
      assert(c !== undefined, `frame ${row["frame.number"][0]}: reply without a call`);
      const p = procedureFor(c);
      if (p === undefined) continue; // portmap
      const prog = c.prog === 100003 ? "NFS2" : "MOUNT1";
      const what = `frame ${row["frame.number"][0]} ${prog} ${p.name} ${
        rpc.call ? "call" : "reply"
      }`;
      assert(rpc.call || rpc.success, `${what}: not accepted / SUCCESS`);
      const r = new XdrReader(rpc.body);
      let v: unknown;
      if (rpc.call) {
        v = p.decodeArgs(r);
        calls.set(rpc.xid, { c, args: v });
      } else {
        v = p.decode(r, calls.get(rpc.xid)!.args);
      }
      assertEquals(r.remaining, 0, `${what}: ${r.remaining} bytes left over`);
      // Our encoders give back the very bytes the real client or server sent, except that
      // an unset sattr time goes out as {-1, -1} (frame 77 has {-1, 0xffdf4a73}).
      const w = new XdrWriter();
      if (rpc.call) p.encode(w, v);
      else p.encodeRes(w, v);
      const chain = w.finish();
      const sent = rpc.body.slice();
      if (rpc.call && (v as { attributes?: unknown })?.attributes !== undefined) {
        normalizeSattrTimes(sent.subarray(sent.length - 32)); // sattr ends these arguments
      }
      assertEquals(chain.toBytes(), sent, `${what}: re-encoded bytes differ`);
      chain.release();
      // Field by field against tshark: every checked field, every occurrence, in order.
      const ours = expected(p.name, rpc.call !== undefined, v, c.prog);
      for (const f of CHECKED) {
        assertEquals(ours[f] ?? [], row[f], `${what}: ${f}`);
        if (row[f].length > 0) compared.add(f);
      }
      checked++;
      const key = `${prog} ${p.name} ${rpc.call ? "call" : "reply"}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    // Nothing silently skipped: as many messages as tshark sees of these two programs.
    const total = (await rows(OURS_FILTER)).length;
    assertEquals(checked, total, "messages checked vs NFSv2 + MOUNT v1 messages tshark sees");
    assertEquals(checked, 150);
    // Every procedure in the capture, both directions.
    const procs = new Set([...seen.keys()].map((k) => k.replace(/ (call|reply)$/, "")));
    assertEquals(procs.size, 18, [...procs].join(", ")); // 16 NFSv2 procedures + MNT + UMNT
    for (const p of procs) assertEquals(seen.get(`${p} call`), seen.get(`${p} reply`), p);
    assertEquals(compared.size, CHECKED.length, "every checked field occurs at least once");
    console.log(`  ${checked} messages: ${[...seen].map(([k, n]) => `${k} x${n}`).join(", ")}`);
  },
});
