/**
 * Codecs of the RFC 1094 §2.2 procedures: the argument and result types of each, with both
 * the client side (`encodeXxxargs` / `decodeXxxres`) and the server side (`decodeXxxargs` /
 * `encodeXxxres`, for test servers). Procedures sharing an RFC type share its codec
 * (`attrstat` for GETATTR, SETATTR and WRITE; `diropres` for LOOKUP, CREATE and MKDIR; ...).
 *
 * NFSv2 is 32-bit: READ and WRITE encoders reject an offset at or above 2^32, a range ending
 * past it, and a count above {@linkcode NFS_MAXDATA}, before anything is written.
 *
 * @module
 */
import { type Dec } from "../_program.ts";
import { copyBytes } from "../../mbuf/mod.ts";
import { XdrError, type XdrReader, type XdrWriter } from "../../xdr/mod.ts";
import { decodeFattr, decodeFhandle, decodeFilename, decodeNfscookie, decodePath, encodeDiropargs, encodeFhandle, encodeNfscookie, encodePath, encodeSattr } from "./codec_types.ts";
import { type Attrstat, type Createargs, type Diropres, type Entry, type Linkargs, NFS_MAXDATA, type NfsstatFail, type NfsstatRes, type Readargs, type Readdirargs, type Readdirres, type Readlinkres, type Readres, type Renameargs, type Res2, type Sattrargs, type Statfsres, type Symlinkargs, type Writeargs } from "./types.ts";

const TWO_32 = 0x100000000;

/**
 * Decodes a result union: `stat`, then the NFS_OK arm (any other status has no body, even a
 * number the RFC does not list).
 *
 * @param r The reader.
 * @param ok Decodes the NFS_OK arm.
 * @returns The tagged result.
 * @throws {XdrError} If the input is truncated or malformed.
 * @example
 * ```ts
 * import { decodeRes2 } from "@nfs/client/nfs";
 * import { XdrReader } from "@nfs/client/xdr";
 * const ok = decodeRes2(new XdrReader(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 9])), (r) => ({ n: r.uint() }));
 * const failed = decodeRes2(new XdrReader(new Uint8Array([0, 0, 0, 70])), (r) => ({ n: r.uint() }));
 * console.log(ok, failed); // => { status: 0, n: 9 } { status: 70 }
 * ```
 */
export function decodeRes2<Ok>(r: XdrReader, ok: Dec<Ok>): Res2<Ok> {
  const status = r.enum("stat");
  if (status === 0) return { status: 0, ...ok(r) };
  return { status: status as NfsstatFail };
}

/**
 * Checks a READ or WRITE range against NFSv2's 32-bit offsets and {@linkcode NFS_MAXDATA}.
 *
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

/**
 * RFC 1094 §2.3.9: decodes `attrstat`.
 *
 * @param r The reader.
 * @returns The result.
 * @throws {XdrError} If the input is truncated or malformed.
 * @example
 * ```ts
 * import { decodeAttrstat, encodeAttrstat } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeAttrstat(w, { status: 70 }); // NFSERR_STALE: no attributes follow
 * using chain = w.finish();
 * console.log(decodeAttrstat(new XdrReader(chain))); // => { status: 70 }
 * ```
 */
export function decodeAttrstat(r: XdrReader): Attrstat {
  return decodeRes2(r, (r) => ({ attributes: decodeFattr(r) }));
}

// RFC 1094 §2.3.11 diropres: LOOKUP, CREATE, MKDIR results

/**
 * RFC 1094 §2.3.11: decodes `diropres`.
 *
 * @param r The reader.
 * @returns The result.
 * @throws {XdrError} If the input is truncated or malformed.
 * @example
 * ```ts
 * import { decodeDiropres } from "@nfs/client/nfs";
 * import { XdrReader } from "@nfs/client/xdr";
 * const reply = new Uint8Array([0, 0, 0, 2]); // NFSERR_NOENT
 * console.log(decodeDiropres(new XdrReader(reply))); // => { status: 2 }
 * ```
 */
export function decodeDiropres(r: XdrReader): Diropres {
  return decodeRes2(r, (r) => {
    const file = decodeFhandle(r, "diropok.file");
    return { file, attributes: decodeFattr(r) };
  });
}

