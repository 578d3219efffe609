/**
 * Codecs of the RFC 1813 §3.3 procedures: for each, `encodeXxx3Args` / `decodeXxx3Res` (the
 * client side) and `decodeXxx3Args` / `encodeXxx3Res` (the server side, for test servers).
 *
 * Result decoders return `{ status: 0, ...resok }` or `{ status, ...resfail }`, failure
 * results included with their wcc_data / post_op_attr. READ and READDIR(PLUS) decoders take
 * the call's arguments to check the reply against what was asked.
 *
 * @module
 */
import { XdrError, type XdrReader, type XdrWriter } from "../../xdr/mod.ts";
import {
  decodeDiropargs3,
  decodeEnum,
  decodeFattr3,
  decodeFilename3,
  decodeNfsFh3,
  decodeNfspath3,
  decodeNfstime3,
  decodePostOpAttr,
  decodePostOpFh3,
  decodeSattr3,
  decodeSpecdata3,
  decodeStableHow,
  decodeVerf3,
  decodeWccData,
  encodeDiropargs3,
  encodeFattr3,
  encodeFilename3,
  encodeNfsFh3,
  encodeNfspath3,
  encodeNfstime3,
  encodePostOpAttr,
  encodePostOpFh3,
  encodeSattr3,
  encodeSpecdata3,
  encodeUint64,
  encodeVerf3,
  encodeWccData,
} from "./codec_types.ts";
import {
  type Access3Args,
  type Access3Res,
  type Commit3Args,
  type Commit3Res,
  type Create3Args,
  type Create3Res,
  type Create3Resok,
  type Createhow3,
  Createmode3,
  type DirAttributesFail,
  type Dirlist3,
  type DirWcc,
  type Entry3,
  type Entryplus3,
  type FileWcc,
  type Fsinfo3Res,
  type Fsroot3Args,
  type Fsstat3Res,
  Ftype3,
  type Getattr3Args,
  type Getattr3Res,
  type Link3Args,
  type Link3Res,
  type Link3Resok,
  type Lookup3Args,
  type Lookup3Res,
  type Mkdir3Args,
  type Mknod3Args,
  type Mknoddata3,
  type Nfsstat3Fail,
  type ObjAttributesFail,
  type ObjWcc,
  type Pathconf3Args,
  type Pathconf3Res,
  type Read3Args,
  type Read3Res,
  type Read3Resok,
  type Readdir3Args,
  type Readdir3Res,
  type Readdirplus3Args,
  type Readdirplus3Res,
  type Readlink3Args,
  type Readlink3Res,
  type Rename3Args,
  type Rename3Res,
  type Rename3Wcc,
  type Res3,
  type Setattr3Args,
  type Setattr3Res,
  type Symlink3Args,
  type Write3Args,
  type Write3Res,
} from "./types.ts";

/** Encodes one value of type `T`. */
export type Enc<T> = (w: XdrWriter, v: T) => void;
/** Decodes one value of type `T`. */
export type Dec<T> = (r: XdrReader) => T;

/** Largest opaque accepted for WRITE data when decoding arguments (bounded by bytes left). */
const MAX_OPAQUE = 0xffffffff;

/**
 * Decodes an `XXX3res` union: `nfsstat3`, then resok (NFS3_OK) or resfail (any other value,
 * including numbers the RFC does not list).
 *
 * @param r The reader.
 * @param ok Decodes the resok.
 * @param fail Decodes the resfail.
 * @returns The tagged result.
 */
export function decodeRes3<Ok, Fail>(r: XdrReader, ok: Dec<Ok>, fail: Dec<Fail>): Res3<Ok, Fail> {
  const status = r.enum("nfsstat3");
  if (status === 0) return { status: 0, ...ok(r) };
  return { status: status as Nfsstat3Fail, ...fail(r) };
}

/**
 * Encodes an `XXX3res` union.
 *
 * @param w The writer.
 * @param res The tagged result.
 * @param ok Encodes the resok.
 * @param fail Encodes the resfail.
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

const decVoid: Dec<Record<never, never>> = () => ({});
const encVoid: Enc<unknown> = () => {};
const decObjAttributes: Dec<ObjAttributesFail> = (r) => ({
  objAttributes: decodePostOpAttr(r, "obj_attributes"),
});
const encObjAttributes: Enc<ObjAttributesFail> = (w, v) => encodePostOpAttr(w, v.objAttributes);
const decDirAttributes: Dec<DirAttributesFail> = (r) => ({
  dirAttributes: decodePostOpAttr(r, "dir_attributes"),
});
const encDirAttributes: Enc<DirAttributesFail> = (w, v) => encodePostOpAttr(w, v.dirAttributes);
const decDirWcc: Dec<DirWcc> = (r) => ({ dirWcc: decodeWccData(r) });
const encDirWcc: Enc<DirWcc> = (w, v) => encodeWccData(w, v.dirWcc);
const decFileWcc: Dec<FileWcc> = (r) => ({ fileWcc: decodeWccData(r) });
const encFileWcc: Enc<FileWcc> = (w, v) => encodeWccData(w, v.fileWcc);
const decObjWcc: Dec<ObjWcc> = (r) => ({ objWcc: decodeWccData(r) });
const encObjWcc: Enc<ObjWcc> = (w, v) => encodeWccData(w, v.objWcc);

// RFC 1813 §3.3.0 NULL

/**
 * RFC 1813 §3.3.0: NULL has void arguments and results.
 *
 * @param _w The writer (nothing is written).
 */
