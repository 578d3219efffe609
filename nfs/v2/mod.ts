/**
 * NFS version 2 (RFC 1094): RFC-named types, strict bounded codecs for both the client and the
 * server side, the declarative procedure table and {@linkcode Nfs2Client}. Statuses map to
 * errors through the status table shared with NFSv3 (`nfsError`, `unwrap`).
 *
 * NFSv2 is 32-bit and moves at most 8 KiB per READ or WRITE ({@linkcode NFS_MAXDATA}); file
 * handles are 32 fixed bytes; a `sattr` field left out is sent as -1, "unchanged".
 *
 * @example
 * ```ts
 * import { encodeSattr, NFS2_PROCEDURES } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeSattr(w, { mode: 0o644 }); // uid, gid, size, atime, mtime: -1
 * const chain = w.finish();
 * console.log(chain.byteLength, NFS2_PROCEDURES.STATFS.proc); // 32 17
 * chain.release();
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./codec_types.ts";
export * from "./codec_procs.ts";
export * from "./procedures.ts";
export * from "./client.ts";
// Shared with NFSv3; re-exported (same bindings) because this API uses them.
export { type CallOptions, unwrap } from "../v3/client.ts";
export type { Procedure } from "../v3/procedures.ts";
export type { Dec, Enc } from "../v3/codec_procs.ts";
