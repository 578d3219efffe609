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
 * console.log(res.status === 0 && res.directory.length); // => 32
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
  /**
   * RFC 1094 Appendix A.3: decodes `dirpath` (the MNT and UMNT argument).
   *
   * @example
   * ```ts
   * import { decodeDirpath } from "@nfs/client/nfs";
   * import { XdrReader } from "@nfs/client/xdr";
   * const bytes = new Uint8Array([0, 0, 0, 4, 0x2f, 0x74, 0x6d, 0x70]); // length 4, "/tmp"
   * console.log(decodeDirpath(new XdrReader(bytes))); // => /tmp
   * ```
   */
  decodeDirpath,
  /**
   * RFC 1094 Appendix A.5.6: decodes the EXPORT result (`exportlist`).
   *
   * @example
   * ```ts
   * import { decodeExports, encodeExports } from "@nfs/client/nfs";
   * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
   * const w = new XdrWriter();
   * encodeExports(w, [{ exDir: "/export", exGroups: ["client1", "client2"] }]);
   * using chain = w.finish();
   * console.log(decodeExports(new XdrReader(chain))[0]?.exGroups.length); // => 2
   * ```
   */
  decodeExports,
  /**
   * RFC 1094 Appendix A.5.3: decodes the DUMP result (`mountlist`).
   *
   * @example
   * ```ts
   * import { decodeMountlist } from "@nfs/client/nfs";
   * import { XdrReader } from "@nfs/client/xdr";
   * console.log(decodeMountlist(new XdrReader(new Uint8Array(4)))); // => []
   * ```
   */
  decodeMountlist,
  /**
   * RFC 1094 Appendix A.3: encodes `dirpath` (the MNT and UMNT argument).
   *
   * @example
   * ```ts
   * import { encodeDirpath } from "@nfs/client/nfs";
   * import { XdrWriter } from "@nfs/client/xdr";
   * const w = new XdrWriter();
   * encodeDirpath(w, "/tmp");
   * using chain = w.finish();
   * console.log(chain.byteLength, chain.getUint32(0)); // => 8 4
   * ```
   */
  encodeDirpath,
  /**
   * RFC 1094 Appendix A.5.6: encodes the EXPORT result (`exportlist`).
   *
   * @example
   * ```ts
   * import { encodeExports } from "@nfs/client/nfs";
   * import { XdrWriter } from "@nfs/client/xdr";
   * const w = new XdrWriter();
   * encodeExports(w, []); // no exports: one FALSE word
   * using chain = w.finish();
   * console.log(chain.byteLength); // => 4
   * ```
   */
  encodeExports,
  /**
   * RFC 1094 Appendix A.5.3: encodes the DUMP result (`mountlist`).
   *
   * @example
   * ```ts
   * import { decodeMountlist, encodeMountlist } from "@nfs/client/nfs";
   * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
   * const w = new XdrWriter();
   * encodeMountlist(w, [{ mlHostname: "client1", mlDirectory: "/export" }]);
   * using chain = w.finish();
   * console.log(decodeMountlist(new XdrReader(chain)).length); // => 1
   * ```
   */
  encodeMountlist,
} from "../mount3/codec.ts";
export {
  /**
   * Options of one call: an abort signal and a timeout overriding the RPC client's.
   *
   * @example
   * ```ts
   * import { type CallOptions, Mount1Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const opts: CallOptions = { timeout: 2000 };
   * console.log((await new Mount1Client(rpc).export(opts)).length); // => 1
   * ```
   */
  type CallOptions,
  /**
   * Throws the `NfsError` subclass for a failed result, else returns it narrowed to success.
   *
   * @example
   * ```ts
   * import { PermissionDenied, unwrap } from "@nfs/client/nfs";
   * try {
   *   unwrap({ status: 13 }, "MOUNT1 MNT", "/secret");
   * } catch (e) {
   *   console.log(e instanceof PermissionDenied); // => true
   * }
   * ```
   */
  unwrap,
} from "../v3/client.ts";
export type {
  /**
   * One entry of a procedure table: number, name and the four codecs.
   *
   * @example
   * ```ts
   * import { MOUNT1_PROCEDURES, type Procedure } from "@nfs/client/nfs";
   * const p: Procedure<string, unknown> = MOUNT1_PROCEDURES.UMNT;
   * console.log(p.proc, p.name); // => 3 UMNT
   * ```
   */
  Procedure,
} from "../v3/procedures.ts";
export type {
  /**
   * RFC 1094 §2.3.3 `fhandle`: the 32-byte handle MNT returns.
   *
   * @example
   * ```ts
   * import { type Fhandle, Mount1Client, unwrap } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const root: Fhandle = unwrap(await new Mount1Client(rpc).mnt("/export"), "MOUNT1 MNT").directory;
   * console.log(root.length); // => 32
   * ```
   */
  Fhandle,
  /**
   * A failure status: for MOUNT v1, a UNIX errno such as 13 (EACCES) or 2 (ENOENT).
   *
   * @example
   * ```ts
   * import { decodeFhstatus, type NfsstatFail } from "@nfs/client/nfs";
   * import { XdrReader } from "@nfs/client/xdr";
   * const res = decodeFhstatus(new XdrReader(new Uint8Array([0, 0, 0, 2])));
   * const failure: NfsstatFail | 0 = res.status;
   * console.log(failure); // => 2
   * ```
   */
  NfsstatFail,
} from "../v2/types.ts";
