/**
 * `@nfs/client`: an NFSv3/NFSv2 client for Deno, zero-copy from socket to your buffers.
 *
 * Connect with an `nfs://` URL (libnfs-compatible parameters), then use a file API shaped
 * like Deno's own. Errors are {@linkcode NfsError} subclasses that name the operation, the
 * path and the NFS status. The protocol clients are in `@nfs/client/nfs`, the RPC layer in
 * `@nfs/client/rpc`, an embedded test server in `@nfs/client/testing`.
 *
 * @example
 * ```ts
 * import { assertEquals, assertRejects } from "@std/assert";
 * import { connect, NotFound } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 *
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url); // or "nfs://host/export/dir?version=3"
 * await nfs.writeTextFile("hello.txt", "Hello, NFS!\n");
 * assertEquals(await nfs.readTextFile("hello.txt"), "Hello, NFS!\n");
 * await assertRejects(
 *   () => nfs.stat("missing"),
 *   NotFound,
 *   'Cannot stat "missing": no such file or directory (NFS3ERR_NOENT)',
 * );
 * ```
 *
 * @module
 */
export * from "./nfs/fs/mod.ts";
export {
  AlreadyExists,
  BadCookie,
  ConnectionError,
  DirectoryNotEmpty,
  FileTooLarge,
  InvalidArgument,
  IoError,
  IsADirectory,
  Jukebox,
  NameTooLong,
  NfsError,
  type NfsErrorCode,
  type NfsErrorInit,
  NoSpace,
  NotADirectory,
  NotFound,
  NotSupported,
  NotSync,
  PermissionDenied,
  QuotaExceeded,
  ReadOnly,
  ServerFault,
  StaleHandle,
  TimedOut,
} from "./nfs/errors.ts";
export { type CopyStats, copyStats } from "./mbuf/mod.ts";
