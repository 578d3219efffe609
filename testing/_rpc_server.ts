/**
 * {@linkcode RpcServer}: a small ONC RPC v2 server (RFC 5531) over TCP, for tests and demos.
 *
 * @module
 */
import dgram from "node:dgram";
import { type ClusterPool, defaultPool, MbufChain } from "../mbuf/mod.ts";
import { XdrError, XdrReader, XdrWriter } from "../xdr/mod.ts";
import {
  AcceptStat,
  AuthFlavor,
  AuthStat,
  MAX_AUTH_BYTES,
  MAX_AUTH_SYS_GIDS,
  MAX_MACHINE_NAME,
  MsgType,
  RejectStat,
  ReplyStat,
  RPC_VERSION,
} from "../rpc/constants.ts";
import {
  RpcAuthError,
  RpcError,
  RpcGarbageArgs,
  RpcMismatch,
  RpcProcUnavailable,
  RpcProgMismatch,
  RpcProgUnavailable,
  RpcSystemError,
} from "../rpc/errors.ts";
import {
  type ByteStream,
  frameRecord,
  RecordTransport,
  type TransportHandler,
} from "../rpc/transport.ts";

/** Bytes a server read may run past a record: calls carry no bulk data we scatter-read. */
const SERVER_LOOKAHEAD = 65536;

/**
 * The caller's credential as the server parsed it: the flavor, and for AUTH_SYS
 * (RFC 5531 appendix A) the ids and machine name.
 */
export interface RpcCred {
  /** The auth flavor number (0 AUTH_NONE, 1 AUTH_SYS). */
  flavor: number;
  /** AUTH_SYS: effective user id. */
  uid?: number;
  /** AUTH_SYS: effective group id. */
  gid?: number;
  /** AUTH_SYS: supplementary group ids. */
  gids?: number[];
  /** AUTH_SYS: the caller's machine name. */
  machineName?: string;
  /** AUTH_SYS: the caller's stamp. */
  stamp?: number;
}

/** What a handler learns about one call besides its arguments. */
export interface RpcCallContext {
  /** Transaction id. */
  xid: number;
  /** Program number. */
  prog: number;
  /** Program version. */
  vers: number;
  /** Procedure number. */
  proc: number;
  /** The parsed credential. */
  cred: RpcCred;
  /** Id of the connection the call came on (1, 2, ... in accept order). */
  conn: number;
  /** The peer's address. */
  remote: Deno.NetAddr;
  /** Aborted when the connection or the server closes: the reply would go nowhere. */
  signal: AbortSignal;
}

/** Writes the results of a successful call (after `accept_stat` SUCCESS). */
export type RpcResultWriter = (w: XdrWriter) => void;

/** A handler returns this to send no reply at all (the caller times out). */
export const NO_REPLY: unique symbol = Symbol("NO_REPLY");

/**
 * What a handler returns: a result writer (SUCCESS), an {@linkcode RpcError} subclass for
 * an RPC-level failure ({@linkcode RpcProcUnavailable} → PROC_UNAVAIL, {@linkcode RpcGarbageArgs}
 * → GARBAGE_ARGS, {@linkcode RpcSystemError} → SYSTEM_ERR, {@linkcode RpcProgUnavailable},
 * {@linkcode RpcProgMismatch}, {@linkcode RpcAuthError} → MSG_DENIED AUTH_ERROR), or
 * {@linkcode NO_REPLY}.
 */
export type RpcHandlerResult = RpcResultWriter | RpcError | typeof NO_REPLY;

/**
 * Serves one program version. `args` is positioned at the procedure's arguments and is only
 * valid until the returned promise settles (it reads the received buffers in place).
 *
 * Thrown errors are replies too: an {@linkcode XdrError} becomes GARBAGE_ARGS, an
 * {@linkcode RpcError} its status, anything else SYSTEM_ERR.
 */
export type RpcHandler = (
  proc: number,
  args: XdrReader,
  ctx: RpcCallContext,
) => RpcHandlerResult | Promise<RpcHandlerResult>;

/** One accepted connection, as {@linkcode RpcServerOptions.wrapStream} sees it. */
export interface RpcConnectionInfo {
  /** The connection id (the `conn` of {@linkcode RpcCallContext}). */
  id: number;
  /** The peer's address. */
  remote: Deno.NetAddr;
}

