/**
 * `@nfs/client`: an NFSv3/NFSv2 client for Deno, zero-copy from socket to your buffers.
 *
 * Connect with an `nfs://` URL (libnfs-compatible parameters), then use a file API shaped
 * like Deno's own. Errors are {@linkcode NfsError} subclasses that name the operation, the
 * path and the NFS status.
 *
 * @example
 * ```ts
 * import { connect, NotFound } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 *
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url); // or "nfs://host/export/dir?version=3"
 * await nfs.writeTextFile("hello.txt", "Hello, NFS!\n");
 * console.log(await nfs.readTextFile("hello.txt")); // "Hello, NFS!\n"
 * try {
 *   await nfs.stat("missing");
 * } catch (e) {
 *   // Cannot stat "missing": no such file or directory (NFS3ERR_NOENT)
 *   if (e instanceof NotFound) console.log(e.message);
 * }
 * ```
 *
 * @module
 */
export * from "./nfs/fs/mod.ts";
export * from "./nfs/errors.ts";
export { type CopyStats, copyStats } from "./mbuf/mod.ts";
