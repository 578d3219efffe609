/**
 * The FUSE kernel protocol (Linux `include/uapi/linux/fuse.h`), encoded and decoded in
 * TypeScript: the request and reply headers, the opcodes, and the op structures this
 * layer uses. All fields are little-endian native (x86-64, aarch64), as the kernel writes them.
 *
 * @module
 */

/** Protocol version spoken (7.31: `max_pages`, `FUSE_CACHE_SYMLINKS`, ...). */
export const FUSE_KERNEL_VERSION = 7;
/** The minor version this layer answers INIT with (capped at the kernel's). */
export const FUSE_KERNEL_MINOR_VERSION = 31;

/** Opcodes. */
export const Op = {
  LOOKUP: 1,
  FORGET: 2,
  GETATTR: 3,
  SETATTR: 4,
  READLINK: 5,
  SYMLINK: 6,
  MKNOD: 8,
  MKDIR: 9,
  UNLINK: 10,
  RMDIR: 11,
  RENAME: 12,
  LINK: 13,
  OPEN: 14,
  READ: 15,
  WRITE: 16,
  STATFS: 17,
  RELEASE: 18,
  FSYNC: 20,
  SETXATTR: 21,
  GETXATTR: 22,
  LISTXATTR: 23,
  REMOVEXATTR: 24,
  FLUSH: 25,
  INIT: 26,
  OPENDIR: 27,
  READDIR: 28,
  RELEASEDIR: 29,
  FSYNCDIR: 30,
  GETLK: 31,
  SETLK: 32,
  SETLKW: 33,
  ACCESS: 34,
  CREATE: 35,
  INTERRUPT: 36,
  BMAP: 37,
  DESTROY: 38,
  IOCTL: 39,
  POLL: 40,
  NOTIFY_REPLY: 41,
  BATCH_FORGET: 42,
  FALLOCATE: 43,
  READDIRPLUS: 44,
  RENAME2: 45,
  LSEEK: 46,
  COPY_FILE_RANGE: 47,
} as const;

const OP_NAMES: Record<number, string> = {};
for (const [k, v] of Object.entries(Op)) OP_NAMES[v] = k;

/** The name of an opcode, e.g. `LOOKUP`, or `OP_N` for one this layer does not know. */
export function opName(op: number): string {
  return OP_NAMES[op] ?? `OP_${op}`;
}

/** INIT flags (`fuse_init_in.flags` / `fuse_init_out.flags`). */
export const Init = {
  ASYNC_READ: 1 << 0,
  POSIX_LOCKS: 1 << 1,
  ATOMIC_O_TRUNC: 1 << 3,
  BIG_WRITES: 1 << 5,
  DONT_MASK: 1 << 6,
  AUTO_INVAL_DATA: 1 << 12,
  DO_READDIRPLUS: 1 << 13,
  READDIRPLUS_AUTO: 1 << 14,
  ASYNC_DIO: 1 << 15,
  WRITEBACK_CACHE: 1 << 16,
  PARALLEL_DIROPS: 1 << 18,
  MAX_PAGES: 1 << 22,
  CACHE_SYMLINKS: 1 << 23,
} as const;

/** `fuse_setattr_in.valid` bits. */
export const Fattr = {
  MODE: 1 << 0,
  UID: 1 << 1,
  GID: 1 << 2,
  SIZE: 1 << 3,
  ATIME: 1 << 4,
  MTIME: 1 << 5,
  FH: 1 << 6,
  ATIME_NOW: 1 << 7,
  MTIME_NOW: 1 << 8,
  LOCKOWNER: 1 << 9,
  CTIME: 1 << 10,
} as const;

/** `fuse_open_out.open_flags`. */
export const Fopen = { DIRECT_IO: 1, KEEP_CACHE: 2, CACHE_DIR: 8 } as const;

/** `fuse_getattr_in.getattr_flags`: `fh` is valid. */
export const GETATTR_FH = 1;
/** `RENAME2` flags. */
export const RENAME_NOREPLACE = 1;
/** `RENAME2` flags: swap the two names (no NFSv3 equivalent). */
export const RENAME_EXCHANGE = 2;

