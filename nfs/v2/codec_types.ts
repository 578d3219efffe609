/**
 * Client codecs of the RFC 1094 §2.3 basic data types: what a client sends is encoded, what
 * it receives decoded (the other halves are in `testing/`).
 *
 * Encoders check their input and throw a `RangeError`/`TypeError` before writing anything
 * wrong; decoders are strict and bounded and label every field with its RFC name. Byte
 * strings a decoder returns (handles, cookies) are copies: reply clusters are recycled.
 *
 * @module
 */
import { decodeEnum, ownBytes } from "../_program.ts";
import { checkSentName, decodeName } from "../_names.ts";
import type { XdrReader, XdrWriter } from "../../xdr/mod.ts";
import {
  type Diropargs,
  type Fattr,
  type Fhandle,
  type Ftype,
  NFS_COOKIESIZE,
  NFS_FHSIZE,
  NFS_MAXNAMLEN,
  NFS_MAXPATHLEN,
  type Nfscookie,
  type Sattr,
  type Timeval,
} from "./types.ts";

/** The "ignore this field" value of a `sattr` (-1 as an unsigned int). */
const UNSET = 0xffffffff;

// RFC 1094 §2.3.3 fhandle

/*
 * typedef opaque fhandle[FHSIZE];
 */
/**
 * RFC 1094 §2.3.3: encodes `fhandle` (32 fixed bytes, no length word).
 * @throws {TypeError} If it is not a `Uint8Array`.
 * @throws {RangeError} If it is not exactly {@linkcode NFS_FHSIZE} bytes.
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
 * @throws {XdrError} If the input is truncated.
 */
export function decodeFhandle(r: XdrReader, what = "fhandle"): Fhandle {
  return ownBytes(r.opaqueFixed(NFS_FHSIZE, what));
}

// RFC 1094 §2.2.17 nfscookie

/**
 * RFC 1094 §2.2.17: encodes `nfscookie` (4 fixed bytes).
 * @throws {RangeError} If it is not exactly {@linkcode NFS_COOKIESIZE} bytes.
 */
export function encodeNfscookie(w: XdrWriter, c: Nfscookie): void {
  if (!(c instanceof Uint8Array) || c.length !== NFS_COOKIESIZE) {
    throw new RangeError(`Cannot encode nfscookie: must be ${NFS_COOKIESIZE} bytes`);
  }
  w.opaqueFixed(c, NFS_COOKIESIZE);
}

/**
 * RFC 1094 §2.2.17: decodes `nfscookie` (a copy).
 * @throws {XdrError} If the input is truncated.
 */
export function decodeNfscookie(r: XdrReader, what = "nfscookie"): Nfscookie {
  return ownBytes(r.opaqueFixed(NFS_COOKIESIZE, what));
}

// RFC 1094 §2.3.7 filename, §2.3.8 path

/*
 * typedef string filename<MAXNAMLEN>;
 */
/**
 * RFC 1094 §2.3.7: encodes `filename`, after checking it is one path component.
 * @throws {RangeError} If it is empty or longer than {@linkcode NFS_MAXNAMLEN} bytes.
 * @throws {TypeError} If it contains "/" or NUL.
 */
export function encodeFilename(w: XdrWriter, name: string): void {
  checkSentName(name, "filename", NFS_MAXNAMLEN, "NFS_MAXNAMLEN");
  w.stringEscaped(name);
}

/**
 * RFC 1094 §2.3.7: decodes `filename` (at most {@linkcode NFS_MAXNAMLEN} bytes).
 * @throws {XdrError} If the input is truncated or the name is longer than
 * {@linkcode NFS_MAXNAMLEN}.
 */
export function decodeFilename(r: XdrReader, what = "filename"): string {
  return decodeName(r, NFS_MAXNAMLEN, what);
}

/*
 * typedef string path<MAXPATHLEN>;
 */
