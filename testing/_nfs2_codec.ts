/**
 * The server half of the NFS version 2 codecs (RFC 1094 §2.2): the argument decoders and
 * result encoders, and the type codecs only a server needs, for the test server and the
 * tests that re-encode captured messages. The client half is in `nfs/v2/`.
 *
 * @module
 */
import { decodeVoid, type Enc, encodeVoid } from "../nfs/_program.ts";
import { NFS2_PROCEDURES, type Nfs2Procedures } from "../nfs/v2/procedures.ts";
import { byNumber, type ServerProcedure, serverTable, type ServerTable } from "./_program.ts";
import { decodeFhandle, decodeFilename, decodeNfscookie, decodePath, decodeTimeval, encodeFhandle, encodeFilename, encodeNfscookie, encodePath, encodeTimeval } from "../nfs/v2/codec_types.ts";
import { type Attrstat, type Createargs, type Diropargs, type Diropres, type Fattr, type Linkargs, NFS_MAXDATA, type NfsstatRes, type Readargs, type Readdirargs, type Readdirres, type Readlinkres, type Readres, type Renameargs, type Res2, type Sattr, type Sattrargs, type Statfsres, type Symlinkargs, type Writeargs } from "../nfs/v2/types.ts";
import { type XdrReader, type XdrWriter } from "../xdr/mod.ts";

/** A `sattr` field left unchanged: -1 as an unsigned int (RFC 1094 §2.3.6). */
const UNSET = 0xffffffff;
// RFC 1094 §2.3.5 fattr

/**
 * RFC 1094 §2.3.5: encodes `fattr` (68 bytes).
 *
 * @param w The writer.
 * @param a The attributes.
 * @throws {RangeError} If a field is not an unsigned 32-bit integer.
 * @example
 * ```ts
 * import { decodeFattr, encodeFattr } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const t = { seconds: 0, useconds: 0 };
 * const w = new XdrWriter();
 * encodeFattr(w, { type: 2, mode: 0o40755, nlink: 2, uid: 0, gid: 0, size: 4096, blocksize: 4096,
 *   rdev: 0, blocks: 8, fsid: 1, fileid: 2, atime: t, mtime: t, ctime: t });
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeFattr(new XdrReader(chain)).nlink); // => 68 2
 * ```
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
 *
 * @param r The reader.
 * @returns The attributes to set.
 * @throws {XdrError} If the input is truncated.
 * @example
 * ```ts
 * import { decodeSattr, encodeSattr } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeSattr(w, { uid: 1000, atime: { seconds: 1700000000, useconds: 0 } });
 * using chain = w.finish();
 * console.log(decodeSattr(new XdrReader(chain))); // => { uid: 1000, atime: { seconds: 1700000000, useconds: 0 } }
 * ```
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
 *
 * @param r The reader.
 * @param what Label for errors.
 * @returns Directory handle and name.
 * @throws {XdrError} If the input is truncated or the name is too long.
 * @example
 * ```ts
 * import { decodeDiropargs, encodeDiropargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeDiropargs(w, { dir: new Uint8Array(32).fill(1), name: "docs" });
 * using chain = w.finish();
 * const d = decodeDiropargs(new XdrReader(chain));
 * console.log(d.dir.length, d.name); // => 32 docs
 * ```
 */
export function decodeDiropargs(r: XdrReader, what = "diropargs"): Diropargs {
  const dir = decodeFhandle(r, `${what}.dir`);
  return { dir, name: decodeFilename(r, `${what}.name`) };
}

/**
 * Encodes a result union.
 *
 * @param w The writer.
 * @param res The tagged result.
 * @param ok Encodes the NFS_OK arm.
 * @example
 * ```ts
 * import { encodeRes2, type Res2 } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const res: Res2<{ n: number }> = { status: 0, n: 9 };
 * const w = new XdrWriter();
 * encodeRes2(w, res, (w, v) => w.uint(v.n));
 * using chain = w.finish();
 * console.log(chain.byteLength, chain.getUint32(4)); // => 8 9
 * ```
 */
export function encodeRes2<Ok>(w: XdrWriter, res: Res2<Ok>, ok: Enc<Ok>): void {
  w.enum(res.status);
  if (res.status === 0) ok(w, res as Ok);
}

// RFC 1094 §2.3.9 attrstat: GETATTR, SETATTR, WRITE results

/**
 * RFC 1094 §2.3.9: encodes `attrstat`.
 *
 * @param w The writer.
 * @param res The result.
 * @example
 * ```ts
 * import { decodeAttrstat, decodeFattr, encodeAttrstat } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const attributes = decodeFattr(new XdrReader(new Uint8Array(68))); // an all-zero fattr
 * const w = new XdrWriter();
 * encodeAttrstat(w, { status: 0, attributes: { ...attributes, size: 5 } });
 * using chain = w.finish();
 * const res = decodeAttrstat(new XdrReader(chain));
 * console.log(chain.byteLength, res.status === 0 && res.attributes.size); // => 72 5
 * ```
 */