export function encodeVoid(_w: XdrWriter): void {}

/**
 * RFC 1813 §3.3.0: decodes void (nothing to read).
 *
 * @param _r The reader.
 */
export function decodeVoid(_r: XdrReader): void {}

// RFC 1813 §3.3.1 GETATTR

/**
 * RFC 1813 §3.3.1: encodes GETATTR3args.
 *
 * @param w The writer.
 * @param a The arguments.
 */
export function encodeGetattr3Args(w: XdrWriter, a: Getattr3Args): void {
  encodeNfsFh3(w, a.object);
}

/**
 * RFC 1813 §3.3.1: decodes GETATTR3args.
 *
 * @param r The reader.
 * @returns The arguments.
 */
export function decodeGetattr3Args(r: XdrReader): Getattr3Args {
  return { object: decodeNfsFh3(r, "GETATTR3args.object") };
}

/**
 * RFC 1813 §3.3.1: encodes GETATTR3res.
 *
 * @param w The writer.
 * @param res The result.
 */
export function encodeGetattr3Res(w: XdrWriter, res: Getattr3Res): void {
  encodeRes3(w, res, (w, v) => encodeFattr3(w, v.objAttributes), encVoid);
}

/**
 * RFC 1813 §3.3.1: decodes GETATTR3res.
 *
 * @param r The reader.
 * @returns The result.
 */
export function decodeGetattr3Res(r: XdrReader): Getattr3Res {
  return decodeRes3(r, (r) => ({ objAttributes: decodeFattr3(r) }), decVoid);
}

// RFC 1813 §3.3.2 SETATTR

/**
 * RFC 1813 §3.3.2: encodes SETATTR3args (`guard` null = check FALSE).
 *
 * @param w The writer.
 * @param a The arguments.
 */
export function encodeSetattr3Args(w: XdrWriter, a: Setattr3Args): void {
  encodeNfsFh3(w, a.object);
  encodeSattr3(w, a.newAttributes);
  w.optional(a.guard, encodeNfstime3);
}

/**
 * RFC 1813 §3.3.2: decodes SETATTR3args.
 *
 * @param r The reader.
 * @returns The arguments.
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
 */
export function encodeSetattr3Res(w: XdrWriter, res: Setattr3Res): void {
  encodeRes3(w, res, encObjWcc, encObjWcc);
}

/**
 * RFC 1813 §3.3.2: decodes SETATTR3res.
 *
 * @param r The reader.
 * @returns The result.
 */
export function decodeSetattr3Res(r: XdrReader): Setattr3Res {
  return decodeRes3(r, decObjWcc, decObjWcc);
}

// RFC 1813 §3.3.3 LOOKUP

/**
 * RFC 1813 §3.3.3: encodes LOOKUP3args.
 *
 * @param w The writer.
 * @param a Directory and name.
 */
export function encodeLookup3Args(w: XdrWriter, a: Lookup3Args): void {
  encodeDiropargs3(w, a);
}

/**
 * RFC 1813 §3.3.3: decodes LOOKUP3args.
 *
 * @param r The reader.
 * @returns Directory and name.
 */
export function decodeLookup3Args(r: XdrReader): Lookup3Args {
  return decodeDiropargs3(r);
}

/**
 * RFC 1813 §3.3.3: encodes LOOKUP3res.
 *
 * @param w The writer.
 * @param res The result.
 */
export function encodeLookup3Res(w: XdrWriter, res: Lookup3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodeNfsFh3(w, v.object);
    encodePostOpAttr(w, v.objAttributes);
    encodePostOpAttr(w, v.dirAttributes);
  }, encDirAttributes);
}

/**
 * RFC 1813 §3.3.3: decodes LOOKUP3res.
 *
 * @param r The reader.
 * @returns The result.
 */
export function decodeLookup3Res(r: XdrReader): Lookup3Res {
  return decodeRes3(r, (r) => ({
    object: decodeNfsFh3(r, "LOOKUP3resok.object"),
    objAttributes: decodePostOpAttr(r, "LOOKUP3resok.obj_attributes"),
    dirAttributes: decodePostOpAttr(r, "LOOKUP3resok.dir_attributes"),
  }), decDirAttributes);
}

// RFC 1813 §3.3.4 ACCESS

/**
 * RFC 1813 §3.3.4: encodes ACCESS3args.
 *
 * @param w The writer.
 * @param a Object and ACCESS3_* bits.
 */
export function encodeAccess3Args(w: XdrWriter, a: Access3Args): void {
  encodeNfsFh3(w, a.object);
  w.uint(a.access);
}

