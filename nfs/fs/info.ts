import type { Attrs, FileType } from "./proto.ts";

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

/**
 * 32-bit words of one attribute record in a {@linkcode FileInfo}'s store: the words of an
 * RFC 1813 `fattr3`, in its order (type, mode, nlink, uid, gid, size hi/lo, used hi/lo,
 * rdev major/minor, fsid hi/lo, fileid hi/lo, then seconds/nanoseconds of atime, mtime and
 * ctime). A READDIRPLUS page is decoded into one array of these records.
 */
export const ATTR_WORDS = 21;

/** File types by their RFC 1813 `ftype3` number (the record's first word). */
const TYPES: readonly FileType[] = [
  "file", // 0 is not an ftype3; never stored
  "file",
  "directory",
  "block",
  "char",
  "symlink",
  "socket",
  "fifo",
];

/** `ftype3` numbers by file type. */
const FTYPE: Record<FileType, number> = {
  file: 1,
  directory: 2,
  block: 3,
  char: 4,
  symlink: 5,
  socket: 6,
  fifo: 7,
};

const TWO_32 = 2 ** 32;

/** A 64-bit value from its words, as a number; above 2^53-1 it is 2^53-1 (as before). */
function num(hi: number, lo: number): number {
  return hi <= 0x1fffff ? hi * TWO_32 + lo : Number.MAX_SAFE_INTEGER;
}

