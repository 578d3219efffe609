/**
 * NFS version 3 (RFC 1813) data types, named after the RFC (`fattr3` → {@linkcode Fattr3},
 * `READ3args` → {@linkcode Read3Args}); fields are the RFC field names in camelCase.
 *
 * Number choices: every `uint64` that can exceed 2^53 is a `bigint` when decoded (`size3`,
 * `fileid3`, `cookie3`, `offset3`, `fsid`, the FSSTAT counters, `maxfilesize`), since file
 * systems do hand out 64-bit fileids and cookies (XFS, btrfs hash cookies) and sizes of sparse
 * files reach 2^63. Arguments also accept a safe-integer `number` where the caller is likely
 * to hold one (offsets, sizes, cookie 0). 32-bit fields (`count3`, `mode3`, `uid3`, times) are
 * `number`.
 *
 * @module
 */

export { NFS_PROGRAM } from "../_program.ts";
/**
 * RFC 1813 §2.2: the NFS version this module implements.
 *
 * @example
 * ```ts
 * import { NFS_PROGRAM, NFS_V3 } from "@nfs/client/nfs";
 * import { RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const spec = { prog: NFS_PROGRAM, vers: NFS_V3, proc: 0, encode: () => {}, decode: () => "pong" };
 * console.log(await rpc.call(spec), NFS_V3); // => "pong" 3
 * ```
 */
export const NFS_V3 = 3;

/**
 * RFC 1813 §2.4: NFS3_FHSIZE, the largest file handle in bytes.
 *
 * @example
 * ```ts
 * import { encodeNfsFh3, NFS3_FHSIZE } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeNfsFh3(w, new Uint8Array(NFS3_FHSIZE)); // the largest handle: accepted
 * try {
 *   encodeNfsFh3(w, new Uint8Array(NFS3_FHSIZE + 1));
 * } catch (e) {
 *   console.log(NFS3_FHSIZE, e instanceof RangeError); // => 64 true
 * }
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 68
 * ```
 */
export const NFS3_FHSIZE = 64;
/**
 * RFC 1813 §2.4: NFS3_COOKIEVERFSIZE.
 *
 * @example
 * ```ts
 * import { decodeVerf3, encodeVerf3, NFS3_COOKIEVERFSIZE } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeVerf3(w, new Uint8Array(NFS3_COOKIEVERFSIZE).fill(1)); // fixed size: no length word
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeVerf3(new XdrReader(chain))[7]); // => 8 1
 * ```
 */
export const NFS3_COOKIEVERFSIZE = 8;
/**
 * RFC 1813 §2.4: NFS3_CREATEVERFSIZE.
 *
 * @example
 * ```ts
 * import { Createmode3, encodeCreatehow3, NFS3_CREATEVERFSIZE } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const verf = crypto.getRandomValues(new Uint8Array(NFS3_CREATEVERFSIZE));
 * const w = new XdrWriter();
 * encodeCreatehow3(w, { mode: Createmode3.EXCLUSIVE, verf });
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 12
 * ```
 */
export const NFS3_CREATEVERFSIZE = 8;
/**
 * RFC 1813 §2.4: NFS3_WRITEVERFSIZE.
 *
 * @example
 * ```ts
 * import { Mount3Client, NFS3_WRITEVERFSIZE, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.create(root, "a.txt"), "NFS3 CREATE").obj!;
 * const res = unwrap(await nfs.write(fh, 0, new Uint8Array([1, 2])), "NFS3 WRITE");
 * console.log(res.verf.length === NFS3_WRITEVERFSIZE); // => true
 * ```
 */
export const NFS3_WRITEVERFSIZE = 8;
/**
 * Largest `filename3` accepted, in UTF-8 bytes. RFC 1813 §2.5 declares `filename3<>` without a
 * bound (the server's limit is PATHCONF `name_max`, §3.2 item 4); 255 is NAME_MAX of every
 * common server file system and the value of the Linux and BSD clients' NFS3_MAXNAMLEN.
 *
 * @example
 * ```ts
 * import { encodeFilename3, NFS3_MAXNAMLEN } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeFilename3(w, "x".repeat(NFS3_MAXNAMLEN)); // accepted
 * try {
 *   encodeFilename3(w, "x".repeat(NFS3_MAXNAMLEN + 1));
 * } catch (e) {
 *   console.log(NFS3_MAXNAMLEN, e instanceof RangeError); // => 255 true
 * }
 * w.finish().release();
 * ```
 */
export const NFS3_MAXNAMLEN = 255;
/**
 * Largest `nfspath3` (symbolic link text) accepted, in bytes. RFC 1813 declares `nfspath3<>`
 * unbounded; 4096 is PATH_MAX on Linux, the Linux client's NFS3_MAXPATHLEN.
 *
 * @example
 * ```ts
 * import { encodeNfspath3, NFS3_MAXPATHLEN } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * try {
 *   encodeNfspath3(w, "a/".repeat(NFS3_MAXPATHLEN / 2) + "b");
 * } catch (e) {
 *   console.log(NFS3_MAXPATHLEN, e instanceof RangeError); // => 4096 true
 * }
 * w.finish().release();
 * ```
 */
export const NFS3_MAXPATHLEN = 4096;

/**
 * A 64-bit unsigned argument: a `bigint`, or a safe-integer `number` for convenience.
 *
 * @example
 * ```ts
 * import { encodeUint64, type Uint64 } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const values: Uint64[] = [4096, 4096n, 2n ** 63n];
 * const w = new XdrWriter();
 * for (const v of values) encodeUint64(w, v);
 * using chain = w.finish();
 * const r = new XdrReader(chain);
 * console.log(r.uhyper(), r.uhyper(), r.uhyper()); // => 4096n 4096n 9223372036854775808n
 * ```
 */
export type Uint64 = bigint | number;

/**
 * RFC 1813 §2.5 `nfsstat3`.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, Nfsstat3, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res = await new Nfs3Client(rpc).lookup(root, "missing.txt");
 * console.log(res.status === Nfsstat3.NFS3ERR_NOENT, res.status); // => true 2
 * ```
 */
export const Nfsstat3 = {
  NFS3_OK: 0,
  NFS3ERR_PERM: 1,
  NFS3ERR_NOENT: 2,
  NFS3ERR_IO: 5,
  NFS3ERR_NXIO: 6,
  NFS3ERR_ACCES: 13,
  NFS3ERR_EXIST: 17,
  NFS3ERR_XDEV: 18,
  NFS3ERR_NODEV: 19,
  NFS3ERR_NOTDIR: 20,
  NFS3ERR_ISDIR: 21,
  NFS3ERR_INVAL: 22,
  NFS3ERR_FBIG: 27,
  NFS3ERR_NOSPC: 28,
  NFS3ERR_ROFS: 30,
  NFS3ERR_MLINK: 31,
  NFS3ERR_NAMETOOLONG: 63,
  NFS3ERR_NOTEMPTY: 66,
  NFS3ERR_DQUOT: 69,
  NFS3ERR_STALE: 70,
  NFS3ERR_REMOTE: 71,
  NFS3ERR_BADHANDLE: 10001,
  NFS3ERR_NOT_SYNC: 10002,
  NFS3ERR_BAD_COOKIE: 10003,
  NFS3ERR_NOTSUPP: 10004,
  NFS3ERR_TOOSMALL: 10005,
  NFS3ERR_SERVERFAULT: 10006,
  NFS3ERR_BADTYPE: 10007,
  NFS3ERR_JUKEBOX: 10008,
} as const;
/**
 * RFC 1813 §2.5 `nfsstat3` values.
 *
 * @example
 * ```ts
 * import { Nfsstat3 } from "@nfs/client/nfs";
 * const nameOf = (s: Nfsstat3): string | undefined =>
 *   Object.entries(Nfsstat3).find(([, v]) => v === s)?.[0];
 * console.log(nameOf(Nfsstat3.NFS3ERR_STALE), nameOf(10008)); // => "NFS3ERR_STALE" "NFS3ERR_JUKEBOX"
 * ```
 */
export type Nfsstat3 = typeof Nfsstat3[keyof typeof Nfsstat3];
/**
 * A failure status. A server may send a number the RFC does not list: decoders keep it as
 * is (this type then does not cover it) and `nfsError` maps it to a generic `NfsError`.
 *
 * @example
 * ```ts
 * import { nfsError, Nfsstat3, type Nfsstat3Fail } from "@nfs/client/nfs";
 * const status: Nfsstat3Fail = Nfsstat3.NFS3ERR_EXIST;
 * const e = nfsError({ status, proc: "NFS3 CREATE", path: "a.txt" });
 * console.log(e.code); // => "EEXIST"
 * ```
 */
export type Nfsstat3Fail = Exclude<Nfsstat3, 0>;

/**
 * RFC 1813 §2.5 `ftype3`.
 *
 * @example
 * ```ts
 * import { Ftype3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const { objAttributes } = unwrap(await new Nfs3Client(rpc).getattr(root), "NFS3 GETATTR");
 * console.log(objAttributes.type === Ftype3.NF3DIR); // => true
 * ```
 */
export const Ftype3 = {
  NF3REG: 1,
  NF3DIR: 2,
  NF3BLK: 3,
  NF3CHR: 4,
  NF3LNK: 5,
  NF3SOCK: 6,
  NF3FIFO: 7,
} as const;
/**
 * RFC 1813 §2.5 `ftype3` values.
 *
 * @example
 * ```ts
 * import { Ftype3 } from "@nfs/client/nfs";
 * const letter = (t: Ftype3): string => "-dbclsp"[t - 1] ?? "?";
 * console.log(letter(Ftype3.NF3DIR), letter(Ftype3.NF3LNK), letter(Ftype3.NF3REG)); // => "d" "l" "-"
 * ```
 */
