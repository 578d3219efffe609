/**
 * The server half of the NFS version 3 codecs (RFC 1813 §3.3): `decodeXxx3Args` /
 * `encodeXxx3Res` and the type codecs only a server needs, for the test server and the
 * tests that re-encode captured messages. The client half is in `nfs/v3/`.
 *
 * @module
 */
import { decodeEnum, decodeVoid, type Enc, encodeVoid } from "../nfs/_program.ts";
import { NFS3_PROCEDURES, type Nfs3Procedures } from "../nfs/v3/procedures.ts";
import { byNumber, type ServerProcedure, serverTable, type ServerTable } from "./_program.ts";
import { decodeFilename3, decodeNfsFh3, decodeNfspath3, decodeNfstime3, decodeSpecdata3, decodeStableHow, decodeVerf3, encodeFilename3, encodeNfsFh3, encodeNfspath3, encodeNfstime3, encodeSpecdata3, encodeVerf3 } from "../nfs/v3/codec_types.ts";
import { type Access3Args, type Access3Res, type Commit3Args, type Commit3Res, type Create3Args, type Create3Res, type Create3Resok, type Createhow3, Createmode3, type DirAttributesFail, type Diropargs3, type DirWcc, type Entry3, type Entryplus3, type Fattr3, type FileWcc, type Fsinfo3Res, type Fsroot3Args, type Fsstat3Res, Ftype3, type Getattr3Args, type Getattr3Res, type Link3Args, type Link3Res, type Link3Resok, type Lookup3Args, type Lookup3Res, type Mkdir3Args, type Mknod3Args, type Mknoddata3, type ObjAttributesFail, type ObjWcc, type Pathconf3Args, type Pathconf3Res, type PostOpAttr, type PostOpFh3, type PreOpAttr, type Read3Args, type Read3Res, type Readdir3Args, type Readdir3Res, type Readdirplus3Args, type Readdirplus3Res, type Readlink3Args, type Readlink3Res, type Rename3Args, type Rename3Res, type Rename3Wcc, type Res3, type Sattr3, type Setattr3Args, type Setattr3Res, type SetTime, type Symlink3Args, TimeHow, type WccAttr, type WccData, type Write3Args, type Write3Res } from "../nfs/v3/types.ts";
import { XdrError, type XdrReader, type XdrWriter } from "../xdr/mod.ts";
// RFC 1813 §2.5 fattr3, post_op_attr

/**
 * RFC 1813 §2.5: encodes `fattr3` (84 bytes).
 *
 * @param w The writer.
 * @param a The attributes.
 * @throws {RangeError} If a number is out of its XDR range.
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
 * console.log(chain.byteLength, decodeFattr3(new XdrReader(chain)).fileid); // => 84 42n
 * ```
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
 * RFC 1813 §2.5: encodes `post_op_attr`.
 *
 * @param w The writer.
 * @param a The attributes, or null.
 * @throws {RangeError} If a number is out of its XDR range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodePostOpAttr, encodePostOpAttr, type Fattr3, Ftype3 } from "@nfs/client/nfs";
 * const t = { seconds: 0, nseconds: 0 };
 * const attrs: Fattr3 = { type: Ftype3.NF3REG, mode: 0o644, nlink: 1, uid: 0, gid: 0,
 *   size: 5n, used: 8n, rdev: { specdata1: 0, specdata2: 0 }, fsid: 1n, fileid: 42n,
 *   atime: t, mtime: t, ctime: t };
 * const w = new XdrWriter();
 * encodePostOpAttr(w, attrs);
 * using chain = w.finish();
 * console.log(chain.byteLength, decodePostOpAttr(new XdrReader(chain))?.size); // => 88 5n
 * ```
 */
export function encodePostOpAttr(w: XdrWriter, a: PostOpAttr): void {
  w.optional(a, encodeFattr3);
}

// RFC 1813 §2.5 wcc_attr, pre_op_attr, wcc_data

/**
 * RFC 1813 §2.5: encodes `wcc_attr`.
 *
 * @param w The writer.
 * @param a Size, mtime, ctime.
 * @throws {RangeError} If a number is out of its XDR range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeWccAttr, encodeWccAttr } from "@nfs/client/nfs";
 * const t = { seconds: 1700000000, nseconds: 0 };
 * const w = new XdrWriter();
 * encodeWccAttr(w, { size: 1024n, mtime: t, ctime: t });
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeWccAttr(new XdrReader(chain)).size); // => 24 1024n
 * ```
 */
export function encodeWccAttr(w: XdrWriter, a: WccAttr): void {
  w.uhyper(a.size);
  encodeNfstime3(w, a.mtime);
  encodeNfstime3(w, a.ctime);
}

/**
 * RFC 1813 §2.5: encodes `pre_op_attr`.
 *
 * @param w The writer.
 * @param a The attributes, or null.
 * @throws {RangeError} If a number is out of its XDR range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodePreOpAttr, encodePreOpAttr } from "@nfs/client/nfs";
 * const t = { seconds: 0, nseconds: 0 };
 * const w = new XdrWriter();
 * encodePreOpAttr(w, { size: 10n, mtime: t, ctime: t });
 * using chain = w.finish();
 * console.log(chain.byteLength, decodePreOpAttr(new XdrReader(chain))?.size); // => 28 10n
 * ```
 */
export function encodePreOpAttr(w: XdrWriter, a: PreOpAttr): void {
  w.optional(a, encodeWccAttr);
}

/**
 * RFC 1813 §2.5: encodes `wcc_data`.
 *
 * @param w The writer.
 * @param d Before and after attributes.
 * @throws {RangeError} If a number is out of its XDR range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeWccData, encodeWccData } from "@nfs/client/nfs";
 * const t = { seconds: 0, nseconds: 0 };
 * const w = new XdrWriter();
 * encodeWccData(w, { before: { size: 3n, mtime: t, ctime: t }, after: null });
 * using chain = w.finish();
 * const wcc = decodeWccData(new XdrReader(chain));
 * console.log(wcc.before?.size, wcc.after); // => 3n null
 * ```
 */
