/**
 * The MOUNT version 1 procedure table (RFC 1094 Appendix A.5).
 *
 * @module
 */
import { type MountProcedures, mountProcedures } from "../_mount.ts";
import { decodeFhstatus } from "./codec.ts";
import type { Fhstatus } from "./types.ts";

/** The type of {@linkcode MOUNT1_PROCEDURES}. */
export type Mount1Procedures = MountProcedures<Fhstatus>;

/** The MOUNT v1 procedure table, keyed by RFC name. */
export const MOUNT1_PROCEDURES: Mount1Procedures = mountProcedures(decodeFhstatus);