export function encodeAttrstat(w: XdrWriter, res: Attrstat): void {
  encodeRes2(w, res, (w, v) => encodeFattr(w, v.attributes));
}

// RFC 1094 §2.3.11 diropres: LOOKUP, CREATE, MKDIR results

/**
 * RFC 1094 §2.3.11: encodes `diropres`.
 *
 * @param w The writer.
 * @param res The result.
 * @example
 * ```ts
 * import { decodeDiropres, decodeFattr, encodeDiropres } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const attributes = decodeFattr(new XdrReader(new Uint8Array(68))); // an all-zero fattr
 * const w = new XdrWriter();
 * encodeDiropres(w, { status: 0, file: new Uint8Array(32).fill(3), attributes });
 * using chain = w.finish();
 * const res = decodeDiropres(new XdrReader(chain));
 * console.log(chain.byteLength, res.status === 0 && res.file[0]); // => 104 3
 * ```
 */
export function encodeDiropres(w: XdrWriter, res: Diropres): void {
  encodeRes2(w, res, (w, v) => {
    encodeFhandle(w, v.file);
    encodeFattr(w, v.attributes);
  });
}

// RFC 1094 §2.3.1 stat: REMOVE, RENAME, LINK, SYMLINK, RMDIR results

/**
 * RFC 1094 §2.3.1: encodes a bare `stat` result.
 *
 * @param w The writer.
 * @param res The result.
 * @example
 * ```ts
 * import { encodeNfsstatRes } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeNfsstatRes(w, { status: 17 }); // NFSERR_EXIST
 * using chain = w.finish();
 * console.log(chain.byteLength, chain.getUint32(0)); // => 4 17
 * ```
 */
export function encodeNfsstatRes(w: XdrWriter, res: NfsstatRes): void {
  w.enum(res.status);
}

// RFC 1094 §2.2.3 SETATTR

/**
 * RFC 1094 §2.2.3: decodes `sattrargs`.
 *
 * @param r The reader.
 * @returns File and attributes.
 * @throws {XdrError} If the input is truncated.
 * @example
 * ```ts
 * import { decodeSattrargs, encodeSattrargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeSattrargs(w, { file: new Uint8Array(32), attributes: { size: 0 } });
 * using chain = w.finish();
 * console.log(decodeSattrargs(new XdrReader(chain)).attributes); // => { size: 0 }
 * ```
 */
export function decodeSattrargs(r: XdrReader): Sattrargs {
  const file = decodeFhandle(r, "sattrargs.file");
  return { file, attributes: decodeSattr(r) };
}

// RFC 1094 §2.2.6 READLINK

/**
 * RFC 1094 §2.2.6: encodes `readlinkres`.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {TypeError} If the link text contains NUL.
 * @throws {RangeError} If it is longer than {@linkcode NFS_MAXPATHLEN} bytes.
 * @example
 * ```ts
 * import { encodeReadlinkres } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeReadlinkres(w, { status: 0, data: "target" });
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 16
 * ```
 */
export function encodeReadlinkres(w: XdrWriter, res: Readlinkres): void {
  encodeRes2(w, res, (w, v) => encodePath(w, v.data));
}

// RFC 1094 §2.2.7 READ

/**
 * RFC 1094 §2.2.7: decodes `readargs`.
 *
 * @param r The reader.
 * @returns File, offset, count, totalcount.
 * @throws {XdrError} If the input is truncated.
 * @example
 * ```ts
 * import { decodeReadargs, encodeReadargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeReadargs(w, { file: new Uint8Array(32), offset: 4096, count: 512 });
 * using chain = w.finish();
 * const a = decodeReadargs(new XdrReader(chain));
 * console.log(a.offset, a.count, a.totalcount); // => 4096 512 512
 * ```
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
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If the data is longer than {@linkcode NFS_MAXDATA}.
 * @example
 * ```ts
 * import { decodeFattr, encodeReadres } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const attributes = decodeFattr(new XdrReader(new Uint8Array(68))); // an all-zero fattr
 * const w = new XdrWriter();
 * encodeReadres(w, { status: 0, attributes, data: new Uint8Array([1, 2, 3]) });
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 80
 * ```
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
 *
 * @param r The reader.
 * @returns The arguments.
 * @throws {XdrError} If the input is truncated or the data is longer than {@linkcode NFS_MAXDATA}.
 * @example
 * ```ts
 * import { decodeWriteargs, encodeWriteargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeWriteargs(w, { file: new Uint8Array(32), offset: 0, data: new TextEncoder().encode("hi") });
 * using chain = w.finish();
 * const a = decodeWriteargs(new XdrReader(chain));
 * console.log(a.offset, new TextDecoder().decode(a.data)); // => 0 hi
 * ```
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
 *
 * @param r The reader.
 * @returns Where and initial attributes.
 * @throws {XdrError} If the input is truncated or malformed.
 * @example
 * ```ts
 * import { decodeCreateargs, encodeCreateargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeCreateargs(w, { where: { dir: new Uint8Array(32), name: "sub" }, attributes: {} });
 * using chain = w.finish();
 * const a = decodeCreateargs(new XdrReader(chain));
 * console.log(a.where.name, a.attributes); // => sub {}
 * ```
 */
