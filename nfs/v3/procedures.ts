/**
 * The NFS version 3 procedure table (RFC 1813 §3.3): number, name and codecs of each of the
 * 22 procedures, for both the client (`encode` / `decode`) and a server (`decodeArgs` /
 * `encodeRes`).
 *
 * @module
 */
import type { CallSpec, RpcCaller } from "../../rpc/types.ts";
import type { XdrReader, XdrWriter } from "../../xdr/mod.ts";
import * as c from "./codec_procs.ts";
import type * as t from "./types.ts";

/**
 * One procedure of a program version: its number, name and codecs.
 *
 * @example
 * ```ts
 * import { type Getattr3Args, type Getattr3Res, NFS3_PROCEDURES, type Procedure } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const p: Procedure<Getattr3Args, Getattr3Res> = NFS3_PROCEDURES.GETATTR;
 * const w = new XdrWriter();
 * p.encode(w, { object: new Uint8Array([1, 2, 3, 4]) }); // what a client sends
 * using chain = w.finish();
 * console.log(p.name, p.proc, p.decodeArgs(new XdrReader(chain)).object); // => "GETATTR" 1 Uint8Array(4) [ 1, 2, 3, 4 ]
 * ```
 */
export interface Procedure<A, R> {
  /** The RFC name without prefix, e.g. "READ". */
  readonly name: string;
  /** The procedure number. */
  readonly proc: number;
  /** Encodes the arguments (client side). */
  encode(w: XdrWriter, args: A): void;
  /** Decodes the results (client side); `args` lets it check the reply against the call. */
  decode(r: XdrReader, args?: A): R;
  /** Decodes the arguments (server side). */
  decodeArgs(r: XdrReader): A;
  /** Encodes the results (server side). */
  encodeRes(w: XdrWriter, res: R): void;
}

/**
 * The type of {@linkcode NFS3_PROCEDURES}: one typed entry per RFC 1813 procedure.
 *
 * @example
 * ```ts
 * import { type Nfs3Procedures, NFS3_PROCEDURES } from "@nfs/client/nfs";
 * const byName = (name: keyof Nfs3Procedures): number => NFS3_PROCEDURES[name].proc;
 * console.log(byName("LOOKUP"), byName("COMMIT"), Object.keys(NFS3_PROCEDURES).length); // => 3 21 22
 * ```
 */
export interface Nfs3Procedures {
  /** §3.3.0 NFSPROC3_NULL = 0. */
  readonly NULL: Procedure<void, void>;
  /** §3.3.1 NFSPROC3_GETATTR = 1. */
  readonly GETATTR: Procedure<t.Getattr3Args, t.Getattr3Res>;
  /** §3.3.2 NFSPROC3_SETATTR = 2. */
  readonly SETATTR: Procedure<t.Setattr3Args, t.Setattr3Res>;
  /** §3.3.3 NFSPROC3_LOOKUP = 3. */
  readonly LOOKUP: Procedure<t.Lookup3Args, t.Lookup3Res>;
  /** §3.3.4 NFSPROC3_ACCESS = 4. */
  readonly ACCESS: Procedure<t.Access3Args, t.Access3Res>;
  /** §3.3.5 NFSPROC3_READLINK = 5. */
  readonly READLINK: Procedure<t.Readlink3Args, t.Readlink3Res>;
  /** §3.3.6 NFSPROC3_READ = 6. */
  readonly READ: Procedure<t.Read3Args, t.Read3Res>;
  /** §3.3.7 NFSPROC3_WRITE = 7. */
  readonly WRITE: Procedure<t.Write3Args, t.Write3Res>;
  /** §3.3.8 NFSPROC3_CREATE = 8. */
  readonly CREATE: Procedure<t.Create3Args, t.Create3Res>;
  /** §3.3.9 NFSPROC3_MKDIR = 9. */
  readonly MKDIR: Procedure<t.Mkdir3Args, t.Mkdir3Res>;
  /** §3.3.10 NFSPROC3_SYMLINK = 10. */
  readonly SYMLINK: Procedure<t.Symlink3Args, t.Symlink3Res>;
  /** §3.3.11 NFSPROC3_MKNOD = 11. */
  readonly MKNOD: Procedure<t.Mknod3Args, t.Mknod3Res>;
  /** §3.3.12 NFSPROC3_REMOVE = 12. */
  readonly REMOVE: Procedure<t.Remove3Args, t.Remove3Res>;
  /** §3.3.13 NFSPROC3_RMDIR = 13. */
  readonly RMDIR: Procedure<t.Rmdir3Args, t.Rmdir3Res>;
  /** §3.3.14 NFSPROC3_RENAME = 14. */
  readonly RENAME: Procedure<t.Rename3Args, t.Rename3Res>;
  /** §3.3.15 NFSPROC3_LINK = 15. */
  readonly LINK: Procedure<t.Link3Args, t.Link3Res>;
  /** §3.3.16 NFSPROC3_READDIR = 16. */
  readonly READDIR: Procedure<t.Readdir3Args, t.Readdir3Res>;
  /** §3.3.17 NFSPROC3_READDIRPLUS = 17. */
  readonly READDIRPLUS: Procedure<t.Readdirplus3Args, t.Readdirplus3Res>;
  /** §3.3.18 NFSPROC3_FSSTAT = 18. */
  readonly FSSTAT: Procedure<t.Fsstat3Args, t.Fsstat3Res>;
  /** §3.3.19 NFSPROC3_FSINFO = 19. */
  readonly FSINFO: Procedure<t.Fsinfo3Args, t.Fsinfo3Res>;
  /** §3.3.20 NFSPROC3_PATHCONF = 20. */
  readonly PATHCONF: Procedure<t.Pathconf3Args, t.Pathconf3Res>;
  /** §3.3.21 NFSPROC3_COMMIT = 21. */
  readonly COMMIT: Procedure<t.Commit3Args, t.Commit3Res>;
}

