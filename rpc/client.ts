import { type ClusterPool, defaultPool, type MbufChain, MbufChain as Chain } from "../mbuf/mod.ts";
import { XdrError, XdrReader, XdrWriter } from "../xdr/mod.ts";
import { type Auth, AUTH_NONE } from "./auth.ts";
import { RpcConnectionError, RpcProtocolError, RpcTimeoutError } from "./errors.ts";
import { decodeReplyHeader, encodeCallHeader } from "./message.ts";
import {
  type ByteStream,
  DEFAULT_MAX_RECORD_BYTES,
  frameRecord,
  RecordTransport,
  type TransportStats,
} from "./transport.ts";
import type { CallSpec, ReplySink, RpcCaller } from "./types.ts";
import { noTransportStats } from "./_stats.ts";
import { afterUnref, type CancelTimer } from "./_timer.ts";
import { RttEstimator } from "./_rtt.ts";
import {
  DatagramSocket,
  openDatagramSocket,
  UDP_DEFAULT_RETRANS,
  UDP_DEFAULT_TIMEOUT,
  UDP_MAX_BACKOFF,
  UDP_MAX_DATAGRAM,
  udpBackoff,
  UdpTransport,
} from "./_udp_transport.ts";

/** Options for {@linkcode RpcClient.connect}. */
export interface RpcClientOptions {
  /** Server address (default "127.0.0.1"). */
  host?: string;
  /** Server port (TCP, or UDP with `proto: "udp"`). */
  port: number;
  /**
   * Transport (default "tcp"). "udp": one call per datagram, no record marking, the reply
   * timer doubling at each retransmission up to 60 s, and defaults of `timeout` 1 100 ms and
   * `retrans` 3 (nfs(5) `proto=udp`). Calls larger than 65 507 bytes are refused. `connect`
   * is ignored (a UDP socket is opened with `node:dgram`).
   */
  proto?: "tcp" | "udp";
  /** With `proto: "udp"`: bind to a privileged port (needs root). */
  resvport?: boolean;
  /** Credential for every call (default AUTH_NONE). */
  auth?: Auth;
  /** Most calls in flight at once; more callers wait for a slot (default 64). */
  maxInFlight?: number;
  /**
   * Time to wait for a reply before retransmitting, in ms (like nfs(5) `timeo`, default
   * 60 000; 1 100 over UDP). Each retransmission waits one more `timeout` (linear backoff,
   * capped at 600 s); over UDP the wait doubles instead, up to 60 s. Over UDP a call marked
   * `idempotent` starts instead from the round trip measured for calls of its name (smoothed
   * round trip + max(100 ms, 4 deviations), once 4 were answered at first try; `stats().rtoMs`),
   * and a soft one still gets the whole time `timeout` and `retrans` give it before failing.
   * The clock starts when the request has been written to the socket: time spent queued
   * behind other requests that are being written does not count, unless the connection
   * wrote nothing at all for a whole `timeout` (a peer that stopped reading).
   */
  timeout?: number;
  /**
   * Retransmissions before a soft call fails with {@linkcode RpcTimeoutError} (default 2; 3
   * over UDP).
   */
  retrans?: number;
  /**
   * Hard calls (the default) never time out: they are retransmitted, across reconnections,
   * until answered, aborted or the client is closed. Soft calls fail after `retrans`.
   */
  hard?: boolean;
  /** Reconnect and resend pending calls when the connection drops (default true). */
  reconnect?: boolean;
  /** First delay between reconnection attempts in ms (default 100; doubles). */
  reconnectMinDelay?: number;
  /** Longest delay between reconnection attempts in ms (default 5 000). */
  reconnectMaxDelay?: number;
  /** Largest reply record accepted (default 8 MiB). */
  maxRecordBytes?: number;
  /** Cluster pool for requests and replies (default: the default pool). */
  pool?: ClusterPool;
  /**
   * Bytes a read may run past a record boundary while no call with a sink is pending
   * (default 100): see `RecordTransportOptions.lookahead`. A protocol client sets it to the
   * `head` of the sinks it will use, so that even its first one copies no payload byte.
   */
  lookahead?: number;
  /** Opens the byte stream (default: `Deno.connect` with TCP_NODELAY). */
  connect?: () => Promise<ByteStream>;
  /**
   * Turns the harmless protocol deviations that are otherwise accepted and counted
   * ({@linkcode RpcDeviations}) into errors (default false). See docs/ARCHITECTURE.md,
   * "Strictness".
   */
  strict?: boolean;
  /**
   * Where the first deviation of each kind on this client is reported (default: stderr, when
   * the environment variable `NFS_DEBUG` is set and readable, else nowhere).
   */
  debug?: (message: string) => void;
  /**
   * Told when a call times out and is sent again while the server had been answering
   * (`responding` false: Linux's "server not responding, still trying"), and when a reply
   * arrives after that (`responding` true: "server OK"). Once per change, not per call.
   */
  onResponding?: (responding: boolean, call: string) => void;
  /**
   * Told when each call ends (answered, failed or given up), with its time since it was
   * first sent: a trace of the calls as they go (the CLI's `--debug`). Not for timing.
   */
  onCallEnd?: (call: string, ms: number, error: unknown) => void;
}

