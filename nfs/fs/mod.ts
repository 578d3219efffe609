/**
 * The file API over NFSv3 and NFSv2: {@linkcode connect}, {@linkcode NfsClient},
 * {@linkcode NfsFile}.
 *
 * @module
 */
export {
  connect,
  type ConnectOptions,
  DEFAULT_READ_WINDOW,
  DEFAULT_TRANSFER_SIZE,
  DEFAULT_WINDOW,
  pickExport,
} from "./connect.ts";
export {
  DEFAULT_READFILE_MAX,
  type NfsClient,
  type NfsDirEntry,
  type NfsFsStat,
  type OpenOptions,
  type OpOptions,
  type ReadFileOptions,
  type WriteFileOptions,
} from "./client.ts";
export { AUTO_COMMIT_BYTES, type FileIoOptions, type NfsFile, SeekMode } from "./file.ts";
export type { NfsFileInfo } from "./info.ts";
export type { FileType, FsStat } from "./proto.ts";
export { MAX_SYMLINKS, type SessionLimits } from "./session.ts";
export { type ExportEntry, listExports, type ListExportsOptions } from "./exports.ts";
export { type NfsUrl, type NfsUrlOptions, normalizePath, parseNfsUrl } from "./url.ts";
