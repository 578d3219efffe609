/**
 * Client codecs of the RFC 1094 §2.2 procedures (`encodeXxxargs` / `decodeXxxres`), each
 * preceded by the RFC's XDR text; the server half is in the test server (`testing/`).
 * Procedures sharing an RFC type share its codec (`attrstat` for GETATTR, SETATTR and WRITE;
 * `diropres` for LOOKUP, CREATE and MKDIR; ...).
 *
 * NFSv2 is 32-bit: READ and WRITE encoders reject an offset at or above 2^32, a range ending
 * past it, and a count above {@linkcode NFS_MAXDATA}, before anything is written.
 *
 * @module
 */
import type { Dec } from "../_program.ts";
import { copyBytes } from "../../mbuf/mod.ts";
import { XdrError, type XdrReader, type XdrWriter } from "../../xdr/mod.ts";
import {
  decodeFattr,
  decodeFhandle,
  decodeFilename,
  decodeNfscookie,
  decodePath,
  encodeDiropargs,
  encodeFhandle,
  encodeNfscookie,
  encodePath,
  encodeSattr,
} from "./codec_types.ts";
import {
  type Attrstat,
  type Createargs,
  type Diropres,
  type Entry,
  type Linkargs,
  NFS_MAXDATA,
  type NfsstatFail,
  type NfsstatRes,
  type Readargs,
  type Readdirargs,
  type Readdirres,
  type Readlinkres,
  type Readres,
  type Renameargs,
  type Res2,
  type Sattrargs,
  type Statfsres,
  type Symlinkargs,
  type Writeargs,
} from "./types.ts";

const TWO_32 = 0x100000000;

/**
 * Decodes a result union: `stat`, then the NFS_OK arm (any other status has no body, even a
 * number the RFC does not list).
 * @throws {XdrError} If the input is truncated or malformed.
 */
export function decodeRes2<Ok>(r: XdrReader, ok: Dec<Ok>): Res2<Ok> {
  const status = r.enum("stat");
  if (status === 0) return { status: 0, ...ok(r) };
  return { status: status as NfsstatFail };
}

/**
 * Checks a READ or WRITE range against NFSv2's 32-bit offsets and {@linkcode NFS_MAXDATA}.
 * @throws {RangeError} On a bad offset or count, or a range ending past 2^32.
 */
function checkRange(proc: string, offset: number, count: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset >= TWO_32) {
    throw new RangeError(
      `Cannot ${proc} at offset ${offset}: NFSv2 offsets are 32-bit (0..4294967295)`,
    );
  }
  if (!Number.isInteger(count) || count < 0 || count > NFS_MAXDATA) {
    throw new RangeError(`Cannot ${proc} ${count} bytes: must be 0..${NFS_MAXDATA} (NFS_MAXDATA)`);
  }
  if (offset + count > TWO_32) {
    throw new RangeError(
      `Cannot ${proc} ${count} bytes at offset ${offset}: the range ends past 2^32 (NFSv2 is 32-bit)`,
    );
  }
}

// RFC 1094 §2.3.9 attrstat: GETATTR, SETATTR, WRITE results

/*
 * union attrstat switch (stat status) {
 * case NFS_OK:
 *     fattr attributes;
 * default:
 *     void;
 * };
 */
/**
 * RFC 1094 §2.3.9: decodes `attrstat`.
 * @throws {XdrError} If the input is truncated or malformed.
 */
export function decodeAttrstat(r: XdrReader): Attrstat {
  return decodeRes2(r, (r) => ({ attributes: decodeFattr(r) }));
}

// RFC 1094 §2.3.11 diropres: LOOKUP, CREATE, MKDIR results

/*
 * union diropres switch (stat status) {
 * case NFS_OK:
 *     struct {
 *         fhandle file;
 *         fattr   attributes;
 *     } diropok;
 */
/**
 * RFC 1094 §2.3.11: decodes `diropres`.
 * @throws {XdrError} If the input is truncated or malformed.
 */
export function decodeDiropres(r: XdrReader): Diropres {
  return decodeRes2(r, (r) => {
    const file = decodeFhandle(r, "diropok.file");
    return { file, attributes: decodeFattr(r) };
  });
}

// RFC 1094 §2.3.1 stat: REMOVE, RENAME, LINK, SYMLINK, RMDIR results

/*
 * enum stat {
 *     NFS_OK = 0,
 *     NFSERR_PERM=1,
 *     NFSERR_NOENT=2,
 *     NFSERR_IO=5,
 *     NFSERR_NXIO=6,
 *     NFSERR_ACCES=13,
 *     NFSERR_EXIST=17,
 *     NFSERR_NODEV=19,
 *     NFSERR_NOTDIR=20,
 *     NFSERR_ISDIR=21,
 *     NFSERR_FBIG=27,
 *     NFSERR_NOSPC=28,
 *     NFSERR_ROFS=30,
 *     NFSERR_NAMETOOLONG=63,
 *     NFSERR_NOTEMPTY=66,
 *     NFSERR_DQUOT=69,
 *     NFSERR_STALE=70,
 *     NFSERR_WFLUSH=99
 * };
 */
