/**
 * NFS version 2 (RFC 1094) data types, named after the RFC (`fattr` → {@linkcode Fattr},
 * `readargs` → {@linkcode Readargs}); fields are the RFC field names.
 *
 * Every size, offset and count of NFSv2 is an unsigned 32-bit `number`. Results are unions
 * tagged by `status`: `{ status: 0, ...ok }` on NFS_OK, `{ status }` otherwise (NFSv2 failure
 * results carry nothing), the union arm's fields flattened like the NFSv3 resok.
 *
 * @module
 */
import { NFS_PROGRAM } from "../_program.ts";

export {
  /**
   * RFC 1094 §2.2: the NFS program number, 100003 (the same for NFSv2 and NFSv3).
   *
   * @example
   * ```ts
   * import { NFS_PROGRAM, NFS_V2 } from "@nfs/client/nfs";
   * console.log(NFS_PROGRAM, NFS_V2); // => 100003 2
   * ```
   */
  NFS_PROGRAM,
};

/**
 * RFC 1094 §2.2: the NFS version this module implements.
 *
 * @example
 * ```ts
 * import { NFS_V2 } from "@nfs/client/nfs";
 * console.log(NFS_V2); // => 2
 * ```
 */
export const NFS_V2 = 2;

/**
 * RFC 1094 §3.5: MAXDATA, the most bytes of data in one READ or WRITE.
 *
 * @example
 * ```ts
 * import { encodeReadargs, NFS_MAXDATA } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const file = new Uint8Array(32);
 * try {
 *   encodeReadargs(new XdrWriter(), { file, offset: 0, count: NFS_MAXDATA + 1 });
 * } catch (e) {
 *   console.log(NFS_MAXDATA, e instanceof RangeError); // => 8192 true
 * }
 * ```
 */
export const NFS_MAXDATA = 8192;
/**
 * RFC 1094 §3.5: MAXPATHLEN, the longest `path` in bytes.
 *
 * @example
 * ```ts
 * import { encodePath, NFS_MAXPATHLEN } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodePath(w, "x".repeat(NFS_MAXPATHLEN)); // the longest symbolic link text
 * using chain = w.finish();
 * console.log(NFS_MAXPATHLEN, chain.byteLength); // => 1024 1028
 * ```
 */
export const NFS_MAXPATHLEN = 1024;
/**
 * RFC 1094 §3.5: MAXNAMLEN, the longest `filename` in bytes.
 *
 * @example
 * ```ts
 * import { encodeFilename, NFS_MAXNAMLEN } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * try {
 *   encodeFilename(new XdrWriter(), "x".repeat(NFS_MAXNAMLEN + 1));
 * } catch (e) {
 *   console.log(NFS_MAXNAMLEN, e instanceof RangeError); // => 255 true
 * }
 * ```
 */
export const NFS_MAXNAMLEN = 255;
/**
 * RFC 1094 §3.5: COOKIESIZE, the size of a READDIR `nfscookie`.
 *
 * @example
 * ```ts
 * import { NFS_COOKIESIZE, ZERO_NFSCOOKIE } from "@nfs/client/nfs";
 * console.log(NFS_COOKIESIZE, ZERO_NFSCOOKIE.length); // => 4 4
 * ```
 */
export const NFS_COOKIESIZE = 4;
/**
 * RFC 1094 §3.5: FHSIZE, the size of an `fhandle` (also MOUNT v1's, Appendix A.3).
 *
 * @example
 * ```ts
 * import { encodeFhandle, NFS_FHSIZE } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeFhandle(w, new Uint8Array(NFS_FHSIZE)); // fixed size: no length word
 * using chain = w.finish();
 * console.log(NFS_FHSIZE, chain.byteLength); // => 32 32
 * ```
 */
export const NFS_FHSIZE = 32;

