/**
 * The MOUNT version 3 procedure table (RFC 1813 §5.2).
 *
 * @module
 */
import { decodeVoid, encodeVoid } from "../v3/codec_procs.ts";
import { type Procedure, procedure } from "../v3/procedures.ts";
import * as c from "./codec.ts";
import type { Exports, Mountlist, Mountres3 } from "./types.ts";

/**
 * The type of {@linkcode MOUNT3_PROCEDURES}.
 *
 * @example
 * ```ts
 * import { MOUNT3_PROCEDURES, type Mount3Procedures } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const table: Mount3Procedures = MOUNT3_PROCEDURES;
 * const w = new XdrWriter();
 * table.MNT.encode(w, "/export");
 * using chain = w.finish();
 * console.log(table.MNT.proc, table.MNT.decodeArgs(new XdrReader(chain))); // => 1 /export
 * ```
 */
export interface Mount3Procedures {
  /** §5.2.0 MOUNTPROC3_NULL = 0. */
  readonly NULL: Procedure<void, void>;
  /** §5.2.1 MOUNTPROC3_MNT = 1. */
  readonly MNT: Procedure<string, Mountres3>;
  /** §5.2.2 MOUNTPROC3_DUMP = 2. */
  readonly DUMP: Procedure<void, Mountlist>;
  /** §5.2.3 MOUNTPROC3_UMNT = 3. */
  readonly UMNT: Procedure<string, void>;
  /** §5.2.4 MOUNTPROC3_UMNTALL = 4. */
  readonly UMNTALL: Procedure<void, void>;
  /** §5.2.5 MOUNTPROC3_EXPORT = 5. */
  readonly EXPORT: Procedure<void, Exports>;
}

const p = procedure;

/**
 * The MOUNT v3 procedure table, keyed by RFC name.
 *
 * @example
 * ```ts
 * import { MOUNT3_PROCEDURES } from "@nfs/client/nfs";
 * console.log(MOUNT3_PROCEDURES.EXPORT.proc, MOUNT3_PROCEDURES.EXPORT.name); // => 5 EXPORT
 * ```
 */
// deno-fmt-ignore
export const MOUNT3_PROCEDURES: Mount3Procedures = {
  NULL:    p("NULL", 0, encodeVoid, decodeVoid, decodeVoid, encodeVoid),
  MNT:     p("MNT", 1, c.encodeMnt3Args, c.decodeMountres3, c.decodeMnt3Args, c.encodeMountres3),
  DUMP:    p("DUMP", 2, encodeVoid, c.decodeMountlist, decodeVoid, c.encodeMountlist),
  UMNT:    p("UMNT", 3, c.encodeMnt3Args, decodeVoid, c.decodeMnt3Args, encodeVoid),
  UMNTALL: p("UMNTALL", 4, encodeVoid, decodeVoid, decodeVoid, encodeVoid),
  EXPORT:  p("EXPORT", 5, encodeVoid, c.decodeExports, decodeVoid, c.encodeExports),
};
