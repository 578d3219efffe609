/**
 * MOUNT version 3 (RFC 1813 Appendix I): types, procedure table and client.
 *
 * @module
 */
export * from "./types.ts";
export * from "./procedures.ts";
export * from "./client.ts";
