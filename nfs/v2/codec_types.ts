/**
 * Codecs of the RFC 1094 §2.3 basic data types: one `encodeX`/`decodeX` pair per RFC type.
 *
 * Encoders check their input and throw a `RangeError`/`TypeError` before writing anything
 * wrong; decoders are strict and bounded and label every field with its RFC name. Byte
 * strings a decoder returns (handles, cookies) are copies: reply clusters are recycled.
 *
 * @module
 */
import { decodeEnum, ownBytes } from "../_program.ts";
import { encodeEscapedUtf8, type XdrReader, type XdrWriter } from "../../xdr/mod.ts";
import { type Diropargs, type Fattr, type Fhandle, type Ftype, NFS_COOKIESIZE, NFS_FHSIZE, NFS_MAXNAMLEN, NFS_MAXPATHLEN, type Nfscookie, type Sattr, type Timeval } from "./types.ts";

/** The "ignore this field" value of a `sattr` (-1 as an unsigned int). */
const UNSET = 0xffffffff;

// RFC 1094 §2.3.3 fhandle

/**
 * RFC 1094 §2.3.3: encodes `fhandle` (32 fixed bytes, no length word).
 *
 * @param w The writer.
 * @param fh The handle.
 * @throws {TypeError} If it is not a `Uint8Array`.
 * @throws {RangeError} If it is not exactly {@linkcode NFS_FHSIZE} bytes.
 * @example
 * ```ts
 * import { decodeFhandle, encodeFhandle } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeFhandle(w, new Uint8Array(32).fill(0xab));
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeFhandle(new XdrReader(chain))[0]); // => 32 171
 * ```
 */
export function encodeFhandle(w: XdrWriter, fh: Fhandle): void {
  if (!(fh instanceof Uint8Array)) throw new TypeError("Cannot encode fhandle: not a Uint8Array");
  if (fh.length !== NFS_FHSIZE) {
    throw new RangeError(
      `Cannot encode fhandle of ${fh.length} bytes: must be ${NFS_FHSIZE} (NFS_FHSIZE)`,
    );
  }
  w.opaqueFixed(fh, NFS_FHSIZE);
}

/**
 * RFC 1094 §2.3.3: decodes `fhandle` (a copy).
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The handle.
 * @throws {XdrError} If the input is truncated.
 * @example
 * ```ts
 * import { decodeFhandle, encodeFhandle } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeFhandle(w, Uint8Array.from({ length: 32 }, (_, i) => i));
 * using chain = w.finish();
 * const fh = decodeFhandle(new XdrReader(chain));
 * console.log(fh.length, fh[31]); // => 32 31
 * ```
 */
export function decodeFhandle(r: XdrReader, what = "fhandle"): Fhandle {
  return ownBytes(r.opaqueFixed(NFS_FHSIZE, what));
}

// RFC 1094 §2.2.17 nfscookie

/**
 * RFC 1094 §2.2.17: encodes `nfscookie` (4 fixed bytes).
 *
 * @param w The writer.
 * @param c The cookie.
 * @throws {RangeError} If it is not exactly {@linkcode NFS_COOKIESIZE} bytes.
 * @example
 * ```ts
 * import { decodeNfscookie, encodeNfscookie } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeNfscookie(w, new Uint8Array([0, 0, 0, 5]));
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeNfscookie(new XdrReader(chain))[3]); // => 4 5
 * ```
 */
export function encodeNfscookie(w: XdrWriter, c: Nfscookie): void {
  if (!(c instanceof Uint8Array) || c.length !== NFS_COOKIESIZE) {
    throw new RangeError(`Cannot encode nfscookie: must be ${NFS_COOKIESIZE} bytes`);
  }
  w.opaqueFixed(c, NFS_COOKIESIZE);
}

/**
 * RFC 1094 §2.2.17: decodes `nfscookie` (a copy).
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The cookie.
 * @throws {XdrError} If the input is truncated.
 * @example
 * ```ts
 * import { decodeNfscookie } from "@nfs/client/nfs";
 * import { XdrReader } from "@nfs/client/xdr";
 * const cookie = decodeNfscookie(new XdrReader(new Uint8Array([0, 16, 0, 3])));
 * console.log(cookie); // => Uint8Array(4) [ 0, 16, 0, 3 ]
 * ```
 */
export function decodeNfscookie(r: XdrReader, what = "nfscookie"): Nfscookie {
  return ownBytes(r.opaqueFixed(NFS_COOKIESIZE, what));
}

// RFC 1094 §2.3.7 filename, §2.3.8 path