export function encodeWccData(w: XdrWriter, d: WccData): void {
  encodePreOpAttr(w, d.before);
  encodePostOpAttr(w, d.after);
}

// RFC 1813 §2.5 post_op_fh3

/**
 * RFC 1813 §2.5: encodes `post_op_fh3`.
 *
 * @param w The writer.
 * @param fh The handle, or null.
 * @throws {RangeError} If the handle is empty or longer than {@linkcode NFS3_FHSIZE}.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodePostOpFh3, encodePostOpFh3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodePostOpFh3(w, new Uint8Array([9, 9]));
 * using chain = w.finish();
 * const fh = decodePostOpFh3(new XdrReader(chain));
 * console.log(chain.byteLength, fh); // => 12 Uint8Array(2) [ 9, 9 ]
 * ```
 */
export function encodePostOpFh3(w: XdrWriter, fh: PostOpFh3): void {
  w.optional(fh, encodeNfsFh3);
}

// RFC 1813 §2.5 sattr3

function decodeSetTime(r: XdrReader, what: string): SetTime | undefined {
  const how = decodeEnum(r, 0, 2, `${what}.set_it`);
  if (how === TimeHow.DONT_CHANGE) return undefined;
  return how === TimeHow.SET_TO_SERVER_TIME ? "server" : decodeNfstime3(r, what);
}

/**
 * RFC 1813 §2.5: decodes `sattr3` (only the fields being set are present).
 *
 * @param r The reader.
 * @returns The attributes to set.
 * @throws {XdrError} If a `set_it` or `time_how` is invalid or the input is truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeSattr3, encodeSattr3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeSattr3(w, { size: 0, atime: { seconds: 10, nseconds: 0 } });
 * using chain = w.finish();
 * const s = decodeSattr3(new XdrReader(chain));
 * console.log(s.size, s.atime, s.mode); // => 0n { seconds: 10, nseconds: 0 } undefined
 * ```
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
 * RFC 1813 §2.5: decodes `diropargs3`.
 *
 * @param r The reader.
 * @returns Directory handle and name.
 * @throws {XdrError} If the handle or name is too long or the input is truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeDiropargs3, encodeDiropargs3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeDiropargs3(w, { dir: new Uint8Array([7]), name: "docs" });
 * using chain = w.finish();
 * const d = decodeDiropargs3(new XdrReader(chain));
 * console.log(d); // => { dir: Uint8Array(1) [ 7 ], name: "docs" }
 * ```
 */
export function decodeDiropargs3(r: XdrReader): Diropargs3 {
  return { dir: decodeNfsFh3(r, "diropargs3.dir"), name: decodeFilename3(r, "diropargs3.name") };
}

/** Largest opaque accepted for WRITE data when decoding arguments (bounded by bytes left). */
const MAX_OPAQUE = 0xffffffff;

/**
 * Encodes an `XXX3res` union.
 *
 * @param w The writer.
 * @param res The tagged result.
 * @param ok Encodes the resok.
 * @param fail Encodes the resfail.
 * @typeParam Ok The resok type.
 * @typeParam Fail The resfail type.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeRes3, encodeRes3, type Res3 } from "@nfs/client/nfs";
 * type CountRes = Res3<{ count: number }, Record<never, never>>;
 * const res: CountRes = { status: 0, count: 7 };
 * const w = new XdrWriter();
 * encodeRes3(w, res, (w, v) => w.uint(v.count), () => {});
 * using chain = w.finish();
 * const back = decodeRes3(new XdrReader(chain), (r) => ({ count: r.uint() }), () => ({}));
 * console.log(back); // => { status: 0, count: 7 }
 * ```
 */
export function encodeRes3<Ok, Fail>(
  w: XdrWriter,
  res: Res3<Ok, Fail>,
  ok: Enc<Ok>,
  fail: Enc<Fail>,
): void {
  w.enum(res.status);
  if (res.status === 0) ok(w, res as Ok);
  else fail(w, res as Fail);
}

// Result pieces shared by several procedures.

const encVoid: Enc<unknown> = () => {};
const encObjAttributes: Enc<ObjAttributesFail> = (w, v) => encodePostOpAttr(w, v.objAttributes);
const encDirAttributes: Enc<DirAttributesFail> = (w, v) => encodePostOpAttr(w, v.dirAttributes);
const encDirWcc: Enc<DirWcc> = (w, v) => encodeWccData(w, v.dirWcc);
const encFileWcc: Enc<FileWcc> = (w, v) => encodeWccData(w, v.fileWcc);
const encObjWcc: Enc<ObjWcc> = (w, v) => encodeWccData(w, v.objWcc);

// RFC 1813 §3.3.1 GETATTR

/**
 * RFC 1813 §3.3.1: decodes GETATTR3args.
 *
 * @param r The reader.
 * @returns The arguments.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeGetattr3Args, encodeGetattr3Args } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeGetattr3Args(w, { object: new Uint8Array([5]) });
 * using chain = w.finish();
 * const v = decodeGetattr3Args(new XdrReader(chain));
 * console.log(v); // => { object: Uint8Array(1) [ 5 ] }
 * ```
 */
export function decodeGetattr3Args(r: XdrReader): Getattr3Args {
  return { object: decodeNfsFh3(r, "GETATTR3args.object") };
}