/**
 * Builds one procedure-table entry (shared by the NFSv3, NFSv2, MOUNT v3 and MOUNT v1 tables).
 *
 * @param name RFC name, e.g. "READ".
 * @param proc Procedure number.
 * @param encode Client side: writes the arguments.
 * @param decode Client side: reads the result.
 * @param decodeArgs Server side: reads the arguments.
 * @param encodeRes Server side: writes the result.
 * @returns The entry.
 * @example
 * ```ts
 * import { procedure } from "@nfs/client/nfs";
 * const NULL = procedure("NULL", 0, () => {}, () => undefined, () => undefined, () => {});
 * console.log(NULL.proc); // => 0
 * ```
 */
export function procedure<A, R>(
  name: string,
  proc: number,
  encode: (w: XdrWriter, args: A) => void,
  decode: (r: XdrReader, args?: A) => R,
  decodeArgs: (r: XdrReader) => A,
  encodeRes: (w: XdrWriter, res: R) => void,
): Procedure<A, R> {
  return { name, proc, encode, decode, decodeArgs, encodeRes };
}

const p = procedure;

/**
 * The NFSv3 procedure table, keyed by RFC name.
 *
 * @example
 * ```ts
 * import { NFS3_PROCEDURES, StableHow } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * const data = new Uint8Array(5);
 * NFS3_PROCEDURES.WRITE.encode(w, { file: new Uint8Array(8), offset: 0, stable: StableHow.UNSTABLE, data });
 * using chain = w.finish(); // fh (4 + 8), offset 8, count 4, stable 4, data (4 + 5 + 3 pad)
 * console.log(NFS3_PROCEDURES.READ.proc, NFS3_PROCEDURES.WRITE.proc, chain.byteLength); // => 6 7 40
 * ```
 */
// deno-fmt-ignore
export const NFS3_PROCEDURES: Nfs3Procedures = {
  NULL:        p("NULL", 0, c.encodeVoid, c.decodeVoid, c.decodeVoid, c.encodeVoid),
  GETATTR:     p("GETATTR", 1, c.encodeGetattr3Args, c.decodeGetattr3Res, c.decodeGetattr3Args, c.encodeGetattr3Res),
  SETATTR:     p("SETATTR", 2, c.encodeSetattr3Args, c.decodeSetattr3Res, c.decodeSetattr3Args, c.encodeSetattr3Res),
  LOOKUP:      p("LOOKUP", 3, c.encodeLookup3Args, c.decodeLookup3Res, c.decodeLookup3Args, c.encodeLookup3Res),
  ACCESS:      p("ACCESS", 4, c.encodeAccess3Args, c.decodeAccess3Res, c.decodeAccess3Args, c.encodeAccess3Res),
  READLINK:    p("READLINK", 5, c.encodeReadlink3Args, c.decodeReadlink3Res, c.decodeReadlink3Args, c.encodeReadlink3Res),
  READ:        p("READ", 6, c.encodeRead3Args, c.decodeRead3Res, c.decodeRead3Args, c.encodeRead3Res),
  WRITE:       p("WRITE", 7, c.encodeWrite3Args, c.decodeWrite3Res, c.decodeWrite3Args, c.encodeWrite3Res),
  CREATE:      p("CREATE", 8, c.encodeCreate3Args, c.decodeCreate3Res, c.decodeCreate3Args, c.encodeCreate3Res),
  MKDIR:       p("MKDIR", 9, c.encodeMkdir3Args, c.decodeCreate3Res, c.decodeMkdir3Args, c.encodeCreate3Res),
  SYMLINK:     p("SYMLINK", 10, c.encodeSymlink3Args, c.decodeCreate3Res, c.decodeSymlink3Args, c.encodeCreate3Res),
  MKNOD:       p("MKNOD", 11, c.encodeMknod3Args, c.decodeCreate3Res, c.decodeMknod3Args, c.encodeCreate3Res),
  REMOVE:      p("REMOVE", 12, c.encodeLookup3Args, c.decodeRemove3Res, c.decodeLookup3Args, c.encodeRemove3Res),
  RMDIR:       p("RMDIR", 13, c.encodeLookup3Args, c.decodeRemove3Res, c.decodeLookup3Args, c.encodeRemove3Res),
  RENAME:      p("RENAME", 14, c.encodeRename3Args, c.decodeRename3Res, c.decodeRename3Args, c.encodeRename3Res),
  LINK:        p("LINK", 15, c.encodeLink3Args, c.decodeLink3Res, c.decodeLink3Args, c.encodeLink3Res),
  READDIR:     p("READDIR", 16, c.encodeReaddir3Args, c.decodeReaddir3Res, c.decodeReaddir3Args, c.encodeReaddir3Res),
  READDIRPLUS: p("READDIRPLUS", 17, c.encodeReaddirplus3Args, c.decodeReaddirplus3Res, c.decodeReaddirplus3Args, c.encodeReaddirplus3Res),
  FSSTAT:      p("FSSTAT", 18, c.encodeFsroot3Args, c.decodeFsstat3Res, c.decodeFsroot3Args, c.encodeFsstat3Res),
  FSINFO:      p("FSINFO", 19, c.encodeFsroot3Args, c.decodeFsinfo3Res, c.decodeFsroot3Args, c.encodeFsinfo3Res),
  PATHCONF:    p("PATHCONF", 20, c.encodePathconf3Args, c.decodePathconf3Res, c.decodePathconf3Args, c.encodePathconf3Res),
  COMMIT:      p("COMMIT", 21, c.encodeCommit3Args, c.decodeCommit3Res, c.decodeCommit3Args, c.encodeCommit3Res),
};

