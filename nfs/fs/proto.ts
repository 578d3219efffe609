/**
 * One interface over NFSv3 and NFSv2 for the file API: each version's client is wrapped in
 * an adapter that turns results into plain values and failures into {@linkcode NfsError}s.
 *
 * @module
 */
import { ConnectionError, NfsError, nfsError, quoteName, TimedOut } from "../errors.ts";
import { RpcConnectionError, RpcError, RpcTimeoutError } from "../../rpc/mod.ts";
import type { Nfs3Client } from "../v3/client.ts";
import {
  Createmode3,
  type Fattr3,
  Ftype3,
  type Sattr3,
  type SetTime,
  StableHow,
} from "../v3/types.ts";

/**
 * The kind of a file system object.
 *
 * @example
 * ```ts
 * import { connect, type FileType } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.mkdir("sub");
 * await nfs.symlink("sub", "link");
 * const t: FileType = (await nfs.lstat("link")).type;
 * const label: Partial<Record<FileType, string>> = { file: "-", directory: "d", symlink: "l" };
 * console.log(t, label[t], label[(await nfs.stat("link")).type]); // => symlink l d
 * ```
 */
export type FileType = "file" | "directory" | "symlink" | "block" | "char" | "socket" | "fifo";

/** A timestamp as the server sent it. */
export interface Time {
  /** Seconds since the epoch. */
  seconds: number;
  /** Nanoseconds. */
  nseconds: number;
}

/** Attributes of an object, version-neutral. */
export interface Attrs {
  /** Object type. */
  type: FileType;
  /** Permission bits (and setuid/setgid/sticky): `mode & 0o7777`. */
  mode: number;
  /** Hard link count. */
  nlink: number;
  /** Owner. */
  uid: number;
  /** Group. */
  gid: number;
  /** Size in bytes. */
  size: bigint;
  /** Bytes of disk used. */
  used: bigint;
  /** Device numbers (block/char devices). */
  rdev: [number, number];
  /** File system id. */
  fsid: bigint;
  /** File id (inode number). */
  fileid: bigint;
  /** Last access. */
  atime: Time;
  /** Last modification. */
  mtime: Time;
  /** Last status change. */
  ctime: Time;
}

/** Attributes to change; absent fields stay as they are. */
export interface SetAttrs {
  /** Permission bits. */
  mode?: number;
  /** Owner. */
  uid?: number;
  /** Group. */
  gid?: number;
  /** New size (truncate or extend). */
  size?: bigint;
  /** Access time, or "server" for the server's clock. */
  atime?: Time | "server";
  /** Modification time, or "server". */
  mtime?: Time | "server";
}

/** One raw directory entry. */
export interface RawEntry {
  /** Entry name (validated: not empty, no "/" or NUL). */
  name: string;
  /** File id. */
  fileid: bigint;
  /** Cookie to resume after this entry. */
  cookie: bigint;
  /** Attributes, when READDIRPLUS gave them. */
  attrs: Attrs | null;
  /** Handle, when READDIRPLUS gave it. */
  fh: Uint8Array | null;
}

/** One page of a directory listing. */
export interface DirPage {
  /** Entries. */
  entries: RawEntry[];
  /** No more pages. */
  eof: boolean;
  /** Cookie verifier to send with the next page. */
  verf: Uint8Array;
}

/** Server limits from FSINFO (v3) or fixed (v2). */
export interface FsLimits {
  /** Largest READ. */
  rtmax: number;
  /** Preferred READ size. */
  rtpref: number;
  /** Largest WRITE. */
  wtmax: number;
  /** Preferred WRITE size. */
  wtpref: number;
  /** Preferred READDIR size. */
  dtpref: number;
  /** Largest file size. */
  maxfilesize: bigint;
  /** Granularity of the times the server keeps, in nanoseconds (0: unknown). */
  timeDeltaNs: number;
}

/**
 * File system usage (from FSSTAT in NFSv3, STATFS in NFSv2); what
 * {@linkcode NfsClient.statfs} returns.
 *
 * @example
 * ```ts
 * import { connect, type FsStat } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * const st: FsStat = await nfs.statfs(".");
 * const fits = (bytes: bigint, s: FsStat) => bytes <= s.availBytes;
 * console.log(fits(1n, st), fits(st.totalBytes + 1n, st)); // => true false
 * ```
 */