export type Ftype3 = typeof Ftype3[keyof typeof Ftype3];

/**
 * RFC 1813 §2.5 `time_how` (the discriminant of `set_atime`/`set_mtime`).
 *
 * @example
 * ```ts
 * import { encodeSattr3, TimeHow } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeSattr3(w, { atime: "server" }); // mode, uid, gid, size: set_it FALSE
 * using chain = w.finish();
 * console.log(chain.getUint32(16) === TimeHow.SET_TO_SERVER_TIME, chain.getUint32(20)); // => true 0
 * ```
 */
export const TimeHow = { DONT_CHANGE: 0, SET_TO_SERVER_TIME: 1, SET_TO_CLIENT_TIME: 2 } as const;
/**
 * RFC 1813 §2.5 `time_how` values.
 *
 * @example
 * ```ts
 * import { type SetTime, TimeHow } from "@nfs/client/nfs";
 * const howOf = (t: SetTime | undefined): TimeHow =>
 *   t === undefined
 *     ? TimeHow.DONT_CHANGE
 *     : t === "server"
 *     ? TimeHow.SET_TO_SERVER_TIME
 *     : TimeHow.SET_TO_CLIENT_TIME;
 * console.log(howOf(undefined), howOf("server"), howOf({ seconds: 1, nseconds: 0 })); // => 0 1 2
 * ```
 */
export type TimeHow = typeof TimeHow[keyof typeof TimeHow];

/**
 * RFC 1813 §3.3.7 `stable_how`.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, StableHow, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.create(root, "a.txt"), "NFS3 CREATE").obj!;
 * const res = unwrap(await nfs.write(fh, 0, new Uint8Array(3), StableHow.DATA_SYNC), "NFS3 WRITE");
 * console.log(res.committed === StableHow.DATA_SYNC, res.count); // => true 3
 * ```
 */
export const StableHow = { UNSTABLE: 0, DATA_SYNC: 1, FILE_SYNC: 2 } as const;
/**
 * RFC 1813 §3.3.7 `stable_how` values.
 *
 * @example
 * ```ts
 * import { StableHow } from "@nfs/client/nfs";
 * const needsCommit = (committed: StableHow): boolean => committed === StableHow.UNSTABLE;
 * console.log(needsCommit(StableHow.UNSTABLE), needsCommit(StableHow.FILE_SYNC)); // => true false
 * ```
 */
export type StableHow = typeof StableHow[keyof typeof StableHow];

/**
 * RFC 1813 §3.3.8 `createmode3`.
 *
 * @example
 * ```ts
 * import { Createmode3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const how = { mode: Createmode3.GUARDED, objAttributes: { mode: 0o644 } } as const;
 * const first = await nfs.create(root, "a.txt", how);
 * const second = await nfs.create(root, "a.txt", how); // GUARDED: fails if it exists
 * console.log(first.status, second.status); // => 0 17
 * ```
 */
export const Createmode3 = { UNCHECKED: 0, GUARDED: 1, EXCLUSIVE: 2 } as const;
/**
 * RFC 1813 §3.3.8 `createmode3` values.
 *
 * @example
 * ```ts
 * import { Createmode3, decodeCreatehow3, encodeCreatehow3 } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const mode: Createmode3 = Createmode3.GUARDED;
 * const w = new XdrWriter();
 * encodeCreatehow3(w, { mode, objAttributes: { mode: 0o600 } });
 * using chain = w.finish();
 * const how = decodeCreatehow3(new XdrReader(chain));
 * console.log(how.mode === Createmode3.GUARDED, chain.getUint32(0)); // => true 1
 * ```
 */
export type Createmode3 = typeof Createmode3[keyof typeof Createmode3];

/**
 * RFC 1813 §3.3.4 ACCESS3_* permission bits.
 *
 * @example
 * ```ts
 * import { Access3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const want = Access3.ACCESS3_READ | Access3.ACCESS3_LOOKUP;
 * const { access } = unwrap(await new Nfs3Client(rpc).access(root, want), "NFS3 ACCESS");
 * console.log((access & Access3.ACCESS3_LOOKUP) !== 0, access & ~want); // => true 0
 * ```
 */
export const Access3 = {
  ACCESS3_READ: 0x0001,
  ACCESS3_LOOKUP: 0x0002,
  ACCESS3_MODIFY: 0x0004,
  ACCESS3_EXTEND: 0x0008,
  ACCESS3_DELETE: 0x0010,
  ACCESS3_EXECUTE: 0x0020,
} as const;

/**
 * RFC 1813 §3.3.19 FSF3_* FSINFO property bits.
 *
 * @example
 * ```ts
 * import { Fsf3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const { properties } = unwrap(await new Nfs3Client(rpc).fsinfo(root), "NFS3 FSINFO");
 * console.log((properties & Fsf3.FSF3_SYMLINK) !== 0, (properties & Fsf3.FSF3_LINK) !== 0); // => true true
 * ```
 */
export const Fsf3 = {
  FSF3_LINK: 0x0001,
  FSF3_SYMLINK: 0x0002,
  FSF3_HOMOGENEOUS: 0x0008,
  FSF3_CANSETTIME: 0x0010,
} as const;

/**
 * RFC 1813 §2.5 `nfs_fh3`: an opaque handle of at most {@linkcode NFS3_FHSIZE} bytes.
 *
 * @example
 * ```ts
 * import { Mount3Client, NFS3_FHSIZE, Nfs3Client, type NfsFh3, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root: NfsFh3 = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const sub: NfsFh3 = unwrap(await nfs.mkdir(root, "sub"), "NFS3 MKDIR").obj!;
 * console.log(sub.length <= NFS3_FHSIZE, (await nfs.getattr(sub)).status); // => true 0
 * ```
 */
export type NfsFh3 = Uint8Array;
/**
 * RFC 1813 §2.5 `cookieverf3`: 8 opaque bytes.
 *
 * @example
 * ```ts
 * import { type Cookieverf3, Mount3Client, Nfs3Client, unwrap, ZERO_COOKIEVERF } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const first = unwrap(await nfs.readdir(root, 0n, ZERO_COOKIEVERF, 200), "NFS3 READDIR");
 * const verf: Cookieverf3 = first.cookieverf; // send it back with the next cookie
 * const next = await nfs.readdir(root, first.reply.entries.at(-1)!.cookie, verf);
 * console.log(verf.length, next.status); // => 8 0
 * ```
 */
export type Cookieverf3 = Uint8Array;
/**
 * RFC 1813 §2.5 `createverf3`: 8 opaque bytes.
 *
 * @example
 * ```ts
 * import { Createmode3, type Createverf3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const verf: Createverf3 = crypto.getRandomValues(new Uint8Array(8));
 * const how = { mode: Createmode3.EXCLUSIVE, verf } as const;
 * const a = await nfs.create(root, "once.txt", how);
 * const b = await nfs.create(root, "once.txt", how); // a retry with the same verifier succeeds
 * console.log(a.status, b.status); // => 0 0
 * ```
 */
export type Createverf3 = Uint8Array;
/**
 * RFC 1813 §2.5 `writeverf3`: 8 opaque bytes.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, StableHow, unwrap, type Writeverf3 } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.create(root, "a.txt"), "NFS3 CREATE").obj!;
 * const w = unwrap(await nfs.write(fh, 0, new Uint8Array(4), StableHow.UNSTABLE), "NFS3 WRITE");
 * const written: Writeverf3 = w.verf;
 * const c = unwrap(await nfs.commit(fh), "NFS3 COMMIT");
 * // Same verifier: the server did not restart, the UNSTABLE data is safe.
 * console.log(written.every((b, i) => b === c.verf[i])); // => true
 * ```
 */
export type Writeverf3 = Uint8Array;

/**
 * RFC 1813 §2.5 `nfstime3`.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Nfstime3, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const mtime: Nfstime3 = { seconds: 1_000_000_000, nseconds: 0 }; // 2001-09-09
 * await nfs.setattr(root, { mtime });
 * const { objAttributes } = unwrap(await nfs.getattr(root), "NFS3 GETATTR");
 * console.log(objAttributes.mtime.seconds); // => 1000000000
 * ```
 */
export interface Nfstime3 {
  /** Seconds since 1970-01-01 00:00 UTC (uint32). */
  seconds: number;
  /** Nanoseconds (uint32). */
  nseconds: number;
}

/**
 * RFC 1813 §2.5 `specdata3` (major/minor for devices).
 *
 * @example
 * ```ts
 * import { decodeSpecdata3, encodeSpecdata3, type Specdata3 } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const tty: Specdata3 = { specdata1: 4, specdata2: 1 }; // major 4, minor 1
 * const w = new XdrWriter();
 * encodeSpecdata3(w, tty);
 * using chain = w.finish();
 * console.log(decodeSpecdata3(new XdrReader(chain))); // => { specdata1: 4, specdata2: 1 }
 * ```
 */
export interface Specdata3 {
  /** Major device number. */
  specdata1: number;
  /** Minor device number. */
  specdata2: number;
}

/**
 * RFC 1813 §2.5 `fattr3`.
 *
 * @example
 * ```ts
 * import { type Fattr3, Ftype3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res = unwrap(await new Nfs3Client(rpc).lookup(root, "a.txt"), "NFS3 LOOKUP");
 * const attrs: Fattr3 = res.objAttributes!;
 * console.log(attrs.type === Ftype3.NF3REG, attrs.size, attrs.nlink); // => true 5n 1
 * ```
 */
