/**
 * A tiny, self-contained ONC RPC (RFC 5531) client over TCP: the NULL call
 * ("ping"), MOUNT v3 EXPORT (RFC 1813) and portmapper v2 GETPORT (RFC 1833),
 * nothing else.
 *
 * This is the test harness's independent readiness check: it deliberately does
 * not import the project's `rpc/` layer, so a bug there cannot make a broken
 * server look ready (or a ready server look broken).
 *
 * @module
 */

/** Where and what to call. */
export interface RpcTarget {
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

/** The outcome of one call: the XDR-encoded results, or why there are none. */
export type RpcCallResult =
  | { ok: true; results: Uint8Array }
  | { ok: false; reason: string };

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
/** Replies here are small; refuse anything larger than this. */
const MAX_REPLY = 1024 * 1024;

let nextXid = (Math.random() * 0x7fffffff) >>> 0;

/**
 * Encodes a record-marked call with AUTH_NONE credential and verifier;
 * `args` are 32-bit XDR words.
 */
export function encodeCall(
  xid: number,
  prog: number,
  vers: number,
  proc: number,
  args: readonly number[] = [],
): Uint8Array {
  const words = [xid, MSG_CALL, 2, prog, vers, proc, 0, 0, 0, 0, ...args];
  const buf = new Uint8Array(4 + words.length * 4);
  const view = new DataView(buf.buffer);
  view.setUint32(0, (LAST_FRAGMENT | (words.length * 4)) >>> 0);
  words.forEach((w, i) => view.setUint32(4 + i * 4, w >>> 0));
  return buf;
}

/** A minimal XDR reader over a reply. */
class Reader {
  #view: DataView;
  #off = 0;
  constructor(readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u32(): number {
    if (this.#off + 4 > this.bytes.byteLength) throw new RangeError("truncated RPC reply");
    const v = this.#view.getUint32(this.#off);
    this.#off += 4;
    return v;
  }
  opaque(): Uint8Array {
    const len = this.u32();
    if (this.#off + len > this.bytes.byteLength) throw new RangeError("truncated RPC reply");
    const out = this.bytes.subarray(this.#off, this.#off + len);
    this.#off += (len + 3) & ~3;
    return out;
  }
  string(): string {
    return new TextDecoder().decode(this.opaque());
  }
  rest(): Uint8Array {
    return this.bytes.subarray(this.#off);
  }
}

/**
 * Decodes a reply body (record marks already removed): the results if it is
 * an accepted SUCCESS reply to `xid`, else why not.
 */
export function decodeReply(body: Uint8Array, xid: number): RpcCallResult {
  const r = new Reader(body);
  try {
    const rxid = r.u32();
    if (rxid !== xid) return { ok: false, reason: `reply xid ${rxid} does not match call ${xid}` };
    const mtype = r.u32();
    if (mtype !== MSG_REPLY) return { ok: false, reason: `message type ${mtype} is not REPLY` };
    if (r.u32() !== MSG_ACCEPTED) {
      const rejectStat = r.u32();
      return {
        ok: false,
        reason: `call denied (${rejectStat === 0 ? "RPC_MISMATCH" : "AUTH_ERROR"})`,
      };
    }
    r.u32(); // verifier flavor
    r.opaque(); // verifier body
    const acceptStat = r.u32();
    if (acceptStat !== 0) {
      return {
        ok: false,
        reason: `call accepted with ${ACCEPT_STATS[acceptStat] ?? `accept_stat ${acceptStat}`}`,
      };
    }
    return { ok: true, results: r.rest() };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/**
 * Calls procedure `proc` once over a fresh TCP connection; `args` are 32-bit
 * XDR words (enough for NULL, MOUNT EXPORT and portmapper GETPORT). Never
 * throws.
 */
export async function rpcCall(
  target: RpcTarget,
  proc: number,
  args: readonly number[] = [],
): Promise<RpcCallResult> {
  const host = target.host ?? "127.0.0.1";
  const xid = nextXid = (nextXid + 1) >>> 0;
  let conn: Deno.TcpConn | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      conn?.close();
    } catch { /* already closed */ }
  }, target.timeoutMs ?? 2000);
  try {
    conn = await Deno.connect({ hostname: host, port: target.port, transport: "tcp" });
    if (timedOut) throw new Error("timed out");
    await writeAll(conn, encodeCall(xid, target.prog, target.vers, proc, args));
    return decodeReply(await readRecord(conn), xid);
  } catch (e) {
    const why = timedOut ? "timed out" : (e as Error).message;
    return { ok: false, reason: `no reply from ${host}:${target.port}: ${why}` };
  } finally {
    clearTimeout(timer);
    try {
      conn?.close();
    } catch { /* already closed */ }
  }
}

/**
 * Sends one RPC NULL call (procedure 0) and reports whether the server
 * answered with an accepted SUCCESS reply. Never throws.
 */
export async function rpcPing(target: RpcTarget): Promise<RpcPingResult> {
  const res = await rpcCall(target, 0);
  return res.ok ? { ok: true } : res;
}

/** The outcome of {@linkcode mountExports}. */
export type MountExportsResult =
  | { ok: true; exports: string[] }
  | { ok: false; reason: string };

/**
 * Asks a MOUNT server for its export list (EXPORT, procedure 5, the same in MOUNT v1 and v3;
 * `vers` picks the version, default 3).
 */
export async function mountExports(
  port: number,
  host = "127.0.0.1",
  timeoutMs = 2000,
  vers = 3,
): Promise<MountExportsResult> {
  const res = await rpcCall({ host, port, prog: 100005, vers, timeoutMs }, 5);
  if (!res.ok) return res;
  const r = new Reader(res.results);
  const exports: string[] = [];
  try {
    while (r.u32() !== 0) {
      exports.push(r.string());
      while (r.u32() !== 0) r.string(); // groups
    }
  } catch (e) {
    return { ok: false, reason: `bad EXPORT reply: ${(e as Error).message}` };
  }
  return { ok: true, exports };
}

/** The outcome of {@linkcode pmapGetPort}: the port (0 = not registered), or why none. */
export type PmapGetPortResult =
  | { ok: true; port: number }
  | { ok: false; reason: string };

/**
 * Asks the portmapper on `host`:111 (v2 GETPORT, RFC 1833) for the TCP port
 * of `prog`/`vers`. Port 0 means not registered.
 */
export async function pmapGetPort(
  prog: number,
  vers: number,
  host = "127.0.0.1",
  timeoutMs = 2000,
): Promise<PmapGetPortResult> {
  const IPPROTO_TCP = 6;
  const res = await rpcCall({ host, port: 111, prog: 100000, vers: 2, timeoutMs }, 3, [
    prog,
    vers,
    IPPROTO_TCP,
    0,
  ]);
  if (!res.ok) return res;
  try {
    return { ok: true, port: new Reader(res.results).u32() };
  } catch (e) {
    return { ok: false, reason: `bad GETPORT reply: ${(e as Error).message}` };
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
    if ((mark & LAST_FRAGMENT) !== 0) break;
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

/** What {@linkcode nfsReadyProbe} asks of a server. */
export interface ReadyTarget {
  nfsPort: number;
  mountPort: number;
  /** NFS version to ping; MOUNT is pinged (and asked for its exports) as v3 for NFSv3, else v1. */
  nfsVers: 2 | 3;
  /** When given, the export list must name it (a server may answer with a broken config). */
  exportDir?: string;
  /** The daemon's name, for the error when the export is missing. */
  daemon: string;
}

/**
 * A {@linkcode waitUntil} probe: `undefined` once NFS and MOUNT answer RPC NULL (and MOUNT lists
 * `exportDir`), else why not yet; throws when the server answers without the export, which
 * waiting cannot fix.
 */
export function nfsReadyProbe(t: ReadyTarget): () => Promise<string | undefined> {
  const mountVers = t.nfsVers === 3 ? 3 : 1;
  return async () => {
    const nfs = await rpcPing({ port: t.nfsPort, prog: 100003, vers: t.nfsVers, timeoutMs: 1000 });
    if (!nfs.ok) return `NFS v${t.nfsVers}: ${nfs.reason}`;
    const mnt = await rpcPing({
      port: t.mountPort,
      prog: 100005,
      vers: mountVers,
      timeoutMs: 1000,
    });
    if (!mnt.ok) return `MOUNT v${mountVers}: ${mnt.reason}`;
    if (t.exportDir === undefined) return undefined;
    const list = await mountExports(t.mountPort, "127.0.0.1", 2000, mountVers);
    if (!list.ok) return `MOUNT v${mountVers} EXPORT: ${list.reason}`;
    if (!list.exports.includes(t.exportDir)) {
      throw new Error(
        `${t.daemon} answers but does not export ${t.exportDir} (exports: ${
          list.exports.join(", ") || "none"
        })`,
      );
    }
    return undefined;
  };
}