/** Options for {@linkcode RpcServer.listen}. */
export interface RpcServerOptions {
  /** Address to listen on (default "127.0.0.1"). */
  hostname?: string;
  /** TCP port (default 0: a free port, see {@linkcode RpcServer.port}). */
  port?: number;
  /** Largest call record accepted, all fragments together (default 8 MiB). */
  maxRecordBytes?: number;
  /** Cluster pool for received calls and encoded replies (default: the default pool). */
  pool?: ClusterPool;
  /** Wraps each accepted connection's stream (fault injection, accounting). */
  wrapStream?: (stream: ByteStream, info: RpcConnectionInfo) => ByteStream;
  /**
   * Told about each exception that became SYSTEM_ERR (thrown by a handler or by its result
   * writer); `call` names the call, e.g. "RPC 100003/3/6 xid 0x1234".
   */
  onError?: (error: unknown, call: string) => void;
}

/** Counters of an {@linkcode RpcServer}. */
export interface RpcServerStats {
  /** Connections accepted. */
  connections: number;
  /** Connections open now. */
  openConnections: number;
  /** Call records received. */
  calls: number;
  /** Replies sent (any status). */
  replies: number;
  /** Calls answered with NO_REPLY, or whose connection closed before the reply. */
  unanswered: number;
  /** Handler exceptions turned into SYSTEM_ERR. */
  systemErrors: number;
  /** Records ignored because they were not calls or their header did not decode. */
  malformed: number;
}

/** The fixed part of a call header (RFC 5531 section 9, `call_body`), as decoded. */
export interface CallHeader {
  /** Transaction id. */
  xid: number;
  /** RPC protocol version (2). */
  rpcvers: number;
  /** Program number. */
  prog: number;
  /** Program version. */
  vers: number;
  /** Procedure number. */
  proc: number;
  /** Credential flavor. */
  credFlavor: number;
  /** Credential body (a view into the record). */
  credBody: Uint8Array;
}

/**
 * Decodes a call header (RFC 5531 section 9) and leaves the reader at the procedure's
 * arguments. The verifier is read and ignored.
 *
 * @param r Reader at the start of the record (the XID).
 * @returns The header, or null when the record is a REPLY, not a CALL.
 * @throws {XdrError} If the header is truncated or an opaque_auth is too long.
 */
export function decodeCallHeader(r: XdrReader): CallHeader | null {
  const xid = r.uint("xid");
  if (r.uint("msg_type") !== MsgType.CALL) return null;
  const rpcvers = r.uint("rpcvers");
  const prog = r.uint("prog");
  const vers = r.uint("vers");
  const proc = r.uint("proc");
  const credFlavor = r.uint("cred.flavor");
  const credBody = r.opaqueView(MAX_AUTH_BYTES, "cred.body");
  r.uint("verf.flavor");
  r.opaqueView(MAX_AUTH_BYTES, "verf.body");
  return { xid, rpcvers, prog, vers, proc, credFlavor, credBody };
}

/**
 * Parses a credential: AUTH_NONE, or AUTH_SYS (`authsys_parms`, RFC 5531 appendix A).
 *
 * @param flavor The credential flavor.
 * @param body The credential body.
 * @returns The parsed credential, or null when the flavor is not supported or the body is
 * malformed.
 */
export function parseCred(flavor: number, body: Uint8Array): RpcCred | null {
  if (flavor === AuthFlavor.AUTH_NONE) return { flavor };
  if (flavor !== AuthFlavor.AUTH_SYS) return null;
  try {
    const r = new XdrReader(body);
    const stamp = r.uint("authsys_parms.stamp");
    const machineName = r.string(MAX_MACHINE_NAME, "authsys_parms.machinename");
    const uid = r.uint("authsys_parms.uid");
    const gid = r.uint("authsys_parms.gid");
    const gids = r.array(MAX_AUTH_SYS_GIDS, (r) => r.uint("gid"), 4, "authsys_parms.gids");
    r.expectEnd("authsys_parms");
    return { flavor, stamp, machineName, uid, gid, gids };
  } catch (e) {
    if (e instanceof XdrError) return null;
    throw e;
  }
}

