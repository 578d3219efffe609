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
 * @example
 * ```ts
 * import { decodeDirpath, encodeDirpath } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeDirpath(w, "/export"); // "" would throw a RangeError
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeDirpath(new XdrReader(chain))); // => 12 /export
 * ```
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
 * @throws {XdrError} If the input is truncated or a string is too long.
 * @example
 * ```ts
 * import { decodeDirpath, encodeDirpath } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeDirpath(w, "/srv/nfs/home");
 * using chain = w.finish();
 * console.log(decodeDirpath(new XdrReader(chain))); // => /srv/nfs/home
 * ```
 */
export function decodeDirpath(r: XdrReader, what = "dirpath"): string {
  return r.stringEscaped(MNTPATHLEN, what);
}

/**
 * RFC 1813 §5.1.5: encodes `name`.
 *
 * @param w The writer.
 * @param name At most {@linkcode MNTNAMLEN} bytes.
 * @throws {RangeError} If it is too long.
 * @example
 * ```ts
 * import { encodeMntName } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeMntName(w, "client1");
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 12
 * ```
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
 * @throws {XdrError} If the input is truncated or a string is too long.
 * @example
 * ```ts
 * import { decodeMntName, encodeMntName } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeMntName(w, "@trusted");
 * using chain = w.finish();
 * console.log(decodeMntName(new XdrReader(chain))); // => @trusted
 * ```
 */
export function decodeMntName(r: XdrReader, what = "name"): string {
  return r.stringEscaped(MNTNAMLEN, what);
}

/**
 * RFC 1813 §5.1.5: encodes `fhandle3`.
 *
 * @param w The writer.
 * @param fh The handle (1..64 bytes).
 * @throws {RangeError} If it is empty or longer than {@linkcode FHSIZE3} bytes.
 * @example
 * ```ts
 * import { encodeFhandle3 } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeFhandle3(w, new Uint8Array(30)); // length word, 30 bytes, 2 bytes of padding
 * using chain = w.finish();
 * console.log(chain.byteLength, chain.getUint32(0)); // => 36 30
 * ```
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
 * @throws {XdrError} If the input is truncated or the handle is longer than {@linkcode FHSIZE3}.
 * @example
 * ```ts
 * import { decodeFhandle3, encodeFhandle3 } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeFhandle3(w, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
 * using chain = w.finish();
 * console.log(decodeFhandle3(new XdrReader(chain)).join()); // => 1,2,3,4,5,6,7,8
 * ```
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
 * @throws {RangeError} If it is empty or longer than {@linkcode MNTPATHLEN} bytes.
 * @example
 * ```ts
 * import { decodeMnt3Args, encodeMnt3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeMnt3Args(w, "/export");
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeMnt3Args(new XdrReader(chain))); // => 12 /export
 * ```
 */
export function encodeMnt3Args(w: XdrWriter, dirpath: string): void {
  encodeDirpath(w, dirpath);
}

/**
 * RFC 1813 §5.2.1: decodes the MNT argument.
 *
 * @param r The reader.
 * @returns The export path.
 * @throws {XdrError} If the input is truncated or a string is too long.
 * @example
 * ```ts
 * import { decodeMnt3Args, encodeMnt3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeMnt3Args(w, "/home");
 * using chain = w.finish();
 * console.log(decodeMnt3Args(new XdrReader(chain))); // => /home
 * ```
 */
export function decodeMnt3Args(r: XdrReader): string {
  return decodeDirpath(r, "MNT.dirpath");
}

/**
 * RFC 1813 §5.2.1: encodes `mountres3`.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If the handle is empty or longer than 64 bytes, or there are more than
 * 64 auth flavors.
 * @example
 * ```ts
 * import { encodeMountres3 } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeMountres3(w, { status: 0, fhandle: new Uint8Array(32), authFlavors: [1] });
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 48
 * ```
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
 * @throws {XdrError} If the input is truncated, the handle is longer than 64 bytes or there
 * are more than 64 auth flavors.
 * @example
 * ```ts
 * import { decodeMountres3, encodeMountres3 } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeMountres3(w, { status: 0, fhandle: new Uint8Array(32), authFlavors: [1, 0] });
 * using chain = w.finish();
 * const res = decodeMountres3(new XdrReader(chain));
 * console.log(res.status === 0 && res.fhandle.length, res.status === 0 && res.authFlavors); // => 32 [ 1, 0 ]
 * ```
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
 * @throws {RangeError} If a host name or directory is too long, or a directory is empty.
 * @example
 * ```ts
 * import { encodeMountlist } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeMountlist(w, [{ mlHostname: "h1", mlDirectory: "/export" }]);
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 28
 * ```
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
 * @throws {XdrError} If the input is truncated or a string is too long.
 * @example
 * ```ts
 * import { decodeMountlist, encodeMountlist } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeMountlist(w, [{ mlHostname: "h1", mlDirectory: "/a" }, { mlHostname: "h2", mlDirectory: "/b" }]);
 * using chain = w.finish();
 * console.log(decodeMountlist(new XdrReader(chain)).map((m) => `${m.mlHostname}:${m.mlDirectory}`)); // => [ "h1:/a", "h2:/b" ]
 * ```
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
 * @throws {RangeError} If a directory is empty or too long, or a group name is too long.
 * @example
 * ```ts
 * import { encodeExports } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeExports(w, [{ exDir: "/export", exGroups: [] }]);
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 24
 * ```
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
 * @throws {XdrError} If the input is truncated or a string is too long.
 * @example
 * ```ts
 * import { decodeExports, encodeExports } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeExports(w, [{ exDir: "/export", exGroups: ["*"] }, { exDir: "/home", exGroups: [] }]);
 * using chain = w.finish();
 * console.log(decodeExports(new XdrReader(chain)).map((e) => e.exDir)); // => [ "/export", "/home" ]
 * ```
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