/**
 * RFC 1813 §3.3.1: encodes GETATTR3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeGetattr3Res, encodeGetattr3Res, type Fattr3, Ftype3 } from "@nfs/client/nfs";
 * const t = { seconds: 0, nseconds: 0 };
 * const objAttributes: Fattr3 = { type: Ftype3.NF3DIR, mode: 0o755, nlink: 2, uid: 0, gid: 0,
 *   size: 4096n, used: 4096n, rdev: { specdata1: 0, specdata2: 0 }, fsid: 1n, fileid: 2n,
 *   atime: t, mtime: t, ctime: t };
 * const w = new XdrWriter();
 * encodeGetattr3Res(w, { status: 0, objAttributes });
 * using chain = w.finish();
 * const res = decodeGetattr3Res(new XdrReader(chain));
 * console.log(res.status === 0 && res.objAttributes.fileid); // => 2n
 * ```
 */
export function encodeGetattr3Res(w: XdrWriter, res: Getattr3Res): void {
  encodeRes3(w, res, (w, v) => encodeFattr3(w, v.objAttributes), encVoid);
}

// RFC 1813 §3.3.2 SETATTR

/**
 * RFC 1813 §3.3.2: decodes SETATTR3args.
 *
 * @param r The reader.
 * @returns The arguments.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeSetattr3Args, encodeSetattr3Args } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const ctime = { seconds: 1700000000, nseconds: 0 };
 * const w = new XdrWriter();
 * encodeSetattr3Args(w, { object: fh, newAttributes: { mode: 0o640 }, guard: ctime });
 * using chain = w.finish();
 * const v = decodeSetattr3Args(new XdrReader(chain));
 * console.log(v.newAttributes.mode, v.guard); // => 416 { seconds: 1700000000, nseconds: 0 }
 * ```
 */
export function decodeSetattr3Args(r: XdrReader): Setattr3Args {
  return {
    object: decodeNfsFh3(r, "SETATTR3args.object"),
    newAttributes: decodeSattr3(r),
    guard: r.bool("sattrguard3.check") ? decodeNfstime3(r, "sattrguard3.obj_ctime") : null,
  };
}

/**
 * RFC 1813 §3.3.2: encodes SETATTR3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeSetattr3Res, encodeSetattr3Res } from "@nfs/client/nfs";
 * const wcc = { before: null, after: null };
 * const w = new XdrWriter();
 * encodeSetattr3Res(w, { status: 0, objWcc: wcc });
 * using chain = w.finish();
 * const v = decodeSetattr3Res(new XdrReader(chain));
 * console.log(chain.byteLength, v.status); // => 12 0
 * ```
 */
export function encodeSetattr3Res(w: XdrWriter, res: Setattr3Res): void {
  encodeRes3(w, res, encObjWcc, encObjWcc);
}

// RFC 1813 §3.3.3 LOOKUP

/**
 * RFC 1813 §3.3.3: decodes LOOKUP3args.
 *
 * @param r The reader.
 * @returns Directory and name.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeLookup3Args, encodeLookup3Args } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeLookup3Args(w, { dir: new Uint8Array([1]), name: ".." });
 * using chain = w.finish();
 * const v = decodeLookup3Args(new XdrReader(chain));
 * console.log(v); // => { dir: Uint8Array(1) [ 1 ], name: ".." }
 * ```
 */
export function decodeLookup3Args(r: XdrReader): Lookup3Args {
  return decodeDiropargs3(r);
}

/**
 * RFC 1813 §3.3.3: encodes LOOKUP3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeLookup3Res, encodeLookup3Res } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const w = new XdrWriter();
 * encodeLookup3Res(w, { status: 0, object: fh, objAttributes: null, dirAttributes: null });
 * using chain = w.finish();
 * const v = decodeLookup3Res(new XdrReader(chain));
 * console.log(v.status === 0 && v.object); // => Uint8Array(4) [ 1, 2, 3, 4 ]
 * ```
 */
export function encodeLookup3Res(w: XdrWriter, res: Lookup3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodeNfsFh3(w, v.object);
    encodePostOpAttr(w, v.objAttributes);
    encodePostOpAttr(w, v.dirAttributes);
  }, encDirAttributes);
}

// RFC 1813 §3.3.4 ACCESS

/**
 * RFC 1813 §3.3.4: decodes ACCESS3args.
 *
 * @param r The reader.
 * @returns Object and ACCESS3_* bits.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeAccess3Args, encodeAccess3Args } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const w = new XdrWriter();
 * encodeAccess3Args(w, { object: fh, access: 0x3f });
 * using chain = w.finish();
 * const v = decodeAccess3Args(new XdrReader(chain));
 * console.log(v.object.length, v.access); // => 4 63
 * ```
 */
export function decodeAccess3Args(r: XdrReader): Access3Args {
  return { object: decodeNfsFh3(r, "ACCESS3args.object"), access: r.uint("ACCESS3args.access") };
}

/**
 * RFC 1813 §3.3.4: encodes ACCESS3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { Access3, decodeAccess3Res, encodeAccess3Res } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeAccess3Res(w, { status: 0, objAttributes: null, access: Access3.ACCESS3_READ });
 * using chain = w.finish();
 * const v = decodeAccess3Res(new XdrReader(chain));
 * console.log(v.status === 0 && v.access); // => 1
 * ```
 */
export function encodeAccess3Res(w: XdrWriter, res: Access3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.objAttributes);
    w.uint(v.access);
  }, encObjAttributes);
}

// RFC 1813 §3.3.5 READLINK

/**
 * RFC 1813 §3.3.5: decodes READLINK3args.
 *
 * @param r The reader.
 * @returns The link's handle.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeReadlink3Args, encodeReadlink3Args } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeReadlink3Args(w, { symlink: new Uint8Array([42]) });
 * using chain = w.finish();
 * const v = decodeReadlink3Args(new XdrReader(chain));
 * console.log(v); // => { symlink: Uint8Array(1) [ 42 ] }
 * ```
 */
