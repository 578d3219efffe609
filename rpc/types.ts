import type { XdrReader, XdrWriter } from "../xdr/mod.ts";

/**
 * A destination for the bulk data of a reply (a READ payload): the transport reads those
 * bytes from the socket straight into `dest`, then hands the decoder a chain in which the
 * data segment *is* `dest`, so `XdrReader.opaqueInto(dest)` finds it already in place.
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
   */
  call<T>(spec: CallSpec<T>): Promise<T>;
}
