/**
 * The NFS versions the file API speaks, by version number: what `connect()` uses to get the
 * MOUNT client, the protocol adapter and the READ reply hint of the version it mounts with.
 *
 * @module
 */
import type { ProtoVersion } from "./proto.ts";
import { NFS_V2 } from "./v2.ts";
import { NFS_V3 } from "./v3.ts";

/** NFSv3 (with MOUNT v3) and NFSv2 (with MOUNT v1), by version number. */
export const VERSIONS: Readonly<Record<2 | 3, ProtoVersion>> = { 3: NFS_V3, 2: NFS_V2 };
