/**
 * The local directory behind the test server's export: file handles, the handle → path
 * table, attributes, access checks and errno → NFS status mapping. Shared by NFSv3, NFSv2
 * and MOUNT.
 *
 * @module
 */
import { statfsSync } from "node:fs";
import { AuthFlavor } from "../rpc/constants.ts";
import type { RpcCred } from "./_rpc_server.ts";
import {
  Access3,
  type Fattr3,
  Ftype3,
  Nfsstat3,
  type Nfstime3,
  type WccAttr,
  type WccData,
} from "../nfs/v3/types.ts";

/** Size of every handle this server hands out: fits NFSv2's fixed 32-byte `fhandle`. */
export const FH_SIZE = 32;
const FH_MAGIC = 0x4e465354; // "NFST"

/** An NFS status raised inside a procedure; the procedure turns it into its resfail. */
export class NfsStatusError extends Error {
  /** The nfsstat3 number. */
  readonly status: number;
  /**
   * Creates the error a procedure throws to answer with `status`.
   *
   * @param status The nfsstat3 number.
   * @param message What failed.
   */
  constructor(status: number, message = `NFS status ${status}`) {
    super(message);
    this.name = "NfsStatusError";
    this.status = status;
  }
}

/** Throws an {@linkcode NfsStatusError}. */
export function fail(status: number, message?: string): never {
  throw new NfsStatusError(status, message);
}

/** errno code (as Deno reports it in `error.code`) → nfsstat3. */
const ERRNO: Readonly<Record<string, number>> = {
  EPERM: Nfsstat3.NFS3ERR_PERM,
  ENOENT: Nfsstat3.NFS3ERR_NOENT,
  EIO: Nfsstat3.NFS3ERR_IO,
  ENXIO: Nfsstat3.NFS3ERR_NXIO,
  EACCES: Nfsstat3.NFS3ERR_ACCES,
  EEXIST: Nfsstat3.NFS3ERR_EXIST,
  EXDEV: Nfsstat3.NFS3ERR_XDEV,
  ENODEV: Nfsstat3.NFS3ERR_NODEV,
  ENOTDIR: Nfsstat3.NFS3ERR_NOTDIR,
  EISDIR: Nfsstat3.NFS3ERR_ISDIR,
  EINVAL: Nfsstat3.NFS3ERR_INVAL,
  EFBIG: Nfsstat3.NFS3ERR_FBIG,
  ENOSPC: Nfsstat3.NFS3ERR_NOSPC,
  EROFS: Nfsstat3.NFS3ERR_ROFS,
  EMLINK: Nfsstat3.NFS3ERR_MLINK,
  ENAMETOOLONG: Nfsstat3.NFS3ERR_NAMETOOLONG,
  ENOTEMPTY: Nfsstat3.NFS3ERR_NOTEMPTY,
  EDQUOT: Nfsstat3.NFS3ERR_DQUOT,
  ESTALE: Nfsstat3.NFS3ERR_STALE,
  // A symbolic link where a directory or a regular file was expected (open with O_NOFOLLOW,
  // or a loop in a path): NFSv3 has no ELOOP; INVAL is what READ/WRITE on a non-file get.
  ELOOP: Nfsstat3.NFS3ERR_INVAL,
  EOVERFLOW: Nfsstat3.NFS3ERR_FBIG,
  ETXTBSY: Nfsstat3.NFS3ERR_ACCES,
  ENOTSUP: Nfsstat3.NFS3ERR_NOTSUPP,
  EOPNOTSUPP: Nfsstat3.NFS3ERR_NOTSUPP,
  EAGAIN: Nfsstat3.NFS3ERR_JUKEBOX,
  EWOULDBLOCK: Nfsstat3.NFS3ERR_JUKEBOX,
};

/** Deno error class name → nfsstat3, for errors that carry no errno code. */
const DENO_ERROR: Readonly<Record<string, number>> = {
  NotFound: Nfsstat3.NFS3ERR_NOENT,
  AlreadyExists: Nfsstat3.NFS3ERR_EXIST,
  PermissionDenied: Nfsstat3.NFS3ERR_ACCES,
  NotADirectory: Nfsstat3.NFS3ERR_NOTDIR,
  IsADirectory: Nfsstat3.NFS3ERR_ISDIR,
  FilesystemLoop: Nfsstat3.NFS3ERR_INVAL,
  InvalidData: Nfsstat3.NFS3ERR_INVAL,
  DirectoryNotEmpty: Nfsstat3.NFS3ERR_NOTEMPTY,
};

