/**
 * Codecs of the RFC 1813 §2.5 basic data types: one `encodeX`/`decodeX` pair per RFC type.
 *
 * Decoders are strict and bounded (handles ≤ {@linkcode NFS3_FHSIZE}, names ≤
 * {@linkcode NFS3_MAXNAMLEN}, enums in range) and label every field with its RFC name so an
 * {@linkcode XdrError} says what failed. Byte strings a decoder returns (handles, verifiers)
 * are copies: the reply's clusters are recycled once the call completes.
 *
 * @module
 */
import { copyBytes } from "../../mbuf/mod.ts";
import { encodeEscapedUtf8, XdrError, type XdrReader, type XdrWriter } from "../../xdr/mod.ts";
import {
  type Cookieverf3,
  type Diropargs3,
  type Fattr3,
  type Ftype3,
  NFS3_COOKIEVERFSIZE,
  NFS3_FHSIZE,
  NFS3_MAXNAMLEN,
  NFS3_MAXPATHLEN,
  type NfsFh3,
  type Nfstime3,
  type PostOpAttr,
  type PostOpFh3,
  type PreOpAttr,
  type Sattr3,
  type SetTime,
  type Specdata3,
  type StableHow,
  TimeHow,
  type Uint64,
  type WccAttr,
  type WccData,
} from "./types.ts";

/**
 * Copies a view of received bytes into memory of its own (counted as a header copy).
 *
 * @param view Bytes that may live in a pooled cluster.
 * @returns A fresh array with the same bytes.
 */
export function ownBytes(view: Uint8Array): Uint8Array {
  const out = new Uint8Array(view.length);
  copyBytes(out, 0, view, "header");
  return out;
}

/**
 * Reads an enum and checks it against `[min, max]`.
 *
 * @param r The reader.
 * @param min Smallest valid value.
 * @param max Largest valid value.
 * @param what The RFC name, for errors.
 * @returns The value.
 * @throws {XdrError} If it is out of range.
 */
export function decodeEnum(r: XdrReader, min: number, max: number, what: string): number {
  const at = r.position;
  const v = r.enum(what);
  if (v < min || v > max) {
    throw new XdrError(what, at, `${v} is not a valid ${what} (${min}..${max})`);
  }
  return v;
}

/**
 * Writes a 64-bit unsigned value given as a bigint or a safe-integer number.
 *
 * @param w The writer.
 * @param v The value.
 */
export function encodeUint64(w: XdrWriter, v: Uint64): void {
  if (typeof v === "bigint") w.uhyper(v);
  else w.uhyperNumber(v);
}

// RFC 1813 §2.5 nfs_fh3

/**
 * RFC 1813 §2.5: encodes `nfs_fh3`.
 *
 * @param w The writer.
 * @param fh The handle (at most 64 bytes).
 * @throws {RangeError} If the handle is empty or longer than {@linkcode NFS3_FHSIZE}.
 */
export function encodeNfsFh3(w: XdrWriter, fh: NfsFh3): void {
  if (!(fh instanceof Uint8Array)) throw new TypeError("Cannot encode nfs_fh3: not a Uint8Array");
  if (fh.length === 0 || fh.length > NFS3_FHSIZE) {
    throw new RangeError(`Cannot encode nfs_fh3 of ${fh.length} bytes: must be 1..${NFS3_FHSIZE}`);
  }
  w.opaque(fh, NFS3_FHSIZE);
}

/**
 * RFC 1813 §2.5: decodes `nfs_fh3` (a copy of at most 64 bytes).
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The handle.
 */
export function decodeNfsFh3(r: XdrReader, what = "nfs_fh3"): NfsFh3 {
  return ownBytes(r.opaqueView(NFS3_FHSIZE, what));
}

// RFC 1813 §2.5 filename3, nfspath3

/**
 * RFC 1813 §2.5, §3.2: encodes `filename3`, after checking it is one path component.
 *
 * @param w The writer.
 * @param name The name.
 * @throws {RangeError} If it is empty or longer than {@linkcode NFS3_MAXNAMLEN} bytes.
 * @throws {TypeError} If it contains "/" or NUL.
 */
