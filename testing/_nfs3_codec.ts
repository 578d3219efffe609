/**
 * The server half of the NFS version 3 codecs (RFC 1813 §3.3): `decodeXxx3Args` /
 * `encodeXxx3Res` and the type codecs only a server needs, for the test server and the
 * tests that re-encode captured messages. The client half is in `nfs/v3/`.
 *
 * @module
 */
import { decodeEnum, decodeVoid, type Enc, encodeVoid } from "../nfs/_program.ts";
import { NFS3_PROCEDURES, type Nfs3Procedures } from "../nfs/v3/procedures.ts";
import { byNumber, type ServerProcedure, type ServerTable, serverTable } from "./_program.ts";
import {
  decodeFilename3,
  decodeNfsFh3,
  decodeNfspath3,
  decodeNfstime3,
  decodeSpecdata3,
  decodeStableHow,
  decodeVerf3,
  encodeFilename3,
  encodeNfsFh3,
  encodeNfspath3,
  encodeNfstime3,
  encodeSpecdata3,
  encodeVerf3,
} from "../nfs/v3/codec_types.ts";
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
  type Diropargs3,
  type DirWcc,
  type Entry3,
  type Entryplus3,
  type Fattr3,
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
  type ObjAttributesFail,
  type ObjWcc,
  type Pathconf3Args,
  type Pathconf3Res,
  type PostOpAttr,
  type PostOpFh3,
  type PreOpAttr,
  type Read3Args,
  type Read3Res,
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
  type Sattr3,
  type Setattr3Args,
  type Setattr3Res,
  type SetTime,
  type Symlink3Args,
  TimeHow,
  type WccAttr,
  type WccData,
  type Write3Args,
  type Write3Res,
} from "../nfs/v3/types.ts";
import { XdrError, type XdrReader, type XdrWriter } from "../xdr/mod.ts";

// RFC 1813 §2.5 fattr3, post_op_attr

/**
 * RFC 1813 §2.5: encodes `fattr3` (84 bytes).
 * @throws {RangeError} If a number is out of its XDR range.
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
 * @throws {RangeError} If a number is out of its XDR range.
 */
export function encodePostOpAttr(w: XdrWriter, a: PostOpAttr): void {
  w.optional(a, encodeFattr3);
}

// RFC 1813 §2.5 wcc_attr, pre_op_attr, wcc_data

/**
 * RFC 1813 §2.5: encodes `wcc_attr`.
 * @throws {RangeError} If a number is out of its XDR range.
 */
export function encodeWccAttr(w: XdrWriter, a: WccAttr): void {
  w.uhyper(a.size);
  encodeNfstime3(w, a.mtime);
  encodeNfstime3(w, a.ctime);
}

/**
 * RFC 1813 §2.5: encodes `pre_op_attr`.
 * @throws {RangeError} If a number is out of its XDR range.
 */
export function encodePreOpAttr(w: XdrWriter, a: PreOpAttr): void {
  w.optional(a, encodeWccAttr);
}

/**
 * RFC 1813 §2.5: encodes `wcc_data`.
 * @throws {RangeError} If a number is out of its XDR range.
 */
export function encodeWccData(w: XdrWriter, d: WccData): void {
  encodePreOpAttr(w, d.before);
  encodePostOpAttr(w, d.after);
}

// RFC 1813 §2.5 post_op_fh3

/**
 * RFC 1813 §2.5: encodes `post_op_fh3`.
 * @throws {RangeError} If the handle is empty or longer than {@linkcode NFS3_FHSIZE}.
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
 * @throws {XdrError} If a `set_it` or `time_how` is invalid or the input is truncated.
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
 * @throws {XdrError} If the handle or name is too long or the input is truncated.
 */
export function decodeDiropargs3(r: XdrReader): Diropargs3 {
  return { dir: decodeNfsFh3(r, "diropargs3.dir"), name: decodeFilename3(r, "diropargs3.name") };
}

/** Largest opaque accepted for WRITE data when decoding arguments (bounded by bytes left). */
const MAX_OPAQUE = 0xffffffff;

/** Encodes an `XXX3res` union. */
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
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeGetattr3Args(r: XdrReader): Getattr3Args {
  return { object: decodeNfsFh3(r, "GETATTR3args.object") };
}

