import type { XdrReader, XdrWriter } from "../xdr/mod.ts";

/**
 * Where a reply's bulk data (a READ payload) lands, fixed when the call is made: `head`
 * bytes into clusters, the data straight from the socket into `dest`, so that
 * `XdrReader.opaqueInto(dest)` finds it in place. Other replies are decoded from clusters.
 */
export interface ReplySink {
  /** The caller's buffer; the bulk data lands at its start. */
  dest: Uint8Array;
  /** Bytes before the data from the XID on (RPC header + result head ending with its length). */
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
  /** Decodes the results (the reader is after `accept_stat` = SUCCESS), the whole body. */
  decode: (r: XdrReader) => T;
  /** Where bulk reply data goes (READ), if any. */
  sink?: ReplySink;
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Overrides the client's per-call timeout (ms). */
  timeout?: number;
  /**
   * Over UDP, the call is safe to send again early: its retransmission timer starts from the
   * round trip measured for calls of its name rather than from the client's timeout (see
   * rpc/_rtt.ts). Only for calls whose repetition has no other effect (a read, or a write of
   * the same bytes); default false.
   */
  idempotent?: boolean;
  /**
   * Told each time the call is sent again (after a timeout or a reconnection): a reply may
   * then answer an earlier transmission that the server already carried out (a REMOVE's
   * NOENT after its first reply was lost).
   */
  onRetransmit?: () => void;
}

/** Anything that can make RPC calls: the real client, or a fake in tests. */
export interface RpcCaller {
  /** Sends one call and resolves with its decoded result. */
  call<T>(spec: CallSpec<T>): Promise<T>;
}
