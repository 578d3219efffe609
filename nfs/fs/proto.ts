/**
 * The one interface the file API is built on, {@linkcode Proto}, and what its two
 * implementations share: `v3.ts` (NFSv3 + MOUNT v3) and `v2.ts` (NFSv2 + MOUNT v1) each
 * export a {@linkcode ProtoVersion}, and `versions.ts` puts them in a table by version.
 * An adapter turns results into plain values and failures into {@linkcode NfsError}s.
 *
 * @module
 */
import type { RpcClient } from "../../rpc/mod.ts";
import type { NfsFileInfo } from "./info.ts";
import { receivedNameProblem, sentNameProblem } from "../_names.ts";
import {
  localError,
  NameTooLong,
  type NfsError,
  nfsError,
  NfsStatus,
  protocolError,
  quoteName,
  wrapRpcError,
} from "../errors.ts";

/** The kind of a file system object. */
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
  /** Entry name (checked by the adapter: see `invalid`). */
  name: string;
  /** Its attributes, when READDIRPLUS gave them (null from READDIR: look the name up). */
  info: NfsFileInfo | null;
  /** Its handle, when READDIRPLUS gave one and the listing asked to keep it. */
  fh?: Uint8Array;
  /**
   * Why the entry is not valid (its name is not one path component, its attributes have an
   * unknown type), as the EPROTO error a listing fails with by default; absent for a valid
   * entry.
   */
  invalid?: NfsError;
}

/** One page of a directory listing. */
export interface DirPage {
  /** Entries. */
  entries: RawEntry[];
  /** The cookie of the last entry (to resume after it), or null for an empty page. */
  cookie: bigint | null;
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
  /** Longest name the version lets us send, in bytes (NFS3_MAXNAMLEN, NFS_MAXNAMLEN). */
  readonly maxNameBytes: number;
  /** GETATTR: the attributes of `fh`. */
  getattr(fh: Uint8Array, c: Ctx): Promise<Attrs>;
  /** SETATTR: changes the attributes of `fh`. */
  setattr(fh: Uint8Array, s: SetAttrs, c: Ctx): Promise<void>;
  /** LOOKUP: the handle of `name` in `dir`, with its attributes when the server sends them. */
  lookup(dir: Uint8Array, name: string, c: Ctx): Promise<{ fh: Uint8Array; attrs: Attrs | null }>;
  /**
   * LOOKUP for a listing without READDIRPLUS: the attributes of `name` in `dir` as file
   * information, or (when the server sent none) the handle to ask GETATTR with.
   */
  lookupInfo(
    dir: Uint8Array,
    name: string,
    c: Ctx,
  ): Promise<{ info: NfsFileInfo | null; fh: Uint8Array | null }>;
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
  /**
   * READDIRPLUS (`plus`) or READDIR: one page of `dir`'s entries after `cookie`; with
   * `handles`, READDIRPLUS entries keep the handles the server sent (`RawEntry.fh`).
   */
  readdir(
    dir: Uint8Array,
    cookie: bigint,
    verf: Uint8Array,
    plus: boolean,
    sizes: { dircount: number; maxcount: number },
    c: Ctx,
    handles?: boolean,
  ): Promise<DirPage>;
  /** FSSTAT (NFSv3) or STATFS (NFSv2): the file system's usage. */
  fsstat(fh: Uint8Array, c: Ctx): Promise<FsStat>;
  /** FSINFO (NFSv3), or NFSv2's fixed limits: the transfer sizes the server allows. */
  fsinfo(fh: Uint8Array, c: Ctx): Promise<FsLimits>;
}

export { wrapRpcError } from "../errors.ts";

