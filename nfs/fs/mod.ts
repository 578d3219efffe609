/**
 * The file API over NFSv3 and NFSv2: {@linkcode connect}, {@linkcode NfsClient},
 * {@linkcode NfsFile}, their option and result types. What the root module exports; the
 * internals (the protocol adapters, the session, the pipelined I/O) stay in their files.
 *
 * @module
 */
export { connect, type ConnectOptions } from "./connect.ts";
export {
  type NfsClient,
  type NfsDirEntry,
  type NfsEntryHandle,
  type NfsFsStat,
  type OpenOptions,
  type OpOptions,
  type ReadDirOptions,
  type ReadFileOptions,
  type WriteFileOptions,
} from "./client.ts";
export { type FileIoOptions, type NfsFile, SeekMode } from "./file.ts";
export type { NfsFileInfo } from "./info.ts";
export type { FileType, FsStat } from "./proto.ts";
export type { SessionLimits } from "./session.ts";
export { type ExportEntry, listExports, type ListExportsOptions } from "./exports.ts";
export { type NfsUrl, type NfsUrlOptions, parseNfsUrl } from "./url.ts";
