/**
 * ONC RPC over UDP (RFC 5531 section 11 does not apply: one call or reply per datagram, no
 * record marking). `RpcClient` uses it in place of `RecordTransport` when `proto: "udp"`;
 * the calls, XIDs, timers and retransmissions stay in `RpcClient`, which only changes its
 * back-off (see `udpBackoff`).
 *
 * The socket is `node:dgram` (Deno's own `Deno.listenDatagram` needs `--unstable-net`). It is
 * connected to the server, so the kernel drops datagrams from any other address; the source
 * of every datagram is checked again all the same (`foreign`).
 *
 * Congestion window: a UDP server that cannot keep up drops what overflows its socket
 * buffer, and each drop costs a whole `timeout`. So, as Linux's `xprt_adjust_cwnd`, the
 * transport keeps at most `cwnd` calls in flight (it starts at 4, grows by one per window of
 * replies, up to 64, and halves when a call has to be retransmitted); calls beyond it wait
 * in the transport, which `RpcClient` sees as a send under way (its timer waits too). A
 * retransmission of a call in flight is sent at once.
 *
 * The window is also capped so that the replies in flight fit the socket's receive buffer:
 * {@linkcode UDP_RECV_BUDGET} bytes over what the kernel charges for the largest datagram
 * expected (a READ sink's size, or the largest datagram seen). Deno's `node:dgram`
 * `setRecvBufferSize` (Deno 2.9) reports the new size but leaves the kernel's default
 * (`net.core.rmem_default`, 208 KiB here; `ss -uam` shows it; and calling it slows receiving
 * down 18 times, so the transport does not), and the kernel drops what
 * overflows it. Measured on loopback, bursts that fit: 25 datagrams of 4 000 bytes, 12 of
 * 8 362 or 16 500 (an 8 KiB READ reply), 8 of 24 000, 6 of 32 900 (a 32 KiB READ reply):
 * the kernel charges about max(size, 16 KiB) + 1.4 KiB per datagram of 8 KiB and more.
 *
 * Copies (what `copyStats()` counts, and what it cannot see):
 * - Send: the chain's segments (header cluster + the caller's WRITE buffer as an external
 *   mbuf) are handed to `socket.send` as an array: 0 bytes copied here. The runtime gathers
 *   the array into one datagram before `sendto` (one copy inside Deno, not counted: there is
 *   no scatter-gather send in the API).
 * - Receive: `node:dgram` hands over a fresh buffer per datagram. The chain handed up wraps
 *   that buffer as external storage (no copy); a READ's data is then copied once into the
 *   caller's buffer by the decoder (`XdrReader.opaqueInto`), counted as a payload copy, and
 *   the call is counted in `sinkFallbacks`. One payload copy per READ is the floor with this
 *   API: the data cannot be received straight into `dest`.
 *
 * @module
 */
// Types only: the module itself is loaded by openDatagramSocket, so a process that never
// opens a UDP socket does not start Node's compatibility layer (milliseconds of start-up).
import type dgram from "node:dgram";
import { type ClusterPool, defaultPool, type MbufChain, MbufChain as Chain } from "../mbuf/mod.ts";
import { RpcConnectionError } from "./errors.ts";
import type { TransportHandler, TransportStats } from "./transport.ts";
import { noTransportStats } from "./_stats.ts";
import type { ReplySink } from "./types.ts";

/**
 * Largest UDP payload over IPv4 (65 535 - 8 UDP - 20 IP). A call larger than this cannot be
 * sent over UDP at all (the NFS layer caps transfers at {@linkcode UDP_MAX_TRANSFER}).
 */
export const UDP_MAX_DATAGRAM = 65_507;

/**
 * Largest READ/WRITE size over UDP: 32 KiB, as the Linux client caps rsize/wsize over UDP.
 * 64 KiB of data plus the RPC and NFS headers does not fit one datagram (65 507 bytes), so
 * the next power of two is out.
 */
export const UDP_MAX_TRANSFER = 32 * 1024;

/** Default reply timeout over UDP, in ms: nfs(5)'s `timeo=11` (1.1 s). */
export const UDP_DEFAULT_TIMEOUT = 1_100;
/** Default retransmissions over UDP before a soft call fails: nfs(5) says 3 for UDP. */
export const UDP_DEFAULT_RETRANS = 3;
/** Longest wait between UDP retransmissions, in ms: 60 s, as nfs(5) (unless `timeo` is longer). */
export const UDP_MAX_BACKOFF = 60_000;

/**
 * The wait before retransmission `attempt` (0 = the first send) over UDP: `timeout` doubled
 * at each retransmission, up to 60 s (nfs(5): "for UDP ... the value doubles ... up to a
 * maximum of 60 seconds"), or `timeout` itself when it is longer.
 *
 * @param timeout The client's timeout (ms).
 * @param attempt Retransmissions so far.
 * @returns The wait in ms.
 */