/**
 * RFC 1094 §2.3.1: decodes a bare `stat` result.
 * @throws {XdrError} If the input is truncated.
 */
export function decodeNfsstatRes(r: XdrReader): NfsstatRes {
  return decodeRes2(r, () => ({}));
}

// RFC 1094 §2.2.3 SETATTR

/*
 * struct sattrargs {
 *         fhandle file;
 *         sattr attributes;
 * };
 */
/**
 * RFC 1094 §2.2.3: encodes `sattrargs`.
 * @throws {RangeError} If the handle is not 32 bytes or a field is 0xFFFFFFFF.
 */
export function encodeSattrargs(w: XdrWriter, a: Sattrargs): void {
  encodeFhandle(w, a.file);
  encodeSattr(w, a.attributes);
}

// RFC 1094 §2.2.6 READLINK

/*
 * union readlinkres switch (stat status) {
 * case NFS_OK:
 *     path data;
 * default:
 *     void;
 * };
 */
/**
 * RFC 1094 §2.2.6: decodes `readlinkres`.
 * @throws {XdrError} If the input is truncated or malformed.
 */
export function decodeReadlinkres(r: XdrReader): Readlinkres {
  return decodeRes2(r, (r) => ({ data: decodePath(r, "readlinkres.data") }));
}

// RFC 1094 §2.2.7 READ

/**
 * Bytes of a READ reply record from the XID up to the first data byte: RPC reply header with
 * an AUTH_NONE verifier (24), stat (4), fattr (68), data length (4).
 */
export const READ2_REPLY_HINT = 100;

/*
 * struct readargs {
 *         fhandle file;
 *         unsigned offset;
 *         unsigned count;
 *         unsigned totalcount;
 * };
 */
/**
 * RFC 1094 §2.2.7: encodes `readargs`.
 * @throws {RangeError} If offset or offset + count is beyond 2^32, or count > 8192.
 */
export function encodeReadargs(w: XdrWriter, a: Readargs): void {
  checkRange("READ", a.offset, a.count);
  encodeFhandle(w, a.file);
  w.uint(a.offset);
  w.uint(a.count);
  w.uint(a.totalcount ?? a.count);
}

/** The most data bytes a READ reply may carry: count asked, NFS_MAXDATA, room in `dest`. */
function readLimit(count: number | undefined, room: number): number {
  return Math.min(NFS_MAXDATA, count ?? NFS_MAXDATA, room);
}

/*
 * union readres switch (stat status) {
 * case NFS_OK:
 *         fattr attributes;
 *         nfsdata data;
 * default:
 *         void;
 * };
 */
/**
 * RFC 1094 §2.2.7: decodes `readres`. The data goes into `dest` (when the transport already
 * received it there, nothing is copied); without `dest`, into a new buffer of its length.
 * @throws {XdrError} If the data exceeds the count asked, NFS_MAXDATA or `dest`.
 */
export function decodeReadres(
  r: XdrReader,
  args?: Pick<Readargs, "count">,
  dest?: Uint8Array,
): Readres {
  return decodeRes2(r, (r) => {
    const attributes = decodeFattr(r);
    if (dest !== undefined) {
      const n = r.opaqueInto(dest.subarray(0, readLimit(args?.count, dest.length)), "readres.data");
      return { attributes, data: dest.subarray(0, n) };
    }
    const view = r.opaqueView(readLimit(args?.count, NFS_MAXDATA), "readres.data");
    const data = new Uint8Array(view.length);
    copyBytes(data, 0, view, "payload");
    return { attributes, data };
  });
}

// RFC 1094 §2.2.9 WRITE

/*
 * struct writeargs {
 *         fhandle file;
 *         unsigned beginoffset;
 *         unsigned offset;
 *         unsigned totalcount;
 *         nfsdata data;
 * };
 */
/**
 * RFC 1094 §2.2.9: encodes `writeargs`; `data` is attached to the request without a copy.
 * The unused `beginoffset` and `totalcount` default to `offset` and `data.length`.
 * @throws {RangeError} If offset or offset + length is beyond 2^32, or data > 8192 bytes.
 */
export function encodeWriteargs(w: XdrWriter, a: Writeargs): void {
  checkRange("WRITE", a.offset, a.data.length);
  encodeFhandle(w, a.file);
  w.uint(a.beginoffset ?? a.offset);
  w.uint(a.offset);
  w.uint(a.totalcount ?? a.data.length);
  w.opaqueExternal(a.data);
}

// RFC 1094 §2.2.10 CREATE, §2.2.15 MKDIR

/*
 * struct createargs {
 *         diropargs where;
 *         sattr attributes;
 * };
 */
/**
 * RFC 1094 §2.2.10: encodes `createargs` (CREATE and MKDIR).
 * @throws {RangeError} If the handle is not 32 bytes, the name is empty or too long, or a
 * field is 0xFFFFFFFF.
 * @throws {TypeError} If the name contains "/" or NUL.
 */
