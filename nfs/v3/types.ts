/**
 * NFS version 3 (RFC 1813) data types, named after the RFC (`fattr3` → {@linkcode Fattr3},
 * `READ3args` → {@linkcode Read3Args}); fields are the RFC field names in camelCase.
 *
 * Number choices: every `uint64` that can exceed 2^53 is a `bigint` when decoded (`size3`,
 * `fileid3`, `cookie3`, `offset3`, `fsid`, the FSSTAT counters, `maxfilesize`), since file
 * systems do hand out 64-bit fileids and cookies (XFS, btrfs hash cookies) and sizes of sparse
 * files reach 2^63. Arguments also accept a safe-integer `number` where the caller is likely
 * to hold one (offsets, sizes, cookie 0). 32-bit fields (`count3`, `mode3`, `uid3`, times) are
 * `number`.
 *
 * @module
 */

export { NFS_PROGRAM } from "../_program.ts";
/** RFC 1813 §2.2: the NFS version this module implements. */
export const NFS_V3 = 3;

/** RFC 1813 §2.4: NFS3_FHSIZE, the largest file handle in bytes. */
export const NFS3_FHSIZE = 64;
/** RFC 1813 §2.4: NFS3_COOKIEVERFSIZE. */
export const NFS3_COOKIEVERFSIZE = 8;
/** RFC 1813 §2.4: NFS3_CREATEVERFSIZE. */
export const NFS3_CREATEVERFSIZE = 8;
/** RFC 1813 §2.4: NFS3_WRITEVERFSIZE. */
export const NFS3_WRITEVERFSIZE = 8;
/**
 * Largest `filename3` accepted, in UTF-8 bytes. RFC 1813 §2.5 declares `filename3<>` without a
 * bound (the server's limit is PATHCONF `name_max`, §3.2 item 4); 255 is NAME_MAX of every
 * common server file system and the value of the Linux and BSD clients' NFS3_MAXNAMLEN.
 */
export const NFS3_MAXNAMLEN = 255;
/**
 * Largest `nfspath3` (symbolic link text) accepted, in bytes. RFC 1813 declares `nfspath3<>`
 * unbounded; 4096 is PATH_MAX on Linux, the Linux client's NFS3_MAXPATHLEN.
 */
export const NFS3_MAXPATHLEN = 4096;

/** A 64-bit unsigned argument: a `bigint`, or a safe-integer `number` for convenience. */
export type Uint64 = bigint | number;

/** RFC 1813 §2.5 `nfsstat3`. */
export const Nfsstat3 = {
  NFS3_OK: 0,
  NFS3ERR_PERM: 1,
  NFS3ERR_NOENT: 2,
  NFS3ERR_IO: 5,
  NFS3ERR_NXIO: 6,
  NFS3ERR_ACCES: 13,
  NFS3ERR_EXIST: 17,
  NFS3ERR_XDEV: 18,
  NFS3ERR_NODEV: 19,
  NFS3ERR_NOTDIR: 20,
  NFS3ERR_ISDIR: 21,
  NFS3ERR_INVAL: 22,
  NFS3ERR_FBIG: 27,
  NFS3ERR_NOSPC: 28,
  NFS3ERR_ROFS: 30,
  NFS3ERR_MLINK: 31,
  NFS3ERR_NAMETOOLONG: 63,
  NFS3ERR_NOTEMPTY: 66,
  NFS3ERR_DQUOT: 69,
  NFS3ERR_STALE: 70,
  NFS3ERR_REMOTE: 71,
  NFS3ERR_BADHANDLE: 10001,
  NFS3ERR_NOT_SYNC: 10002,
  NFS3ERR_BAD_COOKIE: 10003,
  NFS3ERR_NOTSUPP: 10004,
  NFS3ERR_TOOSMALL: 10005,
  NFS3ERR_SERVERFAULT: 10006,
  NFS3ERR_BADTYPE: 10007,
  NFS3ERR_JUKEBOX: 10008,
} as const;
/** RFC 1813 §2.5 `nfsstat3` values. */
export type Nfsstat3 = typeof Nfsstat3[keyof typeof Nfsstat3];
/**
 * A failure status. A server may send a number the RFC does not list: decoders keep it as
 * is (this type then does not cover it) and `nfsError` maps it to a generic `NfsError`.
 */