export interface Fattr3 {
  /** File type. */
  type: Ftype3;
  /** Permission bits (mode3). */
  mode: number;
  /** Number of hard links. */
  nlink: number;
  /** Owner user id. */
  uid: number;
  /** Owner group id. */
  gid: number;
  /** Size in bytes (size3, bigint: up to 2^64-1). */
  size: bigint;
  /** Bytes of disk space used (size3). */
  used: bigint;
  /** Device numbers for NF3BLK / NF3CHR. */
  rdev: Specdata3;
  /** File system id (uint64). */
  fsid: bigint;
  /** File id, the inode number (fileid3). */
  fileid: bigint;
  /** Last access time. */
  atime: Nfstime3;
  /** Last data modification time. */
  mtime: Nfstime3;
  /** Last attribute change time. */
  ctime: Nfstime3;
}

/**
 * RFC 1813 §2.5 `post_op_attr`: the attributes, or null when the server sent none.
 *
 * @example
 * ```ts
 * import { decodePostOpAttr, encodePostOpAttr, type PostOpAttr } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const none: PostOpAttr = null; // attributes_follow FALSE
 * const w = new XdrWriter();
 * encodePostOpAttr(w, none);
 * using chain = w.finish();
 * console.log(chain.byteLength, decodePostOpAttr(new XdrReader(chain))); // => 4 null
 * ```
 */
export type PostOpAttr = Fattr3 | null;

/**
 * RFC 1813 §2.5 `wcc_attr`.
 *
 * @example
 * ```ts
 * import { decodeWccAttr, encodeWccAttr, type WccAttr } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const t = { seconds: 1_700_000_000, nseconds: 5 };
 * const before: WccAttr = { size: 10n, mtime: t, ctime: t };
 * const w = new XdrWriter();
 * encodeWccAttr(w, before);
 * using chain = w.finish();
 * const back = decodeWccAttr(new XdrReader(chain));
 * console.log(chain.byteLength, back.size, back.ctime.nseconds); // => 24 10n 5
 * ```
 */
export interface WccAttr {
  /** Size before the operation. */
  size: bigint;
  /** Modification time before the operation. */
  mtime: Nfstime3;
  /** Change time before the operation. */
  ctime: Nfstime3;
}

/**
 * RFC 1813 §2.5 `pre_op_attr`.
 *
 * @example
 * ```ts
 * import { decodePreOpAttr, encodePreOpAttr, type PreOpAttr } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const t = { seconds: 1, nseconds: 0 };
 * const before: PreOpAttr = { size: 3n, mtime: t, ctime: t };
 * const w = new XdrWriter();
 * encodePreOpAttr(w, before);
 * encodePreOpAttr(w, null);
 * using chain = w.finish();
 * const r = new XdrReader(chain);
 * console.log(decodePreOpAttr(r)?.size, decodePreOpAttr(r)); // => 3n null
 * ```
 */
export type PreOpAttr = WccAttr | null;

/**
 * RFC 1813 §2.5 `wcc_data`.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, unwrap, type WccData } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
 * const res = unwrap(await nfs.write(fh, 5, new TextEncoder().encode(", world")), "NFS3 WRITE");
 * const wcc: WccData = res.fileWcc;
 * console.log(wcc.before?.size, wcc.after?.size); // => 5n 12n
 * ```
 */
export interface WccData {
  /** Attributes before the operation. */
  before: PreOpAttr;
  /** Attributes after the operation. */
  after: PostOpAttr;
}

/**
 * RFC 1813 §2.5 `post_op_fh3`: the handle, or null.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type PostOpFh3, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const made: PostOpFh3 = unwrap(await nfs.create(root, "a.txt"), "NFS3 CREATE").obj;
 * // A server may omit the handle: then look the name up.
 * const fh = made ?? unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
 * console.log(fh instanceof Uint8Array); // => true
 * ```
 */
export type PostOpFh3 = NfsFh3 | null;

/**
 * `set_atime` / `set_mtime`: "server" = SET_TO_SERVER_TIME, a time = SET_TO_CLIENT_TIME.
 *
 * @example
 * ```ts
 * import { decodeSattr3, encodeSattr3, type SetTime } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const atime: SetTime = "server"; // SET_TO_SERVER_TIME
 * const mtime: SetTime = { seconds: 86400, nseconds: 0 }; // SET_TO_CLIENT_TIME
 * const w = new XdrWriter();
 * encodeSattr3(w, { atime, mtime });
 * using chain = w.finish();
 * console.log(decodeSattr3(new XdrReader(chain))); // => { atime: "server", mtime: { seconds: 86400, nseconds: 0 } }
 * ```
 */
export type SetTime = "server" | Nfstime3;

/**
 * RFC 1813 §2.5 `sattr3`: each field set only when present (`set_it` TRUE).
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Sattr3, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
 * const attrs: Sattr3 = { mode: 0o600, size: 2 }; // chmod 600 and truncate to 2 bytes
 * const after = unwrap(await nfs.setattr(fh, attrs), "NFS3 SETATTR").objWcc.after!;
 * console.log((after.mode & 0o777).toString(8), after.size); // => "600" 2n
 * ```
 */
export interface Sattr3 {
  /** set_mode3. */
  mode?: number | undefined;
  /** set_uid3. */
  uid?: number | undefined;
  /** set_gid3. */
  gid?: number | undefined;
  /** set_size3 (decoded as bigint). */
  size?: Uint64 | undefined;
  /** set_atime (undefined = DONT_CHANGE). */
  atime?: SetTime | undefined;
  /** set_mtime (undefined = DONT_CHANGE). */
  mtime?: SetTime | undefined;
}

/**
 * RFC 1813 §2.5 `diropargs3`.
 *
 * @example
 * ```ts
 * import { decodeDiropargs3, type Diropargs3, encodeDiropargs3 } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const where: Diropargs3 = { dir: new Uint8Array([1, 2, 3, 4]), name: "notes.txt" };
 * const w = new XdrWriter();
 * encodeDiropargs3(w, where);
 * using chain = w.finish();
 * const back = decodeDiropargs3(new XdrReader(chain));
 * console.log(back.name, back.dir); // => "notes.txt" Uint8Array(4) [ 1, 2, 3, 4 ]
 * ```
 */
export interface Diropargs3 {
  /** The directory. */
  dir: NfsFh3;
  /** The name in it. */
  name: string;
}

/**
 * RFC 1813 §3.3.2 `sattrguard3`: the expected ctime (check TRUE), or null.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type SattrGuard3, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const stale: SattrGuard3 = { seconds: 1, nseconds: 0 }; // not the directory's ctime
 * const current: SattrGuard3 = unwrap(await nfs.getattr(root), "NFS3 GETATTR").objAttributes.ctime;
 * const a = await nfs.setattr(root, { mode: 0o755 }, stale);
 * const b = await nfs.setattr(root, { mode: 0o755 }, current);
 * console.log(a.status, b.status); // => 10002 0
 * ```
 */
export type SattrGuard3 = Nfstime3 | null;

/**
 * The results of a procedure: `{ status: 0, ...resok }` or `{ status, ...resfail }`.
 *
 * @example
 * ```ts
 * import { decodeRes3, encodeRes3, type Res3 } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * type Res = Res3<{ count: number }, { why: number }>;
 * const enc = (w: XdrWriter, res: Res) =>
 *   encodeRes3(w, res, (w, ok) => w.uint(ok.count), (w, fail) => w.uint(fail.why));
 * const w = new XdrWriter();
 * enc(w, { status: 0, count: 7 });
 * enc(w, { status: 28, why: 1 });
 * using chain = w.finish();
 * const r = new XdrReader(chain);
 * const dec = () => decodeRes3(r, (r) => ({ count: r.uint() }), (r) => ({ why: r.uint() }));
 * console.log(dec(), dec()); // => { status: 0, count: 7 } { status: 28, why: 1 }
 * ```
 */
export type Res3<Ok, Fail> =
  | ({ status: typeof Nfsstat3.NFS3_OK } & Ok)
  | ({ status: Nfsstat3Fail } & Fail);

/**
 * A resfail holding only `obj_attributes` (a post_op_attr).
 *
 * @example
 * ```ts
 * import { decodeAccess3Res, encodeAccess3Res, Nfsstat3, type ObjAttributesFail } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const fail: ObjAttributesFail = { objAttributes: null };
 * const w = new XdrWriter();
 * encodeAccess3Res(w, { status: Nfsstat3.NFS3ERR_STALE, ...fail });
 * using chain = w.finish();
 * console.log(decodeAccess3Res(new XdrReader(chain))); // => { status: 70, objAttributes: null }
 * ```
 */
export interface ObjAttributesFail {
  /** Attributes of the object, if the server sent them. */
  objAttributes: PostOpAttr;
}

/**
 * A resfail holding only `dir_attributes`.
 *
 * @example
 * ```ts
 * import { type DirAttributesFail, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res = await new Nfs3Client(rpc).lookup(root, "missing");
 * if (res.status !== 0) {
 *   const fail: DirAttributesFail = res;
 *   console.log(res.status, fail.dirAttributes?.type); // => 2 2
 * }
 * ```
 */
export interface DirAttributesFail {
  /** Attributes of the directory, if the server sent them. */
  dirAttributes: PostOpAttr;
}

/**
 * A resok/resfail holding only `dir_wcc`.
 *
 * @example
 * ```ts
 * import { type DirWcc, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res: DirWcc = await new Nfs3Client(rpc).remove(root, "a.txt");
 * console.log(res.dirWcc.before !== null, res.dirWcc.after?.type); // => true 2
 * ```
 */