/**
 * RFC 1094 §2.3.1 `stat` (`nfsstat` in `nfs_prot.x`): the status of every result.
 *
 * @example
 * ```ts
 * import { decodeNfsstatRes, Nfsstat } from "@nfs/client/nfs";
 * import { XdrReader } from "@nfs/client/xdr";
 * const res = decodeNfsstatRes(new XdrReader(new Uint8Array([0, 0, 0, 66])));
 * console.log(res.status === Nfsstat.NFSERR_NOTEMPTY); // => true
 * ```
 */
export const Nfsstat = {
  NFS_OK: 0,
  NFSERR_PERM: 1,
  NFSERR_NOENT: 2,
  NFSERR_IO: 5,
  NFSERR_NXIO: 6,
  NFSERR_ACCES: 13,
  NFSERR_EXIST: 17,
  NFSERR_NODEV: 19,
  NFSERR_NOTDIR: 20,
  NFSERR_ISDIR: 21,
  NFSERR_FBIG: 27,
  NFSERR_NOSPC: 28,
  NFSERR_ROFS: 30,
  NFSERR_NAMETOOLONG: 63,
  NFSERR_NOTEMPTY: 66,
  NFSERR_DQUOT: 69,
  NFSERR_STALE: 70,
  NFSERR_WFLUSH: 99,
} as const;
/**
 * RFC 1094 §2.3.1 `stat` values.
 *
 * @example
 * ```ts
 * import { Nfsstat } from "@nfs/client/nfs";
 * const nameOf = (s: Nfsstat) => Object.keys(Nfsstat).find((k) => Nfsstat[k as keyof typeof Nfsstat] === s);
 * console.log(nameOf(2)); // => NFSERR_NOENT
 * ```
 */
export type Nfsstat = typeof Nfsstat[keyof typeof Nfsstat];
/**
 * A failure status. Servers also send numbers RFC 1094 does not list (Linux: NFSERR_INVAL
 * 22, NFSERR_XDEV 18): decoders keep them as is and `nfsError` maps them by number.
 *
 * @example
 * ```ts
 * import { nfsError, type NfsstatFail } from "@nfs/client/nfs";
 * const status: NfsstatFail = 13;
 * const e = nfsError({ status, proc: "NFS2 LOOKUP", path: "secret" });
 * console.log(e.code); // => EACCES
 * ```
 */
export type NfsstatFail = Exclude<Nfsstat, 0>;

/**
 * RFC 1094 §2.3.2 `ftype`: NFNON..NFLNK, plus NFSOCK, NFBAD and NFFIFO, which the RFC does
 * not list but `nfs_prot.x` (Sun, glibc, BSD) defines and servers send.
 *
 * @example
 * ```ts
 * import { decodeFtype, Ftype } from "@nfs/client/nfs";
 * import { XdrReader } from "@nfs/client/xdr";
 * const type = decodeFtype(new XdrReader(new Uint8Array([0, 0, 0, 2])));
 * console.log(type === Ftype.NFDIR); // => true
 * ```
 */
export const Ftype = {
  NFNON: 0,
  NFREG: 1,
  NFDIR: 2,
  NFBLK: 3,
  NFCHR: 4,
  NFLNK: 5,
  NFSOCK: 6,
  NFBAD: 7,
  NFFIFO: 8,
} as const;
/**
 * RFC 1094 §2.3.2 `ftype` values.
 *
 * @example
 * ```ts
 * import { Ftype } from "@nfs/client/nfs";
 * const isDir = (t: Ftype) => t === Ftype.NFDIR;
 * console.log(isDir(Ftype.NFDIR), isDir(Ftype.NFLNK)); // => true false
 * ```
 */
export type Ftype = typeof Ftype[keyof typeof Ftype];

/**
 * RFC 1094 §2.3.3 `fhandle`: exactly {@linkcode NFS_FHSIZE} (32) opaque bytes.
 *
 * @example
 * ```ts
 * import { decodeFhandle, encodeFhandle, type Fhandle } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const fh: Fhandle = new Uint8Array(32).fill(7);
 * const w = new XdrWriter();
 * encodeFhandle(w, fh);
 * using chain = w.finish();
 * console.log(decodeFhandle(new XdrReader(chain))[31]); // => 7
 * ```
 */
