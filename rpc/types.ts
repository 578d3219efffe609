import type { XdrReader, XdrWriter } from "../xdr/mod.ts";

/**
 * A destination for the bulk data of a reply (a READ payload): the transport reads those
 * bytes from the socket straight into `dest`, then hands the decoder a chain in which the
 * data segment *is* `dest`, so `XdrReader.opaqueInto(dest)` finds it already in place.
 *
 * @example
 * ```ts
 * import { type ReplySink } from "@nfs/client/rpc";
 * const dest = new Uint8Array(4096);
 * const sink: ReplySink = {
 *   dest,
 *   hint: 128, // RPC reply header + fixed result head
 *   // Decode the result head; return the bulk length (its length word just read) or -1.
 *   locate: (r) => (r.uint("status") === 0 ? r.uint("count") : -1),
 * };
 * console.log(sink.dest.length); // => 4096
 * ```
 */
export interface ReplySink {
  /** The caller's buffer; the bulk data lands at its start. */
  dest: Uint8Array;
  /**
   * Bytes of the reply record, from the XID on, that precede the bulk data in the usual
   * case (RPC reply header plus the result's fixed head). The transport reads that much
   * before calling {@linkcode ReplySink.locate}, so no payload byte is read into a cluster.
   */
  hint: number;
  /**
   * Decodes the result's head from a reader positioned after `accept_stat` (SUCCESS) and
   * stops right before the bulk data's bytes.
   *
   * @returns The length of the bulk data (its XDR length word was just read), or -1 when
   * the result carries no bulk data (an error status).
   */
  locate(r: XdrReader): number;
}

/**
 * One RPC call, described for {@linkcode RpcCaller.call}.
 *
 * @example
 * ```ts
 * import { type CallSpec } from "@nfs/client/rpc";
 * const nullCall: CallSpec<void> = {
 *   prog: 100003,
 *   vers: 3,
 *   proc: 0,
 *   name: "NFS3 NULL",
 *   encode: () => {},
 *   decode: () => {},
 * };
 * console.log(nullCall.name); // => "NFS3 NULL"
 * ```
 */
export interface CallSpec<T> {
  /** Program number (100003 NFS, 100005 MOUNT, 100000 portmapper). */
  prog: number;
  /** Program version. */
  vers: number;
  /** Procedure number. */
  proc: number;
  /** A name for errors and logs, e.g. "NFS3 READ". */
  name?: string;
  /** Encodes the procedure's arguments (after the call header). */
  encode: (w: XdrWriter) => void;
  /**
   * Decodes the procedure's results from a reader positioned right after
   * `accept_stat` = SUCCESS. It must consume the whole body.
   */
  decode: (r: XdrReader) => T;
  /** Where bulk reply data goes (READ), if any. */
  sink?: ReplySink;
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Overrides the client's per-call timeout (ms). */
  timeout?: number;
}

/**
 * Anything that can make RPC calls: the real client, or a fake in tests.
 *
 * @example
 * ```ts
 * import { type CallSpec, type RpcCaller } from "@nfs/client/rpc";
 * import { XdrReader } from "@nfs/client/xdr";
 * // A fake that answers every call with a canned result body.
 * const fake: RpcCaller = {
 *   call: <T>(spec: CallSpec<T>) => Promise.resolve(spec.decode(new XdrReader(new Uint8Array([0, 0, 8, 1])))),
 * };
 * const spec = { prog: 100000, vers: 2, proc: 3, encode: () => {}, decode: (r: XdrReader) => r.uint() };
 * console.log(await fake.call(spec)); // => 2049
 * ```
 */
export interface RpcCaller {
  /**
   * Sends one call and resolves with its decoded result.
   *
   * @param spec The call.
   * @returns The decoded result.
   * @example
   * ```ts
   * import { PmapClient, RpcClient, RpcServer } from "@nfs/client/rpc";
   * await using server = RpcServer.listen().register(100000, 2, () => (w) => w.uint(2049));
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const port = await rpc.call({ prog: 100000, vers: 2, proc: 3, encode: (w) => w.uint(100003), decode: (r) => r.uint() });
   * console.log(port); // => 2049
   * ```
   */
  call<T>(spec: CallSpec<T>): Promise<T>;
}
