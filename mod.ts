/**
 * `@nfs/client`: an NFSv3/NFSv2 client for Deno, zero-copy from socket to your buffers.
 *
 * Connect with an `nfs://` URL (libnfs-compatible parameters), then use a file API shaped
 * like Deno's own. Errors are {@linkcode NfsError} subclasses that name the operation, the
 * path and the NFS status.
 *
 * @example
 * ```ts ignore
 * import { connect, NotFound } from "@nfs/client";
 *
 * await using nfs = await connect("nfs://127.0.0.1/export");
 * await nfs.writeTextFile("hello.txt", "Hello, NFS!\n");
 * console.log(await nfs.readTextFile("hello.txt"));
 * try {
 *   await nfs.stat("missing");
 * } catch (e) {
 *   if (e instanceof NotFound) console.log(e.message);
 * }
 * ```
 *
 * @module
 */
export * from "./nfs/fs/mod.ts";
export * from "./nfs/errors.ts";
export { type CopyStats, copyStats } from "./mbuf/mod.ts";