export function decodeReadlink3Args(r: XdrReader): Readlink3Args {
  return { symlink: decodeNfsFh3(r, "READLINK3args.symlink") };
}

/**
 * RFC 1813 §3.3.5: encodes READLINK3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @throws {TypeError} If a name or path holds "/" or NUL where it may not.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeReadlink3Res, encodeReadlink3Res } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeReadlink3Res(w, { status: 0, symlinkAttributes: null, data: "../target.txt" });
 * using chain = w.finish();
 * const v = decodeReadlink3Res(new XdrReader(chain));
 * console.log(v.status === 0 && v.data); // => ../target.txt
 * ```
 */
export function encodeReadlink3Res(w: XdrWriter, res: Readlink3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.symlinkAttributes);
    encodeNfspath3(w, v.data);
  }, (w, v) => encodePostOpAttr(w, v.symlinkAttributes));
}

// RFC 1813 §3.3.6 READ

/**
 * RFC 1813 §3.3.6: decodes READ3args.
 *
 * @param r The reader.
 * @returns File, offset, count.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeRead3Args, encodeRead3Args } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const w = new XdrWriter();
 * encodeRead3Args(w, { file: fh, offset: 2n ** 40n, count: 65536 });
 * using chain = w.finish();
 * const v = decodeRead3Args(new XdrReader(chain));
 * console.log(v.offset, v.count); // => 1099511627776n 65536
 * ```
 */
export function decodeRead3Args(r: XdrReader): Read3Args {
  return {
    file: decodeNfsFh3(r, "READ3args.file"),
    offset: r.uhyper("READ3args.offset"),
    count: r.uint("READ3args.count"),
  };
}

/**
 * RFC 1813 §3.3.6: encodes READ3res; the data is attached without a copy.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeRead3Res, encodeRead3Res } from "@nfs/client/nfs";
 * const data = new TextEncoder().encode("hello");
 * const w = new XdrWriter();
 * encodeRead3Res(w, { status: 0, fileAttributes: null, count: 5, eof: true, data });
 * using chain = w.finish();
 * const res = decodeRead3Res(new XdrReader(chain), { count: 512 });
 * console.log(res.status === 0 && new TextDecoder().decode(res.data)); // => hello
 * ```
 */
export function encodeRead3Res(w: XdrWriter, res: Read3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.fileAttributes);
    w.uint(v.count);
    w.bool(v.eof);
    w.opaqueExternal(v.data);
  }, (w, v) => encodePostOpAttr(w, v.fileAttributes));
}

// RFC 1813 §3.3.7 WRITE

/**
 * RFC 1813 §3.3.7: decodes WRITE3args. `data` is a view into the received buffers (valid
 * until the request chain is released) unless it straddled segments.
 *
 * @param r The reader.
 * @returns The arguments.
 * @throws {XdrError} If count differs from the data length.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeWrite3Args, encodeWrite3Args, StableHow } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const w = new XdrWriter();
 * encodeWrite3Args(w, {
 *   file: fh, offset: 8192, stable: StableHow.UNSTABLE, data: new Uint8Array(100),
 * });
 * using chain = w.finish();
 * const v = decodeWrite3Args(new XdrReader(chain));
 * console.log(v.offset, v.stable, v.data.length); // => 8192n 0 100
 * ```
 */
export function decodeWrite3Args(r: XdrReader): Write3Args {
  const file = decodeNfsFh3(r, "WRITE3args.file");
  const offset = r.uhyper("WRITE3args.offset");
  const count = r.uint("WRITE3args.count");
  const stable = decodeStableHow(r, "WRITE3args.stable");
  const at = r.position;
  const data = r.opaqueView(MAX_OPAQUE, "WRITE3args.data");
  if (data.length !== count) {
    throw new XdrError(
      "WRITE3args.data",
      at,
      `data length ${data.length} differs from count ${count}`,
    );
  }
  return { file, offset, stable, data };
}

/**
 * RFC 1813 §3.3.7: encodes WRITE3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeWrite3Res, encodeWrite3Res, StableHow } from "@nfs/client/nfs";
 * const wcc = { before: null, after: null };
 * const verf = new Uint8Array(8);
 * const w = new XdrWriter();
 * encodeWrite3Res(w, { status: 0, fileWcc: wcc, count: 3, committed: StableHow.FILE_SYNC, verf });
 * using chain = w.finish();
 * const v = decodeWrite3Res(new XdrReader(chain), { data: new Uint8Array(3) });
 * console.log(v.status === 0 && v.count); // => 3
 * ```
 */
export function encodeWrite3Res(w: XdrWriter, res: Write3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodeWccData(w, v.fileWcc);
    w.uint(v.count);
    w.enum(v.committed);
    encodeVerf3(w, v.verf, "writeverf3");
  }, encFileWcc);
}

// RFC 1813 §3.3.8 CREATE, §3.3.9 MKDIR, §3.3.10 SYMLINK, §3.3.11 MKNOD share one result

/**
 * RFC 1813 §3.3.8: decodes `createhow3`.
 *
 * @param r The reader.
 * @returns The creation mode and its data.
 * @throws {XdrError} If the mode is not 0..2, or the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { Createmode3, decodeCreatehow3, encodeCreatehow3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeCreatehow3(w, { mode: Createmode3.GUARDED, objAttributes: { mode: 0o644 } });
 * using chain = w.finish();
 * const v = decodeCreatehow3(new XdrReader(chain));
 * console.log(v.mode, "objAttributes" in v && v.objAttributes.mode); // => 1 420
 * ```
 */
export function decodeCreatehow3(r: XdrReader): Createhow3 {
  const mode = decodeEnum(r, 0, 2, "createhow3.mode");
  if (mode === Createmode3.EXCLUSIVE) return { mode, verf: decodeVerf3(r, "createverf3") };
  return { mode: mode as 0 | 1, objAttributes: decodeSattr3(r) };
}

