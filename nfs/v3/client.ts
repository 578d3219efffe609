/**
 * {@linkcode Nfs3Client}: one short typed method per NFSv3 procedure over any
 * {@linkcode RpcCaller}.
 *
 * @module
 */
import type { CallSpec, RpcCaller } from "../../rpc/types.ts";
import { type CallOptions, callProcedure, type Procedure } from "../_program.ts";
import { decodeRead3Res, locateRead3Data, READ3_REPLY_HINT } from "./codec_procs.ts";
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
/**
 * Default READDIR `count` (bytes of READDIR3resok).
 *
 * @example
 * ```ts
 * import { DEFAULT_READDIR_COUNT } from "@nfs/client/nfs";
 * // An entry3 with an 8-byte name takes 32 bytes (follows 4, fileid 8, name 4 + 8, cookie 8):
 * // a default batch holds at most this many of them.
 * console.log(DEFAULT_READDIR_COUNT, Math.floor(DEFAULT_READDIR_COUNT / 32)); // => 32768 1024
 * ```
 */
export const DEFAULT_READDIR_COUNT = 32768;
/**
 * Default READDIRPLUS `dircount`.
 *
 * @example
 * ```ts
 * import { DEFAULT_READDIRPLUS_DIRCOUNT, DEFAULT_READDIRPLUS_MAXCOUNT } from "@nfs/client/nfs";
 * console.log(DEFAULT_READDIRPLUS_DIRCOUNT, DEFAULT_READDIRPLUS_DIRCOUNT < DEFAULT_READDIRPLUS_MAXCOUNT); // => 8192 true
 * ```
 */
export const DEFAULT_READDIRPLUS_DIRCOUNT = 8192;
/**
 * Default READDIRPLUS `maxcount`.
 *
 * @example
 * ```ts
 * import { DEFAULT_READDIRPLUS_MAXCOUNT, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const res = unwrap(await nfs.readdirplus(root), "NFS3 READDIRPLUS"); // uses the default
 * console.log(DEFAULT_READDIRPLUS_MAXCOUNT, res.reply.eof); // => 65536 true
 * ```
 */
export const DEFAULT_READDIRPLUS_MAXCOUNT = 65536;
/**
 * The cookie verifier of a first READDIR/READDIRPLUS call: 8 zero bytes.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, unwrap, ZERO_COOKIEVERF } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const res = unwrap(await nfs.readdir(root, 0n, ZERO_COOKIEVERF), "NFS3 READDIR");
 * console.log(ZERO_COOKIEVERF.join(""), res.reply.entries.length); // => "00000000" 2
 * ```
 */
export const ZERO_COOKIEVERF: Cookieverf3 = new Uint8Array(8);

/**
 * A thin typed NFS version 3 client: each method encodes its RFC 1813 arguments, makes one
 * call through the {@linkcode RpcCaller} (which owns transport, credentials and RPC errors)
 * and returns the decoded result union. An NFS status is never thrown: check `status`, or
 * use {@linkcode unwrap}.
 *
 * READ lands in the caller's buffer and WRITE sends the caller's buffer, with no copy.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/hello.txt`, "Hello, NFS!");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const rootFh = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const res = await nfs.lookup(rootFh, "hello.txt");
 * if (res.status === 0) {
 *   const buf = new Uint8Array(65536);
 *   const { data, eof } = unwrap(await nfs.read(res.object, 0, buf.length, buf), "NFS3 READ");
 *   console.log(new TextDecoder().decode(data), eof); // => "Hello, NFS!" true
 * }
 * ```
 */
export class Nfs3Client {
  readonly #caller: RpcCaller;