export type Fhandle = Uint8Array;
/**
 * RFC 1094 §2.2.17 `nfscookie`: {@linkcode NFS_COOKIESIZE} (4) opaque bytes.
 *
 * @example
 * ```ts
 * import { encodeReaddirargs, type Nfscookie } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const cookie: Nfscookie = new Uint8Array([0, 0, 0, 3]); // an entry's cookie: resume after it
 * const w = new XdrWriter();
 * encodeReaddirargs(w, { dir: new Uint8Array(32), cookie, count: 8192 });
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 40
 * ```
 */
export type Nfscookie = Uint8Array;

/**
 * RFC 1094 §2.3.4 `timeval`. In a `sattr`, `useconds` = 1000000 is the Sun convention for
 * "set to the server's current time" (sent by the Linux and BSD clients).
 *
 * @example
 * ```ts
 * import { decodeSattr, encodeSattr, type Timeval } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const mtime: Timeval = { seconds: 1700000000, useconds: 250000 };
 * const w = new XdrWriter();
 * encodeSattr(w, { mtime });
 * using chain = w.finish();
 * console.log(decodeSattr(new XdrReader(chain)).mtime); // => { seconds: 1700000000, useconds: 250000 }
 * ```
 */
export interface Timeval {
  /** Seconds since 1970-01-01 00:00 UTC (uint32). */
  seconds: number;
  /** Microseconds (uint32). */
  useconds: number;
}

/**
 * RFC 1094 §2.3.5 `fattr` (68 bytes on the wire).
 *
 * @example
 * ```ts
 * import { decodeFattr, encodeFattr, type Fattr, Ftype } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const t = { seconds: 1700000000, useconds: 0 };
 * const a: Fattr = { type: Ftype.NFREG, mode: 0o100644, nlink: 1, uid: 0, gid: 0, size: 5,
 *   blocksize: 4096, rdev: 0, blocks: 8, fsid: 1, fileid: 42, atime: t, mtime: t, ctime: t };
 * const w = new XdrWriter();
 * encodeFattr(w, a);
 * using chain = w.finish();
 * const back = decodeFattr(new XdrReader(chain));
 * console.log(chain.byteLength, back.size, (back.mode & 0o777).toString(8)); // => 68 5 644
 * ```
 */
export interface Fattr {
  /** File type. */
  type: Ftype;
  /** Mode bits, file type bits included (e.g. 0o100644). */
  mode: number;
  /** Number of hard links. */
  nlink: number;
  /** Owner user id. */
  uid: number;
  /** Owner group id. */
  gid: number;
  /** Size in bytes. */
  size: number;
  /** Block size in bytes. */
  blocksize: number;
  /** Device number for NFCHR / NFBLK. */
  rdev: number;
  /** Blocks used. */
  blocks: number;
  /** File system id. */
  fsid: number;
  /** File id (inode number). */
  fileid: number;
  /** Last access time. */
  atime: Timeval;
  /** Last data modification time. */
  mtime: Timeval;
  /** Last status change time. */
  ctime: Timeval;
}

/**
 * RFC 1094 §2.3.6 `sattr`: only the present fields are set. An absent field goes on the wire
 * as -1 (0xFFFFFFFF; both words for a time), which the RFC defines as "ignore this field"; a
 * time with either word -1 decodes as absent, as the Linux server reads it.
 *
 * @example
 * ```ts
 * import { decodeSattr, encodeSattr, type Sattr } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const s: Sattr = { mode: 0o600, size: 0 }; // chmod 600 and truncate; the rest unchanged
 * const w = new XdrWriter();
 * encodeSattr(w, s);
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeSattr(new XdrReader(chain))); // => 32 { mode: 384, size: 0 }
 * ```
 */