/**
 * RFC 1813 §3.3.8: decodes CREATE3args.
 *
 * @param r The reader.
 * @returns Where and how.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { Createmode3, decodeCreate3Args, encodeCreate3Args } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const verf = new Uint8Array(8).fill(1);
 * const w = new XdrWriter();
 * encodeCreate3Args(w, {
 *   where: { dir: fh, name: "lock" }, how: { mode: Createmode3.EXCLUSIVE, verf },
 * });
 * using chain = w.finish();
 * const v = decodeCreate3Args(new XdrReader(chain));
 * console.log(v.how.mode, "verf" in v.how && v.how.verf[0]); // => 2 1
 * ```
 */
export function decodeCreate3Args(r: XdrReader): Create3Args {
  return { where: decodeDiropargs3(r), how: decodeCreatehow3(r) };
}

/**
 * RFC 1813 §3.3.8-11: encodes CREATE3res (MKDIR3res, SYMLINK3res and MKNOD3res are the same).
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeCreate3Res, encodeCreate3Res } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const wcc = { before: null, after: null };
 * const w = new XdrWriter();
 * encodeCreate3Res(w, { status: 0, obj: fh, objAttributes: null, dirWcc: wcc });
 * using chain = w.finish();
 * const v = decodeCreate3Res(new XdrReader(chain));
 * console.log(v.status === 0 && v.obj); // => Uint8Array(4) [ 1, 2, 3, 4 ]
 * ```
 */
export function encodeCreate3Res(w: XdrWriter, res: Create3Res): void {
  encodeRes3(w, res, (w, v: Create3Resok) => {
    encodePostOpFh3(w, v.obj);
    encodePostOpAttr(w, v.objAttributes);
    encodeWccData(w, v.dirWcc);
  }, encDirWcc);
}

/**
 * RFC 1813 §3.3.9: decodes MKDIR3args.
 *
 * @param r The reader.
 * @returns Where and initial attributes.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeMkdir3Args, encodeMkdir3Args } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const w = new XdrWriter();
 * encodeMkdir3Args(w, { where: { dir: fh, name: "tmp" }, attributes: {} });
 * using chain = w.finish();
 * const v = decodeMkdir3Args(new XdrReader(chain));
 * console.log(v.attributes); // => {}
 * ```
 */
export function decodeMkdir3Args(r: XdrReader): Mkdir3Args {
  return { where: decodeDiropargs3(r), attributes: decodeSattr3(r) };
}

/**
 * RFC 1813 §3.3.10: decodes SYMLINK3args.
 *
 * @param r The reader.
 * @returns Where, attributes and link text.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeSymlink3Args, encodeSymlink3Args } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const w = new XdrWriter();
 * encodeSymlink3Args(w, {
 *   where: { dir: fh, name: "l" },
 *   symlink: { symlinkAttributes: { mode: 0o777 }, symlinkData: "/" },
 * });
 * using chain = w.finish();
 * const v = decodeSymlink3Args(new XdrReader(chain));
 * console.log(v.symlink); // => { symlinkAttributes: { mode: 511 }, symlinkData: "/" }
 * ```
 */
export function decodeSymlink3Args(r: XdrReader): Symlink3Args {
  const where = decodeDiropargs3(r);
  const symlinkAttributes = decodeSattr3(r);
  return {
    where,
    symlink: { symlinkAttributes, symlinkData: decodeNfspath3(r, "symlinkdata3.symlink_data") },
  };
}

/**
 * RFC 1813 §3.3.11: decodes `mknoddata3`.
 *
 * @param r The reader.
 * @returns The type and its data.
 * @throws {XdrError} If the type is not 1..7, or the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeMknoddata3, encodeMknoddata3, Ftype3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeMknoddata3(w, { type: Ftype3.NF3FIFO, pipeAttributes: { mode: 0o600 } });
 * using chain = w.finish();
 * const v = decodeMknoddata3(new XdrReader(chain));
 * console.log(v); // => { type: 7, pipeAttributes: { mode: 384 } }
 * ```
 */
export function decodeMknoddata3(r: XdrReader): Mknoddata3 {
  const type = decodeEnum(r, 1, 7, "mknoddata3.type") as Ftype3;
  if (type === Ftype3.NF3CHR || type === Ftype3.NF3BLK) {
    const devAttributes = decodeSattr3(r);
    return { type, device: { devAttributes, spec: decodeSpecdata3(r) } };
  }
  if (type === Ftype3.NF3SOCK || type === Ftype3.NF3FIFO) {
    return { type, pipeAttributes: decodeSattr3(r) };
  }
  return { type };
}

/**
 * RFC 1813 §3.3.11: decodes MKNOD3args.
 *
 * @param r The reader.
 * @returns Where and what.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeMknod3Args, encodeMknod3Args, Ftype3 } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const w = new XdrWriter();
 * encodeMknod3Args(w, { where: { dir: fh, name: "f" }, what: { type: Ftype3.NF3REG } });
 * using chain = w.finish();
 * const v = decodeMknod3Args(new XdrReader(chain));
 * console.log(v.what); // => { type: 1 }
 * ```
 */
export function decodeMknod3Args(r: XdrReader): Mknod3Args {
  return { where: decodeDiropargs3(r), what: decodeMknoddata3(r) };
}

// RFC 1813 §3.3.12 REMOVE, §3.3.13 RMDIR: diropargs3 in, dir_wcc out

/**
 * RFC 1813 §3.3.12-13: encodes REMOVE3res / RMDIR3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeRemove3Res, encodeRemove3Res } from "@nfs/client/nfs";
 * const wcc = { before: null, after: null };
 * const w = new XdrWriter();
 * encodeRemove3Res(w, { status: 0, dirWcc: wcc });
 * using chain = w.finish();
 * const v = decodeRemove3Res(new XdrReader(chain));
 * console.log(chain.byteLength, v); // => 12 { status: 0, dirWcc: { before: null, after: null } }
 * ```
 */