export interface DirWcc {
  /** Weak cache consistency data of the directory. */
  dirWcc: WccData;
}

/**
 * A resok/resfail holding only `file_wcc`.
 *
 * @example
 * ```ts
 * import { type FileWcc, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res = await new Nfs3Client(rpc).write(root, 0, new Uint8Array(1)); // a directory
 * if (res.status !== 0) {
 *   const fail: FileWcc = res;
 *   console.log(res.status, fail.fileWcc.after?.type); // => 21 2
 * }
 * ```
 */
export interface FileWcc {
  /** Weak cache consistency data of the file. */
  fileWcc: WccData;
}

/**
 * A resok/resfail holding only `obj_wcc`.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type ObjWcc, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res: ObjWcc = await new Nfs3Client(rpc).setattr(root, { mode: 0o750 });
 * console.log((res.objWcc.after!.mode & 0o777).toString(8)); // => "750"
 * ```
 */
export interface ObjWcc {
  /** Weak cache consistency data of the object. */
  objWcc: WccData;
}

// §3.3.1 GETATTR

/**
 * RFC 1813 §3.3.1 GETATTR3args.
 *
 * @example
 * ```ts
 * import { decodeGetattr3Args, encodeGetattr3Args, type Getattr3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Getattr3Args = { object: new Uint8Array([9, 8, 7]) };
 * const w = new XdrWriter();
 * encodeGetattr3Args(w, args);
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeGetattr3Args(new XdrReader(chain)).object); // => 8 Uint8Array(3) [ 9, 8, 7 ]
 * ```
 */
export interface Getattr3Args {
  /** The object. */
  object: NfsFh3;
}
/**
 * RFC 1813 §3.3.1 GETATTR3resok.
 *
 * @example
 * ```ts
 * import { type Getattr3Resok, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const ok: Getattr3Resok = unwrap(await new Nfs3Client(rpc).getattr(root), "NFS3 GETATTR");
 * console.log(ok.objAttributes.type, typeof ok.objAttributes.fileid); // => 2 "bigint"
 * ```
 */
export interface Getattr3Resok {
  /** The attributes. */
  objAttributes: Fattr3;
}
/**
 * RFC 1813 §3.3.1 GETATTR3res (resfail is void).
 *
 * @example
 * ```ts
 * import { type Getattr3Res, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const good: Getattr3Res = await nfs.getattr(root);
 * const bad: Getattr3Res = await nfs.getattr(new Uint8Array([1, 2, 3])); // not a handle it issued
 * console.log(good.status, bad); // => 0 { status: 10001 }
 * ```
 */
export type Getattr3Res = Res3<Getattr3Resok, Record<never, never>>;

// §3.3.2 SETATTR

/**
 * RFC 1813 §3.3.2 SETATTR3args.
 *
 * @example
 * ```ts
 * import { decodeSetattr3Args, encodeSetattr3Args, type Setattr3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Setattr3Args = {
 *   object: new Uint8Array([1, 2, 3, 4]),
 *   newAttributes: { mode: 0o644, mtime: "server" },
 *   guard: null,
 * };
 * const w = new XdrWriter();
 * encodeSetattr3Args(w, args);
 * using chain = w.finish();
 * const back = decodeSetattr3Args(new XdrReader(chain));
 * console.log(back.newAttributes, back.guard); // => { mode: 420, mtime: "server" } null
 * ```
 */
export interface Setattr3Args {
  /** The object. */
  object: NfsFh3;
  /** What to set. */
  newAttributes: Sattr3;
  /** Expected ctime, or null for no check. */
  guard: SattrGuard3;
}
/**
 * RFC 1813 §3.3.2 SETATTR3resok / SETATTR3resfail.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Setattr3Resok, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
 * const ok: Setattr3Resok = unwrap(await nfs.setattr(fh, { size: 0 }), "NFS3 SETATTR");
 * console.log(ok.objWcc.before?.size, ok.objWcc.after?.size); // => 5n 0n
 * ```
 */
export type Setattr3Resok = ObjWcc;
/**
 * RFC 1813 §3.3.2 SETATTR3res.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, Nfsstat3, type Setattr3Res, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res: Setattr3Res = await new Nfs3Client(rpc).setattr(root, { size: 0 }); // a directory
 * console.log(res.status === Nfsstat3.NFS3ERR_ISDIR, res.objWcc.after?.type); // => true 2
 * ```
 */
export type Setattr3Res = Res3<ObjWcc, ObjWcc>;

// §3.3.3 LOOKUP

/**
 * RFC 1813 §3.3.3 LOOKUP3args (`what`, flattened).
 *
 * @example
 * ```ts
 * import { decodeLookup3Args, encodeLookup3Args, type Lookup3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Lookup3Args = { dir: new Uint8Array([1, 0, 0, 1]), name: "café.txt" };
 * const w = new XdrWriter();
 * encodeLookup3Args(w, args);
 * using chain = w.finish();
 * console.log(decodeLookup3Args(new XdrReader(chain)).name, chain.byteLength); // => "café.txt" 24
 * ```
 */
export type Lookup3Args = Diropargs3;
/**
 * RFC 1813 §3.3.3 LOOKUP3resok.
 *
 * @example
 * ```ts
 * import { type Lookup3Resok, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const ok: Lookup3Resok = unwrap(await new Nfs3Client(rpc).lookup(root, "a.txt"), "NFS3 LOOKUP");
 * console.log(ok.objAttributes?.size, ok.dirAttributes?.type); // => 5n 2
 * ```
 */
export interface Lookup3Resok {
  /** The handle of the name. */
  object: NfsFh3;
  /** Its attributes. */
  objAttributes: PostOpAttr;
  /** The directory's attributes. */
  dirAttributes: PostOpAttr;
}
/**
 * RFC 1813 §3.3.3 LOOKUP3res.
 *
 * @example
 * ```ts
 * import { type Lookup3Res, Mount3Client, Nfs3Client, Nfsstat3, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res: Lookup3Res = await new Nfs3Client(rpc).lookup(root, "nope");
 * if (res.status === Nfsstat3.NFS3_OK) console.log("found", res.object);
 * else console.log("status", res.status); // => "status" 2
 * ```
 */
export type Lookup3Res = Res3<Lookup3Resok, DirAttributesFail>;

// §3.3.4 ACCESS

/**
 * RFC 1813 §3.3.4 ACCESS3args.
 *
 * @example
 * ```ts
 * import { Access3, type Access3Args, decodeAccess3Args, encodeAccess3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Access3Args = { object: new Uint8Array([5]), access: Access3.ACCESS3_READ | Access3.ACCESS3_MODIFY };
 * const w = new XdrWriter();
 * encodeAccess3Args(w, args);
 * using chain = w.finish();
 * console.log(decodeAccess3Args(new XdrReader(chain)).access); // => 5
 * ```
 */
export interface Access3Args {
  /** The object. */
  object: NfsFh3;
  /** ACCESS3_* bits to check. */
  access: number;
}
/**
 * RFC 1813 §3.3.4 ACCESS3resok.
 *
 * @example
 * ```ts
 * import { Access3, type Access3Resok, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const ok: Access3Resok = unwrap(await nfs.access(root, Access3.ACCESS3_READ), "NFS3 ACCESS");
 * console.log(ok.access === Access3.ACCESS3_READ, ok.objAttributes?.type); // => true 2
 * ```
 */
export interface Access3Resok {
  /** The object's attributes. */
  objAttributes: PostOpAttr;
  /** The ACCESS3_* bits granted. */
  access: number;
}
/**
 * RFC 1813 §3.3.4 ACCESS3res.
 *
 * @example
 * ```ts
 * import { type Access3Res, decodeAccess3Res, encodeAccess3Res } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const res: Access3Res = { status: 0, objAttributes: null, access: 0x1 };
 * const w = new XdrWriter();
 * encodeAccess3Res(w, res);
 * using chain = w.finish();
 * console.log(decodeAccess3Res(new XdrReader(chain))); // => { status: 0, objAttributes: null, access: 1 }
 * ```
 */
export type Access3Res = Res3<Access3Resok, ObjAttributesFail>;

// §3.3.5 READLINK

/**
 * RFC 1813 §3.3.5 READLINK3args.
 *
 * @example
 * ```ts
 * import { decodeReadlink3Args, encodeReadlink3Args, type Readlink3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Readlink3Args = { symlink: new Uint8Array(16).fill(0xab) };
 * const w = new XdrWriter();
 * encodeReadlink3Args(w, args);
 * using chain = w.finish();
 * console.log(decodeReadlink3Args(new XdrReader(chain)).symlink.length); // => 16
 * ```
 */
export interface Readlink3Args {
  /** The symbolic link. */
  symlink: NfsFh3;
}
/**
 * RFC 1813 §3.3.5 READLINK3resok.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Readlink3Resok, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const link = unwrap(await nfs.symlink(root, "latest", "v1.2/data"), "NFS3 SYMLINK").obj!;
 * const ok: Readlink3Resok = unwrap(await nfs.readlink(link), "NFS3 READLINK");
 * console.log(ok.data, ok.symlinkAttributes?.type); // => "v1.2/data" 5
 * ```
 */
export interface Readlink3Resok {
  /** The link's attributes. */
  symlinkAttributes: PostOpAttr;
  /** The link text (nfspath3). */
  data: string;
}
/**
 * RFC 1813 §3.3.5 READLINK3resfail.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Readlink3Resfail, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res = await new Nfs3Client(rpc).readlink(root); // not a symbolic link
 * if (res.status !== 0) {
 *   const fail: Readlink3Resfail = res;
 *   console.log(res.status, fail.symlinkAttributes?.type); // => 22 2
 * }
 * ```
 */
