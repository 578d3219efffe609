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
 * ```ts
 * import { Mount1Client } from "@nfs/client/nfs";
 * import { RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ exportPath: "/export" });
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const mnt = new Mount1Client(rpc);
 * const res = await mnt.mnt("/export");
 * console.log(res.status === 0 && res.directory.length); // => 32
 * console.log((await mnt.mnt("/nowhere")).status); // => 2
 * ```
 */
export class Mount1Client {
  readonly #caller: RpcCaller;

  /**
   * Creates a MOUNT v1 client on top of an RPC caller.
   *
   * @param caller Makes the RPC calls.
   * @example
   * ```ts
   * import { Mount1Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount1Client(rpc);
   * console.log(await mnt.null()); // => undefined
   * ```
   */
  constructor(caller: RpcCaller) {
    this.#caller = caller;
  }

  #call<A, R>(p: Procedure<A, R>, args: A, opts?: CallOptions): Promise<R> {
    return callProcedure(this.#caller, MOUNT_PROGRAM, MOUNT_V1, "MOUNT1", p, args, opts);
  }

  /**
   * A.5.1 NULL: does nothing (a ping).
   *
   * @param opts Signal and timeout of this call.
   * @returns Nothing, once the server has answered.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Mount1Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount1Client(rpc);
   * await mnt.null({ timeout: 1000 });
   * console.log(server.stats().calls["MOUNT1 NULL"]); // => 1
   * ```
   */
  null(opts?: CallOptions): Promise<void> {
    return this.#call(P.NULL, undefined, opts);
  }

  /**
   * A.5.2 MNT: the root handle of export `dirpath` (and a mount list entry on the server).
   *
   * @param dirpath The export path (or a directory below it).
   * @param opts Signal and timeout of this call.
   * @returns `{ status: 0, directory }` (the 32-byte root `fhandle`), or `{ status }`, a UNIX
   * errno (e.g. 2, ENOENT).
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If `dirpath` is empty or longer than {@linkcode MNTPATHLEN} bytes.
   * @example
   * ```ts
   * import { Mount1Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount1Client(rpc);
   * const res = await mnt.mnt("/export");
   * console.log(res.status === 0 && res.directory.length, (await mnt.mnt("/nowhere")).status); // => 32 2
   * ```
   */
  mnt(dirpath: string, opts?: CallOptions): Promise<Fhstatus> {
    return this.#call(P.MNT, dirpath, opts);
  }

  /**
   * A.5.3 DUMP: the server's list of mounted clients and directories.
   *
   * @param opts Signal and timeout of this call.
   * @returns The `mountlist` entries (host name, directory).
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Mount1Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount1Client(rpc);
   * await mnt.mnt("/export");
   * console.log((await mnt.dump()).map((m) => m.mlDirectory)); // => [ "/export" ]
   * ```
   */
  dump(opts?: CallOptions): Promise<Mountlist> {
    return this.#call(P.DUMP, undefined, opts);
  }

  /**
   * A.5.4 UMNT: removes this client's mount entry for `dirpath`.
   *
   * @param dirpath The export path given to MNT.
   * @param opts Signal and timeout of this call.
   * @returns Nothing (the server answers even when there was no entry).
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If `dirpath` is empty or longer than {@linkcode MNTPATHLEN} bytes.
   * @example
   * ```ts
   * import { Mount1Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount1Client(rpc);
   * await mnt.mnt("/export");
   * await mnt.umnt("/export");
   * console.log(await mnt.dump()); // => []
   * ```
   */
  umnt(dirpath: string, opts?: CallOptions): Promise<void> {
    return this.#call(P.UMNT, dirpath, opts);
  }

  /**
   * A.5.5 UMNTALL: removes all of this client's mount entries.
   *
   * @param opts Signal and timeout of this call.
   * @returns Nothing.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Mount1Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount1Client(rpc);
   * await mnt.mnt("/export");
   * await mnt.umntall();
   * console.log(await mnt.dump()); // => []
   * ```
   */
  umntall(opts?: CallOptions): Promise<void> {
    return this.#call(P.UMNTALL, undefined, opts);
  }

  /**
   * A.5.6 EXPORT: the exported directories and the groups allowed to mount each.
   *
   * @param opts Signal and timeout of this call.
   * @returns The `exports` nodes (directory, groups).
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Mount1Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount1Client(rpc);
   * console.log(await mnt.export()); // => [ { exDir: "/export", exGroups: [] } ]
   * ```
   */
  export(opts?: CallOptions): Promise<Exports> {
    return this.#call(P.EXPORT, undefined, opts);
  }
}