export function encodeRemove3Res(w: XdrWriter, res: Res3<DirWcc, DirWcc>): void {
  encodeRes3(w, res, encDirWcc, encDirWcc);
}

// RFC 1813 §3.3.14 RENAME

/**
 * RFC 1813 §3.3.14: decodes RENAME3args.
 *
 * @param r The reader.
 * @returns From and to.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeRename3Args, encodeRename3Args } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeRename3Args(w, {
 *   from: { dir: new Uint8Array([1]), name: "a" }, to: { dir: new Uint8Array([2]), name: "b" },
 * });
 * using chain = w.finish();
 * const v = decodeRename3Args(new XdrReader(chain));
 * console.log(v.to); // => { dir: Uint8Array(1) [ 2 ], name: "b" }
 * ```
 */
export function decodeRename3Args(r: XdrReader): Rename3Args {
  const from = decodeDiropargs3(r);
  return { from, to: decodeDiropargs3(r) };
}

const encRenameWcc: Enc<Rename3Wcc> = (w, v) => {
  encodeWccData(w, v.fromdirWcc);
  encodeWccData(w, v.todirWcc);
};

/**
 * RFC 1813 §3.3.14: encodes RENAME3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeRename3Res, encodeRename3Res } from "@nfs/client/nfs";
 * const wcc = { before: null, after: null };
 * const w = new XdrWriter();
 * encodeRename3Res(w, { status: 0, fromdirWcc: wcc, todirWcc: wcc });
 * using chain = w.finish();
 * const v = decodeRename3Res(new XdrReader(chain));
 * console.log(chain.byteLength, v.status); // => 20 0
 * ```
 */
export function encodeRename3Res(w: XdrWriter, res: Rename3Res): void {
  encodeRes3(w, res, encRenameWcc, encRenameWcc);
}

// RFC 1813 §3.3.15 LINK

/**
 * RFC 1813 §3.3.15: decodes LINK3args.
 *
 * @param r The reader.
 * @returns The file and the new link's directory and name.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeLink3Args, encodeLink3Args } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const w = new XdrWriter();
 * encodeLink3Args(w, { file: fh, link: { dir: fh, name: "copy" } });
 * using chain = w.finish();
 * const v = decodeLink3Args(new XdrReader(chain));
 * console.log(v.file.length, v.link.dir.length, v.link.name); // => 4 4 copy
 * ```
 */
export function decodeLink3Args(r: XdrReader): Link3Args {
  const file = decodeNfsFh3(r, "LINK3args.file");
  return { file, link: decodeDiropargs3(r) };
}

const encLinkRes: Enc<Link3Resok> = (w, v) => {
  encodePostOpAttr(w, v.fileAttributes);
  encodeWccData(w, v.linkdirWcc);
};

/**
 * RFC 1813 §3.3.15: encodes LINK3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeLink3Res, encodeLink3Res } from "@nfs/client/nfs";
 * const wcc = { before: null, after: null };
 * const w = new XdrWriter();
 * encodeLink3Res(w, { status: 0, fileAttributes: null, linkdirWcc: wcc });
 * using chain = w.finish();
 * const v = decodeLink3Res(new XdrReader(chain));
 * console.log(chain.byteLength, v.status); // => 16 0
 * ```
 */
export function encodeLink3Res(w: XdrWriter, res: Link3Res): void {
  encodeRes3(w, res, encLinkRes, encLinkRes);
}

// RFC 1813 §3.3.16 READDIR, §3.3.17 READDIRPLUS

function encodeDirlist<T>(w: XdrWriter, list: { entries: T[]; eof: boolean }, entry: Enc<T>): void {
  for (const e of list.entries) {
    w.bool(true);
    entry(w, e);
  }
  w.bool(false);
  w.bool(list.eof);
}

const encEntry3: Enc<Entry3> = (w, e) => {
  w.uhyper(e.fileid);
  encodeFilename3(w, e.name);
  w.uhyper(e.cookie);
};
const encEntryplus3: Enc<Entryplus3> = (w, e) => {
  encEntry3(w, e);
  encodePostOpAttr(w, e.nameAttributes);
  encodePostOpFh3(w, e.nameHandle);
};

/**
 * RFC 1813 §3.3.16: decodes READDIR3args.
 *
 * @param r The reader.
 * @returns Directory, cookie, verifier, count.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeReaddir3Args, encodeReaddir3Args } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const w = new XdrWriter();
 * encodeReaddir3Args(w, {
 *   dir: fh, cookie: 2n ** 62n, cookieverf: new Uint8Array(8).fill(9), count: 8192,
 * });
 * using chain = w.finish();
 * const v = decodeReaddir3Args(new XdrReader(chain));
 * console.log(v.cookie, v.cookieverf[0]); // => 4611686018427387904n 9
 * ```
 */
export function decodeReaddir3Args(r: XdrReader): Readdir3Args {
  return {
    dir: decodeNfsFh3(r, "READDIR3args.dir"),
    cookie: r.uhyper("READDIR3args.cookie"),
    cookieverf: decodeVerf3(r, "READDIR3args.cookieverf"),
    count: r.uint("READDIR3args.count"),
  };
}

