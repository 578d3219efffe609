/**
 * {@linkcode Nfs2Client}: one short typed method per NFSv2 procedure over any
 * {@linkcode RpcCaller}.
 *
 * @module
 */
import type { CallSpec, RpcCaller } from "../../rpc/types.ts";
import type { CallOptions } from "../v3/client.ts";
import { callProcedure, type Procedure } from "../v3/procedures.ts";
import { decodeReadres, locateReadresData, READ2_REPLY_HINT } from "./codec_procs.ts";
import { NFS2_PROCEDURES as P } from "./procedures.ts";
import {
  type Attrstat,
  type Diropres,
  type Fhandle,
  NFS_MAXDATA,
  NFS_PROGRAM,
  NFS_V2,
  type Nfscookie,
  type NfsstatRes,
  type Readdirres,
  type Readlinkres,
  type Readres,
  type Sattr,
  type Statfsres,
} from "./types.ts";

/** Default READDIR `count` (bytes of entries): NFS_MAXDATA, what servers accept at most. */
export const DEFAULT_READDIR2_COUNT = 8192;
/** The cookie of a first READDIR call: 4 zero bytes. */
export const ZERO_NFSCOOKIE: Nfscookie = new Uint8Array(4);

/**
 * A thin typed NFS version 2 client: each method encodes its RFC 1094 arguments, makes one
 * call through the {@linkcode RpcCaller} (which owns transport, credentials and RPC errors)
 * and returns the decoded result union. An NFS status is never thrown: check `status`, or
 * use `unwrap(res, "NFS2 LOOKUP", name)`.
 *
 * READ lands in the caller's buffer and WRITE sends the caller's buffer, with no copy. Offsets
 * are 32-bit and transfers at most {@linkcode NFS_MAXDATA} (8 KiB): anything beyond is a
 * `RangeError` before the call is sent.
 *
 * @example
 * ```ts ignore
 * const nfs = new Nfs2Client(rpc);
 * const res = await nfs.lookup(rootFh, "hello.txt");
 * if (res.status === 0) {
 *   const buf = new Uint8Array(8192);
 *   const { data } = unwrap(await nfs.read(res.file, 0, buf.length, buf), "NFS2 READ");
 * }
 * ```
 */
export class Nfs2Client {
  readonly #caller: RpcCaller;

  /**
   * Creates a NFSv2 client on top of an RPC caller.
   *
   * @param caller Makes the RPC calls (an RpcClient, or a fake in tests).
   */
  constructor(caller: RpcCaller) {
    this.#caller = caller;
  }