export function encodeFilename3(w: XdrWriter, name: string): void {
  if (typeof name !== "string") throw new TypeError("Cannot encode filename3: not a string");
  if (name.length === 0) throw new RangeError("Cannot encode filename3: the name is empty");
  if (name.includes("/") || name.includes("\0")) {
    throw new TypeError(`Cannot encode filename3 ${JSON.stringify(name)}: contains "/" or NUL`);
  }
  if (name.length * 3 > NFS3_MAXNAMLEN) {
    const n = encodeEscapedUtf8(name).length;
    if (n > NFS3_MAXNAMLEN) {
      throw new RangeError(
        `Cannot encode filename3 of ${n} bytes: maximum is ${NFS3_MAXNAMLEN} (NFS3_MAXNAMLEN)`,
      );
    }
  }
  w.stringEscaped(name);
}

/**
 * RFC 1813 §2.5: decodes `filename3` (at most {@linkcode NFS3_MAXNAMLEN} bytes).
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The name.
 */
export function decodeFilename3(r: XdrReader, what = "filename3"): string {
  return r.stringEscaped(NFS3_MAXNAMLEN, what);
}

/**
 * RFC 1813 §2.5: encodes `nfspath3` (symbolic link text).
 *
 * @param w The writer.
 * @param path The text, at most {@linkcode NFS3_MAXPATHLEN} bytes.
 */
export function encodeNfspath3(w: XdrWriter, path: string): void {
  if (typeof path !== "string") throw new TypeError("Cannot encode nfspath3: not a string");
  if (path.includes("\0")) throw new TypeError("Cannot encode nfspath3: contains NUL");
  w.stringEscaped(path, NFS3_MAXPATHLEN);
}

/**
 * RFC 1813 §2.5: decodes `nfspath3`.
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The text.
 */
export function decodeNfspath3(r: XdrReader, what = "nfspath3"): string {
  return r.stringEscaped(NFS3_MAXPATHLEN, what);
}

// RFC 1813 §2.5 cookieverf3, createverf3, writeverf3 (8-byte verifiers)

/**
 * RFC 1813 §2.5: encodes an 8-byte verifier (`cookieverf3`, `createverf3`, `writeverf3`).
 *
 * @param w The writer.
 * @param v The verifier.
 * @param what Its RFC type name, for errors.
 */
export function encodeVerf3(w: XdrWriter, v: Uint8Array, what = "cookieverf3"): void {
  if (!(v instanceof Uint8Array) || v.length !== NFS3_COOKIEVERFSIZE) {
    throw new RangeError(`Cannot encode ${what}: must be ${NFS3_COOKIEVERFSIZE} bytes`);
  }
  w.opaqueFixed(v, NFS3_COOKIEVERFSIZE);
}

/**
 * RFC 1813 §2.5: decodes an 8-byte verifier (a copy).
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The verifier.
 */
export function decodeVerf3(r: XdrReader, what = "cookieverf3"): Cookieverf3 {
  return ownBytes(r.opaqueFixed(NFS3_COOKIEVERFSIZE, what));
}

// RFC 1813 §2.5 ftype3, §3.3.7 stable_how

/**
 * RFC 1813 §2.5: decodes `ftype3` (1..7).
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The type.
 */
export function decodeFtype3(r: XdrReader, what = "ftype3"): Ftype3 {
  return decodeEnum(r, 1, 7, what) as Ftype3;
}

/**
 * RFC 1813 §3.3.7: decodes `stable_how` (0..2).
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The value.
 */
export function decodeStableHow(r: XdrReader, what = "stable_how"): StableHow {
  return decodeEnum(r, 0, 2, what) as StableHow;
}

// RFC 1813 §2.5 nfstime3, specdata3

/**
 * RFC 1813 §2.5: encodes `nfstime3`.
 *
 * @param w The writer.
 * @param t The time.
 */
export function encodeNfstime3(w: XdrWriter, t: Nfstime3): void {
  w.uint(t.seconds);
  w.uint(t.nseconds);
}

/**
 * RFC 1813 §2.5: decodes `nfstime3`.
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns The time.
 */
export function decodeNfstime3(r: XdrReader, what = "nfstime3"): Nfstime3 {
  return { seconds: r.uint(`${what}.seconds`), nseconds: r.uint(`${what}.nseconds`) };
}

/**
 * RFC 1813 §2.5: encodes `specdata3`.
 *
 * @param w The writer.
 * @param s Major and minor numbers.
 */
export function encodeSpecdata3(w: XdrWriter, s: Specdata3): void {
  w.uint(s.specdata1);
  w.uint(s.specdata2);
}