export interface Readlink3Resfail {
  /** The link's attributes. */
  symlinkAttributes: PostOpAttr;
}
/**
 * RFC 1813 §3.3.5 READLINK3res.
 *
 * @example
 * ```ts
 * import { decodeReadlink3Res, encodeReadlink3Res, type Readlink3Res } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const res: Readlink3Res = { status: 0, symlinkAttributes: null, data: "../target" };
 * const w = new XdrWriter();
 * encodeReadlink3Res(w, res);
 * using chain = w.finish();
 * const back = decodeReadlink3Res(new XdrReader(chain));
 * console.log(back.status === 0 && back.data); // => "../target"
 * ```
 */
export type Readlink3Res = Res3<Readlink3Resok, Readlink3Resfail>;

// §3.3.6 READ

/**
 * RFC 1813 §3.3.6 READ3args.
 *
 * @example
 * ```ts
 * import { decodeRead3Args, encodeRead3Args, type Read3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Read3Args = { file: new Uint8Array([1, 2, 3, 4]), offset: 4096, count: 512 };
 * const w = new XdrWriter();
 * encodeRead3Args(w, args);
 * using chain = w.finish();
 * const back = decodeRead3Args(new XdrReader(chain));
 * console.log(back.offset, back.count); // => 4096n 512
 * ```
 */
export interface Read3Args {
  /** The file. */
  file: NfsFh3;
  /** Byte offset (offset3). */
  offset: Uint64;
  /** Bytes to read (count3). */
  count: number;
}
/**
 * RFC 1813 §3.3.6 READ3resok.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Read3Resok, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
 * const ok: Read3Resok = unwrap(await nfs.read(fh, 1, 100), "NFS3 READ");
 * console.log(new TextDecoder().decode(ok.data), ok.count, ok.eof); // => "ello" 4 true
 * ```
 */
export interface Read3Resok {
  /** The file's attributes. */
  fileAttributes: PostOpAttr;
  /** Bytes read. */
  count: number;
  /** True when the read reached the end of the file. */
  eof: boolean;
  /** The data: the start of the caller's buffer when one was given. */
  data: Uint8Array;
}
/**
 * RFC 1813 §3.3.6 READ3resfail.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Read3Resfail, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res = await new Nfs3Client(rpc).read(root, 0, 10); // a directory
 * if (res.status !== 0) {
 *   const fail: Read3Resfail = res;
 *   console.log(res.status, fail.fileAttributes?.type); // => 21 2
 * }
 * ```
 */
export interface Read3Resfail {
  /** The file's attributes. */
  fileAttributes: PostOpAttr;
}
/**
 * RFC 1813 §3.3.6 READ3res.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Read3Res, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.lookup(root, "a.txt"), "NFS3 LOOKUP").object;
 * const buf = new Uint8Array(8);
 * const res: Read3Res = await nfs.read(fh, 0, buf.length, buf); // lands in buf
 * console.log(res.status === 0 && res.data.buffer === buf.buffer, buf[0]); // => true 104
 * ```
 */
export type Read3Res = Res3<Read3Resok, Read3Resfail>;

// §3.3.7 WRITE

/**
 * RFC 1813 §3.3.7 WRITE3args (`count` is `data.length`).
 *
 * @example
 * ```ts
 * import { decodeWrite3Args, encodeWrite3Args, StableHow, type Write3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const data = new TextEncoder().encode("abc");
 * const args: Write3Args = { file: new Uint8Array([7]), offset: 0, stable: StableHow.UNSTABLE, data };
 * const w = new XdrWriter();
 * encodeWrite3Args(w, args);
 * using chain = w.finish();
 * const back = decodeWrite3Args(new XdrReader(chain));
 * console.log(back.stable, new TextDecoder().decode(back.data)); // => 0 "abc"
 * ```
 */
export interface Write3Args {
  /** The file. */
  file: NfsFh3;
  /** Byte offset (offset3). */
  offset: Uint64;
  /** How the server must commit the data. */
  stable: StableHow;
  /** The bytes (attached to the request without a copy). */
  data: Uint8Array;
}
/**
 * RFC 1813 §3.3.7 WRITE3resok.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, StableHow, unwrap, type Write3Resok } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.create(root, "log.txt"), "NFS3 CREATE").obj!;
 * const ok: Write3Resok = unwrap(await nfs.write(fh, 0, new Uint8Array(100)), "NFS3 WRITE");
 * console.log(ok.count, ok.committed === StableHow.FILE_SYNC, ok.fileWcc.after?.size); // => 100 true 100n
 * ```
 */
export interface Write3Resok {
  /** The file's wcc data. */
  fileWcc: WccData;
  /** Bytes written. */
  count: number;
  /** How the data was committed. */
  committed: StableHow;
  /** The server's write verifier. */
  verf: Writeverf3;
}
/**
 * RFC 1813 §3.3.7 WRITE3res.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, unwrap, type Write3Res } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.create(root, "a.bin"), "NFS3 CREATE").obj!;
 * const res: Write3Res = await nfs.write(fh, 1000, new Uint8Array([1])); // leaves a hole
 * console.log(res.status, res.fileWcc.after?.size); // => 0 1001n
 * ```
 */
export type Write3Res = Res3<Write3Resok, FileWcc>;

// §3.3.8 CREATE, §3.3.9 MKDIR, §3.3.10 SYMLINK, §3.3.11 MKNOD

/**
 * RFC 1813 §3.3.8 `createhow3`.
 *
 * @example
 * ```ts
 * import { Createmode3, type Createhow3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const how: Createhow3 = { mode: Createmode3.GUARDED, objAttributes: { mode: 0o640 } };
 * const ok = unwrap(await new Nfs3Client(rpc).create(root, "secret.txt", how), "NFS3 CREATE");
 * console.log((ok.objAttributes!.mode & 0o777).toString(8)); // => "640"
 * ```
 */
export type Createhow3 =
  | { mode: typeof Createmode3.UNCHECKED | typeof Createmode3.GUARDED; objAttributes: Sattr3 }
  | { mode: typeof Createmode3.EXCLUSIVE; verf: Createverf3 };

/**
 * RFC 1813 §3.3.8 CREATE3args.
 *
 * @example
 * ```ts
 * import { type Create3Args, Createmode3, decodeCreate3Args, encodeCreate3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Create3Args = {
 *   where: { dir: new Uint8Array([1, 2]), name: "new.txt" },
 *   how: { mode: Createmode3.UNCHECKED, objAttributes: { mode: 0o644, size: 0 } },
 * };
 * const w = new XdrWriter();
 * encodeCreate3Args(w, args);
 * using chain = w.finish();
 * const back = decodeCreate3Args(new XdrReader(chain));
 * console.log(back.where.name, back.how); // => "new.txt" { mode: 0, objAttributes: { mode: 420, size: 0n } }
 * ```
 */
export interface Create3Args {
  /** Directory and name. */
  where: Diropargs3;
  /** How to create. */
  how: Createhow3;
}
/**
 * RFC 1813 §3.3.8 CREATE3resok (also MKDIR3resok, SYMLINK3resok, MKNOD3resok).
 *
 * @example
 * ```ts
 * import { type Create3Resok, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const ok: Create3Resok = unwrap(await new Nfs3Client(rpc).create(root, "a.txt"), "NFS3 CREATE");
 * console.log(ok.obj !== null, ok.objAttributes?.size, ok.dirWcc.after?.type); // => true 0n 2
 * ```
 */
export interface Create3Resok {
  /** The new object's handle. */
  obj: PostOpFh3;
  /** Its attributes. */
  objAttributes: PostOpAttr;
  /** The directory's wcc data. */
  dirWcc: WccData;
}
/**
 * RFC 1813 §3.3.8 CREATE3res.
 *
 * @example
 * ```ts
 * import { type Create3Res, Createmode3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const how = { mode: Createmode3.GUARDED, objAttributes: {} } as const;
 * const res: Create3Res = await new Nfs3Client(rpc).create(root, "a.txt", how);
 * console.log(res.status, res.status !== 0 && res.dirWcc.after?.type); // => 17 2
 * ```
 */
export type Create3Res = Res3<Create3Resok, DirWcc>;

/**
 * RFC 1813 §3.3.9 MKDIR3args.
 *
 * @example
 * ```ts
 * import { decodeMkdir3Args, encodeMkdir3Args, type Mkdir3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Mkdir3Args = { where: { dir: new Uint8Array([3]), name: "logs" }, attributes: { mode: 0o755 } };
 * const w = new XdrWriter();
 * encodeMkdir3Args(w, args);
 * using chain = w.finish();
 * const back = decodeMkdir3Args(new XdrReader(chain));
 * console.log(back.where.name, back.attributes.mode?.toString(8)); // => "logs" "755"
 * ```
 */
export interface Mkdir3Args {
  /** Directory and name. */
  where: Diropargs3;
  /** Initial attributes. */
  attributes: Sattr3;
}
/**
 * RFC 1813 §3.3.9 MKDIR3resok.
 *
 * @example
 * ```ts
 * import { Mount3Client, type Mkdir3Resok, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const ok: Mkdir3Resok = unwrap(await new Nfs3Client(rpc).mkdir(root, "sub"), "NFS3 MKDIR");
 * console.log(ok.objAttributes?.type, ok.dirWcc.after?.nlink); // => 2 3
 * ```
 */