  #call<A, R>(
    p: Procedure<A, R>,
    args: A,
    opts?: CallOptions,
    extra?: Partial<CallSpec<R>>,
  ): Promise<R> {
    return callProcedure(this.#caller, NFS_PROGRAM, NFS_V2, "NFS2", p, args, opts, extra);
  }

  /** §2.2.1 NULL: does nothing (a ping). */
  null(opts?: CallOptions): Promise<void> {
    return this.#call(P.NULL, undefined, opts);
  }

  /** §2.2.2 GETATTR: the attributes of `file`. */
  getattr(file: Fhandle, opts?: CallOptions): Promise<Attrstat> {
    return this.#call(P.GETATTR, file, opts);
  }

  /** §2.2.3 SETATTR: sets the present fields of `attributes`; returns the new attributes. */
  setattr(file: Fhandle, attributes: Sattr, opts?: CallOptions): Promise<Attrstat> {
    return this.#call(P.SETATTR, { file, attributes }, opts);
  }

  /** §2.2.4 ROOT: obsolete (MOUNT's MNT replaced it); servers do nothing. */
  root(opts?: CallOptions): Promise<void> {
    return this.#call(P.ROOT, undefined, opts);
  }

  /** §2.2.5 LOOKUP: the handle and attributes of `name` in `dir`. */
  lookup(dir: Fhandle, name: string, opts?: CallOptions): Promise<Diropres> {
    return this.#call(P.LOOKUP, { dir, name }, opts);
  }

  /** §2.2.6 READLINK: the text of a symbolic link. */
  readlink(file: Fhandle, opts?: CallOptions): Promise<Readlinkres> {
    return this.#call(P.READLINK, file, opts);
  }

  /**
   * §2.2.7 READ: up to `count` (≤ 8192) bytes at `offset`, received straight into `dest` (a
   * new `Uint8Array(count)` when none is given). `data` is `dest.subarray(0, n)`.
   */
  read(
    file: Fhandle,
    offset: number,
    count: number,
    dest?: Uint8Array,
    opts?: CallOptions,
  ): Promise<Readres> {
    if (dest !== undefined && dest.length < count) {
      return Promise.reject(
        new RangeError(`Cannot READ ${count} bytes into a ${dest.length}-byte buffer`),
      );
    }
    const buf = dest ?? new Uint8Array(Math.max(0, Math.min(count, NFS_MAXDATA)) | 0);
    const args = { file, offset, count };
    return this.#call(P.READ, args, opts, {
      decode: (r) => decodeReadres(r, args, buf),
      sink: { dest: buf, hint: READ2_REPLY_HINT, locate: (r) => locateReadresData(r, args, buf) },
    });
  }

  /** §2.2.8 WRITECACHE: obsolete (reserved for a protocol revision); servers do nothing. */
  writecache(opts?: CallOptions): Promise<void> {
    return this.#call(P.WRITECACHE, undefined, opts);
  }

  /**
   * §2.2.9 WRITE: writes `data` (≤ 8192 bytes) at `offset`; `data` itself is attached to the
   * request (no copy) and must not change until the call settles.
   */
  write(file: Fhandle, offset: number, data: Uint8Array, opts?: CallOptions): Promise<Attrstat> {
    return this.#call(P.WRITE, { file, offset, data }, opts);
  }

  /** §2.2.10 CREATE: a regular file (servers may truncate an existing one). */
  create(
    dir: Fhandle,
    name: string,
    attributes: Sattr = {},
    opts?: CallOptions,
  ): Promise<Diropres> {
    return this.#call(P.CREATE, { where: { dir, name }, attributes }, opts);
  }

  /** §2.2.11 REMOVE: removes a non-directory. */
  remove(dir: Fhandle, name: string, opts?: CallOptions): Promise<NfsstatRes> {
    return this.#call(P.REMOVE, { dir, name }, opts);
  }

  /** §2.2.12 RENAME: moves `fromDir/fromName` to `toDir/toName`. */
  rename(
    fromDir: Fhandle,
    fromName: string,
    toDir: Fhandle,
    toName: string,
    opts?: CallOptions,
  ): Promise<NfsstatRes> {
    return this.#call(P.RENAME, {
      from: { dir: fromDir, name: fromName },
      to: { dir: toDir, name: toName },
    }, opts);
  }

  /** §2.2.13 LINK: a hard link `dir/name` to `from`. */
  link(from: Fhandle, dir: Fhandle, name: string, opts?: CallOptions): Promise<NfsstatRes> {
    return this.#call(P.LINK, { from, to: { dir, name } }, opts);
  }

  /** §2.2.14 SYMLINK: a symbolic link `dir/name` → `to`. */
  symlink(
    dir: Fhandle,
    name: string,
    to: string,
    attributes: Sattr = {},
    opts?: CallOptions,
  ): Promise<NfsstatRes> {
    return this.#call(P.SYMLINK, { from: { dir, name }, to, attributes }, opts);
  }

  /** §2.2.15 MKDIR: a directory. */
  mkdir(
    dir: Fhandle,
    name: string,
    attributes: Sattr = {},
    opts?: CallOptions,
  ): Promise<Diropres> {
    return this.#call(P.MKDIR, { where: { dir, name }, attributes }, opts);
  }

  /** §2.2.16 RMDIR: removes an empty directory. */
  rmdir(dir: Fhandle, name: string, opts?: CallOptions): Promise<NfsstatRes> {
    return this.#call(P.RMDIR, { dir, name }, opts);
  }

  /** §2.2.17 READDIR: entries after `cookie` (4 zero bytes to start), `count` bytes at most. */
  readdir(
    dir: Fhandle,
    cookie: Nfscookie = ZERO_NFSCOOKIE,
    count: number = DEFAULT_READDIR2_COUNT,
    opts?: CallOptions,
  ): Promise<Readdirres> {
    return this.#call(P.READDIR, { dir, cookie, count }, opts);
  }

  /** §2.2.18 STATFS: transfer size, block size and block counts of the file system. */
  statfs(file: Fhandle, opts?: CallOptions): Promise<Statfsres> {
    return this.#call(P.STATFS, file, opts);
  }
}
