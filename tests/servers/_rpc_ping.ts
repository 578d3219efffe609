/**
 * A tiny, self-contained ONC RPC (RFC 5531) NULL call over TCP.
 *
 * This is the test harness's independent readiness check: it deliberately does
 * not import the project's `rpc/` layer, so a bug there cannot make a broken
 * server look ready (or a ready server look broken).
 *
 * @module
 */

/** Where and what to ping. */
export interface RpcPingOptions {
  /** Host to connect to. Default `127.0.0.1`. */
  host?: string;
  /** TCP port of the RPC service. */
  port: number;
  /** RPC program number, e.g. 100003 (NFS), 100005 (MOUNT), 100000 (portmapper). */
  prog: number;
  /** Program version. */
  vers: number;
  /** Give up after this many milliseconds. Default 2000. */
  timeoutMs?: number;
}

/** The outcome of one NULL call. */
export type RpcPingResult =
  | { ok: true }
  | { ok: false; reason: string };

const MSG_CALL = 0;
const MSG_REPLY = 1;
const MSG_ACCEPTED = 0;
const ACCEPT_STATS = [
  "SUCCESS",
  "PROG_UNAVAIL",
  "PROG_MISMATCH",
  "PROC_UNAVAIL",
  "GARBAGE_ARGS",
  "SYSTEM_ERR",
];
const LAST_FRAGMENT = 0x80000000;
/** Replies to NULL are tiny; refuse anything larger than this. */
const MAX_REPLY = 64 * 1024;

let nextXid = (Math.random() * 0x7fffffff) >>> 0;

/** Encodes a record-marked NULL call (AUTH_NONE credential and verifier). */
export function encodeNullCall(xid: number, prog: number, vers: number): Uint8Array {
  const words = [xid, MSG_CALL, 2, prog, vers, 0, 0, 0, 0, 0];
  const buf = new Uint8Array(4 + words.length * 4);
  const view = new DataView(buf.buffer);
  view.setUint32(0, (LAST_FRAGMENT | (words.length * 4)) >>> 0);
  words.forEach((w, i) => view.setUint32(4 + i * 4, w >>> 0));
  return buf;
}

/**
 * Decodes a reply body (record marks already removed) and says whether it is
 * an accepted SUCCESS reply to `xid`.
 */
export function decodeNullReply(body: Uint8Array, xid: number): RpcPingResult {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let off = 0;
  const u32 = (): number => {
    if (off + 4 > body.byteLength) throw new RangeError("truncated RPC reply");
    const v = view.getUint32(off);
    off += 4;
    return v;
  };
  try {
    const rxid = u32();
    if (rxid !== xid) return { ok: false, reason: `reply xid ${rxid} does not match call ${xid}` };
    const mtype = u32();
    if (mtype !== MSG_REPLY) return { ok: false, reason: `message type ${mtype} is not REPLY` };
    const replyStat = u32();
    if (replyStat !== MSG_ACCEPTED) {
      const rejectStat = u32();
      return {
        ok: false,
        reason: `call denied (${rejectStat === 0 ? "RPC_MISMATCH" : "AUTH_ERROR"})`,
      };
    }
    u32(); // verifier flavor
    const verfLen = u32();
    off += (verfLen + 3) & ~3;
    const acceptStat = u32();
    if (acceptStat !== 0) {
      return {
        ok: false,
        reason: `call accepted with ${ACCEPT_STATS[acceptStat] ?? `accept_stat ${acceptStat}`}`,
      };
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/**
 * Sends one RPC NULL call (procedure 0) over TCP and reports whether the
 * server answered with an accepted SUCCESS reply. Never throws.
 */
export async function rpcPing(opts: RpcPingOptions): Promise<RpcPingResult> {
  const host = opts.host ?? "127.0.0.1";
  const xid = nextXid = (nextXid + 1) >>> 0;
  let conn: Deno.TcpConn | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      conn?.close();
    } catch { /* already closed */ }
  }, opts.timeoutMs ?? 2000);
  try {
    conn = await Deno.connect({ hostname: host, port: opts.port, transport: "tcp" });
    if (timedOut) throw new Error("timed out");
    await writeAll(conn, encodeNullCall(xid, opts.prog, opts.vers));
    const body = await readRecord(conn);
    return decodeNullReply(body, xid);
  } catch (e) {
    const why = timedOut ? "timed out" : (e as Error).message;
    return { ok: false, reason: `no reply from ${host}:${opts.port}: ${why}` };
  } finally {
    clearTimeout(timer);
    try {
      conn?.close();
    } catch { /* already closed */ }
  }
}

async function writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.byteLength) off += await conn.write(data.subarray(off));
}

async function readExact(conn: Deno.Conn, n: number): Promise<Uint8Array> {
  const buf = new Uint8Array(n);
  let off = 0;
  while (off < n) {
    const got = await conn.read(buf.subarray(off));
    if (got === null) throw new Error("connection closed by the server");
    off += got;
  }
  return buf;
}

/** Reads fragments until the last one and returns the joined record. */
async function readRecord(conn: Deno.Conn): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const mark = new DataView((await readExact(conn, 4)).buffer).getUint32(0);
    const len = mark & 0x7fffffff;
    total += len;
    if (total > MAX_REPLY) throw new Error(`reply larger than ${MAX_REPLY} bytes`);
    parts.push(await readExact(conn, len));
    if (mark & LAST_FRAGMENT) break;
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}