/**
 * Maps an exception of a Deno file API to an NFS status (an {@linkcode NfsStatusError}
 * keeps its own); anything unknown is NFS3ERR_IO.
 *
 * @param e The exception.
 * @returns The nfsstat3 number.
 */
export function errnoStatus(e: unknown): number {
  if (e instanceof NfsStatusError) return e.status;
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && ERRNO[code] !== undefined) return ERRNO[code];
    const byName = DENO_ERROR[e.name];
    if (byName !== undefined) return byName;
  }
  return Nfsstat3.NFS3ERR_IO;
}

/** Runs a file operation and turns its exception into an {@linkcode NfsStatusError}. */
export function sys<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NfsStatusError) throw e;
    throw new NfsStatusError(errnoStatus(e), e instanceof Error ? e.message : String(e));
  }
}

/** One file system object the server has handed a handle for. */
export interface Node {
  /** `${dev}:${ino}`. */
  readonly key: string;
  /** Device number. */
  readonly dev: number;
  /** Inode number. */
  readonly ino: number;
  /** Generation: bumped each time this (dev, ino) is deleted through the server. */
  readonly gen: number;
  /** Known paths (several for hard links). */
  readonly paths: Set<string>;
  /** Birth time (ms) when the file system reports one: detects inode reuse. */
  readonly birth: number | null;
}

/** A resolved handle: the node, one current path and fresh attributes. */
export interface Obj {
  /** The node. */
  node: Node;
  /** A path that currently names it. */
  path: string;
  /** `lstat` of that path. */
  st: Deno.FileInfo;
}

/** The identity access checks run under; null = unchecked (the server process's rights). */
export interface Who {
  /** User id. */
  uid: number;
  /** Group ids (primary first). */
  gids: number[];
}

/**
 * The identity of a caller for access checks: AUTH_SYS with a uid other than 0. AUTH_NONE
 * and root are not checked here (the server process's own rights apply).
 *
 * @param cred The parsed credential.
 * @returns The identity, or null.
 */
export function whoOf(cred: RpcCred): Who | null {
  if (cred.flavor !== AuthFlavor.AUTH_SYS || cred.uid === undefined || cred.uid === 0) return null;
  return { uid: cred.uid, gids: [cred.gid ?? 0, ...(cred.gids ?? [])] };
}

/** Permission bits: read, write, execute/search. */
export const R = 4, W = 2, X = 1;

/**
 * Whether `who` has all of `bits` (R, W, X) on an object with these attributes (owner,
 * then group, then other bits, as POSIX does).
 */
export function permits(st: Deno.FileInfo, who: Who | null, bits: number): boolean {
  if (who === null) return true;
  const mode = st.mode ?? 0;
  let have: number;
  if (st.uid === who.uid) have = (mode >> 6) & 7;
  else if (st.gid !== null && who.gids.includes(st.gid)) have = (mode >> 3) & 7;
  else have = mode & 7;
  return (have & bits) === bits;
}

/** Throws NFS3ERR_ACCES unless `who` has `bits` on `st`. */
export function requirePerm(st: Deno.FileInfo, who: Who | null, bits: number, what: string): void {
  if (!permits(st, who, bits)) fail(Nfsstat3.NFS3ERR_ACCES, `Permission denied: ${what}`);
}

const S_IFMT = 0o170000;

/**
 * The NFS type of an object.
 *
 * @param st Its `lstat`.
 * @returns The ftype3.
 */
export function ftypeOf(st: Deno.FileInfo): Ftype3 {
  if (st.isFile) return Ftype3.NF3REG;
  if (st.isDirectory) return Ftype3.NF3DIR;
  if (st.isSymlink) return Ftype3.NF3LNK;
  switch ((st.mode ?? 0) & S_IFMT) {
    case 0o060000:
      return Ftype3.NF3BLK;
    case 0o020000:
      return Ftype3.NF3CHR;
    case 0o010000:
      return Ftype3.NF3FIFO;
    case 0o140000:
      return Ftype3.NF3SOCK;
    default:
      return Ftype3.NF3REG;
  }
}

