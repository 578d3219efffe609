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
import { decodeEnum, ownBytes } from "../_program.ts";
import { encodeEscapedUtf8, type XdrReader, type XdrWriter } from "../../xdr/mod.ts";
import { type Cookieverf3, type Diropargs3, type Fattr3, type Ftype3, NFS3_COOKIEVERFSIZE, NFS3_FHSIZE, NFS3_MAXNAMLEN, NFS3_MAXPATHLEN, type NfsFh3, type Nfstime3, type PostOpAttr, type PostOpFh3, type PreOpAttr, type Sattr3, type SetTime, type Specdata3, type StableHow, TimeHow, type Uint64, type WccAttr, type WccData } from "./types.ts";
/**
 * Writes a 64-bit unsigned value given as a bigint or a safe-integer number.
 *
 * @param w The writer.
 * @param v The value.
 * @throws {RangeError} If the value is negative, above 2^64-1 or not a safe integer.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { encodeUint64 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeUint64(w, 4096);
 * encodeUint64(w, 2n ** 63n);
 * using chain = w.finish();
 * const r = new XdrReader(chain);
 * console.log(r.uhyper(), r.uhyper()); // => 4096n 9223372036854775808n
 * ```
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
 * @throws {TypeError} If it is not a `Uint8Array`.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeNfsFh3, encodeNfsFh3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeNfsFh3(w, new Uint8Array([1, 2, 3]));
 * using chain = w.finish();
 * const fh = decodeNfsFh3(new XdrReader(chain));
 * console.log(chain.byteLength, fh); // => 8 Uint8Array(3) [ 1, 2, 3 ]
 * ```
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
 * @throws {XdrError} If the handle is longer than {@linkcode NFS3_FHSIZE} or truncated.
 * @example
 * ```ts
 * import { type XdrError, XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeNfsFh3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * w.opaque(new Uint8Array(65)); // one byte over NFS3_FHSIZE
 * using chain = w.finish();
 * try {
 *   decodeNfsFh3(new XdrReader(chain), "LOOKUP3resok.object");
 * } catch (e) {
 *   console.log((e as XdrError).what); // => LOOKUP3resok.object
 * }
 * ```
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
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeFilename3, encodeFilename3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeFilename3(w, "notes.txt");
 * try {
 *   encodeFilename3(w, "a/b");
 * } catch (e) {
 *   console.log((e as Error).name); // => TypeError
 * }
 * using chain = w.finish();
 * console.log(decodeFilename3(new XdrReader(chain))); // => notes.txt
 * ```
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
 * @throws {XdrError} If it is longer than {@linkcode NFS3_MAXNAMLEN} bytes or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeFilename3, encodeFilename3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeFilename3(w, "café.txt");
 * using chain = w.finish();
 * const name = decodeFilename3(new XdrReader(chain), "diropargs3.name");
 * console.log(name, chain.byteLength); // => café.txt 16
 * ```
 */
export function decodeFilename3(r: XdrReader, what = "filename3"): string {
  return r.stringEscaped(NFS3_MAXNAMLEN, what);
}