export interface Sattr {
  /** Mode bits to set. */
  mode?: number | undefined;
  /** Owner to set. */
  uid?: number | undefined;
  /** Group to set. */
  gid?: number | undefined;
  /** Size to set (0 truncates). */
  size?: number | undefined;
  /** Access time to set. */
  atime?: Timeval | undefined;
  /** Modification time to set. */
  mtime?: Timeval | undefined;
}

/**
 * RFC 1094 §2.3.10 `diropargs`.
 *
 * @example
 * ```ts
 * import { decodeDiropargs, type Diropargs, encodeDiropargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const d: Diropargs = { dir: new Uint8Array(32), name: "hello.txt" };
 * const w = new XdrWriter();
 * encodeDiropargs(w, d);
 * using chain = w.finish();
 * console.log(decodeDiropargs(new XdrReader(chain)).name); // => hello.txt
 * ```
 */
export interface Diropargs {
  /** The directory. */
  dir: Fhandle;
  /** The name in it. */
  name: string;
}

/**
 * A result union: `{ status: 0, ...ok }` on NFS_OK, `{ status }` otherwise.
 *
 * @example
 * ```ts
 * import { type Res2, unwrap } from "@nfs/client/nfs";
 * const ok: Res2<{ data: string }> = { status: 0, data: "target" };
 * const failed: Res2<{ data: string }> = { status: 2 };
 * console.log(unwrap(ok, "NFS2 READLINK").data, "data" in failed); // => target false
 * ```
 */
export type Res2<Ok> =
  | ({ status: typeof Nfsstat.NFS_OK } & Ok)
  | { status: NfsstatFail };

/**
 * The result of the procedures that return a bare `stat` (REMOVE, RENAME, LINK, ...).
 *
 * @example
 * ```ts
 * import { decodeNfsstatRes, encodeNfsstatRes, type NfsstatRes } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const res: NfsstatRes = { status: 66 }; // NFSERR_NOTEMPTY
 * const w = new XdrWriter();
 * encodeNfsstatRes(w, res);
 * using chain = w.finish();
 * console.log(decodeNfsstatRes(new XdrReader(chain))); // => { status: 66 }
 * ```
 */
export type NfsstatRes = Res2<Record<never, never>>;

/**
 * RFC 1094 §2.3.9 `attrstat` (GETATTR, SETATTR, WRITE).
 *
 * @example
 * ```ts
 * import { Mount1Client, Nfs2Client, unwrap, type Attrstat } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
 * const res: Attrstat = await new Nfs2Client(rpc).getattr(root);
 * if (res.status === 0) console.log(res.attributes.type); // => 2
 * ```
 */
export type Attrstat = Res2<{ attributes: Fattr }>;

/**
 * RFC 1094 §2.3.11 `diropok`.
 *
 * @example
 * ```ts
 * import { decodeDiropres, type Diropok, encodeDiropres, decodeFattr } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const attributes = decodeFattr(new XdrReader(new Uint8Array(68))); // all zero
 * const ok: Diropok = { file: new Uint8Array(32).fill(1), attributes };
 * const w = new XdrWriter();
 * encodeDiropres(w, { status: 0, ...ok });
 * using chain = w.finish();
 * const res = decodeDiropres(new XdrReader(chain));
 * console.log(chain.byteLength, res.status === 0 && res.file[0]); // => 104 1
 * ```
 */
export interface Diropok {
  /** The handle of the named file. */
  file: Fhandle;
  /** Its attributes. */
  attributes: Fattr;
}
/**
 * RFC 1094 §2.3.11 `diropres` (LOOKUP, CREATE, MKDIR).
 *
 * @example
 * ```ts
 * import { type Diropres, Mount1Client, Nfs2Client, Nfsstat, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
 * const res: Diropres = await new Nfs2Client(rpc).lookup(root, "missing.txt");
 * console.log(res.status === Nfsstat.NFSERR_NOENT); // => true
 * ```
 */
