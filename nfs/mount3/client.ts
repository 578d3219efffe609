/**
 * {@linkcode Mount3Client}: the MOUNT v3 procedures over any {@linkcode RpcCaller}.
 *
 * @module
 */
import type { RpcCaller } from "../../rpc/types.ts";
import type { CallOptions } from "../v3/client.ts";
import { callProcedure, type Procedure } from "../v3/procedures.ts";
import { MOUNT3_PROCEDURES as P } from "./procedures.ts";
import { type Exports, MOUNT_PROGRAM, MOUNT_V3, type Mountlist, type Mountres3 } from "./types.ts";

/**
 * A thin typed MOUNT version 3 client (RFC 1813 Appendix I). A mount status is returned, not
 * thrown: check `status`, or use `unwrap(res, "MOUNT3 MNT", path)`.
 *
 * @example
 * ```ts ignore
 * const mnt = new Mount3Client(rpc);
 * const res = await mnt.mnt("/export");
 * if (res.status === 0) console.log(res.fhandle, res.authFlavors);
 * ```
 */
export class Mount3Client {
  readonly #caller: RpcCaller;

  /**
   * Creates a MOUNT v3 client on top of an RPC caller.
   *
   * @param caller Makes the RPC calls.
   */
  constructor(caller: RpcCaller) {
    this.#caller = caller;
  }

  #call<A, R>(p: Procedure<A, R>, args: A, opts?: CallOptions): Promise<R> {
    return callProcedure(this.#caller, MOUNT_PROGRAM, MOUNT_V3, "MOUNT3", p, args, opts);
  }

  /** §5.2.0 NULL: does nothing (a ping). */
  null(opts?: CallOptions): Promise<void> {
    return this.#call(P.NULL, undefined, opts);
  }

  /** §5.2.1 MNT: the root handle of export `dirpath` and the auth flavors it accepts. */
  mnt(dirpath: string, opts?: CallOptions): Promise<Mountres3> {
    return this.#call(P.MNT, dirpath, opts);
  }

  /** §5.2.2 DUMP: the server's list of mounted clients and directories. */
  dump(opts?: CallOptions): Promise<Mountlist> {
    return this.#call(P.DUMP, undefined, opts);
  }

  /** §5.2.3 UMNT: removes this client's mount entry for `dirpath`. */
  umnt(dirpath: string, opts?: CallOptions): Promise<void> {
    return this.#call(P.UMNT, dirpath, opts);
  }

  /** §5.2.4 UMNTALL: removes all of this client's mount entries. */
  umntall(opts?: CallOptions): Promise<void> {
    return this.#call(P.UMNTALL, undefined, opts);
  }

  /** §5.2.5 EXPORT: the exported directories and the groups allowed to mount each. */
  export(opts?: CallOptions): Promise<Exports> {
    return this.#call(P.EXPORT, undefined, opts);
  }
}
