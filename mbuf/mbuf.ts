import type { ClusterPool } from "./pool.ts";

/** Thrown on misuse of mbufs and chains: use after release, double release, bad ranges. */
export class MbufError extends Error {
  /**
   * Creates a MbufError.
   *
   * @param message What could not be done.
   */
  constructor(message: string) {
    super(message);
    this.name = "MbufError";
  }
}

/**
 * DataViews of pooled clusters, kept across reuse: a cluster comes back from the pool many
 * times, and creating a DataView costs more than a whole small decode.
 */
const clusterViews = new WeakMap<Uint8Array, DataView>();

/** Where an mbuf's bytes live: a pooled cluster, or a caller's external buffer. */
export type StorageKind = "cluster" | "external";

/**
 * Reference-counted backing memory of one or more {@linkcode Mbuf}s (the M_EXT idea).
 *
 * A cluster storage goes back to its pool when the last reference is released; an
 * external storage calls its release hook exactly once at that moment.
 */
export class Storage {
  /** The whole backing memory. */
  readonly bytes: Uint8Array;
  /** Cluster (ours, writable) or external (the caller's, never written). */
  readonly kind: StorageKind;
  /** Bytes of `bytes` handed out so far (views end at or before this mark). */
  used: number;
  #refs = 1;
  #pool: ClusterPool | null;
  #onRelease: (() => void) | null;
  #view: DataView | null = null;

  /**
   * Creates a Storage.
   *
   * @param bytes The memory.
   * @param kind Cluster or external.
   * @param pool The pool a cluster returns to, or null.
   * @param onRelease Called once when the last reference goes.
   */
  constructor(
    bytes: Uint8Array,
    kind: StorageKind,
    pool: ClusterPool | null,
    onRelease: (() => void) | null,
  ) {
    this.bytes = bytes;
    this.kind = kind;
    this.#pool = pool;
    this.#onRelease = onRelease;
    this.used = kind === "external" ? bytes.length : 0;
  }

  /** Current number of references. */
  get refs(): number {
    return this.#refs;
  }

  /** A DataView over the whole storage, created once (once per pooled cluster). */
  get view(): DataView {
    if (this.#view !== null) return this.#view;
    const b = this.bytes;
    const pooled = this.#pool !== null;
    let v = pooled ? clusterViews.get(b) : undefined;
    if (v === undefined) {
      v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      if (pooled) clusterViews.set(b, v);
    }
    return this.#view = v;
  }

  /**
   * Adds a reference.
   *
   * @throws {MbufError} If the storage was already released.
   */
  retain(): void {
    if (this.#refs <= 0) throw new MbufError("Cannot retain storage: it was already released");
    this.#refs++;
  }

  /**
   * Drops a reference, freeing the storage on the last one.
   *
   * @throws {MbufError} On double release.
   */
  release(): void {
    if (this.#refs <= 0) throw new MbufError("Cannot release storage: it was already released");
    if (--this.#refs > 0) return;
    const pool = this.#pool;
    const hook = this.#onRelease;
    this.#pool = null;
    this.#onRelease = null;
    this.#view = null;
    if (pool !== null) pool.free(this.bytes);
    if (hook !== null) hook();
  }
}

/**
 * A view (`offset`, `length`) on a {@linkcode Storage}. Each mbuf holds one reference on
 * its storage; several mbufs (in one chain or in several) may share a storage.
 */
export class Mbuf {
  /** The backing storage. */
  readonly storage: Storage;
  /** Start of this view in the storage. */
  offset: number;
  /** Length of this view. */
  length: number;

  /**
   * Wraps a view; the caller hands over one reference on `storage`.
   *
   * @param storage Backing storage (its reference is now owned by this mbuf).
   * @param offset Start in the storage.
   * @param length Length of the view.
   * @throws {MbufError} If the range does not fit in the storage.
   */
  constructor(storage: Storage, offset: number, length: number) {
    if (offset < 0 || length < 0 || offset + length > storage.bytes.length) {
      throw new MbufError(
        `Cannot make an mbuf at ${offset}+${length} of a ${storage.bytes.length}-byte storage`,
      );
    }
    this.storage = storage;
    this.offset = offset;
    this.length = length;
  }

  /** The bytes of this view (a subarray, not a copy). */
  get bytes(): Uint8Array {
    const all = this.storage.bytes;
    if (this.offset === 0 && this.length === all.length) return all;
    return all.subarray(this.offset, this.offset + this.length);
  }

  /** Whether this mbuf's storage is a caller's external buffer. */
  get isExternal(): boolean {
    return this.storage.kind === "external";
  }

  /**
   * Free bytes after this view that may be written by its owner: only when the storage is
   * an unshared cluster and nothing was handed out past this view.
   */
  get trailingSpace(): number {
    const s = this.storage;
    if (s.kind !== "cluster" || s.refs !== 1 || s.used !== this.offset + this.length) return 0;
    return s.bytes.length - s.used;
  }

  /** Free bytes before this view that may be prepended into (headroom). */
  get leadingSpace(): number {
    const s = this.storage;
    if (s.kind !== "cluster" || s.refs !== 1) return 0;
    return this.offset;
  }

  /**
   * A second view on part of this one, sharing the storage (adds a reference).
   *
   * @param start First byte of the new view, relative to this one.
   * @param end One past the last byte, relative to this one.
   * @returns A new mbuf holding its own reference on the storage.
   * @throws {MbufError} If the range is outside this view.
   */
  share(start: number, end: number): Mbuf {
    if (start < 0 || end > this.length || start > end) {
      throw new MbufError(`Cannot share ${start}..${end} of a ${this.length}-byte mbuf`);
    }
    this.storage.retain();
    return new Mbuf(this.storage, this.offset + start, end - start);
  }
}