/**
 * RFC 1813 §2.5: decodes `specdata3`.
 *
 * @param r The reader.
 * @returns Major and minor numbers.
 */
export function decodeSpecdata3(r: XdrReader): Specdata3 {
  return { specdata1: r.uint("specdata3.specdata1"), specdata2: r.uint("specdata3.specdata2") };
}

// RFC 1813 §2.5 fattr3, post_op_attr

/**
 * RFC 1813 §2.5: encodes `fattr3` (84 bytes).
 *
 * @param w The writer.
 * @param a The attributes.
 */
export function encodeFattr3(w: XdrWriter, a: Fattr3): void {
  w.enum(a.type);
  w.uint(a.mode);
  w.uint(a.nlink);
  w.uint(a.uid);
  w.uint(a.gid);
  w.uhyper(a.size);
  w.uhyper(a.used);
  encodeSpecdata3(w, a.rdev);
  w.uhyper(a.fsid);
  w.uhyper(a.fileid);
  encodeNfstime3(w, a.atime);
  encodeNfstime3(w, a.mtime);
  encodeNfstime3(w, a.ctime);
}

/**
 * RFC 1813 §2.5: decodes `fattr3`.
 *
 * @param r The reader.
 * @returns The attributes.
 */
export function decodeFattr3(r: XdrReader): Fattr3 {
  return {
    type: decodeFtype3(r, "fattr3.type"),
    mode: r.uint("fattr3.mode"),
    nlink: r.uint("fattr3.nlink"),
    uid: r.uint("fattr3.uid"),
    gid: r.uint("fattr3.gid"),
    size: r.uhyper("fattr3.size"),
    used: r.uhyper("fattr3.used"),
    rdev: decodeSpecdata3(r),
    fsid: r.uhyper("fattr3.fsid"),
    fileid: r.uhyper("fattr3.fileid"),
    atime: decodeNfstime3(r, "fattr3.atime"),
    mtime: decodeNfstime3(r, "fattr3.mtime"),
    ctime: decodeNfstime3(r, "fattr3.ctime"),
  };
}

/**
 * RFC 1813 §2.5: encodes `post_op_attr`.
 *
 * @param w The writer.
 * @param a The attributes, or null.
 */
export function encodePostOpAttr(w: XdrWriter, a: PostOpAttr): void {
  w.optional(a, encodeFattr3);
}

/**
 * RFC 1813 §2.5: decodes `post_op_attr`.
 *
 * @param r The reader.
 * @param what Label for errors (the field holding it).
 * @returns The attributes, or null.
 */
export function decodePostOpAttr(r: XdrReader, what = "post_op_attr"): PostOpAttr {
  return r.bool(`${what}.attributes_follow`) ? decodeFattr3(r) : null;
}

// RFC 1813 §2.5 wcc_attr, pre_op_attr, wcc_data

/**
 * RFC 1813 §2.5: encodes `wcc_attr`.
 *
 * @param w The writer.
 * @param a Size, mtime, ctime.
 */
export function encodeWccAttr(w: XdrWriter, a: WccAttr): void {
  w.uhyper(a.size);
  encodeNfstime3(w, a.mtime);
  encodeNfstime3(w, a.ctime);
}

/**
 * RFC 1813 §2.5: decodes `wcc_attr`.
 *
 * @param r The reader.
 * @returns Size, mtime, ctime.
 */
export function decodeWccAttr(r: XdrReader): WccAttr {
  return {
    size: r.uhyper("wcc_attr.size"),
    mtime: decodeNfstime3(r, "wcc_attr.mtime"),
    ctime: decodeNfstime3(r, "wcc_attr.ctime"),
  };
}

/**
 * RFC 1813 §2.5: encodes `pre_op_attr`.
 *
 * @param w The writer.
 * @param a The attributes, or null.
 */
export function encodePreOpAttr(w: XdrWriter, a: PreOpAttr): void {
  w.optional(a, encodeWccAttr);
}

/**
 * RFC 1813 §2.5: decodes `pre_op_attr`.
 *
 * @param r The reader.
 * @returns The attributes, or null.
 */
export function decodePreOpAttr(r: XdrReader): PreOpAttr {
  return r.bool("pre_op_attr.attributes_follow") ? decodeWccAttr(r) : null;
}