/**
 * Checks a name the file API is about to send: the one rule for outgoing names
 * ({@linkcode sentNameProblem}), turned into the error Linux gives for it.
 *
 * @param name One path component.
 * @param proto The adapter (its version's name limit).
 * @param single The operation names an object of its own: "." and ".." are refused.
 * @param c The call's context, for the message.
 * @returns `name`.
 * @throws {NameTooLong} If it is longer than the version allows (ENAMETOOLONG).
 * @throws {InvalidArgument} If it is empty, "." or "..", or not one component (EINVAL).
 */
export function checkName(name: string, proto: Proto, single: boolean, c: Ctx): string {
  const p = sentNameProblem(name, proto.maxNameBytes, single);
  if (p === null) return name;
  const path = c.path ?? name;
  const what = `Cannot ${c.verb ?? "use"} ${quoteName(path)}`;
  if (p.kind === "range" && name !== "") {
    throw new NameTooLong(`${what}: name too long (${p.reason})`, {
      code: "ENAMETOOLONG",
      status: NfsStatus.NAMETOOLONG,
      path,
      proc: c.verb ?? "use",
    });
  }
  throw localError("EINVAL", `${what}: not a valid name for this operation (${p.reason})`, {
    path,
    proc: c.verb ?? "use",
  });
}

/**
 * Checks a name a server sent in a listing: the one rule for incoming names
 * ({@linkcode receivedNameProblem}).
 *
 * @param name The decoded name.
 * @param where The directory being listed, for the message.
 * @param proc The listing's procedure ("NFS3 READDIRPLUS").
 * @returns The EPROTO error saying why the name is invalid, or undefined for a valid one.
 */
export function checkServerName(
  name: string,
  where: string,
  proc: string,
): NfsError | undefined {
  const why = receivedNameProblem(name);
  if (why === null) return undefined;
  return protocolError(
    `Cannot list ${quoteName(where)}: the server sent an invalid entry name ${
      quoteName(name)
    } (${why})`,
    { path: where, proc },
  );
}

/**
 * A directory entry of a READDIR page (a name, no attributes), checked.
 *
 * @param name The decoded name.
 * @param where The directory being listed, for the message.
 * @param proc The listing's procedure ("NFS3 READDIR").
 * @returns The entry, with `invalid` set if its name is not one path component.
 */
export function nameEntry(name: string, where: string, proc: string): RawEntry {
  const invalid = checkServerName(name, where, proc);
  return invalid === undefined ? { name, info: null } : { name, info: null, invalid };
}

/**
 * The EPROTO error of a listed entry that is not valid for another reason than its name (an
 * unknown file type).
 *
 * @param name The entry's name.
 * @param why What is wrong with it.
 * @param where The directory being listed.
 * @param proc The listing's procedure.
 * @returns The error (to throw, or to report with `onInvalidEntry`).
 */
export function invalidEntry(name: string, why: string, where: string, proc: string): NfsError {
  return protocolError(
    `Cannot list ${quoteName(where)}: the server sent the entry ${quoteName(name)} with ${why}`,
    { path: where, proc },
  );
}

/** NFS3ERR_JUKEBOX: retries of a call the server asked to retry later, before EAGAIN. */
export const JUKEBOX_RETRIES = 5;
/** The first wait before a retry after NFS3ERR_JUKEBOX, in ms (doubles, capped at 5 s). */
export const JUKEBOX_FIRST_DELAY_MS = 100;

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs one protocol call for an adapter: RPC failures become {@linkcode NfsError}s
 * ({@linkcode wrapRpcError}), a failure status becomes the matching `NfsError` subclass, and
 * a success result goes through `ok`. NFS3ERR_JUKEBOX ("try again later": the file is being
 * fetched from slow storage) is not a failure yet: the call is made again after 0.1 s, then
 * 0.2 s ... ({@linkcode JUKEBOX_RETRIES} times, about 3 s in all, soft or hard), then fails
 * with EAGAIN. Linux waits 5 s between tries and, on a hard mount, tries forever.
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
  for (let tries = 0;; tries++) {
    try {
      res = await run();
    } catch (e) {
      throw wrapRpcError(e, proc, c);
    }
    if (res.status !== NfsStatus.JUKEBOX || tries >= JUKEBOX_RETRIES) break;
    await wait(Math.min(5000, JUKEBOX_FIRST_DELAY_MS << tries), c.signal);
  }
  if (res.status !== 0) {
    throw nfsError({ status: res.status, proc, path: c.path, verb: c.verb, result: res });
  }
  return ok(res as Extract<T, { status: 0 }>);
}

