/**
 * Client codecs of the RFC 1813 §2.5 basic data types: what a client sends is encoded, what
 * it receives decoded (the other halves are in `testing/`).
 *
 * Decoders are strict and bounded (handles ≤ {@linkcode NFS3_FHSIZE}, names ≤
 * {@linkcode NFS3_MAXNAMLEN}, enums in range) and label every field with its RFC name so an
 * {@linkcode XdrError} says what failed. Byte strings a decoder returns (handles, verifiers)
 * are copies: the reply's clusters are recycled once the call completes.
 *
 * @module
 */
import { decodeEnum, ownBytes } from "../_program.ts";
import { checkSentName, decodeName } from "../_names.ts";
import { XdrError, type XdrReader, type XdrWriter } from "../../xdr/mod.ts";
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

/*
 * typedef unsigned hyper uint64;
 */
/**
 * Writes a 64-bit unsigned value given as a bigint or a safe-integer number.
 * @throws {RangeError} If the value is negative, above 2^64-1 or not a safe integer.
 */
export function encodeUint64(w: XdrWriter, v: Uint64): void {
  if (typeof v === "bigint") w.uhyper(v);
  else w.uhyperNumber(v);
}

// RFC 1813 §2.5 nfs_fh3

/*
 * struct nfs_fh3 {
 *    opaque       data<NFS3_FHSIZE>;
 * };
 */
/**
 * RFC 1813 §2.5: encodes `nfs_fh3`.
 * @throws {RangeError} If the handle is empty or longer than {@linkcode NFS3_FHSIZE}.
 * @throws {TypeError} If it is not a `Uint8Array`.
 */
export function encodeNfsFh3(w: XdrWriter, fh: NfsFh3): void {
  if (!(fh instanceof Uint8Array)) throw new TypeError("Cannot encode nfs_fh3: not a Uint8Array");
  if (fh.length === 0 || fh.length > NFS3_FHSIZE) {
    throw new RangeError(`Cannot encode nfs_fh3 of ${fh.length} bytes: must be 1..${NFS3_FHSIZE}`);
  }
  w.opaque(fh, NFS3_FHSIZE);
}

/**
 * RFC 1813 §2.5: decodes `nfs_fh3` (a copy of 1 to 64 bytes). An empty handle names nothing
 * and cannot be sent back (Linux's `decode_nfs_fh3` refuses it too).
 * @throws {XdrError} If the handle is empty, longer than {@linkcode NFS3_FHSIZE} or truncated.
 */
export function decodeNfsFh3(r: XdrReader, what = "nfs_fh3"): NfsFh3 {
  const at = r.position;
  const fh = r.opaqueView(NFS3_FHSIZE, what);
  if (fh.length === 0) throw new XdrError(what, at, "a file handle of 0 bytes");
  return ownBytes(fh);
}

// RFC 1813 §2.5 filename3, nfspath3

/*
 * typedef string filename3<>;
 */
/**
 * RFC 1813 §2.5, §3.2: encodes `filename3`, after checking it is one path component.
 * @throws {RangeError} If it is empty or longer than {@linkcode NFS3_MAXNAMLEN} bytes.
 * @throws {TypeError} If it contains "/" or NUL.
 */
export function encodeFilename3(w: XdrWriter, name: string): void {
  checkSentName(name, "filename3", NFS3_MAXNAMLEN, "NFS3_MAXNAMLEN");
  w.stringEscaped(name);
}

/**
 * RFC 1813 §2.5: decodes `filename3` (at most {@linkcode NFS3_MAXNAMLEN} bytes).
 * @throws {XdrError} If it is longer than {@linkcode NFS3_MAXNAMLEN} bytes or truncated.
 */
export function decodeFilename3(r: XdrReader, what = "filename3"): string {
  return decodeName(r, NFS3_MAXNAMLEN, what);
}

/*
 * typedef string nfspath3<>;
 */