/**
 * The same procedures indexed by number (0..21), for a server's dispatcher.
 *
 * @example
 * ```ts
 * import { NFS3_PROCEDURE_LIST } from "@nfs/client/nfs";
 * const proc = 17; // from the call header
 * console.log(NFS3_PROCEDURE_LIST.length, NFS3_PROCEDURE_LIST[proc]?.name); // => 22 "READDIRPLUS"
 * ```
 */
export const NFS3_PROCEDURE_LIST: readonly Procedure<unknown, unknown>[] = Object.values(
  NFS3_PROCEDURES,
).sort((a, b) => a.proc - b.proc);

/**
 * Makes one call of a table procedure: the single place where a client turns a
 * {@linkcode Procedure} and its arguments into an RPC call (NFSv3, NFSv2, MOUNT v3 and v1
 * clients all use it).
 *
 * @param caller Makes the RPC call.
 * @param prog Program number.
 * @param vers Program version.
 * @param label Prefix of the call's name, e.g. "NFS3".
 * @param p The procedure.
 * @param args Its arguments.
 * @param opts Signal and timeout.
 * @param extra More call fields (a reply sink).
 * @returns The decoded result.
 * @throws {RpcError} What `caller.call` rejects with: an RPC-level failure (timeout, lost
 * connection, mismatch, malformed reply), the encoder's `RangeError` / `TypeError` for invalid
 * arguments, or the signal's reason when aborted. An NFS status is returned, not thrown.
 * @example
 * ```ts
 * import { callProcedure, Mount3Client, NFS_PROGRAM, NFS_V3, NFS3_PROCEDURES, unwrap } from "@nfs/client/nfs";
 * import { authSys, RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port, auth: authSys({ uid: 0, gid: 0 }) });
 * const root = unwrap(await new Mount3Client(rpc).mnt(server.exportPath), "MOUNT3 MNT").fhandle;
 * const P = NFS3_PROCEDURES.GETATTR;
 * const res = await callProcedure(rpc, NFS_PROGRAM, NFS_V3, "NFS3", P, { object: root }, { timeout: 5000 });
 * console.log(res.status === 0 && res.objAttributes.type); // => 2
 * ```
 */
export function callProcedure<A, R>(
  caller: RpcCaller,
  prog: number,
  vers: number,
  label: string,
  p: Procedure<A, R>,
  args: A,
  opts?: { signal?: AbortSignal | undefined; timeout?: number | undefined },
  extra?: Partial<CallSpec<R>>,
): Promise<R> {
  const spec: CallSpec<R> = {
    prog,
    vers,
    proc: p.proc,
    name: `${label} ${p.name}`,
    encode: (w) => p.encode(w, args),
    decode: (r) => p.decode(r, args),
    ...extra,
  };
  if (opts?.signal !== undefined) spec.signal = opts.signal;
  if (opts?.timeout !== undefined) spec.timeout = opts.timeout;
  return caller.call(spec);
}
