/**
 * Buffer chains for zero-copy protocol work: pooled clusters, external storage (the caller's
 * own buffers, never copied) and process-wide copy accounting.
 *
 * @example
 * ```ts
 * import { assertEquals, assertStrictEquals } from "@std/assert";
 * import { copyStats, MbufChain } from "@nfs/client/mbuf";
 * const data = new Uint8Array(65536);
 * const before = copyStats().payloadBytes;
 * using chain = new MbufChain().appendExternal(data);
 * assertStrictEquals([...chain.segments()][0], data);
 * assertEquals(copyStats().payloadBytes - before, 0);
 * ```
 *
 * @module
 */
export * from "./stats.ts";
export * from "./pool.ts";
export * from "./mbuf.ts";
export * from "./chain.ts";
