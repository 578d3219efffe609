/**
 * Real NFS servers as child processes, on free loopback ports with temporary exports: the one
 * place the integration tests (through `tests/servers/mod.ts`, which adds the per-kind table
 * and capability records) and the benchmarks take their servers from. Unpublished.
 *
 * @module
 */
export { type HarnessServer, type ServerCaps, STRICT_CAPS, type TestServer } from "./types.ts";
export {
  ganeshaAvailability,
  ganeshaConfig,
  type GaneshaConfigParams,
  type GaneshaOptions,
  type GaneshaServer,
  MEM_INODE_SIZE,
  startGanesha,
} from "./ganesha.ts";
export { startUnfsd, unfsdAvailability, type UnfsdOptions, type UnfsdServer } from "./unfsd.ts";
export { GONFS_CAPS, gonfsAvailability, type GonfsServer, startGonfs } from "./gonfs.ts";
export { embeddedAvailability, startEmbedded } from "./embedded.ts";
export {
  ensureRpcbind,
  pingPortmapper,
  PORTMAPPER_PORT,
  PORTMAPPER_PROG,
  rpcbindOwnedHere,
} from "./rpcbind.ts";
export {
  NFS_USER_SERVER_CAPS,
  type NfsUserServer,
  nfsUserServerAvailability,
  startNfsUserServer,
} from "./nfs_user_server.ts";
export {
  mountExports,
  type MountExportsResult,
  pmapGetPort,
  type PmapGetPortResult,
  rpcPing,
  type RpcPingResult,
  type RpcTarget,
} from "./_rpc_ping.ts";
export { nfsCat, nfsCp, nfsLs, type NfsLsEntry, nfsUrl } from "./libnfs.ts";
