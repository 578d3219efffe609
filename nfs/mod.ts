/**
 * The NFS protocol clients: NFS version 3 and MOUNT version 3 (RFC 1813), NFS version 2 and
 * MOUNT version 1 (RFC 1094), over the project's RPC layer. RFC-named types and constants,
 * one declarative procedure table per program, thin typed clients, and one status table with
 * {@linkcode NfsError} classes shared by all four. The server halves of the codecs live in
 * the test server (`@nfs/client/testing`).
 *
 * @example
 * ```ts
 * import { assertEquals, assertRejects } from "@std/assert";
 * import { Mount3Client, Nfs3Client, NotFound, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const res = await nfs.lookup(root, "missing.txt");
 * assertEquals(res.status, 2); // NFS3ERR_NOENT: returned, not thrown
 * await assertRejects(async () => unwrap(await nfs.lookup(root, "missing.txt"), "NFS3 LOOKUP"), NotFound);
 * ```
 *
 * @module
 */
export {
  AlreadyExists,
  BadCookie,
  ConnectionError,
  DirectoryNotEmpty,
  FileTooLarge,
  InvalidArgument,
  IoError,
  IsADirectory,
  Jukebox,
  NameTooLong,
  NFS_STATUS_TABLE,
  NfsError,
  nfsError,
  type NfsErrorCode,
  type NfsErrorInit,
  type NfsErrorOptions,
  NfsStatus,
  type NfsStatusInfo,
  nfsStatusInfo,
  nfsStatusName,
  NoSpace,
  NotADirectory,
  NotFound,
  NotSupported,
  NotSync,
  PermissionDenied,
  QuotaExceeded,
  ReadOnly,
  ServerFault,
  StaleHandle,
  TimedOut,
} from "./errors.ts";
export { type CallOptions, type Procedure, unwrap } from "./_program.ts";
export type { Exportnode, Exports, Mountbody, Mountlist, MountProcedures } from "./_mount.ts";
export { MountClient } from "./_mount.ts";
export * from "./v3/mod.ts";
export * from "./mount3/mod.ts";
export * from "./v2/mod.ts";
export * from "./mount1/mod.ts";
