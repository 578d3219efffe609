/**
 * {@linkcode Nfs2Client}: one short typed method per NFSv2 procedure over any
 * {@linkcode RpcCaller}.
 *
 * @module
 */
import type { CallSpec, RpcCaller } from "../../rpc/types.ts";
import { type CallOptions, callProcedure, type Procedure } from "../_program.ts";
import { decodeReadres, READ2_REPLY_HINT } from "./codec_procs.ts";
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
 * use `unwrap(res, "NFS2 LOOKUP", name)`. A method's promise rejects with an `RpcError` on
 * an RPC-level failure (timeout, lost connection, malformed reply), with the signal's reason
 * when aborted, and with a `TypeError` / `RangeError` for arguments that cannot be encoded.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { Mount1Client, Nfs2Client, Nfsstat, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
 * const nfs = new Nfs2Client(rpc);
 * const { file } = unwrap(await nfs.create(root, "hello.txt", { mode: 0o644 }), "NFS2 CREATE");
 * const w = unwrap(await nfs.write(file, 0, new TextEncoder().encode("hello")), "NFS2 WRITE");
 * assertEquals(w.attributes.size, 5);
 * const r = unwrap(await nfs.read(file, 0, 8192), "NFS2 READ");
 * assertEquals(new TextDecoder().decode(r.data), "hello");
 * assertEquals((await nfs.lookup(root, "missing")).status, Nfsstat.NFSERR_NOENT);
 * ```
 */
export class Nfs2Client {
  readonly #caller: RpcCaller;

  /** Creates a NFSv2 client on top of an RPC caller. */
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

  /**
   * §2.2.1 NULL: does nothing (a ping).
   */
  null(opts?: CallOptions): Promise<void> {
    return this.#call(P.NULL, undefined, opts);
  }

  /**
   * §2.2.2 GETATTR: the attributes of `file`.
   */
  getattr(file: Fhandle, opts?: CallOptions): Promise<Attrstat> {
    return this.#call(P.GETATTR, file, opts);
  }

  /**
   * §2.2.3 SETATTR: sets the present fields of `attributes`; returns the new attributes.
   * @throws {RangeError} If a field is 0xFFFFFFFF (it would read as "unchanged").
   */
  setattr(file: Fhandle, attributes: Sattr, opts?: CallOptions): Promise<Attrstat> {
    return this.#call(P.SETATTR, { file, attributes }, opts);
  }

  /**
   * §2.2.4 ROOT: obsolete (MOUNT's MNT replaced it); servers do nothing.
   */
  root(opts?: CallOptions): Promise<void> {
    return this.#call(P.ROOT, undefined, opts);
  }

  /**
   * §2.2.5 LOOKUP: the handle and attributes of `name` in `dir`.
   * @throws {RangeError} If `dir` is not 32 bytes or `name` is empty or too long.
   * @throws {TypeError} If `name` contains "/" or NUL.
   */
  lookup(dir: Fhandle, name: string, opts?: CallOptions): Promise<Diropres> {
    return this.#call(P.LOOKUP, { dir, name }, opts);
  }

  /**
   * §2.2.6 READLINK: the text of a symbolic link.
   */
  readlink(file: Fhandle, opts?: CallOptions): Promise<Readlinkres> {
    return this.#call(P.READLINK, file, opts);
  }

  /**
   * §2.2.7 READ: up to `count` (≤ 8192) bytes at `offset`, received straight into `dest` (a
   * new `Uint8Array(count)` when none is given). `data` is `dest.subarray(0, n)`.
   * @throws {RangeError} If `dest` is shorter than `count`, `count` is above 8192, or the range
   * ends past 2^32.
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
      sink: { dest: buf, head: READ2_REPLY_HINT },
    });
  }

  /**
   * §2.2.8 WRITECACHE: obsolete (reserved for a protocol revision); servers do nothing.
   */
  writecache(opts?: CallOptions): Promise<void> {
    return this.#call(P.WRITECACHE, undefined, opts);
  }

  /**
   * §2.2.9 WRITE: writes `data` (≤ 8192 bytes) at `offset`; `data` itself is attached to the
   * request (no copy) and must not change until the call settles.
   * @throws {RangeError} If `data` is longer than 8192 bytes or the range ends past 2^32.
   */
  write(file: Fhandle, offset: number, data: Uint8Array, opts?: CallOptions): Promise<Attrstat> {
    return this.#call(P.WRITE, { file, offset, data }, opts);
  }

  /**
   * §2.2.10 CREATE: a regular file (servers may truncate an existing one).
   * @throws {RangeError} If `dir` is not 32 bytes or `name` is empty or too long.
   * @throws {TypeError} If `name` contains "/" or NUL.
   */
  create(
    dir: Fhandle,
    name: string,
    attributes: Sattr = {},
    opts?: CallOptions,
  ): Promise<Diropres> {
    return this.#call(P.CREATE, { where: { dir, name }, attributes }, opts);
  }

  /**
   * §2.2.11 REMOVE: removes a non-directory.
   * @throws {RangeError} If `dir` is not 32 bytes or `name` is empty or too long.
   * @throws {TypeError} If `name` contains "/" or NUL.
   */
  remove(dir: Fhandle, name: string, opts?: CallOptions): Promise<NfsstatRes> {
    return this.#call(P.REMOVE, { dir, name }, opts);
  }

  /**
   * §2.2.12 RENAME: moves `fromDir/fromName` to `toDir/toName`.
   * @throws {RangeError} If a handle is not 32 bytes or a name is empty or too long.
   * @throws {TypeError} If a name contains "/" or NUL.
   */
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

  /**
   * §2.2.13 LINK: a hard link `dir/name` to `from`.
   * @throws {RangeError} If a handle is not 32 bytes or `name` is empty or too long.
   * @throws {TypeError} If `name` contains "/" or NUL.
   */
  link(from: Fhandle, dir: Fhandle, name: string, opts?: CallOptions): Promise<NfsstatRes> {
    return this.#call(P.LINK, { from, to: { dir, name } }, opts);
  }

  /**
   * §2.2.14 SYMLINK: a symbolic link `dir/name` → `to`.
   * @throws {RangeError} If `dir` is not 32 bytes, `name` is empty or too long, or `to` is
   * longer than {@linkcode NFS_MAXPATHLEN}.
   * @throws {TypeError} If `name` contains "/" or NUL, or `to` NUL.
   */
  symlink(
    dir: Fhandle,
    name: string,
    to: string,
    attributes: Sattr = {},
    opts?: CallOptions,
  ): Promise<NfsstatRes> {
    return this.#call(P.SYMLINK, { from: { dir, name }, to, attributes }, opts);
  }

  /**
   * §2.2.15 MKDIR: a directory.
   * @throws {RangeError} If `dir` is not 32 bytes or `name` is empty or too long.
   * @throws {TypeError} If `name` contains "/" or NUL.
   */
  mkdir(
    dir: Fhandle,
    name: string,
    attributes: Sattr = {},
    opts?: CallOptions,
  ): Promise<Diropres> {
    return this.#call(P.MKDIR, { where: { dir, name }, attributes }, opts);
  }

  /**
   * §2.2.16 RMDIR: removes an empty directory.
   * @throws {RangeError} If `dir` is not 32 bytes or `name` is empty or too long.
   * @throws {TypeError} If `name` contains "/" or NUL.
   */
  rmdir(dir: Fhandle, name: string, opts?: CallOptions): Promise<NfsstatRes> {
    return this.#call(P.RMDIR, { dir, name }, opts);
  }

  /**
   * §2.2.17 READDIR: entries after `cookie` (4 zero bytes to start), `count` bytes at most.
   * @throws {RangeError} If `dir` is not 32 bytes or `cookie` not 4 bytes.
   */
  readdir(
    dir: Fhandle,
    cookie: Nfscookie = ZERO_NFSCOOKIE,
    count: number = DEFAULT_READDIR2_COUNT,
    opts?: CallOptions,
  ): Promise<Readdirres> {
    return this.#call(P.READDIR, { dir, cookie, count }, opts);
  }

  /**
   * §2.2.18 STATFS: transfer size, block size and block counts of the file system.
   */
  statfs(file: Fhandle, opts?: CallOptions): Promise<Statfsres> {
    return this.#call(P.STATFS, file, opts);
  }
}