/**
 * RFC 1813 §3.3.1: encodes GETATTR3res.
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeGetattr3Res(w: XdrWriter, res: Getattr3Res): void {
  encodeRes3(w, res, (w, v) => encodeFattr3(w, v.objAttributes), encVoid);
}

// RFC 1813 §3.3.2 SETATTR

/**
 * RFC 1813 §3.3.2: decodes SETATTR3args.
 * @throws {XdrError} If the input is malformed or truncated.
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
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeSetattr3Res(w: XdrWriter, res: Setattr3Res): void {
  encodeRes3(w, res, encObjWcc, encObjWcc);
}

// RFC 1813 §3.3.3 LOOKUP

/**
 * RFC 1813 §3.3.3: decodes LOOKUP3args.
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeLookup3Args(r: XdrReader): Lookup3Args {
  return decodeDiropargs3(r);
}

/**
 * RFC 1813 §3.3.3: encodes LOOKUP3res.
 * @throws {RangeError} If a handle, name or number is out of range.
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
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeAccess3Args(r: XdrReader): Access3Args {
  return { object: decodeNfsFh3(r, "ACCESS3args.object"), access: r.uint("ACCESS3args.access") };
}

/**
 * RFC 1813 §3.3.4: encodes ACCESS3res.
 * @throws {RangeError} If a handle, name or number is out of range.
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
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeReadlink3Args(r: XdrReader): Readlink3Args {
  return { symlink: decodeNfsFh3(r, "READLINK3args.symlink") };
}

/**
 * RFC 1813 §3.3.5: encodes READLINK3res.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @throws {TypeError} If a name or path holds "/" or NUL where it may not.
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
 * @throws {XdrError} If the input is malformed or truncated.
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
 * @throws {RangeError} If a handle, name or number is out of range.
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
 * @throws {RangeError} If a handle, name or number is out of range.
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
 * @throws {XdrError} If the mode is not 0..2, or the input is malformed or truncated.
 */
export function decodeCreatehow3(r: XdrReader): Createhow3 {
  const mode = decodeEnum(r, 0, 2, "createhow3.mode");
  if (mode === Createmode3.EXCLUSIVE) return { mode, verf: decodeVerf3(r, "createverf3") };
  return { mode: mode as 0 | 1, objAttributes: decodeSattr3(r) };
}

/**
 * RFC 1813 §3.3.8: decodes CREATE3args.
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeCreate3Args(r: XdrReader): Create3Args {
  return { where: decodeDiropargs3(r), how: decodeCreatehow3(r) };
}

/**
 * RFC 1813 §3.3.8-11: encodes CREATE3res (MKDIR3res, SYMLINK3res and MKNOD3res are the same).
 * @throws {RangeError} If a handle, name or number is out of range.
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
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeMkdir3Args(r: XdrReader): Mkdir3Args {
  return { where: decodeDiropargs3(r), attributes: decodeSattr3(r) };
}

/**
 * RFC 1813 §3.3.10: decodes SYMLINK3args.
 * @throws {XdrError} If the input is malformed or truncated.
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
 * @throws {XdrError} If the type is not 1..7, or the input is malformed or truncated.
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
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeMknod3Args(r: XdrReader): Mknod3Args {
  return { where: decodeDiropargs3(r), what: decodeMknoddata3(r) };
}

// RFC 1813 §3.3.12 REMOVE, §3.3.13 RMDIR: diropargs3 in, dir_wcc out

/**
 * RFC 1813 §3.3.12-13: encodes REMOVE3res / RMDIR3res.
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeRemove3Res(w: XdrWriter, res: Res3<DirWcc, DirWcc>): void {
  encodeRes3(w, res, encDirWcc, encDirWcc);
}

// RFC 1813 §3.3.14 RENAME

/**
 * RFC 1813 §3.3.14: decodes RENAME3args.
 * @throws {XdrError} If the input is malformed or truncated.
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
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeRename3Res(w: XdrWriter, res: Rename3Res): void {
  encodeRes3(w, res, encRenameWcc, encRenameWcc);
}

// RFC 1813 §3.3.15 LINK

/**
 * RFC 1813 §3.3.15: decodes LINK3args.
 * @throws {XdrError} If the input is malformed or truncated.
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
 * @throws {RangeError} If a handle, name or number is out of range.
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
  if (e.unknownType !== undefined) {
    // The client's decoder skips attributes of an unknown type (to list the rest): they
    // are gone, so the entry cannot be encoded back.
    throw new RangeError(`Cannot encode entryplus3 with an unknown file type ${e.unknownType}`);
  }
  encEntry3(w, e);
  encodePostOpAttr(w, e.nameAttributes);
  encodePostOpFh3(w, e.nameHandle);
};

/**
 * RFC 1813 §3.3.16: decodes READDIR3args.
 * @throws {XdrError} If the input is malformed or truncated.
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
 * @throws {RangeError} If a handle, name or number is out of range.
 * @throws {TypeError} If a name or path holds "/" or NUL where it may not.
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
 * @throws {XdrError} If the input is malformed or truncated.
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
 * @throws {RangeError} If a handle, name or number is out of range.
 * @throws {TypeError} If a name or path holds "/" or NUL where it may not.
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
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeFsroot3Args(r: XdrReader): Fsroot3Args {
  return { fsroot: decodeNfsFh3(r, "fsroot") };
}

/**
 * RFC 1813 §3.3.18: encodes FSSTAT3res.
 * @throws {RangeError} If a handle, name or number is out of range.
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
 * @throws {RangeError} If a handle, name or number is out of range.
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
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodePathconf3Args(r: XdrReader): Pathconf3Args {
  return { object: decodeNfsFh3(r, "PATHCONF3args.object") };
}

/**
 * RFC 1813 §3.3.20: encodes PATHCONF3res.
 * @throws {RangeError} If a handle, name or number is out of range.
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
 * @throws {XdrError} If the input is malformed or truncated.
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
 * @throws {RangeError} If a handle, name or number is out of range.
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
