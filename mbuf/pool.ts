/** Default cluster size: 64 KiB, large enough for a whole 64 KiB READ reply header run. */
export const DEFAULT_CLUSTER_SIZE = 65536;
/** Default bound on the free list: 256 clusters (16 MiB at the default size). */
export const DEFAULT_MAX_FREE = 256;

/** Options for {@linkcode ClusterPool}. */
export interface ClusterPoolOptions {
  /** Size of every cluster in bytes (default {@linkcode DEFAULT_CLUSTER_SIZE}). */
  clusterSize?: number;
  /** How many free clusters are kept for reuse; more are left to the garbage collector. */
  maxFree?: number;
}

/** Counters of a {@linkcode ClusterPool}. */
export interface PoolStats {
  /** Size of each cluster in bytes. */
  clusterSize: number;
  /** Clusters ever created by this pool. */
  allocated: number;
  /** Clusters handed out and not yet returned. */
  inUse: number;
  /** Clusters sitting in the free list. */
  free: number;
  /** Allocations served from the free list (no new memory). */
  reused: number;
  /** Returned clusters dropped because the free list was full. */
  dropped: number;
}

/**
 * A pool of fixed-size clusters (the storage of received data and encoded headers).
 *
 * Clusters returned with {@linkcode ClusterPool.free} are kept on a bounded free list and
 * handed out again, so steady-state traffic allocates no new memory.
 */
export class ClusterPool {
  /** Size of every cluster in bytes. */
  readonly clusterSize: number;
  readonly #maxFree: number;
  readonly #free: Uint8Array[] = [];
  #allocated = 0;
  #inUse = 0;
  #reused = 0;
  #dropped = 0;

  /**
   * Creates a pool.
   *
   * @param options Cluster size and free-list bound.
   * @throws {RangeError} If a size is not a positive integer multiple of 4.
   */
  constructor(options: ClusterPoolOptions = {}) {
    const size = options.clusterSize ?? DEFAULT_CLUSTER_SIZE;
    if (!Number.isInteger(size) || size < 16 || size % 4 !== 0) {
      throw new RangeError(
        `Cannot create cluster pool: cluster size ${size} is not a multiple of 4 >= 16`,
      );
    }
    const maxFree = options.maxFree ?? DEFAULT_MAX_FREE;
    if (!Number.isInteger(maxFree) || maxFree < 0) {
      throw new RangeError(`Cannot create cluster pool: maxFree ${maxFree} is not a whole number`);
    }
    this.clusterSize = size;
    this.#maxFree = maxFree;
  }

  /**
   * Takes a cluster from the free list, or allocates a new one.
   *
   * @returns A cluster of {@linkcode ClusterPool.clusterSize} bytes; its content is undefined.
   */
  alloc(): Uint8Array {
    this.#inUse++;
    const c = this.#free.pop();
    if (c !== undefined) {
      this.#reused++;
      return c;
    }
    this.#allocated++;
    return new Uint8Array(this.clusterSize);
  }

  /**
   * Returns a cluster to the pool.
   *
   * @param cluster A cluster obtained from {@linkcode ClusterPool.alloc} of this pool.
   * @throws {RangeError} If the buffer is not a whole cluster of this pool's size.
   */
  free(cluster: Uint8Array): void {
    if (cluster.byteLength !== this.clusterSize || cluster.byteOffset !== 0) {
      throw new RangeError(
        `Cannot return buffer of ${cluster.byteLength} bytes to a pool of ${this.clusterSize}-byte clusters`,
      );
    }
    this.#inUse--;
    if (this.#free.length < this.#maxFree) this.#free.push(cluster);
    else this.#dropped++;
  }

  /**
   * A snapshot of this pool's counters.
   *
   * @returns A fresh {@linkcode PoolStats} object.
   */
  stats(): PoolStats {
    return {
      clusterSize: this.clusterSize,
      allocated: this.#allocated,
      inUse: this.#inUse,
      free: this.#free.length,
      reused: this.#reused,
      dropped: this.#dropped,
    };
  }
}

/** The pool used when none is given. */
export const defaultPool: ClusterPool = new ClusterPool();