function big(hi: number, lo: number): bigint {
  return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

function date(s: number, ns: number): Date {
  return new Date(s * 1000 + Math.floor(ns / 1e6));
}

/**
 * The {@linkcode NfsFileInfo} the file API returns: getters over one attribute record of 21
 * words ({@linkcode ATTR_WORDS}) in a shared `Uint32Array`, so that a listing makes one small
 * object per entry and converts (bigints, Dates) only what is read. The Dates are made on
 * first use and then kept (`info.mtime === info.mtime`, as for a plain object).
 *
 * The fields are getters on the prototype, not own properties: `{ ...info }` and
 * `Object.keys(info)` see none of them. `toJSON()` and Deno's inspection show them all. A
 * record keeps its page's store alive (84 bytes per entry of the READDIRPLUS page).
 */
export class FileInfo implements NfsFileInfo {
  readonly #w: Uint32Array;
  readonly #i: number;
  #mtime: Date | undefined;
  #atime: Date | undefined;
  #ctime: Date | undefined;

  /**
   * Wraps record `i` of `w` (words `i` to `i + 20`); the type word must be 1 to 7.
   *
   * @param w The store.
   * @param i Index of the record's first word.
   */
  constructor(w: Uint32Array, i: number) {
    this.#w = w;
    this.#i = i;
  }

  /** A regular file. */
  get isFile(): boolean {
    return this.#w[this.#i] === 1;
  }
  /** A directory. */
  get isDirectory(): boolean {
    return this.#w[this.#i] === 2;
  }
  /** A symbolic link. */
  get isSymlink(): boolean {
    return this.#w[this.#i] === 5;
  }
  /** The object's type. */
  get type(): FileType {
    return TYPES[this.#w[this.#i]!] ?? "file";
  }
  /** Permission bits (`mode & 0o7777`). */
  get mode(): number {
    return this.#w[this.#i + 1]! & 0o7777;
  }
  /** Hard links. */
  get nlink(): number {
    return this.#w[this.#i + 2]!;
  }
  /** Owner. */
  get uid(): number {
    return this.#w[this.#i + 3]!;
  }
  /** Group. */
  get gid(): number {
    return this.#w[this.#i + 4]!;
  }
  /** Size in bytes (exact up to 2^53). */
  get size(): number {
    return num(this.#w[this.#i + 5]!, this.#w[this.#i + 6]!);
  }
  /** Size in bytes (64-bit). */
  get size64(): bigint {
    return big(this.#w[this.#i + 5]!, this.#w[this.#i + 6]!);
  }
  /** Bytes used on disk. */
  get used(): number {
    return num(this.#w[this.#i + 7]!, this.#w[this.#i + 8]!);
  }
  /** 512-byte blocks used. */
  get blocks(): number {
    return Math.ceil(this.used / 512);
  }
  /** Device number (`major << 8 | minor`). */
  get rdev(): number {
    return (this.#w[this.#i + 9]! << 8) | this.#w[this.#i + 10]!;
  }
  /** File system id (low 53 bits). */
  get dev(): number {
    return (this.#w[this.#i + 11]! & 0x1fffff) * TWO_32 + this.#w[this.#i + 12]!;
  }
  /** File id (exact up to 2^53). */
  get ino(): number {
    return num(this.#w[this.#i + 13]!, this.#w[this.#i + 14]!);
  }
  /** File id (64-bit). */
  get fileid(): bigint {
    return big(this.#w[this.#i + 13]!, this.#w[this.#i + 14]!);
  }
  /** Last access. */
  get atime(): Date {
    return this.#atime ??= date(this.#w[this.#i + 15]!, this.#w[this.#i + 16]!);
  }
  /** Last modification. */
  get mtime(): Date {
    return this.#mtime ??= date(this.#w[this.#i + 17]!, this.#w[this.#i + 18]!);
  }
  /** Last status change. */
  get ctime(): Date {
    return this.#ctime ??= date(this.#w[this.#i + 19]!, this.#w[this.#i + 20]!);
  }
  /** Creation time: NFSv2/v3 do not carry it. */
  get birthtime(): null {
    return null;
  }

  /**
   * The fields as a plain object (what `JSON.stringify` uses; the bigints need a replacer).
   *
   * @returns A plain {@linkcode NfsFileInfo}.
   */
  toJSON(): NfsFileInfo {
    return {
      isFile: this.isFile,
      isDirectory: this.isDirectory,
      isSymlink: this.isSymlink,
      type: this.type,
      size: this.size,
      size64: this.size64,
      mtime: this.mtime,
      atime: this.atime,
      ctime: this.ctime,
      birthtime: null,
      dev: this.dev,
      ino: this.ino,
      fileid: this.fileid,
      mode: this.mode,
      nlink: this.nlink,
      uid: this.uid,
      gid: this.gid,
      rdev: this.rdev,
      used: this.used,
      blocks: this.blocks,
    };
  }

  /** Deno's `console.log` and `Deno.inspect` show the fields, as for a plain object. */
  [Symbol.for("Deno.customInspect")](
    inspect: (v: unknown, o: unknown) => string,
    options: unknown,
  ): string {
    return `FileInfo ${inspect(this.toJSON(), options)}`;
  }
}

const LO = 0xffffffffn;

/**
 * Converts version-neutral attributes to {@linkcode NfsFileInfo}.
 *
 * @param a The attributes.
 * @returns The file information.
 */
export function toFileInfo(a: Attrs): FileInfo {
  const w = new Uint32Array(ATTR_WORDS);
  w[0] = FTYPE[a.type] ?? 1;
  w[1] = a.mode;
  w[2] = a.nlink;
  w[3] = a.uid;
  w[4] = a.gid;
  w[5] = Number(a.size >> 32n);
  w[6] = Number(a.size & LO);
  w[7] = Number(a.used >> 32n);
  w[8] = Number(a.used & LO);
  w[9] = a.rdev[0];
  w[10] = a.rdev[1];
  w[11] = Number((a.fsid >> 32n) & LO);
  w[12] = Number(a.fsid & LO);
  w[13] = Number(a.fileid >> 32n);
  w[14] = Number(a.fileid & LO);
  w[15] = a.atime.seconds;
  w[16] = a.atime.nseconds;
  w[17] = a.mtime.seconds;
  w[18] = a.mtime.nseconds;
  w[19] = a.ctime.seconds;
  w[20] = a.ctime.nseconds;
  return new FileInfo(w, 0);
}
