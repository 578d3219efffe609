/**
 * What the test server's program versions (NFSv3, NFSv2, MOUNT v3, MOUNT v1) share: the
 * per-call context, the server state and the shape of an implementation table.
 *
 * @module
 */
import type { RpcCred } from "./_rpc_server.ts";
import type { Procedure } from "../nfs/_program.ts";
import type { XdrReader, XdrWriter } from "../xdr/mod.ts";
import type { Export, Who } from "./_export.ts";

/** A procedure-table entry with the server half of its codecs. */
export interface ServerProcedure<A, R> extends Procedure<A, R> {
  /** Decodes the arguments (server side). */
  decodeArgs(r: XdrReader): A;
  /** Encodes the results (server side). */
  encodeRes(w: XdrWriter, res: R): void;
}

/** The server halves of a table `P`'s procedures, by name. */
export type ServerHalves<P> = {
  [K in keyof P]: P[K] extends Procedure<infer A, infer R>
    ? readonly [(r: XdrReader) => A, (w: XdrWriter, res: R) => void]
    : never;
};

/** A client table `P` with the server halves added, keyed by name. */
export type ServerTable<P> = {
  [K in keyof P]: P[K] extends Procedure<infer A, infer R> ? ServerProcedure<A, R> : never;
};

/** Adds the server halves to a client procedure table. */
export function serverTable<P extends object>(
  client: P,
  halves: ServerHalves<P>,
): ServerTable<P> {
  const out: Record<string, ServerProcedure<unknown, unknown>> = {};
  for (const [name, p] of Object.entries(client)) {
    const [decodeArgs, encodeRes] = halves[name as keyof P] as unknown as readonly [
      (r: XdrReader) => unknown,
      (w: XdrWriter, res: unknown) => void,
    ];
    out[name] = { ...(p as Procedure<unknown, unknown>), decodeArgs, encodeRes };
  }
  return out as ServerTable<P>;
}

/** A server table's procedures indexed by number, for the dispatcher. */
export function byNumber(table: object): readonly ServerProcedure<unknown, unknown>[] {
  const list: ServerProcedure<unknown, unknown>[] = [];
  for (const p of Object.values(table) as ServerProcedure<unknown, unknown>[]) list[p.proc] = p;
  return list;
}

/** One call, as a procedure implementation sees it. */
export interface Call {
  /** The parsed credential. */
  cred: RpcCred;
  /** The identity access checks use (null = unchecked). */
  who: Who | null;
  /** The peer's address. */
  remote: Deno.NetAddr;
}

/** Transfer sizes the server advertises (FSINFO) and enforces. */
export interface IoConfig {
  /** Largest READ count (bytes). */
  rtmax: number;
  /** Preferred READ count. */
  rtpref: number;
  /** Largest WRITE count. */
  wtmax: number;
  /** Preferred WRITE count. */
  wtpref: number;
  /** Preferred READDIR count. */
  dtpref: number;
}

/** What every program version implementation reads. */
export interface ServerState {
  /** The exported directory. */
  readonly ex: Export;
  /** Transfer sizes. */
  readonly io: IoConfig;
  /** The current write verifier (changes on `restart()`). */
  readonly writeVerf: Uint8Array;
  /** Whether new objects can be given to the caller (the server runs as root). */
  readonly canChown: boolean;
  /** The export path clients mount. */
  readonly exportPath: string;
  /** Mount entries (`host dirpath`), for MOUNT DUMP. */
  readonly mounts: Set<string>;
}

/** An implementation of each procedure of a table `P`, typed by the table's codecs. */
export type Impl<P> = {
  [K in keyof P]: P[K] extends Procedure<infer A, infer R> ? (args: A, call: Call) => R | Promise<R>
    : never;
};

/** One program version the test server serves. */
export interface ProgramVersion {
  /** Program number. */
  prog: number;
  /** Version. */
  vers: number;
  /** Label prefix of its procedures, e.g. "NFS3". */
  label: string;
  /** Procedures by number (decodeArgs / encodeRes). */
  procs: readonly ServerProcedure<unknown, unknown>[];
  /** Implementations by RFC name. */
  impl: Readonly<Record<string, (args: unknown, call: Call) => unknown>>;
  /**
   * A failure result of procedure `name` carrying only `status`, for the `status` fault, or
   * undefined when the procedure has no status to fail with (NULL, UMNT...).
   */
  failRes(name: string, status: number): unknown;
}