  /**
   * Creates a NFSv3 client on top of an RPC caller.
   *
   * @param caller Makes the RPC calls (an RpcClient, or a fake in tests).
   * @example
   * ```ts
   * import { Nfs3Client } from "@nfs/client/nfs";
   * import type { CallSpec, RpcCaller } from "@nfs/client/rpc";
   * // A fake caller: records the call instead of sending it.
   * const seen: string[] = [];
   * const fake: RpcCaller = {
   *   call: <R>(spec: CallSpec<R>): Promise<R> => {
   *     seen.push(`${spec.name} prog=${spec.prog} vers=${spec.vers} proc=${spec.proc}`);
   *     return Promise.resolve(undefined as R);
   *   },
   * };
   * await new Nfs3Client(fake).null();
   * console.log(seen); // => [ "NFS3 NULL prog=100003 vers=3 proc=0" ]
   * ```
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
    return callProcedure(this.#caller, NFS_PROGRAM, NFS_V3, "NFS3", p, args, opts, extra);
  }

  /**
   * §3.3.0 NULL: does nothing (a ping).
   *
   * @param opts Signal and timeout of this call.
   * @returns Resolves with nothing once the server answers.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const t0 = performance.now();
   * console.log(await nfs.null(), performance.now() - t0 < 5_000); // => undefined true
   * ```
   */
  null(opts?: CallOptions): Promise<void> {
    return this.#call(P.NULL, undefined, opts);
  }

  /**
   * §3.3.1 GETATTR: the attributes of `object`.
   *
   * @param object The file handle.
   * @param opts Signal and timeout of this call.
   * @returns GETATTR3res: `objAttributes` when `status` is 0.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const fh = unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
   * const res = await nfs.getattr(fh);
   * if (res.status === 0) console.log(res.objAttributes.size, res.objAttributes.type); // => 5n 1
   * ```
   */
  getattr(object: NfsFh3, opts?: CallOptions): Promise<Getattr3Res> {
    return this.#call(P.GETATTR, { object }, opts);
  }

  /**
   * §3.3.2 SETATTR: sets attributes; `guard` = expected ctime (NFS3ERR_NOT_SYNC if not).
   *
   * @param object The file handle.
   * @param newAttributes The attributes to set (absent fields are left alone).
   * @param guard The ctime the object must still have, or null (default) for no check.
   * @param opts Signal and timeout of this call.
   * @returns SETATTR3res: the object's wcc data, on success and on failure.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const fh = unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
   * const mtime = { seconds: 946684800, nseconds: 0 }; // 2000-01-01
   * const res = await nfs.setattr(fh, { mode: 0o400, mtime });
   * console.log(res.status, res.objWcc.after?.mtime.seconds); // => 0 946684800
   * ```
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
   *
   * @param dir The directory handle.
   * @param name One name in it (no "/").
   * @param opts Signal and timeout of this call.
   * @returns LOOKUP3res: the handle and attributes, or `dirAttributes` on failure.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const res = await nfs.lookup(root, "a.txt");
   * const miss = await nfs.lookup(root, "b.txt");
   * console.log(res.status === 0 && res.objAttributes?.size, miss.status); // => 5n 2
   * ```
   */
  lookup(dir: NfsFh3, name: string, opts?: CallOptions): Promise<Lookup3Res> {
    return this.#call(P.LOOKUP, { dir, name }, opts);
  }

  /**
   * §3.3.4 ACCESS: which of the ACCESS3_* bits in `access` the caller is granted.
   *
   * @param object The file handle.
   * @param access The {@linkcode Access3} bits to check.
   * @param opts Signal and timeout of this call.
   * @returns ACCESS3res: the granted subset of `access`.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @example
   * ```ts
   * import { Access3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const fh = unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
   * // a.txt is not executable: only READ of the two is granted.
   * const res = await nfs.access(fh, Access3.ACCESS3_READ | Access3.ACCESS3_EXECUTE);
   * console.log(res.status === 0 && res.access === Access3.ACCESS3_READ); // => true
   * ```
   */
  access(object: NfsFh3, access: number, opts?: CallOptions): Promise<Access3Res> {
    return this.#call(P.ACCESS, { object, access }, opts);
  }

  /**
   * §3.3.5 READLINK: the text of a symbolic link.
   *
   * @param symlink The link's handle.
   * @param opts Signal and timeout of this call.
   * @returns READLINK3res: the link text in `data`.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const ln = unwrap(await nfs.symlink(root, "ln", "../elsewhere"), "NFS3 SYMLINK").obj!;
   * const res = await nfs.readlink(ln);
   * console.log(res.status === 0 && res.data); // => "../elsewhere"
   * ```
   */
  readlink(symlink: NfsFh3, opts?: CallOptions): Promise<Readlink3Res> {
    return this.#call(P.READLINK, { symlink }, opts);
  }