/**
 * RFC 1813 §2.5: encodes `nfspath3` (symbolic link text).
 * @throws {TypeError} If it is not a string or contains NUL.
 * @throws {RangeError} If it is longer than {@linkcode NFS3_MAXPATHLEN} bytes.
 */
export function encodeNfspath3(w: XdrWriter, path: string): void {
  if (typeof path !== "string") throw new TypeError("Cannot encode nfspath3: not a string");
  if (path.includes("\0")) throw new TypeError("Cannot encode nfspath3: contains NUL");
  w.stringEscaped(path, NFS3_MAXPATHLEN);
}

/**
 * RFC 1813 §2.5: decodes `nfspath3`.
 * @throws {XdrError} If it is longer than {@linkcode NFS3_MAXPATHLEN} bytes or truncated.
 */
export function decodeNfspath3(r: XdrReader, what = "nfspath3"): string {
  return r.stringEscaped(NFS3_MAXPATHLEN, what);
}

// RFC 1813 §2.5 cookieverf3, createverf3, writeverf3 (8-byte verifiers)

/*
 * typedef opaque cookieverf3[NFS3_COOKIEVERFSIZE];
 * typedef opaque createverf3[NFS3_CREATEVERFSIZE];
 * typedef opaque writeverf3[NFS3_WRITEVERFSIZE];
 */
/**
 * RFC 1813 §2.5: encodes an 8-byte verifier (`cookieverf3`, `createverf3`, `writeverf3`).
 * @throws {RangeError} If it is not a `Uint8Array` of {@linkcode NFS3_COOKIEVERFSIZE} bytes.
 */
export function encodeVerf3(w: XdrWriter, v: Uint8Array, what = "cookieverf3"): void {
  if (!(v instanceof Uint8Array) || v.length !== NFS3_COOKIEVERFSIZE) {
    throw new RangeError(`Cannot encode ${what}: must be ${NFS3_COOKIEVERFSIZE} bytes`);
  }
  w.opaqueFixed(v, NFS3_COOKIEVERFSIZE);
}

/**
 * RFC 1813 §2.5: decodes an 8-byte verifier (a copy).
 * @throws {XdrError} If fewer than 8 bytes are left.
 */
export function decodeVerf3(r: XdrReader, what = "cookieverf3"): Cookieverf3 {
  return ownBytes(r.opaqueFixed(NFS3_COOKIEVERFSIZE, what));
}

// RFC 1813 §2.5 ftype3, §3.3.7 stable_how

/*
 * enum ftype3 {
 *    NF3REG    = 1,
 *    NF3DIR    = 2,
 *    NF3BLK    = 3,
 *    NF3CHR    = 4,
 *    NF3LNK    = 5,
 *    NF3SOCK   = 6,
 *    NF3FIFO   = 7
 * };
 */
/**
 * RFC 1813 §2.5: decodes `ftype3` (1..7).
 * @throws {XdrError} If the value is not 1..7 or is truncated.
 */
export function decodeFtype3(r: XdrReader, what = "ftype3"): Ftype3 {
  return decodeEnum(r, 1, 7, what) as Ftype3;
}

/*
 * enum stable_how {
 *      UNSTABLE  = 0,
 *      DATA_SYNC = 1,
 *      FILE_SYNC = 2
 * };
 */
/**
 * RFC 1813 §3.3.7: decodes `stable_how` (0..2).
 * @throws {XdrError} If the value is not 0..2 or is truncated.
 */
export function decodeStableHow(r: XdrReader, what = "stable_how"): StableHow {
  return decodeEnum(r, 0, 2, what) as StableHow;
}

// RFC 1813 §2.5 nfstime3, specdata3

/*
 * struct nfstime3 {
 *    uint32   seconds;
 *    uint32   nseconds;
 * };
 */
/**
 * RFC 1813 §2.5: encodes `nfstime3`.
 * @throws {RangeError} If a field is not a uint32.
 */
