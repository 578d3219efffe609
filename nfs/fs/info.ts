import type { Attrs, FileType, Time } from "./proto.ts";

/** Information about a file, shaped like `Deno.FileInfo`. */
export interface NfsFileInfo {
  /** A regular file. */
  isFile: boolean;
  /** A directory. */
  isDirectory: boolean;
  /** A symbolic link (only from `lstat` and directory listings). */
  isSymlink: boolean;
  /** The object's type, including devices, sockets and FIFOs. */
  type: FileType;
  /** Size in bytes (exact up to 2^53; see `size64`). */
  size: number;
  /** Size in bytes as the server sent it (64-bit). */
  size64: bigint;
  /** Last modification. */
  mtime: Date;
  /** Last access. */
  atime: Date;
  /** Last status change. */
  ctime: Date;
  /** Creation time: NFSv2/v3 do not carry it. */
  birthtime: null;
  /** File system id (low 53 bits). */
  dev: number;
  /** File id (inode number), exact up to 2^53; see `fileid`. */
  ino: number;
  /** File id as the server sent it (64-bit). */
  fileid: bigint;
  /** Permission bits with setuid/setgid/sticky (`mode & 0o7777`). */
  mode: number;
  /** Hard links. */
  nlink: number;
  /** Owner. */
  uid: number;
  /** Group. */
  gid: number;
  /** Device number for block and character devices (`major << 8 | minor`, as Linux). */
  rdev: number;
  /** Bytes used on disk. */
  used: number;
  /** 512-byte blocks used (`ceil(used / 512)`). */
  blocks: number;
}

function date(t: Time): Date {
  return new Date(t.seconds * 1000 + Math.floor(t.nseconds / 1e6));
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function num(v: bigint): number {
  return v <= MAX_SAFE ? Number(v) : Number.MAX_SAFE_INTEGER;
}

/**
 * Converts version-neutral attributes to {@linkcode NfsFileInfo}.
 *
 * @param a The attributes.
 * @returns The file information.
 */
export function toFileInfo(a: Attrs): NfsFileInfo {
  const used = num(a.used);
  return {
    isFile: a.type === "file",
    isDirectory: a.type === "directory",
    isSymlink: a.type === "symlink",
    type: a.type,
    size: num(a.size),
    size64: a.size,
    mtime: date(a.mtime),
    atime: date(a.atime),
    ctime: date(a.ctime),
    birthtime: null,
    dev: Number(a.fsid & 0x1fffffffffffffn),
    ino: num(a.fileid),
    fileid: a.fileid,
    mode: a.mode,
    nlink: a.nlink,
    uid: a.uid,
    gid: a.gid,
    rdev: (a.rdev[0] << 8) | a.rdev[1],
    used,
    blocks: Math.ceil(used / 512),
  };
}
