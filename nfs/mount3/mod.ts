/**
 * MOUNT version 3 (RFC 1813 Appendix I): types, codecs, procedure table and client.
 *
 * @module
 */
export * from "./types.ts";
export * from "./codec.ts";
export * from "./procedures.ts";
export * from "./client.ts";