/** Per-call options the protocol clients take (the context's signal). */
export type CallOpts = { signal: AbortSignal } | undefined;

/** Per-call options of the calls that are not idempotent: the signal, and a retransmit hook. */
export type OnceOpts = { signal?: AbortSignal; onRetransmit: () => void };

/** NFS3ERR_NOENT and NFSERR_NOENT. */
const NOENT = 2;

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
  remove(dir: Uint8Array, name: string, o?: OnceOpts): Promise<{ status: number }>;
  /** The protocol client's RMDIR call (resolves with the raw result). */
  rmdir(dir: Uint8Array, name: string, o?: OnceOpts): Promise<{ status: number }>;
  /** The protocol client's RENAME call (resolves with the raw result). */
  rename(
    fromDir: Uint8Array,
    fromName: string,
    toDir: Uint8Array,
    toName: string,
    o?: OnceOpts,
  ): Promise<{ status: number }>;
}

/**
 * What the two adapters share: the call path ({@linkcode BaseProto.call}, labelled
 * "NFS3 ..."/"NFS2 ...") and SYMLINK, LINK, REMOVE, RMDIR and RENAME, which have the same
 * shape in both versions. `V3Proto` and `V2Proto` add the calls whose shapes differ.
 */
export abstract class BaseProto<C extends NameCalls> {
  /** 3 or 2. */
  abstract readonly version: 2 | 3;
  /** The protocol client the calls go through. */
  readonly nfs: C;

  /**
   * Wraps a protocol client.
   *
   * @param nfs The client, on a connection to the server's NFS program.
   */
  constructor(nfs: C) {
    this.nfs = nfs;
  }

  /**
   * One call through {@linkcode nfsCall}, labelled with the version.
   *
   * @param proc The procedure ("GETATTR").
   * @param c The call's context.
   * @param run Makes the call with the context's per-call options.
   * @param ok Converts the success result.
   * @returns What `ok` returns.
   */
  protected call<T extends { status: number }, R>(
    proc: string,
    c: Ctx,
    run: (o: CallOpts) => Promise<T>,
    ok: (res: Extract<T, { status: 0 }>) => R,
  ): Promise<R> {
    const o = c.signal ? { signal: c.signal } : undefined;
    return nfsCall(`NFS${this.version} ${proc}`, c, () => run(o), ok);
  }

  /** SYMLINK: a link `name` in `dir` that points to `target`. */
  symlink(dir: Uint8Array, name: string, target: string, c: Ctx): Promise<void> {
    return this.call("SYMLINK", c, (o) => this.nfs.symlink(dir, name, target, {}, o), () => {});
  }

  /** LINK: a hard link `name` in `dir` to `fh`. */
  link(fh: Uint8Array, dir: Uint8Array, name: string, c: Ctx): Promise<void> {
    return this.call("LINK", c, (o) => this.nfs.link(fh, dir, name, o), () => {});
  }

