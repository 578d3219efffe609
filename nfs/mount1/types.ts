/**
 * MOUNT version 1 (RFC 1094 Appendix A) data types. The mount list and export list have the
 * same XDR as in MOUNT v3, whose types ({@linkcode Mountlist}, {@linkcode Exports}) are used.
 *
 * @module
 */
import type { Fhandle, NfsstatFail } from "../v2/types.ts";
import { MNTNAMLEN, MNTPATHLEN, MOUNT_PROGRAM } from "../mount3/types.ts";

export { MNTNAMLEN, MNTPATHLEN, MOUNT_PROGRAM };
export type { Exportnode, Exports, Mountbody, Mountlist } from "../mount3/types.ts";

/** RFC 1094 Appendix A.5: the MOUNT version that goes with NFSv2. */
export const MOUNT_V1 = 1;

/** RFC 1094 Appendix A.4.2 `fhstatus` status 0 arm. */
export interface Fhstatusok {
  /** The root handle of the mounted directory (32 bytes). */
  directory: Fhandle;
}

/**
 * RFC 1094 Appendix A.4.2 `fhstatus`: `{ status: 0, directory }`, or `{ status }` where a
 * non-zero status is a UNIX errno (the same numbers as the NFSv2 `stat` errors, e.g. 13
 * EACCES, 2 ENOENT).
 */
export type Fhstatus = ({ status: 0 } & Fhstatusok) | { status: NfsstatFail };