/**
 * A Date as an nfstime3 (millisecond precision: what Deno's FileInfo carries).
 *
 * @param d The time.
 * @returns Seconds and nanoseconds, clamped to the uint32 range.
 */
export function nfstime(d: Date | null): Nfstime3 {
  const ms = d?.getTime() ?? 0;
  const s = Math.floor(ms / 1000);
  if (s < 0) return { seconds: 0, nseconds: 0 };
  if (s > 0xffffffff) return { seconds: 0xffffffff, nseconds: 999_999_999 };
  return { seconds: s, nseconds: (ms - s * 1000) * 1_000_000 };
}

/** Whether two nfstime3 values are equal. */
export function sameTime(a: Nfstime3, b: Nfstime3): boolean {
  return a.seconds === b.seconds && a.nseconds === b.nseconds;
}

/** Linux `dev_t` → major, minor. */
function devParts(rdev: number): [number, number] {
  const d = BigInt(rdev);
  const major = Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn)) >>> 0;
  const minor = Number((d & 0xffn) | ((d >> 12n) & ~0xffn)) >>> 0;
  return [major, minor];
}

/**
 * The change time to report: Deno gives ctime in whole seconds only, so the later of it and
 * mtime (which has milliseconds; ctime >= mtime holds on disk) is closer to the truth.
 */
function ctimeOf(st: Deno.FileInfo): Date | null {
  const c = st.ctime, m = st.mtime;
  if (c === null) return m;
  return m !== null && m.getTime() > c.getTime() ? m : c;
}

/**
 * `fattr3` of an object (RFC 1813 §2.5) from its `lstat`.
 *
 * @param st The `lstat` result.
 * @returns The attributes: fileid = inode, fsid = device.
 */
export function fattr(st: Deno.FileInfo): Fattr3 {
  const [major, minor] = devParts(st.rdev ?? 0);
  return {
    type: ftypeOf(st),
    mode: (st.mode ?? 0) & 0o7777,
    nlink: st.nlink ?? 1,
    uid: st.uid ?? 0,
    gid: st.gid ?? 0,
    size: BigInt(st.size),
    used: BigInt((st.blocks ?? 0) * 512),
    rdev: { specdata1: major, specdata2: minor },
    fsid: BigInt(st.dev),
    fileid: BigInt(st.ino ?? 0),
    atime: nfstime(st.atime),
    mtime: nfstime(st.mtime),
    ctime: nfstime(ctimeOf(st)),
  };
}

/**
 * `wcc_attr` of an object (RFC 1813 §2.5).
 *
 * @param st The `lstat` result.
 * @returns Size, mtime, ctime.
 */
export function wccAttr(st: Deno.FileInfo): WccAttr {
  return { size: BigInt(st.size), mtime: nfstime(st.mtime), ctime: nfstime(ctimeOf(st)) };
}

/** wcc_data with neither before nor after attributes. */
export const NO_WCC: WccData = Object.freeze({ before: null, after: null });

/** Options of an {@linkcode Export}. */
export interface ExportOptions {
  /** Longest name accepted, in UTF-8 bytes (PATHCONF name_max). */
  nameMax: number;
  /** Refuse every change with NFS3ERR_ROFS. */
  readOnly: boolean;
}

/** One READDIR listing, kept while clients page through it. */
interface Listing {
  seq: number;
  dirKey: string;
  names: string[];
}

const MAX_LISTINGS = 256;
const utf8 = new TextEncoder();

/**
 * The exported directory: handles ↔ (dev, ino) ↔ paths.
 *
 * A handle is 32 bytes: magic "NFST", an 8-byte verifier of this server instance, dev and
 * ino (uint64 each) and a generation (uint32). The node table maps (dev, ino) to the paths
 * the server has seen for it; LOOKUP, READDIRPLUS, CREATE & co. add paths, RENAME moves them
 * (with everything below a renamed directory), REMOVE/RMDIR drop them and bump the
 * generation when the last link goes. A handle whose object is gone (also behind the
 * server's back) gives NFS3ERR_STALE.
 */