/**
 * RFC 1813 §3.3.4: decodes ACCESS3args.
 *
 * @param r The reader.
 * @returns Object and ACCESS3_* bits.
 */
export function decodeAccess3Args(r: XdrReader): Access3Args {
  return { object: decodeNfsFh3(r, "ACCESS3args.object"), access: r.uint("ACCESS3args.access") };
}

/**
 * RFC 1813 §3.3.4: encodes ACCESS3res.
 *
 * @param w The writer.
 * @param res The result.
 */
export function encodeAccess3Res(w: XdrWriter, res: Access3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.objAttributes);
    w.uint(v.access);
  }, encObjAttributes);
}

/**
 * RFC 1813 §3.3.4: decodes ACCESS3res.
 *
 * @param r The reader.
 * @returns The result.
 */
export function decodeAccess3Res(r: XdrReader): Access3Res {
  return decodeRes3(r, (r) => ({
    objAttributes: decodePostOpAttr(r, "ACCESS3resok.obj_attributes"),
    access: r.uint("ACCESS3resok.access"),
  }), decObjAttributes);
}

// RFC 1813 §3.3.5 READLINK

/**
 * RFC 1813 §3.3.5: encodes READLINK3args.
 *
 * @param w The writer.
 * @param a The link's handle.
 */
export function encodeReadlink3Args(w: XdrWriter, a: Readlink3Args): void {
  encodeNfsFh3(w, a.symlink);
}

/**
 * RFC 1813 §3.3.5: decodes READLINK3args.
 *
 * @param r The reader.
 * @returns The link's handle.
 */
export function decodeReadlink3Args(r: XdrReader): Readlink3Args {
  return { symlink: decodeNfsFh3(r, "READLINK3args.symlink") };
}

/**
 * RFC 1813 §3.3.5: encodes READLINK3res.
 *
 * @param w The writer.
 * @param res The result.
 */
export function encodeReadlink3Res(w: XdrWriter, res: Readlink3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.symlinkAttributes);
    encodeNfspath3(w, v.data);
  }, (w, v) => encodePostOpAttr(w, v.symlinkAttributes));
}

/**
 * RFC 1813 §3.3.5: decodes READLINK3res.
 *
 * @param r The reader.
 * @returns The result.
 */
export function decodeReadlink3Res(r: XdrReader): Readlink3Res {
  const attrs = (r: XdrReader) => decodePostOpAttr(r, "READLINK3res.symlink_attributes");
  return decodeRes3(
    r,
    (r) => ({ symlinkAttributes: attrs(r), data: decodeNfspath3(r, "READLINK3resok.data") }),
    (r) => ({ symlinkAttributes: attrs(r) }),
  );
}

// RFC 1813 §3.3.6 READ

/**
 * Bytes of a READ reply record from the XID up to the first data byte, in the usual case:
 * RPC reply header with an AUTH_NONE verifier (24), nfsstat3 (4), post_op_attr with
 * attributes (4 + 84), count (4), eof (4), data length (4).
 */
export const READ3_REPLY_HINT = 128;

/**
 * RFC 1813 §3.3.6: encodes READ3args.
 *
 * @param w The writer.
 * @param a File, offset, count.
 */
export function encodeRead3Args(w: XdrWriter, a: Read3Args): void {
  encodeNfsFh3(w, a.file);
  encodeUint64(w, a.offset);
  w.uint(a.count);
}

/**
 * RFC 1813 §3.3.6: decodes READ3args.
 *
 * @param r The reader.
 * @returns File, offset, count.
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
 */
export function encodeRead3Res(w: XdrWriter, res: Read3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.fileAttributes);
    w.uint(v.count);
    w.bool(v.eof);
    w.opaqueExternal(v.data);
  }, (w, v) => encodePostOpAttr(w, v.fileAttributes));
}

/** Decodes READ3resok up to (not including) the data, checking `count` against the request. */
function decodeRead3Head(
  r: XdrReader,
  requested: number | undefined,
  room: number,
  roomWhat = "buffer",
): Omit<Read3Resok, "data"> {
  const fileAttributes = decodePostOpAttr(r, "READ3resok.file_attributes");
  const at = r.position;
  const count = r.uint("READ3resok.count");
  if (requested !== undefined && count > requested) {
    throw new XdrError("READ3resok.count", at, `count ${count} exceeds the ${requested} requested`);
  }
  if (count > room) {
    throw new XdrError(
      "READ3resok.count",
      at,
      `count ${count} exceeds the ${room} bytes of the ${roomWhat}`,
    );
  }
  return { fileAttributes, count, eof: r.bool("READ3resok.eof") };
}

/**
 * RFC 1813 §3.3.6: decodes READ3res. The data goes into `dest` (when the transport already
 * received it there, nothing is copied); without `dest` a buffer of `count` bytes is made.
 *
 * @param r The reader.
 * @param args The call's arguments: the reply's count must not exceed `args.count`.
 * @param dest The caller's buffer.
 * @returns The result; `data` is `dest.subarray(0, count)`.
 * @throws {XdrError} If count exceeds the request or the buffer, or the data length is not count.
 */