/**
 * RFC 1813 §2.5: encodes `wcc_data`.
 *
 * @param w The writer.
 * @param d Before and after attributes.
 */
export function encodeWccData(w: XdrWriter, d: WccData): void {
  encodePreOpAttr(w, d.before);
  encodePostOpAttr(w, d.after);
}

/**
 * RFC 1813 §2.5: decodes `wcc_data`.
 *
 * @param r The reader.
 * @returns Before and after attributes.
 */
export function decodeWccData(r: XdrReader): WccData {
  return { before: decodePreOpAttr(r), after: decodePostOpAttr(r, "wcc_data.after") };
}

// RFC 1813 §2.5 post_op_fh3

/**
 * RFC 1813 §2.5: encodes `post_op_fh3`.
 *
 * @param w The writer.
 * @param fh The handle, or null.
 */
export function encodePostOpFh3(w: XdrWriter, fh: PostOpFh3): void {
  w.optional(fh, encodeNfsFh3);
}

/**
 * RFC 1813 §2.5: decodes `post_op_fh3`.
 *
 * @param r The reader.
 * @returns The handle, or null.
 */
export function decodePostOpFh3(r: XdrReader): PostOpFh3 {
  return r.bool("post_op_fh3.handle_follows") ? decodeNfsFh3(r, "post_op_fh3.handle") : null;
}

// RFC 1813 §2.5 sattr3

function encodeSetTime(w: XdrWriter, t: SetTime | undefined): void {
  if (t === undefined) w.enum(TimeHow.DONT_CHANGE);
  else if (t === "server") w.enum(TimeHow.SET_TO_SERVER_TIME);
  else {
    w.enum(TimeHow.SET_TO_CLIENT_TIME);
    encodeNfstime3(w, t);
  }
}

function decodeSetTime(r: XdrReader, what: string): SetTime | undefined {
  const how = decodeEnum(r, 0, 2, `${what}.set_it`);
  if (how === TimeHow.DONT_CHANGE) return undefined;
  return how === TimeHow.SET_TO_SERVER_TIME ? "server" : decodeNfstime3(r, what);
}

/**
 * RFC 1813 §2.5: encodes `sattr3`: each present field as `set_it` TRUE and its value.
 *
 * @param w The writer.
 * @param s The attributes to set.
 */
export function encodeSattr3(w: XdrWriter, s: Sattr3): void {
  w.optional(s.mode, (w, v) => w.uint(v));
  w.optional(s.uid, (w, v) => w.uint(v));
  w.optional(s.gid, (w, v) => w.uint(v));
  w.optional(s.size, encodeUint64);
  encodeSetTime(w, s.atime);
  encodeSetTime(w, s.mtime);
}

/**
 * RFC 1813 §2.5: decodes `sattr3` (only the fields being set are present).
 *
 * @param r The reader.
 * @returns The attributes to set.
 */
export function decodeSattr3(r: XdrReader): Sattr3 {
  const s: Sattr3 = {};
  if (r.bool("sattr3.mode.set_it")) s.mode = r.uint("sattr3.mode");
  if (r.bool("sattr3.uid.set_it")) s.uid = r.uint("sattr3.uid");
  if (r.bool("sattr3.gid.set_it")) s.gid = r.uint("sattr3.gid");
  if (r.bool("sattr3.size.set_it")) s.size = r.uhyper("sattr3.size");
  const atime = decodeSetTime(r, "sattr3.atime");
  if (atime !== undefined) s.atime = atime;
  const mtime = decodeSetTime(r, "sattr3.mtime");
  if (mtime !== undefined) s.mtime = mtime;
  return s;
}

// RFC 1813 §2.5 diropargs3

/**
 * RFC 1813 §2.5: encodes `diropargs3`.
 *
 * @param w The writer.
 * @param d Directory handle and name.
 */
export function encodeDiropargs3(w: XdrWriter, d: Diropargs3): void {
  encodeNfsFh3(w, d.dir);
  encodeFilename3(w, d.name);
}

/**
 * RFC 1813 §2.5: decodes `diropargs3`.
 *
 * @param r The reader.
 * @returns Directory handle and name.
 */
export function decodeDiropargs3(r: XdrReader): Diropargs3 {
  return { dir: decodeNfsFh3(r, "diropargs3.dir"), name: decodeFilename3(r, "diropargs3.name") };
}
