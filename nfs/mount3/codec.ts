/**
 * Codecs of MOUNT version 3 (RFC 1813 Appendix I): one pair per type and per procedure.
 * The `mountlist`, `groups` and `exports` linked lists are bounded by the bytes left (each
 * node consumes at least 12 bytes), never by an unbounded loop.
 *
 * @module
 */
import type { XdrReader, XdrWriter } from "../../xdr/mod.ts";
import { ownBytes } from "../v3/codec_types.ts";
import {
  type Exportnode,
  type Exports,
  type Fhandle3,
  FHSIZE3,
  MNTNAMLEN,
  MNTPATHLEN,
  type Mountbody,
  type Mountlist,
  type Mountres3,
  type Mountstat3,
} from "./types.ts";

/** The most auth flavors accepted in a `mountres3_ok`. */
const MAX_AUTH_FLAVORS = 64;

/**
 * RFC 1813 §5.1.5: encodes `dirpath`.
 *
 * @param w The writer.
 * @param path The path, at most {@linkcode MNTPATHLEN} bytes.
 * @throws {RangeError} If it is empty or too long.
 */
export function encodeDirpath(w: XdrWriter, path: string): void {
  if (typeof path !== "string" || path.length === 0) {
    throw new RangeError("Cannot encode dirpath: the path is empty");
  }
  w.stringEscaped(path, MNTPATHLEN);
}

/**
 * RFC 1813 §5.1.5: decodes `dirpath`.
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The path.
 */
export function decodeDirpath(r: XdrReader, what = "dirpath"): string {
  return r.stringEscaped(MNTPATHLEN, what);
}

/**
 * RFC 1813 §5.1.5: encodes `name`.
 *
 * @param w The writer.
 * @param name At most {@linkcode MNTNAMLEN} bytes.
 */
export function encodeMntName(w: XdrWriter, name: string): void {
  w.stringEscaped(name, MNTNAMLEN);
}

/**
 * RFC 1813 §5.1.5: decodes `name`.
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The name.
 */
export function decodeMntName(r: XdrReader, what = "name"): string {
  return r.stringEscaped(MNTNAMLEN, what);
}

/**
 * RFC 1813 §5.1.5: encodes `fhandle3`.
 *
 * @param w The writer.
 * @param fh The handle (1..64 bytes).
 */
export function encodeFhandle3(w: XdrWriter, fh: Fhandle3): void {
  if (fh.length === 0 || fh.length > FHSIZE3) {
    throw new RangeError(`Cannot encode fhandle3 of ${fh.length} bytes: must be 1..${FHSIZE3}`);
  }
  w.opaque(fh, FHSIZE3);
}

/**
 * RFC 1813 §5.1.5: decodes `fhandle3` (a copy).
 *
 * @param r The reader.
 * @returns The handle.
 */
export function decodeFhandle3(r: XdrReader): Fhandle3 {
  return ownBytes(r.opaqueView(FHSIZE3, "fhandle3"));
}

/** Reads a linked list of optional-data; each node consumes bytes, so the loop ends. */
function decodeList<T>(r: XdrReader, what: string, node: (r: XdrReader) => T): T[] {
  const out: T[] = [];
  while (r.bool(`${what}.next`)) out.push(node(r));
  return out;
}

function encodeList<T>(w: XdrWriter, items: readonly T[], node: (w: XdrWriter, v: T) => void) {
  for (const it of items) {
    w.bool(true);
    node(w, it);
  }
  w.bool(false);
}

// RFC 1813 §5.2.1 MNT

/**
 * RFC 1813 §5.2.1: encodes the MNT argument (`dirpath`).
 *
 * @param w The writer.
 * @param dirpath The export path.
 */
export function encodeMnt3Args(w: XdrWriter, dirpath: string): void {
  encodeDirpath(w, dirpath);
}

/**
 * RFC 1813 §5.2.1: decodes the MNT argument.
 *
 * @param r The reader.
 * @returns The export path.
 */
export function decodeMnt3Args(r: XdrReader): string {
  return decodeDirpath(r, "MNT.dirpath");
}

/**
 * RFC 1813 §5.2.1: encodes `mountres3`.
 *
 * @param w The writer.
 * @param res The result.
 */
export function encodeMountres3(w: XdrWriter, res: Mountres3): void {
  w.enum(res.status);
  if (res.status !== 0) return;
  encodeFhandle3(w, res.fhandle);
  w.array(res.authFlavors, (w, f) => w.int(f), MAX_AUTH_FLAVORS);
}

/**
 * RFC 1813 §5.2.1: decodes `mountres3`.
 *
 * @param r The reader.
 * @returns `{ status: 0, fhandle, authFlavors }` or `{ status }`.
 */
export function decodeMountres3(r: XdrReader): Mountres3 {
  const status = r.enum("mountstat3");
  if (status !== 0) return { status: status as Exclude<Mountstat3, 0> };
  const fhandle = decodeFhandle3(r);
  const authFlavors = r.array(MAX_AUTH_FLAVORS, (r) => r.int("auth_flavors"), 4, "auth_flavors");
  return { status: 0, fhandle, authFlavors };
}

// RFC 1813 §5.2.2 DUMP

/**
 * RFC 1813 §5.2.2: encodes `mountlist`.
 *
 * @param w The writer.
 * @param list The entries.
 */
export function encodeMountlist(w: XdrWriter, list: Mountlist): void {
  encodeList(w, list, (w, m: Mountbody) => {
    encodeMntName(w, m.mlHostname);
    encodeDirpath(w, m.mlDirectory);
  });
}

/**
 * RFC 1813 §5.2.2: decodes `mountlist`.
 *
 * @param r The reader.
 * @returns The entries.
 */
export function decodeMountlist(r: XdrReader): Mountlist {
  return decodeList(r, "mountlist", (r) => {
    const mlHostname = decodeMntName(r, "mountbody.ml_hostname");
    return { mlHostname, mlDirectory: decodeDirpath(r, "mountbody.ml_directory") };
  });
}

// RFC 1813 §5.2.5 EXPORT

/**
 * RFC 1813 §5.2.5: encodes `exports`.
 *
 * @param w The writer.
 * @param list The export nodes.
 */
export function encodeExports(w: XdrWriter, list: Exports): void {
  encodeList(w, list, (w, e: Exportnode) => {
    encodeDirpath(w, e.exDir);
    encodeList(w, e.exGroups, encodeMntName);
  });
}

/**
 * RFC 1813 §5.2.5: decodes `exports`.
 *
 * @param r The reader.
 * @returns The export nodes.
 */
export function decodeExports(r: XdrReader): Exports {
  return decodeList(r, "exports", (r) => {
    const exDir = decodeDirpath(r, "exportnode.ex_dir");
    return {
      exDir,
      exGroups: decodeList(r, "groups", (r) => decodeMntName(r, "groupnode.gr_name")),
    };
  });
}
