/**
 * {@linkcode Nfs3Client}: one short typed method per NFSv3 procedure over any
 * {@linkcode RpcCaller}.
 *
 * @module
 */
import type { CallSpec, RpcCaller } from "../../rpc/types.ts";
import { type CallOptions, callProcedure, type Procedure } from "../_program.ts";
import { decodeRead3Res, READ3_REPLY_HINT } from "./codec_procs.ts";
import { NFS3_PROCEDURES as P } from "./procedures.ts";
import {
  type Access3Res,
  type Commit3Res,
  type Cookieverf3,
  type Create3Res,
  type Createhow3,
  Createmode3,
  type Fsinfo3Res,
  type Fsstat3Res,
  type Getattr3Res,
  type Link3Res,
  type Lookup3Res,
  type Mknoddata3,
  NFS_PROGRAM,
  NFS_V3,
  type NfsFh3,
  type Pathconf3Res,
  type Read3Res,
  type Readdir3Res,
  type Readdirplus3Res,
  type Readlink3Res,
  type Remove3Res,
  type Rename3Res,
  type Sattr3,
  type SattrGuard3,
  type Setattr3Res,
  StableHow,
  type Uint64,
  type Write3Res,
} from "./types.ts";
/** Default READDIR `count` (bytes of READDIR3resok). */
export const DEFAULT_READDIR_COUNT = 32768;
/** Default READDIRPLUS `dircount`. */
export const DEFAULT_READDIRPLUS_DIRCOUNT = 8192;
/** Default READDIRPLUS `maxcount`. */
export const DEFAULT_READDIRPLUS_MAXCOUNT = 65536;
/** The cookie verifier of a first READDIR/READDIRPLUS call: 8 zero bytes. */
export const ZERO_COOKIEVERF: Cookieverf3 = new Uint8Array(8);

/**
 * A thin typed NFS version 3 client: each method encodes its RFC 1813 arguments, makes one
 * call through the {@linkcode RpcCaller} (which owns transport, credentials and RPC errors)
 * and returns the decoded result union. An NFS status is never thrown: check `status`, or
 * use {@linkcode unwrap}. A method's promise rejects with an `RpcError` on an RPC-level
 * failure (timeout, lost connection, malformed reply), with the signal's reason when aborted,
 * and with a `TypeError` / `RangeError` for arguments that cannot be encoded.
 *
 * READ lands in the caller's buffer and WRITE sends the caller's buffer, with no copy.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { Mount3Client, Nfs3Client, Nfsstat3, StableHow, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.create(root, "hello.txt"), "NFS3 CREATE").obj!;
 * const data = new TextEncoder().encode("Hello, NFS!");
 * const w = unwrap(await nfs.write(fh, 0, data, StableHow.FILE_SYNC), "NFS3 WRITE");
 * assertEquals(w.count, data.length);
 * const buf = new Uint8Array(65536);
 * const r = unwrap(await nfs.read(fh, 0, buf.length, buf), "NFS3 READ");
 * assertEquals([new TextDecoder().decode(r.data), r.eof], ["Hello, NFS!", true]);
 * assertEquals(r.data.buffer, buf.buffer); // read into the caller's buffer
 * assertEquals((await nfs.lookup(root, "missing")).status, Nfsstat3.NFS3ERR_NOENT);
 * ```
 */
export class Nfs3Client {
  readonly #caller: RpcCaller;

  /** Creates a NFSv3 client on top of an RPC caller. */
  constructor(caller: RpcCaller) {
    this.#caller = caller;
  }