export interface FsStat {
  /** Total bytes. */
  totalBytes: bigint;
  /** Free bytes. */
  freeBytes: bigint;
  /** Bytes available to the caller. */
  availBytes: bigint;
  /** Total file slots (0 when unknown). */
  totalFiles: bigint;
  /** Free file slots. */
  freeFiles: bigint;
  /** File slots available to the caller. */
  availFiles: bigint;
}

/** Result of a WRITE. */
export interface WriteResult {
  /** Bytes written. */
  count: number;
  /** How stably: 0 UNSTABLE, 1 DATA_SYNC, 2 FILE_SYNC. */
  committed: number;
  /** The write verifier (v3), or null (v2 writes are always stable). */
  verf: Uint8Array | null;
}

/** Context of a call, for error messages and cancellation. */
export interface Ctx {
  /** The path the call is about. */
  path?: string | undefined;
  /** Verb for the message ("open", "read"...). */
  verb?: string | undefined;
  /** Cancellation. */
  signal?: AbortSignal | undefined;
}

/** The version-neutral operations the file API is built on. */
export interface Proto {
  /** 3 or 2. */
  readonly version: 2 | 3;
  /** Sink hint of READ, for the transport's lookahead. */
  readonly readHint: number;
  /** GETATTR: the attributes of `fh`. */
  getattr(fh: Uint8Array, c: Ctx): Promise<Attrs>;
  /** SETATTR: changes the attributes of `fh`. */
  setattr(fh: Uint8Array, s: SetAttrs, c: Ctx): Promise<void>;
  /** LOOKUP: the handle of `name` in `dir`, with its attributes when the server sends them. */
  lookup(dir: Uint8Array, name: string, c: Ctx): Promise<{ fh: Uint8Array; attrs: Attrs | null }>;
  /** READLINK: the target of the symlink `fh`. */
  readlink(fh: Uint8Array, c: Ctx): Promise<string>;
  /** READ: up to `count` bytes of `fh` at `offset`, straight into `dest`. */
  read(
    fh: Uint8Array,
    offset: number,
    count: number,
    dest: Uint8Array,
    c: Ctx,
  ): Promise<{ count: number; eof: boolean; attrs: Attrs | null }>;
  /** WRITE: `data` to `fh` at `offset`; FILE_SYNC if `stable`, else UNSTABLE. */
  write(
    fh: Uint8Array,
    offset: number,
    data: Uint8Array,
    stable: boolean,
    c: Ctx,
  ): Promise<WriteResult>;
  /** COMMIT (v3); v2 returns null (nothing to commit). */
  commit(fh: Uint8Array, c: Ctx): Promise<Uint8Array | null>;
  /** CREATE: a regular file `name` in `dir`; with `exclusive`, fails if the name exists. */
  create(
    dir: Uint8Array,
    name: string,
    mode: number,
    exclusive: boolean,
    c: Ctx,
  ): Promise<{ fh: Uint8Array; attrs: Attrs | null }>;
  /** MKDIR: a directory `name` in `dir`. */
  mkdir(
    dir: Uint8Array,
    name: string,
    mode: number,
    c: Ctx,
  ): Promise<{ fh: Uint8Array; attrs: Attrs | null }>;
  /** SYMLINK: a link `name` in `dir` that points to `target`. */
  symlink(dir: Uint8Array, name: string, target: string, c: Ctx): Promise<void>;
  /** LINK: a hard link `name` in `dir` to `fh`. */
  link(fh: Uint8Array, dir: Uint8Array, name: string, c: Ctx): Promise<void>;
  /** REMOVE: the non-directory `name` in `dir`. */
  remove(dir: Uint8Array, name: string, c: Ctx): Promise<void>;
  /** RMDIR: the empty directory `name` in `dir`. */
  rmdir(dir: Uint8Array, name: string, c: Ctx): Promise<void>;
  /** RENAME: `fromName` in `fromDir` to `toName` in `toDir`. */
  rename(
    fromDir: Uint8Array,
    fromName: string,
    toDir: Uint8Array,
    toName: string,
    c: Ctx,
  ): Promise<void>;
  /** READDIRPLUS (`plus`) or READDIR: one page of `dir`'s entries after `cookie`. */
  readdir(
    dir: Uint8Array,
    cookie: bigint,
    verf: Uint8Array,
    plus: boolean,
    sizes: { dircount: number; maxcount: number },
    c: Ctx,
  ): Promise<DirPage>;
  /** FSSTAT (NFSv3) or STATFS (NFSv2): the file system's usage. */
  fsstat(fh: Uint8Array, c: Ctx): Promise<FsStat>;
  /** FSINFO (NFSv3), or NFSv2's fixed limits: the transfer sizes the server allows. */
  fsinfo(fh: Uint8Array, c: Ctx): Promise<FsLimits>;
}

