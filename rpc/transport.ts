import { type ClusterPool, defaultPool, type MbufChain } from "../mbuf/mod.ts";
import { LAST_FRAGMENT } from "./constants.ts";
import { RpcConnectionError, RpcProtocolError } from "./errors.ts";
import { RecordReader } from "./_record_reader.ts";
import { RecordWriter } from "./_record_writer.ts";
import type { ReplySink } from "./types.ts";

/** The byte stream a transport runs on: a `Deno.TcpConn`, or an adapter. */
export interface ByteStream {
  /** Reads into `p`; resolves with the count, or null at end of stream. */
  read(p: Uint8Array): Promise<number | null>;
  /** Writes from `p`; resolves with the count written (maybe fewer than asked). */
  write(p: Uint8Array): Promise<number>;
  /** Closes the stream; pending reads then fail or end. */
  close(): void;
}

/** What the transport reports to its owner. */
export interface TransportHandler {
  /** A complete record; the handler owns (and must release) the chain. */
  onRecord(xid: number, record: MbufChain): void;
  /** The stream ended: null when closed by us, else the reason. */
  onClose(error: Error | null): void;
}

/** Options for {@linkcode RecordTransport}. */
export interface RecordTransportOptions {
  /** Largest record accepted, all fragments together (default 8 MiB). */
  maxRecordBytes?: number;
  /** Where clusters come from (default: the default pool). */
  pool?: ClusterPool;
  /**
   * Bytes a read may run past a record boundary while no sink is registered (default 100).
   * It never exceeds the smallest `head` of the sinks registered so far.
   */
  lookahead?: number;
}

/** Counters of a {@linkcode RecordTransport}. */
export interface TransportStats {
  /** Reply records received. */
  records: number;
  /** Records whose bulk data was read from the socket straight into a caller's buffer. */
  sinkRecords: number;
  /** Records that had a sink but went through clusters (not laid out as registered). */
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

/** Default largest record: 8 MiB, above any READ/WRITE size servers use (1 MiB typical). */
export const DEFAULT_MAX_RECORD_BYTES = 8 << 20;
/**
 * Default lookahead: 100, the shortest READ reply head of the programs above (NFSv2's; NFSv3's
 * is 128). A read posted between two calls, before the next one registers its sink, then
 * cannot take bulk data of a READ reply into a cluster, whichever version the connection
 * carries (128 took 28 data bytes of the first NFSv2 READ after other calls).
 */
const DEFAULT_LOOKAHEAD = 100;

/**
 * ONC RPC record marking over a byte stream (RFC 5531 section 11): a record reader and a
 * record writer on one connection. Register a call's {@linkcode ReplySink} with
 * {@linkcode RecordTransport.expect} before sending it, and its reply's bulk data is read
 * from the socket straight into the sink's buffer.
 */
export class RecordTransport {
  readonly #s: ByteStream;
  readonly #h: TransportHandler;
  readonly #reader: RecordReader;
  readonly #writer: RecordWriter;
  #closing = false;
  /** Settles when the receive loop has ended and every resource is released. */
  readonly done: Promise<void>;

  /**
   * Starts receiving on `stream` at once.
   *
   * @param stream The connected stream.
   * @param handler Receives records and the close event.
   * @param options Record size limit, pool and lookahead.
   */
  constructor(stream: ByteStream, handler: TransportHandler, options: RecordTransportOptions = {}) {
    const pool = options.pool ?? defaultPool;
    this.#s = stream;
    this.#h = handler;
    this.#reader = new RecordReader(
      stream,
      (xid, rec) => handler.onRecord(xid, rec),
      pool,
      options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
      options.lookahead ?? DEFAULT_LOOKAHEAD,
    );
    this.#writer = new RecordWriter(stream, pool);
    this.done = this.#run();
  }

  /** A snapshot of the counters. */
  stats(): TransportStats {
    return { ...this.#reader.stats, ...this.#writer.stats };
  }

  /** Whether the transport was closed or its stream ended. */
  get closed(): boolean {
    return this.#closing;
  }

  /** When (`performance.now()` time) a socket write last moved bytes, or the transport was made. */
  get lastWriteAt(): number {
    return this.#writer.lastWriteAt;
  }

  /**
   * The record being received, if any: its XID (null until known) and when it started
   * (`performance.now()` time); null between records.
   */
  get receiving(): { xid: number | null; since: number } | null {
    return this.#reader.receiving;
  }

  /**
   * Fixes where the reply to `xid` goes, before the call is sent: `sink.head` bytes into
   * clusters, the bulk data into `sink.dest`. The transport never asks for it later.
   *
   * @param xid The call's XID.
   * @param sink The reply layout.
   */
  expect(xid: number, sink: ReplySink): void {
    this.#reader.expect(xid, sink);
  }

  /**
   * Drops the sink of `xid` (its call ended). When a read straight into its buffer is under
   * way it cannot be taken back, so the connection is closed (the caller's other calls are
   * sent again on a new one) and no byte lands in the buffer afterwards.
   *
   * @param xid The call's XID.
   */
  forget(xid: number): void {
    if (this.#reader.forget(xid)) void this.close();
  }

  /**
   * Sends one record, framed with {@linkcode frameRecord}. Sends are serialized; the chain
   * is not released (the caller keeps it for retransmission); a record still queued or
   * being written is not queued twice.
   *
   * @param chain The framed record.
   * @returns Settles when the record was written.
   * @throws {RpcConnectionError} If the transport is closed or the write fails.
   */
  send(chain: MbufChain): Promise<void> {
    if (this.#closing) {
      return Promise.reject(new RpcConnectionError("Cannot send: the connection is closed"));
    }
    return this.#writer.send(chain);
  }

  /**
   * Whether `chain` was sent and is not written yet (queued, or being written), nor withdrawn.
   *
   * @param chain A record.
   * @returns True while the record waits to be written or is being written.
   */
  sending(chain: MbufChain): boolean {
    return this.#writer.sending(chain);
  }

  /**
   * Takes a record back (its call ended): a queued one is not sent; one being written right
   * now closes the connection, as a write under way cannot be stopped otherwise.
   *
   * @param chain A record passed to {@linkcode RecordTransport.send}.
   */
  withdraw(chain: MbufChain): void {
    if (this.#writer.withdraw(chain)) void this.close();
  }

  async #run(): Promise<void> {
    let error: Error | null = null;
    try {
      await this.#reader.run();
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
    }
    const byUs = this.#closing;
    this.#closing = true;
    try {
      this.#s.close();
    } catch { /* already closed */ }
    this.#reader.release();
    this.#writer.close();
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

  /**
   * Closes the stream; the receive loop ends and the handler's `onClose(null)` runs.
   *
   * @returns Settles when the receive loop has ended.
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
 */
export function frameRecord(chain: MbufChain): MbufChain {
  const len = chain.byteLength;
  if (len > 0x7fffffff) throw new RangeError(`Cannot frame a record of ${len} bytes`);
  const mark = chain.prepend(4);
  new DataView(mark.buffer, mark.byteOffset, 4).setUint32(0, (LAST_FRAGMENT | len) >>> 0);
  return chain;
}
