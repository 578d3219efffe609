/**
 * NFS version 2 (RFC 1094) data types, named after the RFC (`fattr` → {@linkcode Fattr},
 * `readargs` → {@linkcode Readargs}); fields are the RFC field names.
 *
 * Every size, offset and count of NFSv2 is an unsigned 32-bit `number`. Results are unions
 * tagged by `status`: `{ status: 0, ...ok }` on NFS_OK, `{ status }` otherwise (NFSv2 failure
 * results carry nothing), the union arm's fields flattened like the NFSv3 resok.
 *
 * @module
 */
export { NFS_PROGRAM } from "../_program.ts";

/** RFC 1094 §2.2: the NFS version this module implements. */
export const NFS_V2 = 2;

/** RFC 1094 §3.5: MAXDATA, the most bytes of data in one READ or WRITE. */
export const NFS_MAXDATA = 8192;
/** RFC 1094 §3.5: MAXPATHLEN, the longest `path` in bytes. */
export const NFS_MAXPATHLEN = 1024;
/** RFC 1094 §3.5: MAXNAMLEN, the longest `filename` in bytes. */
export const NFS_MAXNAMLEN = 255;
/** RFC 1094 §3.5: COOKIESIZE, the size of a READDIR `nfscookie`. */
export const NFS_COOKIESIZE = 4;
/** RFC 1094 §3.5: FHSIZE, the size of an `fhandle` (also MOUNT v1's, Appendix A.3). */
export const NFS_FHSIZE = 32;

/** RFC 1094 §2.3.1 `stat` (`nfsstat` in `nfs_prot.x`): the status of every result. */
export const Nfsstat = {
  NFS_OK: 0,
  NFSERR_PERM: 1,
  NFSERR_NOENT: 2,
  NFSERR_IO: 5,
  NFSERR_NXIO: 6,
  NFSERR_ACCES: 13,
  NFSERR_EXIST: 17,
  NFSERR_NODEV: 19,
  NFSERR_NOTDIR: 20,
  NFSERR_ISDIR: 21,
  NFSERR_FBIG: 27,
  NFSERR_NOSPC: 28,
  NFSERR_ROFS: 30,
  NFSERR_NAMETOOLONG: 63,
  NFSERR_NOTEMPTY: 66,
  NFSERR_DQUOT: 69,
  NFSERR_STALE: 70,
  NFSERR_WFLUSH: 99,
} as const;
/** RFC 1094 §2.3.1 `stat` values. */
export type Nfsstat = typeof Nfsstat[keyof typeof Nfsstat];
/**
 * A failure status. Servers also send numbers RFC 1094 does not list (Linux: NFSERR_INVAL
 * 22, NFSERR_XDEV 18): decoders keep them as is and `nfsError` maps them by number.
 */
export type NfsstatFail = Exclude<Nfsstat, 0>;

/**
 * RFC 1094 §2.3.2 `ftype`: NFNON..NFLNK, plus NFSOCK, NFBAD and NFFIFO, which the RFC does
 * not list but `nfs_prot.x` (Sun, glibc, BSD) defines and servers send.
 */
export const Ftype = {
  NFNON: 0,
  NFREG: 1,
  NFDIR: 2,
  NFBLK: 3,
  NFCHR: 4,
  NFLNK: 5,
  NFSOCK: 6,
  NFBAD: 7,
  NFFIFO: 8,
} as const;
/** RFC 1094 §2.3.2 `ftype` values. */
export type Ftype = typeof Ftype[keyof typeof Ftype];

/** RFC 1094 §2.3.3 `fhandle`: exactly {@linkcode NFS_FHSIZE} (32) opaque bytes. */
export type Fhandle = Uint8Array;
/** RFC 1094 §2.2.17 `nfscookie`: {@linkcode NFS_COOKIESIZE} (4) opaque bytes. */
export type Nfscookie = Uint8Array;

/**
 * RFC 1094 §2.3.4 `timeval`. In a `sattr`, `useconds` = 1000000 is the Sun convention for
 * "set to the server's current time" (sent by the Linux and BSD clients).
 */
export interface Timeval {
  /** Seconds since 1970-01-01 00:00 UTC (uint32). */
  seconds: number;
  /** Microseconds (uint32). */
  useconds: number;
}

/** RFC 1094 §2.3.5 `fattr` (68 bytes on the wire). */
export interface Fattr {
  /** File type. */
  type: Ftype;
  /** Mode bits, file type bits included (e.g. 0o100644). */
  mode: number;
  /** Number of hard links. */
  nlink: number;
  /** Owner user id. */
  uid: number;
  /** Owner group id. */
  gid: number;
  /** Size in bytes. */
  size: number;
  /** Block size in bytes. */
  blocksize: number;
  /** Device number for NFCHR / NFBLK. */
  rdev: number;
  /** Blocks used. */
  blocks: number;
  /** File system id. */
  fsid: number;
  /** File id (inode number). */
  fileid: number;
  /** Last access time. */
  atime: Timeval;
  /** Last data modification time. */
  mtime: Timeval;
  /** Last status change time. */
  ctime: Timeval;
}

/**
 * RFC 1094 §2.3.6 `sattr`: only the present fields are set. An absent field goes on the wire
 * as -1 (0xFFFFFFFF; both words for a time), which the RFC defines as "ignore this field"; a
 * time with either word -1 decodes as absent, as the Linux server reads it.
 */