/**
 * Harmless protocol deviations a server committed that were accepted (not in `strict` mode),
 * counted per kind.
 */
export interface RpcDeviations {
  /** Replies with bytes left after a complete, well-formed result (the bytes are ignored). */
  trailingBytes: number;
  /** PROG_MISMATCH replies without mismatch_info, taken as PROC_UNAVAIL (go-nfs). */
  progMismatchWithoutInfo: number;
}

function defaultDebug(): ((message: string) => void) | undefined {
  try {
    const q = Deno.permissions.querySync({ name: "env", variable: "NFS_DEBUG" });
    if (q.state === "granted" && Deno.env.get("NFS_DEBUG")) {
      // On stderr (console.debug is stdout in Deno): never mixed into a command's output.
      return (m) => console.error(`nfs debug: ${m}`);
    }
  } catch { /* no permission API: no debug output */ }
  return undefined;
}

/** Counters of an {@linkcode RpcClient}. */
export interface RpcClientStats {
  /** Calls started. */
  calls: number;
  /** Calls retransmitted after a timeout or a reconnection. */
  retransmits: number;
  /** Replies whose XID matched no pending call (dropped). */
  unknownXids: number;
  /** Successful reconnections. */
  reconnects: number;
  /** Calls pending now. */
  pending: number;
  /** The current connection's transport counters (zeros while disconnected). */
  transport: TransportStats;
  /** Protocol deviations accepted (see {@linkcode RpcClientOptions.strict}). */
  deviations: RpcDeviations;
  /**
   * UDP: the retransmission timeout each call name starts with now (ms), from its measured
   * round trips (see `timeout`); a name is listed once it has enough samples. Empty over TCP.
   */
  rtoMs: Record<string, number>;
}

interface Pending {
  xid: number;
  onRetransmit: (() => void) | undefined;
  name: string;
  decode: (r: XdrReader) => unknown;
  sink: ReplySink | undefined;
  chain: MbufChain;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  /** When the current attempt times out (performance.now() ms). */
  due: number;
  deadline: number | undefined;
  attempt: number;
  /** The attempt whose reply clock has started (its request was written); -1 before. */
  clock: number;
  started: number;
  /** When the current attempt's request was written (its round trip starts). */
  sentAt: number;
  /** UDP: the first wait from the round-trip estimate, or undefined (the client's timeout). */
  rto: number | undefined;
  /** The call is idempotent: its round trips are measured, and its timer may use them. */
  early: boolean;
  cleanup: (() => void) | undefined;
}

const MAX_BACKOFF_MS = 600_000;