/** Turns an RPC-level failure into the matching {@linkcode NfsError}. */
export function wrapRpcError(e: unknown, proc: string, c: Ctx): unknown {
  if (e instanceof NfsError) return e;
  const path = c.path;
  const what = `Cannot ${c.verb ?? proc}${path !== undefined ? ` ${quoteName(path)}` : ""}`;
  if (e instanceof RpcTimeoutError) {
    return new TimedOut(`${what}: ${e.message}`, { proc, path, cause: e });
  }
  if (e instanceof RpcConnectionError) {
    return new ConnectionError(`${what}: ${e.message}`, { proc, path, cause: e });
  }
  if (e instanceof RpcError) {
    return new NfsError(`${what}: ${e.message}`, {
      code: "EPROTO",
      status: 0,
      proc,
      path,
      cause: e,
    });
  }
  return e;
}

const FTYPE3: Record<number, FileType> = {
  [Ftype3.NF3REG]: "file",
  [Ftype3.NF3DIR]: "directory",
  [Ftype3.NF3BLK]: "block",
  [Ftype3.NF3CHR]: "char",
  [Ftype3.NF3LNK]: "symlink",
  [Ftype3.NF3SOCK]: "socket",
  [Ftype3.NF3FIFO]: "fifo",
};

/** Converts RFC 1813 attributes. */
export function fromFattr3(a: Fattr3): Attrs {
  return {
    type: FTYPE3[a.type] ?? "file",
    mode: a.mode & 0o7777,
    nlink: a.nlink,
    uid: a.uid,
    gid: a.gid,
    size: a.size,
    used: a.used,
    rdev: [a.rdev.specdata1, a.rdev.specdata2],
    fsid: a.fsid,
    fileid: a.fileid,
    atime: a.atime,
    mtime: a.mtime,
    ctime: a.ctime,
  };
}

function toSetTime(t: Time | "server" | undefined): SetTime | undefined {
  return t;
}

function toSattr3(s: SetAttrs): Sattr3 {
  const out: Sattr3 = {};
  if (s.mode !== undefined) out.mode = s.mode;
  if (s.uid !== undefined) out.uid = s.uid;
  if (s.gid !== undefined) out.gid = s.gid;
  if (s.size !== undefined) out.size = s.size;
  if (s.atime !== undefined) out.atime = toSetTime(s.atime);
  if (s.mtime !== undefined) out.mtime = toSetTime(s.mtime);
  return out;
}

/** Checks a name a server sent us: never trust it to be a single path component. */
export function checkServerName(name: string, where: string): string {
  if (name === "" || name.includes("/") || name.includes("\0")) {
    throw new NfsError(
      `Cannot list ${quoteName(where)}: the server sent an invalid entry name ${quoteName(name)}`,
      { code: "EPROTO", status: 0, path: where },
    );
  }
  return name;
}

/**
 * Runs one protocol call for an adapter: RPC failures become {@linkcode NfsError}s
 * ({@linkcode wrapRpcError}), a failure status becomes the matching `NfsError` subclass, and
 * a success result goes through `ok`.
 *
 * @param proc The call's label, e.g. "NFS3 GETATTR".
 * @param c Path, verb and signal of the operation.
 * @param run Makes the call.
 * @param ok Converts the success result.
 * @returns What `ok` returns.
 */