export type Nfsstat3Fail = Exclude<Nfsstat3, 0>;

/** RFC 1813 §2.5 `ftype3`. */
export const Ftype3 = {
  NF3REG: 1,
  NF3DIR: 2,
  NF3BLK: 3,
  NF3CHR: 4,
  NF3LNK: 5,
  NF3SOCK: 6,
  NF3FIFO: 7,
} as const;
/** RFC 1813 §2.5 `ftype3` values. */
export type Ftype3 = typeof Ftype3[keyof typeof Ftype3];

/** RFC 1813 §2.5 `time_how` (the discriminant of `set_atime`/`set_mtime`). */
export const TimeHow = { DONT_CHANGE: 0, SET_TO_SERVER_TIME: 1, SET_TO_CLIENT_TIME: 2 } as const;
/** RFC 1813 §2.5 `time_how` values. */
export type TimeHow = typeof TimeHow[keyof typeof TimeHow];

/** RFC 1813 §3.3.7 `stable_how`. */
export const StableHow = { UNSTABLE: 0, DATA_SYNC: 1, FILE_SYNC: 2 } as const;
/** RFC 1813 §3.3.7 `stable_how` values. */
export type StableHow = typeof StableHow[keyof typeof StableHow];

/** RFC 1813 §3.3.8 `createmode3`. */
export const Createmode3 = { UNCHECKED: 0, GUARDED: 1, EXCLUSIVE: 2 } as const;
/** RFC 1813 §3.3.8 `createmode3` values. */
export type Createmode3 = typeof Createmode3[keyof typeof Createmode3];

/** RFC 1813 §3.3.4 ACCESS3_* permission bits. */
export const Access3 = {
  ACCESS3_READ: 0x0001,
  ACCESS3_LOOKUP: 0x0002,
  ACCESS3_MODIFY: 0x0004,
  ACCESS3_EXTEND: 0x0008,
  ACCESS3_DELETE: 0x0010,
  ACCESS3_EXECUTE: 0x0020,
} as const;

/** RFC 1813 §3.3.19 FSF3_* FSINFO property bits. */
export const Fsf3 = {
  FSF3_LINK: 0x0001,
  FSF3_SYMLINK: 0x0002,
  FSF3_HOMOGENEOUS: 0x0008,
  FSF3_CANSETTIME: 0x0010,
} as const;

/** RFC 1813 §2.5 `nfs_fh3`: an opaque handle of at most {@linkcode NFS3_FHSIZE} bytes. */
export type NfsFh3 = Uint8Array;
/** RFC 1813 §2.5 `cookieverf3`: 8 opaque bytes. */
export type Cookieverf3 = Uint8Array;
/** RFC 1813 §2.5 `createverf3`: 8 opaque bytes. */
export type Createverf3 = Uint8Array;
/** RFC 1813 §2.5 `writeverf3`: 8 opaque bytes. */
export type Writeverf3 = Uint8Array;

/** RFC 1813 §2.5 `nfstime3`. */
export interface Nfstime3 {
  /** Seconds since 1970-01-01 00:00 UTC (uint32). */
  seconds: number;
  /** Nanoseconds (uint32). */
  nseconds: number;
}

/** RFC 1813 §2.5 `specdata3` (major/minor for devices). */
export interface Specdata3 {
  /** Major device number. */
  specdata1: number;
  /** Minor device number. */
  specdata2: number;
}

/** RFC 1813 §2.5 `fattr3`. */
export interface Fattr3 {
  /** File type. */
  type: Ftype3;
  /** Permission bits (mode3). */
  mode: number;
  /** Number of hard links. */
  nlink: number;
  /** Owner user id. */
  uid: number;
  /** Owner group id. */
  gid: number;
  /** Size in bytes (size3, bigint: up to 2^64-1). */
  size: bigint;
  /** Bytes of disk space used (size3). */
  used: bigint;
  /** Device numbers for NF3BLK / NF3CHR. */
  rdev: Specdata3;
  /** File system id (uint64). */
  fsid: bigint;
  /** File id, the inode number (fileid3). */
  fileid: bigint;
  /** Last access time. */
  atime: Nfstime3;
  /** Last data modification time. */
  mtime: Nfstime3;
  /** Last attribute change time. */
  ctime: Nfstime3;
}