/**
 * RFC 1813 §2.5: encodes `nfspath3` (symbolic link text).
 *
 * @param w The writer.
 * @param path The text, at most {@linkcode NFS3_MAXPATHLEN} bytes.
 * @throws {TypeError} If it is not a string or contains NUL.
 * @throws {RangeError} If it is longer than {@linkcode NFS3_MAXPATHLEN} bytes.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeNfspath3, encodeNfspath3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeNfspath3(w, "../shared/target.txt");
 * using chain = w.finish();
 * console.log(decodeNfspath3(new XdrReader(chain))); // => ../shared/target.txt
 * ```
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
 * @throws {XdrError} If it is longer than {@linkcode NFS3_MAXPATHLEN} bytes or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeNfspath3, encodeNfspath3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeNfspath3(w, "/etc/hosts");
 * using chain = w.finish();
 * const r = new XdrReader(chain);
 * console.log(decodeNfspath3(r, "READLINK3resok.data"), r.remaining); // => /etc/hosts 0
 * ```
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
 * @throws {RangeError} If it is not a `Uint8Array` of {@linkcode NFS3_COOKIEVERFSIZE} bytes.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeVerf3, encodeVerf3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeVerf3(w, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), "writeverf3");
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeVerf3(new XdrReader(chain))[7]); // => 8 8
 * ```
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
 * @throws {XdrError} If fewer than 8 bytes are left.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeVerf3, encodeVerf3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeVerf3(w, new Uint8Array(8).fill(0xab));
 * using chain = w.finish();
 * const verf = decodeVerf3(new XdrReader(chain), "READDIR3resok.cookieverf");
 * console.log(verf.length, verf[0]); // => 8 171
 * ```
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
 * @throws {XdrError} If the value is not 1..7 or is truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeFtype3, Ftype3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * w.enum(Ftype3.NF3DIR);
 * using chain = w.finish();
 * const type = decodeFtype3(new XdrReader(chain));
 * console.log(type, type === Ftype3.NF3DIR); // => 2 true
 * ```
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
 * @throws {XdrError} If the value is not 0..2 or is truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeStableHow, StableHow } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * w.enum(StableHow.FILE_SYNC);
 * using chain = w.finish();
 * console.log(decodeStableHow(new XdrReader(chain), "WRITE3resok.committed")); // => 2
 * ```
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
 * @throws {RangeError} If a field is not a uint32.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeNfstime3, encodeNfstime3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeNfstime3(w, { seconds: 1700000000, nseconds: 500 });
 * using chain = w.finish();
 * const t = decodeNfstime3(new XdrReader(chain));
 * console.log(chain.byteLength, t.seconds, t.nseconds); // => 8 1700000000 500
 * ```
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
 * @throws {XdrError} If fewer than 8 bytes are left.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeNfstime3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * w.uint(86400);
 * w.uint(250);
 * using chain = w.finish();
 * const mtime = decodeNfstime3(new XdrReader(chain), "fattr3.mtime");
 * console.log(mtime); // => { seconds: 86400, nseconds: 250 }
 * ```
 */
export function decodeNfstime3(r: XdrReader, what = "nfstime3"): Nfstime3 {
  return { seconds: r.uint(`${what}.seconds`), nseconds: r.uint(`${what}.nseconds`) };
}

/**
 * RFC 1813 §2.5: encodes `specdata3`.
 *
 * @param w The writer.
 * @param s Major and minor numbers.
 * @throws {RangeError} If a number is not a uint32.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeSpecdata3, encodeSpecdata3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeSpecdata3(w, { specdata1: 1, specdata2: 3 }); // /dev/null is 1:3 on Linux
 * using chain = w.finish();
 * const s = decodeSpecdata3(new XdrReader(chain));
 * console.log(s.specdata1, s.specdata2); // => 1 3
 * ```
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
 * @throws {XdrError} If fewer than 8 bytes are left.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeSpecdata3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * w.uint(8);
 * w.uint(0);
 * using chain = w.finish();
 * console.log(decodeSpecdata3(new XdrReader(chain))); // => { specdata1: 8, specdata2: 0 }
 * ```
 */
export function decodeSpecdata3(r: XdrReader): Specdata3 {
  return { specdata1: r.uint("specdata3.specdata1"), specdata2: r.uint("specdata3.specdata2") };
}

// RFC 1813 §2.5 fattr3, post_op_attr

/**
 * RFC 1813 §2.5: decodes `fattr3`.
 *
 * @param r The reader.
 * @returns The attributes.
 * @throws {XdrError} If the type is not a valid ftype3 or the input is truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeFattr3, encodeFattr3, type Fattr3, Ftype3 } from "@nfs/client/nfs";
 * const t = { seconds: 0, nseconds: 0 };
 * const attrs: Fattr3 = { type: Ftype3.NF3REG, mode: 0o644, nlink: 1, uid: 0, gid: 0,
 *   size: 5n, used: 8n, rdev: { specdata1: 0, specdata2: 0 }, fsid: 1n, fileid: 42n,
 *   atime: t, mtime: t, ctime: t };
 * const w = new XdrWriter();
 * encodeFattr3(w, attrs);
 * using chain = w.finish();
 * const a = decodeFattr3(new XdrReader(chain));
 * console.log(a.type === Ftype3.NF3REG, a.mode.toString(8), a.size); // => true 644 5n
 * ```
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
 * RFC 1813 §2.5: decodes `post_op_attr`.
 *
 * @param r The reader.
 * @param what Label for errors (the field holding it).
 * @returns The attributes, or null.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodePostOpAttr, encodePostOpAttr } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodePostOpAttr(w, null);
 * using chain = w.finish();
 * const attrs = decodePostOpAttr(new XdrReader(chain), "obj_attributes");
 * console.log(chain.byteLength, attrs); // => 4 null
 * ```
 */
