/**
 * The MOUNT version 1 procedure table (RFC 1094 Appendix A.5).
 *
 * @module
 */
import type { XdrReader } from "../../xdr/mod.ts";
import {
  decodeDirpath,
  decodeExports,
  decodeMountlist,
  encodeDirpath,
  encodeExports,
  encodeMountlist,
} from "../mount3/codec.ts";
import { decodeVoid, encodeVoid } from "../v3/codec_procs.ts";
import { type Procedure, procedure } from "../v3/procedures.ts";
import { decodeFhstatus, encodeFhstatus } from "./codec.ts";
import type { Exports, Fhstatus, Mountlist } from "./types.ts";

/**
 * The type of {@linkcode MOUNT1_PROCEDURES}.
 *
 * @example
 * ```ts
 * import { MOUNT1_PROCEDURES, type Mount1Procedures } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const table: Mount1Procedures = MOUNT1_PROCEDURES;
 * const w = new XdrWriter();
 * table.MNT.encodeRes(w, { status: 2 });
 * using chain = w.finish();
 * console.log(table.MNT.decode(new XdrReader(chain))); // => { status: 2 }
 * ```
 */
export interface Mount1Procedures {
  /** A.5.1 MOUNTPROC_NULL = 0. */
  readonly NULL: Procedure<void, void>;
  /** A.5.2 MOUNTPROC_MNT = 1. */
  readonly MNT: Procedure<string, Fhstatus>;
  /** A.5.3 MOUNTPROC_DUMP = 2. */
  readonly DUMP: Procedure<void, Mountlist>;
  /** A.5.4 MOUNTPROC_UMNT = 3. */
  readonly UMNT: Procedure<string, void>;
  /** A.5.5 MOUNTPROC_UMNTALL = 4. */
  readonly UMNTALL: Procedure<void, void>;
  /** A.5.6 MOUNTPROC_EXPORT = 5. */
  readonly EXPORT: Procedure<void, Exports>;
}

const p = procedure;

const decDirpath = (r: XdrReader) => decodeDirpath(r);

/**
 * The MOUNT v1 procedure table, keyed by RFC name.
 *
 * @example
 * ```ts
 * import { MOUNT1_PROCEDURES } from "@nfs/client/nfs";
 * console.log(MOUNT1_PROCEDURES.MNT.proc, MOUNT1_PROCEDURES.MNT.name); // => 1 MNT
 * ```
 */
// deno-fmt-ignore
export const MOUNT1_PROCEDURES: Mount1Procedures = {
  NULL:    p("NULL", 0, encodeVoid, decodeVoid, decodeVoid, encodeVoid),
  MNT:     p("MNT", 1, encodeDirpath, decodeFhstatus, decDirpath, encodeFhstatus),
  DUMP:    p("DUMP", 2, encodeVoid, decodeMountlist, decodeVoid, encodeMountlist),
  UMNT:    p("UMNT", 3, encodeDirpath, decodeVoid, decDirpath, encodeVoid),
  UMNTALL: p("UMNTALL", 4, encodeVoid, decodeVoid, decodeVoid, encodeVoid),
  EXPORT:  p("EXPORT", 5, encodeVoid, decodeExports, decodeVoid, encodeExports),
};

/**
 * The same procedures indexed by number (0..5), for a server's dispatcher.
 *
 * @example
 * ```ts
 * import { MOUNT1_PROCEDURE_LIST } from "@nfs/client/nfs";
 * console.log(MOUNT1_PROCEDURE_LIST.map((p) => p.name).join()); // => NULL,MNT,DUMP,UMNT,UMNTALL,EXPORT
 * ```
 */
export const MOUNT1_PROCEDURE_LIST: readonly Procedure<unknown, unknown>[] = Object.values(
  MOUNT1_PROCEDURES,
).sort((a, b) => a.proc - b.proc);