export type Mkdir3Resok = Create3Resok;
/**
 * RFC 1813 §3.3.9 MKDIR3res.
 *
 * @example
 * ```ts
 * import { type Mkdir3Res, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const a: Mkdir3Res = await nfs.mkdir(root, "sub", { mode: 0o700 });
 * const b: Mkdir3Res = await nfs.mkdir(root, "sub");
 * console.log(a.status, b.status); // => 0 17
 * ```
 */
export type Mkdir3Res = Create3Res;

/**
 * RFC 1813 §3.3.10 `symlinkdata3`.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Symlinkdata3, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const link: Symlinkdata3 = { symlinkAttributes: {}, symlinkData: "/etc/hosts" };
 * const nfs = new Nfs3Client(rpc);
 * await nfs.symlink(root, "hosts", link.symlinkData, link.symlinkAttributes);
 * const fh = unwrap(await nfs.lookup(root, "hosts"), "NFS3 LOOKUP").object;
 * console.log(unwrap(await nfs.readlink(fh), "NFS3 READLINK").data); // => "/etc/hosts"
 * ```
 */
export interface Symlinkdata3 {
  /** Initial attributes. */
  symlinkAttributes: Sattr3;
  /** The link text (nfspath3). */
  symlinkData: string;
}
/**
 * RFC 1813 §3.3.10 SYMLINK3args.
 *
 * @example
 * ```ts
 * import { decodeSymlink3Args, encodeSymlink3Args, type Symlink3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Symlink3Args = {
 *   where: { dir: new Uint8Array([1]), name: "current" },
 *   symlink: { symlinkAttributes: { mode: 0o777 }, symlinkData: "releases/42" },
 * };
 * const w = new XdrWriter();
 * encodeSymlink3Args(w, args);
 * using chain = w.finish();
 * console.log(decodeSymlink3Args(new XdrReader(chain)).symlink.symlinkData); // => "releases/42"
 * ```
 */
export interface Symlink3Args {
  /** Directory and name. */
  where: Diropargs3;
  /** Link attributes and text. */
  symlink: Symlinkdata3;
}
/**
 * RFC 1813 §3.3.10 SYMLINK3resok.
 *
 * @example
 * ```ts
 * import { Ftype3, Mount3Client, Nfs3Client, type Symlink3Resok, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res = await new Nfs3Client(rpc).symlink(root, "ln", "target.txt");
 * const ok: Symlink3Resok = unwrap(res, "NFS3 SYMLINK");
 * console.log(ok.objAttributes?.type === Ftype3.NF3LNK, ok.objAttributes?.size); // => true 10n
 * ```
 */
export type Symlink3Resok = Create3Resok;
/**
 * RFC 1813 §3.3.10 SYMLINK3res.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Symlink3Res, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const a: Symlink3Res = await nfs.symlink(root, "ln", "a");
 * const b: Symlink3Res = await nfs.symlink(root, "ln", "b"); // the name is taken
 * console.log(a.status, b.status); // => 0 17
 * ```
 */
export type Symlink3Res = Create3Res;

/**
 * RFC 1813 §3.3.11 `devicedata3`.
 *
 * @example
 * ```ts
 * import { decodeMknoddata3, type Devicedata3, encodeMknoddata3, Ftype3 } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const device: Devicedata3 = { devAttributes: { mode: 0o666 }, spec: { specdata1: 1, specdata2: 3 } };
 * const w = new XdrWriter();
 * encodeMknoddata3(w, { type: Ftype3.NF3CHR, device }); // like /dev/null
 * using chain = w.finish();
 * const back = decodeMknoddata3(new XdrReader(chain));
 * console.log("device" in back && back.device.spec); // => { specdata1: 1, specdata2: 3 }
 * ```
 */
export interface Devicedata3 {
  /** Initial attributes. */
  devAttributes: Sattr3;
  /** Major and minor numbers. */
  spec: Specdata3;
}
/**
 * RFC 1813 §3.3.11 `mknoddata3`.
 *
 * @example
 * ```ts
 * import { decodeMknoddata3, encodeMknoddata3, Ftype3, type Mknoddata3 } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const fifo: Mknoddata3 = { type: Ftype3.NF3FIFO, pipeAttributes: { mode: 0o600 } };
 * const w = new XdrWriter();
 * encodeMknoddata3(w, fifo);
 * using chain = w.finish();
 * console.log(decodeMknoddata3(new XdrReader(chain))); // => { type: 7, pipeAttributes: { mode: 384 } }
 * ```
 */
export type Mknoddata3 =
  | { type: typeof Ftype3.NF3CHR | typeof Ftype3.NF3BLK; device: Devicedata3 }
  | { type: typeof Ftype3.NF3SOCK | typeof Ftype3.NF3FIFO; pipeAttributes: Sattr3 }
  | { type: typeof Ftype3.NF3REG | typeof Ftype3.NF3DIR | typeof Ftype3.NF3LNK };
/**
 * RFC 1813 §3.3.11 MKNOD3args.
 *
 * @example
 * ```ts
 * import { decodeMknod3Args, encodeMknod3Args, Ftype3, type Mknod3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Mknod3Args = {
 *   where: { dir: new Uint8Array([1]), name: "sock" },
 *   what: { type: Ftype3.NF3SOCK, pipeAttributes: {} },
 * };
 * const w = new XdrWriter();
 * encodeMknod3Args(w, args);
 * using chain = w.finish();
 * console.log(decodeMknod3Args(new XdrReader(chain)).what.type === Ftype3.NF3SOCK); // => true
 * ```
 */
export interface Mknod3Args {
  /** Directory and name. */
  where: Diropargs3;
  /** What to create. */
  what: Mknoddata3;
}
/**
 * RFC 1813 §3.3.11 MKNOD3resok.
 *
 * @example
 * ```ts
 * import { Ftype3, Mount3Client, type Mknod3Resok, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const what = { type: Ftype3.NF3FIFO, pipeAttributes: { mode: 0o600 } } as const;
 * const ok: Mknod3Resok = unwrap(await new Nfs3Client(rpc).mknod(root, "pipe", what), "NFS3 MKNOD");
 * console.log(ok.objAttributes?.type === Ftype3.NF3FIFO); // => true
 * ```
 */
export type Mknod3Resok = Create3Resok;
/**
 * RFC 1813 §3.3.11 MKNOD3res.
 *
 * @example
 * ```ts
 * import { Ftype3, type Mknod3Res, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * // MKNOD makes devices, sockets and FIFOs only: a regular file is NFS3ERR_BADTYPE.
 * const res: Mknod3Res = await new Nfs3Client(rpc).mknod(root, "f", { type: Ftype3.NF3REG });
 * console.log(res.status); // => 10007
 * ```
 */
export type Mknod3Res = Create3Res;

// §3.3.12 REMOVE, §3.3.13 RMDIR

/**
 * RFC 1813 §3.3.12 REMOVE3args (`object`, flattened).
 *
 * @example
 * ```ts
 * import { NFS3_PROCEDURES, type Remove3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Remove3Args = { dir: new Uint8Array([1, 2]), name: "old.log" };
 * const w = new XdrWriter();
 * NFS3_PROCEDURES.REMOVE.encode(w, args);
 * using chain = w.finish();
 * console.log(NFS3_PROCEDURES.REMOVE.decodeArgs(new XdrReader(chain)).name); // => "old.log"
 * ```
 */
export type Remove3Args = Diropargs3;
/**
 * RFC 1813 §3.3.12 REMOVE3res.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Remove3Res, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * await nfs.create(root, "a.txt");
 * const a: Remove3Res = await nfs.remove(root, "a.txt");
 * const b: Remove3Res = await nfs.remove(root, "a.txt"); // already gone
 * console.log(a.status, b.status); // => 0 2
 * ```
 */
export type Remove3Res = Res3<DirWcc, DirWcc>;
/**
 * RFC 1813 §3.3.13 RMDIR3args (`object`, flattened).
 *
 * @example
 * ```ts
 * import { NFS3_PROCEDURES, type Rmdir3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Rmdir3Args = { dir: new Uint8Array([1, 2]), name: "tmp" };
 * const w = new XdrWriter();
 * NFS3_PROCEDURES.RMDIR.encode(w, args);
 * using chain = w.finish();
 * console.log(chain.byteLength, NFS3_PROCEDURES.RMDIR.decodeArgs(new XdrReader(chain)).name); // => 16 "tmp"
 * ```
 */
export type Rmdir3Args = Diropargs3;
/**
 * RFC 1813 §3.3.13 RMDIR3res.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Rmdir3Res, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const sub = unwrap(await nfs.mkdir(root, "sub"), "NFS3 MKDIR").obj!;
 * await nfs.create(sub, "a.txt");
 * const res: Rmdir3Res = await nfs.rmdir(root, "sub");
 * console.log(res.status); // => 66
 * ```
 */
export type Rmdir3Res = Res3<DirWcc, DirWcc>;

// §3.3.14 RENAME

/**
 * RFC 1813 §3.3.14 RENAME3args.
 *
 * @example
 * ```ts
 * import { decodeRename3Args, encodeRename3Args, type Rename3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const dir = new Uint8Array([1, 2, 3, 4]);
 * const args: Rename3Args = { from: { dir, name: "draft.txt" }, to: { dir, name: "final.txt" } };
 * const w = new XdrWriter();
 * encodeRename3Args(w, args);
 * using chain = w.finish();
 * const back = decodeRename3Args(new XdrReader(chain));
 * console.log(back.from.name, back.to.name); // => "draft.txt" "final.txt"
 * ```
 */