/** RFC 1813 §2.5 `post_op_attr`: the attributes, or null when the server sent none. */
export type PostOpAttr = Fattr3 | null;

/** RFC 1813 §2.5 `wcc_attr`. */
export interface WccAttr {
  /** Size before the operation. */
  size: bigint;
  /** Modification time before the operation. */
  mtime: Nfstime3;
  /** Change time before the operation. */
  ctime: Nfstime3;
}

/** RFC 1813 §2.5 `pre_op_attr`. */
export type PreOpAttr = WccAttr | null;

/** RFC 1813 §2.5 `wcc_data`. */
export interface WccData {
  /** Attributes before the operation. */
  before: PreOpAttr;
  /** Attributes after the operation. */
  after: PostOpAttr;
}

/** RFC 1813 §2.5 `post_op_fh3`: the handle, or null. */
export type PostOpFh3 = NfsFh3 | null;

/** `set_atime` / `set_mtime`: "server" = SET_TO_SERVER_TIME, a time = SET_TO_CLIENT_TIME. */
export type SetTime = "server" | Nfstime3;

/** RFC 1813 §2.5 `sattr3`: each field set only when present (`set_it` TRUE). */
export interface Sattr3 {
  /** set_mode3. */
  mode?: number | undefined;
  /** set_uid3. */
  uid?: number | undefined;
  /** set_gid3. */
  gid?: number | undefined;
  /** set_size3 (decoded as bigint). */
  size?: Uint64 | undefined;
  /** set_atime (undefined = DONT_CHANGE). */
  atime?: SetTime | undefined;
  /** set_mtime (undefined = DONT_CHANGE). */
  mtime?: SetTime | undefined;
}

/** RFC 1813 §2.5 `diropargs3`. */
export interface Diropargs3 {
  /** The directory. */
  dir: NfsFh3;
  /** The name in it. */
  name: string;
}

/** RFC 1813 §3.3.2 `sattrguard3`: the expected ctime (check TRUE), or null. */
export type SattrGuard3 = Nfstime3 | null;

/** The results of a procedure: `{ status: 0, ...resok }` or `{ status, ...resfail }`. */
export type Res3<Ok, Fail> =
  | ({ status: typeof Nfsstat3.NFS3_OK } & Ok)
  | ({ status: Nfsstat3Fail } & Fail);

/** A resfail holding only `obj_attributes` (a post_op_attr). */
export interface ObjAttributesFail {
  /** Attributes of the object, if the server sent them. */
  objAttributes: PostOpAttr;
}

/** A resfail holding only `dir_attributes`. */
export interface DirAttributesFail {
  /** Attributes of the directory, if the server sent them. */
  dirAttributes: PostOpAttr;
}

/** A resok/resfail holding only `dir_wcc`. */
export interface DirWcc {
  /** Weak cache consistency data of the directory. */
  dirWcc: WccData;
}

/** A resok/resfail holding only `file_wcc`. */
export interface FileWcc {
  /** Weak cache consistency data of the file. */
  fileWcc: WccData;
}

/** A resok/resfail holding only `obj_wcc`. */
export interface ObjWcc {
  /** Weak cache consistency data of the object. */
  objWcc: WccData;
}

// §3.3.1 GETATTR

/** RFC 1813 §3.3.1 GETATTR3args. */
export interface Getattr3Args {
  /** The object. */
  object: NfsFh3;
}
/** RFC 1813 §3.3.1 GETATTR3resok. */
export interface Getattr3Resok {
  /** The attributes. */
  objAttributes: Fattr3;
}
/** RFC 1813 §3.3.1 GETATTR3res (resfail is void). */
export type Getattr3Res = Res3<Getattr3Resok, Record<never, never>>;

// §3.3.2 SETATTR

