import type { XdrReader, XdrWriter } from "../xdr/mod.ts";

/**
 * Where the bulk data of a reply (a READ payload) goes, fixed when the call is made. The
 * reply is read as `head` bytes (from the XID) into clusters, then the data straight from
 * the socket into `dest`, then its padding; the decoder gets a chain whose data segment
 * *is* `dest`, so `XdrReader.opaqueInto(dest)` finds it in place. A reply not laid out so
 * (an error status, a shorter head) is read into clusters and decoded the usual way.
 */
export interface ReplySink {
  /** The caller's buffer; the bulk data lands at its start. */
  dest: Uint8Array;
  /**
   * Bytes of a successful reply before the bulk data, from the XID on: the RPC reply header
   * (24 with an empty verifier) plus the result's head, whose last 4 bytes are the data's
   * XDR length. At least 8.
   */
  head: number;
}

/** One RPC call, described for {@linkcode RpcCaller.call}. */
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

/** Anything that can make RPC calls: the real client, or a fake in tests. */
export interface RpcCaller {
  /**
   * Sends one call and resolves with its decoded result.
   *
   * @param spec The call.
   * @returns The decoded result.
   */
  call<T>(spec: CallSpec<T>): Promise<T>;
}