  /**
   * §3.3.6 READ: up to `count` bytes at `offset`, received straight into `dest` (a new
   * `Uint8Array(count)` when none is given). `data` is `dest.subarray(0, n)`.
   *
   * @param file The file handle.
   * @param offset Byte offset.
   * @param count Largest number of bytes to read.
   * @param dest Where the data lands (at least `count` bytes); a new buffer when omitted.
   * @param opts Signal and timeout of this call.
   * @returns READ3res: `data`, `count` and `eof` on success.
   * @throws {RangeError} (the promise rejects) If `dest` is shorter than `count`.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const fh = unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
   * const res = unwrap(await nfs.read(fh, 0, 5), "NFS3 READ");
   * console.log(new TextDecoder().decode(res.data), res.eof); // => "hello" true
   * const err = await nfs.read(fh, 0, 10, new Uint8Array(4)).catch((e) => e);
   * console.log(err instanceof RangeError); // => true
   * ```
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
      sink: { dest: buf, hint: READ3_REPLY_HINT, locate: (r) => locateRead3Data(r, args, buf) },
    });
  }

  /**
   * §3.3.7 WRITE: writes `data` at `offset`; `data` itself is attached to the request (no
   * copy) and must not change until the call settles.
   *
   * @param file The file handle.
   * @param offset Byte offset.
   * @param data The bytes to write.
   * @param stable How the server must commit them (default FILE_SYNC).
   * @param opts Signal and timeout of this call.
   * @returns WRITE3res: bytes written, how they were committed and the write verifier.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const fh = unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
   * const res = await nfs.write(fh, 5, new TextEncoder().encode(" world"));
   * console.log(res.status === 0 && res.count, res.fileWcc.after?.size); // => 6 11n
   * ```
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
   *
   * @param dir The directory handle.
   * @param name The new file's name.
   * @param how The {@linkcode Createhow3} mode and attributes or verifier.
   * @param opts Signal and timeout of this call.
   * @returns CREATE3res: the new handle and attributes, and the directory's wcc data.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const res = await nfs.create(root, "new.txt");
   * console.log(res.status, res.status === 0 && res.objAttributes?.size); // => 0 0n
   * ```
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
   *
   * @param dir The parent directory handle.
   * @param name The new directory's name.
   * @param attributes Initial attributes (default none).
   * @param opts Signal and timeout of this call.
   * @returns MKDIR3res (a CREATE3res): the new handle and attributes.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const res = await nfs.mkdir(root, "photos", { mode: 0o750 });
   * console.log(res.status === 0 && (res.objAttributes!.mode & 0o777).toString(8)); // => "750"
   * ```
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
   *
   * @param dir The directory handle.
   * @param name The link's name.
   * @param target The link text.
   * @param attributes Initial attributes (default none).
   * @param opts Signal and timeout of this call.
   * @returns SYMLINK3res (a CREATE3res): the link's handle and attributes.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const res = await nfs.symlink(root, "latest", "releases/1.0");
   * console.log(res.status === 0 && res.objAttributes?.size); // => 12n
   * ```
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
   *
   * @param dir The directory handle.
   * @param name The new node's name.
   * @param what Its type, and attributes (and device numbers for devices).
   * @param opts Signal and timeout of this call.
   * @returns MKNOD3res (a CREATE3res): the node's handle and attributes.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   * @example
   * ```ts
   * import { Ftype3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const res = await nfs.mknod(root, "queue", { type: Ftype3.NF3FIFO, pipeAttributes: { mode: 0o600 } });
   * console.log(res.status === 0 && res.objAttributes?.type === Ftype3.NF3FIFO); // => true
   * ```
   */
  mknod(dir: NfsFh3, name: string, what: Mknoddata3, opts?: CallOptions): Promise<Create3Res> {
    return this.#call(P.MKNOD, { where: { dir, name }, what }, opts);
  }