/** RFC 1813 §3.3.2 SETATTR3args. */
export interface Setattr3Args {
  /** The object. */
  object: NfsFh3;
  /** What to set. */
  newAttributes: Sattr3;
  /** Expected ctime, or null for no check. */
  guard: SattrGuard3;
}
/** RFC 1813 §3.3.2 SETATTR3resok / SETATTR3resfail. */
export type Setattr3Resok = ObjWcc;
/** RFC 1813 §3.3.2 SETATTR3res. */
export type Setattr3Res = Res3<ObjWcc, ObjWcc>;

// §3.3.3 LOOKUP

/** RFC 1813 §3.3.3 LOOKUP3args (`what`, flattened). */
export type Lookup3Args = Diropargs3;
/** RFC 1813 §3.3.3 LOOKUP3resok. */
export interface Lookup3Resok {
  /** The handle of the name. */
  object: NfsFh3;
  /** Its attributes. */
  objAttributes: PostOpAttr;
  /** The directory's attributes. */
  dirAttributes: PostOpAttr;
}
/** RFC 1813 §3.3.3 LOOKUP3res. */
export type Lookup3Res = Res3<Lookup3Resok, DirAttributesFail>;

// §3.3.4 ACCESS

/** RFC 1813 §3.3.4 ACCESS3args. */
export interface Access3Args {
  /** The object. */
  object: NfsFh3;
  /** ACCESS3_* bits to check. */
  access: number;
}
/** RFC 1813 §3.3.4 ACCESS3resok. */
export interface Access3Resok {
  /** The object's attributes. */
  objAttributes: PostOpAttr;
  /** The ACCESS3_* bits granted. */
  access: number;
}
/** RFC 1813 §3.3.4 ACCESS3res. */
export type Access3Res = Res3<Access3Resok, ObjAttributesFail>;

// §3.3.5 READLINK

/** RFC 1813 §3.3.5 READLINK3args. */
export interface Readlink3Args {
  /** The symbolic link. */
  symlink: NfsFh3;
}
/** RFC 1813 §3.3.5 READLINK3resok. */
export interface Readlink3Resok {
  /** The link's attributes. */
  symlinkAttributes: PostOpAttr;
  /** The link text (nfspath3). */
  data: string;
}
/** RFC 1813 §3.3.5 READLINK3resfail. */
export interface Readlink3Resfail {
  /** The link's attributes. */
  symlinkAttributes: PostOpAttr;
}
/** RFC 1813 §3.3.5 READLINK3res. */
export type Readlink3Res = Res3<Readlink3Resok, Readlink3Resfail>;

// §3.3.6 READ

/** RFC 1813 §3.3.6 READ3args. */
export interface Read3Args {
  /** The file. */
  file: NfsFh3;
  /** Byte offset (offset3). */
  offset: Uint64;
  /** Bytes to read (count3). */
  count: number;
}
/** RFC 1813 §3.3.6 READ3resok. */
export interface Read3Resok {
  /** The file's attributes. */
  fileAttributes: PostOpAttr;
  /** Bytes read. */
  count: number;
  /** True when the read reached the end of the file. */
  eof: boolean;
  /** The data: the start of the caller's buffer when one was given. */
  data: Uint8Array;
}
/** RFC 1813 §3.3.6 READ3resfail. */
export interface Read3Resfail {
  /** The file's attributes. */
  fileAttributes: PostOpAttr;
}
/** RFC 1813 §3.3.6 READ3res. */
export type Read3Res = Res3<Read3Resok, Read3Resfail>;

// §3.3.7 WRITE

/** RFC 1813 §3.3.7 WRITE3args (`count` is `data.length`). */
export interface Write3Args {
  /** The file. */
  file: NfsFh3;
  /** Byte offset (offset3). */
  offset: Uint64;
  /** How the server must commit the data. */
  stable: StableHow;
  /** The bytes (attached to the request without a copy). */
  data: Uint8Array;
}
/** RFC 1813 §3.3.7 WRITE3resok. */
export interface Write3Resok {
  /** The file's wcc data. */
  fileWcc: WccData;
  /** Bytes written. */
  count: number;
  /** How the data was committed. */
  committed: StableHow;
  /** The server's write verifier. */
  verf: Writeverf3;
}
/** RFC 1813 §3.3.7 WRITE3res. */
export type Write3Res = Res3<Write3Resok, FileWcc>;

