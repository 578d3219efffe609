/**
 * The receive half of record marking (RFC 5531 section 11): reads reply records from a byte
 * stream into pooled clusters, and the bulk data of a reply whose call registered a
 * {@linkcode ReplySink} straight into the caller's buffer.
 *
 * The layout of such a reply is fixed when the call is made, as Linux sunrpc posts a
 * request's reply pages before sending it: `head` bytes (from the XID) go to clusters, the
 * bulk data to the sink's buffer, the padding after it to clusters. Nothing is decoded here
 * but the record marks and the data's length word; the RPC client decodes each header once.
 *
 * @module
 */
import { type ClusterPool, copyBytes, Mbuf, MbufChain, Storage } from "../mbuf/mod.ts";
import { LAST_FRAGMENT } from "./constants.ts";
import { RpcConnectionError, RpcProtocolError } from "./errors.ts";
import type { TransportStats } from "./transport.ts";
import type { ReplySink } from "./types.ts";

/** A stream to read from (the read half of `ByteStream`). */
export interface ReadableByteStream {
  /** Reads into `p`; resolves with the count, or null at end of stream. */
  read(p: Uint8Array): Promise<number | null>;
}

/** Receive counters, part of {@linkcode TransportStats}. */
export type ReaderStats = Pick<
  TransportStats,
  "records" | "sinkRecords" | "sinkFallbacks" | "directBytes" | "clusterBytes" | "reads"
>;

/** A fragmented record ended before the bytes asked for. */
class RecordEnded extends Error {}

/** State of the fragmented record being read. */
interface Fragments {
  left: number;
  last: boolean;
  total: number;
  count: number;
  sawEmpty: boolean;
}

/** XDR padding after `n` bytes of opaque data. */
function padOf(n: number): number {
  return (4 - (n & 3)) & 3;
}

/** Reads records off a stream; see the module doc. */
export class RecordReader {
  readonly #s: ReadableByteStream;
  readonly #pool: ClusterPool;
  readonly #maxRecord: number;
  readonly #onRecord: (xid: number, record: MbufChain) => void;
  readonly #rx: MbufChain;
  /** Sinks registered by pending calls, by XID; how many registered sinks have each head. */
  readonly #sinks = new Map<number, ReplySink>();
  readonly #heads = new Map<number, number>();
  #lookahead: number;
  #cur: Storage | null = null;
  #fill = 0;
  #direct: number | null = null;
  #frag: Fragments | null = null;
  /** When the record being read started (its mark was read), and its XID once known. */
  #since: number | null = null;
  #xidNow: number | null = null;
  /** The counters (live; copy before handing out). */
  readonly stats: ReaderStats = {
    records: 0,
    sinkRecords: 0,
    sinkFallbacks: 0,
    directBytes: 0,
    clusterBytes: 0,
    reads: 0,
  };

  /**
   * @param stream Where records come from.
   * @param onRecord Receives each complete record (and must release it).
   * @param pool Where clusters come from.
   * @param maxRecord Largest record accepted, fragments together.
   * @param lookahead Bytes a read may run past a record boundary with no sink registered.
   */
  constructor(
    stream: ReadableByteStream,
    onRecord: (xid: number, record: MbufChain) => void,
    pool: ClusterPool,
    maxRecord: number,
    lookahead: number,
  ) {
    this.#s = stream;
    this.#onRecord = onRecord;
    this.#pool = pool;
    this.#maxRecord = maxRecord;
    this.#lookahead = lookahead;
    this.#rx = new MbufChain(pool);
  }

