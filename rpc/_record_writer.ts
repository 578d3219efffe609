/**
 * The send half of record marking: a queue of framed records written in order, corked into
 * few socket writes, with records that can be taken back until they are written.
 *
 * @module
 */
import { type ClusterPool, copyBytes, type MbufChain } from "../mbuf/mod.ts";
import { RpcConnectionError } from "./errors.ts";
import type { TransportStats } from "./transport.ts";

/** A stream to write to (the write half of `ByteStream`). */
export interface WritableByteStream {
  /** Writes from `p`; resolves with the count written (maybe fewer than asked). */
  write(p: Uint8Array): Promise<number>;
}

/** Send counters, part of {@linkcode TransportStats}. */
export type WriterStats = Pick<TransportStats, "writes" | "bytesSent">;

/** A record waiting to be written (or being written). */
interface Outgoing {
  chain: MbufChain;
  resolve: () => void;
  reject: (e: unknown) => void;
  /** Its call ended before it was written: skip it. */
  withdrawn: boolean;
}

/** Consecutive request segments smaller than this are merged into one socket write. */
const COALESCE_BELOW = 4096;

/** Writes records to a stream; see the module doc. */
export class RecordWriter {
  readonly #s: WritableByteStream;
  readonly #pool: ClusterPool;
  #closed = false;
  #queue: Outgoing[] = [];
  /** The batch being written, and the record of it being written right now. */
  #batch: Outgoing[] = [];
  #current: Outgoing | null = null;
  /** Chains queued or in the batch being written, not yet withdrawn, with their send. */
  readonly #outgoing = new Map<MbufChain, Promise<void>>();
  /** When a socket write last moved bytes (or the writer was made). */
  #lastWrite = performance.now();
  #writing = false;
  #stage: Uint8Array | null = null;
  /** The counters (live; copy before handing out). */
  readonly stats: WriterStats = { writes: 0, bytesSent: 0 };

  /**
   * @param stream Where records go.
   * @param pool Where the stage for coalesced small segments comes from.
   */
  constructor(stream: WritableByteStream, pool: ClusterPool) {
    this.#s = stream;
    this.#pool = pool;
  }

  /** When (`performance.now()` time) a socket write last moved bytes. */
  get lastWriteAt(): number {
    return this.#lastWrite;
  }

  /** Whether `chain` is queued or being written, and not withdrawn. */
  sending(chain: MbufChain): boolean {
    return this.#outgoing.has(chain);
  }

  /**
   * Queues a framed record; a record still queued or being written is not queued twice
   * (the first send's promise is returned). The chain is not released.
   */
  send(chain: MbufChain): Promise<void> {
    if (this.#closed) {
      return Promise.reject(new RpcConnectionError("Cannot send: the connection is closed"));
    }
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
   * Takes a record back: a queued one is not sent. True when it is being written right now:
   * a write under way cannot be stopped, so the caller must close the stream (the peer then
   * drops the partial record). Afterwards the writer no longer reads the chain.
   */
  withdraw(chain: MbufChain): boolean {
    if (!this.#outgoing.delete(chain)) return false;
    if (this.#current?.chain === chain) return true;
    for (const b of this.#queue) if (b.chain === chain) b.withdrawn = true;
    for (const b of this.#batch) if (b.chain === chain) b.withdrawn = true;
    return false;
  }

  /** Fails what is queued from now on, and returns the stage to the pool. */
  close(): void {
    this.#closed = true;
    if (this.#stage !== null) this.#pool.free(this.#stage);
    this.#stage = null;
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
        if (this.#closed) throw new RpcConnectionError("Cannot send: the connection is closed");
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
    if (fill > 0) await this.#writeAll(this.#staged(fill));
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
        if (this.#closed) throw new RpcConnectionError("Cannot send: the connection is closed");
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
        await this.#writeAll(this.#staged(fill));
        fill = 0;
      }
      await this.#writeAll(seg);
    }
    return fill;
  }

  /** The first `fill` bytes of the stage (gone once the writer is closed). */
  #staged(fill: number): Uint8Array {
    if (this.#stage === null) throw new RpcConnectionError("Cannot send: the connection is closed");
    return this.#stage.subarray(0, fill);
  }

  async #writeAll(p: Uint8Array): Promise<void> {
    let off = 0;
    while (off < p.length) {
      this.stats.writes++;
      const n = await this.#s.write(off === 0 ? p : p.subarray(off));
      if (n > 0) this.#lastWrite = performance.now();
      off += n;
    }
    this.stats.bytesSent += p.length;
  }
}