export async function nfsCall<T extends { status: number }, R>(
  proc: string,
  c: Ctx,
  run: () => Promise<T>,
  ok: (res: Extract<T, { status: 0 }>) => R,
): Promise<R> {
  let res: T;
  try {
    res = await run();
  } catch (e) {
    throw wrapRpcError(e, proc, c);
  }
  if (res.status !== 0) {
    throw nfsError({ status: res.status, proc, path: c.path, verb: c.verb, result: res });
  }
  return ok(res as Extract<T, { status: 0 }>);
}

/** The per-call options of a context (its signal). */
export function callOptions(c: Ctx): { signal: AbortSignal } | undefined {
  return c.signal ? { signal: c.signal } : undefined;
}

/** Per-call options the protocol clients take. */
type CallOpts = { signal: AbortSignal } | undefined;

/** The name-changing calls, the same shape in the NFSv2 and NFSv3 clients. */
export interface NameCalls {
  /** The protocol client's SYMLINK call (resolves with the raw result). */
  symlink(
    dir: Uint8Array,
    name: string,
    target: string,
    attrs: Record<never, never>,
    o?: CallOpts,
  ): Promise<{ status: number }>;
  /** The protocol client's LINK call (resolves with the raw result). */
  link(fh: Uint8Array, dir: Uint8Array, name: string, o?: CallOpts): Promise<{ status: number }>;
  /** The protocol client's REMOVE call (resolves with the raw result). */
  remove(dir: Uint8Array, name: string, o?: CallOpts): Promise<{ status: number }>;
  /** The protocol client's RMDIR call (resolves with the raw result). */
  rmdir(dir: Uint8Array, name: string, o?: CallOpts): Promise<{ status: number }>;
  /** The protocol client's RENAME call (resolves with the raw result). */
  rename(
    fromDir: Uint8Array,
    fromName: string,
    toDir: Uint8Array,
    toName: string,
    o?: CallOpts,
  ): Promise<{ status: number }>;
}

/** SYMLINK, LINK, REMOVE, RMDIR and RENAME for both adapters (they differ only in the label). */
export abstract class NameOpsProto {
  /** "NFS3" or "NFS2", for error messages. */
  protected abstract readonly label: string;
  /** The protocol client making the calls. */
  protected abstract get calls(): NameCalls;

  /** SYMLINK: a link `name` in `dir` that points to `target`. */
  symlink(dir: Uint8Array, name: string, target: string, c: Ctx): Promise<void> {
    return nfsCall(
      `${this.label} SYMLINK`,
      c,
      () => this.calls.symlink(dir, name, target, {}, callOptions(c)),
      () => {},
    );
  }

  /** LINK: a hard link `name` in `dir` to `fh`. */
  link(fh: Uint8Array, dir: Uint8Array, name: string, c: Ctx): Promise<void> {
    return nfsCall(
      `${this.label} LINK`,
      c,
      () => this.calls.link(fh, dir, name, callOptions(c)),
      () => {},
    );
  }

  /** REMOVE: the non-directory `name` in `dir`. */
  remove(dir: Uint8Array, name: string, c: Ctx): Promise<void> {
    return nfsCall(
      `${this.label} REMOVE`,
      c,
      () => this.calls.remove(dir, name, callOptions(c)),
      () => {},
    );
  }

  /** RMDIR: the empty directory `name` in `dir`. */
  rmdir(dir: Uint8Array, name: string, c: Ctx): Promise<void> {
    return nfsCall(
      `${this.label} RMDIR`,
      c,
      () => this.calls.rmdir(dir, name, callOptions(c)),
      () => {},
    );
  }

  /** RENAME: `fromName` in `fromDir` to `toName` in `toDir`. */
  rename(
    fromDir: Uint8Array,
    fromName: string,
    toDir: Uint8Array,
    toName: string,
    c: Ctx,
  ): Promise<void> {
    return nfsCall(
      `${this.label} RENAME`,
      c,
      () => this.calls.rename(fromDir, fromName, toDir, toName, callOptions(c)),
      () => {},
    );
  }
}