/**
 * Opens a TCP connection with `Deno.connect` and turns Nagle off.
 *
 * @param host Server address.
 * @param port Server TCP port.
 * @returns The connected stream.
 * @throws {Deno.errors.ConnectionRefused} If nothing listens there (or another `Deno.connect` error).
 */
export async function denoConnect(host: string, port: number): Promise<ByteStream> {
  const conn = await Deno.connect({ hostname: host, port, transport: "tcp" });
  conn.setNoDelay(true);
  return conn;
}

/**
 * An ONC RPC v2 client over one TCP connection: pipelined calls (up to `maxInFlight`),
 * per-call timeouts and `AbortSignal`, typed errors, reconnection with retransmission of the
 * pending calls (same XID), and zero-copy receive of bulk reply data into callers' buffers.
 *
 * @example
 * ```ts
 * import { assertEquals, assertRejects } from "@std/assert";
 * import { RpcClient, RpcProgUnavailable } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ host: "127.0.0.1", port: server.port });
 * // NFSv3 NULL (procedure 0): no arguments, no results.
 * await rpc.call({ prog: 100003, vers: 3, proc: 0, encode: () => {}, decode: () => {} });
 * assertEquals(rpc.stats().calls, 1);
 * // A program the server does not serve is a typed error.
 * const call = rpc.call({ prog: 400000, vers: 1, proc: 0, encode() {}, decode() {} });
 * await assertRejects(() => call, RpcProgUnavailable);
 * ```
 */
export class RpcClient implements RpcCaller {
  readonly #host: string;
  readonly #port: number;
  readonly #auth: Auth;
  readonly #maxInFlight: number;
  readonly #timeout: number;
  readonly #retrans: number;
  readonly #hard: boolean;
  readonly #reconnect: boolean;
  readonly #minDelay: number;
  readonly #maxDelay: number;
  readonly #maxRecord: number;
  readonly #pool: ClusterPool;
  readonly #lookahead: number | undefined;
  readonly #open: () => Promise<ByteStream | DatagramSocket>;
  readonly #udp: boolean;
  readonly #onResponding: ((responding: boolean, call: string) => void) | undefined;
  readonly #onCallEnd: ((call: string, ms: number, error: unknown) => void) | undefined;
  #silent = false;
  readonly #rtt: RttEstimator | null;
  /** UDP: how long a soft call waits in all (its timeout doubled over its retransmissions). */
  readonly #softBudget: number;
  readonly #pending = new Map<number, Pending>();
  #transport: RecordTransport | UdpTransport | null = null;
  #xid: number;
  #inFlight = 0;
  #waiters: Array<{ go: () => void; fail: (e: unknown) => void }> = [];
  #closed = false;
  #reconnecting: Promise<void> | null = null;
  /** The delay before the next reconnection: doubles per attempt, reset by a reply. */
  #backoff = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #timer: CancelTimer | undefined;
  #timerAt = Infinity;
  #wakeReconnect: (() => void) | null = null;
  #calls = 0;
  #retransmits = 0;
  #unknownXids = 0;
  #reconnects = 0;
  readonly #strict: boolean;
  readonly #debug: ((message: string) => void) | undefined;
  readonly #deviations: RpcDeviations = { trailingBytes: 0, progMismatchWithoutInfo: 0 };

