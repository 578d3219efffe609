/**
 * {@linkcode Mount1Client}: the MOUNT v1 procedures over any {@linkcode RpcCaller}.
 *
 * @module
 */
import type { RpcCaller } from "../../rpc/types.ts";
import { MountClient } from "../_mount.ts";
import { MOUNT1_PROCEDURES } from "./procedures.ts";
import { type Fhstatus, MOUNT_V1 } from "./types.ts";

/**
 * A thin typed MOUNT version 1 client (RFC 1094 Appendix A), the mount protocol of NFSv2: MNT
 * returns a 32-byte NFSv2 handle. A mount status (a UNIX errno) is returned, not thrown:
 * check `status`, or use `unwrap(res, "MOUNT1 MNT", path)`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { Mount1Client, unwrap } from "@nfs/client/nfs";
 * import { RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ exportPath: "/export" });
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const mnt = new Mount1Client(rpc);
 * assertEquals(unwrap(await mnt.mnt("/export"), "MOUNT1 MNT").directory.length, 32);
 * assertEquals((await mnt.dump()).map((m) => m.mlDirectory), ["/export"]);
 * assertEquals((await mnt.mnt("/nowhere")).status, 2); // ENOENT
 * await mnt.umntall();
 * assertEquals(await mnt.dump(), []);
 * ```
 */
export class Mount1Client extends MountClient<Fhstatus> {
  /** Creates a MOUNT v1 client on top of an RPC caller (which owns transport and credentials). */
  constructor(caller: RpcCaller) {
    super(caller, MOUNT_V1, "MOUNT1", MOUNT1_PROCEDURES);
  }
}