// RFC 1094 §2.3.1 stat: REMOVE, RENAME, LINK, SYMLINK, RMDIR results

/**
 * RFC 1094 §2.3.1: decodes a bare `stat` result.
 *
 * @param r The reader.
 * @returns `{ status }`.
 * @throws {XdrError} If the input is truncated.
 * @example
 * ```ts
 * import { decodeNfsstatRes } from "@nfs/client/nfs";
 * import { XdrReader } from "@nfs/client/xdr";
 * console.log(decodeNfsstatRes(new XdrReader(new Uint8Array(4)))); // => { status: 0 }
 * ```
 */
export function decodeNfsstatRes(r: XdrReader): NfsstatRes {
  return decodeRes2(r, () => ({}));
}

// RFC 1094 §2.2.3 SETATTR

/**
 * RFC 1094 §2.2.3: encodes `sattrargs`.
 *
 * @param w The writer.
 * @param a File and attributes.
 * @throws {RangeError} If the handle is not 32 bytes or a field is 0xFFFFFFFF.
 * @example
 * ```ts
 * import { decodeSattrargs, encodeSattrargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeSattrargs(w, { file: new Uint8Array(32), attributes: { mode: 0o755 } });
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeSattrargs(new XdrReader(chain)).attributes.mode); // => 64 493
 * ```
 */
export function encodeSattrargs(w: XdrWriter, a: Sattrargs): void {
  encodeFhandle(w, a.file);
  encodeSattr(w, a.attributes);
}

// RFC 1094 §2.2.6 READLINK

/**
 * RFC 1094 §2.2.6: decodes `readlinkres`.
 *
 * @param r The reader.
 * @returns The result.
 * @throws {XdrError} If the input is truncated or malformed.
 * @example
 * ```ts
 * import { decodeReadlinkres, encodeReadlinkres } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeReadlinkres(w, { status: 0, data: "../lib" });
 * using chain = w.finish();
 * console.log(decodeReadlinkres(new XdrReader(chain))); // => { status: 0, data: "../lib" }
 * ```
 */
export function decodeReadlinkres(r: XdrReader): Readlinkres {
  return decodeRes2(r, (r) => ({ data: decodePath(r, "readlinkres.data") }));
}

// RFC 1094 §2.2.7 READ

/**
 * Bytes of a READ reply record from the XID up to the first data byte: RPC reply header with
 * an AUTH_NONE verifier (24), stat (4), fattr (68), data length (4).
 * @example
 * ```ts
 * import { READ2_REPLY_HINT } from "@nfs/client/nfs";
 * console.log(READ2_REPLY_HINT === 24 + 4 + 68 + 4); // => true
 * ```
 */
export const READ2_REPLY_HINT = 100;

/**
 * RFC 1094 §2.2.7: encodes `readargs`.
 *
 * @param w The writer.
 * @param a File, offset, count (and the unused totalcount, default count).
 * @throws {RangeError} If offset or offset + count is beyond 2^32, or count > 8192.
 * @example
 * ```ts
 * import { encodeReadargs } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeReadargs(w, { file: new Uint8Array(32), offset: 0, count: 8192 });
 * using chain = w.finish();
 * console.log(chain.byteLength, chain.getUint32(36), chain.getUint32(40)); // => 44 8192 8192
 * ```
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

/**
 * RFC 1094 §2.2.7: decodes `readres`. The data goes into `dest` (when the transport already
 * received it there, nothing is copied); without `dest`, into a new buffer of its length.
 *
 * @param r The reader.
 * @param args The call's arguments: the data may not exceed `args.count`.
 * @param dest The caller's buffer.
 * @returns The result; `data` is `dest.subarray(0, n)`.
 * @throws {XdrError} If the data exceeds the count asked, NFS_MAXDATA or `dest`.
 * @example
 * ```ts
 * import { decodeFattr, decodeReadres, encodeReadres } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const attributes = decodeFattr(new XdrReader(new Uint8Array(68))); // an all-zero fattr
 * const w = new XdrWriter();
 * encodeReadres(w, { status: 0, attributes, data: new Uint8Array([1, 2, 3]) });
 * using chain = w.finish();
 * const dest = new Uint8Array(8192);
 * const res = decodeReadres(new XdrReader(chain), { count: 8192 }, dest);
 * console.log(res.status === 0 && res.data.buffer === dest.buffer, dest[2]); // => true 3
 * ```
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

/**
 * The `locate` step of a READ reply sink: decodes `readres` up to and including the data
 * length word, with the same checks as {@linkcode decodeReadres}.
 *
 * @param r A reader positioned after the RPC accept_stat.
 * @param args The call's arguments.
 * @param dest The caller's buffer.
 * @returns The data length, or -1 when the status is not NFS_OK.
 * @throws {XdrError} If the input is truncated, or the length exceeds `args.count`,
 * {@linkcode NFS_MAXDATA} or `dest`.
 * @example
 * ```ts
 * import { decodeFattr, encodeReadres, locateReadresData } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const attributes = decodeFattr(new XdrReader(new Uint8Array(68))); // an all-zero fattr
 * const w = new XdrWriter();
 * encodeReadres(w, { status: 0, attributes, data: new Uint8Array(10) });
 * using chain = w.finish();
 * const r = new XdrReader(chain);
 * console.log(locateReadresData(r, { count: 100 }, new Uint8Array(100)), r.position); // => 10 76
 * ```
 */