  #call<A, R>(
    p: Procedure<A, R>,
    args: A,
    opts?: CallOptions,
    extra?: Partial<CallSpec<R>>,
  ): Promise<R> {
    return callProcedure(this.#caller, NFS_PROGRAM, NFS_V3, "NFS3", p, args, opts, extra);
  }

  /**
   * §3.3.0 NULL: does nothing (a ping).
   */
  null(opts?: CallOptions): Promise<void> {
    return this.#call(P.NULL, undefined, opts);
  }

  /**
   * §3.3.1 GETATTR: the attributes of `object`.
   */
  getattr(object: NfsFh3, opts?: CallOptions): Promise<Getattr3Res> {
    return this.#call(P.GETATTR, { object }, opts);
  }

  /**
   * §3.3.2 SETATTR: sets attributes; `guard` = expected ctime (NFS3ERR_NOT_SYNC if not).
   */
  setattr(
    object: NfsFh3,
    newAttributes: Sattr3,
    guard: SattrGuard3 = null,
    opts?: CallOptions,
  ): Promise<Setattr3Res> {
    return this.#call(P.SETATTR, { object, newAttributes, guard }, opts);
  }

  /**
   * §3.3.3 LOOKUP: the handle of `name` in `dir`.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   */
  lookup(dir: NfsFh3, name: string, opts?: CallOptions): Promise<Lookup3Res> {
    return this.#call(P.LOOKUP, { dir, name }, opts);
  }

  /**
   * §3.3.4 ACCESS: which of the ACCESS3_* bits in `access` the caller is granted.
   */
  access(object: NfsFh3, access: number, opts?: CallOptions): Promise<Access3Res> {
    return this.#call(P.ACCESS, { object, access }, opts);
  }

  /**
   * §3.3.5 READLINK: the text of a symbolic link.
   */
  readlink(symlink: NfsFh3, opts?: CallOptions): Promise<Readlink3Res> {
    return this.#call(P.READLINK, { symlink }, opts);
  }

  /**
   * §3.3.6 READ: up to `count` bytes at `offset`, received straight into `dest` (a new
   * `Uint8Array(count)` when none is given). `data` is `dest.subarray(0, n)`.
   * @throws {RangeError} (the promise rejects) If `dest` is shorter than `count`.
   */
  read(
    file: NfsFh3,
    offset: Uint64,
    count: number,
    dest?: Uint8Array,
    opts?: CallOptions,
  ): Promise<Read3Res> {
    const buf = dest ?? new Uint8Array(count);
    if (buf.length < count) {
      return Promise.reject(
        new RangeError(`Cannot READ ${count} bytes into a ${buf.length}-byte buffer`),
      );
    }
    const args = { file, offset, count };
    return this.#call(P.READ, args, opts, {
      decode: (r) => decodeRead3Res(r, args, buf),
      sink: { dest: buf, head: READ3_REPLY_HINT },
    });
  }

  /**
   * §3.3.7 WRITE: writes `data` at `offset`; `data` itself is attached to the request (no
   * copy) and must not change until the call settles.
   */
  write(
    file: NfsFh3,
    offset: Uint64,
    data: Uint8Array,
    stable: StableHow = StableHow.FILE_SYNC,
    opts?: CallOptions,
  ): Promise<Write3Res> {
    return this.#call(P.WRITE, { file, offset, stable, data }, opts);
  }

  /**
   * §3.3.8 CREATE: a regular file. `how` defaults to UNCHECKED with no attributes; use
   * GUARDED to fail if it exists, EXCLUSIVE with a createverf3 for exactly-once creation.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   */
  create(
    dir: NfsFh3,
    name: string,
    how: Createhow3 = { mode: Createmode3.UNCHECKED, objAttributes: {} },
    opts?: CallOptions,
  ): Promise<Create3Res> {
    return this.#call(P.CREATE, { where: { dir, name }, how }, opts);
  }

  /**
   * §3.3.9 MKDIR: a directory.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   */
  mkdir(
    dir: NfsFh3,
    name: string,
    attributes: Sattr3 = {},
    opts?: CallOptions,
  ): Promise<Create3Res> {
    return this.#call(P.MKDIR, { where: { dir, name }, attributes }, opts);
  }

  /**
   * §3.3.10 SYMLINK: a symbolic link `name` → `target`.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   */
  symlink(
    dir: NfsFh3,
    name: string,
    target: string,
    attributes: Sattr3 = {},
    opts?: CallOptions,
  ): Promise<Create3Res> {
    const symlink = { symlinkAttributes: attributes, symlinkData: target };
    return this.#call(P.SYMLINK, { where: { dir, name }, symlink }, opts);
  }

  /**
   * §3.3.11 MKNOD: a device, socket or FIFO.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   */
  mknod(dir: NfsFh3, name: string, what: Mknoddata3, opts?: CallOptions): Promise<Create3Res> {
    return this.#call(P.MKNOD, { where: { dir, name }, what }, opts);
  }

  /**
   * §3.3.12 REMOVE: removes a non-directory.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   */
  remove(dir: NfsFh3, name: string, opts?: CallOptions): Promise<Remove3Res> {
    return this.#call(P.REMOVE, { dir, name }, opts);
  }

  /**
   * §3.3.13 RMDIR: removes an empty directory.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   */
  rmdir(dir: NfsFh3, name: string, opts?: CallOptions): Promise<Remove3Res> {
    return this.#call(P.RMDIR, { dir, name }, opts);
  }

  /**
   * §3.3.14 RENAME: moves `fromDir/fromName` to `toDir/toName`.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   */
  rename(
    fromDir: NfsFh3,
    fromName: string,
    toDir: NfsFh3,
    toName: string,
    opts?: CallOptions,
  ): Promise<Rename3Res> {
    return this.#call(P.RENAME, {
      from: { dir: fromDir, name: fromName },
      to: { dir: toDir, name: toName },
    }, opts);
  }

  /**
   * §3.3.15 LINK: a hard link `dir/name` to `file`.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   */
  link(file: NfsFh3, dir: NfsFh3, name: string, opts?: CallOptions): Promise<Link3Res> {
    return this.#call(P.LINK, { file, link: { dir, name } }, opts);
  }

  /**
   * §3.3.16 READDIR: one batch of entries after `cookie` (0 and zero verifier to start).
   */
  readdir(
    dir: NfsFh3,
    cookie: Uint64 = 0n,
    cookieverf: Cookieverf3 = ZERO_COOKIEVERF,
    count: number = DEFAULT_READDIR_COUNT,
    opts?: CallOptions,
  ): Promise<Readdir3Res> {
    return this.#call(P.READDIR, { dir, cookie, cookieverf, count }, opts);
  }

  /**
   * §3.3.17 READDIRPLUS: entries with attributes and handles.
   */
  readdirplus(
    dir: NfsFh3,
    cookie: Uint64 = 0n,
    cookieverf: Cookieverf3 = ZERO_COOKIEVERF,
    dircount: number = DEFAULT_READDIRPLUS_DIRCOUNT,
    maxcount: number = DEFAULT_READDIRPLUS_MAXCOUNT,
    opts?: CallOptions,
  ): Promise<Readdirplus3Res> {
    return this.#call(P.READDIRPLUS, { dir, cookie, cookieverf, dircount, maxcount }, opts);
  }

  /**
   * §3.3.18 FSSTAT: space and file slots.
   */
  fsstat(fsroot: NfsFh3, opts?: CallOptions): Promise<Fsstat3Res> {
    return this.#call(P.FSSTAT, { fsroot }, opts);
  }

  /**
   * §3.3.19 FSINFO: static limits and preferred sizes.
   */
  fsinfo(fsroot: NfsFh3, opts?: CallOptions): Promise<Fsinfo3Res> {
    return this.#call(P.FSINFO, { fsroot }, opts);
  }

  /**
   * §3.3.20 PATHCONF: POSIX limits of the object's file system.
   */
  pathconf(object: NfsFh3, opts?: CallOptions): Promise<Pathconf3Res> {
    return this.#call(P.PATHCONF, { object }, opts);
  }

  /**
   * §3.3.21 COMMIT: flushes UNSTABLE writes of `[offset, offset+count)` (0, 0 = all).
   */
  commit(file: NfsFh3, offset: Uint64 = 0, count = 0, opts?: CallOptions): Promise<Commit3Res> {
    return this.#call(P.COMMIT, { file, offset, count }, opts);
  }
}