export function encodeCreateargs(w: XdrWriter, a: Createargs): void {
  encodeDiropargs(w, a.where);
  encodeSattr(w, a.attributes);
}

// RFC 1094 §2.2.12 RENAME

/*
 * struct renameargs {
 *         diropargs from;
 *         diropargs to;
 * };
 */
/**
 * RFC 1094 §2.2.12: encodes `renameargs`.
 * @throws {RangeError} If a handle is not 32 bytes or a name is empty or too long.
 * @throws {TypeError} If a name contains "/" or NUL.
 */
export function encodeRenameargs(w: XdrWriter, a: Renameargs): void {
  encodeDiropargs(w, a.from);
  encodeDiropargs(w, a.to);
}

// RFC 1094 §2.2.13 LINK

/*
 * struct linkargs {
 *         fhandle from;
 *         diropargs to;
 * };
 */
/**
 * RFC 1094 §2.2.13: encodes `linkargs`.
 * @throws {RangeError} If a handle is not 32 bytes or the name is empty or too long.
 * @throws {TypeError} If the name contains "/" or NUL.
 */
export function encodeLinkargs(w: XdrWriter, a: Linkargs): void {
  encodeFhandle(w, a.from);
  encodeDiropargs(w, a.to);
}

// RFC 1094 §2.2.14 SYMLINK

/*
 * struct symlinkargs {
 *         diropargs from;
 *         path to;
 *         sattr attributes;
 * };
 */
/**
 * RFC 1094 §2.2.14: encodes `symlinkargs`.
 * @throws {RangeError} If the handle is not 32 bytes, the name is empty or too long, the text
 * is too long, or an attribute is 0xFFFFFFFF.
 * @throws {TypeError} If the name contains "/" or NUL, or the text NUL.
 */
export function encodeSymlinkargs(w: XdrWriter, a: Symlinkargs): void {
  encodeDiropargs(w, a.from);
  encodePath(w, a.to);
  encodeSattr(w, a.attributes);
}

// RFC 1094 §2.2.17 READDIR

/*
 * struct readdirargs {
 *         fhandle dir;
 *         nfscookie cookie;
 *         unsigned count;
 * };
 */
/**
 * RFC 1094 §2.2.17: encodes `readdirargs`.
 * @throws {RangeError} If the handle is not 32 bytes, the cookie not 4 bytes, or count not an
 * unsigned 32-bit integer.
 */
export function encodeReaddirargs(w: XdrWriter, a: Readdirargs): void {
  encodeFhandle(w, a.dir);
  encodeNfscookie(w, a.cookie);
  w.uint(a.count);
}

/*
 * struct entry {
 *         unsigned fileid;
 *         filename name;
 *         nfscookie cookie;
 *         entry *nextentry;
 * };
 * union readdirres switch (stat status) {
 * case NFS_OK:
 *         struct {
 *                 entry *entries;
 *                 bool eof;
 *         } readdirok;
 */
/**
 * RFC 1094 §2.2.17: decodes `readdirres`. The `entry` list is bounded by bytes: each entry
 * consumes at least 20 bytes of the reply, and all of them together may not take more than
 * the `count` bytes requested.
 * @throws {XdrError} If the input is truncated or malformed, or the entries take more than
 * `args.count` bytes.
 */
export function decodeReaddirres(r: XdrReader, args?: Pick<Readdirargs, "count">): Readdirres {
  return decodeRes2(r, (r) => {
    const start = r.position;
    const entries: Entry[] = [];
    while (r.bool("readdirok.entries")) {
      entries.push({
        fileid: r.uint("entry.fileid"),
        name: decodeFilename(r, "entry.name"),
        cookie: decodeNfscookie(r, "entry.cookie"),
      });
      if (args !== undefined && r.position - start > args.count) {
        throw new XdrError(
          "readdirok.entries",
          start,
          `${entries.length} entries take more than the ${args.count} bytes requested`,
        );
      }
    }
    return { entries, eof: r.bool("readdirok.eof") };
  });
}

// RFC 1094 §2.2.18 STATFS

/*
 * union statfsres (stat status) {
 * case NFS_OK:
 *     struct {
 *         unsigned tsize;
 *         unsigned bsize;
 *         unsigned blocks;
 *         unsigned bfree;
 *         unsigned bavail;
 *     } info;
 * default:
 *         void;
 * };
 */
/**
 * RFC 1094 §2.2.18: decodes `statfsres`.
 * @throws {XdrError} If the input is truncated.
 */
export function decodeStatfsres(r: XdrReader): Statfsres {
  return decodeRes2(r, (r) => ({
    tsize: r.uint("statfsres.tsize"),
    bsize: r.uint("statfsres.bsize"),
    blocks: r.uint("statfsres.blocks"),
    bfree: r.uint("statfsres.bfree"),
    bavail: r.uint("statfsres.bavail"),
  }));
}
