/**
 * MOUNT version 3 (RFC 1813 Appendix I) data types.
 *
 * @module
 */

/** RFC 1813 §5.1.2: the MOUNT program number. */
export const MOUNT_PROGRAM = 100005;
/** RFC 1813 §5.1.2: the MOUNT version matching NFSv3. */
export const MOUNT_V3 = 3;
/** RFC 1813 §5.1.4: MNTPATHLEN, the longest `dirpath` in bytes. */
export const MNTPATHLEN = 1024;
/** RFC 1813 §5.1.4: MNTNAMLEN, the longest `name` in bytes. */
export const MNTNAMLEN = 255;
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
  /** The export's root file handle. */
  fhandle: Fhandle3;
  /** The RPC auth flavors the server accepts for this export, preferred first. */
  authFlavors: number[];
}

/**
 * RFC 1813 §5.2.1 `mountres3`: `{ status: 0, fhandle, authFlavors }` or `{ status }`. A
 * server may send a status the RFC does not list; it is kept as is.
 */
export type Mountres3 =
  | ({ status: typeof Mountstat3.MNT3_OK } & Mountres3Ok)
  | { status: Exclude<Mountstat3, 0> };

/** RFC 1813 §5.2.2 `mountbody` (one entry of the `mountlist`). */
export interface Mountbody {
  /** The client host name (`ml_hostname`). */
  mlHostname: string;
  /** The mounted directory (`ml_directory`). */
  mlDirectory: string;
}

/** RFC 1813 §5.2.2 `mountlist` (the linked list as an array). */
export type Mountlist = Mountbody[];

/** RFC 1813 §5.2.5 `exportnode` (one entry of `exports`). */
export interface Exportnode {
  /** The exported directory (`ex_dir`). */
  exDir: string;
  /** The groups (host or netgroup names) allowed to mount it (`ex_groups`). */
  exGroups: string[];
}

/** RFC 1813 §5.2.5 `exports` (the linked list as an array). */
export type Exports = Exportnode[];
