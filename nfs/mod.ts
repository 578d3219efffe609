/**
 * NFS version 3 and MOUNT version 3 (RFC 1813) over the project's RPC layer: RFC-named types,
 * strict bounded codecs, declarative procedure tables, thin typed clients, and one status
 * table with {@linkcode NfsError} classes shared by NFSv2, NFSv3 and MOUNT.
 *
 * @example
 * ```ts
 * import { nfsError, NotFound } from "@nfs/client";
 * const e = nfsError({ status: 2, proc: "NFS3 LOOKUP", path: "a/b.txt" });
 * console.log(e instanceof NotFound, e.code); // true ENOENT
 * ```
 *
 * @module
 */
export * from "./errors.ts";
export * from "./v3/mod.ts";
export * from "./mount3/mod.ts";
export * from "./v2/mod.ts";
export * from "./mount1/mod.ts";