  /**
   * §3.3.12 REMOVE: removes a non-directory.
   *
   * @param dir The directory handle.
   * @param name The name to remove.
   * @param opts Signal and timeout of this call.
   * @returns REMOVE3res: the directory's wcc data.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const res = await nfs.remove(root, "a.txt");
   * console.log(res.status, await Deno.stat(`${dir}/a.txt`).catch((e) => e.name)); // => 0 "NotFound"
   * ```
   */
  remove(dir: NfsFh3, name: string, opts?: CallOptions): Promise<Remove3Res> {
    return this.#call(P.REMOVE, { dir, name }, opts);
  }

  /**
   * §3.3.13 RMDIR: removes an empty directory.
   *
   * @param dir The parent directory handle.
   * @param name The directory to remove.
   * @param opts Signal and timeout of this call.
   * @returns RMDIR3res: the parent's wcc data.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * await nfs.mkdir(root, "empty");
   * const res = await nfs.rmdir(root, "empty");
   * console.log(res.status, (await nfs.lookup(root, "empty")).status); // => 0 2
   * ```
   */
  rmdir(dir: NfsFh3, name: string, opts?: CallOptions): Promise<Remove3Res> {
    return this.#call(P.RMDIR, { dir, name }, opts);
  }

  /**
   * §3.3.14 RENAME: moves `fromDir/fromName` to `toDir/toName`.
   *
   * @param fromDir The source directory handle.
   * @param fromName The source name.
   * @param toDir The target directory handle.
   * @param toName The target name (replaced if it exists).
   * @param opts Signal and timeout of this call.
   * @returns RENAME3res: the wcc data of both directories.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const sub = unwrap(await nfs.mkdir(root, "sub"), "NFS3 MKDIR").obj!;
   * const res = await nfs.rename(root, "a.txt", sub, "b.txt");
   * console.log(res.status, await Deno.readTextFile(`${dir}/sub/b.txt`)); // => 0 "hello"
   * ```
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
   *
   * @param file The existing file's handle.
   * @param dir The directory of the new link.
   * @param name The new link's name.
   * @param opts Signal and timeout of this call.
   * @returns LINK3res: the file's attributes and the directory's wcc data.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @throws {TypeError} (the promise rejects) If `name` is not a valid `filename3` (contains "/" or
   * NUL); `RangeError` if it is empty or too long.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const fh = unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
   * const res = await nfs.link(fh, root, "b.txt");
   * console.log(res.status, res.fileAttributes?.nlink, await Deno.readTextFile(`${dir}/b.txt`)); // => 0 2 "hello"
   * ```
   */
  link(file: NfsFh3, dir: NfsFh3, name: string, opts?: CallOptions): Promise<Link3Res> {
    return this.#call(P.LINK, { file, link: { dir, name } }, opts);
  }

