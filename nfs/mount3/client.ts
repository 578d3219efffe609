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
 * ```ts
 * import { Mount3Client } from "@nfs/client/nfs";
 * import { RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ exportPath: "/export" });
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const mnt = new Mount3Client(rpc);
 * const res = await mnt.mnt("/export");
 * console.log(res.status === 0 && res.authFlavors); // => [ 1, 0 ]
 * console.log((await mnt.mnt("/nowhere")).status); // => 2
 * ```
 */
export class Mount3Client {
  readonly #caller: RpcCaller;

  /**
   * Creates a MOUNT v3 client on top of an RPC caller.
   *
   * @param caller Makes the RPC calls.
   * @example
   * ```ts
   * import { Mount3Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount3Client(rpc);
   * console.log(await mnt.null()); // => undefined
   * ```
   */
  constructor(caller: RpcCaller) {
    this.#caller = caller;
  }

  #call<A, R>(p: Procedure<A, R>, args: A, opts?: CallOptions): Promise<R> {
    return callProcedure(this.#caller, MOUNT_PROGRAM, MOUNT_V3, "MOUNT3", p, args, opts);
  }

  /**
   * §5.2.0 NULL: does nothing (a ping).
   *
   * @param opts Signal and timeout of this call.
   * @returns Nothing, once the server has answered.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Mount3Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount3Client(rpc);
   * await mnt.null({ timeout: 1000 });
   * console.log(server.stats().calls["MOUNT3 NULL"]); // => 1
   * ```
   */
  null(opts?: CallOptions): Promise<void> {
    return this.#call(P.NULL, undefined, opts);
  }

  /**
   * §5.2.1 MNT: the root handle of export `dirpath` and the auth flavors it accepts.
   *
   * @param dirpath The export path (or a directory below it).
   * @param opts Signal and timeout of this call.
   * @returns `{ status: 0, fhandle, authFlavors }`, or `{ status }` (e.g. 2, MNT3ERR_NOENT).
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If `dirpath` is empty or longer than {@linkcode MNTPATHLEN} bytes.
   * @example
   * ```ts
   * import { Mount3Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount3Client(rpc);
   * const res = await mnt.mnt("/export");
   * console.log(res.status === 0 && res.fhandle.length > 0, res.status === 0 && res.authFlavors); // => true [ 1, 0 ]
   * ```
   */
  mnt(dirpath: string, opts?: CallOptions): Promise<Mountres3> {
    return this.#call(P.MNT, dirpath, opts);
  }

  /**
   * §5.2.2 DUMP: the server's list of mounted clients and directories.
   *
   * @param opts Signal and timeout of this call.
   * @returns The `mountlist` entries (host name, directory).
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Mount3Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount3Client(rpc);
   * await mnt.mnt("/export");
   * console.log((await mnt.dump()).map((m) => m.mlDirectory)); // => [ "/export" ]
   * ```
   */
  dump(opts?: CallOptions): Promise<Mountlist> {
    return this.#call(P.DUMP, undefined, opts);
  }

  /**
   * §5.2.3 UMNT: removes this client's mount entry for `dirpath`.
   *
   * @param dirpath The export path given to MNT.
   * @param opts Signal and timeout of this call.
   * @returns Nothing (the server answers even when there was no entry).
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If `dirpath` is empty or longer than {@linkcode MNTPATHLEN} bytes.
   * @example
   * ```ts
   * import { Mount3Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount3Client(rpc);
   * await mnt.mnt("/export");
   * await mnt.umnt("/export");
   * console.log(await mnt.dump()); // => []
   * ```
   */
  umnt(dirpath: string, opts?: CallOptions): Promise<void> {
    return this.#call(P.UMNT, dirpath, opts);
  }

  /**
   * §5.2.4 UMNTALL: removes all of this client's mount entries.
   *
   * @param opts Signal and timeout of this call.
   * @returns Nothing.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Mount3Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount3Client(rpc);
   * await mnt.mnt("/export");
   * await mnt.umntall();
   * console.log(await mnt.dump()); // => []
   * ```
   */
  umntall(opts?: CallOptions): Promise<void> {
    return this.#call(P.UMNTALL, undefined, opts);
  }

  /**
   * §5.2.5 EXPORT: the exported directories and the groups allowed to mount each.
   *
   * @param opts Signal and timeout of this call.
   * @returns The `exports` nodes (directory, groups).
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Mount3Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount3Client(rpc);
   * console.log(await mnt.export()); // => [ { exDir: "/export", exGroups: [] } ]
   * ```
   */
  export(opts?: CallOptions): Promise<Exports> {
    return this.#call(P.EXPORT, undefined, opts);
  }
}
