import { Mbuf, MbufError, Storage } from "./mbuf.ts";
import { type ClusterPool, defaultPool } from "./pool.ts";
import { copyBytes, type CopyKind, countCopy } from "./stats.ts";

/**
 * A chain of {@linkcode Mbuf}s: one logical byte sequence held in many pieces, never
 * flattened unless asked ({@linkcode MbufChain.toBytes}, counted).
 *
 * Requests are built in a chain (small header clusters plus external payload buffers) and
 * replies are received into one (views on pooled clusters).
 *
 * @example
 * ```ts
 * import { MbufChain } from "@nfs/client/mbuf";
 * const payload = new Uint8Array(1 << 20);
 * const chain = new MbufChain();
 * chain.appendCopy(new Uint8Array([0, 0, 0, 1]));
 * chain.appendExternal(payload); // no copy: the chain holds `payload` itself
 * console.log(chain.byteLength); // 1048580
 * chain.release();
 * ```
 */
export class MbufChain {
  /** The pool clusters come from and go back to. */
  readonly pool: ClusterPool;
  #segs: Mbuf[] = [];
  #length = 0;
  #released = false;
  #headroom = 0;

  /**
   * Creates an empty chain.
   *
   * @param pool Where clusters come from (default: the shared default pool).
   * @example
   * ```ts
   * import { ClusterPool, MbufChain } from "@nfs/client/mbuf";
   * const pool = new ClusterPool({ clusterSize: 4096 });
   * const chain = new MbufChain(pool);
   * console.log(chain.pool === pool, chain.byteLength); // => true 0
   * ```
   */
  constructor(pool: ClusterPool = defaultPool) {
    this.pool = pool;
  }

  /**
   * Total number of bytes in the chain.
   *
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain().appendCopy(new Uint8Array(10));
   * console.log(chain.byteLength); // => 10
   * ```
   */
  get byteLength(): number {
    return this.#length;
  }

  /**
   * Number of mbufs in the chain.
   *
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain();
   * chain.appendCopy(new Uint8Array(4)).appendExternal(new Uint8Array(4));
   * console.log(chain.segmentCount); // => 2
   * ```
   */
  get segmentCount(): number {
    return this.#segs.length;
  }

  /**
   * Whether {@linkcode MbufChain.release} was called.
   *
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * const chain = new MbufChain();
   * chain.release();
   * console.log(chain.released); // => true
   * ```
   */
  get released(): boolean {
    return this.#released;
  }

  #live(what: string): void {
    if (this.#released) throw new MbufError(`Cannot ${what}: the chain was released`);
  }

  /**
   * The mbufs, in order (read-only view; do not keep across mutations).
   *
   * @returns The chain's mbufs.
   * @throws {MbufError} If the chain was released.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain().appendExternal(new Uint8Array(3));
   * console.log(chain.mbufs().length, chain.mbufs()[0]!.length); // => 1 3
   * ```
   */
  mbufs(): readonly Mbuf[] {
    this.#live("list mbufs");
    return this.#segs;
  }