/**
 * RFC 1094 §2.3.8: encodes `path` (symbolic link text).
 * @throws {TypeError} If it contains NUL.
 * @throws {RangeError} If it is too long.
 */
export function encodePath(w: XdrWriter, path: string): void {
  if (typeof path !== "string") throw new TypeError("Cannot encode path: not a string");
  if (path.includes("\0")) throw new TypeError("Cannot encode path: contains NUL");
  w.stringEscaped(path, NFS_MAXPATHLEN);
}

/**
 * RFC 1094 §2.3.8: decodes `path` (at most {@linkcode NFS_MAXPATHLEN} bytes).
 * @throws {XdrError} If the input is truncated or the text is longer than
 * {@linkcode NFS_MAXPATHLEN}.
 */
export function decodePath(r: XdrReader, what = "path"): string {
  return r.stringEscaped(NFS_MAXPATHLEN, what);
}

// RFC 1094 §2.3.2 ftype, §2.3.4 timeval

/**
 * RFC 1094 §2.3.2: decodes `ftype` (NFNON..NFFIFO, 0..8).
 * @throws {XdrError} If the input is truncated or the value is not 0..8.
 */
export function decodeFtype(r: XdrReader, what = "ftype"): Ftype {
  return decodeEnum(r, 0, 8, what) as Ftype;
}

/*
 * struct timeval {
 *     unsigned int seconds;
 *     unsigned int useconds;
 * };
 */
/**
 * RFC 1094 §2.3.4: encodes `timeval`.
 * @throws {RangeError} If a word is not an unsigned 32-bit integer.
 */
export function encodeTimeval(w: XdrWriter, t: Timeval): void {
  w.uint(t.seconds);
  w.uint(t.useconds);
}

/**
 * RFC 1094 §2.3.4: decodes `timeval`.
 * @throws {XdrError} If the input is truncated.
 */
export function decodeTimeval(r: XdrReader, what = "timeval"): Timeval {
  return { seconds: r.uint(`${what}.seconds`), useconds: r.uint(`${what}.useconds`) };
}

// RFC 1094 §2.3.5 fattr

/*
 * enum ftype {
 *     NFNON = 0,
 *     NFREG = 1,
 *     NFDIR = 2,
 *     NFBLK = 3,
 *     NFCHR = 4,
 *     NFLNK = 5
 * };
 * struct fattr {
 *     ftype        type;
 *     unsigned int mode;
 *     unsigned int nlink;
 *     unsigned int uid;
 *     unsigned int gid;
 *     unsigned int size;
 *     unsigned int blocksize;
 *     unsigned int rdev;
 *     unsigned int blocks;
 *     unsigned int fsid;
 *     unsigned int fileid;
 *     timeval      atime;
 *     timeval      mtime;
 *     timeval      ctime;
 * };
 */
/**
 * RFC 1094 §2.3.5: decodes `fattr`.
 * @throws {XdrError} If the input is truncated or the type is not 0..8.
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

/*
 * struct sattr {
 *     unsigned int mode;
 *     unsigned int uid;
 *     unsigned int gid;
 *     unsigned int size;
 *     timeval      atime;
 *     timeval      mtime;
 * };
 */
/**
 * RFC 1094 §2.3.6: encodes `sattr`; each absent field is written as -1 (0xFFFFFFFF).
 * @throws {RangeError} If a present value (or a word of a time) is 0xFFFFFFFF: it would read
 * as "unchanged".
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

/*
 * struct diropargs {
 *     fhandle  dir;
 *     filename name;
 * };
 */
/**
 * RFC 1094 §2.3.10: encodes `diropargs`.
 * @throws {RangeError} If the handle is not 32 bytes, or the name is empty or too long.
 * @throws {TypeError} If the name contains "/" or NUL.
 */
export function encodeDiropargs(w: XdrWriter, d: Diropargs): void {
  encodeFhandle(w, d.dir);
  encodeFilename(w, d.name);
}
