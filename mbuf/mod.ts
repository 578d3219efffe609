/**
 * Buffer chains for zero-copy protocol work: pooled clusters, external storage (the caller's
 * own buffers, never copied) and process-wide copy accounting.
 *
 * @example
 * ```ts
 * import { copyStats, MbufChain } from "@nfs/client/mbuf";
 * const data = new Uint8Array(65536);
 * const before = copyStats().payloadBytes;
 * const chain = new MbufChain().appendExternal(data);
 * const [first] = chain.segments();
 * console.log(first === data, copyStats().payloadBytes - before); // true 0
 * chain.release();
 * ```
 *
 * @module
 */
export * from "./stats.ts";
export * from "./pool.ts";
export * from "./mbuf.ts";
export * from "./chain.ts";
