/**
 * {@linkcode Mount3Client}: the MOUNT v3 procedures over any {@linkcode RpcCaller}.
 *
 * @module
 */
import type { RpcCaller } from "../../rpc/types.ts";
import { MountClient } from "../_mount.ts";
import { MOUNT3_PROCEDURES } from "./procedures.ts";
import { MOUNT_V3, type Mountres3 } from "./types.ts";

/**
 * A thin typed MOUNT version 3 client (RFC 1813 Appendix I). A mount status is returned, not
 * thrown: check `status`, or use `unwrap(res, "MOUNT3 MNT", path)`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { Mount3Client, Mountstat3 } from "@nfs/client/nfs";
 * import { RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ exportPath: "/export" });
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const mnt = new Mount3Client(rpc);
 * const res = await mnt.mnt("/export");
 * assertEquals(res.status === 0 && res.authFlavors, [1, 0]); // AUTH_SYS, AUTH_NONE
 * assertEquals((await mnt.dump()).map((m) => m.mlDirectory), ["/export"]);
 * assertEquals((await mnt.export()).map((e) => e.exDir), ["/export"]);
 * assertEquals((await mnt.mnt("/nowhere")).status, Mountstat3.MNT3ERR_NOENT);
 * await mnt.umnt("/export");
 * assertEquals(await mnt.dump(), []);
 * ```
 */
export class Mount3Client extends MountClient<Mountres3> {
  /** Creates a MOUNT v3 client on top of an RPC caller (which owns transport and credentials). */
  constructor(caller: RpcCaller) {
    super(caller, MOUNT_V3, "MOUNT3", MOUNT3_PROCEDURES);
  }
}