/** Size of `fuse_in_header`. */
export const IN_HEADER_SIZE = 40;
/** Size of `fuse_out_header`. */
export const OUT_HEADER_SIZE = 16;
/** Size of `fuse_attr`. */
export const ATTR_SIZE = 88;
/** Size of `fuse_entry_out`. */
export const ENTRY_OUT_SIZE = 40 + ATTR_SIZE;
/** Size of `fuse_attr_out`. */
export const ATTR_OUT_SIZE = 16 + ATTR_SIZE;
/** Size of `fuse_open_out`. */
export const OPEN_OUT_SIZE = 16;
/** Size of `fuse_init_out` (7.23 and later). */
export const INIT_OUT_SIZE = 64;
/** Size of `fuse_kstatfs` (`fuse_statfs_out`). */
export const STATFS_OUT_SIZE = 80;

/** A decoded `fuse_in_header` plus a view of the request. */
export interface Request {
  /** Total length of the request, header included. */
  len: number;
  /** The opcode. */
  opcode: number;
  /** The request id, echoed in the reply. */
  unique: bigint;
  /** The node the request is about. */
  nodeid: bigint;
  /** Caller's uid, gid and pid. */
  uid: number;
  /** Caller's gid. */
  gid: number;
  /** Caller's pid. */
  pid: number;
  /** The request bytes (header included). */
  bytes: Uint8Array;
  /** A view on `bytes`. */
  view: DataView;
}

/** Malformed input from the device. */
export class FuseProtocolError extends Error {
  override name = "FuseProtocolError";
}

/**
 * Decodes the header of one request read from `/dev/fuse`.
 *
 * @param bytes What one `read` returned.
 * @returns The request.
 * @throws {FuseProtocolError} If it is shorter than a header or than its own length field.
 */