export type Diropres = Res2<Diropok>;

/**
 * RFC 1094 §2.2.3 `sattrargs`.
 *
 * @example
 * ```ts
 * import { decodeSattrargs, encodeSattrargs, type Sattrargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Sattrargs = { file: new Uint8Array(32), attributes: { uid: 1000, gid: 1000 } };
 * const w = new XdrWriter();
 * encodeSattrargs(w, args);
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeSattrargs(new XdrReader(chain)).attributes); // => 64 { uid: 1000, gid: 1000 }
 * ```
 */
export interface Sattrargs {
  /** The file. */
  file: Fhandle;
  /** What to set. */
  attributes: Sattr;
}

/**
 * RFC 1094 §2.2.6 `readlinkres`.
 *
 * @example
 * ```ts
 * import { decodeReadlinkres, encodeReadlinkres, type Readlinkres } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const res: Readlinkres = { status: 0, data: "../target" };
 * const w = new XdrWriter();
 * encodeReadlinkres(w, res);
 * using chain = w.finish();
 * console.log(decodeReadlinkres(new XdrReader(chain))); // => { status: 0, data: "../target" }
 * ```
 */
export type Readlinkres = Res2<{ data: string }>;

/**
 * RFC 1094 §2.2.7 `readargs`.
 *
 * @example
 * ```ts
 * import { decodeReadargs, encodeReadargs, type Readargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Readargs = { file: new Uint8Array(32), offset: 8192, count: 4096 };
 * const w = new XdrWriter();
 * encodeReadargs(w, args);
 * using chain = w.finish();
 * const back = decodeReadargs(new XdrReader(chain));
 * console.log(back.offset, back.count, back.totalcount); // => 8192 4096 4096
 * ```
 */
export interface Readargs {
  /** The file. */
  file: Fhandle;
  /** Byte offset (uint32). */
  offset: number;
  /** Bytes to read, at most {@linkcode NFS_MAXDATA}. */
  count: number;
  /** Unused by servers; sent as `count` when absent. */
  totalcount?: number | undefined;
}
/**
 * RFC 1094 §2.2.7 `readres` NFS_OK arm.
 *
 * @example
 * ```ts
 * import { decodeFattr, decodeReadres, encodeReadres, type Readok } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const attributes = decodeFattr(new XdrReader(new Uint8Array(68))); // all zero
 * const ok: Readok = { attributes, data: new TextEncoder().encode("hello") };
 * const w = new XdrWriter();
 * encodeReadres(w, { status: 0, ...ok });
 * using chain = w.finish();
 * const res = decodeReadres(new XdrReader(chain));
 * console.log(res.status === 0 && new TextDecoder().decode(res.data)); // => hello
 * ```
 */
export interface Readok {
  /** The file's attributes after the read. */
  attributes: Fattr;
  /** The data read: the start of the caller's buffer when one was given. */
  data: Uint8Array;
}
/**
 * RFC 1094 §2.2.7 `readres`.
 *
 * @example
 * ```ts
 * import { Mount1Client, Nfs2Client, type Readres, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/hello.txt`, "hello");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
 * const nfs = new Nfs2Client(rpc);
 * const { file } = unwrap(await nfs.lookup(root, "hello.txt"), "NFS2 LOOKUP");
 * const res: Readres = await nfs.read(file, 1, 100);
 * if (res.status === 0) console.log(new TextDecoder().decode(res.data)); // => ello
 * ```
 */
export type Readres = Res2<Readok>;

/**
 * RFC 1094 §2.2.9 `writeargs`.
 *
 * @example
 * ```ts
 * import { decodeWriteargs, encodeWriteargs, type Writeargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Writeargs = { file: new Uint8Array(32), offset: 100, data: new Uint8Array([1, 2, 3]) };
 * const w = new XdrWriter();
 * encodeWriteargs(w, args);
 * using chain = w.finish();
 * const back = decodeWriteargs(new XdrReader(chain));
 * console.log(back.beginoffset, back.offset, back.totalcount, back.data); // => 100 100 3 Uint8Array(3) [ 1, 2, 3 ]
 * ```
 */
