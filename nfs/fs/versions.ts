/**
 * The NFS versions the file API speaks, by version number: what `connect()` uses to get the
 * MOUNT client, the protocol adapter and the READ reply hint of the version it mounts with.
 *
 * @module
 */
import type { ProtoVersion } from "./proto.ts";
import { NFS_V3 } from "./v3.ts";

/**
 * NFSv3 (with MOUNT v3) and NFSv2 (with MOUNT v1), by version number. NFSv2's modules (its
 * codecs, MOUNT v1, the adapter: 10 modules) are loaded only when a connection uses it:
 * each module costs start-up time (~0.2 ms apiece in `deno run` here) and most servers
 * speak NFSv3.
 */
export const VERSIONS: Readonly<Record<2 | 3, () => Promise<ProtoVersion>>> = {
  3: () => Promise.resolve(NFS_V3),
  2: async () => (await import("./v2.ts")).NFS_V2,
};

/** The MOUNT version that goes with each NFS version (before its modules are loaded). */
export const MOUNT_VERSION: Readonly<Record<2 | 3, 1 | 3>> = { 3: 3, 2: 1 };
