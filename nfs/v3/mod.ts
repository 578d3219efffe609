/**
 * NFS version 3 (RFC 1813): types, codecs, procedure table and client.
 *
 * @module
 */
export * from "./types.ts";
export * from "./codec_types.ts";
export * from "./codec_procs.ts";
export * from "./procedures.ts";
export * from "./client.ts";
