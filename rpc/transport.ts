import { type ClusterPool, copyBytes, defaultPool, Mbuf, MbufChain, Storage } from "../mbuf/mod.ts";
import { XdrReader } from "../xdr/mod.ts";
import { LAST_FRAGMENT } from "./constants.ts";
import { RpcConnectionError, RpcProtocolError } from "./errors.ts";
import { decodeReplyHeader } from "./message.ts";
import type { ReplySink } from "./types.ts";

/**
 * The byte stream a transport runs on: a `Deno.TcpConn`, or an adapter.
 *
 * @example
 * ```ts
 * import { type ByteStream, denoConnect, RpcServer } from "@nfs/client/rpc";
 * await using server = RpcServer.listen();
 * const stream: ByteStream = await denoConnect("127.0.0.1", server.port);
 * console.log(await stream.write(new Uint8Array(0))); // => 0
 * stream.close();
 * ```
 */
export interface ByteStream {
  /** Reads into `p`; resolves with the count, or null at end of stream. */
  read(p: Uint8Array): Promise<number | null>;
  /** Writes from `p`; resolves with the count written (maybe fewer than asked). */
  write(p: Uint8Array): Promise<number>;
  /** Closes the stream; pending reads then fail or end. */
  close(): void;
}

/**
 * What the transport reports to (and asks of) its owner, the RPC client.
 *
 * @example
 * ```ts
 * import { RecordTransport, type TransportHandler } from "@nfs/client/rpc";
 * let closedWith: Error | null | undefined;
 * const handler: TransportHandler = {
 *   sinkFor: () => undefined,
 *   sinkHint: 0,
 *   onRecord: (_xid, record) => record.release(),
 *   onClose: (error) => (closedWith = error),
 * };
 * const stream = { read: () => Promise.resolve(null), write: (p: Uint8Array) => Promise.resolve(p.length), close() {} };
 * await new RecordTransport(stream, handler).done;
 * console.log(closedWith instanceof Error); // => true (the peer ended the stream)
 * ```
 */
export interface TransportHandler {
  /** The reply sink registered for a pending call, if any. */
  sinkFor(xid: number): ReplySink | undefined;
  /**
   * While calls with sinks are pending: the smallest sink hint (bytes from XID to bulk data).
   * Reads are then bounded so no bulk byte lands in a cluster. 0 when none is pending.
   */
  readonly sinkHint: number;
  /** A complete reply record; the handler owns (and must release) the chain. */
  onRecord(xid: number, record: MbufChain): void;
  /** The stream ended: null when closed by us, else the reason. */
  onClose(error: Error | null): void;
}

/**
 * Options for {@linkcode RecordTransport}.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_RECORD_BYTES, type RecordTransportOptions } from "@nfs/client/rpc";
 * const options: RecordTransportOptions = { maxRecordBytes: DEFAULT_MAX_RECORD_BYTES, lookahead: 128 };
 * console.log(options.maxRecordBytes); // => 8388608
 * ```
 */
export interface RecordTransportOptions {
  /** Largest reply record accepted, all fragments together (default 8 MiB). */
  maxRecordBytes?: number;
  /** Where receive clusters come from (default: the default pool). */
  pool?: ClusterPool;
  /**
   * Bytes a read may run past a record boundary when no sink is pending (default
   * {@linkcode DEFAULT_LOOKAHEAD}): set it to the sink hint of the READs to come.
   */
  lookahead?: number;
}

/**
 * Counters of a {@linkcode RecordTransport}.
 *
 * @example
 * ```ts
 * import { RecordTransport, type TransportStats } from "@nfs/client/rpc";
 * const stream = { read: () => Promise.resolve(null), write: (p: Uint8Array) => Promise.resolve(p.length), close() {} };
 * const handler = { sinkFor: () => undefined, sinkHint: 0, onRecord() {}, onClose() {} };
 * const t = new RecordTransport(stream, handler);
 * await t.done;
 * const stats: TransportStats = t.stats();
 * console.log(stats.records, stats.reads); // => 0 1
 * ```
 */