export function decodeRead3Res(
  r: XdrReader,
  args?: Pick<Read3Args, "count">,
  dest?: Uint8Array,
): Read3Res {
  return decodeRes3(r, (r) => {
    const head = dest === undefined
      ? decodeRead3Head(r, args?.count, Math.max(0, r.remaining - 12), "reply")
      : decodeRead3Head(r, args?.count, dest.length);
    const buf = dest ?? new Uint8Array(head.count);
    const at = r.position;
    const n = r.opaqueInto(buf, "READ3resok.data");
    if (n !== head.count) {
      throw new XdrError(
        "READ3resok.data",
        at,
        `data length ${n} differs from count ${head.count}`,
      );
    }
    return { ...head, data: buf.subarray(0, n) };
  }, (r) => ({ fileAttributes: decodePostOpAttr(r, "READ3resfail.file_attributes") }));
}

/**
 * The `locate` step of a READ reply sink: decodes the result head up to and including the
 * data's length word, with the same checks as {@linkcode decodeRead3Res}.
 *
 * @param r A reader positioned after the RPC accept_stat.
 * @param args The call's arguments.
 * @param dest The caller's buffer.
 * @returns The data length, or -1 when the status is not NFS3_OK.
 */
export function locateRead3Data(
  r: XdrReader,
  args: Pick<Read3Args, "count">,
  dest: Uint8Array,
): number {
  if (r.enum("nfsstat3") !== 0) return -1;
  const { count } = decodeRead3Head(r, args.count, dest.length);
  const at = r.position;
  const n = r.uint("READ3resok.data");
  if (n !== count) {
    throw new XdrError("READ3resok.data", at, `data length ${n} differs from count ${count}`);
  }
  return n;
}

// RFC 1813 §3.3.7 WRITE

/**
 * RFC 1813 §3.3.7: encodes WRITE3args; `data` is attached to the request without a copy
 * (count = `data.length`).
 *
 * @param w The writer.
 * @param a File, offset, stable_how and data.
 */
export function encodeWrite3Args(w: XdrWriter, a: Write3Args): void {
  encodeNfsFh3(w, a.file);
  encodeUint64(w, a.offset);
  w.uint(a.data.length);
  w.enum(a.stable);
  w.opaqueExternal(a.data);
}

/**
 * RFC 1813 §3.3.7: decodes WRITE3args. `data` is a view into the received buffers (valid
 * until the request chain is released) unless it straddled segments.
 *
 * @param r The reader.
 * @returns The arguments.
 * @throws {XdrError} If count differs from the data length.
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
 */
export function encodeWrite3Res(w: XdrWriter, res: Write3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodeWccData(w, v.fileWcc);
    w.uint(v.count);
    w.enum(v.committed);
    encodeVerf3(w, v.verf, "writeverf3");
  }, encFileWcc);
}

/**
 * RFC 1813 §3.3.7: decodes WRITE3res.
 *
 * @param r The reader.
 * @param args The call's arguments: the reply's count must not exceed `args.data.length`.
 * @returns The result.
 */
export function decodeWrite3Res(r: XdrReader, args?: Pick<Write3Args, "data">): Write3Res {
  return decodeRes3(r, (r) => {
    const fileWcc = decodeWccData(r);
    const at = r.position;
    const count = r.uint("WRITE3resok.count");
    if (args !== undefined && count > args.data.length) {
      throw new XdrError(
        "WRITE3resok.count",
        at,
        `count ${count} exceeds the ${args.data.length} sent`,
      );
    }
    const committed = decodeStableHow(r, "WRITE3resok.committed");
    return { fileWcc, count, committed, verf: decodeVerf3(r, "WRITE3resok.verf") };
  }, decFileWcc);
}

// RFC 1813 §3.3.8 CREATE, §3.3.9 MKDIR, §3.3.10 SYMLINK, §3.3.11 MKNOD share one result

/**
 * RFC 1813 §3.3.8: encodes `createhow3`.
 *
 * @param w The writer.
 * @param how UNCHECKED/GUARDED with sattr3, or EXCLUSIVE with a createverf3.
 */
export function encodeCreatehow3(w: XdrWriter, how: Createhow3): void {
  w.enum(how.mode);
  if (how.mode === Createmode3.EXCLUSIVE) encodeVerf3(w, how.verf, "createverf3");
  else if (how.mode === Createmode3.UNCHECKED || how.mode === Createmode3.GUARDED) {
    encodeSattr3(w, how.objAttributes);
  } else throw new RangeError(`Cannot encode createhow3: mode ${(how as Createhow3).mode}`);
}

/**
 * RFC 1813 §3.3.8: decodes `createhow3`.
 *
 * @param r The reader.
 * @returns The creation mode and its data.
 */
