/**
 * MOUNT version 3 (RFC 1813 Appendix I) data types.
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

/** RFC 1813 §5.1.2: the MOUNT version matching NFSv3. */
export const MOUNT_V3 = 3;
/** RFC 1813 §5.1.4: FHSIZE3, the longest `fhandle3` in bytes. */
export const FHSIZE3 = 64;

/** RFC 1813 §5.1.5 `mountstat3`. */
export const Mountstat3 = {
  MNT3_OK: 0,
  MNT3ERR_PERM: 1,
  MNT3ERR_NOENT: 2,
  MNT3ERR_IO: 5,
  MNT3ERR_ACCES: 13,
  MNT3ERR_NOTDIR: 20,
  MNT3ERR_INVAL: 22,
  MNT3ERR_NAMETOOLONG: 63,
  MNT3ERR_NOTSUPP: 10004,
  MNT3ERR_SERVERFAULT: 10006,
} as const;
/** RFC 1813 §5.1.5 `mountstat3` values. */
export type Mountstat3 = typeof Mountstat3[keyof typeof Mountstat3];

/** RFC 1813 §5.1.5 `fhandle3`: the root handle of a mounted export (at most 64 bytes). */
export type Fhandle3 = Uint8Array;

/** RFC 1813 §5.2.1 `mountres3_ok`. */
export interface Mountres3Ok {
  /** The root handle of the export. */
  fhandle: Fhandle3;
  /** The RPC authentication flavors the server accepts, in order of preference. */
  authFlavors: number[];
}

/**
 * RFC 1813 §5.2.1 `mountres3`: `{ status: 0, fhandle, authFlavors }` or `{ status }`. A
 * server may send a status the RFC does not list; it is kept as is.
 */
export type Mountres3 =
  | ({ status: typeof Mountstat3.MNT3_OK } & Mountres3Ok)
  | { status: Exclude<Mountstat3, 0> };