export interface TransportStats {
  /** Reply records received. */
  records: number;
  /** Records whose bulk data was read from the socket straight into a caller's buffer. */
  sinkRecords: number;
  /** Records that had a sink but went through clusters (multi-fragment, odd header). */
  sinkFallbacks: number;
  /** Bulk bytes read straight into callers' buffers. */
  directBytes: number;
  /** Bytes read into clusters. */
  clusterBytes: number;
  /** Socket reads. */
  reads: number;
  /** Socket writes. */
  writes: number;
  /** Bytes written. */
  bytesSent: number;
}

/** A record waiting to be written (or being written). */
interface Outgoing {
  chain: MbufChain;
  resolve: () => void;
  reject: (e: unknown) => void;
  /** Its call ended before it was written: skip it. */
  withdrawn: boolean;
}

/**
 * Where a reply's bulk data starts (`at`, from the XID) and how long it is (`n`), from the
 * record's head; n = -1 when the reply carries none or is malformed or unusual (the cluster
 * path then decodes it and reports the error).
 */
function locateBulk(head: MbufChain, sink: ReplySink): { n: number; at: number } {
  try {
    const r = new XdrReader(head);
    r.uint("xid");
    if (!decodeReplyHeader(r, "reply").ok) return { n: -1, at: 0 };
    const n = sink.locate(r);
    return { n, at: r.position };
  } catch {
    return { n: -1, at: 0 };
  }
}

/** Internal: a fragmented record ended before the bytes asked for. */
class RecordEnded extends Error {}

/**
 * Default largest record: 8 MiB, above any READ/WRITE size servers use (1 MiB typical).
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_RECORD_BYTES } from "@nfs/client/rpc";
 * console.log(DEFAULT_MAX_RECORD_BYTES); // => 8388608
 * ```
 */
export const DEFAULT_MAX_RECORD_BYTES = 8 << 20;
/**
 * Default lookahead: the NFSv3 READ reply head (RPC header 24 + READ3resok head 104).
 *
 * @example
 * ```ts
 * import { DEFAULT_LOOKAHEAD } from "@nfs/client/rpc";
 * console.log(DEFAULT_LOOKAHEAD); // => 128
 * ```
 */
export const DEFAULT_LOOKAHEAD = 128;
/** Consecutive request segments smaller than this are merged into one socket write. */
const COALESCE_BELOW = 4096;

/**
 * ONC RPC record marking over a byte stream (RFC 5531 section 11), with zero-copy receive of
 * bulk reply data into callers' buffers.
 *
 * Receive: bytes are read into pooled clusters and records are carved out as chains of views
 * (no copy). For a reply whose call registered a {@linkcode ReplySink}, reads are bounded so
 * that only the header lands in clusters; the bulk data is then read from the socket straight
 * into the sink's buffer, and the record handed up is header views + the sink buffer itself +
 * the trailing views.
 *
 * Send: the request chain is written segment by segment; runs of small segments are merged
 * (a counted header copy), large external segments (WRITE payloads) are written as they are.
 *
 * @example
 * ```ts
 * import { MbufChain } from "@nfs/client/mbuf";
 * import { XdrWriter } from "@nfs/client/xdr";
 * import { AUTH_NONE, denoConnect, encodeCallHeader, frameRecord, RecordTransport, RpcServer } from "@nfs/client/rpc";
 * await using server = RpcServer.listen().register(400000, 1, () => () => {});
 * const got = Promise.withResolvers<number>();
 * const t = new RecordTransport(await denoConnect("127.0.0.1", server.port), {
 *   sinkFor: () => undefined,
 *   sinkHint: 0,
 *   onRecord: (xid, record) => (record.release(), got.resolve(xid)),
 *   onClose: () => {},
 * });
 * const w = new XdrWriter(new MbufChain().reserveHeadroom(4));
 * encodeCallHeader(w, 7, 400000, 1, 0, AUTH_NONE);
 * using call = frameRecord(w.finish());
 * await t.send(call);
 * console.log(await got.promise); // => 7 (the reply's XID)
 * await t.close();
 * ```
 */