function writeAccepted(w: XdrWriter, xid: number, stat: AcceptStat): void {
  w.uint(xid);
  w.uint(MsgType.REPLY);
  w.uint(ReplyStat.MSG_ACCEPTED);
  w.uint(AuthFlavor.AUTH_NONE); // verifier
  w.uint(0); // of 0 bytes
  w.uint(stat);
}

function writeDenied(w: XdrWriter, xid: number, stat: RejectStat): void {
  w.uint(xid);
  w.uint(MsgType.REPLY);
  w.uint(ReplyStat.MSG_DENIED);
  w.uint(stat);
}

/** Encodes the reply body of an RPC-level failure (RFC 5531 section 9). */
function writeError(w: XdrWriter, xid: number, e: RpcError): void {
  if (e instanceof RpcProgMismatch) {
    writeAccepted(w, xid, AcceptStat.PROG_MISMATCH);
    w.uint(e.low);
    w.uint(e.high);
  } else if (e instanceof RpcProgUnavailable) writeAccepted(w, xid, AcceptStat.PROG_UNAVAIL);
  else if (e instanceof RpcProcUnavailable) writeAccepted(w, xid, AcceptStat.PROC_UNAVAIL);
  else if (e instanceof RpcGarbageArgs) writeAccepted(w, xid, AcceptStat.GARBAGE_ARGS);
  else if (e instanceof RpcMismatch) {
    writeDenied(w, xid, RejectStat.RPC_MISMATCH);
    w.uint(e.low);
    w.uint(e.high);
  } else if (e instanceof RpcAuthError) {
    writeDenied(w, xid, RejectStat.AUTH_ERROR);
    w.uint(e.authStat);
  } else writeAccepted(w, xid, AcceptStat.SYSTEM_ERR);
}

interface Conn {
  id: number;
  remote: Deno.NetAddr;
  /** A connection's transport, or one datagram's way back to its sender. */
  transport: Pick<RecordTransport, "send">;
  abort: AbortController;
}

/** An accepted TCP connection. */
interface TcpConn extends Conn {
  transport: RecordTransport;
}

/**
 * A small ONC RPC v2 server over TCP (RFC 5531): record marking with the client's
 * {@linkcode RecordTransport}, AUTH_NONE and AUTH_SYS credentials, PROG_UNAVAIL /
 * PROG_MISMATCH / PROC_UNAVAIL / GARBAGE_ARGS / SYSTEM_ERR replies, concurrent calls per
 * connection (replies go out as handlers finish, possibly out of order).
 *
 * Meant for tests and demos (the embedded NFS test server runs on it), not for production.
 */