export function locateReadresData(
  r: XdrReader,
  args: Pick<Readargs, "count">,
  dest: Uint8Array,
): number {
  if (r.enum("stat") !== 0) return -1;
  decodeFattr(r);
  const at = r.position;
  const n = r.uint("readres.data");
  const max = readLimit(args.count, dest.length);
  if (n > max) {
    const why = n > args.count
      ? `the ${args.count} requested`
      : n > NFS_MAXDATA
      ? `NFS_MAXDATA ${NFS_MAXDATA}`
      : `the ${dest.length}-byte buffer`;
    throw new XdrError("readres.data", at, `length ${n} exceeds ${why}`);
  }
  return n;
}

// RFC 1094 §2.2.9 WRITE

/**
 * RFC 1094 §2.2.9: encodes `writeargs`; `data` is attached to the request without a copy.
 * The unused `beginoffset` and `totalcount` default to `offset` and `data.length`.
 *
 * @param w The writer.
 * @param a File, offset and data.
 * @throws {RangeError} If offset or offset + length is beyond 2^32, or data > 8192 bytes.
 * @example
 * ```ts
 * import { encodeWriteargs } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeWriteargs(w, { file: new Uint8Array(32), offset: 10, data: new TextEncoder().encode("hi") });
 * using chain = w.finish();
 * console.log(chain.byteLength, chain.getUint32(32), chain.getUint32(40)); // => 52 10 2
 * ```
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

/**
 * RFC 1094 §2.2.10: encodes `createargs` (CREATE and MKDIR).
 *
 * @param w The writer.
 * @param a Where and initial attributes.
 * @throws {RangeError} If the handle is not 32 bytes, the name is empty or too long, or a
 * field is 0xFFFFFFFF.
 * @throws {TypeError} If the name contains "/" or NUL.
 * @example
 * ```ts
 * import { encodeCreateargs } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeCreateargs(w, { where: { dir: new Uint8Array(32), name: "a.txt" }, attributes: { mode: 0o644 } });
 * using chain = w.finish();
 * console.log(chain.byteLength, chain.getUint32(44).toString(8)); // => 76 644
 * ```
 */
export function encodeCreateargs(w: XdrWriter, a: Createargs): void {
  encodeDiropargs(w, a.where);
  encodeSattr(w, a.attributes);
}

// RFC 1094 §2.2.12 RENAME

/**
 * RFC 1094 §2.2.12: encodes `renameargs`.
 *
 * @param w The writer.
 * @param a From and to.
 * @throws {RangeError} If a handle is not 32 bytes or a name is empty or too long.
 * @throws {TypeError} If a name contains "/" or NUL.
 * @example
 * ```ts
 * import { encodeRenameargs } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const dir = new Uint8Array(32);
 * const w = new XdrWriter();
 * encodeRenameargs(w, { from: { dir, name: "a" }, to: { dir, name: "b" } });
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 80
 * ```
 */
export function encodeRenameargs(w: XdrWriter, a: Renameargs): void {
  encodeDiropargs(w, a.from);
  encodeDiropargs(w, a.to);
}