export function encodeNfstime3(w: XdrWriter, t: Nfstime3): void {
  w.uint(t.seconds);
  w.uint(t.nseconds);
}

/**
 * RFC 1813 §2.5: decodes `nfstime3`.
 * @throws {XdrError} If fewer than 8 bytes are left.
 */
export function decodeNfstime3(r: XdrReader, what = "nfstime3"): Nfstime3 {
  return { seconds: r.uint(`${what}.seconds`), nseconds: r.uint(`${what}.nseconds`) };
}

/*
 * struct specdata3 {
 *      uint32     specdata1;
 *      uint32     specdata2;
 * };
 */
/**
 * RFC 1813 §2.5: encodes `specdata3`.
 * @throws {RangeError} If a number is not a uint32.
 */
export function encodeSpecdata3(w: XdrWriter, s: Specdata3): void {
  w.uint(s.specdata1);
  w.uint(s.specdata2);
}

/**
 * RFC 1813 §2.5: decodes `specdata3`.
 * @throws {XdrError} If fewer than 8 bytes are left.
 */
export function decodeSpecdata3(r: XdrReader): Specdata3 {
  return { specdata1: r.uint("specdata3.specdata1"), specdata2: r.uint("specdata3.specdata2") };
}

// RFC 1813 §2.5 fattr3, post_op_attr

/*
 * struct fattr3 {
 *    ftype3     type;
 *    mode3      mode;
 *    uint32     nlink;
 *    uid3       uid;
 *    gid3       gid;
 *    size3      size;
 *    size3      used;
 *    specdata3  rdev;
 *    uint64     fsid;
 *    fileid3    fileid;
 *    nfstime3   atime;
 *    nfstime3   mtime;
 *    nfstime3   ctime;
 * };
 */
/**
 * RFC 1813 §2.5: decodes `fattr3`.
 * @throws {XdrError} If the type is not a valid ftype3 or the input is truncated.
 */
export function decodeFattr3(r: XdrReader): Fattr3 {
  return decodeFattr3After(r, decodeFtype3(r, "fattr3.type"));
}

/** Bytes of an encoded `fattr3` (all its fields are fixed-size). */
export const FATTR3_BYTES = 84;

/**
 * RFC 1813 §2.5: the rest of `fattr3`, after its type.
 * @throws {XdrError} If the input is truncated.
 */
export function decodeFattr3After(r: XdrReader, type: Ftype3): Fattr3 {
  return {
    type,
    mode: r.uint("fattr3.mode"),
    nlink: r.uint("fattr3.nlink"),
    uid: r.uint("fattr3.uid"),
    gid: r.uint("fattr3.gid"),
    size: r.uhyper("fattr3.size"),
    used: r.uhyper("fattr3.used"),
    rdev: decodeSpecdata3(r),
    fsid: r.uhyper("fattr3.fsid"),
    fileid: r.uhyper("fattr3.fileid"),
    // Constant labels, not decodeNfstime3's `${what}.seconds`: this runs once per entry of a
    // listing, and the labels are only read on error.
    atime: { seconds: r.uint("fattr3.atime.seconds"), nseconds: r.uint("fattr3.atime.nseconds") },
    mtime: { seconds: r.uint("fattr3.mtime.seconds"), nseconds: r.uint("fattr3.mtime.nseconds") },
    ctime: { seconds: r.uint("fattr3.ctime.seconds"), nseconds: r.uint("fattr3.ctime.nseconds") },
  };
}

/*
 * union post_op_attr switch (bool attributes_follow) {
 * case TRUE:
 *    fattr3   attributes;
 * case FALSE:
 *    void;
 * };
 */