export interface Rename3Args {
  /** Source directory and name. */
  from: Diropargs3;
  /** Target directory and name. */
  to: Diropargs3;
}
/**
 * RFC 1813 §3.3.14 RENAME3resok / RENAME3resfail.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Rename3Wcc, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const sub = unwrap(await nfs.mkdir(root, "sub"), "NFS3 MKDIR").obj!;
 * await nfs.mkdir(root, "d");
 * const wcc: Rename3Wcc = unwrap(await nfs.rename(root, "d", sub, "d"), "NFS3 RENAME");
 * console.log(wcc.fromdirWcc.after?.nlink, wcc.todirWcc.after?.nlink); // => 3 3
 * ```
 */
export interface Rename3Wcc {
  /** Source directory wcc data. */
  fromdirWcc: WccData;
  /** Target directory wcc data. */
  todirWcc: WccData;
}
/**
 * RFC 1813 §3.3.14 RENAME3res.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Rename3Res, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * await nfs.create(root, "a.txt");
 * const a: Rename3Res = await nfs.rename(root, "a.txt", root, "b.txt");
 * const b: Rename3Res = await nfs.rename(root, "a.txt", root, "c.txt"); // moved already
 * console.log(a.status, b.status); // => 0 2
 * ```
 */
export type Rename3Res = Res3<Rename3Wcc, Rename3Wcc>;

// §3.3.15 LINK

/**
 * RFC 1813 §3.3.15 LINK3args.
 *
 * @example
 * ```ts
 * import { decodeLink3Args, encodeLink3Args, type Link3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Link3Args = { file: new Uint8Array([5, 5]), link: { dir: new Uint8Array([1]), name: "alias" } };
 * const w = new XdrWriter();
 * encodeLink3Args(w, args);
 * using chain = w.finish();
 * const back = decodeLink3Args(new XdrReader(chain));
 * console.log(back.file, back.link.name); // => Uint8Array(2) [ 5, 5 ] "alias"
 * ```
 */
export interface Link3Args {
  /** The existing file. */
  file: NfsFh3;
  /** Directory and name of the new link. */
  link: Diropargs3;
}
/**
 * RFC 1813 §3.3.15 LINK3resok / LINK3resfail.
 *
 * @example
 * ```ts
 * import { type Link3Resok, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.create(root, "a.txt"), "NFS3 CREATE").obj!;
 * const ok: Link3Resok = unwrap(await nfs.link(fh, root, "b.txt"), "NFS3 LINK");
 * console.log(ok.fileAttributes?.nlink); // => 2
 * ```
 */
export interface Link3Resok {
  /** The file's attributes. */
  fileAttributes: PostOpAttr;
  /** The link directory's wcc data. */
  linkdirWcc: WccData;
}
/**
 * RFC 1813 §3.3.15 LINK3res.
 *
 * @example
 * ```ts
 * import { type Link3Res, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.create(root, "a.txt"), "NFS3 CREATE").obj!;
 * const res: Link3Res = await nfs.link(fh, root, "a.txt"); // the name exists
 * console.log(res.status, res.linkdirWcc.after?.type); // => 17 2
 * ```
 */
export type Link3Res = Res3<Link3Resok, Link3Resok>;

// §3.3.16 READDIR, §3.3.17 READDIRPLUS

/**
 * RFC 1813 §3.3.16 READDIR3args.
 *
 * @example
 * ```ts
 * import { decodeReaddir3Args, encodeReaddir3Args, type Readdir3Args, ZERO_COOKIEVERF } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Readdir3Args = { dir: new Uint8Array([1]), cookie: 0, cookieverf: ZERO_COOKIEVERF, count: 4096 };
 * const w = new XdrWriter();
 * encodeReaddir3Args(w, args);
 * using chain = w.finish();
 * const back = decodeReaddir3Args(new XdrReader(chain));
 * console.log(back.cookie, back.count); // => 0n 4096
 * ```
 */
export interface Readdir3Args {
  /** The directory. */
  dir: NfsFh3;
  /** Where to resume (0 to start). */
  cookie: Uint64;
  /** The verifier of the previous reply (zeros to start). */
  cookieverf: Cookieverf3;
  /** Largest READDIR3resok in bytes. */
  count: number;
}
/**
 * RFC 1813 §3.3.16 `entry3` (the `nextentry` list becomes an array).
 *
 * @example
 * ```ts
 * import { type Entry3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const { reply } = unwrap(await new Nfs3Client(rpc).readdir(root), "NFS3 READDIR");
 * const names = reply.entries.map((e: Entry3) => e.name);
 * console.log(names); // => [ ".", "..", "a.txt" ]
 * ```
 */
export interface Entry3 {
  /** File id. */
  fileid: bigint;
  /** Name. */
  name: string;
  /** Cookie to resume after this entry. */
  cookie: bigint;
}
/**
 * RFC 1813 §3.3.16 `dirlist3`.
 *
 * @example
 * ```ts
 * import { type Dirlist3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const list: Dirlist3 = unwrap(await new Nfs3Client(rpc).readdir(root), "NFS3 READDIR").reply;
 * console.log(list.entries.length, list.eof); // => 2 true
 * ```
 */
export interface Dirlist3 {
  /** The entries. */
  entries: Entry3[];
  /** True when the listing is complete. */
  eof: boolean;
}
/**
 * RFC 1813 §3.3.16 READDIR3resok.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Readdir3Resok, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * for (const name of ["a", "b", "c"]) await nfs.create(root, name);
 * const ok: Readdir3Resok = unwrap(await nfs.readdir(root), "NFS3 READDIR");
 * console.log(ok.reply.entries.length, ok.cookieverf.length, ok.dirAttributes?.type); // => 5 8 2
 * ```
 */
export interface Readdir3Resok {
  /** The directory's attributes. */
  dirAttributes: PostOpAttr;
  /** Verifier to send with the next cookie. */
  cookieverf: Cookieverf3;
  /** The entries. */
  reply: Dirlist3;
}
/**
 * RFC 1813 §3.3.16 READDIR3res.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Readdir3Res, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const file = unwrap(await nfs.create(root, "a.txt"), "NFS3 CREATE").obj!;
 * const res: Readdir3Res = await nfs.readdir(file); // not a directory
 * console.log(res.status); // => 20
 * ```
 */
export type Readdir3Res = Res3<Readdir3Resok, DirAttributesFail>;

/**
 * RFC 1813 §3.3.17 READDIRPLUS3args.
 *
 * @example
 * ```ts
 * import { decodeReaddirplus3Args, encodeReaddirplus3Args, type Readdirplus3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Readdirplus3Args = {
 *   dir: new Uint8Array([1]),
 *   cookie: 3n,
 *   cookieverf: new Uint8Array(8),
 *   dircount: 8192,
 *   maxcount: 65536,
 * };
 * const w = new XdrWriter();
 * encodeReaddirplus3Args(w, args);
 * using chain = w.finish();
 * const back = decodeReaddirplus3Args(new XdrReader(chain));
 * console.log(back.cookie, back.dircount, back.maxcount); // => 3n 8192 65536
 * ```
 */
export interface Readdirplus3Args {
  /** The directory. */
  dir: NfsFh3;
  /** Where to resume (0 to start). */
  cookie: Uint64;
  /** The verifier of the previous reply (zeros to start). */
  cookieverf: Cookieverf3;
  /** Largest size of the directory information (fileid, name, cookie) in bytes. */
  dircount: number;
  /** Largest READDIRPLUS3resok in bytes. */
  maxcount: number;
}
/**
 * RFC 1813 §3.3.17 `entryplus3`.
 *
 * @example
 * ```ts
 * import { type Entryplus3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
 * await using server = await startTestServer({ dir });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const { reply } = unwrap(await new Nfs3Client(rpc).readdirplus(root), "NFS3 READDIRPLUS");
 * const e: Entryplus3 = reply.entries.find((e) => e.name === "a.txt")!;
 * console.log(e.nameAttributes?.size, e.nameHandle !== null); // => 5n true
 * ```
 */
export interface Entryplus3 extends Entry3 {
  /** The entry's attributes. */
  nameAttributes: PostOpAttr;
  /** The entry's handle. */
  nameHandle: PostOpFh3;
}
/**
 * RFC 1813 §3.3.17 `dirlistplus3`.
 *
 * @example
 * ```ts
 * import { type Dirlistplus3, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * await nfs.mkdir(root, "sub");
 * const list: Dirlistplus3 = unwrap(await nfs.readdirplus(root), "NFS3 READDIRPLUS").reply;
 * console.log(list.entries.map((e) => e.name).join(","), list.eof); // => ".,..,sub" true
 * ```
 */
export interface Dirlistplus3 {
  /** The entries. */
  entries: Entryplus3[];
  /** True when the listing is complete. */
  eof: boolean;
}
/**
 * RFC 1813 §3.3.17 READDIRPLUS3resok.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Readdirplus3Resok, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * await nfs.symlink(root, "ln", "x");
 * const ok: Readdirplus3Resok = unwrap(await nfs.readdirplus(root), "NFS3 READDIRPLUS");
 * console.log(ok.reply.entries.at(-1)?.nameAttributes?.type, ok.cookieverf.length); // => 5 8
 * ```
 */
export interface Readdirplus3Resok {
  /** The directory's attributes. */
  dirAttributes: PostOpAttr;
  /** Verifier to send with the next cookie. */
  cookieverf: Cookieverf3;
  /** The entries. */
  reply: Dirlistplus3;
}
/**
 * RFC 1813 §3.3.17 READDIRPLUS3res.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Readdirplus3Res, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res: Readdirplus3Res = await new Nfs3Client(rpc).readdirplus(root);
 * if (res.status === 0) {
 *   const e = res.reply.entries[0]!;
 *   console.log(e.name, e.nameAttributes?.type, e.nameHandle !== null); // => "." 2 true
 * }
 * ```
 */
