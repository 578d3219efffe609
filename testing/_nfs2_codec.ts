/**
 * The server half of the NFS version 2 codecs (RFC 1094 §2.2): the argument decoders and
 * result encoders, and the type codecs only a server needs, for the test server and the
 * tests that re-encode captured messages. The client half is in `nfs/v2/`.
 *
 * @module
 */
import { decodeVoid, type Enc, encodeVoid } from "../nfs/_program.ts";
import { NFS2_PROCEDURES, type Nfs2Procedures } from "../nfs/v2/procedures.ts";
import { byNumber, type ServerProcedure, type ServerTable, serverTable } from "./_program.ts";
import {
  decodeFhandle,
  decodeFilename,
  decodeNfscookie,
  decodePath,
  decodeTimeval,
  encodeFhandle,
  encodeFilename,
  encodeNfscookie,
  encodePath,
  encodeTimeval,
} from "../nfs/v2/codec_types.ts";
import {
  type Attrstat,
  type Createargs,
  type Diropargs,
  type Diropres,
  type Fattr,
  type Linkargs,
  NFS_MAXDATA,
  type NfsstatRes,
  type Readargs,
  type Readdirargs,
  type Readdirres,
  type Readlinkres,
  type Readres,
  type Renameargs,
  type Res2,
  type Sattr,
  type Sattrargs,
  type Statfsres,
  type Symlinkargs,
  type Writeargs,
} from "../nfs/v2/types.ts";
import type { XdrReader, XdrWriter } from "../xdr/mod.ts";

/** A `sattr` field left unchanged: -1 as an unsigned int (RFC 1094 §2.3.6). */
const UNSET = 0xffffffff;
// RFC 1094 §2.3.5 fattr

/**
 * RFC 1094 §2.3.5: encodes `fattr` (68 bytes).
 * @throws {RangeError} If a field is not an unsigned 32-bit integer.
 */
export function encodeFattr(w: XdrWriter, a: Fattr): void {
  w.enum(a.type);
  for (const v of [a.mode, a.nlink, a.uid, a.gid, a.size, a.blocksize, a.rdev, a.blocks]) {
    w.uint(v);
  }
  w.uint(a.fsid);
  w.uint(a.fileid);
  encodeTimeval(w, a.atime);
  encodeTimeval(w, a.mtime);
  encodeTimeval(w, a.ctime);
}

// RFC 1094 §2.3.6 sattr

/**
 * RFC 1094 §2.3.6: decodes `sattr`; -1 fields are left out, and so is a time with either
 * word -1 (as the Linux server reads it; old clients sent -1 seconds with garbage useconds).
 * @throws {XdrError} If the input is truncated.
 */
export function decodeSattr(r: XdrReader): Sattr {
  const s: Sattr = {};
  for (const field of ["mode", "uid", "gid", "size"] as const) {
    const v = r.uint(`sattr.${field}`);
    if (v !== UNSET) s[field] = v;
  }
  for (const field of ["atime", "mtime"] as const) {
    const t = decodeTimeval(r, `sattr.${field}`);
    if (t.seconds !== UNSET && t.useconds !== UNSET) s[field] = t;
  }
  return s;
}

// RFC 1094 §2.3.10 diropargs

/**
 * RFC 1094 §2.3.10: decodes `diropargs`.
 * @throws {XdrError} If the input is truncated or the name is too long.
 */
export function decodeDiropargs(r: XdrReader, what = "diropargs"): Diropargs {
  const dir = decodeFhandle(r, `${what}.dir`);
  return { dir, name: decodeFilename(r, `${what}.name`) };
}

/** Encodes a result union. */
export function encodeRes2<Ok>(w: XdrWriter, res: Res2<Ok>, ok: Enc<Ok>): void {
  w.enum(res.status);
  if (res.status === 0) ok(w, res as Ok);
}

// RFC 1094 §2.3.9 attrstat: GETATTR, SETATTR, WRITE results

/** RFC 1094 §2.3.9: encodes `attrstat`. */
export function encodeAttrstat(w: XdrWriter, res: Attrstat): void {
  encodeRes2(w, res, (w, v) => encodeFattr(w, v.attributes));
}

