/**
 * MOUNT version 1 (RFC 1094 Appendix A) data types. The mount list and the export list have
 * the same XDR as in MOUNT v3 and share its types (`nfs/_mount.ts`).
 *
 * @module
 */
export {
  type Exportnode,
  type Exports,
  MNTNAMLEN,
  MNTPATHLEN,
  type Mountbody,
  type Mountlist,
} from "../_mount.ts";
export { MOUNT_PROGRAM } from "../_program.ts";

/** RFC 1094 Appendix A.5: the MOUNT version that goes with NFSv2. */
export const MOUNT_V1 = 1;
/** RFC 1094 Appendix A.3: FHSIZE, the size of MOUNT v1's `fhandle` (an NFSv2 handle). */
export const FHSIZE = 32;

/**
 * A failed MNT's status: a UNIX errno, with the numbers of the NFSv2 `stat` errors (RFC 1094
 * §2.3.1), e.g. 13 EACCES, 2 ENOENT.
 */
// deno-fmt-ignore
export type FhstatusFail =
  1 | 2 | 5 | 6 | 13 | 17 | 19 | 20 | 21 | 27 | 28 | 30 | 63 | 66 | 69 | 70 | 99;

/** RFC 1094 Appendix A.4.2 `fhstatus` status 0 arm. */
export interface Fhstatusok {
  /** The root handle of the mounted directory ({@linkcode FHSIZE} bytes). */
  directory: Uint8Array;
}

/** RFC 1094 Appendix A.4.2 `fhstatus`: `{ status: 0, directory }`, or `{ status }`. */
export type Fhstatus = ({ status: 0 } & Fhstatusok) | { status: FhstatusFail };
