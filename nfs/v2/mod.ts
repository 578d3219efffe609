/**
 * NFS version 2 (RFC 1094): RFC-named types, the procedure table and {@linkcode Nfs2Client}.
 * Statuses map to errors through the status table shared with NFSv3 (`unwrap`).
 *
 * NFSv2 is 32-bit and moves at most 8 KiB per READ or WRITE ({@linkcode NFS_MAXDATA}); file
 * handles are 32 fixed bytes; a `sattr` field left out is sent as -1, "unchanged".
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { NFS2_PROCEDURES, NFS_MAXDATA } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * NFS2_PROCEDURES.READ.encode(w, { file: new Uint8Array(32), offset: 0, count: NFS_MAXDATA });
 * using chain = w.finish(); // fhandle 32, offset 4, count 4, totalcount 4
 * assertEquals(chain.byteLength, 44);
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./procedures.ts";
export * from "./client.ts";
