/**
 * Client codecs of the RFC 1813 §3.3 procedures: `encodeXxx3Args` / `decodeXxx3Res`, each
 * preceded by the RFC's XDR text. The server half is in the test server (`testing/`).
 *
 * Result decoders return `{ status: 0, ...resok }` or `{ status, ...resfail }`, failure
 * results included with their wcc_data / post_op_attr. READ and READDIR(PLUS) decoders take
 * the call's arguments to check the reply against what was asked.
 *
 * @module
 */
import type { Dec } from "../_program.ts";
import { XdrError, type XdrReader, type XdrWriter } from "../../xdr/mod.ts";
import {
  decodeFattr3,
  decodeFattr3After,
  decodeFilename3,
  decodeNfsFh3,
  decodeNfspath3,
  decodeNfstime3,
  decodePostOpAttr,
  decodePostOpFh3,
  decodeStableHow,
  decodeVerf3,
  decodeWccData,
  encodeDiropargs3,
  encodeNfsFh3,
  encodeNfspath3,
  encodeNfstime3,
  encodeSattr3,
  encodeSpecdata3,
  encodeUint64,
  encodeVerf3,
  FATTR3_BYTES,
} from "./codec_types.ts";
import {
  type Access3Args,
  type Access3Res,
  type Commit3Args,
  type Commit3Res,
  type Create3Args,
  type Create3Res,
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
  type PostOpAttr,
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

/**
 * Decodes an `XXX3res` union: `nfsstat3`, then resok (NFS3_OK) or resfail (any other value,
 * including numbers the RFC does not list).
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeRes3<Ok, Fail>(r: XdrReader, ok: Dec<Ok>, fail: Dec<Fail>): Res3<Ok, Fail> {
  const status = r.enum("nfsstat3");
  if (status === 0) return { status: 0, ...ok(r) };
  return { status: status as Nfsstat3Fail, ...fail(r) };
}

// Result pieces shared by several procedures.

const decVoid: Dec<Record<never, never>> = () => ({});
const decObjAttributes: Dec<ObjAttributesFail> = (r) => ({
  objAttributes: decodePostOpAttr(r, "obj_attributes"),
});
const decDirAttributes: Dec<DirAttributesFail> = (r) => ({
  dirAttributes: decodePostOpAttr(r, "dir_attributes"),
});
const decDirWcc: Dec<DirWcc> = (r) => ({ dirWcc: decodeWccData(r) });
const decFileWcc: Dec<FileWcc> = (r) => ({ fileWcc: decodeWccData(r) });
const decObjWcc: Dec<ObjWcc> = (r) => ({ objWcc: decodeWccData(r) });
// RFC 1813 §3.3.1 GETATTR

/*
 * struct GETATTR3args {
 *    nfs_fh3  object;
 * };
 */
/**
 * RFC 1813 §3.3.1: encodes GETATTR3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeGetattr3Args(w: XdrWriter, a: Getattr3Args): void {
  encodeNfsFh3(w, a.object);
}

/*
 * struct GETATTR3resok {
 *    fattr3   obj_attributes;
 * };
 * union GETATTR3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *    GETATTR3resok  resok;
 * default:
 *    void;
 * };
 */
/**
 * RFC 1813 §3.3.1: decodes GETATTR3res.
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeGetattr3Res(r: XdrReader): Getattr3Res {
  return decodeRes3(r, (r) => ({ objAttributes: decodeFattr3(r) }), decVoid);
}

// RFC 1813 §3.3.2 SETATTR

/*
 * union sattrguard3 switch (bool check) {
 * case TRUE:
 *    nfstime3  obj_ctime;
 * case FALSE:
 *    void;
 * };
 * struct SETATTR3args {
 *    nfs_fh3      object;
 *    sattr3       new_attributes;
 *    sattrguard3  guard;
 * };
 */
/**
 * RFC 1813 §3.3.2: encodes SETATTR3args (`guard` null = check FALSE).
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeSetattr3Args(w: XdrWriter, a: Setattr3Args): void {
  encodeNfsFh3(w, a.object);
  encodeSattr3(w, a.newAttributes);
  w.optional(a.guard, encodeNfstime3);
}

/*
 * struct SETATTR3resok {
 *    wcc_data  obj_wcc;
 * };
 * struct SETATTR3resfail {
 *    wcc_data  obj_wcc;
 * };
 * union SETATTR3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *    SETATTR3resok   resok;
 * default:
 *    SETATTR3resfail resfail;
 * };
 */
/**
 * RFC 1813 §3.3.2: decodes SETATTR3res.
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeSetattr3Res(r: XdrReader): Setattr3Res {
  return decodeRes3(r, decObjWcc, decObjWcc);
}

// RFC 1813 §3.3.3 LOOKUP

/*
 * struct LOOKUP3args {
 *      diropargs3  what;
 * };
 */
/**
 * RFC 1813 §3.3.3: encodes LOOKUP3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @throws {TypeError} If a name or path holds "/" or NUL where it may not.
 */
export function encodeLookup3Args(w: XdrWriter, a: Lookup3Args): void {
  encodeDiropargs3(w, a);
}

/*
 * struct LOOKUP3resok {
 *      nfs_fh3      object;
 *      post_op_attr obj_attributes;
 *      post_op_attr dir_attributes;
 * };
 * struct LOOKUP3resfail {
 *      post_op_attr dir_attributes;
 * };
 * union LOOKUP3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      LOOKUP3resok    resok;
 * default:
 *      LOOKUP3resfail  resfail;
 * };
 */
/**
 * RFC 1813 §3.3.3: decodes LOOKUP3res.
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeLookup3Res(r: XdrReader): Lookup3Res {
  return decodeRes3(r, (r) => ({
    object: decodeNfsFh3(r, "LOOKUP3resok.object"),
    objAttributes: decodePostOpAttr(r, "LOOKUP3resok.obj_attributes"),
    dirAttributes: decodePostOpAttr(r, "LOOKUP3resok.dir_attributes"),
  }), decDirAttributes);
}

// RFC 1813 §3.3.4 ACCESS

/*
 * struct ACCESS3args {
 *      nfs_fh3  object;
 *      uint32   access;
 * };
 */
/**
 * RFC 1813 §3.3.4: encodes ACCESS3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeAccess3Args(w: XdrWriter, a: Access3Args): void {
  encodeNfsFh3(w, a.object);
  w.uint(a.access);
}

/*
 * struct ACCESS3resok {
 *      post_op_attr   obj_attributes;
 *      uint32         access;
 * };
 * struct ACCESS3resfail {
 *      post_op_attr   obj_attributes;
 * };
 * union ACCESS3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      ACCESS3resok   resok;
 * default:
 *      ACCESS3resfail resfail;
 * };
 */
/**
 * RFC 1813 §3.3.4: decodes ACCESS3res.
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeAccess3Res(r: XdrReader): Access3Res {
  return decodeRes3(r, (r) => ({
    objAttributes: decodePostOpAttr(r, "ACCESS3resok.obj_attributes"),
    access: r.uint("ACCESS3resok.access"),
  }), decObjAttributes);
}

// RFC 1813 §3.3.5 READLINK

/*
 * struct READLINK3args {
 *      nfs_fh3  symlink;
 * };
 */
/**
 * RFC 1813 §3.3.5: encodes READLINK3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeReadlink3Args(w: XdrWriter, a: Readlink3Args): void {
  encodeNfsFh3(w, a.symlink);
}

/*
 * struct READLINK3resok {
 *      post_op_attr   symlink_attributes;
 *      nfspath3       data;
 * };
 * struct READLINK3resfail {
 *      post_op_attr   symlink_attributes;
 * };
 * union READLINK3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      READLINK3resok   resok;
 * default:
 *      READLINK3resfail resfail;
 * };
 */
/**
 * RFC 1813 §3.3.5: decodes READLINK3res.
 * @throws {XdrError} If the input is malformed or truncated.
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

/*
 * struct READ3args {
 *      nfs_fh3  file;
 *      offset3  offset;
 *      count3   count;
 * };
 */
/**
 * RFC 1813 §3.3.6: encodes READ3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeRead3Args(w: XdrWriter, a: Read3Args): void {
  encodeNfsFh3(w, a.file);
  encodeUint64(w, a.offset);
  w.uint(a.count);
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

/*
 * struct READ3resok {
 *      post_op_attr   file_attributes;
 *      count3         count;
 *      bool           eof;
 *      opaque         data<>;
 * };
 * struct READ3resfail {
 *      post_op_attr   file_attributes;
 * };
 * union READ3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      READ3resok   resok;
 * default:
 *      READ3resfail resfail;
 * };
 */
/**
 * RFC 1813 §3.3.6: decodes READ3res. The data goes into `dest` (when the transport already
 * received it there, nothing is copied); without `dest` a buffer of `count` bytes is made.
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

// RFC 1813 §3.3.7 WRITE

/*
 * struct WRITE3args {
 *      nfs_fh3     file;
 *      offset3     offset;
 *      count3      count;
 *      stable_how  stable;
 *      opaque      data<>;
 * };
 */
/**
 * RFC 1813 §3.3.7: encodes WRITE3args; `data` is attached to the request without a copy
 * (count = `data.length`).
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeWrite3Args(w: XdrWriter, a: Write3Args): void {
  encodeNfsFh3(w, a.file);
  encodeUint64(w, a.offset);
  w.uint(a.data.length);
  w.enum(a.stable);
  w.opaqueExternal(a.data);
}

/*
 * struct WRITE3resok {
 *      wcc_data    file_wcc;
 *      count3      count;
 *      stable_how  committed;
 *      writeverf3  verf;
 * };
 * struct WRITE3resfail {
 *      wcc_data    file_wcc;
 * };
 * union WRITE3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      WRITE3resok    resok;
 * default:
 *      WRITE3resfail  resfail;
 * };
 */
/**
 * RFC 1813 §3.3.7: decodes WRITE3res.
 * @throws {XdrError} If count exceeds the bytes sent, or the input is malformed or truncated.
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

/*
 * enum createmode3 {
 *      UNCHECKED = 0,
 *      GUARDED   = 1,
 *      EXCLUSIVE = 2
 * };
 * union createhow3 switch (createmode3 mode) {
 * case UNCHECKED:
 * case GUARDED:
 *      sattr3       obj_attributes;
 * case EXCLUSIVE:
 *      createverf3  verf;
 * };
 */
/**
 * RFC 1813 §3.3.8: encodes `createhow3`.
 * @throws {RangeError} If the mode is unknown, the verifier is not 8 bytes or an attribute is
 *   out of range.
 */
export function encodeCreatehow3(w: XdrWriter, how: Createhow3): void {
  w.enum(how.mode);
  if (how.mode === Createmode3.EXCLUSIVE) encodeVerf3(w, how.verf, "createverf3");
  else if (how.mode === Createmode3.UNCHECKED || how.mode === Createmode3.GUARDED) {
    encodeSattr3(w, how.objAttributes);
  } else throw new RangeError(`Cannot encode createhow3: mode ${(how as Createhow3).mode}`);
}

/*
 * struct CREATE3args {
 *      diropargs3   where;
 *      createhow3   how;
 * };
 */
/**
 * RFC 1813 §3.3.8: encodes CREATE3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @throws {TypeError} If a name or path holds "/" or NUL where it may not.
 */
export function encodeCreate3Args(w: XdrWriter, a: Create3Args): void {
  encodeDiropargs3(w, a.where);
  encodeCreatehow3(w, a.how);
}

/*
 * struct CREATE3resok {
 *      post_op_fh3   obj;
 *      post_op_attr  obj_attributes;
 *      wcc_data      dir_wcc;
 * };
 * struct CREATE3resfail {
 *      wcc_data      dir_wcc;
 * };
 * union CREATE3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      CREATE3resok    resok;
 * default:
 *      CREATE3resfail  resfail;
 * };
 */
/**
 * RFC 1813 §3.3.8-11: decodes CREATE3res (MKDIR3res, SYMLINK3res and MKNOD3res are the same).
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeCreate3Res(r: XdrReader): Create3Res {
  return decodeRes3(r, (r) => ({
    obj: decodePostOpFh3(r),
    objAttributes: decodePostOpAttr(r, "obj_attributes"),
    dirWcc: decodeWccData(r),
  }), decDirWcc);
}

/*
 * struct MKDIR3args {
 *      diropargs3   where;
 *      sattr3       attributes;
 * };
 */
/**
 * RFC 1813 §3.3.9: encodes MKDIR3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @throws {TypeError} If a name or path holds "/" or NUL where it may not.
 */
export function encodeMkdir3Args(w: XdrWriter, a: Mkdir3Args): void {
  encodeDiropargs3(w, a.where);
  encodeSattr3(w, a.attributes);
}

/*
 * struct symlinkdata3 {
 *      sattr3    symlink_attributes;
 *      nfspath3  symlink_data;
 * };
 * struct SYMLINK3args {
 *      diropargs3    where;
 *      symlinkdata3  symlink;
 * };
 */
/**
 * RFC 1813 §3.3.10: encodes SYMLINK3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @throws {TypeError} If a name or path holds "/" or NUL where it may not.
 */
export function encodeSymlink3Args(w: XdrWriter, a: Symlink3Args): void {
  encodeDiropargs3(w, a.where);
  encodeSattr3(w, a.symlink.symlinkAttributes);
  encodeNfspath3(w, a.symlink.symlinkData);
}

/*
 * struct devicedata3 {
 *      sattr3     dev_attributes;
 *      specdata3  spec;
 * };
 * union mknoddata3 switch (ftype3 type) {
 * case NF3CHR:
 * case NF3BLK:
 *      devicedata3  device;
 * case NF3SOCK:
 * case NF3FIFO:
 *      sattr3       pipe_attributes;
 * default:
 *      void;
 * };
 */
/**
 * RFC 1813 §3.3.11: encodes `mknoddata3`.
 * @throws {RangeError} If a handle, name or number is out of range.
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

/*
 * struct MKNOD3args {
 *      diropargs3   where;
 *      mknoddata3   what;
 * };
 */
/**
 * RFC 1813 §3.3.11: encodes MKNOD3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @throws {TypeError} If a name or path holds "/" or NUL where it may not.
 */
export function encodeMknod3Args(w: XdrWriter, a: Mknod3Args): void {
  encodeDiropargs3(w, a.where);
  encodeMknoddata3(w, a.what);
}

// RFC 1813 §3.3.12 REMOVE, §3.3.13 RMDIR: diropargs3 in, dir_wcc out

/*
 * struct REMOVE3resok {
 *      wcc_data    dir_wcc;
 * };
 * struct REMOVE3resfail {
 *      wcc_data    dir_wcc;
 * };
 * union REMOVE3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      REMOVE3resok   resok;
 * default:
 *      REMOVE3resfail resfail;
 * };
 */
/**
 * RFC 1813 §3.3.12-13: decodes REMOVE3res / RMDIR3res.
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeRemove3Res(r: XdrReader): Res3<DirWcc, DirWcc> {
  return decodeRes3(r, decDirWcc, decDirWcc);
}

// RFC 1813 §3.3.14 RENAME

/*
 * struct RENAME3args {
 *      diropargs3   from;
 *      diropargs3   to;
 * };
 */
/**
 * RFC 1813 §3.3.14: encodes RENAME3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @throws {TypeError} If a name or path holds "/" or NUL where it may not.
 */
export function encodeRename3Args(w: XdrWriter, a: Rename3Args): void {
  encodeDiropargs3(w, a.from);
  encodeDiropargs3(w, a.to);
}

const decRenameWcc: Dec<Rename3Wcc> = (r) => {
  const fromdirWcc = decodeWccData(r);
  return { fromdirWcc, todirWcc: decodeWccData(r) };
};
/*
 * struct RENAME3resok {
 *      wcc_data     fromdir_wcc;
 *      wcc_data     todir_wcc;
 * };
 * struct RENAME3resfail {
 *      wcc_data     fromdir_wcc;
 *      wcc_data     todir_wcc;
 * };
 * union RENAME3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      RENAME3resok   resok;
 * default:
 *      RENAME3resfail resfail;
 * };
 */
/**
 * RFC 1813 §3.3.14: decodes RENAME3res.
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeRename3Res(r: XdrReader): Rename3Res {
  return decodeRes3(r, decRenameWcc, decRenameWcc);
}

// RFC 1813 §3.3.15 LINK

/*
 * struct LINK3args {
 *      nfs_fh3     file;
 *      diropargs3  link;
 * };
 */
/**
 * RFC 1813 §3.3.15: encodes LINK3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 * @throws {TypeError} If a name or path holds "/" or NUL where it may not.
 */
export function encodeLink3Args(w: XdrWriter, a: Link3Args): void {
  encodeNfsFh3(w, a.file);
  encodeDiropargs3(w, a.link);
}

const decLinkRes: Dec<Link3Resok> = (r) => {
  const fileAttributes = decodePostOpAttr(r, "LINK3res.file_attributes");
  return { fileAttributes, linkdirWcc: decodeWccData(r) };
};
/*
 * struct LINK3resok {
 *      post_op_attr   file_attributes;
 *      wcc_data       linkdir_wcc;
 * };
 * struct LINK3resfail {
 *      post_op_attr   file_attributes;
 *      wcc_data       linkdir_wcc;
 * };
 * union LINK3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      LINK3resok    resok;
 * default:
 *      LINK3resfail  resfail;
 * };
 */
/**
 * RFC 1813 §3.3.15: decodes LINK3res.
 * @throws {XdrError} If the input is malformed or truncated.
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
  const follows = `${what}.value_follows`; // once, not per entry
  while (r.bool(follows)) {
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

const decEntry3: Dec<Entry3> = (r) => ({
  fileid: r.uhyper("entry3.fileid"),
  name: decodeFilename3(r, "entry3.name"),
  cookie: r.uhyper("entry3.cookie"),
});
/**
 * One entry of READDIRPLUS. Attributes of a type RFC 1813 does not know do not fail the
 * whole page: they are skipped (fattr3 has a fixed size) and the entry is marked with
 * `unknownType`, for the file API to refuse or skip it, as it does an invalid name.
 */
const decEntryplus3: Dec<Entryplus3> = (r) => {
  const fileid = r.uhyper("entryplus3.fileid");
  const name = decodeFilename3(r, "entryplus3.name");
  const cookie = r.uhyper("entryplus3.cookie");
  let nameAttributes: PostOpAttr = null;
  let unknownType: number | undefined;
  if (r.bool("entryplus3.name_attributes.attributes_follow")) {
    const type = r.uint("entryplus3.name_attributes.type");
    if (type >= 1 && type <= 7) nameAttributes = decodeFattr3After(r, type as Ftype3);
    else {
      r.skip(FATTR3_BYTES - 4, "entryplus3.name_attributes");
      unknownType = type;
    }
  }
  const nameHandle = decodePostOpFh3(r);
  return unknownType === undefined
    ? { fileid, name, cookie, nameAttributes, nameHandle }
    : { fileid, name, cookie, nameAttributes, nameHandle, unknownType };
};
/*
 * struct READDIR3args {
 *      nfs_fh3      dir;
 *      cookie3      cookie;
 *      cookieverf3  cookieverf;
 *      count3       count;
 * };
 */
/**
 * RFC 1813 §3.3.16: encodes READDIR3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeReaddir3Args(w: XdrWriter, a: Readdir3Args): void {
  encodeNfsFh3(w, a.dir);
  encodeUint64(w, a.cookie);
  encodeVerf3(w, a.cookieverf);
  w.uint(a.count);
}

/*
 * struct entry3 {
 *      fileid3      fileid;
 *      filename3    name;
 *      cookie3      cookie;
 *      entry3       *nextentry;
 * };
 * struct dirlist3 {
 *      entry3       *entries;
 *      bool         eof;
 * };
 * struct READDIR3resok {
 *      post_op_attr dir_attributes;
 *      cookieverf3  cookieverf;
 *      dirlist3     reply;
 * };
 * struct READDIR3resfail {
 *      post_op_attr dir_attributes;
 * };
 * union READDIR3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      READDIR3resok   resok;
 * default:
 *      READDIR3resfail resfail;
 * };
 */
/**
 * RFC 1813 §3.3.16: decodes READDIR3res.
 * @throws {XdrError} If the entries take more than `args.count` bytes, or the input is
 *   malformed or truncated.
 */
export function decodeReaddir3Res(r: XdrReader, args?: Pick<Readdir3Args, "count">): Readdir3Res {
  return decodeRes3(r, (r) => {
    const dirAttributes = decodePostOpAttr(r, "READDIR3resok.dir_attributes");
    const cookieverf = decodeVerf3(r, "READDIR3resok.cookieverf");
    const reply: Dirlist3 = decodeDirlist(r, args?.count, "entry3", decEntry3);
    return { dirAttributes, cookieverf, reply };
  }, decDirAttributes);
}

/*
 * struct READDIRPLUS3args {
 *      nfs_fh3      dir;
 *      cookie3      cookie;
 *      cookieverf3  cookieverf;
 *      count3       dircount;
 *      count3       maxcount;
 * };
 */
/**
 * RFC 1813 §3.3.17: encodes READDIRPLUS3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeReaddirplus3Args(w: XdrWriter, a: Readdirplus3Args): void {
  encodeNfsFh3(w, a.dir);
  encodeUint64(w, a.cookie);
  encodeVerf3(w, a.cookieverf);
  w.uint(a.dircount);
  w.uint(a.maxcount);
}

/*
 * struct entryplus3 {
 *      fileid3      fileid;
 *      filename3    name;
 *      cookie3      cookie;
 *      post_op_attr name_attributes;
 *      post_op_fh3  name_handle;
 *      entryplus3   *nextentry;
 * };
 * struct dirlistplus3 {
 *      entryplus3   *entries;
 *      bool         eof;
 * };
 * struct READDIRPLUS3resok {
 *      post_op_attr dir_attributes;
 *      cookieverf3  cookieverf;
 *      dirlistplus3 reply;
 * };
 * struct READDIRPLUS3resfail {
 *      post_op_attr dir_attributes;
 * };
 * union READDIRPLUS3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      READDIRPLUS3resok   resok;
 * default:
 *      READDIRPLUS3resfail resfail;
 * };
 */
/**
 * RFC 1813 §3.3.17: decodes READDIRPLUS3res.
 * @throws {XdrError} If the entries take more than `args.maxcount` bytes, or the input is
 *   malformed or truncated.
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

/*
 * struct FSSTAT3args {
 *      nfs_fh3   fsroot;
 * };
 * struct FSINFOargs {
 *      nfs_fh3   fsroot;
 * };
 */
/**
 * RFC 1813 §3.3.18-19: encodes FSSTAT3args / FSINFO3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeFsroot3Args(w: XdrWriter, a: Fsroot3Args): void {
  encodeNfsFh3(w, a.fsroot);
}

/*
 * struct FSSTAT3resok {
 *      post_op_attr obj_attributes;
 *      size3        tbytes;
 *      size3        fbytes;
 *      size3        abytes;
 *      size3        tfiles;
 *      size3        ffiles;
 *      size3        afiles;
 *      uint32       invarsec;
 * };
 * struct FSSTAT3resfail {
 *      post_op_attr obj_attributes;
 * };
 * union FSSTAT3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      FSSTAT3resok   resok;
 * default:
 *      FSSTAT3resfail resfail;
 * };
 */
/**
 * RFC 1813 §3.3.18: decodes FSSTAT3res.
 * @throws {XdrError} If the input is malformed or truncated.
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

/*
 * struct FSINFO3resok {
 *      post_op_attr obj_attributes;
 *      uint32       rtmax;
 *      uint32       rtpref;
 *      uint32       rtmult;
 *      uint32       wtmax;
 *      uint32       wtpref;
 *      uint32       wtmult;
 *      uint32       dtpref;
 *      size3        maxfilesize;
 *      nfstime3     time_delta;
 *      uint32       properties;
 * };
 * struct FSINFO3resfail {
 *      post_op_attr obj_attributes;
 * };
 * union FSINFO3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      FSINFO3resok   resok;
 * default:
 *      FSINFO3resfail resfail;
 * };
 */
/**
 * RFC 1813 §3.3.19: decodes FSINFO3res.
 * @throws {XdrError} If the input is malformed or truncated.
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

/*
 * struct PATHCONF3args {
 *      nfs_fh3   object;
 * };
 */
/**
 * RFC 1813 §3.3.20: encodes PATHCONF3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodePathconf3Args(w: XdrWriter, a: Pathconf3Args): void {
  encodeNfsFh3(w, a.object);
}

/*
 * struct PATHCONF3resok {
 *      post_op_attr obj_attributes;
 *      uint32       linkmax;
 *      uint32       name_max;
 *      bool         no_trunc;
 *      bool         chown_restricted;
 *      bool         case_insensitive;
 *      bool         case_preserving;
 * };
 * struct PATHCONF3resfail {
 *      post_op_attr obj_attributes;
 * };
 * union PATHCONF3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      PATHCONF3resok   resok;
 * default:
 *      PATHCONF3resfail resfail;
 * };
 */
/**
 * RFC 1813 §3.3.20: decodes PATHCONF3res.
 * @throws {XdrError} If the input is malformed or truncated.
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

/*
 * struct COMMIT3args {
 *      nfs_fh3    file;
 *      offset3    offset;
 *      count3     count;
 * };
 */
/**
 * RFC 1813 §3.3.21: encodes COMMIT3args.
 * @throws {RangeError} If a handle, name or number is out of range.
 */
export function encodeCommit3Args(w: XdrWriter, a: Commit3Args): void {
  encodeNfsFh3(w, a.file);
  encodeUint64(w, a.offset);
  w.uint(a.count);
}

/*
 * struct COMMIT3resok {
 *      wcc_data   file_wcc;
 *      writeverf3 verf;
 * };
 * struct COMMIT3resfail {
 *      wcc_data   file_wcc;
 * };
 * union COMMIT3res switch (nfsstat3 status) {
 * case NFS3_OK:
 *      COMMIT3resok   resok;
 * default:
 *      COMMIT3resfail resfail;
 * };
 */
/**
 * RFC 1813 §3.3.21: decodes COMMIT3res.
 * @throws {XdrError} If the input is malformed or truncated.
 */
export function decodeCommit3Res(r: XdrReader): Commit3Res {
  return decodeRes3(r, (r) => {
    const fileWcc = decodeWccData(r);
    return { fileWcc, verf: decodeVerf3(r, "COMMIT3resok.verf") };
  }, decFileWcc);
}