  /**
   * A call that must not take effect twice (REMOVE, RMDIR, RENAME), whose NOENT is success
   * when the call was retransmitted: the server carried out an earlier transmission whose
   * reply was lost (UDP), and the retransmission found the name gone. Without a duplicate
   * request cache on the server, that NOENT is the only trace of our own success. The BSD
   * clients take NOENT from a REMOVE or RENAME the same way; a NOENT to a call sent once is
   * an error as always. Counted in `retransmittedNoent`.
   */
  protected once(
    proc: string,
    c: Ctx,
    run: (o: OnceOpts) => Promise<{ status: number }>,
  ): Promise<void> {
    let again = false;
    const o: OnceOpts = {
      ...(c.signal ? { signal: c.signal } : {}),
      onRetransmit: () => {
        again = true;
      },
    };
    return nfsCall(`NFS${this.version} ${proc}`, c, async () => {
      const res = await run(o);
      if (res.status === NOENT && again) {
        this.retransmittedNoent++;
        return { status: 0 };
      }
      return res;
    }, () => {});
  }

  /** NOENT replies to retransmitted REMOVE/RMDIR/RENAME calls, taken as success. */
  retransmittedNoent = 0;

  /** REMOVE: the non-directory `name` in `dir`. */
  remove(dir: Uint8Array, name: string, c: Ctx): Promise<void> {
    return this.once("REMOVE", c, (o) => this.nfs.remove(dir, name, o));
  }

  /** RMDIR: the empty directory `name` in `dir`. */
  rmdir(dir: Uint8Array, name: string, c: Ctx): Promise<void> {
    return this.once("RMDIR", c, (o) => this.nfs.rmdir(dir, name, o));
  }

  /** RENAME: `fromName` in `fromDir` to `toName` in `toDir`. */
  rename(
    fromDir: Uint8Array,
    fromName: string,
    toDir: Uint8Array,
    toName: string,
    c: Ctx,
  ): Promise<void> {
    return this.once("RENAME", c, (o) => this.nfs.rename(fromDir, fromName, toDir, toName, o));
  }
}

/** A MOUNT client as `connect()` uses it, the same for MOUNT v3 and MOUNT v1. */
export interface MountCalls {
  /** EXPORT: the export list. */
  export(): Promise<{ exDir: string }[]>;
  /** MNT: the root handle of `path`, or a failure status. */
  mnt(path: string): Promise<{ status: number; fhandle: Uint8Array }>;
  /**
   * UMNT: tells the server the export is no longer mounted (after `timeout` ms it gives up
   * waiting, with an RpcTimeoutError; a per-call deadline costs no timer of its own).
   */
  umnt(path: string, timeout?: number): Promise<void>;
}

/**
 * A MOUNT client (v3 or v1) as {@linkcode MountCalls}: MNT's root handle, whatever the
 * version calls it.
 *
 * @param m The MOUNT client.
 * @param handle The root handle of a successful MNT result.
 * @returns The calls `connect()` makes.
 */
export function mountCalls<R extends { status: number }>(
  m: {
    export(): Promise<{ exDir: string }[]>;
    mnt(path: string): Promise<R>;
    umnt(path: string, opts?: { timeout?: number }): Promise<void>;
  },
  handle: (ok: Extract<R, { status: 0 }>) => Uint8Array,
): MountCalls {
  return {
    export: () => m.export(),
    umnt: (p, timeout) => m.umnt(p, timeout === undefined ? undefined : { timeout }),
    mnt: async (p) => {
      const r = await m.mnt(p);
      return r.status === 0
        ? { status: 0, fhandle: handle(r as Extract<R, { status: 0 }>) }
        : { status: r.status, fhandle: new Uint8Array(0) };
    },
  };
}

/** One NFS version as the file API uses it: one entry of the table in `versions.ts`. */
export interface ProtoVersion {
  /** The NFS version, 3 or 2. */
  readonly version: 2 | 3;
  /** The MOUNT version that goes with it (3 for NFSv3, 1 for NFSv2). */
  readonly mountVersion: 1 | 3;
  /** Bytes of a READ reply before its data (the transport's `lookahead`). */
  readonly readHint: number;
  /** A MOUNT client on a connection to the server's MOUNT program. */
  mount(rpc: RpcClient): MountCalls;
  /** The adapter on a connection to the server's NFS program. */
  proto(rpc: RpcClient): Proto;
}
