/**
 * Default cluster size: 64 KiB, large enough for a whole 64 KiB READ reply header run.
 *
 * @example
 * ```ts
 * import { DEFAULT_CLUSTER_SIZE } from "@nfs/client/mbuf";
 * console.log(DEFAULT_CLUSTER_SIZE); // => 65536
 * ```
 */
export const DEFAULT_CLUSTER_SIZE = 65536;
/**
 * Default bound on the free list: 256 clusters (16 MiB at the default size).
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_FREE } from "@nfs/client/mbuf";
 * console.log(DEFAULT_MAX_FREE); // => 256
 * ```
 */
export const DEFAULT_MAX_FREE = 256;

/**
 * Options for {@linkcode ClusterPool}.
 *
 * @example
 * ```ts
 * import { ClusterPool, type ClusterPoolOptions } from "@nfs/client/mbuf";
 * const options: ClusterPoolOptions = { clusterSize: 4096, maxFree: 8 };
 * console.log(new ClusterPool(options).clusterSize); // => 4096
 * ```
 */
export interface ClusterPoolOptions {
  /** Size of every cluster in bytes (default {@linkcode DEFAULT_CLUSTER_SIZE}). */
  clusterSize?: number;
  /** How many free clusters are kept for reuse; more are left to the garbage collector. */
  maxFree?: number;
}

/**
 * Counters of a {@linkcode ClusterPool}.
 *
 * @example
 * ```ts
 * import { ClusterPool, type PoolStats } from "@nfs/client/mbuf";
 * const pool = new ClusterPool({ clusterSize: 1024 });
 * pool.alloc();
 * const s: PoolStats = pool.stats();
 * console.log(s.allocated, s.inUse); // => 1 1
 * ```
 */
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
 *
 * @example
 * ```ts
 * import { ClusterPool } from "@nfs/client/mbuf";
 * const pool = new ClusterPool({ clusterSize: 4096 });
 * const c = pool.alloc();
 * pool.free(c);
 * console.log(pool.stats().free); // => 1
 * ```
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
   * @example
   * ```ts
   * import { ClusterPool } from "@nfs/client/mbuf";
   * const pool = new ClusterPool({ clusterSize: 4096, maxFree: 16 });
   * console.log(pool.clusterSize); // => 4096
   * ```
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
   * @example
   * ```ts
   * import { ClusterPool } from "@nfs/client/mbuf";
   * const pool = new ClusterPool({ clusterSize: 1024 });
   * const cluster = pool.alloc();
   * console.log(cluster.byteLength, pool.stats().inUse); // => 1024 1
   * ```
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
   * @example
   * ```ts
   * import { ClusterPool } from "@nfs/client/mbuf";
   * const pool = new ClusterPool({ clusterSize: 1024 });
   * pool.free(pool.alloc());
   * pool.alloc(); // served from the free list
   * console.log(pool.stats().reused); // => 1
   * ```
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
   * @example
   * ```ts
   * import { ClusterPool } from "@nfs/client/mbuf";
   * const pool = new ClusterPool({ clusterSize: 1024, maxFree: 0 });
   * pool.free(pool.alloc());
   * console.log(pool.stats().dropped); // => 1
   * ```
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

/**
 * The pool used when none is given.
 *
 * @example
 * ```ts
 * import { DEFAULT_CLUSTER_SIZE, defaultPool } from "@nfs/client/mbuf";
 * console.log(defaultPool.clusterSize === DEFAULT_CLUSTER_SIZE); // => true
 * ```
 */
export const defaultPool: ClusterPool = new ClusterPool();