export function decodeCreatehow3(r: XdrReader): Createhow3 {
  const mode = decodeEnum(r, 0, 2, "createhow3.mode");
  if (mode === Createmode3.EXCLUSIVE) return { mode, verf: decodeVerf3(r, "createverf3") };
  return { mode: mode as 0 | 1, objAttributes: decodeSattr3(r) };
}

/**
 * RFC 1813 §3.3.8: encodes CREATE3args.
 *
 * @param w The writer.
 * @param a Where and how.
 */
export function encodeCreate3Args(w: XdrWriter, a: Create3Args): void {
  encodeDiropargs3(w, a.where);
  encodeCreatehow3(w, a.how);
}

/**
 * RFC 1813 §3.3.8: decodes CREATE3args.
 *
 * @param r The reader.
 * @returns Where and how.
 */
export function decodeCreate3Args(r: XdrReader): Create3Args {
  return { where: decodeDiropargs3(r), how: decodeCreatehow3(r) };
}

/**
 * RFC 1813 §3.3.8-11: encodes CREATE3res (MKDIR3res, SYMLINK3res and MKNOD3res are the same).
 *
 * @param w The writer.
 * @param res The result.
 */
export function encodeCreate3Res(w: XdrWriter, res: Create3Res): void {
  encodeRes3(w, res, (w, v: Create3Resok) => {
    encodePostOpFh3(w, v.obj);
    encodePostOpAttr(w, v.objAttributes);
    encodeWccData(w, v.dirWcc);
  }, encDirWcc);
}

/**
 * RFC 1813 §3.3.8-11: decodes CREATE3res (MKDIR3res, SYMLINK3res and MKNOD3res are the same).
 *
 * @param r The reader.
 * @returns The result.
 */
export function decodeCreate3Res(r: XdrReader): Create3Res {
  return decodeRes3(r, (r) => ({
    obj: decodePostOpFh3(r),
    objAttributes: decodePostOpAttr(r, "obj_attributes"),
    dirWcc: decodeWccData(r),
  }), decDirWcc);
}

/**
 * RFC 1813 §3.3.9: encodes MKDIR3args.
 *
 * @param w The writer.
 * @param a Where and initial attributes.
 */
export function encodeMkdir3Args(w: XdrWriter, a: Mkdir3Args): void {
  encodeDiropargs3(w, a.where);
  encodeSattr3(w, a.attributes);
}

/**
 * RFC 1813 §3.3.9: decodes MKDIR3args.
 *
 * @param r The reader.
 * @returns Where and initial attributes.
 */
export function decodeMkdir3Args(r: XdrReader): Mkdir3Args {
  return { where: decodeDiropargs3(r), attributes: decodeSattr3(r) };
}

/**
 * RFC 1813 §3.3.10: encodes SYMLINK3args.
 *
 * @param w The writer.
 * @param a Where, attributes and link text.
 */
export function encodeSymlink3Args(w: XdrWriter, a: Symlink3Args): void {
  encodeDiropargs3(w, a.where);
  encodeSattr3(w, a.symlink.symlinkAttributes);
  encodeNfspath3(w, a.symlink.symlinkData);
}

/**
 * RFC 1813 §3.3.10: decodes SYMLINK3args.
 *
 * @param r The reader.
 * @returns Where, attributes and link text.
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
 * RFC 1813 §3.3.11: encodes `mknoddata3`.
 *
 * @param w The writer.
 * @param m The type and its data.
 */
export function encodeMknoddata3(w: XdrWriter, m: Mknoddata3): void {
  w.enum(m.type);
  if (m.type === Ftype3.NF3CHR || m.type === Ftype3.NF3BLK) {
    encodeSattr3(w, m.device.devAttributes);
    encodeSpecdata3(w, m.device.spec);
  } else if (m.type === Ftype3.NF3SOCK || m.type === Ftype3.NF3FIFO) {
    encodeSattr3(w, m.pipeAttributes);
  }
}

/**
 * RFC 1813 §3.3.11: decodes `mknoddata3`.
 *
 * @param r The reader.
 * @returns The type and its data.
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
 * RFC 1813 §3.3.11: encodes MKNOD3args.
 *
 * @param w The writer.
 * @param a Where and what.
 */
export function encodeMknod3Args(w: XdrWriter, a: Mknod3Args): void {
  encodeDiropargs3(w, a.where);
  encodeMknoddata3(w, a.what);
}

/**
 * RFC 1813 §3.3.11: decodes MKNOD3args.
 *
 * @param r The reader.
 * @returns Where and what.
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
 */
export function encodeRemove3Res(w: XdrWriter, res: Res3<DirWcc, DirWcc>): void {
  encodeRes3(w, res, encDirWcc, encDirWcc);
}

/**
 * RFC 1813 §3.3.12-13: decodes REMOVE3res / RMDIR3res.
 *
 * @param r The reader.
 * @returns The result.
 */
export function decodeRemove3Res(r: XdrReader): Res3<DirWcc, DirWcc> {
  return decodeRes3(r, decDirWcc, decDirWcc);
}

// RFC 1813 §3.3.14 RENAME

/**
 * RFC 1813 §3.3.14: encodes RENAME3args.
 *
 * @param w The writer.
 * @param a From and to.
 */
