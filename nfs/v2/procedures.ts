/**
 * The NFS version 2 procedure table (RFC 1094 §2.2): number, name and codecs of each of the
 * 18 procedures, for both the client (`encode` / `decode`) and a server (`decodeArgs` /
 * `encodeRes`).
 *
 * @module
 */
import type { XdrReader } from "../../xdr/mod.ts";
import { decodeVoid, encodeVoid } from "../v3/codec_procs.ts";
import { type Procedure, procedure } from "../v3/procedures.ts";
import * as c from "./codec_procs.ts";
import { decodeDiropargs, decodeFhandle, encodeDiropargs, encodeFhandle } from "./codec_types.ts";
import type * as t from "./types.ts";

/**
 * The type of {@linkcode NFS2_PROCEDURES}: one typed entry per RFC 1094 procedure.
 *
 * @example
 * ```ts
 * import { NFS2_PROCEDURES, type Nfs2Procedures } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const table: Nfs2Procedures = NFS2_PROCEDURES;
 * const w = new XdrWriter();
 * table.LOOKUP.encode(w, { dir: new Uint8Array(32), name: "a.txt" });
 * using chain = w.finish();
 * console.log(table.LOOKUP.proc, table.LOOKUP.decodeArgs(new XdrReader(chain)).name); // => 4 a.txt
 * ```
 */
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

const p = procedure;

const decFh = (r: XdrReader) => decodeFhandle(r);
const decDirop = (r: XdrReader) => decodeDiropargs(r);

/**
 * The NFSv2 procedure table, keyed by RFC name.
 *
 * @example
 * ```ts
 * import { NFS2_PROCEDURES } from "@nfs/client/nfs";
 * console.log(NFS2_PROCEDURES.READ.proc, NFS2_PROCEDURES.READ.name); // => 6 READ
 * ```
 */
// deno-fmt-ignore
export const NFS2_PROCEDURES: Nfs2Procedures = {
  NULL:       p("NULL", 0, encodeVoid, decodeVoid, decodeVoid, encodeVoid),
  GETATTR:    p("GETATTR", 1, encodeFhandle, c.decodeAttrstat, decFh, c.encodeAttrstat),
  SETATTR:    p("SETATTR", 2, c.encodeSattrargs, c.decodeAttrstat, c.decodeSattrargs, c.encodeAttrstat),
  ROOT:       p("ROOT", 3, encodeVoid, decodeVoid, decodeVoid, encodeVoid),
  LOOKUP:     p("LOOKUP", 4, encodeDiropargs, c.decodeDiropres, decDirop, c.encodeDiropres),
  READLINK:   p("READLINK", 5, encodeFhandle, c.decodeReadlinkres, decFh, c.encodeReadlinkres),
  READ:       p("READ", 6, c.encodeReadargs, (r, a) => c.decodeReadres(r, a), c.decodeReadargs, c.encodeReadres),
  WRITECACHE: p("WRITECACHE", 7, encodeVoid, decodeVoid, decodeVoid, encodeVoid),
  WRITE:      p("WRITE", 8, c.encodeWriteargs, c.decodeAttrstat, c.decodeWriteargs, c.encodeAttrstat),
  CREATE:     p("CREATE", 9, c.encodeCreateargs, c.decodeDiropres, c.decodeCreateargs, c.encodeDiropres),
  REMOVE:     p("REMOVE", 10, encodeDiropargs, c.decodeNfsstatRes, decDirop, c.encodeNfsstatRes),
  RENAME:     p("RENAME", 11, c.encodeRenameargs, c.decodeNfsstatRes, c.decodeRenameargs, c.encodeNfsstatRes),
  LINK:       p("LINK", 12, c.encodeLinkargs, c.decodeNfsstatRes, c.decodeLinkargs, c.encodeNfsstatRes),
  SYMLINK:    p("SYMLINK", 13, c.encodeSymlinkargs, c.decodeNfsstatRes, c.decodeSymlinkargs, c.encodeNfsstatRes),
  MKDIR:      p("MKDIR", 14, c.encodeCreateargs, c.decodeDiropres, c.decodeCreateargs, c.encodeDiropres),
  RMDIR:      p("RMDIR", 15, encodeDiropargs, c.decodeNfsstatRes, decDirop, c.encodeNfsstatRes),
  READDIR:    p("READDIR", 16, c.encodeReaddirargs, c.decodeReaddirres, c.decodeReaddirargs, c.encodeReaddirres),
  STATFS:     p("STATFS", 17, encodeFhandle, c.decodeStatfsres, decFh, c.encodeStatfsres),
};

/**
 * The same procedures indexed by number (0..17), for a server's dispatcher.
 *
 * @example
 * ```ts
 * import { NFS2_PROCEDURE_LIST } from "@nfs/client/nfs";
 * const proc = 17; // the procedure number of a received call
 * console.log(NFS2_PROCEDURE_LIST.length, NFS2_PROCEDURE_LIST[proc]?.name); // => 18 STATFS
 * ```
 */
export const NFS2_PROCEDURE_LIST: readonly Procedure<unknown, unknown>[] = Object.values(
  NFS2_PROCEDURES,
).sort((a, b) => a.proc - b.proc);