/**
 * RFC 1813 §3.3.16: encodes READDIR3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @throws {TypeError} If a name or path holds "/" or NUL where it may not.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeReaddir3Res, encodeReaddir3Res } from "@nfs/client/nfs";
 * const entries = [
 *   { fileid: 2n, name: "a.txt", cookie: 1n },
 *   { fileid: 3n, name: "b", cookie: 2n },
 * ];
 * const w = new XdrWriter();
 * encodeReaddir3Res(w, {
 *   status: 0, dirAttributes: null, cookieverf: new Uint8Array(8), reply: { entries, eof: true },
 * });
 * using chain = w.finish();
 * const res = decodeReaddir3Res(new XdrReader(chain), { count: 4096 });
 * const reply = res.status === 0 ? res.reply : undefined;
 * console.log(reply?.entries.map((e) => e.name), reply?.eof); // => [ "a.txt", "b" ] true
 * ```
 */
export function encodeReaddir3Res(w: XdrWriter, res: Readdir3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.dirAttributes);
    encodeVerf3(w, v.cookieverf);
    encodeDirlist(w, v.reply, encEntry3);
  }, encDirAttributes);
}

/**
 * RFC 1813 §3.3.17: decodes READDIRPLUS3args.
 *
 * @param r The reader.
 * @returns Directory, cookie, verifier, dircount, maxcount.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeReaddirplus3Args, encodeReaddirplus3Args } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const w = new XdrWriter();
 * encodeReaddirplus3Args(w, {
 *   dir: fh, cookie: 5n, cookieverf: new Uint8Array(8), dircount: 512, maxcount: 4096,
 * });
 * using chain = w.finish();
 * const v = decodeReaddirplus3Args(new XdrReader(chain));
 * console.log(v.cookie, v.dir); // => 5n Uint8Array(4) [ 1, 2, 3, 4 ]
 * ```
 */
export function decodeReaddirplus3Args(r: XdrReader): Readdirplus3Args {
  return {
    dir: decodeNfsFh3(r, "READDIRPLUS3args.dir"),
    cookie: r.uhyper("READDIRPLUS3args.cookie"),
    cookieverf: decodeVerf3(r, "READDIRPLUS3args.cookieverf"),
    dircount: r.uint("READDIRPLUS3args.dircount"),
    maxcount: r.uint("READDIRPLUS3args.maxcount"),
  };
}

/**
 * RFC 1813 §3.3.17: encodes READDIRPLUS3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @throws {TypeError} If a name or path holds "/" or NUL where it may not.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeReaddirplus3Res, encodeReaddirplus3Res } from "@nfs/client/nfs";
 * const entry = {
 *   fileid: 2n, name: "a.txt", cookie: 1n, nameAttributes: null, nameHandle: new Uint8Array([7]),
 * };
 * const w = new XdrWriter();
 * encodeReaddirplus3Res(w, {
 *   status: 0, dirAttributes: null, cookieverf: new Uint8Array(8),
 *   reply: { entries: [entry], eof: true },
 * });
 * using chain = w.finish();
 * const res = decodeReaddirplus3Res(new XdrReader(chain), { maxcount: 8192 });
 * const e = res.status === 0 ? res.reply.entries[0] : undefined;
 * console.log(e?.name, e?.nameHandle); // => a.txt Uint8Array(1) [ 7 ]
 * ```
 */
export function encodeReaddirplus3Res(w: XdrWriter, res: Readdirplus3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.dirAttributes);
    encodeVerf3(w, v.cookieverf);
    encodeDirlist(w, v.reply, encEntryplus3);
  }, encDirAttributes);
}

// RFC 1813 §3.3.18 FSSTAT, §3.3.19 FSINFO, §3.3.20 PATHCONF

/**
 * RFC 1813 §3.3.18-19: decodes FSSTAT3args / FSINFO3args.
 *
 * @param r The reader.
 * @returns The file system root handle.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeFsroot3Args, encodeFsroot3Args } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeFsroot3Args(w, { fsroot: new Uint8Array([1, 0]) });
 * using chain = w.finish();
 * const v = decodeFsroot3Args(new XdrReader(chain));
 * console.log(v); // => { fsroot: Uint8Array(2) [ 1, 0 ] }
 * ```
 */
export function decodeFsroot3Args(r: XdrReader): Fsroot3Args {
  return { fsroot: decodeNfsFh3(r, "fsroot") };
}

/**
 * RFC 1813 §3.3.18: encodes FSSTAT3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeFsstat3Res, encodeFsstat3Res } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeFsstat3Res(w, {
 *   status: 0, objAttributes: null, tbytes: 1000n, fbytes: 600n, abytes: 500n,
 *   tfiles: 100n, ffiles: 50n, afiles: 40n, invarsec: 0,
 * });
 * using chain = w.finish();
 * const res = decodeFsstat3Res(new XdrReader(chain));
 * console.log(chain.byteLength, res.status === 0 && res.abytes); // => 60 500n
 * ```
 */
export function encodeFsstat3Res(w: XdrWriter, res: Fsstat3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.objAttributes);
    for (const n of [v.tbytes, v.fbytes, v.abytes, v.tfiles, v.ffiles, v.afiles]) w.uhyper(n);
    w.uint(v.invarsec);
  }, encObjAttributes);
}

/**
 * RFC 1813 §3.3.19: encodes FSINFO3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeFsinfo3Res, encodeFsinfo3Res, Fsf3 } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodeFsinfo3Res(w, {
 *   status: 0, objAttributes: null, rtmax: 65536, rtpref: 65536, rtmult: 4096,
 *   wtmax: 65536, wtpref: 65536, wtmult: 4096, dtpref: 8192, maxfilesize: 2n ** 63n - 1n,
 *   timeDelta: { seconds: 0, nseconds: 1 }, properties: Fsf3.FSF3_LINK | Fsf3.FSF3_SYMLINK,
 * });
 * using chain = w.finish();
 * const res = decodeFsinfo3Res(new XdrReader(chain));
 * console.log(res.status === 0 && res.wtmax, res.status === 0 && res.properties); // => 65536 3
 * ```
 */