export function encodeRename3Args(w: XdrWriter, a: Rename3Args): void {
  encodeDiropargs3(w, a.from);
  encodeDiropargs3(w, a.to);
}

/**
 * RFC 1813 §3.3.14: decodes RENAME3args.
 *
 * @param r The reader.
 * @returns From and to.
 */
export function decodeRename3Args(r: XdrReader): Rename3Args {
  const from = decodeDiropargs3(r);
  return { from, to: decodeDiropargs3(r) };
}

const decRenameWcc: Dec<Rename3Wcc> = (r) => {
  const fromdirWcc = decodeWccData(r);
  return { fromdirWcc, todirWcc: decodeWccData(r) };
};
const encRenameWcc: Enc<Rename3Wcc> = (w, v) => {
  encodeWccData(w, v.fromdirWcc);
  encodeWccData(w, v.todirWcc);
};

/**
 * RFC 1813 §3.3.14: encodes RENAME3res.
 *
 * @param w The writer.
 * @param res The result.
 */
export function encodeRename3Res(w: XdrWriter, res: Rename3Res): void {
  encodeRes3(w, res, encRenameWcc, encRenameWcc);
}

/**
 * RFC 1813 §3.3.14: decodes RENAME3res.
 *
 * @param r The reader.
 * @returns The result.
 */
export function decodeRename3Res(r: XdrReader): Rename3Res {
  return decodeRes3(r, decRenameWcc, decRenameWcc);
}

// RFC 1813 §3.3.15 LINK

/**
 * RFC 1813 §3.3.15: encodes LINK3args.
 *
 * @param w The writer.
 * @param a The file and the new link's directory and name.
 */
export function encodeLink3Args(w: XdrWriter, a: Link3Args): void {
  encodeNfsFh3(w, a.file);
  encodeDiropargs3(w, a.link);
}

/**
 * RFC 1813 §3.3.15: decodes LINK3args.
 *
 * @param r The reader.
 * @returns The file and the new link's directory and name.
 */
export function decodeLink3Args(r: XdrReader): Link3Args {
  const file = decodeNfsFh3(r, "LINK3args.file");
  return { file, link: decodeDiropargs3(r) };
}

const decLinkRes: Dec<Link3Resok> = (r) => {
  const fileAttributes = decodePostOpAttr(r, "LINK3res.file_attributes");
  return { fileAttributes, linkdirWcc: decodeWccData(r) };
};
const encLinkRes: Enc<Link3Resok> = (w, v) => {
  encodePostOpAttr(w, v.fileAttributes);
  encodeWccData(w, v.linkdirWcc);
};

/**
 * RFC 1813 §3.3.15: encodes LINK3res.
 *
 * @param w The writer.
 * @param res The result.
 */
export function encodeLink3Res(w: XdrWriter, res: Link3Res): void {
  encodeRes3(w, res, encLinkRes, encLinkRes);
}

/**
 * RFC 1813 §3.3.15: decodes LINK3res.
 *
 * @param r The reader.
 * @returns The result.
 */
export function decodeLink3Res(r: XdrReader): Link3Res {
  return decodeRes3(r, decLinkRes, decLinkRes);
}

// RFC 1813 §3.3.16 READDIR, §3.3.17 READDIRPLUS

/**
 * Decodes a `dirlist3`/`dirlistplus3`: a linked list of optional-data entries, then eof.
 * The loop is bounded by bytes: the list may not take more than `max` encoded bytes (the
 * request's count/maxcount), and each entry consumes at least 24 bytes of the reply.
 */
function decodeDirlist<T>(
  r: XdrReader,
  max: number | undefined,
  what: string,
  entry: Dec<T>,
): { entries: T[]; eof: boolean } {
  const start = r.position;
  const entries: T[] = [];
  while (r.bool(`${what}.value_follows`)) {
    entries.push(entry(r));
    if (max !== undefined && r.position - start > max) {
      throw new XdrError(
        what,
        start,
        `${entries.length} entries take more than the ${max} bytes requested`,
      );
    }
  }
  return { entries, eof: r.bool(`${what}.eof`) };
}

function encodeDirlist<T>(w: XdrWriter, list: { entries: T[]; eof: boolean }, entry: Enc<T>): void {
  for (const e of list.entries) {
    w.bool(true);
    entry(w, e);
  }
  w.bool(false);
  w.bool(list.eof);
}

const decEntry3: Dec<Entry3> = (r) => ({
  fileid: r.uhyper("entry3.fileid"),
  name: decodeFilename3(r, "entry3.name"),
  cookie: r.uhyper("entry3.cookie"),
});
const encEntry3: Enc<Entry3> = (w, e) => {
  w.uhyper(e.fileid);
  encodeFilename3(w, e.name);
  w.uhyper(e.cookie);
};
const decEntryplus3: Dec<Entryplus3> = (r) => ({
  fileid: r.uhyper("entryplus3.fileid"),
  name: decodeFilename3(r, "entryplus3.name"),
  cookie: r.uhyper("entryplus3.cookie"),
  nameAttributes: decodePostOpAttr(r, "entryplus3.name_attributes"),
  nameHandle: decodePostOpFh3(r),
});
const encEntryplus3: Enc<Entryplus3> = (w, e) => {
  encEntry3(w, e);
  encodePostOpAttr(w, e.nameAttributes);
  encodePostOpFh3(w, e.nameHandle);
};