export class RecordTransport {
  readonly #s: ByteStream;
  readonly #h: TransportHandler;
  readonly #pool: ClusterPool;
  readonly #maxRecord: number;
  readonly #lookahead: number;
  readonly #rx: MbufChain;
  #cur: Storage | null = null;
  #fill = 0;
  #closing = false;
  #queue: Outgoing[] = [];
  /** The batch being written, and the record of it being written right now. */
  #batch: Outgoing[] = [];
  #current: Outgoing | null = null;
  /** Chains queued or in the batch being written, not yet withdrawn, with their send. */
  readonly #outgoing = new Map<MbufChain, Promise<void>>();
  /** When a socket write last moved bytes (or the transport was made). */
  #lastWrite = performance.now();
  #writing = false;
  #stage: Uint8Array | null = null;
  #direct: number | null = null;
  readonly #stats: TransportStats = {
    records: 0,
    sinkRecords: 0,
    sinkFallbacks: 0,
    directBytes: 0,
    clusterBytes: 0,
    reads: 0,
    writes: 0,
    bytesSent: 0,
  };
  /**
   * Settles when the receive loop has ended and every resource is released.
   *
   * @example
   * ```ts
   * import { RecordTransport } from "@nfs/client/rpc";
   * const stream = { read: () => Promise.resolve(null), write: () => Promise.resolve(0), close() {} };
   * const handler = { sinkFor: () => undefined, sinkHint: 0, onRecord() {}, onClose() {} };
   * const t = new RecordTransport(stream, handler);
   * await t.done; // the stream ended at once
   * console.log(t.closed); // => true
   * ```
   */
  readonly done: Promise<void>;

  /**
   * Starts receiving on `stream` at once.
   *
   * @param stream The connected stream.
   * @param handler Receives records and the close event.
   * @param options Record size limit and pool.
   * @example
   * ```ts
   * import { RecordTransport } from "@nfs/client/rpc";
   * const stream = { read: () => Promise.resolve(null), write: (p: Uint8Array) => Promise.resolve(p.length), close() {} };
   * const handler = { sinkFor: () => undefined, sinkHint: 0, onRecord() {}, onClose() {} };
   * const t = new RecordTransport(stream, handler, { maxRecordBytes: 1 << 20 });
   * await t.done;
   * console.log(t.closed); // => true
   * ```
   */
  constructor(stream: ByteStream, handler: TransportHandler, options: RecordTransportOptions = {}) {
    this.#s = stream;
    this.#h = handler;
    this.#pool = options.pool ?? defaultPool;
    this.#maxRecord = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.#lookahead = options.lookahead ?? DEFAULT_LOOKAHEAD;
    this.#rx = new MbufChain(this.#pool);
    this.done = this.#loop();
  }

  /**
   * A snapshot of the counters.
   *
   * @returns A fresh {@linkcode TransportStats} object.
   * @example
   * ```ts
   * import { RecordTransport } from "@nfs/client/rpc";
   * const stream = { read: () => Promise.resolve(null), write: (p: Uint8Array) => Promise.resolve(p.length), close() {} };
   * const handler = { sinkFor: () => undefined, sinkHint: 0, onRecord() {}, onClose() {} };
   * const t = new RecordTransport(stream, handler);
   * await t.done;
   * console.log(t.stats().bytesSent); // => 0
   * ```
   */
  stats(): TransportStats {
    return { ...this.#stats };
  }

  /**
   * Whether the transport was closed or its stream ended.
   *
   * @example
   * ```ts
   * import { RecordTransport } from "@nfs/client/rpc";
   * const stream = { read: () => Promise.resolve(null), write: (p: Uint8Array) => Promise.resolve(p.length), close() {} };
   * const handler = { sinkFor: () => undefined, sinkHint: 0, onRecord() {}, onClose() {} };
   * const t = new RecordTransport(stream, handler);
   * await t.done;
   * console.log(t.closed); // => true
   * ```
   */
  get closed(): boolean {
    return this.#closing;
  }

  /**
   * The XID of the reply whose bulk data is being read from the socket straight into its
   * call's buffer right now, or null. A posted read cannot be taken back: whoever gives up
   * on that call must {@linkcode RecordTransport.close} the transport before handing the
   * buffer back, or bytes may still land in it.
   *
   * @example
   * ```ts
   * import { RecordTransport } from "@nfs/client/rpc";
   * const stream = { read: () => Promise.resolve(null), write: (p: Uint8Array) => Promise.resolve(p.length), close() {} };
   * const handler = { sinkFor: () => undefined, sinkHint: 0, onRecord() {}, onClose() {} };
   * const t = new RecordTransport(stream, handler);
   * console.log(t.receivingInto); // => null
   * await t.close();
   * ```
   */
  get receivingInto(): number | null {
    return this.#direct;
  }

  /**
   * Whether `chain` was given to {@linkcode RecordTransport.send} and is not written yet
   * (queued behind other records, or being written), and not withdrawn.
   *
   * @param chain A record.
   * @returns True while the record waits to be written or is being written.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * import { RecordTransport } from "@nfs/client/rpc";
   * const stream = { read: () => Promise.resolve(null), write: (p: Uint8Array) => Promise.resolve(p.length), close() {} };
   * const t = new RecordTransport(stream, { sinkFor: () => undefined, sinkHint: 0, onRecord() {}, onClose() {} });
   * using record = new MbufChain().appendCopy(new Uint8Array([0x80, 0, 0, 4, 0, 0, 0, 1]));
   * const sent = t.send(record);
   * console.log(t.sending(record)); // => true
   * await sent;
   * console.log(t.sending(record)); // => false
   * await t.close();
   * ```
   */
  sending(chain: MbufChain): boolean {
    return this.#outgoing.has(chain);
  }

  /**
   * When (`performance.now()` time) a socket write last moved bytes, or the transport was
   * made. A caller whose record waits behind others can tell a slow write that is making
   * progress from a peer that stopped reading.
   *
   * @example
   * ```ts
   * import { RecordTransport } from "@nfs/client/rpc";
   * const stream = { read: () => Promise.resolve(null), write: (p: Uint8Array) => Promise.resolve(p.length), close() {} };
   * const t = new RecordTransport(stream, { sinkFor: () => undefined, sinkHint: 0, onRecord() {}, onClose() {} });
   * console.log(t.lastWriteAt <= performance.now()); // => true
   * await t.close();
   * ```
   */
  get lastWriteAt(): number {
    return this.#lastWrite;
  }

  async #loop(): Promise<void> {
    let error: Error | null = null;
    try {
      for (;;) await this.#record();
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
    }
    const byUs = this.#closing;
    this.#closing = true;
    try {
      this.#s.close();
    } catch { /* already closed */ }
    this.#rx.release();
    this.#cur?.release();
    this.#cur = null;
    if (this.#stage !== null) this.#pool.free(this.#stage);
    this.#stage = null;
    if (byUs) {
      this.#h.onClose(null);
    } else if (error instanceof RpcConnectionError || error instanceof RpcProtocolError) {
      this.#h.onClose(error);
    } else {
      this.#h.onClose(
        new RpcConnectionError(`Connection failed: ${error?.message}`, undefined, { cause: error }),
      );
    }
  }

  /** Ensures `min` bytes are buffered, reading at most up to `max` buffered bytes. */
  async #need(min: number, max: number): Promise<void> {
    while (this.#rx.byteLength < min) {
      await this.#readSome(max - this.#rx.byteLength);
    }
  }

  async #readSome(limit: number): Promise<void> {
    let cur = this.#cur;
    if (cur === null || this.#fill === cur.bytes.length) {
      cur?.release();
      cur = this.#cur = new Storage(this.#pool.alloc(), "cluster", this.#pool, null);
      this.#fill = 0;
    }
    const start = this.#fill;
    const end = Math.min(cur.bytes.length, start + limit);
    this.#stats.reads++;
    const n = await this.#s.read(cur.bytes.subarray(start, end));
    if (n === null) throw new RpcConnectionError("Connection closed by the server");
    if (this.#cur !== cur) throw new RpcConnectionError("Connection closed");
    this.#fill = start + n;
    cur.used = this.#fill;
    this.#stats.clusterBytes += n;
    if (n > 0) {
      cur.retain();
      this.#rx.appendMbuf(new Mbuf(cur, start, n));
    }
  }

  /** Reads exactly `dest.length` bytes from the socket into `dest`, unless the call went away. */
  async #readDirect(dest: Uint8Array, xid: number, sink: ReplySink): Promise<void> {
    let off = 0;
    this.#direct = xid;
    try {
      while (off < dest.length) {
        if (this.#h.sinkFor(xid) !== sink) {
          // The call was cancelled meanwhile: its buffer is no longer ours to write.
          this.#direct = null;
          const left = dest.length - off;
          await this.#need(left, left);
          this.#rx.advance(left);
          return;
        }
        this.#stats.reads++;
        const n = await this.#s.read(dest.subarray(off));
        if (n === null) throw new RpcConnectionError("Connection closed by the server");
        off += n;
      }
    } finally {
      this.#direct = null;
    }
    this.#stats.directBytes += dest.length;
  }

  /**
   * How far past `extra` buffered bytes a read may go: one record mark plus the lookahead
   * (the smallest pending sink hint, else the default). Reads never run further ahead, so a
   * read posted before a READ call was even made cannot swallow that READ's payload.
   */
  #limit(extra: number): number {
    return extra + 4 + (this.#h.sinkHint || this.#lookahead);
  }

  async #record(): Promise<void> {
    const rx = this.#rx;
    await this.#need(4, this.#limit(0));
    const mark = rx.getUint32(0);
    rx.advance(4);
    const len = (mark & ~LAST_FRAGMENT) >>> 0;
    this.#checkSize(len);
    if (mark < LAST_FRAGMENT) return this.#multiFragment(len);
    if (len < 4) throw new RpcProtocolError(`Received a ${len}-byte record, too short for an XID`);
    await this.#need(4, Math.max(4, Math.min(len, this.#limit(0) - 4)));
    const xid = rx.getUint32(0);
    const sink = this.#h.sinkFor(xid);
    if (sink !== undefined && len > sink.hint && (await this.#sinkRecord(xid, len, sink))) return;
    await this.#need(len, this.#limit(len));
    const rec = rx.slice(0, len);
    rx.advance(len);
    this.#deliver(xid, rec);
  }

  #checkSize(len: number): void {
    if (len > this.#maxRecord) {
      throw new RpcProtocolError(
        `Received a record of ${len} bytes, more than the maximum of ${this.#maxRecord}`,
      );
    }
  }

  #deliver(xid: number, rec: MbufChain): void {
    this.#stats.records++;
    this.#h.onRecord(xid, rec);
  }

  /** The zero-copy path; false when the header was not as expected (use clusters). */
  async #sinkRecord(xid: number, len: number, sink: ReplySink): Promise<boolean> {
    const rx = this.#rx;
    await this.#need(sink.hint, sink.hint);
    const avail = Math.min(rx.byteLength, len);
    const head = rx.slice(0, avail);
    const { n, at } = locateBulk(head, sink);
    head.release();
    if (n < 0 || n > sink.dest.length || at + n > len) {
      this.#stats.sinkFallbacks++;
      return false;
    }
    const have = Math.min(avail - at, n);
    if (have > 0) rx.copyTo(sink.dest, at, have, "payload");
    const rec = rx.slice(0, at);
    rx.advance(at + have);
    const rest = len - at - n;
    try {
      await this.#readDirect(sink.dest.subarray(have, n), xid, sink);
      await this.#need(rest, this.#limit(rest));
    } catch (e) {
      rec.release(); // the connection failed mid-record: return the header's clusters
      throw e;
    }
    rec.appendExternal(sink.dest.subarray(0, n));
    const tail = rx.slice(0, rest);
    rx.advance(rest);
    rec.appendChain(tail);
    tail.release();
    this.#stats.sinkRecords++;
    this.#deliver(xid, rec);
    return true;
  }

  /**
   * A record in several fragments (libtirpc-based servers such as unfsd cut their replies
   * into 64 KiB fragments). The fragment marks are read and dropped as the record's bytes
   * are taken, so a READ reply still lands in its caller's buffer straight from the socket:
   * only its header, the marks and its tail go through clusters.
   */
  async #multiFragment(first: number): Promise<void> {
    const f = this.#frag = { left: first, last: false, total: first, count: 1, sawEmpty: false };
    const head = new MbufChain(this.#pool);
    try {
      // The XID, then (for a call with a sink) the usual header size, read with no more
      // lookahead than the smallest pending sink's header: no payload byte may be read
      // into a cluster.
      await this.#take(4, head, Math.max(0, (this.#h.sinkHint || this.#lookahead) - 4));
      const xid = head.getUint32(0);
      const sink = this.#h.sinkFor(xid);
      if (sink !== undefined && (await this.#sinkFragments(xid, head, sink))) return;
      if (sink !== undefined) this.#stats.sinkFallbacks++;
      await this.#take(Infinity, head, null);
      this.#deliver(xid, head.slice(0));
    } catch (e) {
      if (e instanceof RecordEnded) {
        throw new RpcProtocolError(
          `Received a ${f.total}-byte record in ${f.count} fragments, too short for an XID`,
        );
      }
      throw e;
    } finally {
      head.release();
      this.#frag = null;
    }
  }

  /** State of the fragmented record being read. */
  #frag: { left: number; last: boolean; total: number; count: number; sawEmpty: boolean } | null =
    null;

  /**
   * Moves up to `n` bytes of the fragmented record into `out` (Infinity: to its end), reading
   * the fragment marks on the way. With `ahead` a number, no read goes further than `ahead`
   * bytes past a mark ("rest": the bytes still to take), so a header read never reaches the
   * bulk data behind it; null reads with the usual lookahead.
   *
   * @throws {RecordEnded} If the record ends before `n` bytes (unless `n` is Infinity).
   */
  async #take(n: number, out: MbufChain, ahead: number | "rest" | null): Promise<void> {
    const f = this.#frag!;
    const rx = this.#rx;
    while (n > 0) {
      if (f.left === 0) {
        if (f.last) {
          if (n === Infinity) return;
          throw new RecordEnded();
        }
        await this.#nextFragment(ahead === "rest" ? n : ahead);
        continue;
      }
      const k = Math.min(n, f.left);
      await this.#need(k, ahead === null ? this.#limit(k) : k);
      const part = rx.slice(0, k);
      rx.advance(k);
      out.appendChain(part);
      part.release();
      f.left -= k;
      n -= k;
    }
  }

  /**
   * Reads the next fragment mark, and at most `ahead` bytes past it (null: the usual
   * lookahead). Reading ahead matters for a peer that sends empty fragments: one mark per
   * socket read would take minutes to reach the limit below.
   */
  async #nextFragment(ahead: number | null): Promise<void> {
    const f = this.#frag!;
    const rx = this.#rx;
    await this.#need(4, ahead === null ? this.#limit(0) : 4 + ahead);
    const mark = rx.getUint32(0);
    rx.advance(4);
    const len = (mark & ~LAST_FRAGMENT) >>> 0;
    // Fragment headers count against the limit too: a peer sending empty fragments
    // forever gets an error instead of keeping the call waiting.
    if (++f.count * 4 > this.#maxRecord) {
      throw new RpcProtocolError(
        `Received a record of ${f.count} fragments, whose headers alone exceed ${this.#maxRecord} bytes`,
      );
    }
    f.total += len;
    this.#checkSize(f.total);
    f.left = len;
    f.last = mark >= LAST_FRAGMENT;
    if (len === 0 && !f.last) f.sawEmpty = true;
  }

  /**
   * The zero-copy path for a fragmented record whose XID (in `head`) has a sink: false when
   * the header was not as expected (the caller reads the rest into clusters).
   */
  async #sinkFragments(xid: number, head: MbufChain, sink: ReplySink): Promise<boolean> {
    try {
      await this.#take(Math.max(0, sink.hint - head.byteLength), head, "rest");
    } catch (e) {
      if (e instanceof RecordEnded) return false; // a short reply: no bulk data in it
      throw e;
    }
    const { n, at } = locateBulk(head, sink);
    if (n < 0 || n > sink.dest.length) return false;
    const f = this.#frag!;
    const rx = this.#rx;
    const dest = sink.dest.subarray(0, n);
    // Payload bytes the header read took already (a peer whose header is shorter than the
    // hint): copied, and counted.
    let off = Math.min(head.byteLength - at, n);
    if (off > 0) head.copyTo(dest, at, off, "payload");
    const rec = head.slice(0, at);
    const tail = new MbufChain(this.#pool);
    if (head.byteLength > at + off) {
      const extra = head.slice(at + off);
      tail.appendChain(extra);
      extra.release();
    }
    try {
      while (off < n) {
        if (f.left === 0) {
          if (f.last) {
            throw new RpcProtocolError(
              `Received a record that ends inside its ${n}-byte bulk data (xid 0x${
                xid.toString(16)
              })`,
            );
          }
          // Exactly the mark: the bytes behind it are bulk data, for the caller's buffer. After
          // an empty fragment (a peer that sends them is odd) read ahead, copying a little.
          await this.#nextFragment(f.sawEmpty ? 256 : 0);
          continue;
        }
        const k = Math.min(n - off, f.left);
        const buffered = Math.min(rx.byteLength, k);
        if (buffered > 0) {
          rx.copyTo(dest.subarray(off), 0, buffered, "payload");
          rx.advance(buffered);
          off += buffered;
          f.left -= buffered;
          continue;
        }
        if (this.#h.sinkFor(xid) !== sink) {
          // Cancelled meanwhile: its buffer is no longer ours to write; drop the bytes.
          using gone = new MbufChain(this.#pool);
          await this.#take(k, gone, 0);
        } else {
          await this.#readDirect(dest.subarray(off, off + k), xid, sink);
          f.left -= k;
        }
        off += k;
      }
      await this.#take(Infinity, tail, null);
    } catch (e) {
      rec.release(); // the connection failed mid-record: return the header's clusters
      tail.release();
      throw e;
    }
    rec.appendExternal(dest);
    rec.appendChain(tail);
    tail.release();
    this.#stats.sinkRecords++;
    this.#deliver(xid, rec);
    return true;
  }

  /**
   * Sends one record, framed with {@linkcode frameRecord}, writing the segments in order.
   * Sends are serialized; the chain is not released (the caller keeps it for
   * retransmission).
   *
   * Sending a record that is still queued or being written does not queue it twice: the
   * promise of the first send is returned.
   *
   * @param chain The framed record.
   * @returns Settles when the record was written.
   * @throws {RpcConnectionError} If the transport is closed or the write fails.
   *
   * See the {@linkcode RecordTransport} example.
   */
  send(chain: MbufChain): Promise<void> {
    if (this.#closing) {
      return Promise.reject(new RpcConnectionError("Cannot send: the connection is closed"));
    }
    // Already on its way (a retransmission of a record not yet written): once is enough.
    const already = this.#outgoing.get(chain);
    if (already !== undefined) return already;
    const sent = new Promise<void>((resolve, reject) => {
      this.#queue.push({ chain, resolve, reject, withdrawn: false });
      if (!this.#writing) {
        // Start writing after the current microtasks: calls made in the same turn (e.g. by
        // callers woken by one batch of replies) then share one socket write.
        this.#writing = true;
        queueMicrotask(() => void this.#drain());
      }
    });
    this.#outgoing.set(chain, sent);
    return sent;
  }

  /**
   * Writes queued records. Everything queued while a write is under way goes out together
   * in the next round (corking), so many calls in flight cost few socket writes.
   */
  async #drain(): Promise<void> {
    this.#writing = true;
    while (this.#queue.length > 0) {
      const batch = this.#batch = this.#queue.splice(0);
      try {
        if (this.#closing) throw new RpcConnectionError("Cannot send: the connection is closed");
        await this.#writeBatch(batch);
        for (const b of batch) b.resolve();
      } catch (e) {
        for (const b of batch) b.reject(e);
      } finally {
        this.#current = null;
        this.#batch = [];
        // A withdrawn record is no longer ours to track (it may even be queued again).
        for (const b of batch) if (!b.withdrawn) this.#outgoing.delete(b.chain);
      }
    }
    this.#writing = false;
  }

  /**
   * Takes a record back: its call ended (answered, cancelled, timed out) and the caller may
   * reuse or release its buffers. A queued record is not sent; if it is being written right
   * now, the connection is closed (the peer drops the partial record) since a write under
   * way cannot be stopped otherwise. Once this returns, the transport no longer reads the
   * chain.
   *
   * @param chain A record passed to {@linkcode RecordTransport.send}.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * import { RecordTransport } from "@nfs/client/rpc";
   * const stream = { read: () => Promise.resolve(null), write: (p: Uint8Array) => Promise.resolve(p.length), close() {} };
   * const handler = { sinkFor: () => undefined, sinkHint: 0, onRecord() {}, onClose() {} };
   * const t = new RecordTransport(stream, handler);
   * using record = new MbufChain().appendCopy(new Uint8Array([0x80, 0, 0, 0]));
   * t.withdraw(record); // not queued: nothing to do
   * await t.close();
   * ```
   */
  withdraw(chain: MbufChain): void {
    if (!this.#outgoing.delete(chain)) return;
    if (this.#current?.chain === chain) {
      void this.close();
      return;
    }
    for (const b of this.#queue) if (b.chain === chain) b.withdrawn = true;
    for (const b of this.#batch) if (b.chain === chain) b.withdrawn = true;
  }

  async #writeBatch(batch: readonly Outgoing[]): Promise<void> {
    // The first segment of the records after `k` (to decide whether to coalesce).
    const firstAfter = (k: number): Uint8Array | undefined => {
      for (let j = k + 1; j < batch.length; j++) {
        if (batch[j]!.withdrawn) continue;
        for (const m of batch[j]!.chain.mbufs()) if (m.length > 0) return m.bytes;
      }
      return undefined;
    };
    let fill = 0;
    for (let k = 0; k < batch.length; k++) {
      const b = batch[k]!;
      if (b.withdrawn) continue;
      this.#current = b;
      fill = await this.#writeRecord(b.chain, fill, () => firstAfter(k));
      this.#current = null;
    }
    if (fill > 0) await this.#writeAll(this.#stage!.subarray(0, fill));
  }

  /**
   * Writes one record's segments: small ones are copied into the stage (flushed when full
   * or before a large one), large ones written as they are. Returns the stage's fill.
   */
  async #writeRecord(
    chain: MbufChain,
    fill: number,
    next: () => Uint8Array | undefined,
  ): Promise<number> {
    const segs: Uint8Array[] = [];
    for (const m of chain.mbufs()) if (m.length > 0) segs.push(m.bytes);
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i]!;
      if (seg.length < COALESCE_BELOW) {
        const after = i + 1 < segs.length ? segs[i + 1] : next();
        const nextSmall = after !== undefined && after.length < COALESCE_BELOW;
        if (fill === 0 && !nextSmall) {
          await this.#writeAll(seg); // alone between large segments: no point copying it
          continue;
        }
        const stage = this.#stage ??= this.#pool.alloc();
        if (fill + seg.length > stage.length) {
          await this.#writeAll(stage.subarray(0, fill));
          fill = 0;
        }
        copyBytes(stage, fill, seg, "header");
        fill += seg.length;
        continue;
      }
      if (fill > 0) {
        await this.#writeAll(this.#stage!.subarray(0, fill));
        fill = 0;
      }
      await this.#writeAll(seg);
    }
    return fill;
  }

  async #writeAll(p: Uint8Array): Promise<void> {
    let off = 0;
    while (off < p.length) {
      this.#stats.writes++;
      const n = await this.#s.write(off === 0 ? p : p.subarray(off));
      if (n > 0) this.#lastWrite = performance.now();
      off += n;
    }
    this.#stats.bytesSent += p.length;
  }

  /**
   * Closes the stream; the receive loop ends and the handler's `onClose(null)` runs.
   *
   * @returns Settles when the receive loop has ended.
   * @example
   * ```ts
   * import { RecordTransport } from "@nfs/client/rpc";
   * let wake = (_: null) => {};
   * const stream = { read: () => new Promise<null>((r) => (wake = r)), write: () => Promise.resolve(0), close: () => wake(null) };
   * let reason: Error | null | undefined;
   * const t = new RecordTransport(stream, { sinkFor: () => undefined, sinkHint: 0, onRecord() {}, onClose: (e) => (reason = e) });
   * await t.close();
   * console.log(reason); // => null
   * ```
   */
  async close(): Promise<void> {
    if (!this.#closing) {
      this.#closing = true;
      try {
        this.#s.close();
      } catch { /* already closed */ }
    }
    await this.done;
  }
}

/**
 * Frames a message as one last-fragment record: prepends the 4-byte record mark (into the
 * chain's reserved headroom when there is some).
 *
 * @param chain The encoded message.
 * @returns The same chain, now starting with the record mark.
 * @throws {RangeError} If the message is longer than 2^31-1 bytes.
 * @example
 * ```ts
 * import { MbufChain } from "@nfs/client/mbuf";
 * import { frameRecord } from "@nfs/client/rpc";
 * using chain = new MbufChain().reserveHeadroom(4).appendCopy(new Uint8Array(8));
 * frameRecord(chain);
 * console.log(chain.byteLength, chain.getUint32(0).toString(16)); // => 12 "80000008"
 * ```
 */
export function frameRecord(chain: MbufChain): MbufChain {
  const len = chain.byteLength;
  if (len > 0x7fffffff) throw new RangeError(`Cannot frame a record of ${len} bytes`);
  const mark = chain.prepend(4);
  new DataView(mark.buffer, mark.byteOffset, 4).setUint32(0, (LAST_FRAGMENT | len) >>> 0);
  return chain;
}
