/**
 * {@linkcode Nfs2Client}: one short typed method per NFSv2 procedure over any
 * {@linkcode RpcCaller}.
 *
 * @module
 */
import type { CallSpec, RpcCaller } from "../../rpc/types.ts";
import { type CallOptions, callProcedure, type Procedure } from "../_program.ts";
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

/**
 * Default READDIR `count` (bytes of entries): NFS_MAXDATA, what servers accept at most.
 *
 * @example
 * ```ts
 * import { DEFAULT_READDIR2_COUNT, NFS_MAXDATA } from "@nfs/client/nfs";
 * console.log(DEFAULT_READDIR2_COUNT === NFS_MAXDATA); // => true
 * ```
 */
export const DEFAULT_READDIR2_COUNT = 8192;
/**
 * The cookie of a first READDIR call: 4 zero bytes.
 *
 * @example
 * ```ts
 * import { ZERO_NFSCOOKIE } from "@nfs/client/nfs";
 * console.log(ZERO_NFSCOOKIE); // => Uint8Array(4) [ 0, 0, 0, 0 ]
 * ```
 */
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
 * ```ts
 * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/hello.txt`, "hello");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
 * const nfs = new Nfs2Client(rpc);
 * const res = await nfs.lookup(root, "hello.txt");
 * if (res.status === 0) {
 *   const buf = new Uint8Array(8192);
 *   const { data } = unwrap(await nfs.read(res.file, 0, buf.length, buf), "NFS2 READ");
 *   console.log(new TextDecoder().decode(data)); // => hello
 * }
 * ```
 */
export class Nfs2Client {
  readonly #caller: RpcCaller;

  /**
   * Creates a NFSv2 client on top of an RPC caller.
   *
   * @param caller Makes the RPC calls (an RpcClient, or a fake in tests).
   * @example
   * ```ts
   * import { Nfs2Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const nfs = new Nfs2Client(rpc);
   * console.log(await nfs.null()); // => undefined
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
    return callProcedure(this.#caller, NFS_PROGRAM, NFS_V2, "NFS2", p, args, opts, extra);
  }

  /**
   * §2.2.1 NULL: does nothing (a ping).
   *
   * @param opts Signal and timeout of this call.
   * @returns Nothing, once the server has answered.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Nfs2Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port });
   * await new Nfs2Client(rpc).null({ timeout: 1000 });
   * console.log(server.stats().calls["NFS2 NULL"]); // => 1
   * ```
   */
  null(opts?: CallOptions): Promise<void> {
    return this.#call(P.NULL, undefined, opts);
  }

  /**
   * §2.2.2 GETATTR: the attributes of `file`.
   *
   * @param file The file's handle.
   * @param opts Signal and timeout of this call.
   * @returns `{ status: 0, attributes }`, or `{ status }` on failure.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/hello.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const { file } = unwrap(await nfs.lookup(root, "hello.txt"), "NFS2 LOOKUP");
   * const res = await nfs.getattr(file);
   * if (res.status === 0) console.log(res.attributes.type, res.attributes.size); // => 1 5
   * ```
   */
  getattr(file: Fhandle, opts?: CallOptions): Promise<Attrstat> {
    return this.#call(P.GETATTR, file, opts);
  }

  /**
   * §2.2.3 SETATTR: sets the present fields of `attributes`; returns the new attributes.
   *
   * @param file The file's handle.
   * @param attributes The fields to set; absent ones are left unchanged.
   * @param opts Signal and timeout of this call.
   * @returns `{ status: 0, attributes }` (the new attributes), or `{ status }` on failure.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If a field is 0xFFFFFFFF (it would read as "unchanged").
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/hello.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const { file } = unwrap(await nfs.lookup(root, "hello.txt"), "NFS2 LOOKUP");
   * const res = await nfs.setattr(file, { mode: 0o600, size: 2 });
   * if (res.status === 0) console.log((res.attributes.mode & 0o777).toString(8), res.attributes.size); // => 600 2
   * ```
   */
  setattr(file: Fhandle, attributes: Sattr, opts?: CallOptions): Promise<Attrstat> {
    return this.#call(P.SETATTR, { file, attributes }, opts);
  }

  /**
   * §2.2.4 ROOT: obsolete (MOUNT's MNT replaced it); servers do nothing.
   *
   * @param opts Signal and timeout of this call.
   * @returns Nothing.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Nfs2Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port });
   * console.log(await new Nfs2Client(rpc).root()); // => undefined
   * ```
   */
  root(opts?: CallOptions): Promise<void> {
    return this.#call(P.ROOT, undefined, opts);
  }

  /**
   * §2.2.5 LOOKUP: the handle and attributes of `name` in `dir`.
   *
   * @param dir The directory's handle.
   * @param name The name in it (one path component).
   * @param opts Signal and timeout of this call.
   * @returns `{ status: 0, file, attributes }`, or `{ status }` (e.g. 2, NFSERR_NOENT).
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If `dir` is not 32 bytes or `name` is empty or too long.
   * @throws {TypeError} If `name` contains "/" or NUL.
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/hello.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const res = await nfs.lookup(root, "hello.txt");
   * const missing = await nfs.lookup(root, "missing.txt");
   * console.log(res.status === 0 && res.attributes.size, missing.status); // => 5 2
   * ```
   */
  lookup(dir: Fhandle, name: string, opts?: CallOptions): Promise<Diropres> {
    return this.#call(P.LOOKUP, { dir, name }, opts);
  }

  /**
   * §2.2.6 READLINK: the text of a symbolic link.
   *
   * @param file The link's handle.
   * @param opts Signal and timeout of this call.
   * @returns `{ status: 0, data }` (the link text), or `{ status }` on failure.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.symlink("target.txt", `${dir}/ln`);
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const { file } = unwrap(await nfs.lookup(root, "ln"), "NFS2 LOOKUP");
   * console.log(await nfs.readlink(file)); // => { status: 0, data: "target.txt" }
   * ```
   */
  readlink(file: Fhandle, opts?: CallOptions): Promise<Readlinkres> {
    return this.#call(P.READLINK, file, opts);
  }

  /**
   * §2.2.7 READ: up to `count` (≤ 8192) bytes at `offset`, received straight into `dest` (a
   * new `Uint8Array(count)` when none is given). `data` is `dest.subarray(0, n)`.
   *
   * @param file The file's handle.
   * @param offset Byte offset (32-bit).
   * @param count Bytes to read, at most {@linkcode NFS_MAXDATA}.
   * @param dest Where the data lands (at least `count` bytes).
   * @param opts Signal and timeout of this call.
   * @returns `{ status: 0, attributes, data }` (`data` shorter than `count` at the end
   * of the file), or `{ status }` on failure.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If `dest` is shorter than `count`, `count` is above 8192, or the range
   * ends past 2^32.
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/hello.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const { file } = unwrap(await nfs.lookup(root, "hello.txt"), "NFS2 LOOKUP");
   * const buf = new Uint8Array(8192);
   * const res = await nfs.read(file, 1, 3, buf);
   * if (res.status === 0) console.log(new TextDecoder().decode(res.data), res.data.buffer === buf.buffer); // => ell true
   * ```
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

  /**
   * §2.2.8 WRITECACHE: obsolete (reserved for a protocol revision); servers do nothing.
   *
   * @param opts Signal and timeout of this call.
   * @returns Nothing.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Nfs2Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using rpc = await RpcClient.connect({ port: server.port });
   * console.log(await new Nfs2Client(rpc).writecache()); // => undefined
   * ```
   */
  writecache(opts?: CallOptions): Promise<void> {
    return this.#call(P.WRITECACHE, undefined, opts);
  }

  /**
   * §2.2.9 WRITE: writes `data` (≤ 8192 bytes) at `offset`; `data` itself is attached to the
   * request (no copy) and must not change until the call settles.
   *
   * @param file The file's handle.
   * @param offset Byte offset (32-bit).
   * @param data The bytes, at most {@linkcode NFS_MAXDATA}.
   * @param opts Signal and timeout of this call.
   * @returns `{ status: 0, attributes }` (after the write), or `{ status }` on failure.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If `data` is longer than 8192 bytes or the range ends past 2^32.
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/hello.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const { file } = unwrap(await nfs.lookup(root, "hello.txt"), "NFS2 LOOKUP");
   * const res = await nfs.write(file, 5, new TextEncoder().encode(", world"));
   * console.log(res.status === 0 && res.attributes.size, await Deno.readTextFile(`${dir}/hello.txt`)); // => 12 hello, world
   * ```
   */
  write(file: Fhandle, offset: number, data: Uint8Array, opts?: CallOptions): Promise<Attrstat> {
    return this.#call(P.WRITE, { file, offset, data }, opts);
  }

  /**
   * §2.2.10 CREATE: a regular file (servers may truncate an existing one).
   *
   * @param dir The directory's handle.
   * @param name The new file's name.
   * @param attributes Initial attributes (e.g. `mode`).
   * @param opts Signal and timeout of this call.
   * @returns `{ status: 0, file, attributes }`, or `{ status }` on failure.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If `dir` is not 32 bytes or `name` is empty or too long.
   * @throws {TypeError} If `name` contains "/" or NUL.
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const res = await nfs.create(root, "new.txt", { mode: 0o644 });
   * console.log(res.status, (await Deno.stat(`${dir}/new.txt`)).isFile); // => 0 true
   * ```
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
   *
   * @param dir The directory's handle.
   * @param name The name to remove.
   * @param opts Signal and timeout of this call.
   * @returns `{ status }`: 0 on success.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If `dir` is not 32 bytes or `name` is empty or too long.
   * @throws {TypeError} If `name` contains "/" or NUL.
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/hello.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const first = await nfs.remove(root, "hello.txt");
   * const again = await nfs.remove(root, "hello.txt");
   * console.log(first.status, again.status); // => 0 2
   * ```
   */
  remove(dir: Fhandle, name: string, opts?: CallOptions): Promise<NfsstatRes> {
    return this.#call(P.REMOVE, { dir, name }, opts);
  }

  /**
   * §2.2.12 RENAME: moves `fromDir/fromName` to `toDir/toName`.
   *
   * @param fromDir The source directory's handle.
   * @param fromName The source name.
   * @param toDir The target directory's handle.
   * @param toName The target name.
   * @param opts Signal and timeout of this call.
   * @returns `{ status }`: 0 on success.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If a handle is not 32 bytes or a name is empty or too long.
   * @throws {TypeError} If a name contains "/" or NUL.
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/hello.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const res = await nfs.rename(root, "hello.txt", root, "renamed.txt");
   * console.log(res.status, await Deno.readTextFile(`${dir}/renamed.txt`)); // => 0 hello
   * ```
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
   *
   * @param from The existing file's handle.
   * @param dir The directory of the new link.
   * @param name The new link's name.
   * @param opts Signal and timeout of this call.
   * @returns `{ status }`: 0 on success.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If a handle is not 32 bytes or `name` is empty or too long.
   * @throws {TypeError} If `name` contains "/" or NUL.
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/hello.txt`, "hello");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const { file } = unwrap(await nfs.lookup(root, "hello.txt"), "NFS2 LOOKUP");
   * const res = await nfs.link(file, root, "hard.txt");
   * const attr = unwrap(await nfs.getattr(file), "NFS2 GETATTR").attributes;
   * console.log(res.status, attr.nlink); // => 0 2
   * ```
   */
  link(from: Fhandle, dir: Fhandle, name: string, opts?: CallOptions): Promise<NfsstatRes> {
    return this.#call(P.LINK, { from, to: { dir, name } }, opts);
  }

  /**
   * §2.2.14 SYMLINK: a symbolic link `dir/name` → `to`.
   *
   * @param dir The directory of the new link.
   * @param name The new link's name.
   * @param to The link text.
   * @param attributes Initial attributes (servers mostly ignore them).
   * @param opts Signal and timeout of this call.
   * @returns `{ status }`: 0 on success.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If `dir` is not 32 bytes, `name` is empty or too long, or `to` is
   * longer than {@linkcode NFS_MAXPATHLEN}.
   * @throws {TypeError} If `name` contains "/" or NUL, or `to` NUL.
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const res = await nfs.symlink(root, "ln", "target.txt");
   * console.log(res.status, await Deno.readLink(`${dir}/ln`)); // => 0 target.txt
   * ```
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
   *
   * @param dir The parent directory's handle.
   * @param name The new directory's name.
   * @param attributes Initial attributes (e.g. `mode`).
   * @param opts Signal and timeout of this call.
   * @returns `{ status: 0, file, attributes }`, or `{ status }` on failure (17 if it exists).
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If `dir` is not 32 bytes or `name` is empty or too long.
   * @throws {TypeError} If `name` contains "/" or NUL.
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const res = await nfs.mkdir(root, "sub", { mode: 0o755 });
   * const again = await nfs.mkdir(root, "sub");
   * console.log(res.status === 0 && res.attributes.type, again.status); // => 2 17
   * ```
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
   *
   * @param dir The parent directory's handle.
   * @param name The directory to remove.
   * @param opts Signal and timeout of this call.
   * @returns `{ status }`: 0 on success, 66 (NFSERR_NOTEMPTY) if it is not empty.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If `dir` is not 32 bytes or `name` is empty or too long.
   * @throws {TypeError} If `name` contains "/" or NUL.
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.mkdir(`${dir}/empty`);
   * await Deno.mkdir(`${dir}/full/sub`, { recursive: true });
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const a = await nfs.rmdir(root, "empty");
   * const b = await nfs.rmdir(root, "full");
   * console.log(a.status, b.status); // => 0 66
   * ```
   */
  rmdir(dir: Fhandle, name: string, opts?: CallOptions): Promise<NfsstatRes> {
    return this.#call(P.RMDIR, { dir, name }, opts);
  }

  /**
   * §2.2.17 READDIR: entries after `cookie` (4 zero bytes to start), `count` bytes at most.
   *
   * @param dir The directory's handle.
   * @param cookie Where to resume: the last entry's cookie, or {@linkcode ZERO_NFSCOOKIE} to start.
   * @param count Largest size of the entries in the reply, in bytes.
   * @param opts Signal and timeout of this call.
   * @returns `{ status: 0, entries, eof }`, or `{ status }` on failure.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @throws {RangeError} If `dir` is not 32 bytes or `cookie` not 4 bytes.
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/a.txt`, "");
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const res = await nfs.readdir(root);
   * if (res.status === 0) console.log(res.entries.map((e) => e.name).sort(), res.eof); // => [ ".", "..", "a.txt" ] true
   * ```
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
   *
   * @param file Any handle on the file system.
   * @param opts Signal and timeout of this call.
   * @returns `{ status: 0, tsize, bsize, blocks, bfree, bavail }`, or `{ status }` on failure.
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   * @example
   * ```ts
   * import { Mount1Client, Nfs2Client, unwrap } from "@nfs/client/nfs";
   * import { authSys, RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await using server = await startTestServer({ dir });
   * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
   * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
   * const nfs = new Nfs2Client(rpc);
   * const res = await nfs.statfs(root);
   * if (res.status === 0) console.log(res.tsize, res.bfree <= res.blocks); // => 8192 true
   * ```
   */
  statfs(file: Fhandle, opts?: CallOptions): Promise<Statfsres> {
    return this.#call(P.STATFS, file, opts);
  }
}