// RFC 1094 §2.2.13 LINK

/**
 * RFC 1094 §2.2.13: encodes `linkargs`.
 *
 * @param w The writer.
 * @param a The existing file and the new link's directory and name.
 * @throws {RangeError} If a handle is not 32 bytes or the name is empty or too long.
 * @throws {TypeError} If the name contains "/" or NUL.
 * @example
 * ```ts
 * import { encodeLinkargs } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeLinkargs(w, { from: new Uint8Array(32), to: { dir: new Uint8Array(32), name: "hard" } });
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 72
 * ```
 */
export function encodeLinkargs(w: XdrWriter, a: Linkargs): void {
  encodeFhandle(w, a.from);
  encodeDiropargs(w, a.to);
}

// RFC 1094 §2.2.14 SYMLINK

/**
 * RFC 1094 §2.2.14: encodes `symlinkargs`.
 *
 * @param w The writer.
 * @param a The new link's directory and name, its text and attributes.
 * @throws {RangeError} If the handle is not 32 bytes, the name is empty or too long, the text
 * is too long, or an attribute is 0xFFFFFFFF.
 * @throws {TypeError} If the name contains "/" or NUL, or the text NUL.
 * @example
 * ```ts
 * import { encodeSymlinkargs } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeSymlinkargs(w, { from: { dir: new Uint8Array(32), name: "ln" }, to: "target", attributes: {} });
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 84
 * ```
 */
export function encodeSymlinkargs(w: XdrWriter, a: Symlinkargs): void {
  encodeDiropargs(w, a.from);
  encodePath(w, a.to);
  encodeSattr(w, a.attributes);
}

// RFC 1094 §2.2.17 READDIR

/**
 * RFC 1094 §2.2.17: encodes `readdirargs`.
 *
 * @param w The writer.
 * @param a Directory, cookie, count.
 * @throws {RangeError} If the handle is not 32 bytes, the cookie not 4 bytes, or count not an
 * unsigned 32-bit integer.
 * @example
 * ```ts
 * import { encodeReaddirargs, ZERO_NFSCOOKIE } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeReaddirargs(w, { dir: new Uint8Array(32), cookie: ZERO_NFSCOOKIE, count: 8192 });
 * using chain = w.finish();
 * console.log(chain.byteLength, chain.getUint32(36)); // => 40 8192
 * ```
 */
export function encodeReaddirargs(w: XdrWriter, a: Readdirargs): void {
  encodeFhandle(w, a.dir);
  encodeNfscookie(w, a.cookie);
  w.uint(a.count);
}

/**
 * RFC 1094 §2.2.17: decodes `readdirres`. The `entry` list is bounded by bytes: each entry
 * consumes at least 20 bytes of the reply, and all of them together may not take more than
 * the `count` bytes requested.
 *
 * @param r The reader.
 * @param args The call's arguments, for the count.
 * @returns The result.
 * @throws {XdrError} If the input is truncated or malformed, or the entries take more than
 * `args.count` bytes.
 * @example
 * ```ts
 * import { decodeReaddirres, encodeReaddirres } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const entries = ["a", "b"].map((name, i) => ({ fileid: i, name, cookie: new Uint8Array([0, 0, 0, i + 1]) }));
 * const w = new XdrWriter();
 * encodeReaddirres(w, { status: 0, entries, eof: false });
 * using chain = w.finish();
 * const res = decodeReaddirres(new XdrReader(chain), { count: 8192 });
 * if (res.status === 0) console.log(res.entries.map((e) => e.name), res.eof); // => [ "a", "b" ] false
 * ```
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

/**
 * RFC 1094 §2.2.18: decodes `statfsres`.
 *
 * @param r The reader.
 * @returns The result.
 * @throws {XdrError} If the input is truncated.
 * @example
 * ```ts
 * import { decodeStatfsres, encodeStatfsres } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeStatfsres(w, { status: 0, tsize: 8192, bsize: 4096, blocks: 100, bfree: 50, bavail: 40 });
 * using chain = w.finish();
 * const res = decodeStatfsres(new XdrReader(chain));
 * if (res.status === 0) console.log(res.bfree, res.bavail); // => 50 40
 * ```
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
