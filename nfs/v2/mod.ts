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
 * console.log(chain.byteLength, NFS2_PROCEDURES.STATFS.proc); // => 32 17
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
export {
  /**
   * Options of one call: an abort signal and a timeout overriding the RPC client's.
   *
   * @example
   * ```ts
   * import { type CallOptions, Nfs2Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const opts: CallOptions = { timeout: 2000, signal: AbortSignal.timeout(5000) };
   * console.log(await new Nfs2Client(rpc).null(opts)); // => undefined
   * ```
   */
  type CallOptions,
  /**
   * Throws the `NfsError` subclass for a failed result, else returns it narrowed to success.
   *
   * @example
   * ```ts
   * import { NotFound, unwrap } from "@nfs/client/nfs";
   * console.log(unwrap({ status: 0 as const, data: "target" }, "NFS2 READLINK").data); // => target
   * try {
   *   unwrap({ status: 2 }, "NFS2 LOOKUP", "missing.txt");
   * } catch (e) {
   *   console.log(e instanceof NotFound); // => true
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
   * import { NFS2_PROCEDURES, type Procedure, type Readargs } from "@nfs/client/nfs";
   * import { XdrWriter } from "@nfs/client/xdr";
   * const p: Procedure<Readargs, unknown> = NFS2_PROCEDURES.READ;
   * const w = new XdrWriter();
   * p.encode(w, { file: new Uint8Array(32), offset: 0, count: 1024 });
   * using chain = w.finish();
   * console.log(p.proc, p.name, chain.byteLength); // => 6 READ 44
   * ```
   */
  Procedure,
} from "../v3/procedures.ts";
export type {
  /**
   * A decoder: reads one value from an `XdrReader`.
   *
   * @example
   * ```ts
   * import { type Dec, decodeRes2 } from "@nfs/client/nfs";
   * import { XdrReader } from "@nfs/client/xdr";
   * const count: Dec<{ count: number }> = (r) => ({ count: r.uint("count") });
   * console.log(decodeRes2(new XdrReader(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 3])), count)); // => { status: 0, count: 3 }
   * ```
   */
  Dec,
  /**
   * An encoder: writes one value to an `XdrWriter`.
   *
   * @example
   * ```ts
   * import { type Enc, encodeRes2 } from "@nfs/client/nfs";
   * import { XdrWriter } from "@nfs/client/xdr";
   * const count: Enc<{ count: number }> = (w, v) => w.uint(v.count);
   * const w = new XdrWriter();
   * encodeRes2(w, { status: 0, count: 3 }, count);
   * using chain = w.finish();
   * console.log(chain.byteLength, chain.getUint32(4)); // => 8 3
   * ```
   */
  Enc,
} from "../v3/codec_procs.ts";