/**
 * RFC 1813 §2.5: decodes `post_op_attr`.
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodePostOpAttr(r: XdrReader, what = "post_op_attr"): PostOpAttr {
  return r.bool(`${what}.attributes_follow`) ? decodeFattr3(r) : null;
}

// RFC 1813 §2.5 wcc_attr, pre_op_attr, wcc_data

/*
 * struct wcc_attr {
 *    size3       size;
 *    nfstime3    mtime;
 *    nfstime3    ctime;
 * };
 */
/**
 * RFC 1813 §2.5: decodes `wcc_attr`.
 * @throws {XdrError} If fewer than 24 bytes are left.
 */
export function decodeWccAttr(r: XdrReader): WccAttr {
  return {
    size: r.uhyper("wcc_attr.size"),
    mtime: decodeNfstime3(r, "wcc_attr.mtime"),
    ctime: decodeNfstime3(r, "wcc_attr.ctime"),
  };
}

/*
 * union pre_op_attr switch (bool attributes_follow) {
 * case TRUE:
 *      wcc_attr  attributes;
 * case FALSE:
 *      void;
 * };
 */
/**
 * RFC 1813 §2.5: decodes `pre_op_attr`.
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodePreOpAttr(r: XdrReader): PreOpAttr {
  return r.bool("pre_op_attr.attributes_follow") ? decodeWccAttr(r) : null;
}

/*
 * struct wcc_data {
 *    pre_op_attr    before;
 *    post_op_attr   after;
 * };
 */
/**
 * RFC 1813 §2.5: decodes `wcc_data`.
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeWccData(r: XdrReader): WccData {
  return { before: decodePreOpAttr(r), after: decodePostOpAttr(r, "wcc_data.after") };
}

// RFC 1813 §2.5 post_op_fh3

/*
 * union post_op_fh3 switch (bool handle_follows) {
 * case TRUE:
 *      nfs_fh3  handle;
 * case FALSE:
 *      void;
 * };
 */
/**
 * RFC 1813 §2.5: decodes `post_op_fh3`.
 * @throws {XdrError} If the input is malformed or truncated.
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

/*
 * union set_mode3 switch (bool set_it) {
 * case TRUE:
 *    mode3    mode;
 * default:
 *    void;
 * };
 * union set_uid3 switch (bool set_it) {
 * case TRUE:
 *    uid3     uid;
 * default:
 *    void;
 * };
 * union set_gid3 switch (bool set_it) {
 * case TRUE:
 *    gid3     gid;
 * default:
 *    void;
 * };
 * union set_size3 switch (bool set_it) {
 * case TRUE:
 *    size3    size;
 * default:
 *    void;
 * };
 * enum time_how {
 *    DONT_CHANGE        = 0,
 *    SET_TO_SERVER_TIME = 1,
 *    SET_TO_CLIENT_TIME = 2
 * };
 * union set_atime switch (time_how set_it) {
 * case SET_TO_CLIENT_TIME:
 *    nfstime3  atime;
 * default:
 *    void;
 * };
 * union set_mtime switch (time_how set_it) {
 * case SET_TO_CLIENT_TIME:
 *    nfstime3  mtime;
 * default:
 *    void;
 * };
 * struct sattr3 {
 *    set_mode3   mode;
 *    set_uid3    uid;
 *    set_gid3    gid;
 *    set_size3   size;
 *    set_atime   atime;
 *    set_mtime   mtime;
 * };
 */
/**
 * RFC 1813 §2.5: encodes `sattr3`: each present field as `set_it` TRUE and its value.
 * @throws {RangeError} If a number is out of its XDR range.
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

/*
 * struct diropargs3 {
 *    nfs_fh3     dir;
 *    filename3   name;
 * };
 */
/**
 * RFC 1813 §2.5: encodes `diropargs3`.
 * @throws {RangeError} If the handle or the name is empty or too long.
 * @throws {TypeError} If the name contains "/" or NUL.
 */
export function encodeDiropargs3(w: XdrWriter, d: Diropargs3): void {
  encodeNfsFh3(w, d.dir);
  encodeFilename3(w, d.name);
}