  /**
   * Iterates the bytes of each non-empty segment (subarrays, no copies).
   *
   * @returns An iterator of segment bytes.
   * @throws {MbufError} If the chain was released.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain();
   * chain.appendExternal(new Uint8Array([1])).appendExternal(new Uint8Array([2, 3]));
   * console.log([...chain.segments()].map((s) => s.length)); // => [ 1, 2 ]
   * ```
   */
  *segments(): IterableIterator<Uint8Array> {
    this.#live("iterate segments");
    for (const m of this.#segs) if (m.length > 0) yield m.bytes;
  }

  /**
   * Reserves headroom: the next cluster this chain allocates (when it is empty) leaves
   * `n` bytes free at its front, so {@linkcode MbufChain.prepend} of up to `n` bytes
   * needs no new mbuf (the RPC record mark goes there).
   *
   * @param n Bytes of headroom.
   * @returns This chain.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain().reserveHeadroom(4);
   * chain.appendCopy(new Uint8Array([1, 2]));
   * chain.prepend(4).set([0x80, 0, 0, 2]);
   * console.log(chain.segmentCount, chain.byteLength); // => 1 6
   * ```
   */
  reserveHeadroom(n: number): this {
    this.#live("reserve headroom");
    if (!Number.isInteger(n) || n < 0 || n > this.pool.clusterSize / 2) {
      throw new MbufError(`Cannot reserve ${n} bytes of headroom`);
    }
    this.#headroom = n;
    return this;
  }

  /**
   * Appends an mbuf, taking over its storage reference.
   *
   * @param m The mbuf (now owned by this chain).
   * @returns This chain.
   * @throws {MbufError} If the chain was released.
   * @example
   * ```ts
   * import { Mbuf, MbufChain, Storage } from "@nfs/client/mbuf";
   * const storage = new Storage(new Uint8Array(8), "external", null, null);
   * using chain = new MbufChain().appendMbuf(new Mbuf(storage, 0, 8));
   * console.log(chain.byteLength); // => 8
   * ```
   */
  appendMbuf(m: Mbuf): this {
    this.#live("append");
    if (this.#segs.length === 0) this.#segs = [m];
    else this.#segs.push(m);
    this.#length += m.length;
    return this;
  }

  /**
   * Appends the caller's buffer as external storage: the chain holds that very object and
   * never writes to it; `release` is called exactly once when the chain lets go of it.
   *
   * @param bytes The caller's bytes.
   * @param release Optional hook called once when the last reference is dropped.
   * @returns This chain.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * let done = false;
   * const chain = new MbufChain().appendExternal(new Uint8Array(4), () => (done = true));
   * chain.release();
   * console.log(done); // => true
   * ```
   */
  appendExternal(bytes: Uint8Array, release?: () => void): this {
    this.#live("append external buffer");
    const s = new Storage(bytes, "external", null, release ?? null);
    return this.appendMbuf(new Mbuf(s, 0, bytes.length));
  }

  /**
   * Appends a copy of `bytes` into clusters (filling the tail cluster first), counted.
   *
   * @param bytes Bytes to copy.
   * @param kind What they are, for the copy counters (default "header").
   * @returns This chain.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain();
   * chain.appendCopy(new Uint8Array([1, 2])).appendCopy(new Uint8Array([3]));
   * console.log(chain.segmentCount, chain.toBytes()); // => 1 Uint8Array(3) [ 1, 2, 3 ]
   * ```
   */
  appendCopy(bytes: Uint8Array, kind: CopyKind = "header"): this {
    this.#live("append bytes");
    let done = 0;
    while (done < bytes.length) {
      const tail = this.tailSpace(1);
      const n = Math.min(bytes.length - done, tail.trailingSpace);
      copyBytes(
        tail.storage.bytes,
        tail.offset + tail.length,
        bytes.subarray(done, done + n),
        kind,
      );
      this.grow(n);
      done += n;
    }
    return this;
  }

  /**
   * Moves every mbuf of `other` to the end of this chain; `other` is left empty.
   *
   * @param other The chain whose mbufs move here.
   * @returns This chain.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using a = new MbufChain().appendCopy(new Uint8Array(2));
   * using b = new MbufChain().appendCopy(new Uint8Array(3));
   * a.appendChain(b);
   * console.log(a.byteLength, b.byteLength); // => 5 0
   * ```
   */
  appendChain(other: MbufChain): this {
    this.#live("append chain");
    other.#live("move chain");
    if (other === this) throw new MbufError("Cannot append a chain to itself");
    for (const m of other.#segs) this.appendMbuf(m);
    other.#segs = [];
    other.#length = 0;
    return this;
  }

  /**
   * Returns the tail mbuf with at least `min` writable bytes after it, allocating a new
   * cluster mbuf (empty) when the current tail has less. Write there, then call
   * {@linkcode MbufChain.grow}. This is the writer's fast path.
   *
   * @param min Contiguous bytes needed (at most the cluster size).
   * @returns The tail mbuf, with `trailingSpace >= min`.
   * @throws {MbufError} If `min` exceeds the cluster size.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain();
   * const tail = chain.tailSpace(4);
   * tail.storage.bytes.set([0, 0, 0, 7], tail.offset + tail.length);
   * chain.grow(4);
   * console.log(chain.getUint32(0)); // => 7
   * ```
   */
  tailSpace(min: number): Mbuf {
    this.#live("get tail space");
    const n = this.#segs.length;
    // (Never index -1: on an empty array that is a slow named-property lookup.)
    if (n > 0) {
      const last = this.#segs[n - 1]!;
      if (last.trailingSpace >= min) return last;
    }
    const room = n === 0 ? this.#headroom : 0;
    if (min + room > this.pool.clusterSize) {
      throw new MbufError(
        `Cannot get ${min} contiguous bytes from ${this.pool.clusterSize}-byte clusters`,
      );
    }
    const s = new Storage(this.pool.alloc(), "cluster", this.pool, null);
    s.used = room;
    const m = new Mbuf(s, room, 0);
    // A first mbuf gets a fresh one-slot array: cheaper than growing the empty one.
    if (n === 0) this.#segs = [m];
    else this.#segs.push(m);
    return m;
  }

  /**
   * Extends the tail mbuf by `n` bytes just written into its trailing space.
   *
   * @param n Bytes written.
   * @throws {MbufError} If the tail has less than `n` bytes of trailing space.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain();
   * const tail = chain.tailSpace(2);
   * tail.storage.bytes[tail.offset] = 42;
   * chain.grow(1);
   * console.log(chain.byteLength, chain.toBytes()[0]); // => 1 42
   * ```
   */
  grow(n: number): void {
    this.#live("grow");
    const count = this.#segs.length;
    const last = count > 0 ? this.#segs[count - 1]! : undefined;
    if (last === undefined || !(n >= 0) || last.trailingSpace < n) {
      throw new MbufError(`Cannot grow the chain by ${n} bytes: no such trailing space`);
    }
    last.length += n;
    last.storage.used += n;
    this.#length += n;
  }

  /**
   * Makes `n` bytes of room at the front (in reserved headroom when there is some, else in
   * a new small mbuf) and returns them for the caller to fill.
   *
   * @param n Bytes to prepend.
   * @returns The writable bytes now at the front of the chain.
   * @throws {MbufError} If `n` is not a whole number.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain().appendCopy(new Uint8Array([5]));
   * chain.prepend(2).set([1, 2]);
   * console.log(chain.toBytes()); // => Uint8Array(3) [ 1, 2, 5 ]
   * ```
   */
  prepend(n: number): Uint8Array {
    this.#live("prepend");
    if (!Number.isInteger(n) || n < 0) throw new MbufError(`Cannot prepend ${n} bytes`);
    const first = this.#segs[0];
    if (first !== undefined && first.leadingSpace >= n) {
      first.offset -= n;
      first.length += n;
      this.#length += n;
      return first.bytes.subarray(0, n);
    }
    const s = new Storage(new Uint8Array(n), "cluster", null, null);
    s.used = n;
    const m = new Mbuf(s, 0, n);
    this.#segs.unshift(m);
    this.#length += n;
    return m.bytes;
  }

  #locate(offset: number): [index: number, within: number] {
    let i = 0;
    for (const m of this.#segs) {
      if (offset < m.length) return [i, offset];
      offset -= m.length;
      i++;
    }
    return [i, offset];
  }

  #checkRange(what: string, start: number, end: number): void {
    if (
      !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start ||
      end > this.#length
    ) {
      throw new MbufError(`Cannot ${what} ${start}..${end} of a ${this.#length}-byte chain`);
    }
  }

  /**
   * Splits the chain at `at` without copying: this chain keeps bytes `[0, at)`, the
   * returned chain gets `[at, byteLength)`. A segment cut in two is shared by both.
   *
   * @param at Split offset, 0..byteLength.
   * @returns The tail as a new chain (same pool).
   * @throws {MbufError} If `at` is out of range.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using head = new MbufChain().appendCopy(new Uint8Array([1, 2, 3, 4]));
   * using tail = head.split(1);
   * console.log(head.byteLength, tail.toBytes()); // => 1 Uint8Array(3) [ 2, 3, 4 ]
   * ```
   */
  split(at: number): MbufChain {
    this.#live("split");
    this.#checkRange("split at", at, at);
    const rest = new MbufChain(this.pool);
    const [i, within] = this.#locate(at);
    let tailSegs: Mbuf[];
    const cut = this.#segs[i];
    if (cut !== undefined && within > 0) {
      const second = cut.share(within, cut.length);
      cut.length = within;
      tailSegs = [second, ...this.#segs.slice(i + 1)];
      this.#segs.length = i + 1;
    } else {
      tailSegs = this.#segs.slice(i);
      this.#segs.length = i;
    }
    for (const m of tailSegs) rest.appendMbuf(m);
    this.#length = at;
    return rest;
  }

  /**
   * A new chain viewing bytes `[start, end)` of this one, sharing storage (no copy).
   * Both chains must be released.
   *
   * @param start First byte.
   * @param end One past the last byte.
   * @returns A new chain sharing this one's storage.
   * @throws {MbufError} If the range is out of bounds.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain().appendCopy(new Uint8Array([1, 2, 3, 4]));
   * using mid = chain.slice(1, 3);
   * console.log(mid.toBytes(), chain.byteLength); // => Uint8Array(2) [ 2, 3 ] 4
   * ```
   */
  slice(start: number, end: number = this.#length): MbufChain {
    this.#live("slice");
    this.#checkRange("slice", start, end);
    const out = new MbufChain(this.pool);
    let pos = 0;
    for (const m of this.#segs) {
      const a = Math.max(start, pos);
      const b = Math.min(end, pos + m.length);
      if (a < b) out.appendMbuf(m.share(a - pos, b - pos));
      pos += m.length;
      if (pos >= end) break;
    }
    return out;
  }

  /**
   * Drops `n` bytes from the front (bytes consumed), releasing mbufs fully passed.
   *
   * @param n Bytes to drop, at most byteLength.
   * @throws {MbufError} If `n` is more than the chain holds.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain().appendCopy(new Uint8Array([1, 2, 3]));
   * chain.advance(2);
   * console.log(chain.toBytes()); // => Uint8Array(1) [ 3 ]
   * ```
   */
  advance(n: number): void {
    this.#live("advance");
    this.#checkRange("advance by", 0, n);
    const segs = this.#segs;
    let drop = 0;
    let left = n;
    while (drop < segs.length) {
      const m = segs[drop]!;
      if (left < m.length) {
        m.offset += left;
        m.length -= left;
        break;
      }
      left -= m.length;
      drop++;
    }
    for (let i = 0; i < drop; i++) this.#segs[i]!.storage.release();
    if (drop > 0) this.#segs.splice(0, drop);
    this.#length -= n;
  }

  /**
   * Copies `length` bytes starting at `srcOffset` into `dest` (counted).
   *
   * @param dest Destination buffer (at least `length` bytes).
   * @param srcOffset Offset in this chain.
   * @param length Bytes to copy (default: to the end).
   * @param kind What the bytes are, for the counters (default "payload").
   * @throws {MbufError} If the range is out of bounds or `dest` is too small.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain().appendCopy(new Uint8Array([1, 2, 3, 4]));
   * const dest = new Uint8Array(2);
   * chain.copyTo(dest, 2, 2);
   * console.log(dest); // => Uint8Array(2) [ 3, 4 ]
   * ```
   */
  copyTo(
    dest: Uint8Array,
    srcOffset = 0,
    length: number = this.#length - srcOffset,
    kind: CopyKind = "payload",
  ): void {
    this.#live("copy");
    this.#checkRange("copy", srcOffset, srcOffset + length);
    if (dest.length < length) {
      throw new MbufError(`Cannot copy ${length} bytes into a ${dest.length}-byte buffer`);
    }
    let pos = 0;
    let out = 0;
    const end = srcOffset + length;
    for (const m of this.#segs) {
      const a = Math.max(srcOffset, pos);
      const b = Math.min(end, pos + m.length);
      if (a < b) {
        // A whole mbuf needs no new subarray (`bytes` is the storage itself when it can be).
        const src = b - a === m.length
          ? m.bytes
          : m.storage.bytes.subarray(m.offset + a - pos, m.offset + b - pos);
        copyBytes(dest, out, src, kind);
        out += b - a;
      }
      pos += m.length;
      if (pos >= end) break;
    }
  }

  /**
   * Flattens the chain into one new `Uint8Array` (counted as "flatten").
   *
   * @returns A fresh copy of all bytes.
   * @throws {MbufError} If the chain was released.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain();
   * chain.appendExternal(new Uint8Array([1])).appendExternal(new Uint8Array([2]));
   * console.log(chain.toBytes()); // => Uint8Array(2) [ 1, 2 ]
   * ```
   */
  toBytes(): Uint8Array {
    this.#live("flatten");
    const out = new Uint8Array(this.#length);
    let o = 0;
    for (const m of this.#segs) {
      out.set(m.bytes, o);
      o += m.length;
    }
    countCopy("flatten", this.#length);
    return out;
  }

  /**
   * Reads a big-endian uint32 at `offset`, even when it straddles segments.
   *
   * @param offset Byte offset in the chain.
   * @returns The unsigned 32-bit value.
   * @throws {MbufError} If fewer than 4 bytes follow `offset`.
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * using chain = new MbufChain();
   * chain.appendExternal(new Uint8Array([0, 0])).appendExternal(new Uint8Array([1, 0]));
   * console.log(chain.getUint32(0)); // => 256
   * ```
   */
  getUint32(offset: number): number {
    this.#live("read");
    this.#checkRange("read uint32 at", offset, offset + 4);
    const [i, within] = this.#locate(offset);
    const m = this.#segs[i]!;
    if (within + 4 <= m.length) return m.storage.view.getUint32(m.offset + within);
    let v = 0;
    let seg = i;
    let w = within;
    for (let k = 0; k < 4; k++) {
      let cur = this.#segs[seg]!;
      while (w >= cur.length) {
        w = 0;
        cur = this.#segs[++seg]!;
      }
      v = v * 256 + cur.storage.bytes[cur.offset + w]!;
      w++;
    }
    return v;
  }

  /**
   * Releases every mbuf: clusters go back to the pool, external release hooks run. The
   * chain cannot be used afterwards.
   *
   * @throws {MbufError} If the chain was already released.
   * @example
   * ```ts
   * import { ClusterPool, MbufChain } from "@nfs/client/mbuf";
   * const pool = new ClusterPool({ clusterSize: 1024 });
   * const chain = new MbufChain(pool).appendCopy(new Uint8Array(8));
   * chain.release();
   * console.log(pool.stats().inUse); // => 0
   * ```
   */
  release(): void {
    if (this.#released) throw new MbufError("Cannot release the chain: it was already released");
    this.#released = true;
    const segs = this.#segs;
    this.#segs = [];
    this.#length = 0;
    for (const m of segs) m.storage.release();
  }

  /**
   * Same as {@linkcode MbufChain.release}, for `using`.
   *
   * @example
   * ```ts
   * import { MbufChain } from "@nfs/client/mbuf";
   * let chain: MbufChain;
   * {
   *   using c = new MbufChain();
   *   chain = c;
   * }
   * console.log(chain.released); // => true
   * ```
   */
  [Symbol.dispose](): void {
    if (!this.#released) this.release();
  }
}