export function decodePostOpAttr(r: XdrReader, what = "post_op_attr"): PostOpAttr {
  return r.bool(`${what}.attributes_follow`) ? decodeFattr3(r) : null;
}

// RFC 1813 §2.5 wcc_attr, pre_op_attr, wcc_data

/**
 * RFC 1813 §2.5: decodes `wcc_attr`.
 *
 * @param r The reader.
 * @returns Size, mtime, ctime.
 * @throws {XdrError} If fewer than 24 bytes are left.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeWccAttr, encodeWccAttr } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeWccAttr(w, {
 *   size: 0n, mtime: { seconds: 5, nseconds: 6 }, ctime: { seconds: 7, nseconds: 8 },
 * });
 * using chain = w.finish();
 * const a = decodeWccAttr(new XdrReader(chain));
 * console.log(a.mtime.seconds, a.ctime.nseconds); // => 5 8
 * ```
 */
export function decodeWccAttr(r: XdrReader): WccAttr {
  return {
    size: r.uhyper("wcc_attr.size"),
    mtime: decodeNfstime3(r, "wcc_attr.mtime"),
    ctime: decodeNfstime3(r, "wcc_attr.ctime"),
  };
}

/**
 * RFC 1813 §2.5: decodes `pre_op_attr`.
 *
 * @param r The reader.
 * @returns The attributes, or null.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodePreOpAttr, encodePreOpAttr } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodePreOpAttr(w, null);
 * using chain = w.finish();
 * console.log(decodePreOpAttr(new XdrReader(chain))); // => null
 * ```
 */
export function decodePreOpAttr(r: XdrReader): PreOpAttr {
  return r.bool("pre_op_attr.attributes_follow") ? decodeWccAttr(r) : null;
}

/**
 * RFC 1813 §2.5: decodes `wcc_data`.
 *
 * @param r The reader.
 * @returns Before and after attributes.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeWccData, encodeWccData } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeWccData(w, { before: null, after: null });
 * using chain = w.finish();
 * const wcc = decodeWccData(new XdrReader(chain));
 * console.log(chain.byteLength, wcc); // => 8 { before: null, after: null }
 * ```
 */
export function decodeWccData(r: XdrReader): WccData {
  return { before: decodePreOpAttr(r), after: decodePostOpAttr(r, "wcc_data.after") };
}

// RFC 1813 §2.5 post_op_fh3

/**
 * RFC 1813 §2.5: decodes `post_op_fh3`.
 *
 * @param r The reader.
 * @returns The handle, or null.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodePostOpFh3, encodePostOpFh3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodePostOpFh3(w, null);
 * using chain = w.finish();
 * console.log(decodePostOpFh3(new XdrReader(chain))); // => null
 * ```
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

/**
 * RFC 1813 §2.5: encodes `sattr3`: each present field as `set_it` TRUE and its value.
 *
 * @param w The writer.
 * @param s The attributes to set.
 * @throws {RangeError} If a number is out of its XDR range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeSattr3, encodeSattr3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeSattr3(w, { mode: 0o600, mtime: "server" });
 * using chain = w.finish();
 * const s = decodeSattr3(new XdrReader(chain));
 * console.log(chain.byteLength, s); // => 28 { mode: 384, mtime: "server" }
 * ```
 */
export function encodeSattr3(w: XdrWriter, s: Sattr3): void {
  w.optional(s.mode, (w, v) => w.uint(v));
  w.optional(s.uid, (w, v) => w.uint(v));
  w.optional(s.gid, (w, v) => w.uint(v));
  w.optional(s.size, encodeUint64);
  encodeSetTime(w, s.atime);
  encodeSetTime(w, s.mtime);
}

// RFC 1813 §2.5 diropargs3

/**
 * RFC 1813 §2.5: encodes `diropargs3`.
 *
 * @param w The writer.
 * @param d Directory handle and name.
 * @throws {RangeError} If the handle or the name is empty or too long.
 * @throws {TypeError} If the name contains "/" or NUL.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeDiropargs3, encodeDiropargs3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeDiropargs3(w, { dir: new Uint8Array([1, 2, 3, 4]), name: "a.txt" });
 * using chain = w.finish();
 * const d = decodeDiropargs3(new XdrReader(chain));
 * console.log(d.dir.length, d.name); // => 4 a.txt
 * ```
 */
export function encodeDiropargs3(w: XdrWriter, d: Diropargs3): void {
  encodeNfsFh3(w, d.dir);
  encodeFilename3(w, d.name);
}