export function decodeRequest(bytes: Uint8Array): Request {
  if (bytes.length < IN_HEADER_SIZE) {
    throw new FuseProtocolError(`FUSE request of ${bytes.length} bytes is shorter than a header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const len = view.getUint32(0, true);
  if (len < IN_HEADER_SIZE || len > bytes.length) {
    throw new FuseProtocolError(`FUSE request says ${len} bytes but ${bytes.length} were read`);
  }
  return {
    len,
    opcode: view.getUint32(4, true),
    unique: view.getBigUint64(8, true),
    nodeid: view.getBigUint64(16, true),
    uid: view.getUint32(24, true),
    gid: view.getUint32(28, true),
    pid: view.getUint32(32, true),
    bytes: bytes.subarray(0, len),
    view: new DataView(bytes.buffer, bytes.byteOffset, len),
  };
}

/** Reads op arguments in order after the header, checking the request's length. */
export class ArgReader {
  #r: Request;
  #at = IN_HEADER_SIZE;

  /** @param r The request. */
  constructor(r: Request) {
    this.#r = r;
  }

  #need(n: number): number {
    const at = this.#at;
    if (at + n > this.#r.len) {
      throw new FuseProtocolError(`FUSE ${opName(this.#r.opcode)} request too short`);
    }
    this.#at += n;
    return at;
  }

  /** A u32. */
  u32(): number {
    return this.#r.view.getUint32(this.#need(4), true);
  }

  /** A u64 as bigint. */
  u64(): bigint {
    return this.#r.view.getBigUint64(this.#need(8), true);
  }

  /** A u64 as a number (exact up to 2^53). */
  num(): number {
    return Number(this.u64());
  }

  /** Skips `n` bytes. */
  skip(n: number): void {
    this.#need(n);
  }

  /** A NUL-terminated name. */
  name(): string {
    const b = this.#r.bytes;
    const end = b.indexOf(0, this.#at);
    if (end === -1) throw new FuseProtocolError(`FUSE ${opName(this.#r.opcode)}: name without NUL`);
    const s = new TextDecoder().decode(b.subarray(this.#at, end));
    this.#at = end + 1;
    return s;
  }

  /** The rest of the request (a WRITE payload), without copying. */
  rest(n: number): Uint8Array {
    return this.#r.bytes.subarray(this.#need(n), this.#at);
  }

  /** Where the reader is. */
  get offset(): number {
    return this.#at;
  }
}

/** Attributes as FUSE wants them (`fuse_attr`). */
export interface FuseAttr {
  /** Inode number shown to programs (the NFS file id). */
  ino: bigint;
  /** Size. */
  size: bigint;
  /** 512-byte blocks. */
  blocks: number;
  /** Times in ms since the epoch (with `*Nsec` for the sub-second part). */
  atimeMs: number;
  /** Modification time. */
  mtimeMs: number;
  /** Status change time. */
  ctimeMs: number;
  /** Type and permission bits (`S_IFREG | 0644`). */
  mode: number;
  /** Links. */
  nlink: number;
  /** Owner. */
  uid: number;
  /** Group. */
  gid: number;
  /** Device number. */
  rdev: number;
}

function setTime(v: DataView, secAt: number, nsecAt: number, ms: number): void {
  const sec = Math.floor(ms / 1000);
  v.setBigUint64(secAt, BigInt.asUintN(64, BigInt(sec)), true);
  v.setUint32(nsecAt, Math.round((ms - sec * 1000) * 1e6), true);
}

/** Writes a `fuse_attr` at `at`. */
export function putAttr(v: DataView, at: number, a: FuseAttr): void {
  v.setBigUint64(at, a.ino, true);
  v.setBigUint64(at + 8, a.size, true);
  v.setBigUint64(at + 16, BigInt(a.blocks), true);
  setTime(v, at + 24, at + 48, a.atimeMs);
  setTime(v, at + 32, at + 52, a.mtimeMs);
  setTime(v, at + 40, at + 56, a.ctimeMs);
  v.setUint32(at + 60, a.mode, true);
  v.setUint32(at + 64, a.nlink, true);
  v.setUint32(at + 68, a.uid, true);
  v.setUint32(at + 72, a.gid, true);
  v.setUint32(at + 76, a.rdev, true);
  v.setUint32(at + 80, 4096, true); // blksize
  v.setUint32(at + 84, 0, true); // flags
}

function splitSeconds(s: number): [bigint, number] {
  const sec = Math.floor(s);
  return [BigInt(sec), Math.round((s - sec) * 1e9)];
}

/** Writes a `fuse_entry_out` at `at`. Timeouts in seconds. */
export function putEntry(
  v: DataView,
  at: number,
  nodeid: bigint,
  a: FuseAttr,
  entryTimeout: number,
  attrTimeout: number,
): void {
  const [es, ens] = splitSeconds(entryTimeout);
  const [as, ans] = splitSeconds(attrTimeout);
  v.setBigUint64(at, nodeid, true);
  v.setBigUint64(at + 8, 0n, true); // generation
  v.setBigUint64(at + 16, es, true);
  v.setBigUint64(at + 24, as, true);
  v.setUint32(at + 32, ens, true);
  v.setUint32(at + 36, ans, true);
  putAttr(v, at + 40, a);
}

/** A fresh reply body of `n` bytes with a view. */
export function body(n: number): { bytes: Uint8Array<ArrayBuffer>; view: DataView } {
  const bytes = new Uint8Array(new ArrayBuffer(n));
  return { bytes, view: new DataView(bytes.buffer) };
}

/** `fuse_entry_out`. */
export function entryOut(
  nodeid: bigint,
  a: FuseAttr,
  entryTimeout: number,
  attrTimeout: number,
): Uint8Array<ArrayBuffer> {
  const b = body(ENTRY_OUT_SIZE);
  putEntry(b.view, 0, nodeid, a, entryTimeout, attrTimeout);
  return b.bytes;
}

/** `fuse_attr_out`. */
export function attrOut(a: FuseAttr, attrTimeout: number): Uint8Array<ArrayBuffer> {
  const b = body(ATTR_OUT_SIZE);
  const [s, ns] = splitSeconds(attrTimeout);
  b.view.setBigUint64(0, s, true);
  b.view.setUint32(8, ns, true);
  putAttr(b.view, 16, a);
  return b.bytes;
}

/** `fuse_open_out`. */
export function openOut(fh: bigint, openFlags: number): Uint8Array<ArrayBuffer> {
  const b = body(OPEN_OUT_SIZE);
  b.view.setBigUint64(0, fh, true);
  b.view.setUint32(8, openFlags, true);
  return b.bytes;
}

/** `fuse_write_out`. */
export function writeOut(size: number): Uint8Array<ArrayBuffer> {
  const b = body(8);
  b.view.setUint32(0, size, true);
  return b.bytes;
}

/** File system usage for `fuse_kstatfs`. */
export interface FuseStatfs {
  /** Blocks of `bsize` bytes. */
  blocks: bigint;
  /** Free blocks. */
  bfree: bigint;
  /** Blocks available to unprivileged users. */
  bavail: bigint;
  /** Inodes. */
  files: bigint;
  /** Free inodes. */
  ffree: bigint;
  /** Block size. */
  bsize: number;
  /** Longest name. */
  namelen: number;
}

/** `fuse_statfs_out`. */
export function statfsOut(s: FuseStatfs): Uint8Array<ArrayBuffer> {
  const b = body(STATFS_OUT_SIZE);
  const v = b.view;
  v.setBigUint64(0, s.blocks, true);
  v.setBigUint64(8, s.bfree, true);
  v.setBigUint64(16, s.bavail, true);
  v.setBigUint64(24, s.files, true);
  v.setBigUint64(32, s.ffree, true);
  v.setUint32(40, s.bsize, true);
  v.setUint32(44, s.namelen, true);
  v.setUint32(48, s.bsize, true); // frsize
  return b.bytes;
}

/** What the kernel offered in INIT. */
export interface InitIn {
  /** Major version. */
  major: number;
  /** Minor version. */
  minor: number;
  /** Largest readahead. */
  maxReadahead: number;
  /** Capability flags. */
  flags: number;
}

/** Decodes `fuse_init_in` (the first four fields, present since 7.6). */
export function decodeInit(r: Request): InitIn {
  const a = new ArgReader(r);
  return { major: a.u32(), minor: a.u32(), maxReadahead: a.u32(), flags: a.u32() };
}

/** What this layer answers INIT with. */
export interface InitOut {
  /** Minor version (capped at the kernel's). */
  minor: number;
  /** Largest readahead. */
  maxReadahead: number;
  /** Capability flags (a subset of the kernel's). */
  flags: number;
  /** Background requests. */
  maxBackground: number;
  /** Congestion threshold. */
  congestionThreshold: number;
  /** Largest WRITE payload. */
  maxWrite: number;
  /** Time granularity in ns. */
  timeGran: number;
  /** Largest request in pages (with {@linkcode Init.MAX_PAGES}). */
  maxPages: number;
}

/** `fuse_init_out`. */
export function initOut(o: InitOut): Uint8Array<ArrayBuffer> {
  const b = body(INIT_OUT_SIZE);
  const v = b.view;
  v.setUint32(0, FUSE_KERNEL_VERSION, true);
  v.setUint32(4, o.minor, true);
  v.setUint32(8, o.maxReadahead, true);
  v.setUint32(12, o.flags, true);
  v.setUint16(16, o.maxBackground, true);
  v.setUint16(18, o.congestionThreshold, true);
  v.setUint32(20, o.maxWrite, true);
  v.setUint32(24, o.timeGran, true);
  v.setUint16(28, o.maxPages, true);
  return b.bytes;
}

/** A directory entry for READDIR / READDIRPLUS. */
export interface DirEntry {
  /** Name. */
  name: string;
  /** Inode number shown. */
  ino: bigint;
  /** `S_IF*` type bits (mode & 0o170000). */
  typeBits: number;
}

/** Bytes one entry takes in a READDIR reply (`fuse_dirent`, 8-byte aligned). */
export function direntSize(nameLen: number): number {
  return (24 + nameLen + 7) & ~7;
}

/**
 * Writes a `fuse_dirent` at `at` (`off` is the offset of the next entry).
 *
 * @returns The bytes used.
 */
export function putDirent(
  bytes: Uint8Array,
  v: DataView,
  at: number,
  name: Uint8Array,
  ino: bigint,
  off: number,
  typeBits: number,
): number {
  const size = direntSize(name.length);
  v.setBigUint64(at, ino, true);
  v.setBigUint64(at + 8, BigInt(off), true);
  v.setUint32(at + 16, name.length, true);
  v.setUint32(at + 20, typeBits >>> 12, true);
  bytes.set(name, at + 24);
  bytes.fill(0, at + 24 + name.length, at + size);
  return size;
}

/** `S_IF*` type bits. */
export const S_IFMT = 0o170000;
/** Directory. */
export const S_IFDIR = 0o040000;
/** Regular file. */
export const S_IFREG = 0o100000;
/** Symbolic link. */
export const S_IFLNK = 0o120000;
/** Character device. */
export const S_IFCHR = 0o020000;
/** Block device. */
export const S_IFBLK = 0o060000;
/** FIFO. */
export const S_IFIFO = 0o010000;
/** Socket. */
export const S_IFSOCK = 0o140000;

/** A reply header (`fuse_out_header`) for `unique` with `error` (0 or a negative errno). */
export function outHeader(
  unique: bigint,
  error: number,
  bodyLen: number,
): Uint8Array<ArrayBuffer> {
  const b = body(OUT_HEADER_SIZE);
  b.view.setUint32(0, OUT_HEADER_SIZE + bodyLen, true);
  b.view.setInt32(4, error, true);
  b.view.setBigUint64(8, unique, true);
  return b.bytes;
}