  /**
   * Registers where the reply to `xid` goes, before its call is sent. The lookahead then
   * never exceeds `sink.head` again, so that a read posted before a later call with the
   * same layout was even made cannot take that reply's bulk data into a cluster.
   */
  expect(xid: number, sink: ReplySink): void {
    const old = this.#sinks.get(xid);
    if (old === sink) return;
    if (old !== undefined) this.#unhead(old.head);
    this.#sinks.set(xid, sink);
    this.#heads.set(sink.head, (this.#heads.get(sink.head) ?? 0) + 1);
    if (sink.head < this.#lookahead) this.#lookahead = sink.head;
  }

  /**
   * Drops the registration of `xid` (its call ended). True when a read straight into its
   * buffer is under way: it cannot be taken back, so the caller must close the stream
   * before handing the buffer back.
   */
  forget(xid: number): boolean {
    const sink = this.#sinks.get(xid);
    if (sink === undefined) return false;
    this.#sinks.delete(xid);
    this.#unhead(sink.head);
    return this.#direct === xid;
  }

  #unhead(head: number): void {
    const n = (this.#heads.get(head) ?? 1) - 1;
    if (n === 0) this.#heads.delete(head);
    else this.#heads.set(head, n);
  }

  /**
   * The record being read, if any: its XID (null until its first 4 bytes are in) and when
   * its first byte came (`performance.now()` time). Null between records.
   */
  get receiving(): { xid: number | null; since: number } | null {
    return this.#since === null ? null : { xid: this.#xidNow, since: this.#since };
  }

  /** Reads records until the stream fails or ends (then throws why). */
  async run(): Promise<never> {
    for (;;) await this.#record();
  }

  /** Returns the clusters (after the stream was closed). */
  release(): void {
    this.#rx.release();
    this.#cur?.release();
    this.#cur = null;
  }

  /** The bytes a read may take past a record mark: the smallest registered head, else the lookahead. */
  #ahead(): number {
    let min = 0;
    for (const h of this.#heads.keys()) if (min === 0 || h < min) min = h;
    return min || this.#lookahead;
  }

  /**
   * How far past `extra` buffered bytes a read may go: one record mark plus
   * {@linkcode RecordReader.#ahead}. Reads never run further, so a read posted before a READ
   * call was made cannot swallow that READ's payload.
   */
  #limit(extra: number): number {
    return extra + 4 + this.#ahead();
  }

  /** Ensures `min` bytes are buffered, reading at most up to `max` buffered bytes. */
  async #need(min: number, max: number): Promise<void> {
    while (this.#rx.byteLength < min) await this.#readSome(max - this.#rx.byteLength);
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
    this.stats.reads++;
    const n = await this.#s.read(cur.bytes.subarray(start, end));
    if (n === null) throw new RpcConnectionError("Connection closed by the server");
    if (this.#cur !== cur) throw new RpcConnectionError("Connection closed");
    this.#fill = start + n;
    cur.used = this.#fill;
    this.stats.clusterBytes += n;
    if (n > 0) {
      this.#since ??= performance.now();
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
        if (this.#sinks.get(xid) !== sink) {
          // The call was cancelled meanwhile: its buffer is no longer ours to write.
          this.#direct = null;
          const left = dest.length - off;
          await this.#need(left, left);
          this.#rx.advance(left);
          return;
        }
        this.stats.reads++;
        const n = await this.#s.read(dest.subarray(off));
        if (n === null) throw new RpcConnectionError("Connection closed by the server");
        off += n;
      }
    } finally {
      this.#direct = null;
    }
    this.stats.directBytes += dest.length;
  }