// §3.3.8 CREATE, §3.3.9 MKDIR, §3.3.10 SYMLINK, §3.3.11 MKNOD

/** RFC 1813 §3.3.8 `createhow3`. */
export type Createhow3 =
  | { mode: typeof Createmode3.UNCHECKED | typeof Createmode3.GUARDED; objAttributes: Sattr3 }
  | { mode: typeof Createmode3.EXCLUSIVE; verf: Createverf3 };

/** RFC 1813 §3.3.8 CREATE3args. */
export interface Create3Args {
  /** Directory and name. */
  where: Diropargs3;
  /** How to create. */
  how: Createhow3;
}
/** RFC 1813 §3.3.8 CREATE3resok (also MKDIR3resok, SYMLINK3resok, MKNOD3resok). */
export interface Create3Resok {
  /** The new object's handle. */
  obj: PostOpFh3;
  /** Its attributes. */
  objAttributes: PostOpAttr;
  /** The directory's wcc data. */
  dirWcc: WccData;
}
/** RFC 1813 §3.3.8 CREATE3res. */
export type Create3Res = Res3<Create3Resok, DirWcc>;

/** RFC 1813 §3.3.9 MKDIR3args. */
export interface Mkdir3Args {
  /** Directory and name. */
  where: Diropargs3;
  /** Initial attributes. */
  attributes: Sattr3;
}
/** RFC 1813 §3.3.9 MKDIR3resok. */
export type Mkdir3Resok = Create3Resok;
/** RFC 1813 §3.3.9 MKDIR3res. */
export type Mkdir3Res = Create3Res;

/** RFC 1813 §3.3.10 `symlinkdata3`. */
export interface Symlinkdata3 {
  /** Initial attributes. */
  symlinkAttributes: Sattr3;
  /** The link text (nfspath3). */
  symlinkData: string;
}
/** RFC 1813 §3.3.10 SYMLINK3args. */
export interface Symlink3Args {
  /** Directory and name. */
  where: Diropargs3;
  /** Link attributes and text. */
  symlink: Symlinkdata3;
}
/** RFC 1813 §3.3.10 SYMLINK3resok. */
export type Symlink3Resok = Create3Resok;
/** RFC 1813 §3.3.10 SYMLINK3res. */
export type Symlink3Res = Create3Res;

/** RFC 1813 §3.3.11 `devicedata3`. */
export interface Devicedata3 {
  /** Initial attributes. */
  devAttributes: Sattr3;
  /** Major and minor numbers. */
  spec: Specdata3;
}
/** RFC 1813 §3.3.11 `mknoddata3`. */
export type Mknoddata3 =
  | { type: typeof Ftype3.NF3CHR | typeof Ftype3.NF3BLK; device: Devicedata3 }
  | { type: typeof Ftype3.NF3SOCK | typeof Ftype3.NF3FIFO; pipeAttributes: Sattr3 }
  | { type: typeof Ftype3.NF3REG | typeof Ftype3.NF3DIR | typeof Ftype3.NF3LNK };
/** RFC 1813 §3.3.11 MKNOD3args. */
export interface Mknod3Args {
  /** Directory and name. */
  where: Diropargs3;
  /** What to create. */
  what: Mknoddata3;
}
/** RFC 1813 §3.3.11 MKNOD3resok. */
export type Mknod3Resok = Create3Resok;
/** RFC 1813 §3.3.11 MKNOD3res. */
export type Mknod3Res = Create3Res;

// §3.3.12 REMOVE, §3.3.13 RMDIR

/** RFC 1813 §3.3.12 REMOVE3args (`object`, flattened). */
export type Remove3Args = Diropargs3;
/** RFC 1813 §3.3.12 REMOVE3res. */
export type Remove3Res = Res3<DirWcc, DirWcc>;
/** RFC 1813 §3.3.13 RMDIR3args (`object`, flattened). */
export type Rmdir3Args = Diropargs3;
/** RFC 1813 §3.3.13 RMDIR3res. */
export type Rmdir3Res = Res3<DirWcc, DirWcc>;

// §3.3.14 RENAME