export class Export {
  /** Absolute real path of the exported directory. */
  readonly root: string;
  /** The root's node. */
  readonly rootNode: Node;
  /** Longest name accepted. */
  readonly nameMax: number;
  /** Whether changes are refused. */
  readonly readOnly: boolean;
  readonly #instance = crypto.getRandomValues(new Uint8Array(8));
  readonly #nodes = new Map<string, Node>();
  readonly #gens = new Map<string, number>();
  readonly #listings = new Map<string, Listing>();
  #listingSeq = 0;
  #listingSalt = crypto.getRandomValues(new Uint32Array(1))[0]!;
  /** EXCLUSIVE CREATE verifiers by node key (hex). */
  readonly exclusive: Map<string, string> = new Map();

  /**
   * Exports a local directory.
   *
   * @param dir The directory to export (must exist).
   * @param options Name limit and read-only flag.
   * @throws {Deno.errors.NotFound} If `dir` does not exist; {@linkcode TypeError} if it is
   * not a directory.
   */
  constructor(dir: string, options: ExportOptions) {
    this.root = Deno.realPathSync(dir);
    const st = Deno.lstatSync(this.root);
    if (!st.isDirectory) throw new TypeError(`Cannot export "${dir}": not a directory`);
    this.rootNode = this.register(this.root, st);
    this.nameMax = options.nameMax;
    this.readOnly = options.readOnly;
  }