export type Readdirplus3Res = Res3<Readdirplus3Resok, DirAttributesFail>;

// §3.3.18 FSSTAT, §3.3.19 FSINFO, §3.3.20 PATHCONF

/**
 * Arguments of FSSTAT, FSINFO (RFC 1813 §3.3.18, §3.3.19).
 *
 * @example
 * ```ts
 * import { decodeFsroot3Args, encodeFsroot3Args, type Fsroot3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Fsroot3Args = { fsroot: new Uint8Array([0xfe, 0xed]) };
 * const w = new XdrWriter();
 * encodeFsroot3Args(w, args);
 * using chain = w.finish();
 * console.log(decodeFsroot3Args(new XdrReader(chain)).fsroot); // => Uint8Array(2) [ 254, 237 ]
 * ```
 */
export interface Fsroot3Args {
  /** Any handle in the file system (usually its root). */
  fsroot: NfsFh3;
}
/**
 * RFC 1813 §3.3.18 FSSTAT3args.
 *
 * @example
 * ```ts
 * import { type Fsstat3Args, NFS3_PROCEDURES } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Fsstat3Args = { fsroot: new Uint8Array([1, 2, 3]) };
 * const w = new XdrWriter();
 * NFS3_PROCEDURES.FSSTAT.encode(w, args);
 * using chain = w.finish();
 * console.log(NFS3_PROCEDURES.FSSTAT.proc, NFS3_PROCEDURES.FSSTAT.decodeArgs(new XdrReader(chain))); // => 18 { fsroot: Uint8Array(3) [ 1, 2, 3 ] }
 * ```
 */
export type Fsstat3Args = Fsroot3Args;
/**
 * RFC 1813 §3.3.18 FSSTAT3resok.
 *
 * @example
 * ```ts
 * import { type Fsstat3Resok, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const s: Fsstat3Resok = unwrap(await new Nfs3Client(rpc).fsstat(root), "NFS3 FSSTAT");
 * console.log(s.tbytes > 0n, s.fbytes <= s.tbytes, s.abytes <= s.fbytes); // => true true true
 * ```
 */
export interface Fsstat3Resok {
  /** Attributes of the handle. */
  objAttributes: PostOpAttr;
  /** Total bytes. */
  tbytes: bigint;
  /** Free bytes. */
  fbytes: bigint;
  /** Bytes available to the caller. */
  abytes: bigint;
  /** Total file slots. */
  tfiles: bigint;
  /** Free file slots. */
  ffiles: bigint;
  /** File slots available to the caller. */
  afiles: bigint;
  /** Seconds during which the file system is not expected to change. */
  invarsec: number;
}
/**
 * RFC 1813 §3.3.18 FSSTAT3res.
 *
 * @example
 * ```ts
 * import { type Fsstat3Res, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res: Fsstat3Res = await new Nfs3Client(rpc).fsstat(root);
 * const usedPct = res.status === 0 ? Number((res.tbytes - res.fbytes) * 100n / res.tbytes) : NaN;
 * console.log(usedPct >= 0 && usedPct <= 100); // => true
 * ```
 */
export type Fsstat3Res = Res3<Fsstat3Resok, ObjAttributesFail>;

/**
 * RFC 1813 §3.3.19 FSINFO3args.
 *
 * @example
 * ```ts
 * import { type Fsinfo3Args, NFS3_PROCEDURES } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const args: Fsinfo3Args = { fsroot: new Uint8Array(32) };
 * const w = new XdrWriter();
 * NFS3_PROCEDURES.FSINFO.encode(w, args);
 * using chain = w.finish();
 * console.log(NFS3_PROCEDURES.FSINFO.proc, chain.byteLength); // => 19 36
 * ```
 */
export type Fsinfo3Args = Fsroot3Args;
/**
 * RFC 1813 §3.3.19 FSINFO3resok.
 *
 * @example
 * ```ts
 * import { type Fsinfo3Resok, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ rtmax: 65536 });
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const info: Fsinfo3Resok = unwrap(await new Nfs3Client(rpc).fsinfo(root), "NFS3 FSINFO");
 * console.log(info.rtmax, info.rtpref, info.wtmax); // => 65536 65536 1048576
 * ```
 */
export interface Fsinfo3Resok {
  /** Attributes of the handle. */
  objAttributes: PostOpAttr;
  /** Largest READ count. */
  rtmax: number;
  /** Preferred READ count. */
  rtpref: number;
  /** Suggested READ count multiple. */
  rtmult: number;
  /** Largest WRITE count. */
  wtmax: number;
  /** Preferred WRITE count. */
  wtpref: number;
  /** Suggested WRITE count multiple. */
  wtmult: number;
  /** Preferred READDIR count. */
  dtpref: number;
  /** Largest file size. */
  maxfilesize: bigint;
  /** Time granularity of the server. */
  timeDelta: Nfstime3;
  /** FSF3_* bits. */
  properties: number;
}
/**
 * RFC 1813 §3.3.19 FSINFO3res.
 *
 * @example
 * ```ts
 * import { type Fsinfo3Res, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res: Fsinfo3Res = await new Nfs3Client(rpc).fsinfo(root);
 * if (res.status === 0) console.log(res.timeDelta, res.maxfilesize === 2n ** 63n - 1n); // => { seconds: 0, nseconds: 1000000 } true
 * ```
 */
export type Fsinfo3Res = Res3<Fsinfo3Resok, ObjAttributesFail>;

/**
 * RFC 1813 §3.3.20 PATHCONF3args.
 *
 * @example
 * ```ts
 * import { decodePathconf3Args, encodePathconf3Args, type Pathconf3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Pathconf3Args = { object: new Uint8Array([4, 2]) };
 * const w = new XdrWriter();
 * encodePathconf3Args(w, args);
 * using chain = w.finish();
 * console.log(decodePathconf3Args(new XdrReader(chain)).object[1]); // => 2
 * ```
 */
export interface Pathconf3Args {
  /** The object. */
  object: NfsFh3;
}
/**
 * RFC 1813 §3.3.20 PATHCONF3resok.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Pathconf3Resok, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const pc: Pathconf3Resok = unwrap(await new Nfs3Client(rpc).pathconf(root), "NFS3 PATHCONF");
 * console.log(pc.nameMax, pc.noTrunc, pc.caseInsensitive); // => 255 true false
 * ```
 */
export interface Pathconf3Resok {
  /** Attributes of the object. */
  objAttributes: PostOpAttr;
  /** Largest number of hard links. */
  linkmax: number;
  /** Largest name length. */
  nameMax: number;
  /** True when longer names are rejected (not truncated). */
  noTrunc: boolean;
  /** True when only root may change the owner. */
  chownRestricted: boolean;
  /** True when names are case-insensitive. */
  caseInsensitive: boolean;
  /** True when name case is preserved. */
  casePreserving: boolean;
}
/**
 * RFC 1813 §3.3.20 PATHCONF3res.
 *
 * @example
 * ```ts
 * import { Mount3Client, Nfs3Client, type Pathconf3Res, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res: Pathconf3Res = await new Nfs3Client(rpc).pathconf(root);
 * const maxName = res.status === 0 ? res.nameMax : 255; // fall back to NFS3_MAXNAMLEN
 * console.log(maxName); // => 255
 * ```
 */
export type Pathconf3Res = Res3<Pathconf3Resok, ObjAttributesFail>;

// §3.3.21 COMMIT

/**
 * RFC 1813 §3.3.21 COMMIT3args.
 *
 * @example
 * ```ts
 * import { type Commit3Args, decodeCommit3Args, encodeCommit3Args } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const args: Commit3Args = { file: new Uint8Array([1]), offset: 0, count: 0 }; // the whole file
 * const w = new XdrWriter();
 * encodeCommit3Args(w, args);
 * using chain = w.finish();
 * const back = decodeCommit3Args(new XdrReader(chain));
 * console.log(back.offset, back.count); // => 0n 0
 * ```
 */
export interface Commit3Args {
  /** The file. */
  file: NfsFh3;
  /** Start of the range (0 with count 0: the whole file). */
  offset: Uint64;
  /** Length of the range (0 = to the end). */
  count: number;
}
/**
 * RFC 1813 §3.3.21 COMMIT3resok.
 *
 * @example
 * ```ts
 * import { type Commit3Resok, Mount3Client, Nfs3Client, StableHow, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const nfs = new Nfs3Client(rpc);
 * const fh = unwrap(await nfs.create(root, "a.txt"), "NFS3 CREATE").obj!;
 * await nfs.write(fh, 0, new Uint8Array(10), StableHow.UNSTABLE);
 * const ok: Commit3Resok = unwrap(await nfs.commit(fh), "NFS3 COMMIT");
 * console.log(ok.verf.length, ok.fileWcc.after?.size); // => 8 10n
 * ```
 */
export interface Commit3Resok {
  /** The file's wcc data. */
  fileWcc: WccData;
  /** The server's write verifier. */
  verf: Writeverf3;
}
/**
 * RFC 1813 §3.3.21 COMMIT3res.
 *
 * @example
 * ```ts
 * import { type Commit3Res, Mount3Client, Nfs3Client, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const res: Commit3Res = await new Nfs3Client(rpc).commit(root, 0, 0); // a directory
 * console.log(res.status, res.fileWcc.after?.type); // => 21 2
 * ```
 */
export type Commit3Res = Res3<Commit3Resok, FileWcc>;