  private constructor(o: RpcClientOptions) {
    this.#strict = o.strict ?? false;
    this.#debug = o.debug ?? defaultDebug();
    this.#host = o.host ?? "127.0.0.1";
    this.#port = o.port;
    this.#auth = o.auth ?? AUTH_NONE;
    this.#maxInFlight = o.maxInFlight ?? 64;
    this.#timeout = o.timeout ?? (o.proto === "udp" ? UDP_DEFAULT_TIMEOUT : 60_000);
    this.#retrans = o.retrans ?? (o.proto === "udp" ? UDP_DEFAULT_RETRANS : 2);
    this.#hard = o.hard ?? true;
    this.#reconnect = o.reconnect ?? true;
    this.#minDelay = o.reconnectMinDelay ?? 100;
    this.#maxDelay = o.reconnectMaxDelay ?? 5_000;
    this.#backoff = this.#minDelay;
    this.#maxRecord = o.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.#pool = o.pool ?? defaultPool;
    this.#lookahead = o.lookahead;
    const host = this.#host;
    const port = this.#port;
    this.#udp = o.proto === "udp";
    this.#rtt = this.#udp ? new RttEstimator(Math.max(UDP_MAX_BACKOFF, this.#timeout)) : null;
    let budget = 0;
    for (let i = 0; i <= this.#retrans; i++) budget += udpBackoff(this.#timeout, i);
    this.#softBudget = budget;
    const resvport = o.resvport ?? false;
    this.#open = this.#udp
      ? () => openDatagramSocket(host, port, { resvport })
      : o.connect ?? (() => denoConnect(host, port));
    this.#onResponding = o.onResponding;
    this.#onCallEnd = o.onCallEnd;
    if (!Number.isInteger(this.#maxInFlight) || this.#maxInFlight < 1) {
      throw new RangeError(
        `Cannot create RPC client: maxInFlight ${this.#maxInFlight} is not >= 1`,
      );
    }
    this.#xid = crypto.getRandomValues(new Uint32Array(1))[0]!;
  }

  /**
   * Connects to an RPC server. The first connection is not retried: a refused or
   * unreachable server fails at once.
   *
   * @param options Address, credential, limits and retry policy.
   * @returns A connected client.
   * @throws {RpcConnectionError} If the connection cannot be opened.
   */
  static async connect(options: RpcClientOptions): Promise<RpcClient> {
    const c = new RpcClient(options);
    try {
      c.#attach(await c.#open());
    } catch (e) {
      throw new RpcConnectionError(
        `Cannot connect to ${c.#host}:${c.#port}: ${e instanceof Error ? e.message : e}`,
        undefined,
        { cause: e },
      );
    }
    return c;
  }

  /** Server address and port, as "host:port". */
  get address(): string {
    return `${this.#host}:${this.#port}`;
  }

  /** Whether a connection is up right now. */
  get connected(): boolean {
    return this.#transport !== null;
  }

  /**
   * A snapshot of the counters.
   *
   * @returns A fresh {@linkcode RpcClientStats} object.
   */
  stats(): RpcClientStats {
    return {
      calls: this.#calls,
      retransmits: this.#retransmits,
      unknownXids: this.#unknownXids,
      reconnects: this.#reconnects,
      pending: this.#pending.size,
      deviations: { ...this.#deviations },
      rtoMs: this.#rtt?.snapshot() ?? {},
      transport: this.#transport?.stats() ?? noTransportStats(),
    };
  }

  #attach(stream: ByteStream | DatagramSocket): void {
    const handler = {
      onRecord: (xid: number, rec: MbufChain) => this.#onRecord(xid, rec),
      onClose: (err: Error | null) => this.#onClose(t, err),
    };
    const t = stream instanceof DatagramSocket
      ? new UdpTransport(stream, handler, { maxRecordBytes: this.#maxRecord, pool: this.#pool })
      : this.#attachStream(stream, handler);
    this.#transport = t;
  }

  #attachStream(
    stream: ByteStream,
    handler: ConstructorParameters<typeof RecordTransport>[1],
  ): RecordTransport {
    return new RecordTransport(stream, handler, {
      maxRecordBytes: this.#maxRecord,
      pool: this.#pool,
      ...(this.#lookahead !== undefined ? { lookahead: this.#lookahead } : {}),
    });
  }

  /**
   * Makes one call and resolves with its decoded result.
   *
   * @param spec Program, version, procedure, argument encoder, result decoder, optional
   * sink, signal and timeout.
   * @returns The decoded result.
   * @throws {RpcError} A subclass for RPC-level failures (e.g. {@linkcode RpcProgMismatch},
   * {@linkcode RpcTimeoutError}, {@linkcode RpcConnectionError}, {@linkcode RpcProtocolError}
   * for a malformed reply); the signal's reason when aborted; whatever `decode` throws.
   */
  async call<T>(spec: CallSpec<T>): Promise<T> {
    const name = spec.name ?? `RPC ${spec.prog}/${spec.vers}/${spec.proc}`;
    if (this.#closed) {
      throw new RpcConnectionError(`Cannot call ${name}: the client is closed`, name);
    }
    spec.signal?.throwIfAborted();
    await this.#acquire(spec.signal, name);
    try {
      if (this.#closed) {
        throw new RpcConnectionError(`Cannot call ${name}: the client is closed`, name);
      }
      if (this.#transport === null && !this.#reconnect) {
        // Nothing would ever send it: fail now rather than wait for a timeout (or forever).
        throw new RpcConnectionError(
          `Cannot call ${name}: the connection to ${this.address} was lost and reconnect is off`,
          name,
        );
      }
      spec.signal?.throwIfAborted();
      return await this.#start(spec, name);
    } finally {
      this.#releaseSlot();
    }
  }

  #acquire(signal: AbortSignal | undefined, name: string): Promise<void> {
    if (this.#inFlight < this.#maxInFlight) {
      this.#inFlight++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const w = {
        go: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        fail: (e: unknown) => {
          signal?.removeEventListener("abort", onAbort);
          reject(e);
        },
      };
      const onAbort = () => {
        const i = this.#waiters.indexOf(w);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(w);
      void name;
    });
  }

  #releaseSlot(): void {
    const next = this.#waiters.shift();
    if (next !== undefined) next.go(); // the slot passes on
    else this.#inFlight--;
  }

  #start<T>(spec: CallSpec<T>, name: string): Promise<T> {
    const head = spec.sink?.head;
    if (head !== undefined && !(Number.isInteger(head) && head >= 8)) {
      throw new RangeError(`Cannot call ${name}: sink head ${head} is not an integer >= 8`);
    }
    const xid = this.#xid;
    this.#xid = (this.#xid + 1) >>> 0;
    const w = new XdrWriter(new Chain(this.#pool).reserveHeadroom(4));
    try {
      encodeCallHeader(w, xid, spec.prog, spec.vers, spec.proc, this.#auth);
      spec.encode(w);
    } catch (e) {
      // Arguments that cannot be encoded (a bad name, a value out of range): nothing is
      // sent, and the clusters written so far go back to the pool.
      w.finish().release();
      throw e;
    }
    const chain = w.finish();
    if (this.#udp && chain.byteLength > UDP_MAX_DATAGRAM) {
      const len = chain.byteLength;
      chain.release();
      throw new RangeError(
        `Cannot call ${name} over UDP: the call is ${len} bytes, ` +
          `more than one datagram holds (${UDP_MAX_DATAGRAM})`,
      );
    }
    if (!this.#udp) frameRecord(chain); // one datagram is one message: no record mark
    this.#calls++;
    return new Promise<T>((resolve, reject) => {
      const now = performance.now();
      // Over UDP a call that is safe to send again early starts from its name's measured
      // round trip. A soft call then keeps the time it had to be answered in (its timeout
      // doubled over its retransmissions), whatever the number of shorter waits it takes.
      const early = spec.idempotent === true;
      const rto = early ? this.#rtt?.rto(name) : undefined;
      let deadline = spec.timeout !== undefined ? now + spec.timeout : undefined;
      if (rto !== undefined && !this.#hard && deadline === undefined) {
        deadline = now + this.#softBudget;
      }
      const p: Pending = {
        xid,
        onRetransmit: spec.onRetransmit,
        name,
        decode: spec.decode,
        sink: spec.sink,
        chain,
        resolve: resolve as (v: unknown) => void,
        reject,
        due: Infinity,
        deadline,
        attempt: 0,
        clock: -1,
        started: now,
        sentAt: now,
        rto,
        early,
        cleanup: undefined,
      };
      const signal = spec.signal;
      if (signal !== undefined) {
        const onAbort = () => this.#finish(p, signal.reason, false);
        signal.addEventListener("abort", onAbort, { once: true });
        p.cleanup = () => signal.removeEventListener("abort", onAbort);
      }
      this.#pending.set(xid, p);
      this.#arm(p);
      this.#transmit(p);
    });
  }

  /**
   * Hands the request to the transport. Its reply timer restarts once it has been written:
   * time spent queued behind other records (a 1 MiB WRITE on a slow link) is not the
   * server's. While it waits, a timeout only counts time in which
   * the connection wrote nothing at all.
   */
  #transmit(p: Pending): void {
    const t = this.#transport;
    if (t === null) return; // sent again after reconnection
    const attempt = p.attempt;
    // The reply's layout is fixed before the request goes out (again on a new connection).
    if (p.sink !== undefined) t.expect(p.xid, p.sink);
    t.send(p.chain).then(() => {
      // Sent again on a new connection, the same attempt keeps its clock: a server that
      // drops every connection cannot keep a soft call alive by being reconnected to.
      if (this.#pending.get(p.xid) === p && p.attempt === attempt && p.clock !== attempt) {
        p.clock = attempt;
        p.sentAt = performance.now();
        this.#arm(p);
      }
    }, () => {
      // A failed write means the connection is going down: onClose handles the calls.
    });
  }

  #arm(p: Pending): void {
    const now = performance.now();
    const base = this.#replyWait(p);
    let wait = base;
    if (p.deadline !== undefined) wait = Math.max(0, Math.min(base, p.deadline - now));
    p.due = now + wait;
    if (p.due < this.#timerAt) this.#schedule(p.due);
  }

  /** One timer for all calls, set for the earliest due time (cheaper than one per call). */
  #schedule(at: number): void {
    this.#timer?.();
    this.#timerAt = at;
    // Not setTimeout: its first use costs 4-5 ms of start-up (rpc/_timer.ts). The socket's
    // pending read keeps the process alive while calls wait.
    this.#timer = at === Infinity
      ? undefined
      : afterUnref(() => this.#sweep(), at - performance.now());
  }

  #sweep(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = performance.now();
    const expired = [...this.#pending.values()].filter((p) => p.due <= now + 1);
    if (expired.length > 0) this.#dropStalled(now);
    for (const p of expired) this.#onTimeout(p);
    let next = Infinity;
    for (const p of this.#pending.values()) if (p.due < next) next = p.due;
    if (next < this.#timerAt) this.#schedule(next);
  }

  /**
   * A record that has not been received whole within one `timeout` of its first byte (a
   * reply dribbled, or cut off with the connection left open) holds up every reply behind
   * it: the connection is dropped, and the pending calls are sent again on a new one.
   */
  #dropStalled(now: number): void {
    const t = this.#transport;
    const r = t?.receiving;
    if (t && r && now - r.since >= this.#timeout) void t.close();
  }

  #onTimeout(p: Pending): void {
    if (this.#pending.get(p.xid) !== p) return;
    const now = performance.now();
    const elapsed = now - p.started;
    if (p.deadline !== undefined && now >= p.deadline - 1) {
      this.#finish(p, new RpcTimeoutError(p.name, elapsed), false);
      return;
    }
    const t = this.#transport;
    const queued = t !== null && t.sending(p.chain);
    if (queued && now - t.lastWriteAt < this.#timeout) {
      // Still waiting behind other records that are being written: not a timeout yet.
      this.#rearm(p, now, this.#timeout);
      return;
    }
    p.attempt++;
    if (!this.#hard && p.deadline === undefined && p.attempt > this.#retrans) {
      this.#finish(p, new RpcTimeoutError(p.name, elapsed), false);
      return;
    }
    // A request the connection has not managed to write is not written twice.
    if (!queued) {
      this.#retransmits++;
      p.onRetransmit?.();
    }
    p.clock = p.attempt;
    // "Not responding" only after the client's own timeout: a retransmission sent early from
    // the round-trip estimate is no sign of a silent server yet.
    if (!this.#silent && now - p.started >= this.#timeout) {
      this.#silent = true;
      this.#onResponding?.(false, p.name);
    }
    this.#transmit(p);
    this.#rearm(p, now, this.#replyWait(p));
  }

  /**
   * The wait before a reply to the call's current attempt: linear over TCP, doubling over UDP
   * (from the round-trip estimate when the call has one).
   */
  #replyWait(p: Pending): number {
    return this.#udp
      ? udpBackoff(p.rto ?? this.#timeout, p.attempt)
      : Math.min(this.#timeout * (p.attempt + 1), MAX_BACKOFF_MS);
  }

  #rearm(p: Pending, now: number, wait: number): void {
    p.due = now + (p.deadline !== undefined ? Math.max(0, Math.min(wait, p.deadline - now)) : wait);
  }

  /**
   * Ends a call. `replied`: its reply was just received (so a record being read now is
   * another one's).
   */
  #finish(p: Pending, value: unknown, ok: boolean, replied = false): void {
    if (this.#pending.get(p.xid) !== p) return;
    this.#pending.delete(p.xid);
    // The timer stays armed when no call is left: cancelling it and arming a new one for the
    // next call cost ~14 us a call in a sequence (a SharedArrayBuffer and a waitAsync each).
    // Firing with nothing due, it only finds the next due time; close() cancels it.
    const t = this.#transport;
    if (t !== null) {
      // A call that failed (timed out, aborted) while its reply is coming in: the rest of
      // that record would hold up every other reply, so the connection is dropped (the
      // other pending calls are sent again on a new one).
      // (A record whose XID has not come in yet may be its reply, too.)
      const r = t.receiving;
      if (!replied && r !== null && (r.xid === p.xid || r.xid === null)) void t.close();
      // A read already posted into the caller's buffer closes the connection (the other
      // pending calls are sent again): the buffer is the caller's once this returns.
      if (p.sink !== undefined) t.forget(p.xid);
      // A (re)transmission still queued or being written must not go out once the caller
      // has the buffers back, nor read the chain released below.
      t.withdraw(p.chain);
    }
    p.cleanup?.();
    p.chain.release();
    this.#onCallEnd?.(p.name, performance.now() - p.started, ok ? undefined : value);
    if (ok) p.resolve(value);
    else p.reject(value);
  }

  #onRecord(xid: number, rec: MbufChain): void {
    // The connection works: the next reconnection starts from the shortest delay again.
    this.#backoff = this.#minDelay;
    if (this.#silent) {
      this.#silent = false;
      this.#onResponding?.(true, this.#pending.get(xid)?.name ?? "a call");
    }
    const p = this.#pending.get(xid);
    if (p === undefined) {
      this.#unknownXids++;
      rec.release();
      return;
    }
    // Karn's rule: only a call answered on its first transmission measures the round trip.
    if (this.#rtt !== null && p.early && p.attempt === 0 && p.clock === 0) {
      this.#rtt.sample(p.name, performance.now() - p.sentAt);
    }
    let value: unknown;
    let ok = false;
    try {
      const r = new XdrReader(rec);
      r.uint("xid");
      const head = decodeReplyHeader(r, p.name);
      if (!head.ok) {
        if (head.deviation !== undefined) {
          if (this.#strict) {
            throw new XdrError("mismatch_info", r.position, "PROG_MISMATCH without mismatch_info");
          }
          this.#deviated(
            head.deviation,
            `${p.name}: PROG_MISMATCH without mismatch_info, taken as PROC_UNAVAIL`,
          );
        }
        value = head.error;
      } else {
        value = p.decode(r);
        if (r.remaining !== 0) {
          if (this.#strict) r.expectEnd(`${p.name} reply`);
          this.#deviated(
            "trailingBytes",
            `${p.name}: ${r.remaining} bytes after a complete result, ignored`,
          );
        }
        ok = true;
      }
    } catch (e) {
      value = e instanceof XdrError
        ? new RpcProtocolError(
          `Malformed reply to ${p.name} (xid 0x${xid.toString(16)}): ${e.message}`,
          p.name,
          { cause: e },
        )
        : e;
    } finally {
      rec.release();
    }
    this.#finish(p, value, ok, true);
  }

  /** Counts a deviation; the first of each kind on this client is reported to `debug`. */
  #deviated(kind: keyof RpcDeviations, message: string): void {
    if (this.#deviations[kind]++ === 0) this.#debug?.(`${this.address}: ${message}`);
  }

  #onClose(t: RecordTransport | UdpTransport, err: Error | null): void {
    if (this.#transport === t) this.#transport = null;
    if (this.#closed) return;
    const error = err ?? new RpcConnectionError(`Connection to ${this.address} closed`);
    if (!this.#reconnect || error instanceof RpcProtocolError) {
      // A peer that broke the protocol gets no second chance with the same calls.
      for (const p of [...this.#pending.values()]) {
        this.#finish(p, this.#callError(p, error), false);
      }
      if (!this.#reconnect) return;
    }
    this.#reconnecting ??= this.#reconnectLoop().finally(() => {
      this.#reconnecting = null;
    });
  }

  #callError(p: Pending, error: Error): Error {
    if (error instanceof RpcProtocolError) {
      return new RpcProtocolError(`${p.name}: ${error.message}`, p.name, { cause: error });
    }
    return new RpcConnectionError(`${p.name}: ${error.message}`, p.name, { cause: error });
  }

  /**
   * Reconnects after `#backoff` ms, doubling it (up to `reconnectMaxDelay`) per attempt, as
   * the Linux client does: a connection that is accepted and dropped before any reply does
   * not reset it, so a server that drops every connection is retried ever less often.
   */
  async #reconnectLoop(): Promise<void> {
    while (!this.#closed) {
      const delay = this.#backoff;
      this.#backoff = Math.min(delay * 2, this.#maxDelay);
      await new Promise<void>((resolve) => {
        this.#wakeReconnect = resolve;
        this.#reconnectTimer = setTimeout(resolve, delay);
      });
      this.#reconnectTimer = undefined;
      this.#wakeReconnect = null;
      if (this.#closed) return;
      let stream: ByteStream | DatagramSocket;
      try {
        stream = await this.#open();
      } catch {
        continue;
      }
      if (this.#closed) {
        stream.close();
        return;
      }
      this.#attach(stream);
      this.#reconnects++;
      const again = [...this.#pending.values()].sort((a, b) => a.started - b.started);
      for (const p of again) {
        this.#retransmits++;
        p.onRetransmit?.();
        this.#transmit(p);
      }
      return;
    }
  }

  /**
   * Closes the connection. Pending and waiting calls fail with
   * {@linkcode RpcConnectionError}; no timer or resource is left behind.
   *
   * @returns Settles when the connection is closed.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#reconnectTimer !== undefined) clearTimeout(this.#reconnectTimer);
    this.#wakeReconnect?.();
    this.#schedule(Infinity);
    for (const p of [...this.#pending.values()]) {
      this.#finish(
        p,
        new RpcConnectionError(`Cannot complete ${p.name}: the client was closed`, p.name),
        false,
      );
    }
    for (const w of this.#waiters.splice(0)) {
      w.fail(new RpcConnectionError("Cannot make the call: the client was closed"));
    }
    await this.#transport?.close();
    await this.#reconnecting;
  }

  /**
   * Same as {@linkcode RpcClient.close}, for `await using`.
   *
   * @returns Settles when the connection is closed.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