  /** The handle of a node. */
  handle(node: Node): Uint8Array {
    const fh = new Uint8Array(FH_SIZE);
    const v = new DataView(fh.buffer);
    v.setUint32(0, FH_MAGIC);
    fh.set(this.#instance, 4);
    v.setBigUint64(12, BigInt(node.dev));
    v.setBigUint64(20, BigInt(node.ino));
    v.setUint32(28, node.gen);
    return fh;
  }

  /** The root's handle. */
  get rootHandle(): Uint8Array {
    return this.handle(this.rootNode);
  }

  /**
   * Records that `path` names the object `st` and returns its node (new or known).
   *
   * @param path Absolute path under the root.
   * @param st Its `lstat`.
   * @param fresh True when the server just created it: a known node with the same
   * (dev, ino) is an old, deleted object whose inode was reused.
   */
  register(path: string, st: Deno.FileInfo, fresh = false): Node {
    const key = keyOf(st);
    const birth = st.birthtime?.getTime() ?? null;
    let node = this.#nodes.get(key);
    if (node !== undefined && (fresh || (birth !== null && node.birth !== birth))) {
      if (node !== this.rootNode) {
        this.forget(node);
        node = undefined;
      }
    }
    if (node === undefined) {
      node = {
        key,
        dev: st.dev,
        ino: st.ino ?? 0,
        gen: this.#gens.get(key) ?? 0,
        paths: new Set(),
        birth,
      };
      this.#nodes.set(key, node);
    }
    node.paths.add(path);
    return node;
  }

  /** Drops a node whose object was deleted; its handles become stale. */
  forget(node: Node): void {
    if (node === this.rootNode) return;
    if (this.#nodes.get(node.key) === node) this.#nodes.delete(node.key);
    this.#gens.set(node.key, (node.gen + 1) >>> 0);
    this.exclusive.delete(node.key);
  }

  /**
   * Resolves a handle to its node, a current path and fresh attributes.
   *
   * @param fh The handle.
   * @returns The object.
   * @throws {NfsStatusError} BADHANDLE for a handle this server never made, STALE for one of
   * another instance or of an object that is gone.
   */
  resolve(fh: Uint8Array): Obj {
    if (fh.length !== FH_SIZE) fail(Nfsstat3.NFS3ERR_BADHANDLE, `Bad handle: ${fh.length} bytes`);
    const v = new DataView(fh.buffer, fh.byteOffset, fh.length);
    if (v.getUint32(0) !== FH_MAGIC) fail(Nfsstat3.NFS3ERR_BADHANDLE, "Bad handle: magic");
    for (let i = 0; i < 8; i++) {
      if (fh[4 + i] !== this.#instance[i]) fail(Nfsstat3.NFS3ERR_STALE, "Handle of another server");
    }
    const key = `${v.getBigUint64(12)}:${v.getBigUint64(20)}`;
    const node = this.#nodes.get(key);
    if (node === undefined || node.gen !== v.getUint32(28)) {
      fail(Nfsstat3.NFS3ERR_STALE, `Stale handle ${key}`);
    }
    for (const path of [...node.paths]) {
      let st: Deno.FileInfo;
      try {
        st = Deno.lstatSync(path);
      } catch {
        node.paths.delete(path);
        continue;
      }
      const birth = st.birthtime?.getTime() ?? null;
      if (
        st.dev === node.dev && st.ino === node.ino &&
        (node.birth === null || birth === null || birth === node.birth)
      ) {
        return { node, path, st };
      }
      node.paths.delete(path);
    }
    // Gone (deleted or moved behind the server's back): a later object that reuses the inode
    // gets a new generation, so this handle stays stale.
    this.forget(node);
    fail(Nfsstat3.NFS3ERR_STALE, `Stale handle ${key}: the object is gone`);
  }

  /** Like {@linkcode Export.resolve}, and checks the object is a directory (NOTDIR). */
  resolveDir(fh: Uint8Array): Obj {
    const o = this.resolve(fh);
    if (!o.st.isDirectory) fail(Nfsstat3.NFS3ERR_NOTDIR, `Not a directory: ${o.path}`);
    return o;
  }

  /**
   * Checks a name for a new or existing directory entry and returns its path.
   *
   * @param dir The directory.
   * @param name The entry name.
   * @param dots The status for "." and ".." (default EXIST: they name existing entries).
   * @returns The absolute path.
   * @throws {NfsStatusError} NAMETOOLONG past `nameMax`, INVAL for "", "/" or NUL, `dots`
   * for "." and "..".
   */
  child(dir: Obj, name: string, dots: number = Nfsstat3.NFS3ERR_EXIST): string {
    if (name === "" || name.includes("/") || name.includes("\0")) {
      fail(Nfsstat3.NFS3ERR_INVAL, `Invalid name ${JSON.stringify(name)}`);
    }
    if (utf8.encode(name).length > this.nameMax) {
      fail(Nfsstat3.NFS3ERR_NAMETOOLONG, `Name longer than ${this.nameMax} bytes`);
    }
    if (name === "." || name === "..") fail(dots, `Cannot use "${name}" here`);
    return `${dir.path}/${name}`;
  }

  /** The parent directory's path ("..", never above the root). */
  parentPath(path: string): string {
    if (path === this.root) return path;
    const i = path.lastIndexOf("/");
    return i <= 0 ? "/" : path.slice(0, i);
  }

  /** Throws NFS3ERR_ROFS when the export is read-only. */
  writable(): void {
    if (this.readOnly) fail(Nfsstat3.NFS3ERR_ROFS, "Read-only export");
  }

  /**
   * Updates the table after an entry was unlinked (REMOVE, RMDIR, or replaced by RENAME).
   *
   * @param path The removed path.
   * @param st Its `lstat` before removal.
   */
  unlinked(path: string, st: Deno.FileInfo): void {
    const node = this.#nodes.get(keyOf(st));
    if (node === undefined) return;
    node.paths.delete(path);
    if (st.isDirectory || (st.nlink ?? 1) <= 1) this.forget(node);
  }

  /**
   * Updates the table after a rename: the object and (for a directory) everything below it
   * keep their handles under the new paths.
   *
   * @param from The old path.
   * @param to The new path.
   * @param st The moved object's `lstat`.
   */
  renamed(from: string, to: string, st: Deno.FileInfo): void {
    const node = this.register(to, st);
    node.paths.delete(from);
    if (!st.isDirectory) return;
    const prefix = `${from}/`;
    for (const n of this.#nodes.values()) {
      for (const p of [...n.paths]) {
        if (p.startsWith(prefix)) {
          n.paths.delete(p);
          n.paths.add(to + p.slice(from.length));
        }
      }
    }
  }

  /** Forgets every READDIR listing (old cookie verifiers then give BAD_COOKIE). */
  dropListings(): void {
    this.#listings.clear();
    this.#listingSalt = crypto.getRandomValues(new Uint32Array(1))[0]!;
  }

  /**
   * Starts a listing of a directory: a snapshot of its names ("." and ".." first) under a
   * new cookie verifier; cookie n resumes after the n-th name.
   *
   * @param dir The directory.
   * @returns The verifier and the names.
   */
  newListing(dir: Obj): { verf: Uint8Array; names: string[]; seq: number } {
    const names = [".", ".."];
    sys(() => {
      for (const e of Deno.readDirSync(dir.path)) names.push(e.name);
    });
    const verf = new Uint8Array(8);
    const v = new DataView(verf.buffer);
    v.setUint32(0, this.#listingSalt);
    const seq = this.#listingSeq = (this.#listingSeq + 1) >>> 0;
    v.setUint32(4, seq);
    const id = hex(verf);
    this.#listings.set(id, { seq, dirKey: dir.node.key, names });
    if (this.#listings.size > MAX_LISTINGS) {
      this.#listings.delete(this.#listings.keys().next().value!);
    }
    return { verf, names, seq };
  }

  /**
   * Finds a listing of `dir` by the low bits of its sequence number (NFSv2 cookies carry
   * them, having no verifier).
   *
   * @param dir The directory being read.
   * @param seqBits The sequence number's low bits.
   * @param mask Which bits.
   * @returns The names, or null.
   */
  listingBySeq(dir: Obj, seqBits: number, mask: number): string[] | null {
    let found: string[] | null = null;
    for (const l of this.#listings.values()) {
      if (l.dirKey === dir.node.key && (l.seq & mask) === seqBits) found = l.names;
    }
    return found;
  }

  /**
   * Finds the listing a cookie verifier names.
   *
   * @param dir The directory being read.
   * @param verf The client's cookie verifier.
   * @returns The names, or null when the verifier is unknown (or of another directory).
   */
  listing(dir: Obj, verf: Uint8Array): string[] | null {
    const l = this.#listings.get(hex(verf));
    if (l === undefined || l.dirKey !== dir.node.key) return null;
    return l.names;
  }

  /**
   * FSSTAT figures of the export's file system (`statfs`; fixed values when unavailable).
   *
   * @returns Byte and file-slot counts.
   */
  statfs(): {
    bsize: number;
    tbytes: bigint;
    fbytes: bigint;
    abytes: bigint;
    tfiles: bigint;
    ffiles: bigint;
    afiles: bigint;
  } {
    try {
      const s = statfsSync(this.root);
      const bs = BigInt(s.bsize);
      return {
        bsize: s.bsize,
        tbytes: BigInt(s.blocks) * bs,
        fbytes: BigInt(s.bfree) * bs,
        abytes: BigInt(s.bavail) * bs,
        tfiles: BigInt(s.files),
        ffiles: BigInt(s.ffree),
        afiles: BigInt(s.ffree),
      };
    } catch {
      const g = 1n << 30n;
      return {
        bsize: 4096,
        tbytes: 100n * g,
        fbytes: 50n * g,
        abytes: 50n * g,
        tfiles: 1n << 20n,
        ffiles: 1n << 19n,
        afiles: 1n << 19n,
      };
    }
  }
}

/** The node key of an object: `${dev}:${ino}` as exact integers. */
export function keyOf(st: Deno.FileInfo): string {
  return `${BigInt(st.dev)}:${BigInt(st.ino ?? 0)}`;
}

/** Hex of bytes. */
export function hex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/**
 * The ACCESS3 bits `who` is granted on an object (RFC 1813 §3.3.4).
 *
 * @param st The object's `lstat`.
 * @param who The caller (null = unchecked).
 * @param readOnly Whether the export refuses changes.
 * @returns ACCESS3_* bits.
 */
export function accessBits(st: Deno.FileInfo, who: Who | null, readOnly: boolean): number {
  const dir = st.isDirectory;
  let bits = 0;
  if (permits(st, who, R)) bits |= Access3.ACCESS3_READ;
  if (!readOnly && permits(st, who, W)) {
    bits |= Access3.ACCESS3_MODIFY | Access3.ACCESS3_EXTEND;
    if (dir) bits |= Access3.ACCESS3_DELETE;
  }
  const x = who === null ? dir || ((st.mode ?? 0) & 0o111) !== 0 : permits(st, who, X);
  if (x) bits |= dir ? Access3.ACCESS3_LOOKUP : Access3.ACCESS3_EXECUTE;
  return bits;
}