export interface Writeargs {
  /** The file. */
  file: Fhandle;
  /** Unused by servers; sent as `offset` when absent. */
  beginoffset?: number | undefined;
  /** Byte offset (uint32). */
  offset: number;
  /** Unused by servers; sent as `data.length` when absent. */
  totalcount?: number | undefined;
  /** The bytes, at most {@linkcode NFS_MAXDATA} (attached to the request without a copy). */
  data: Uint8Array;
}

/**
 * RFC 1094 §2.2.10 `createargs` (CREATE, MKDIR).
 *
 * @example
 * ```ts
 * import { type Createargs, decodeCreateargs, encodeCreateargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Createargs = { where: { dir: new Uint8Array(32), name: "new.txt" }, attributes: { mode: 0o644 } };
 * const w = new XdrWriter();
 * encodeCreateargs(w, args);
 * using chain = w.finish();
 * const back = decodeCreateargs(new XdrReader(chain));
 * console.log(back.where.name, back.attributes.mode?.toString(8)); // => new.txt 644
 * ```
 */
export interface Createargs {
  /** Directory and name. */
  where: Diropargs;
  /** Initial attributes. */
  attributes: Sattr;
}

/**
 * RFC 1094 §2.2.12 `renameargs`.
 *
 * @example
 * ```ts
 * import { decodeRenameargs, encodeRenameargs, type Renameargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const dir = new Uint8Array(32);
 * const args: Renameargs = { from: { dir, name: "old.txt" }, to: { dir, name: "new.txt" } };
 * const w = new XdrWriter();
 * encodeRenameargs(w, args);
 * using chain = w.finish();
 * const back = decodeRenameargs(new XdrReader(chain));
 * console.log(back.from.name, back.to.name); // => old.txt new.txt
 * ```
 */
export interface Renameargs {
  /** Source directory and name. */
  from: Diropargs;
  /** Target directory and name. */
  to: Diropargs;
}

/**
 * RFC 1094 §2.2.13 `linkargs`.
 *
 * @example
 * ```ts
 * import { decodeLinkargs, encodeLinkargs, type Linkargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Linkargs = { from: new Uint8Array(32).fill(9), to: { dir: new Uint8Array(32), name: "alias" } };
 * const w = new XdrWriter();
 * encodeLinkargs(w, args);
 * using chain = w.finish();
 * const back = decodeLinkargs(new XdrReader(chain));
 * console.log(back.from[0], back.to.name); // => 9 alias
 * ```
 */
export interface Linkargs {
  /** The existing file. */
  from: Fhandle;
  /** Directory and name of the new link. */
  to: Diropargs;
}

/**
 * RFC 1094 §2.2.14 `symlinkargs`.
 *
 * @example
 * ```ts
 * import { decodeSymlinkargs, encodeSymlinkargs, type Symlinkargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Symlinkargs = { from: { dir: new Uint8Array(32), name: "ln" }, to: "../target", attributes: {} };
 * const w = new XdrWriter();
 * encodeSymlinkargs(w, args);
 * using chain = w.finish();
 * const back = decodeSymlinkargs(new XdrReader(chain));
 * console.log(back.from.name, back.to, back.attributes); // => ln ../target {}
 * ```
 */
export interface Symlinkargs {
  /** Directory and name of the new link. */
  from: Diropargs;
  /** The link text (`path`). */
  to: string;
  /** Initial attributes. */
  attributes: Sattr;
}

