/**
 * The server half of the MOUNT v3 (RFC 1813 Appendix I) and MOUNT v1 (RFC 1094 Appendix A)
 * codecs, and both server tables. The client half is in `nfs/_mount.ts`, `nfs/mount3/` and
 * `nfs/mount1/`.
 *
 * @module
 */
import {
  decodeDirpath,
  encodeDirpath,
  type Exportnode,
  type Exports,
  MNTNAMLEN,
  type Mountbody,
  type Mountlist,
} from "../nfs/_mount.ts";
import { decodeVoid, encodeVoid } from "../nfs/_program.ts";
import { MAX_AUTH_FLAVORS } from "../nfs/mount3/codec.ts";
import { MOUNT3_PROCEDURES, type Mount3Procedures } from "../nfs/mount3/procedures.ts";
import { type Fhandle3, FHSIZE3, type Mountres3 } from "../nfs/mount3/types.ts";
import { MOUNT1_PROCEDURES, type Mount1Procedures } from "../nfs/mount1/procedures.ts";
import { FHSIZE, type Fhstatus } from "../nfs/mount1/types.ts";
import type { XdrReader, XdrWriter } from "../xdr/mod.ts";
import { byNumber, type ServerProcedure, type ServerTable, serverTable } from "./_program.ts";

/** Encodes `name`. */
export function encodeMntName(w: XdrWriter, name: string): void {
  w.stringEscaped(name, MNTNAMLEN);
}

/** Encodes `fhandle3`. */
export function encodeFhandle3(w: XdrWriter, fh: Fhandle3): void {
  if (fh.length === 0 || fh.length > FHSIZE3) {
    throw new RangeError(`Cannot encode fhandle3 of ${fh.length} bytes: must be 1..${FHSIZE3}`);
  }
  w.opaque(fh, FHSIZE3);
}

function encodeList<T>(w: XdrWriter, items: readonly T[], node: (w: XdrWriter, v: T) => void) {
  for (const it of items) {
    w.bool(true);
    node(w, it);
  }
  w.bool(false);
}

/** Decodes MNT's and UMNT's argument, `dirpath`. */
export function decodeMnt3Args(r: XdrReader): string {
  return decodeDirpath(r, "MNT.dirpath");
}

/** Encodes `mountres3`. */
export function encodeMountres3(w: XdrWriter, res: Mountres3): void {
  w.enum(res.status);
  if (res.status !== 0) return;
  encodeFhandle3(w, res.fhandle);
  w.array(res.authFlavors, (w, f) => w.int(f), MAX_AUTH_FLAVORS);
}

/** Encodes `mountlist`. */
export function encodeMountlist(w: XdrWriter, list: Mountlist): void {
  encodeList(w, list, (w, m: Mountbody) => {
    encodeMntName(w, m.mlHostname);
    encodeDirpath(w, m.mlDirectory);
  });
}

/** Encodes `exports`. */
export function encodeExports(w: XdrWriter, list: Exports): void {
  encodeList(w, list, (w, e: Exportnode) => {
    encodeDirpath(w, e.exDir);
    encodeList(w, e.exGroups, encodeMntName);
  });
}

/**
 * Encodes `fhstatus` (MOUNT v1 MNT's result).
 *
 * @throws {RangeError} If the status is 0 and the handle is not 32 bytes.
 */
export function encodeFhstatus(w: XdrWriter, res: Fhstatus): void {
  w.uint(res.status);
  if (res.status !== 0) return;
  if (res.directory.length !== FHSIZE) {
    throw new RangeError(
      `Cannot encode fhandle of ${res.directory.length} bytes: must be ${FHSIZE} (NFS_FHSIZE)`,
    );
  }
  w.opaqueFixed(res.directory, FHSIZE);
}

const decDirpath = (r: XdrReader) => decodeDirpath(r);

/** The MOUNT v3 table with the server halves, keyed by RFC name. */
// deno-fmt-ignore
export const MOUNT3_SERVER: ServerTable<Mount3Procedures> = serverTable(MOUNT3_PROCEDURES, {
  NULL:    [decodeVoid, encodeVoid],
  MNT:     [decodeMnt3Args, encodeMountres3],
  DUMP:    [decodeVoid, encodeMountlist],
  UMNT:    [decodeMnt3Args, encodeVoid],
  UMNTALL: [decodeVoid, encodeVoid],
  EXPORT:  [decodeVoid, encodeExports],
});
/** The MOUNT v3 procedures indexed by number (0..5). */
export const MOUNT3_SERVER_LIST: readonly ServerProcedure<unknown, unknown>[] = byNumber(
  MOUNT3_SERVER,
);

/** The MOUNT v1 table with the server halves, keyed by RFC name. */
// deno-fmt-ignore
export const MOUNT1_SERVER: ServerTable<Mount1Procedures> = serverTable(MOUNT1_PROCEDURES, {
  NULL:    [decodeVoid, encodeVoid],
  MNT:     [decDirpath, encodeFhstatus],
  DUMP:    [decodeVoid, encodeMountlist],
  UMNT:    [decDirpath, encodeVoid],
  UMNTALL: [decodeVoid, encodeVoid],
  EXPORT:  [decodeVoid, encodeExports],
});
/** The MOUNT v1 procedures indexed by number (0..5). */
export const MOUNT1_SERVER_LIST: readonly ServerProcedure<unknown, unknown>[] = byNumber(
  MOUNT1_SERVER,
);