/**
 * RFC 1094 §2.3.7: encodes `filename`, after checking it is one path component.
 *
 * @param w The writer.
 * @param name The name.
 * @throws {RangeError} If it is empty or longer than {@linkcode NFS_MAXNAMLEN} bytes.
 * @throws {TypeError} If it contains "/" or NUL.
 * @example
 * ```ts
 * import { decodeFilename, encodeFilename } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeFilename(w, "hello.txt"); // "a/b" would throw a TypeError
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeFilename(new XdrReader(chain))); // => 16 hello.txt
 * ```
 */
export function encodeFilename(w: XdrWriter, name: string): void {
  if (typeof name !== "string") throw new TypeError("Cannot encode filename: not a string");
  if (name.length === 0) throw new RangeError("Cannot encode filename: the name is empty");
  if (name.includes("/") || name.includes("\0")) {
    throw new TypeError(`Cannot encode filename ${JSON.stringify(name)}: contains "/" or NUL`);
  }
  if (name.length * 3 > NFS_MAXNAMLEN) {
    const n = encodeEscapedUtf8(name).length;
    if (n > NFS_MAXNAMLEN) {
      throw new RangeError(
        `Cannot encode filename of ${n} bytes: maximum is ${NFS_MAXNAMLEN} (NFS_MAXNAMLEN)`,
      );
    }
  }
  w.stringEscaped(name);
}

/**
 * RFC 1094 §2.3.7: decodes `filename` (at most {@linkcode NFS_MAXNAMLEN} bytes).
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The name.
 * @throws {XdrError} If the input is truncated or the name is longer than
 * {@linkcode NFS_MAXNAMLEN}.
 * @example
 * ```ts
 * import { decodeFilename, encodeFilename } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeFilename(w, "résumé.pdf");
 * using chain = w.finish();
 * console.log(decodeFilename(new XdrReader(chain))); // => résumé.pdf
 * ```
 */
export function decodeFilename(r: XdrReader, what = "filename"): string {
  return r.stringEscaped(NFS_MAXNAMLEN, what);
}

/**
 * RFC 1094 §2.3.8: encodes `path` (symbolic link text).
 *
 * @param w The writer.
 * @param path The text, at most {@linkcode NFS_MAXPATHLEN} bytes.
 * @throws {TypeError} If it contains NUL.
 * @throws {RangeError} If it is too long.
 * @example
 * ```ts
 * import { decodePath, encodePath } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodePath(w, "../lib/libc.so");
 * using chain = w.finish();
 * console.log(chain.byteLength, decodePath(new XdrReader(chain))); // => 20 ../lib/libc.so
 * ```
 */
export function encodePath(w: XdrWriter, path: string): void {
  if (typeof path !== "string") throw new TypeError("Cannot encode path: not a string");
  if (path.includes("\0")) throw new TypeError("Cannot encode path: contains NUL");
  w.stringEscaped(path, NFS_MAXPATHLEN);
}

/**
 * RFC 1094 §2.3.8: decodes `path` (at most {@linkcode NFS_MAXPATHLEN} bytes).
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The text.
 * @throws {XdrError} If the input is truncated or the text is longer than
 * {@linkcode NFS_MAXPATHLEN}.
 * @example
 * ```ts
 * import { decodePath, encodePath } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodePath(w, "/usr/share/doc");
 * using chain = w.finish();
 * console.log(decodePath(new XdrReader(chain))); // => /usr/share/doc
 * ```
 */
export function decodePath(r: XdrReader, what = "path"): string {
  return r.stringEscaped(NFS_MAXPATHLEN, what);
}

// RFC 1094 §2.3.2 ftype, §2.3.4 timeval

/**
 * RFC 1094 §2.3.2: decodes `ftype` (NFNON..NFFIFO, 0..8).
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The type.
 * @throws {XdrError} If the input is truncated or the value is not 0..8.
 * @example
 * ```ts
 * import { decodeFtype, Ftype } from "@nfs/client/nfs";
 * import { XdrReader } from "@nfs/client/xdr";
 * const type = decodeFtype(new XdrReader(new Uint8Array([0, 0, 0, 5])));
 * console.log(type === Ftype.NFLNK); // => true
 * ```
 */
export function decodeFtype(r: XdrReader, what = "ftype"): Ftype {
  return decodeEnum(r, 0, 8, what) as Ftype;
}

/**
 * RFC 1094 §2.3.4: encodes `timeval`.
 *
 * @param w The writer.
 * @param t The time.
 * @throws {RangeError} If a word is not an unsigned 32-bit integer.
 * @example
 * ```ts
 * import { decodeTimeval, encodeTimeval } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeTimeval(w, { seconds: 1700000000, useconds: 500 });
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeTimeval(new XdrReader(chain)).useconds); // => 8 500
 * ```
 */
export function encodeTimeval(w: XdrWriter, t: Timeval): void {
  w.uint(t.seconds);
  w.uint(t.useconds);
}

