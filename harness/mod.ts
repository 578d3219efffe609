/**
 * Real NFS servers as child processes, on free loopback ports with temporary exports: the one
 * place the integration tests (through `tests/servers/mod.ts`, which adds the per-kind table
 * and capability records) and the benchmarks take their servers from. Unpublished.
 *
 * @module
 */
export type { HarnessServer, ServerCaps, TestServer } from "./types.ts";
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
export { ensureRpcbind, pingPortmapper, PORTMAPPER_PORT, rpcbindOwnedHere } from "./rpcbind.ts";
export { nfsCat, nfsCp, nfsLs, type NfsLsEntry, nfsUrl } from "./libnfs.ts";
