/**
 * The MOUNT version 3 procedure table (RFC 1813 §5.2).
 *
 * @module
 */
import { type MountProcedures, mountProcedures } from "../_mount.ts";
import { decodeMountres3 } from "./codec.ts";
import type { Mountres3 } from "./types.ts";

/** The type of {@linkcode MOUNT3_PROCEDURES}. */
export type Mount3Procedures = MountProcedures<Mountres3>;

/** The MOUNT v3 procedure table, keyed by RFC name. */
export const MOUNT3_PROCEDURES: Mount3Procedures = mountProcedures(decodeMountres3);