// RFC 1094 §2.3.11 diropres: LOOKUP, CREATE, MKDIR results

/** RFC 1094 §2.3.11: encodes `diropres`. */
export function encodeDiropres(w: XdrWriter, res: Diropres): void {
  encodeRes2(w, res, (w, v) => {
    encodeFhandle(w, v.file);
    encodeFattr(w, v.attributes);
  });
}

// RFC 1094 §2.3.1 stat: REMOVE, RENAME, LINK, SYMLINK, RMDIR results

/** RFC 1094 §2.3.1: encodes a bare `stat` result. */
export function encodeNfsstatRes(w: XdrWriter, res: NfsstatRes): void {
  w.enum(res.status);
}

// RFC 1094 §2.2.3 SETATTR

/**
 * RFC 1094 §2.2.3: decodes `sattrargs`.
 * @throws {XdrError} If the input is truncated.
 */
export function decodeSattrargs(r: XdrReader): Sattrargs {
  const file = decodeFhandle(r, "sattrargs.file");
  return { file, attributes: decodeSattr(r) };
}

// RFC 1094 §2.2.6 READLINK

/**
 * RFC 1094 §2.2.6: encodes `readlinkres`.
 * @throws {TypeError} If the link text contains NUL.
 * @throws {RangeError} If it is longer than {@linkcode NFS_MAXPATHLEN} bytes.
 */
export function encodeReadlinkres(w: XdrWriter, res: Readlinkres): void {
  encodeRes2(w, res, (w, v) => encodePath(w, v.data));
}

// RFC 1094 §2.2.7 READ

/**
 * RFC 1094 §2.2.7: decodes `readargs`.
 * @throws {XdrError} If the input is truncated.
 */
export function decodeReadargs(r: XdrReader): Readargs {
  return {
    file: decodeFhandle(r, "readargs.file"),
    offset: r.uint("readargs.offset"),
    count: r.uint("readargs.count"),
    totalcount: r.uint("readargs.totalcount"),
  };
}

/**
 * RFC 1094 §2.2.7: encodes `readres`; the data is attached without a copy.
 * @throws {RangeError} If the data is longer than {@linkcode NFS_MAXDATA}.
 */
export function encodeReadres(w: XdrWriter, res: Readres): void {
  encodeRes2(w, res, (w, v) => {
    if (v.data.length > NFS_MAXDATA) {
      throw new RangeError(`Cannot encode readres of ${v.data.length} bytes: maximum is 8192`);
    }
    encodeFattr(w, v.attributes);
    w.opaqueExternal(v.data);
  });
}

// RFC 1094 §2.2.9 WRITE

/**
 * RFC 1094 §2.2.9: decodes `writeargs`. `data` is a view into the received buffers (valid
 * until they are released).
 * @throws {XdrError} If the input is truncated or the data is longer than {@linkcode NFS_MAXDATA}.
 */
export function decodeWriteargs(r: XdrReader): Writeargs {
  return {
    file: decodeFhandle(r, "writeargs.file"),
    beginoffset: r.uint("writeargs.beginoffset"),
    offset: r.uint("writeargs.offset"),
    totalcount: r.uint("writeargs.totalcount"),
    data: r.opaqueView(NFS_MAXDATA, "writeargs.data"),
  };
}

// RFC 1094 §2.2.10 CREATE, §2.2.15 MKDIR

/**
 * RFC 1094 §2.2.10: decodes `createargs`.
 * @throws {XdrError} If the input is truncated or malformed.
 */
export function decodeCreateargs(r: XdrReader): Createargs {
  const where = decodeDiropargs(r, "createargs.where");
  return { where, attributes: decodeSattr(r) };
}

// RFC 1094 §2.2.12 RENAME

/**
 * RFC 1094 §2.2.12: decodes `renameargs`.
 * @throws {XdrError} If the input is truncated or malformed.
 */
export function decodeRenameargs(r: XdrReader): Renameargs {
  const from = decodeDiropargs(r, "renameargs.from");
  return { from, to: decodeDiropargs(r, "renameargs.to") };
}