/**
 * RFC 1813 §3.3.16: encodes READDIR3args.
 *
 * @param w The writer.
 * @param a Directory, cookie, verifier, count.
 */
export function encodeReaddir3Args(w: XdrWriter, a: Readdir3Args): void {
  encodeNfsFh3(w, a.dir);
  encodeUint64(w, a.cookie);
  encodeVerf3(w, a.cookieverf);
  w.uint(a.count);
}

/**
 * RFC 1813 §3.3.16: decodes READDIR3args.
 *
 * @param r The reader.
 * @returns Directory, cookie, verifier, count.
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
 */
export function encodeReaddir3Res(w: XdrWriter, res: Readdir3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.dirAttributes);
    encodeVerf3(w, v.cookieverf);
    encodeDirlist(w, v.reply, encEntry3);
  }, encDirAttributes);
}

/**
 * RFC 1813 §3.3.16: decodes READDIR3res.
 *
 * @param r The reader.
 * @param args The call's arguments: the entries may not take more than `args.count` bytes.
 * @returns The result.
 */
export function decodeReaddir3Res(r: XdrReader, args?: Pick<Readdir3Args, "count">): Readdir3Res {
  return decodeRes3(r, (r) => {
    const dirAttributes = decodePostOpAttr(r, "READDIR3resok.dir_attributes");
    const cookieverf = decodeVerf3(r, "READDIR3resok.cookieverf");
    const reply: Dirlist3 = decodeDirlist(r, args?.count, "entry3", decEntry3);
    return { dirAttributes, cookieverf, reply };
  }, decDirAttributes);
}

/**
 * RFC 1813 §3.3.17: encodes READDIRPLUS3args.
 *
 * @param w The writer.
 * @param a Directory, cookie, verifier, dircount, maxcount.
 */
export function encodeReaddirplus3Args(w: XdrWriter, a: Readdirplus3Args): void {
  encodeNfsFh3(w, a.dir);
  encodeUint64(w, a.cookie);
  encodeVerf3(w, a.cookieverf);
  w.uint(a.dircount);
  w.uint(a.maxcount);
}

/**
 * RFC 1813 §3.3.17: decodes READDIRPLUS3args.
 *
 * @param r The reader.
 * @returns Directory, cookie, verifier, dircount, maxcount.
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
 */
export function encodeReaddirplus3Res(w: XdrWriter, res: Readdirplus3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.dirAttributes);
    encodeVerf3(w, v.cookieverf);
    encodeDirlist(w, v.reply, encEntryplus3);
  }, encDirAttributes);
}

/**
 * RFC 1813 §3.3.17: decodes READDIRPLUS3res.
 *
 * @param r The reader.
 * @param args The call's arguments: the entries may not take more than `args.maxcount` bytes.
 * @returns The result.
 */
export function decodeReaddirplus3Res(
  r: XdrReader,
  args?: Pick<Readdirplus3Args, "maxcount">,
): Readdirplus3Res {
  return decodeRes3(r, (r) => {
    const dirAttributes = decodePostOpAttr(r, "READDIRPLUS3resok.dir_attributes");
    const cookieverf = decodeVerf3(r, "READDIRPLUS3resok.cookieverf");
    const reply = decodeDirlist(r, args?.maxcount, "entryplus3", decEntryplus3);
    return { dirAttributes, cookieverf, reply };
  }, decDirAttributes);
}

// RFC 1813 §3.3.18 FSSTAT, §3.3.19 FSINFO, §3.3.20 PATHCONF

/**
 * RFC 1813 §3.3.18-19: encodes FSSTAT3args / FSINFO3args.
 *
 * @param w The writer.
 * @param a The file system root handle.
 */
export function encodeFsroot3Args(w: XdrWriter, a: Fsroot3Args): void {
  encodeNfsFh3(w, a.fsroot);
}

/**
 * RFC 1813 §3.3.18-19: decodes FSSTAT3args / FSINFO3args.
 *
 * @param r The reader.
 * @returns The file system root handle.
 */
export function decodeFsroot3Args(r: XdrReader): Fsroot3Args {
  return { fsroot: decodeNfsFh3(r, "fsroot") };
}

/**
 * RFC 1813 §3.3.18: encodes FSSTAT3res.
 *
 * @param w The writer.
 * @param res The result.
 */
export function encodeFsstat3Res(w: XdrWriter, res: Fsstat3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodePostOpAttr(w, v.objAttributes);
    for (const n of [v.tbytes, v.fbytes, v.abytes, v.tfiles, v.ffiles, v.afiles]) w.uhyper(n);
    w.uint(v.invarsec);
  }, encObjAttributes);
}

