/**
 * The NFS version 2 procedure table (RFC 1094 §2.2): number, name and client codecs of each
 * of the 18 procedures. The server halves live in the test server (`testing/`).
 *
 * @module
 */
import { decodeVoid, encodeVoid, type Procedure, procedure as p } from "../_program.ts";
import * as c from "./codec_procs.ts";
import { encodeDiropargs, encodeFhandle } from "./codec_types.ts";
import type * as t from "./types.ts";

/** The type of {@linkcode NFS2_PROCEDURES}: one typed entry per RFC 1094 procedure. */
export interface Nfs2Procedures {
  /** §2.2.1 NFSPROC_NULL = 0. */
  readonly NULL: Procedure<void, void>;
  /** §2.2.2 NFSPROC_GETATTR = 1. */
  readonly GETATTR: Procedure<t.Fhandle, t.Attrstat>;
  /** §2.2.3 NFSPROC_SETATTR = 2. */
  readonly SETATTR: Procedure<t.Sattrargs, t.Attrstat>;
  /** §2.2.4 NFSPROC_ROOT = 3 (obsolete). */
  readonly ROOT: Procedure<void, void>;
  /** §2.2.5 NFSPROC_LOOKUP = 4. */
  readonly LOOKUP: Procedure<t.Diropargs, t.Diropres>;
  /** §2.2.6 NFSPROC_READLINK = 5. */
  readonly READLINK: Procedure<t.Fhandle, t.Readlinkres>;
  /** §2.2.7 NFSPROC_READ = 6. */
  readonly READ: Procedure<t.Readargs, t.Readres>;
  /** §2.2.8 NFSPROC_WRITECACHE = 7 (obsolete). */
  readonly WRITECACHE: Procedure<void, void>;
  /** §2.2.9 NFSPROC_WRITE = 8. */
  readonly WRITE: Procedure<t.Writeargs, t.Attrstat>;
  /** §2.2.10 NFSPROC_CREATE = 9. */
  readonly CREATE: Procedure<t.Createargs, t.Diropres>;
  /** §2.2.11 NFSPROC_REMOVE = 10. */
  readonly REMOVE: Procedure<t.Diropargs, t.NfsstatRes>;
  /** §2.2.12 NFSPROC_RENAME = 11. */
  readonly RENAME: Procedure<t.Renameargs, t.NfsstatRes>;
  /** §2.2.13 NFSPROC_LINK = 12. */
  readonly LINK: Procedure<t.Linkargs, t.NfsstatRes>;
  /** §2.2.14 NFSPROC_SYMLINK = 13. */
  readonly SYMLINK: Procedure<t.Symlinkargs, t.NfsstatRes>;
  /** §2.2.15 NFSPROC_MKDIR = 14. */
  readonly MKDIR: Procedure<t.Createargs, t.Diropres>;
  /** §2.2.16 NFSPROC_RMDIR = 15. */
  readonly RMDIR: Procedure<t.Diropargs, t.NfsstatRes>;
  /** §2.2.17 NFSPROC_READDIR = 16. */
  readonly READDIR: Procedure<t.Readdirargs, t.Readdirres>;
  /** §2.2.18 NFSPROC_STATFS = 17. */
  readonly STATFS: Procedure<t.Fhandle, t.Statfsres>;
}

/** The NFSv2 procedure table, keyed by RFC name. */
// deno-fmt-ignore
export const NFS2_PROCEDURES: Nfs2Procedures = {
  NULL:       p("NULL", 0, encodeVoid, decodeVoid),
  GETATTR:    p("GETATTR", 1, encodeFhandle, c.decodeAttrstat),
  SETATTR:    p("SETATTR", 2, c.encodeSattrargs, c.decodeAttrstat),
  ROOT:       p("ROOT", 3, encodeVoid, decodeVoid),
  LOOKUP:     p("LOOKUP", 4, encodeDiropargs, c.decodeDiropres),
  READLINK:   p("READLINK", 5, encodeFhandle, c.decodeReadlinkres),
  READ:       p("READ", 6, c.encodeReadargs, (r, a) => c.decodeReadres(r, a)),
  WRITECACHE: p("WRITECACHE", 7, encodeVoid, decodeVoid),
  WRITE:      p("WRITE", 8, c.encodeWriteargs, c.decodeAttrstat),
  CREATE:     p("CREATE", 9, c.encodeCreateargs, c.decodeDiropres),
  REMOVE:     p("REMOVE", 10, encodeDiropargs, c.decodeNfsstatRes),
  RENAME:     p("RENAME", 11, c.encodeRenameargs, c.decodeNfsstatRes),
  LINK:       p("LINK", 12, c.encodeLinkargs, c.decodeNfsstatRes),
  SYMLINK:    p("SYMLINK", 13, c.encodeSymlinkargs, c.decodeNfsstatRes),
  MKDIR:      p("MKDIR", 14, c.encodeCreateargs, c.decodeDiropres),
  RMDIR:      p("RMDIR", 15, encodeDiropargs, c.decodeNfsstatRes),
  READDIR:    p("READDIR", 16, c.encodeReaddirargs, c.decodeReaddirres),
  STATFS:     p("STATFS", 17, encodeFhandle, c.decodeStatfsres),
};