/**
 * RFC 1094 §2.3.4: decodes `timeval`.
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The time.
 * @throws {XdrError} If the input is truncated.
 * @example
 * ```ts
 * import { decodeTimeval } from "@nfs/client/nfs";
 * import { XdrReader } from "@nfs/client/xdr";
 * const bytes = new Uint8Array([0x65, 0x53, 0xf1, 0x00, 0, 0, 0, 7]);
 * console.log(decodeTimeval(new XdrReader(bytes))); // => { seconds: 1700000000, useconds: 7 }
 * ```
 */
export function decodeTimeval(r: XdrReader, what = "timeval"): Timeval {
  return { seconds: r.uint(`${what}.seconds`), useconds: r.uint(`${what}.useconds`) };
}

// RFC 1094 §2.3.5 fattr

/**
 * RFC 1094 §2.3.5: decodes `fattr`.
 *
 * @param r The reader.
 * @returns The attributes.
 * @throws {XdrError} If the input is truncated or the type is not 0..8.
 * @example
 * ```ts
 * import { decodeFattr, Ftype } from "@nfs/client/nfs";
 * import { XdrReader } from "@nfs/client/xdr";
 * const bytes = new Uint8Array(68);
 * new DataView(bytes.buffer).setUint32(0, Ftype.NFREG); // type
 * new DataView(bytes.buffer).setUint32(20, 1234); // size
 * const a = decodeFattr(new XdrReader(bytes));
 * console.log(a.type === Ftype.NFREG, a.size); // => true 1234
 * ```
 */
export function decodeFattr(r: XdrReader): Fattr {
  return {
    type: decodeFtype(r, "fattr.type"),
    mode: r.uint("fattr.mode"),
    nlink: r.uint("fattr.nlink"),
    uid: r.uint("fattr.uid"),
    gid: r.uint("fattr.gid"),
    size: r.uint("fattr.size"),
    blocksize: r.uint("fattr.blocksize"),
    rdev: r.uint("fattr.rdev"),
    blocks: r.uint("fattr.blocks"),
    fsid: r.uint("fattr.fsid"),
    fileid: r.uint("fattr.fileid"),
    atime: decodeTimeval(r, "fattr.atime"),
    mtime: decodeTimeval(r, "fattr.mtime"),
    ctime: decodeTimeval(r, "fattr.ctime"),
  };
}

// RFC 1094 §2.3.6 sattr

function encodeSattrField(w: XdrWriter, v: number | undefined, field: string): void {
  if (v === UNSET) {
    throw new RangeError(`Cannot encode sattr.${field} ${v}: -1 means "unchanged" in NFSv2`);
  }
  w.uint(v ?? UNSET);
}

/**
 * RFC 1094 §2.3.6: encodes `sattr`; each absent field is written as -1 (0xFFFFFFFF).
 *
 * @param w The writer.
 * @param s The attributes to set.
 * @throws {RangeError} If a present value (or a word of a time) is 0xFFFFFFFF: it would read
 * as "unchanged".
 * @example
 * ```ts
 * import { encodeSattr } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeSattr(w, { size: 0 }); // truncate; everything else -1, "unchanged"
 * using chain = w.finish();
 * console.log(chain.byteLength, chain.getUint32(0).toString(16), chain.getUint32(12)); // => 32 ffffffff 0
 * ```
 */
export function encodeSattr(w: XdrWriter, s: Sattr): void {
  encodeSattrField(w, s.mode, "mode");
  encodeSattrField(w, s.uid, "uid");
  encodeSattrField(w, s.gid, "gid");
  encodeSattrField(w, s.size, "size");
  for (const [t, field] of [[s.atime, "atime"], [s.mtime, "mtime"]] as const) {
    if (t !== undefined && (t.seconds === UNSET || t.useconds === UNSET)) {
      throw new RangeError(`Cannot encode sattr.${field}: -1 means "unchanged" in NFSv2`);
    }
    encodeTimeval(w, t ?? { seconds: UNSET, useconds: UNSET });
  }
}

// RFC 1094 §2.3.10 diropargs

/**
 * RFC 1094 §2.3.10: encodes `diropargs`.
 *
 * @param w The writer.
 * @param d Directory handle and name.
 * @throws {RangeError} If the handle is not 32 bytes, or the name is empty or too long.
 * @throws {TypeError} If the name contains "/" or NUL.
 * @example
 * ```ts
 * import { encodeDiropargs } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeDiropargs(w, { dir: new Uint8Array(32), name: "docs" });
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 40
 * ```
 */
export function encodeDiropargs(w: XdrWriter, d: Diropargs): void {
  encodeFhandle(w, d.dir);
  encodeFilename(w, d.name);
}