// RFC 1094 §2.2.13 LINK

/**
 * RFC 1094 §2.2.13: decodes `linkargs`.
 * @throws {XdrError} If the input is truncated or malformed.
 */
export function decodeLinkargs(r: XdrReader): Linkargs {
  const from = decodeFhandle(r, "linkargs.from");
  return { from, to: decodeDiropargs(r, "linkargs.to") };
}

// RFC 1094 §2.2.14 SYMLINK

/**
 * RFC 1094 §2.2.14: decodes `symlinkargs`.
 * @throws {XdrError} If the input is truncated or malformed.
 */
export function decodeSymlinkargs(r: XdrReader): Symlinkargs {
  const from = decodeDiropargs(r, "symlinkargs.from");
  const to = decodePath(r, "symlinkargs.to");
  return { from, to, attributes: decodeSattr(r) };
}

// RFC 1094 §2.2.17 READDIR

/**
 * RFC 1094 §2.2.17: decodes `readdirargs`.
 * @throws {XdrError} If the input is truncated.
 */
export function decodeReaddirargs(r: XdrReader): Readdirargs {
  return {
    dir: decodeFhandle(r, "readdirargs.dir"),
    cookie: decodeNfscookie(r, "readdirargs.cookie"),
    count: r.uint("readdirargs.count"),
  };
}

/**
 * RFC 1094 §2.2.17: encodes `readdirres`.
 * @throws {RangeError} If a name is empty or too long, or a cookie is not 4 bytes.
 * @throws {TypeError} If a name contains "/" or NUL.
 */
export function encodeReaddirres(w: XdrWriter, res: Readdirres): void {
  encodeRes2(w, res, (w, v) => {
    for (const e of v.entries) {
      w.bool(true);
      w.uint(e.fileid);
      encodeFilename(w, e.name);
      encodeNfscookie(w, e.cookie);
    }
    w.bool(false);
    w.bool(v.eof);
  });
}

// RFC 1094 §2.2.18 STATFS

/**
 * RFC 1094 §2.2.18: encodes `statfsres`.
 * @throws {RangeError} If a field is not an unsigned 32-bit integer.
 */
export function encodeStatfsres(w: XdrWriter, res: Statfsres): void {
  encodeRes2(w, res, (w, v) => {
    for (const n of [v.tsize, v.bsize, v.blocks, v.bfree, v.bavail]) w.uint(n);
  });
}

const decFh = (r: XdrReader) => decodeFhandle(r);
const decDirop = (r: XdrReader) => decodeDiropargs(r);

/** The NFSv2 procedure table with the server halves, keyed by RFC name. */
// deno-fmt-ignore
export const NFS2_SERVER: ServerTable<Nfs2Procedures> = serverTable(NFS2_PROCEDURES, {
  NULL: [decodeVoid, encodeVoid],
  GETATTR: [decFh, encodeAttrstat],
  SETATTR: [decodeSattrargs, encodeAttrstat],
  ROOT: [decodeVoid, encodeVoid],
  LOOKUP: [decDirop, encodeDiropres],
  READLINK: [decFh, encodeReadlinkres],
  READ: [decodeReadargs, encodeReadres],
  WRITECACHE: [decodeVoid, encodeVoid],
  WRITE: [decodeWriteargs, encodeAttrstat],
  CREATE: [decodeCreateargs, encodeDiropres],
  REMOVE: [decDirop, encodeNfsstatRes],
  RENAME: [decodeRenameargs, encodeNfsstatRes],
  LINK: [decodeLinkargs, encodeNfsstatRes],
  SYMLINK: [decodeSymlinkargs, encodeNfsstatRes],
  MKDIR: [decodeCreateargs, encodeDiropres],
  RMDIR: [decDirop, encodeNfsstatRes],
  READDIR: [decodeReaddirargs, encodeReaddirres],
  STATFS: [decFh, encodeStatfsres],
});

/** The same procedures indexed by number (0..17), for the dispatcher. */
export const NFS2_SERVER_LIST: readonly ServerProcedure<unknown, unknown>[] = byNumber(NFS2_SERVER);