export function udpBackoff(timeout: number, attempt: number): number {
  return Math.min(timeout * 2 ** Math.min(attempt, 30), Math.max(UDP_MAX_BACKOFF, timeout));
}

/** Counters of a {@linkcode UdpTransport}: the stream counters plus what only UDP has. */
export interface UdpTransportStats extends TransportStats {
  /** Datagrams from another address or port (ignored). */
  foreign: number;
  /** Datagrams too short to hold an XID and a message type, or too long (ignored). */
  runts: number;
  /** Sends the socket refused (the datagram is lost; the call's timer retransmits it). */
  sendErrors: number;
  /** Bytes of the datagrams accepted (in the runtime's buffers; `clusterBytes` stays 0). */
  bytesReceived: number;
  /** The congestion window now (calls in flight allowed). */
  cwnd: number;
  /** Times a call waited for the congestion window. */
  cwndWaits: number;
}

/** The congestion window at start and its ceiling (calls). */
const CWND_INIT = 4;
const CWND_MAX = 64;
/**
 * Receive buffer bytes the replies in flight may take: 128 KiB of the 208 KiB default socket
 * receive buffer (see the module doc: the buffer cannot be grown from Deno). The kernel
 * gives memory back to a UDP socket in batches (a quarter of the buffer), so a full budget
 * still lost about one 8 KiB READ reply in a hundred.
 */
export const UDP_RECV_BUDGET = 128 * 1024;

/** What the kernel charges a socket buffer for a datagram of `size` bytes (measured). */
function charged(size: number): number {
  return Math.max(size, 16384) + 2048;
}

interface Queued {
  chain: MbufChain;
  xid: number;
  go: () => void;
}

/** Options for {@linkcode openDatagramSocket}. */
export interface DatagramSocketOptions {
  /** Bind to a privileged port (1023 down to 512); needs root. */
  resvport?: boolean;
}

/** A `node:dgram` socket connected to one server, as {@linkcode UdpTransport} runs on. */
export class DatagramSocket {
  /** The socket. */
  readonly socket: dgram.Socket;
  /** The server's address, as the socket reports it. */
  readonly peer: { address: string; port: number };

  /**
   * Wraps a connected socket.
   *
   * @param socket A bound, connected socket.
   */
  constructor(socket: dgram.Socket) {
    this.socket = socket;
    const r = socket.remoteAddress();
    this.peer = { address: r.address, port: r.port };
  }

  /** Closes the socket. Safe to call twice. */
  close(): void {
    try {
      this.socket.close();
    } catch { /* already closed */ }
  }
}

function isIPv6(host: string): boolean {
  return host.includes(":");
}

function once(
  s: dgram.Socket,
  start: (done: () => void) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    s.once("error", onError);
    start(() => {
      s.off("error", onError);
      resolve();
    });
  });
}

/**
 * Opens a UDP socket, binds it (an ephemeral port, or a privileged one with `resvport`) and
 * connects it to `host:port`. Nothing is sent: a server that is not there shows only as calls
 * that time out.
 *
 * @param host The server's address or name.
 * @param port The server's UDP port.
 * @param options Privileged port, buffer sizes.
 * @returns The connected socket.
 * @throws {Error} If the socket cannot be bound or the name does not resolve.
 */
export async function openDatagramSocket(
  host: string,
  port: number,
  options: DatagramSocketOptions = {},
): Promise<DatagramSocket> {
  const type = isIPv6(host) ? "udp6" : "udp4";
  const { default: dgram } = await import("node:dgram");
  const ports = options.resvport ? Array.from({ length: 512 }, (_, i) => 1023 - i) : [0];
  let lastError: unknown;
  for (const local of ports) {
    const s = dgram.createSocket({ type });
    try {
      await once(s, (done) => s.bind(local, done));
      await once(s, (done) => s.connect(port, host, done));
      // No setRecvBufferSize/setSendBufferSize: in Deno 2.9 they do not reach the kernel
      // socket (`ss -uam` still shows the default) and make every later receive about 18
      // times slower (measured: 14 400 to 785 round trips/s). The congestion window keeps
      // the replies in flight within the default buffer instead.
      return new DatagramSocket(s);
    } catch (e) {
      lastError = e;
      try {
        s.close();
      } catch { /* never opened */ }
      if (!options.resvport || !/EADDRINUSE|in use/i.test(String(e))) break;
    }
  }
  throw lastError;
}

