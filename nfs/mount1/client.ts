/**
 * {@linkcode Mount1Client}: the MOUNT v1 procedures over any {@linkcode RpcCaller}.
 *
 * @module
 */
import type { RpcCaller } from "../../rpc/types.ts";
import type { CallOptions } from "../v3/client.ts";
import { callProcedure, type Procedure } from "../v3/procedures.ts";
import { MOUNT1_PROCEDURES as P } from "./procedures.ts";
import { type Exports, type Fhstatus, MOUNT_PROGRAM, MOUNT_V1, type Mountlist } from "./types.ts";

/**
 * A thin typed MOUNT version 1 client (RFC 1094 Appendix A), the one that goes with NFSv2.
 * A mount status is returned, not thrown: check `status`, or use
 * `unwrap(res, "MOUNT1 MNT", path)`.
 *
 * @example
 * ```ts ignore
 * const mnt = new Mount1Client(rpc);
 * const res = await mnt.mnt("/export");
 * if (res.status === 0) console.log(res.directory); // the 32-byte root fhandle
 * ```
 */
export class Mount1Client {
  readonly #caller: RpcCaller;

  /**
   * Creates a MOUNT v1 client on top of an RPC caller.
   *
   * @param caller Makes the RPC calls.
   */
  constructor(caller: RpcCaller) {
    this.#caller = caller;
  }

  #call<A, R>(p: Procedure<A, R>, args: A, opts?: CallOptions): Promise<R> {
    return callProcedure(this.#caller, MOUNT_PROGRAM, MOUNT_V1, "MOUNT1", p, args, opts);
  }

  /** A.5.1 NULL: does nothing (a ping). */
  null(opts?: CallOptions): Promise<void> {
    return this.#call(P.NULL, undefined, opts);
  }

  /** A.5.2 MNT: the root handle of export `dirpath` (and a mount list entry on the server). */
  mnt(dirpath: string, opts?: CallOptions): Promise<Fhstatus> {
    return this.#call(P.MNT, dirpath, opts);
  }

  /** A.5.3 DUMP: the server's list of mounted clients and directories. */
  dump(opts?: CallOptions): Promise<Mountlist> {
    return this.#call(P.DUMP, undefined, opts);
  }

  /** A.5.4 UMNT: removes this client's mount entry for `dirpath`. */
  umnt(dirpath: string, opts?: CallOptions): Promise<void> {
    return this.#call(P.UMNT, dirpath, opts);
  }

  /** A.5.5 UMNTALL: removes all of this client's mount entries. */
  umntall(opts?: CallOptions): Promise<void> {
    return this.#call(P.UMNTALL, undefined, opts);
  }

  /** A.5.6 EXPORT: the exported directories and the groups allowed to mount each. */
  export(opts?: CallOptions): Promise<Exports> {
    return this.#call(P.EXPORT, undefined, opts);
  }
}