/**
 * RFC 1813 §3.3.18: decodes FSSTAT3res.
 *
 * @param r The reader.
 * @returns The result.
 */
export function decodeFsstat3Res(r: XdrReader): Fsstat3Res {
  return decodeRes3(r, (r) => ({
    objAttributes: decodePostOpAttr(r, "FSSTAT3resok.obj_attributes"),
    tbytes: r.uhyper("FSSTAT3resok.tbytes"),
    fbytes: r.uhyper("FSSTAT3resok.fbytes"),
    abytes: r.uhyper("FSSTAT3resok.abytes"),
    tfiles: r.uhyper("FSSTAT3resok.tfiles"),
    ffiles: r.uhyper("FSSTAT3resok.ffiles"),
    afiles: r.uhyper("FSSTAT3resok.afiles"),
    invarsec: r.uint("FSSTAT3resok.invarsec"),
  }), decObjAttributes);
}

/**
 * RFC 1813 §3.3.19: encodes FSINFO3res.
 *
 * @param w The writer.
 * @param res The result.
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
 * RFC 1813 §3.3.19: decodes FSINFO3res.
 *
 * @param r The reader.
 * @returns The result.
 */
export function decodeFsinfo3Res(r: XdrReader): Fsinfo3Res {
  return decodeRes3(r, (r) => ({
    objAttributes: decodePostOpAttr(r, "FSINFO3resok.obj_attributes"),
    rtmax: r.uint("FSINFO3resok.rtmax"),
    rtpref: r.uint("FSINFO3resok.rtpref"),
    rtmult: r.uint("FSINFO3resok.rtmult"),
    wtmax: r.uint("FSINFO3resok.wtmax"),
    wtpref: r.uint("FSINFO3resok.wtpref"),
    wtmult: r.uint("FSINFO3resok.wtmult"),
    dtpref: r.uint("FSINFO3resok.dtpref"),
    maxfilesize: r.uhyper("FSINFO3resok.maxfilesize"),
    timeDelta: decodeNfstime3(r, "FSINFO3resok.time_delta"),
    properties: r.uint("FSINFO3resok.properties"),
  }), decObjAttributes);
}

/**
 * RFC 1813 §3.3.20: encodes PATHCONF3args.
 *
 * @param w The writer.
 * @param a The object.
 */
export function encodePathconf3Args(w: XdrWriter, a: Pathconf3Args): void {
  encodeNfsFh3(w, a.object);
}

/**
 * RFC 1813 §3.3.20: decodes PATHCONF3args.
 *
 * @param r The reader.
 * @returns The object.
 */
export function decodePathconf3Args(r: XdrReader): Pathconf3Args {
  return { object: decodeNfsFh3(r, "PATHCONF3args.object") };
}

/**
 * RFC 1813 §3.3.20: encodes PATHCONF3res.
 *
 * @param w The writer.
 * @param res The result.
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

/**
 * RFC 1813 §3.3.20: decodes PATHCONF3res.
 *
 * @param r The reader.
 * @returns The result.
 */
export function decodePathconf3Res(r: XdrReader): Pathconf3Res {
  return decodeRes3(r, (r) => ({
    objAttributes: decodePostOpAttr(r, "PATHCONF3resok.obj_attributes"),
    linkmax: r.uint("PATHCONF3resok.linkmax"),
    nameMax: r.uint("PATHCONF3resok.name_max"),
    noTrunc: r.bool("PATHCONF3resok.no_trunc"),
    chownRestricted: r.bool("PATHCONF3resok.chown_restricted"),
    caseInsensitive: r.bool("PATHCONF3resok.case_insensitive"),
    casePreserving: r.bool("PATHCONF3resok.case_preserving"),
  }), decObjAttributes);
}

// RFC 1813 §3.3.21 COMMIT

/**
 * RFC 1813 §3.3.21: encodes COMMIT3args.
 *
 * @param w The writer.
 * @param a File, offset, count.
 */
export function encodeCommit3Args(w: XdrWriter, a: Commit3Args): void {
  encodeNfsFh3(w, a.file);
  encodeUint64(w, a.offset);
  w.uint(a.count);
}

/**
 * RFC 1813 §3.3.21: decodes COMMIT3args.
 *
 * @param r The reader.
 * @returns File, offset, count.
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
 */
export function encodeCommit3Res(w: XdrWriter, res: Commit3Res): void {
  encodeRes3(w, res, (w, v) => {
    encodeWccData(w, v.fileWcc);
    encodeVerf3(w, v.verf, "writeverf3");
  }, encFileWcc);
}

/**
 * RFC 1813 §3.3.21: decodes COMMIT3res.
 *
 * @param r The reader.
 * @returns The result.
 */
export function decodeCommit3Res(r: XdrReader): Commit3Res {
  return decodeRes3(r, (r) => {
    const fileWcc = decodeWccData(r);
    return { fileWcc, verf: decodeVerf3(r, "COMMIT3resok.verf") };
  }, decFileWcc);
}