/** Options for {@linkcode UdpTransport}. */
export interface UdpTransportOptions {
  /** Largest reply accepted (default and at most {@linkcode UDP_MAX_DATAGRAM}). */
  maxRecordBytes?: number;
  /** Pool for the (empty) chains handed up (default: the default pool). */
  pool?: ClusterPool;
}

/**
 * ONC RPC over one connected UDP socket, with the interface `RpcClient` uses of
 * `RecordTransport`: `send` one unframed call per datagram, `onRecord` one reply per datagram.
 * Duplicates (a reply to a retransmission after the first one was taken) reach `onRecord` with
 * an XID that no call waits for any more, and `RpcClient` drops them (`unknownXids`).
 */
export class UdpTransport {
  readonly #s: DatagramSocket;
  readonly #h: TransportHandler;
  readonly #pool: ClusterPool;
  readonly #max: number;
  readonly #sinks = new Set<number>();
  /** Chains handed to the socket whose send has not completed. */
  readonly #sending = new Set<MbufChain>();
  #closing = false;
  #lastWriteAt = performance.now();
  readonly #stats: UdpTransportStats = {
    ...noTransportStats(),
    foreign: 0,
    runts: 0,
    sendErrors: 0,
    bytesReceived: 0,
    cwnd: CWND_INIT,
    cwndWaits: 0,
  };
  /** XIDs sent and not answered nor withdrawn: what counts against the window. */
  readonly #inflight = new Set<number>();
  /** Chains sent once (a second send is a retransmission). */
  readonly #sent = new WeakSet<MbufChain>();
  readonly #queue: Queued[] = [];
  #cwnd = CWND_INIT;
  /** The largest datagram expected or seen, either way (bytes). */
  #largest = 1024;
  /** Settles when the socket is closed and `onClose` has run. */
  readonly done: Promise<void>;

  /**
   * Starts receiving on `socket` at once.
   *
   * @param socket The connected socket (owned by the transport from now on).
   * @param handler Receives replies and the close event.
   * @param options Size limit, pool.
   */
  constructor(
    socket: DatagramSocket,
    handler: TransportHandler,
    options: UdpTransportOptions = {},
  ) {
    this.#s = socket;
    this.#h = handler;
    this.#pool = options.pool ?? defaultPool;
    this.#max = Math.min(options.maxRecordBytes ?? UDP_MAX_DATAGRAM, UDP_MAX_DATAGRAM);
    const sock = socket.socket;
    sock.on("message", (msg: Uint8Array, rinfo: dgram.RemoteInfo) => this.#onMessage(msg, rinfo));
    // ICMP errors (port unreachable) on a connected socket, and the like: the datagram is
    // lost, the call's timer retransmits, as over a lossy network.
    sock.on("error", () => this.#stats.sendErrors++);
    this.done = new Promise<void>((resolve) => {
      sock.once("close", () => {
        this.#closing = true;
        this.#sending.clear();
        this.#sinks.clear();
        this.#h.onClose(null);
        resolve();
      });
    });
  }

  #onMessage(msg: Uint8Array, rinfo: dgram.RemoteInfo): void {
    if (this.#closing) return;
    this.#stats.reads++;
    const peer = this.#s.peer;
    if (rinfo.port !== peer.port || rinfo.address !== peer.address) {
      this.#stats.foreign++;
      return;
    }
    // xid + msg_type at least; longer than allowed is refused whole, never parsed.
    if (msg.length < 8 || msg.length > this.#max) {
      this.#stats.runts++;
      return;
    }
    const xid = new DataView(msg.buffer, msg.byteOffset, 4).getUint32(0);
    if (msg.length > this.#largest) this.#largest = msg.length;
    if (this.#inflight.delete(xid)) {
      this.#cwnd = Math.min(this.#cap(), this.#cwnd + 1 / this.#cwnd);
      this.#pump();
    }
    this.#stats.records++;
    this.#stats.bytesReceived += msg.length;
    if (this.#sinks.delete(xid)) this.#stats.sinkFallbacks++;
    // The datagram's own buffer, as external storage: no copy here.
    this.#h.onRecord(xid, new Chain(this.#pool).appendExternal(msg));
  }

  /** A snapshot of the counters. */
  stats(): UdpTransportStats {
    return { ...this.#stats, cwnd: this.#window() };
  }

  /** The most calls in flight the receive buffer allows, and at most `CWND_MAX`. */
  #cap(): number {
    return Math.max(1, Math.min(CWND_MAX, Math.floor(UDP_RECV_BUDGET / charged(this.#largest))));
  }

  /** The calls allowed in flight now. */
  #window(): number {
    return Math.max(1, Math.min(Math.floor(this.#cwnd), this.#cap()));
  }

  /** Sends queued calls while the window has room. */
  #pump(): void {
    while (this.#queue.length > 0 && this.#inflight.size < this.#window()) {
      const q = this.#queue.shift()!;
      this.#inflight.add(q.xid);
      q.go();
    }
  }

  /** Whether the transport was closed. */
  get closed(): boolean {
    return this.#closing;
  }

  /** When (`performance.now()` time) a send last completed, or the transport was made. */
  /**
   * Always null: a datagram arrives whole or not at all, so no reply can be caught half
   * received (the record transport's stalled-record check has nothing to do here).
   */
  get receiving(): null {
    return null;
  }

  get lastWriteAt(): number {
    return this.#lastWriteAt;
  }

  /**
   * Notes that `xid` has a sink. Over UDP the reply arrives whole in a buffer of the
   * runtime's, so the sink only counts (its data is copied once by the decoder) and tells
   * the window how large the reply will be.
   *
   * @param xid The call's XID.
   * @param sink The reply layout (its size only, over UDP).
   */
  expect(xid: number, sink: ReplySink): void {
    this.#sinks.add(xid);
    const size = sink.head + sink.dest.length + 4;
    if (size > this.#largest) this.#largest = Math.min(size, UDP_MAX_DATAGRAM);
  }

  /**
   * Drops the sink of `xid`. Nothing is ever read into a caller's buffer by the socket, so
   * there is nothing to take back.
   *
   * @param xid The call's XID.
   */
  forget(xid: number): void {
    this.#sinks.delete(xid);
  }

  /**
   * Sends one call as one datagram: the chain unframed (no record mark), its segments as an
   * array (no copy here). The chain is referenced until the socket is done with it; the
   * caller keeps its own reference for retransmission.
   *
   * @param chain The call message, without a record mark.
   * @returns Settles when the datagram was handed to the kernel, or was lost (a send error:
   * counted, and the call's timer retransmits it).
   * @throws {RpcConnectionError} If the transport is closed.
   */
  send(chain: MbufChain): Promise<void> {
    if (this.#closing) {
      return Promise.reject(new RpcConnectionError("Cannot send: the UDP socket is closed"));
    }
    if (this.#sending.has(chain)) return Promise.resolve();
    const xid = chain.getUint32(0);
    const again = this.#sent.has(chain);
    this.#sent.add(chain);
    if (again) {
      // A retransmission: the network or the server dropped something. Halve the window;
      // the call keeps its place in it and goes out at once.
      this.#cwnd = Math.max(1, this.#cwnd / 2);
      this.#inflight.add(xid);
      return this.#transmit(chain);
    }
    this.#sending.add(chain);
    if (chain.byteLength > this.#largest) this.#largest = chain.byteLength;
    if (this.#inflight.size >= this.#window()) {
      this.#stats.cwndWaits++;
      return new Promise<void>((resolve) => {
        this.#queue.push({ chain, xid, go: () => resolve(this.#transmit(chain)) });
      });
    }
    this.#inflight.add(xid);
    return this.#transmit(chain);
  }

  #transmit(chain: MbufChain): Promise<void> {
    const len = chain.byteLength;
    const held = chain.slice(0, len); // references, not bytes: kept until the send completes
    const parts = [...held.segments()];
    this.#sending.add(chain);
    return new Promise<void>((resolve) => {
      const done = (err: Error | null) => {
        held.release();
        this.#sending.delete(chain);
        this.#lastWriteAt = performance.now();
        if (err) this.#stats.sendErrors++;
        else {
          this.#stats.writes++;
          this.#stats.bytesSent += len;
        }
        resolve();
      };
      try {
        this.#s.socket.send(parts, (err) => done(err ?? null));
      } catch (e) {
        done(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /**
   * Whether `chain` was handed to the socket and its send has not completed.
   *
   * @param chain A call.
   * @returns True while its send is under way.
   */
  sending(chain: MbufChain): boolean {
    return this.#sending.has(chain);
  }

  /**
   * Takes a call back: a datagram cannot be stopped once handed over, and it holds its own
   * references to the chain's storage, so the caller may release the chain at once.
   *
   * @param chain A call passed to {@linkcode UdpTransport.send}.
   */
  withdraw(chain: MbufChain): void {
    this.#sending.delete(chain);
    const i = this.#queue.findIndex((q) => q.chain === chain);
    if (i >= 0) this.#queue.splice(i, 1)[0]!.go = () => {}; // never sent
    if (!chain.released && chain.byteLength >= 4 && this.#inflight.delete(chain.getUint32(0))) {
      this.#pump();
    }
  }

  /**
   * Closes the socket; `onClose(null)` runs.
   *
   * @returns Settles when the socket is closed.
   */
  async close(): Promise<void> {
    if (!this.#closing) {
      this.#closing = true;
      this.#s.close();
    }
    await this.done;
  }
}