export interface Sattr {
  /** Mode bits to set. */
  mode?: number | undefined;
  /** Owner to set. */
  uid?: number | undefined;
  /** Group to set. */
  gid?: number | undefined;
  /** Size to set (0 truncates). */
  size?: number | undefined;
  /** Access time to set. */
  atime?: Timeval | undefined;
  /** Modification time to set. */
  mtime?: Timeval | undefined;
}

/** RFC 1094 §2.3.10 `diropargs`. */
export interface Diropargs {
  /** The directory. */
  dir: Fhandle;
  /** The name in it. */
  name: string;
}

/** A result union: `{ status: 0, ...ok }` on NFS_OK, `{ status }` otherwise. */
export type Res2<Ok> =
  | ({ status: typeof Nfsstat.NFS_OK } & Ok)
  | { status: NfsstatFail };

/** The result of the procedures that return a bare `stat` (REMOVE, RENAME, LINK, ...). */
export type NfsstatRes = Res2<Record<never, never>>;

/** RFC 1094 §2.3.9 `attrstat` (GETATTR, SETATTR, WRITE). */
export type Attrstat = Res2<{ attributes: Fattr }>;

/** RFC 1094 §2.3.11 `diropok`. */
export interface Diropok {
  /** The handle of the named file. */
  file: Fhandle;
  /** Its attributes. */
  attributes: Fattr;
}
/** RFC 1094 §2.3.11 `diropres` (LOOKUP, CREATE, MKDIR). */
export type Diropres = Res2<Diropok>;

/** RFC 1094 §2.2.3 `sattrargs`. */
export interface Sattrargs {
  /** The file. */
  file: Fhandle;
  /** What to set. */
  attributes: Sattr;
}

/** RFC 1094 §2.2.6 `readlinkres`. */
export type Readlinkres = Res2<{ data: string }>;

/** RFC 1094 §2.2.7 `readargs`. */
export interface Readargs {
  /** The file. */
  file: Fhandle;
  /** Byte offset (uint32). */
  offset: number;
  /** Bytes to read, at most {@linkcode NFS_MAXDATA}. */
  count: number;
  /** Unused by servers; sent as `count` when absent. */
  totalcount?: number | undefined;
}
/** RFC 1094 §2.2.7 `readres` NFS_OK arm. */
export interface Readok {
  /** The file's attributes after the read. */
  attributes: Fattr;
  /** The data read: the start of the caller's buffer when one was given. */
  data: Uint8Array;
}
/** RFC 1094 §2.2.7 `readres`. */
export type Readres = Res2<Readok>;

/** RFC 1094 §2.2.9 `writeargs`. */
export interface Writeargs {
  /** The file. */
  file: Fhandle;
  /** Unused by servers; sent as `offset` when absent. */
  beginoffset?: number | undefined;
  /** Byte offset (uint32). */
  offset: number;
  /** Unused by servers; sent as `data.length` when absent. */
  totalcount?: number | undefined;
  /** The bytes, at most {@linkcode NFS_MAXDATA} (attached to the request without a copy). */
  data: Uint8Array;
}

/** RFC 1094 §2.2.10 `createargs` (CREATE, MKDIR). */
export interface Createargs {
  /** Directory and name. */
  where: Diropargs;
  /** Initial attributes. */
  attributes: Sattr;
}

/** RFC 1094 §2.2.12 `renameargs`. */
export interface Renameargs {
  /** Source directory and name. */
  from: Diropargs;
  /** Target directory and name. */
  to: Diropargs;
}

/** RFC 1094 §2.2.13 `linkargs`. */
export interface Linkargs {
  /** The existing file. */
  from: Fhandle;
  /** Directory and name of the new link. */
  to: Diropargs;
}

/** RFC 1094 §2.2.14 `symlinkargs`. */
export interface Symlinkargs {
  /** Directory and name of the new link. */
  from: Diropargs;
  /** The link text (`path`). */
  to: string;
  /** Initial attributes. */
  attributes: Sattr;
}

/** RFC 1094 §2.2.17 `readdirargs`. */
export interface Readdirargs {
  /** The directory. */
  dir: Fhandle;
  /** Where to resume: an entry's cookie, or 4 zero bytes to start. */
  cookie: Nfscookie;
  /** Largest size of the entries in the reply, in bytes. */
  count: number;
}
/** RFC 1094 §2.2.17 `entry` (the `nextentry` list becomes an array). */
export interface Entry {
  /** File id. */
  fileid: number;
  /** Name. */
  name: string;
  /** Cookie to resume after this entry. */
  cookie: Nfscookie;
}
/** RFC 1094 §2.2.17 `readdirok`. */
export interface Readdirok {
  /** The entries. */
  entries: Entry[];
  /** True when there are no more entries. */
  eof: boolean;
}
/** RFC 1094 §2.2.17 `readdirres`. */
export type Readdirres = Res2<Readdirok>;

/** RFC 1094 §2.2.18 `statfsres` NFS_OK arm (`info`). */
export interface Statfsok {
  /** Optimum transfer size in bytes. */
  tsize: number;
  /** Block size in bytes. */
  bsize: number;
  /** Total blocks. */
  blocks: number;
  /** Free blocks. */
  bfree: number;
  /** Blocks available to non-privileged users. */
  bavail: number;
}
/** RFC 1094 §2.2.18 `statfsres`. */
export type Statfsres = Res2<Statfsok>;
