/**
 * MOUNT version 1 (RFC 1094 Appendix A), the mount protocol of NFSv2: types, procedure table
 * and {@linkcode Mount1Client}.
 *
 * @module
 */
export * from "./types.ts";
export * from "./procedures.ts";
export * from "./client.ts";