export class RpcServer {
  readonly #listener: Deno.TcpListener;
  readonly #pool: ClusterPool;
  readonly #maxRecord: number | undefined;
  readonly #wrap: RpcServerOptions["wrapStream"];
  readonly #onError: RpcServerOptions["onError"];
  readonly #programs = new Map<number, Map<number, RpcHandler>>();
  readonly #conns = new Set<TcpConn>();
  #udp: dgram.Socket | null = null;
  readonly #udpAbort = new AbortController();
  readonly #inflight = new Set<Promise<void>>();
  readonly #accepting: Promise<void>;
  #closing: Promise<void> | null = null;
  #nextConn = 0;
  readonly #stats: RpcServerStats = {
    connections: 0,
    openConnections: 0,
    calls: 0,
    replies: 0,
    unanswered: 0,
    systemErrors: 0,
    malformed: 0,
  };

  private constructor(options: RpcServerOptions) {
    this.#listener = Deno.listen({
      hostname: options.hostname ?? "127.0.0.1",
      port: options.port ?? 0,
      transport: "tcp",
    });
    this.#pool = options.pool ?? defaultPool;
    this.#maxRecord = options.maxRecordBytes;
    this.#wrap = options.wrapStream;
    this.#onError = options.onError;
    this.#accepting = this.#acceptLoop();
  }

  /**
   * Starts listening.
   *
   * @param options Address, port, limits and hooks.
   * @returns The running server; register programs on it.
   * @throws {Deno.errors.AddrInUse} If the port is taken.
   */
  static listen(options: RpcServerOptions = {}): RpcServer {
    return new RpcServer(options);
  }

  /** The address the server listens on. */
  get addr(): Deno.NetAddr {
    return this.#listener.addr;
  }

  /** The TCP port the server listens on. */
  get port(): number {
    return this.#listener.addr.port;
  }

  /**
   * Serves UDP as well, on the same address and port number: each datagram is one call,
   * answered with one datagram to its sender (no record marking; no duplicate request
   * cache, so a retransmitted call is carried out again).
   *
   * @returns Settles when the UDP socket is bound.
   * @throws {Error} If the UDP port is taken.
   */
  async serveUdp(): Promise<void> {
    if (this.#udp !== null) return;
    const host = this.#listener.addr.hostname;
    const s = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.bind(this.port, host, () => {
        s.off("error", reject);
        resolve();
      });
    });
    s.on("error", () => {}); // a lost datagram, as on any network
    s.on("message", (msg: Uint8Array, rinfo: dgram.RemoteInfo) => {
      if (this.#closing !== null) return;
      const conn: Conn = {
        id: 0,
        remote: { transport: "udp", hostname: rinfo.address, port: rinfo.port },
        abort: this.#udpAbort,
        transport: {
          send: (framed) =>
            new Promise<void>((resolve, reject) => {
              // The reply without its record mark; the datagram's bytes are gathered by the
              // runtime before the callback, so the chain may be released after it.
              const body = framed.slice(4);
              s.send([...body.segments()], rinfo.port, rinfo.address, (err) => {
                body.release();
                if (err) reject(err);
                else resolve();
              });
            }),
        },
      };
      this.#track(this.#dispatch(conn, new MbufChain(this.#pool).appendExternal(msg)));
    });
    this.#udp = s;
  }

  /** Whether {@linkcode RpcServer.close} was called. */
  get closed(): boolean {
    return this.#closing !== null;
  }

  /**
   * Serves a program version with `handler` (replacing any handler of that version).
   *
   * @param prog Program number.
   * @param vers Program version.
   * @param handler Answers the calls.
   * @returns This server.
   */
  register(prog: number, vers: number, handler: RpcHandler): this {
    let versions = this.#programs.get(prog);
    if (versions === undefined) this.#programs.set(prog, versions = new Map());
    versions.set(vers, handler);
    return this;
  }

  /**
   * Stops serving a program version (or every version of `prog` when `vers` is omitted).
   *
   * @param prog Program number.
   * @param vers Program version.
   */
  unregister(prog: number, vers?: number): void {
    if (vers === undefined) this.#programs.delete(prog);
    else {
      const versions = this.#programs.get(prog);
      versions?.delete(vers);
      if (versions?.size === 0) this.#programs.delete(prog);
    }
  }

  /**
   * A snapshot of the counters.
   *
   * @returns A fresh {@linkcode RpcServerStats} object.
   */
  stats(): RpcServerStats {
    return { ...this.#stats, openConnections: this.#conns.size };
  }

  async #acceptLoop(): Promise<void> {
    for (;;) {
      let conn: Deno.TcpConn;
      try {
        conn = await this.#listener.accept();
      } catch {
        return; // the listener was closed
      }
      if (this.#closing !== null) {
        conn.close();
        return;
      }
      this.#attach(conn);
    }
  }

  #attach(tcp: Deno.TcpConn): void {
    try {
      tcp.setNoDelay(true);
    } catch { /* not fatal */ }
    const id = ++this.#nextConn;
    const remote = tcp.remoteAddr;
    this.#stats.connections++;
    const stream = this.#wrap ? this.#wrap(tcp, { id, remote }) : tcp;
    const abort = new AbortController();
    // deno-lint-ignore prefer-const
    let conn: TcpConn;
    const handler: TransportHandler = {
      onRecord: (_xid, rec) => this.#track(this.#dispatch(conn, rec)),
      onClose: () => {
        abort.abort();
        this.#conns.delete(conn);
      },
    };
    const transport = new RecordTransport(stream, handler, {
      pool: this.#pool,
      lookahead: SERVER_LOOKAHEAD,
      ...(this.#maxRecord !== undefined ? { maxRecordBytes: this.#maxRecord } : {}),
    });
    conn = { id, remote, transport, abort };
    if (!transport.closed) this.#conns.add(conn);
  }

  #track(p: Promise<void>): void {
    const q = p.catch(() => {}).finally(() => this.#inflight.delete(q));
    this.#inflight.add(q);
  }

  async #dispatch(conn: Conn, rec: MbufChain): Promise<void> {
    this.#stats.calls++;
    try {
      const r = new XdrReader(rec);
      let head: CallHeader | null;
      try {
        head = decodeCallHeader(r);
      } catch {
        head = null;
      }
      if (head === null) {
        this.#stats.malformed++;
        return;
      }
      const out = await this.#answer(conn, head, r);
      if (out === NO_REPLY || conn.abort.signal.aborted) {
        this.#stats.unanswered++;
        return;
      }
      const reply = this.#encode(head, out);
      try {
        await conn.transport.send(frameRecord(reply));
        this.#stats.replies++;
      } catch {
        this.#stats.unanswered++; // the connection went away
      } finally {
        reply.release();
      }
    } finally {
      rec.release();
    }
  }

  async #answer(conn: Conn, head: CallHeader, r: XdrReader): Promise<RpcHandlerResult> {
    const name = `RPC ${head.prog}/${head.vers}/${head.proc}`;
    if (head.rpcvers !== RPC_VERSION) return new RpcMismatch(name, RPC_VERSION, RPC_VERSION);
    const cred = parseCred(head.credFlavor, head.credBody);
    if (cred === null) return new RpcAuthError(name, AuthStat.AUTH_BADCRED);
    const versions = this.#programs.get(head.prog);
    if (versions === undefined || versions.size === 0) return new RpcProgUnavailable(name);
    const handler = versions.get(head.vers);
    if (handler === undefined) {
      const vs = [...versions.keys()];
      return new RpcProgMismatch(name, Math.min(...vs), Math.max(...vs));
    }
    const ctx: RpcCallContext = {
      xid: head.xid,
      prog: head.prog,
      vers: head.vers,
      proc: head.proc,
      cred,
      conn: conn.id,
      remote: conn.remote,
      signal: conn.abort.signal,
    };
    try {
      return await handler(head.proc, r, ctx);
    } catch (e) {
      if (e instanceof RpcError) return e;
      if (e instanceof XdrError) return new RpcGarbageArgs(name);
      this.#stats.systemErrors++;
      this.#onError?.(e, `${name} xid 0x${head.xid.toString(16)}`);
      return new RpcSystemError(name);
    }
  }

  #encode(head: CallHeader, out: RpcResultWriter | RpcError): MbufChain {
    const xid = head.xid;
    const w = new XdrWriter(new MbufChain(this.#pool).reserveHeadroom(4));
    if (out instanceof RpcError) {
      writeError(w, xid, out);
      return w.finish();
    }
    try {
      writeAccepted(w, xid, AcceptStat.SUCCESS);
      out(w);
      return w.finish();
    } catch (e) {
      // The results could not be encoded: answer SYSTEM_ERR instead.
      w.finish().release();
      this.#stats.systemErrors++;
      this.#onError?.(e, `RPC ${head.prog}/${head.vers}/${head.proc} xid 0x${xid.toString(16)}`);
      const w2 = new XdrWriter(new MbufChain(this.#pool).reserveHeadroom(4));
      writeAccepted(w2, xid, AcceptStat.SYSTEM_ERR);
      return w2.finish();
    }
  }

  /**
   * Stops listening, closes every connection (calls in progress are told through their
   * `signal` and get no reply) and waits until every handler has settled and every resource
   * is released.
   *
   * @returns Settles when everything is closed.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    try {
      this.#listener.close();
    } catch { /* already closed */ }
    await this.#accepting;
    this.#udpAbort.abort();
    if (this.#udp !== null) {
      const s = this.#udp;
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    const conns = [...this.#conns];
    for (const c of conns) c.abort.abort();
    await Promise.all(conns.map((c) => c.transport.close()));
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  /**
   * Same as {@linkcode RpcServer.close}, for `await using`.
   *
   * @returns Settles when everything is closed.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
