/**
 * MOUNT version 1 (RFC 1094 Appendix A), the mount protocol of NFSv2: types, codecs,
 * procedure table and {@linkcode Mount1Client}. MNT returns a 32-byte NFSv2 `fhandle`.
 *
 * @example
 * ```ts
 * import { decodeFhstatus } from "@nfs/client/nfs";
 * import { XdrReader } from "@nfs/client/xdr";
 * const reply = new Uint8Array(4 + 32); // status 0, then the handle
 * const res = decodeFhstatus(new XdrReader(reply));
 * console.log(res.status === 0 && res.directory.length); // 32
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./codec.ts";
export * from "./procedures.ts";
export * from "./client.ts";
// Shared with MOUNT v3 and NFSv3; re-exported (same bindings) because this API uses them.
export {
  decodeDirpath,
  decodeExports,
  decodeMountlist,
  encodeDirpath,
  encodeExports,
  encodeMountlist,
} from "../mount3/codec.ts";
export { type CallOptions, unwrap } from "../v3/client.ts";
export type { Procedure } from "../v3/procedures.ts";
export type { Fhandle, NfsstatFail } from "../v2/types.ts";