/**
 * RFC 1094 §2.2.17 `readdirargs`.
 *
 * @example
 * ```ts
 * import { decodeReaddirargs, encodeReaddirargs, type Readdirargs } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Readdirargs = { dir: new Uint8Array(32), cookie: new Uint8Array(4), count: 4096 };
 * const w = new XdrWriter();
 * encodeReaddirargs(w, args);
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeReaddirargs(new XdrReader(chain)).count); // => 40 4096
 * ```
 */
export interface Readdirargs {
  /** The directory. */
  dir: Fhandle;
  /** Where to resume: an entry's cookie, or 4 zero bytes to start. */
  cookie: Nfscookie;
  /** Largest size of the entries in the reply, in bytes. */
  count: number;
}
/**
 * RFC 1094 §2.2.17 `entry` (the `nextentry` list becomes an array).
 *
 * @example
 * ```ts
 * import { decodeReaddirres, encodeReaddirres, type Entry } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const e: Entry = { fileid: 42, name: "a.txt", cookie: new Uint8Array([0, 0, 0, 1]) };
 * const w = new XdrWriter();
 * encodeReaddirres(w, { status: 0, entries: [e], eof: true });
 * using chain = w.finish();
 * const res = decodeReaddirres(new XdrReader(chain));
 * if (res.status === 0) console.log(res.entries[0]?.fileid, res.entries[0]?.name); // => 42 a.txt
 * ```
 */
export interface Entry {
  /** File id. */
  fileid: number;
  /** Name. */
  name: string;
  /** Cookie to resume after this entry. */
  cookie: Nfscookie;
}
/**
 * RFC 1094 §2.2.17 `readdirok`.
 *
 * @example
 * ```ts
 * import { decodeReaddirres, encodeReaddirres, type Readdirok } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const ok: Readdirok = { entries: [], eof: true }; // an empty last page
 * const w = new XdrWriter();
 * encodeReaddirres(w, { status: 0, ...ok });
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeReaddirres(new XdrReader(chain))); // => 12 { status: 0, entries: [], eof: true }
 * ```
 */
export interface Readdirok {
  /** The entries. */
  entries: Entry[];
  /** True when there are no more entries. */
  eof: boolean;
}
/**
 * RFC 1094 §2.2.17 `readdirres`.
 *
 * @example
 * ```ts
 * import { Mount1Client, Nfs2Client, type Readdirres, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
 * const res: Readdirres = await new Nfs2Client(rpc).readdir(root);
 * if (res.status === 0) console.log(res.entries.map((e) => e.name).sort(), res.eof); // => [ ".", "..", "a.txt" ] true
 * ```
 */
export type Readdirres = Res2<Readdirok>;

/**
 * RFC 1094 §2.2.18 `statfsres` NFS_OK arm (`info`).
 *
 * @example
 * ```ts
 * import { decodeStatfsres, encodeStatfsres, type Statfsok } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const info: Statfsok = { tsize: 8192, bsize: 4096, blocks: 1000, bfree: 400, bavail: 300 };
 * const w = new XdrWriter();
 * encodeStatfsres(w, { status: 0, ...info });
 * using chain = w.finish();
 * const res = decodeStatfsres(new XdrReader(chain));
 * if (res.status === 0) console.log(chain.byteLength, res.bavail * res.bsize); // => 24 1228800
 * ```
 */
export interface Statfsok {
  /** Optimum transfer size in bytes. */
  tsize: number;
  /** Block size in bytes. */
  bsize: number;
  /** Total blocks. */
  blocks: number;
  /** Free blocks. */
  bfree: number;
  /** Blocks available to non-privileged users. */
  bavail: number;
}
/**
 * RFC 1094 §2.2.18 `statfsres`.
 *
 * @example
 * ```ts
 * import { Mount1Client, Nfs2Client, type Statfsres, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount1Client(rpc).mnt(server.exportPath), "MOUNT1 MNT").directory;
 * const res: Statfsres = await new Nfs2Client(rpc).statfs(root);
 * if (res.status === 0) console.log(res.tsize); // => 8192
 * ```
 */
export type Statfsres = Res2<Statfsok>;