export function decodeCreateargs(r: XdrReader): Createargs {
  const where = decodeDiropargs(r, "createargs.where");
  return { where, attributes: decodeSattr(r) };
}

// RFC 1094 §2.2.12 RENAME

/**
 * RFC 1094 §2.2.12: decodes `renameargs`.
 *
 * @param r The reader.
 * @returns From and to.
 * @throws {XdrError} If the input is truncated or malformed.
 * @example
 * ```ts
 * import { decodeRenameargs, encodeRenameargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const dir = new Uint8Array(32);
 * const w = new XdrWriter();
 * encodeRenameargs(w, { from: { dir, name: "draft.txt" }, to: { dir, name: "final.txt" } });
 * using chain = w.finish();
 * const a = decodeRenameargs(new XdrReader(chain));
 * console.log(a.from.name, "->", a.to.name); // => draft.txt -> final.txt
 * ```
 */
export function decodeRenameargs(r: XdrReader): Renameargs {
  const from = decodeDiropargs(r, "renameargs.from");
  return { from, to: decodeDiropargs(r, "renameargs.to") };
}

// RFC 1094 §2.2.13 LINK

/**
 * RFC 1094 §2.2.13: decodes `linkargs`.
 *
 * @param r The reader.
 * @returns The existing file and the new link's directory and name.
 * @throws {XdrError} If the input is truncated or malformed.
 * @example
 * ```ts
 * import { decodeLinkargs, encodeLinkargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeLinkargs(w, { from: new Uint8Array(32).fill(5), to: { dir: new Uint8Array(32), name: "hard" } });
 * using chain = w.finish();
 * const a = decodeLinkargs(new XdrReader(chain));
 * console.log(a.from[0], a.to.name); // => 5 hard
 * ```
 */
export function decodeLinkargs(r: XdrReader): Linkargs {
  const from = decodeFhandle(r, "linkargs.from");
  return { from, to: decodeDiropargs(r, "linkargs.to") };
}

// RFC 1094 §2.2.14 SYMLINK

/**
 * RFC 1094 §2.2.14: decodes `symlinkargs`.
 *
 * @param r The reader.
 * @returns The new link's directory and name, its text and attributes.
 * @throws {XdrError} If the input is truncated or malformed.
 * @example
 * ```ts
 * import { decodeSymlinkargs, encodeSymlinkargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeSymlinkargs(w, { from: { dir: new Uint8Array(32), name: "ln" }, to: "../t", attributes: {} });
 * using chain = w.finish();
 * const a = decodeSymlinkargs(new XdrReader(chain));
 * console.log(a.from.name, a.to); // => ln ../t
 * ```
 */
export function decodeSymlinkargs(r: XdrReader): Symlinkargs {
  const from = decodeDiropargs(r, "symlinkargs.from");
  const to = decodePath(r, "symlinkargs.to");
  return { from, to, attributes: decodeSattr(r) };
}

// RFC 1094 §2.2.17 READDIR

/**
 * RFC 1094 §2.2.17: decodes `readdirargs`.
 *
 * @param r The reader.
 * @returns Directory, cookie, count.
 * @throws {XdrError} If the input is truncated.
 * @example
 * ```ts
 * import { decodeReaddirargs, encodeReaddirargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeReaddirargs(w, { dir: new Uint8Array(32), cookie: new Uint8Array([0, 0, 0, 7]), count: 1024 });
 * using chain = w.finish();
 * const a = decodeReaddirargs(new XdrReader(chain));
 * console.log(a.cookie[3], a.count); // => 7 1024
 * ```
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
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a name is empty or too long, or a cookie is not 4 bytes.
 * @throws {TypeError} If a name contains "/" or NUL.
 * @example
 * ```ts
 * import { encodeReaddirres } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const cookie = new Uint8Array([0, 0, 0, 1]);
 * const w = new XdrWriter();
 * encodeReaddirres(w, { status: 0, entries: [{ fileid: 2, name: "a", cookie }], eof: true });
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 32
 * ```
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
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a field is not an unsigned 32-bit integer.
 * @example
 * ```ts
 * import { encodeStatfsres } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeStatfsres(w, { status: 0, tsize: 8192, bsize: 4096, blocks: 100, bfree: 50, bavail: 40 });
 * using chain = w.finish();
 * console.log(chain.byteLength, chain.getUint32(4)); // => 24 8192
 * ```
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