  /**
   * §3.3.16 READDIR: one batch of entries after `cookie` (0 and zero verifier to start).
   *
   * @param dir The directory handle.
   * @param cookie Where to resume: the last entry's cookie (default 0, the start).
   * @param cookieverf The verifier of the previous batch (default {@linkcode ZERO_COOKIEVERF}).
   * @param count Largest reply size in bytes (default {@linkcode DEFAULT_READDIR_COUNT}).
   * @param opts Signal and timeout of this call.
   * @returns READDIR3res: entries, `eof` and the verifier to send with the next cookie.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap, ZERO_COOKIEVERF } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * for (const n of ["a", "b", "c"]) await nfs.create(root, n);
   * const names: string[] = [];
   * let cookie = 0n, verf = ZERO_COOKIEVERF, eof = false;
   * while (!eof) { // small batches: 200 bytes each
   *   const ok = unwrap(await nfs.readdir(root, cookie, verf, 200), "NFS3 READDIR");
   *   for (const e of ok.reply.entries) [names[names.length], cookie] = [e.name, e.cookie];
   *   [verf, eof] = [ok.cookieverf, ok.reply.eof];
   * }
   * console.log(names.sort().join(" ")); // => ". .. a b c"
   * ```
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
   *
   * @param dir The directory handle.
   * @param cookie Where to resume (default 0, the start).
   * @param cookieverf The verifier of the previous batch (default {@linkcode ZERO_COOKIEVERF}).
   * @param dircount Largest size of the names, fileids and cookies (default {@linkcode DEFAULT_READDIRPLUS_DIRCOUNT}).
   * @param maxcount Largest reply size (default {@linkcode DEFAULT_READDIRPLUS_MAXCOUNT}).
   * @param opts Signal and timeout of this call.
   * @returns READDIRPLUS3res: entries with `nameAttributes` and `nameHandle`.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const fh = unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
   * const res = unwrap(await nfs.readdirplus(root), "NFS3 READDIRPLUS");
   * const a = res.reply.entries.find((e) => e.name === "a.txt");
   * console.log(a?.nameAttributes?.size, a?.nameHandle?.join() === fh.join()); // => 5n true
   * ```
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
   *
   * @param fsroot Any handle in the file system.
   * @param opts Signal and timeout of this call.
   * @returns FSSTAT3res: total, free and available bytes and file slots.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const res = unwrap(await nfs.fsstat(root), "NFS3 FSSTAT");
   * console.log(typeof res.tbytes, res.tfiles >= res.ffiles); // => "bigint" true
   * ```
   */
  fsstat(fsroot: NfsFh3, opts?: CallOptions): Promise<Fsstat3Res> {
    return this.#call(P.FSSTAT, { fsroot }, opts);
  }

  /**
   * §3.3.19 FSINFO: static limits and preferred sizes.
   *
   * @param fsroot Any handle in the file system.
   * @param opts Signal and timeout of this call.
   * @returns FSINFO3res: largest and preferred READ / WRITE / READDIR sizes, properties.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const res = unwrap(await nfs.fsinfo(root), "NFS3 FSINFO");
   * console.log(res.wtmax, res.wtpref <= res.wtmax, res.dtpref); // => 1048576 true 65536
   * ```
   */
  fsinfo(fsroot: NfsFh3, opts?: CallOptions): Promise<Fsinfo3Res> {
    return this.#call(P.FSINFO, { fsroot }, opts);
  }

  /**
   * §3.3.20 PATHCONF: POSIX limits of the object's file system.
   *
   * @param object Any handle.
   * @param opts Signal and timeout of this call.
   * @returns PATHCONF3res: name and link limits and name-case behaviour.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const res = unwrap(await nfs.pathconf(root), "NFS3 PATHCONF");
   * console.log(res.linkmax, res.casePreserving, res.chownRestricted); // => 65000 true true
   * ```
   */
  pathconf(object: NfsFh3, opts?: CallOptions): Promise<Pathconf3Res> {
    return this.#call(P.PATHCONF, { object }, opts);
  }

  /**
   * §3.3.21 COMMIT: flushes UNSTABLE writes of `[offset, offset+count)` (0, 0 = all).
   *
   * @param file The file handle.
   * @param offset Start of the range (default 0).
   * @param count Length of the range (default 0: to the end).
   * @param opts Signal and timeout of this call.
   * @returns COMMIT3res: the write verifier to compare with the WRITE replies'.
   * @throws {RpcError} (the promise rejects) On an RPC-level failure: timeout, lost connection, a
   * malformed reply; or with the signal's reason when aborted. An NFS failure is a `status`, not
   * thrown.
   * @example
   * ```ts
   * import { Mount3Client, Nfs3Client, StableHow, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
   * const nfs = new Nfs3Client(rpc);
   * const fh = unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
   * const w = unwrap(await nfs.write(fh, 0, new Uint8Array(3), StableHow.UNSTABLE), "NFS3 WRITE");
   * const c = unwrap(await nfs.commit(fh), "NFS3 COMMIT");
   * // Same verifier: the server did not restart, so nothing needs to be written again.
   * console.log(w.verf.join() === c.verf.join()); // => true
   * ```
   */
  commit(file: NfsFh3, offset: Uint64 = 0, count = 0, opts?: CallOptions): Promise<Commit3Res> {
    return this.#call(P.COMMIT, { file, offset, count }, opts);
  }
}