export function encodeFsinfo3Res(w: XdrWriter, res: Fsinfo3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.objAttributes);
    for (const n of [v.rtmax, v.rtpref, v.rtmult, v.wtmax, v.wtpref, v.wtmult, v.dtpref]) {
      w.uint(n);
    }
    w.uhyper(v.maxfilesize);
    encodeNfstime3(w, v.timeDelta);
    w.uint(v.properties);
  }, encObjAttributes);
}

/**
 * RFC 1813 §3.3.20: decodes PATHCONF3args.
 *
 * @param r The reader.
 * @returns The object.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodePathconf3Args, encodePathconf3Args } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodePathconf3Args(w, { object: new Uint8Array([3]) });
 * using chain = w.finish();
 * const v = decodePathconf3Args(new XdrReader(chain));
 * console.log(v); // => { object: Uint8Array(1) [ 3 ] }
 * ```
 */
export function decodePathconf3Args(r: XdrReader): Pathconf3Args {
  return { object: decodeNfsFh3(r, "PATHCONF3args.object") };
}

/**
 * RFC 1813 §3.3.20: encodes PATHCONF3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodePathconf3Res, encodePathconf3Res } from "@nfs/client/nfs";
 * const w = new XdrWriter();
 * encodePathconf3Res(w, {
 *   status: 0, objAttributes: null, linkmax: 32000, nameMax: 255,
 *   noTrunc: true, chownRestricted: true, caseInsensitive: false, casePreserving: true,
 * });
 * using chain = w.finish();
 * const res = decodePathconf3Res(new XdrReader(chain));
 * const ok = res.status === 0 ? res : undefined;
 * console.log(ok?.nameMax, ok?.caseInsensitive); // => 255 false
 * ```
 */
export function encodePathconf3Res(w: XdrWriter, res: Pathconf3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.objAttributes);
    w.uint(v.linkmax);
    w.uint(v.nameMax);
    for (const b of [v.noTrunc, v.chownRestricted, v.caseInsensitive, v.casePreserving]) {
      w.bool(b);
    }
  }, encObjAttributes);
}

// RFC 1813 §3.3.21 COMMIT

/**
 * RFC 1813 §3.3.21: decodes COMMIT3args.
 *
 * @param r The reader.
 * @returns File, offset, count.
 * @throws {XdrError} If the input is malformed or truncated.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeCommit3Args, encodeCommit3Args } from "@nfs/client/nfs";
 * const fh = new Uint8Array([1, 2, 3, 4]);
 * const w = new XdrWriter();
 * encodeCommit3Args(w, { file: fh, offset: 1n << 32n, count: 4096 });
 * using chain = w.finish();
 * const v = decodeCommit3Args(new XdrReader(chain));
 * console.log(v.offset, v.count); // => 4294967296n 4096
 * ```
 */
export function decodeCommit3Args(r: XdrReader): Commit3Args {
  return {
    file: decodeNfsFh3(r, "COMMIT3args.file"),
    offset: r.uhyper("COMMIT3args.offset"),
    count: r.uint("COMMIT3args.count"),
  };
}

/**
 * RFC 1813 §3.3.21: encodes COMMIT3res.
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * import { decodeCommit3Res, encodeCommit3Res } from "@nfs/client/nfs";
 * const wcc = { before: null, after: null };
 * const w = new XdrWriter();
 * encodeCommit3Res(w, { status: 0, fileWcc: wcc, verf: new Uint8Array(8).fill(3) });
 * using chain = w.finish();
 * const v = decodeCommit3Res(new XdrReader(chain));
 * console.log(v.status === 0 && v.verf[0]); // => 3
 * ```
 */
export function encodeCommit3Res(w: XdrWriter, res: Commit3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodeWccData(w, v.fileWcc);
    encodeVerf3(w, v.verf, "writeverf3");
  }, encFileWcc);
}

/** The NFSv3 procedure table with the server halves, keyed by RFC name. */
// deno-fmt-ignore
export const NFS3_SERVER: ServerTable<Nfs3Procedures> = serverTable(NFS3_PROCEDURES, {
  NULL: [decodeVoid, encodeVoid],
  GETATTR: [decodeGetattr3Args, encodeGetattr3Res],
  SETATTR: [decodeSetattr3Args, encodeSetattr3Res],
  LOOKUP: [decodeLookup3Args, encodeLookup3Res],
  ACCESS: [decodeAccess3Args, encodeAccess3Res],
  READLINK: [decodeReadlink3Args, encodeReadlink3Res],
  READ: [decodeRead3Args, encodeRead3Res],
  WRITE: [decodeWrite3Args, encodeWrite3Res],
  CREATE: [decodeCreate3Args, encodeCreate3Res],
  MKDIR: [decodeMkdir3Args, encodeCreate3Res],
  SYMLINK: [decodeSymlink3Args, encodeCreate3Res],
  MKNOD: [decodeMknod3Args, encodeCreate3Res],
  REMOVE: [decodeLookup3Args, encodeRemove3Res],
  RMDIR: [decodeLookup3Args, encodeRemove3Res],
  RENAME: [decodeRename3Args, encodeRename3Res],
  LINK: [decodeLink3Args, encodeLink3Res],
  READDIR: [decodeReaddir3Args, encodeReaddir3Res],
  READDIRPLUS: [decodeReaddirplus3Args, encodeReaddirplus3Res],
  FSSTAT: [decodeFsroot3Args, encodeFsstat3Res],
  FSINFO: [decodeFsroot3Args, encodeFsinfo3Res],
  PATHCONF: [decodePathconf3Args, encodePathconf3Res],
  COMMIT: [decodeCommit3Args, encodeCommit3Res],
});

/** The same procedures indexed by number (0..21), for the dispatcher. */
export const NFS3_SERVER_LIST: readonly ServerProcedure<unknown, unknown>[] = byNumber(NFS3_SERVER);