/** RFC 1813 §3.3.14 RENAME3args. */
export interface Rename3Args {
  /** Source directory and name. */
  from: Diropargs3;
  /** Target directory and name. */
  to: Diropargs3;
}
/** RFC 1813 §3.3.14 RENAME3resok / RENAME3resfail. */
export interface Rename3Wcc {
  /** Source directory wcc data. */
  fromdirWcc: WccData;
  /** Target directory wcc data. */
  todirWcc: WccData;
}
/** RFC 1813 §3.3.14 RENAME3res. */
export type Rename3Res = Res3<Rename3Wcc, Rename3Wcc>;

// §3.3.15 LINK

/** RFC 1813 §3.3.15 LINK3args. */
export interface Link3Args {
  /** The existing file. */
  file: NfsFh3;
  /** Directory and name of the new link. */
  link: Diropargs3;
}
/** RFC 1813 §3.3.15 LINK3resok / LINK3resfail. */
export interface Link3Resok {
  /** The file's attributes. */
  fileAttributes: PostOpAttr;
  /** The link directory's wcc data. */
  linkdirWcc: WccData;
}
/** RFC 1813 §3.3.15 LINK3res. */
export type Link3Res = Res3<Link3Resok, Link3Resok>;

// §3.3.16 READDIR, §3.3.17 READDIRPLUS

/** RFC 1813 §3.3.16 READDIR3args. */
export interface Readdir3Args {
  /** The directory. */
  dir: NfsFh3;
  /** Where to resume (0 to start). */
  cookie: Uint64;
  /** The verifier of the previous reply (zeros to start). */
  cookieverf: Cookieverf3;
  /** Largest READDIR3resok in bytes. */
  count: number;
}
/** RFC 1813 §3.3.16 `entry3` (the `nextentry` list becomes an array). */
export interface Entry3 {
  /** File id. */
  fileid: bigint;
  /** Name. */
  name: string;
  /** Cookie to resume after this entry. */
  cookie: bigint;
}
/** RFC 1813 §3.3.16 `dirlist3`. */
export interface Dirlist3 {
  /** The entries. */
  entries: Entry3[];
  /** True when the listing is complete. */
  eof: boolean;
}
/** RFC 1813 §3.3.16 READDIR3resok. */
export interface Readdir3Resok {
  /** The directory's attributes. */
  dirAttributes: PostOpAttr;
  /** Verifier to send with the next cookie. */
  cookieverf: Cookieverf3;
  /** The entries. */
  reply: Dirlist3;
}
/** RFC 1813 §3.3.16 READDIR3res. */
export type Readdir3Res = Res3<Readdir3Resok, DirAttributesFail>;

/** RFC 1813 §3.3.17 READDIRPLUS3args. */
export interface Readdirplus3Args {
  /** The directory. */
  dir: NfsFh3;
  /** Where to resume (0 to start). */
  cookie: Uint64;
  /** The verifier of the previous reply (zeros to start). */
  cookieverf: Cookieverf3;
  /** Largest size of the directory information (fileid, name, cookie) in bytes. */
  dircount: number;
  /** Largest READDIRPLUS3resok in bytes. */
  maxcount: number;
}
/** RFC 1813 §3.3.17 `entryplus3`. */
export interface Entryplus3 extends Entry3 {
  /** The entry's attributes (null, too, when their type was unknown: see `unknownType`). */
  nameAttributes: PostOpAttr;
  /**
   * The `ftype3` number the server sent in the entry's attributes when it is not one RFC 1813
   * knows (the attributes are then skipped): the entry is invalid. Absent otherwise.
   */
  unknownType?: number;
  /** The entry's handle. */
  nameHandle: PostOpFh3;
}
/** RFC 1813 §3.3.17 `dirlistplus3`. */
export interface Dirlistplus3 {
  /** The entries. */
  entries: Entryplus3[];
  /** True when the listing is complete. */
  eof: boolean;
}
/** RFC 1813 §3.3.17 READDIRPLUS3resok. */
export interface Readdirplus3Resok {
  /** The directory's attributes. */
  dirAttributes: PostOpAttr;
  /** Verifier to send with the next cookie. */
  cookieverf: Cookieverf3;
  /** The entries. */
  reply: Dirlistplus3;
}
/** RFC 1813 §3.3.17 READDIRPLUS3res. */
export type Readdirplus3Res = Res3<Readdirplus3Resok, DirAttributesFail>;