  #checkSize(len: number): void {
    if (len > this.#maxRecord) {
      throw new RpcProtocolError(
        `Received a record of ${len} bytes, more than the maximum of ${this.#maxRecord}`,
      );
    }
  }

  #deliver(xid: number, rec: MbufChain, sink: ReplySink | undefined): void {
    // One reply per registration: a duplicate (retransmitted call) goes through clusters.
    if (sink !== undefined && this.#sinks.get(xid) === sink) this.forget(xid);
    this.stats.records++;
    // Bytes of the next record read ahead already: it has started.
    this.#since = this.#rx.byteLength > 0 ? performance.now() : null;
    this.#xidNow = null;
    this.#onRecord(xid, rec);
  }

  async #record(): Promise<void> {
    const rx = this.#rx;
    await this.#need(4, this.#limit(0));
    const mark = rx.getUint32(0);
    rx.advance(4);
    this.#since ??= performance.now();
    const len = (mark & ~LAST_FRAGMENT) >>> 0;
    this.#checkSize(len);
    if (mark < LAST_FRAGMENT) return this.#multiFragment(len);
    if (len < 4) throw new RpcProtocolError(`Received a ${len}-byte record, too short for an XID`);
    await this.#need(4, Math.max(4, Math.min(len, this.#limit(0) - 4)));
    const xid = this.#xidNow = rx.getUint32(0);
    const sink = this.#sinks.get(xid);
    if (sink !== undefined && len > sink.head && (await this.#sinkRecord(xid, len, sink))) return;
    await this.#need(len, this.#limit(len));
    const rec = rx.slice(0, len);
    rx.advance(len);
    this.#deliver(xid, rec, sink);
  }

  /**
   * A one-fragment record longer than its sink's head: the head into clusters, the data
   * into the sink's buffer, the padding into clusters. False (nothing taken) when the record
   * is not laid out so, or the call went away: the caller reads it into clusters.
   */
  async #sinkRecord(xid: number, len: number, sink: ReplySink): Promise<boolean> {
    const rx = this.#rx;
    const head = sink.head;
    await this.#need(head, head);
    if (this.#sinks.get(xid) !== sink) return false;
    const n = rx.getUint32(head - 4); // the data's XDR length word ends the head
    if (n > sink.dest.length || head + n + padOf(n) !== len) {
      this.stats.sinkFallbacks++;
      return false;
    }
    const dest = sink.dest.subarray(0, n);
    // Data bytes an earlier read took already (it ran ahead before this call was made).
    const have = Math.min(rx.byteLength - head, n);
    if (have > 0) rx.copyTo(dest, head, have, "payload");
    const rec = rx.slice(0, head);
    rx.advance(head + have);
    const pad = padOf(n);
    try {
      await this.#readDirect(dest.subarray(have), xid, sink);
      await this.#need(pad, this.#limit(pad));
    } catch (e) {
      rec.release(); // the connection failed mid-record: return the header's clusters
      throw e;
    }
    rec.appendExternal(dest);
    const tail = rx.slice(0, pad);
    rx.advance(pad);
    rec.appendChain(tail);
    tail.release();
    this.stats.sinkRecords++;
    this.#deliver(xid, rec, sink);
    return true;
  }

  /**
   * A record in several fragments (libtirpc-based servers such as unfsd cut replies into
   * 64 KiB fragments). The marks are read and dropped as the record's bytes are taken, so a
   * READ reply still lands in its caller's buffer straight from the socket.
   */
  async #multiFragment(first: number): Promise<void> {
    const f = this.#frag = { left: first, last: false, total: first, count: 1, sawEmpty: false };
    const head = new MbufChain(this.#pool);
    try {
      // The XID, with no more lookahead than the smallest registered head.
      await this.#take(4, head, Math.max(0, this.#ahead() - 4));
      const xid = this.#xidNow = head.getUint32(0);
      const sink = this.#sinks.get(xid);
      if (sink !== undefined && (await this.#sinkFragments(xid, head, sink))) return;
      await this.#take(Infinity, head, null);
      this.#deliver(xid, head.slice(0), sink);
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

  /**
   * Moves up to `n` bytes of the fragmented record into `out` (Infinity: to its end), reading
   * the marks on the way. With `ahead` a number no read goes further than `ahead` bytes past
   * a mark ("rest": the bytes still to take); null reads with the usual lookahead.
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
    // Marks count against the limit too: a peer sending empty fragments forever gets an
    // error instead of keeping the call waiting.
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
   * The sink path of a fragmented record whose XID (in `head`) has a sink. False when the
   * record is shorter than the head or claims more data than the buffer holds (the caller
   * reads the rest into clusters).
   */
  async #sinkFragments(xid: number, head: MbufChain, sink: ReplySink): Promise<boolean> {
    try {
      await this.#take(sink.head - head.byteLength, head, "rest");
    } catch (e) {
      if (e instanceof RecordEnded) return false; // a short reply: no bulk data in it
      throw e;
    }
    const n = head.getUint32(sink.head - 4);
    if (n > sink.dest.length || this.#sinks.get(xid) !== sink) {
      this.stats.sinkFallbacks++;
      return false;
    }
    const f = this.#frag!;
    const rx = this.#rx;
    const dest = sink.dest.subarray(0, n);
    const rec = head.slice(0);
    const tail = new MbufChain(this.#pool);
    let off = 0;
    try {
      while (off < n) {
        if (f.left === 0) {
          if (f.last) break; // the record ends inside the data: see below
          // Exactly the mark: the bytes behind it are data, for the caller's buffer. After an
          // empty fragment (a peer that sends them is odd) read ahead, copying a little.
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
        if (this.#sinks.get(xid) !== sink) {
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
    if (this.#sinks.get(xid) !== sink) {
      // The call went away: what landed is not the caller's; the record is dropped above.
    } else if (off === n && tail.byteLength === padOf(n)) {
      rec.appendExternal(dest);
      this.stats.sinkRecords++;
    } else {
      // Not laid out as registered (it ends inside the data, or more follows): the decoder
      // gets a copy of what landed, so decoding into the buffer cannot overwrite bytes it
      // has still to read, and reports what is wrong.
      const copy = new Uint8Array(off);
      copyBytes(copy, 0, dest.subarray(0, off), "payload");
      rec.appendExternal(copy);
      this.stats.sinkFallbacks++;
    }
    rec.appendChain(tail);
    tail.release();
    this.#deliver(xid, rec, sink);
    return true;
  }
}