/** NFSv3 behind {@linkcode Proto}. */
export class V3Proto extends NameOpsProto implements Proto {
  readonly version = 3 as const;
  readonly readHint = 128;
  /** The NFSv3 client the calls go through. */
  readonly nfs: Nfs3Client;

  /** The procedure label prefix, for error messages. */
  protected readonly label = "NFS3";

  /**
   * Wraps an NFSv3 client.
   *
   * @param nfs The client, on a connection to the server's NFS program.
   */
  constructor(nfs: Nfs3Client) {
    super();
    this.nfs = nfs;
  }

  /** The client, for the name-changing calls of {@linkcode NameOpsProto}. */
  protected get calls(): NameCalls {
    return this.nfs;
  }

  #do<T extends { status: number }, R>(
    proc: string,
    c: Ctx,
    run: () => Promise<T>,
    ok: (res: Extract<T, { status: 0 }>) => R,
  ): Promise<R> {
    return nfsCall(`NFS3 ${proc}`, c, run, ok);
  }

  #o(c: Ctx) {
    return callOptions(c);
  }

  /** GETATTR: the attributes of `fh`. */
  getattr(fh: Uint8Array, c: Ctx): Promise<Attrs> {
    return this.#do(
      "GETATTR",
      c,
      () => this.nfs.getattr(fh, this.#o(c)),
      (r) => fromFattr3(r.objAttributes),
    );
  }

  /** SETATTR: changes the attributes of `fh`. */
  setattr(fh: Uint8Array, s: SetAttrs, c: Ctx): Promise<void> {
    return this.#do(
      "SETATTR",
      c,
      () => this.nfs.setattr(fh, toSattr3(s), null, this.#o(c)),
      () => {},
    );
  }

  /** LOOKUP: the handle of `name` in `dir`, with its attributes when the server sends them. */
  lookup(dir: Uint8Array, name: string, c: Ctx): Promise<{ fh: Uint8Array; attrs: Attrs | null }> {
    return this.#do("LOOKUP", c, () => this.nfs.lookup(dir, name, this.#o(c)), (r) => ({
      fh: r.object,
      attrs: r.objAttributes ? fromFattr3(r.objAttributes) : null,
    }));
  }

  /** READLINK: the target of the symlink `fh`. */
  readlink(fh: Uint8Array, c: Ctx): Promise<string> {
    return this.#do("READLINK", c, () => this.nfs.readlink(fh, this.#o(c)), (r) => r.data);
  }

  /** READ: up to `count` bytes of `fh` at `offset`, straight into `dest`. */
  read(
    fh: Uint8Array,
    offset: number,
    count: number,
    dest: Uint8Array,
    c: Ctx,
  ): Promise<{ count: number; eof: boolean; attrs: Attrs | null }> {
    return this.#do("READ", c, () => this.nfs.read(fh, offset, count, dest, this.#o(c)), (r) => ({
      count: r.count,
      eof: r.eof,
      attrs: r.fileAttributes ? fromFattr3(r.fileAttributes) : null,
    }));
  }

  /** WRITE: `data` to `fh` at `offset`; FILE_SYNC if `stable`, else UNSTABLE. */
  write(
    fh: Uint8Array,
    offset: number,
    data: Uint8Array,
    stable: boolean,
    c: Ctx,
  ): Promise<WriteResult> {
    const how = stable ? StableHow.FILE_SYNC : StableHow.UNSTABLE;
    return this.#do("WRITE", c, () => this.nfs.write(fh, offset, data, how, this.#o(c)), (r) => ({
      count: r.count,
      committed: r.committed,
      verf: r.verf,
    }));
  }

  /** COMMIT of the whole file: resolves with the server's write verifier. */
  commit(fh: Uint8Array, c: Ctx): Promise<Uint8Array | null> {
    return this.#do("COMMIT", c, () => this.nfs.commit(fh, 0, 0, this.#o(c)), (r) => r.verf);
  }

  #created(
    proc: string,
    dir: Uint8Array,
    name: string,
    c: Ctx,
    r: { obj: Uint8Array | null; objAttributes: Fattr3 | null },
  ): Promise<{ fh: Uint8Array; attrs: Attrs | null }> {
    if (r.obj !== null) {
      return Promise.resolve({
        fh: r.obj,
        attrs: r.objAttributes ? fromFattr3(r.objAttributes) : null,
      });
    }
    // RFC 1813 lets the server omit the new handle: look it up.
    void proc;
    return this.lookup(dir, name, c);
  }

  /** CREATE: a regular file `name` in `dir` (GUARDED if `exclusive`, else UNCHECKED). */
  async create(
    dir: Uint8Array,
    name: string,
    mode: number,
    exclusive: boolean,
    c: Ctx,
  ): Promise<{ fh: Uint8Array; attrs: Attrs | null }> {
    const how = exclusive
      ? { mode: Createmode3.GUARDED, objAttributes: { mode } }
      : { mode: Createmode3.UNCHECKED, objAttributes: { mode } };
    const r = await this.#do(
      "CREATE",
      c,
      () => this.nfs.create(dir, name, how, this.#o(c)),
      (r) => r,
    );
    return this.#created("CREATE", dir, name, c, r);
  }

  /** MKDIR: a directory `name` in `dir`. */
  async mkdir(
    dir: Uint8Array,
    name: string,
    mode: number,
    c: Ctx,
  ): Promise<{ fh: Uint8Array; attrs: Attrs | null }> {
    const r = await this.#do(
      "MKDIR",
      c,
      () => this.nfs.mkdir(dir, name, { mode }, this.#o(c)),
      (r) => r,
    );
    return this.#created("MKDIR", dir, name, c, r);
  }

  /** READDIRPLUS (`plus`) or READDIR: one page of `dir`'s entries after `cookie`. */
  readdir(
    dir: Uint8Array,
    cookie: bigint,
    verf: Uint8Array,
    plus: boolean,
    sizes: { dircount: number; maxcount: number },
    c: Ctx,
  ): Promise<DirPage> {
    const where = c.path ?? "";
    if (plus) {
      return this.#do(
        "READDIRPLUS",
        c,
        () => this.nfs.readdirplus(dir, cookie, verf, sizes.dircount, sizes.maxcount, this.#o(c)),
        (r) => ({
          eof: r.reply.eof,
          verf: r.cookieverf,
          entries: r.reply.entries.map((e) => ({
            name: checkServerName(e.name, where),
            fileid: e.fileid,
            cookie: e.cookie,
            attrs: e.nameAttributes ? fromFattr3(e.nameAttributes) : null,
            fh: e.nameHandle,
          })),
        }),
      );
    }
    return this.#do(
      "READDIR",
      c,
      () => this.nfs.readdir(dir, cookie, verf, sizes.maxcount, this.#o(c)),
      (r) => ({
        eof: r.reply.eof,
        verf: r.cookieverf,
        entries: r.reply.entries.map((e) => ({
          name: checkServerName(e.name, where),
          fileid: e.fileid,
          cookie: e.cookie,
          attrs: null,
          fh: null,
        })),
      }),
    );
  }

  /** FSSTAT: the file system's usage. */
  fsstat(fh: Uint8Array, c: Ctx): Promise<FsStat> {
    return this.#do("FSSTAT", c, () => this.nfs.fsstat(fh, this.#o(c)), (r) => ({
      totalBytes: r.tbytes,
      freeBytes: r.fbytes,
      availBytes: r.abytes,
      totalFiles: r.tfiles,
      freeFiles: r.ffiles,
      availFiles: r.afiles,
    }));
  }

  /** FSINFO: the transfer sizes and file size limit the server allows. */
  fsinfo(fh: Uint8Array, c: Ctx): Promise<FsLimits> {
    return this.#do("FSINFO", c, () => this.nfs.fsinfo(fh, this.#o(c)), (r) => ({
      rtmax: r.rtmax,
      rtpref: r.rtpref,
      wtmax: r.wtmax,
      wtpref: r.wtpref,
      dtpref: r.dtpref,
      maxfilesize: r.maxfilesize,
      timeDeltaNs: r.timeDelta.seconds * 1e9 + r.timeDelta.nseconds,
    }));
  }
}