// §3.3.18 FSSTAT, §3.3.19 FSINFO, §3.3.20 PATHCONF

/** Arguments of FSSTAT, FSINFO (RFC 1813 §3.3.18, §3.3.19). */
export interface Fsroot3Args {
  /** Any handle in the file system (usually its root). */
  fsroot: NfsFh3;
}
/** RFC 1813 §3.3.18 FSSTAT3args. */
export type Fsstat3Args = Fsroot3Args;
/** RFC 1813 §3.3.18 FSSTAT3resok. */
export interface Fsstat3Resok {
  /** Attributes of the handle. */
  objAttributes: PostOpAttr;
  /** Total bytes. */
  tbytes: bigint;
  /** Free bytes. */
  fbytes: bigint;
  /** Bytes available to the caller. */
  abytes: bigint;
  /** Total file slots. */
  tfiles: bigint;
  /** Free file slots. */
  ffiles: bigint;
  /** File slots available to the caller. */
  afiles: bigint;
  /** Seconds during which the file system is not expected to change. */
  invarsec: number;
}
/** RFC 1813 §3.3.18 FSSTAT3res. */
export type Fsstat3Res = Res3<Fsstat3Resok, ObjAttributesFail>;

/** RFC 1813 §3.3.19 FSINFO3args. */
export type Fsinfo3Args = Fsroot3Args;
/** RFC 1813 §3.3.19 FSINFO3resok. */
export interface Fsinfo3Resok {
  /** Attributes of the handle. */
  objAttributes: PostOpAttr;
  /** Largest READ count. */
  rtmax: number;
  /** Preferred READ count. */
  rtpref: number;
  /** Suggested READ count multiple. */
  rtmult: number;
  /** Largest WRITE count. */
  wtmax: number;
  /** Preferred WRITE count. */
  wtpref: number;
  /** Suggested WRITE count multiple. */
  wtmult: number;
  /** Preferred READDIR count. */
  dtpref: number;
  /** Largest file size. */
  maxfilesize: bigint;
  /** Time granularity of the server. */
  timeDelta: Nfstime3;
  /** FSF3_* bits. */
  properties: number;
}
/** RFC 1813 §3.3.19 FSINFO3res. */
export type Fsinfo3Res = Res3<Fsinfo3Resok, ObjAttributesFail>;

/** RFC 1813 §3.3.20 PATHCONF3args. */
export interface Pathconf3Args {
  /** The object. */
  object: NfsFh3;
}
/** RFC 1813 §3.3.20 PATHCONF3resok. */
export interface Pathconf3Resok {
  /** Attributes of the object. */
  objAttributes: PostOpAttr;
  /** Largest number of hard links. */
  linkmax: number;
  /** Largest name length. */
  nameMax: number;
  /** True when longer names are rejected (not truncated). */
  noTrunc: boolean;
  /** True when only root may change the owner. */
  chownRestricted: boolean;
  /** True when names are case-insensitive. */
  caseInsensitive: boolean;
  /** True when name case is preserved. */
  casePreserving: boolean;
}
/** RFC 1813 §3.3.20 PATHCONF3res. */
export type Pathconf3Res = Res3<Pathconf3Resok, ObjAttributesFail>;

// §3.3.21 COMMIT

/** RFC 1813 §3.3.21 COMMIT3args. */
export interface Commit3Args {
  /** The file. */
  file: NfsFh3;
  /** Start of the range (0 with count 0: the whole file). */
  offset: Uint64;
  /** Length of the range (0 = to the end). */
  count: number;
}
/** RFC 1813 §3.3.21 COMMIT3resok. */
export interface Commit3Resok {
  /** The file's wcc data. */
  fileWcc: WccData;
  /** The server's write verifier. */
  verf: Writeverf3;
}
/** RFC 1813 §3.3.21 COMMIT3res. */
export type Commit3Res = Res3<Commit3Resok, FileWcc>;
