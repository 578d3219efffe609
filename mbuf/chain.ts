import { Mbuf, MbufError, Storage } from "./mbuf.ts";
import { type ClusterPool, defaultPool } from "./pool.ts";
import { copyBytes, type CopyKind, countCopy } from "./stats.ts";
import { concat } from "@std/bytes/concat";

/**
 * A chain of {@linkcode Mbuf}s: one logical byte sequence held in many pieces, never
 * flattened unless asked ({@linkcode MbufChain.toBytes}, counted).
 *
 * Requests are built in a chain (small header clusters plus external payload buffers) and
 * replies are received into one (views on pooled clusters).
 *
 * @example
 * ```ts
 * import { assertEquals, assertStrictEquals } from "@std/assert";
 * import { MbufChain } from "@nfs/client/mbuf";
 * const payload = new Uint8Array(1 << 20);
 * using chain = new MbufChain();
 * chain.appendCopy(new Uint8Array([0, 0, 0, 1]));
 * chain.appendExternal(payload); // no copy: the chain holds `payload` itself
 * assertEquals(chain.byteLength, 4 + (1 << 20));
 * assertEquals(chain.getUint32(0), 1);
 * assertStrictEquals([...chain.segments()][1], payload);
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
   */
  constructor(pool: ClusterPool = defaultPool) {
    this.pool = pool;
  }

  /** Total number of bytes in the chain. */
  get byteLength(): number {
    return this.#length;
  }

  /** Number of mbufs in the chain. */
  get segmentCount(): number {
    return this.#segs.length;
  }

  /** Whether {@linkcode MbufChain.release} was called. */
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
   */
  toBytes(): Uint8Array {
    this.#live("flatten");
    const out = concat(this.#segs.map((m) => m.bytes));
    countCopy("flatten", this.#length);
    return out;
  }

  /**
   * Reads a big-endian uint32 at `offset`, even when it straddles segments.
   *
   * @param offset Byte offset in the chain.
   * @returns The unsigned 32-bit value.
   * @throws {MbufError} If fewer than 4 bytes follow `offset`.
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
   */
  release(): void {
    if (this.#released) throw new MbufError("Cannot release the chain: it was already released");
    this.#released = true;
    const segs = this.#segs;
    this.#segs = [];
    this.#length = 0;
    for (const m of segs) m.storage.release();
  }

  /** Same as {@linkcode MbufChain.release}, for `using`. */
  [Symbol.dispose](): void {
    if (!this.#released) this.release();
  }
}
