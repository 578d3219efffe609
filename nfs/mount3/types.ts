/**
 * MOUNT version 3 (RFC 1813 Appendix I) data types.
 *
 * @module
 */

/**
 * RFC 1813 §5.1.2: the MOUNT program number.
 *
 * @example
 * ```ts
 * import { MOUNT_PROGRAM, MOUNT_V3 } from "@nfs/client/nfs";
 * console.log(MOUNT_PROGRAM, MOUNT_V3); // => 100005 3
 * ```
 */
export const MOUNT_PROGRAM = 100005;
/**
 * RFC 1813 §5.1.2: the MOUNT version matching NFSv3.
 *
 * @example
 * ```ts
 * import { MOUNT_PROGRAM, MOUNT_V3 } from "@nfs/client/nfs";
 * import { RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const spec = { prog: MOUNT_PROGRAM, vers: MOUNT_V3, proc: 0, name: "MOUNT3 NULL" };
 * console.log(await rpc.call({ ...spec, encode: () => {}, decode: () => "pong" })); // => pong
 * ```
 */
export const MOUNT_V3 = 3;
/**
 * RFC 1813 §5.1.4: MNTPATHLEN, the longest `dirpath` in bytes.
 *
 * @example
 * ```ts
 * import { encodeDirpath, MNTPATHLEN } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * try {
 *   encodeDirpath(new XdrWriter(), "/".repeat(MNTPATHLEN + 1));
 * } catch (e) {
 *   console.log(MNTPATHLEN, e instanceof RangeError); // => 1024 true
 * }
 * ```
 */
export const MNTPATHLEN = 1024;
/**
 * RFC 1813 §5.1.4: MNTNAMLEN, the longest `name` in bytes.
 *
 * @example
 * ```ts
 * import { encodeMntName, MNTNAMLEN } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * try {
 *   encodeMntName(new XdrWriter(), "h".repeat(MNTNAMLEN + 1));
 * } catch (e) {
 *   console.log(MNTNAMLEN, e instanceof RangeError); // => 255 true
 * }
 * ```
 */
export const MNTNAMLEN = 255;
/**
 * RFC 1813 §5.1.4: FHSIZE3, the longest `fhandle3` in bytes.
 *
 * @example
 * ```ts
 * import { encodeFhandle3, FHSIZE3 } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeFhandle3(w, new Uint8Array(FHSIZE3)); // the largest handle: length word + 64 bytes
 * using chain = w.finish();
 * console.log(FHSIZE3, chain.byteLength); // => 64 68
 * ```
 */
export const FHSIZE3 = 64;

/**
 * RFC 1813 §5.1.5 `mountstat3`.
 *
 * @example
 * ```ts
 * import { decodeMountres3, Mountstat3 } from "@nfs/client/nfs";
 * import { XdrReader } from "@nfs/client/xdr";
 * const res = decodeMountres3(new XdrReader(new Uint8Array([0, 0, 0, 13])));
 * console.log(res.status === Mountstat3.MNT3ERR_ACCES); // => true
 * ```
 */
export const Mountstat3 = {
  MNT3_OK: 0,
  MNT3ERR_PERM: 1,
  MNT3ERR_NOENT: 2,
  MNT3ERR_IO: 5,
  MNT3ERR_ACCES: 13,
  MNT3ERR_NOTDIR: 20,
  MNT3ERR_INVAL: 22,
  MNT3ERR_NAMETOOLONG: 63,
  MNT3ERR_NOTSUPP: 10004,
  MNT3ERR_SERVERFAULT: 10006,
} as const;
/**
 * RFC 1813 §5.1.5 `mountstat3` values.
 *
 * @example
 * ```ts
 * import { Mountstat3 } from "@nfs/client/nfs";
 * const retryable = (s: Mountstat3) => s === Mountstat3.MNT3ERR_IO || s === Mountstat3.MNT3ERR_SERVERFAULT;
 * console.log(retryable(Mountstat3.MNT3ERR_IO), retryable(Mountstat3.MNT3ERR_NOENT)); // => true false
 * ```
 */
export type Mountstat3 = typeof Mountstat3[keyof typeof Mountstat3];

/**
 * RFC 1813 §5.1.5 `fhandle3`: the root handle of a mounted export (at most 64 bytes).
 *
 * @example
 * ```ts
 * import { decodeFhandle3, encodeFhandle3, type Fhandle3 } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const fh: Fhandle3 = new Uint8Array(28).fill(1); // NFSv3 handles vary in length
 * const w = new XdrWriter();
 * encodeFhandle3(w, fh);
 * using chain = w.finish();
 * console.log(chain.byteLength, decodeFhandle3(new XdrReader(chain)).length); // => 32 28
 * ```
 */
export type Fhandle3 = Uint8Array;

/**
 * RFC 1813 §5.2.1 `mountres3_ok`.
 *
 * @example
 * ```ts
 * import { decodeMountres3, encodeMountres3, type Mountres3Ok } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const ok: Mountres3Ok = { fhandle: new Uint8Array(8), authFlavors: [1, 0] }; // AUTH_SYS, AUTH_NONE
 * const w = new XdrWriter();
 * encodeMountres3(w, { status: 0, ...ok });
 * using chain = w.finish();
 * const res = decodeMountres3(new XdrReader(chain));
 * console.log(res.status === 0 && res.authFlavors); // => [ 1, 0 ]
 * ```
 */
export interface Mountres3Ok {
  /** The export's root file handle. */
  fhandle: Fhandle3;
  /** The RPC auth flavors the server accepts for this export, preferred first. */
  authFlavors: number[];
}

/**
 * RFC 1813 §5.2.1 `mountres3`: `{ status: 0, fhandle, authFlavors }` or `{ status }`. A
 * server may send a status the RFC does not list; it is kept as is.
 * @example
 * ```ts
 * import { Mount3Client, type Mountres3 } from "@nfs/client/nfs";
 * import { RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const res: Mountres3 = await new Mount3Client(rpc).mnt(server.exportPath);
 * console.log(res.status === 0 && res.fhandle.length > 0); // => true
 * ```
 */
export type Mountres3 =
  | ({ status: typeof Mountstat3.MNT3_OK } & Mountres3Ok)
  | { status: Exclude<Mountstat3, 0> };

/**
 * RFC 1813 §5.2.2 `mountbody` (one entry of the `mountlist`).
 *
 * @example
 * ```ts
 * import { decodeMountlist, encodeMountlist, type Mountbody } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const m: Mountbody = { mlHostname: "client1", mlDirectory: "/export" };
 * const w = new XdrWriter();
 * encodeMountlist(w, [m]);
 * using chain = w.finish();
 * console.log(decodeMountlist(new XdrReader(chain))[0]); // => { mlHostname: "client1", mlDirectory: "/export" }
 * ```
 */
export interface Mountbody {
  /** The client host name (`ml_hostname`). */
  mlHostname: string;
  /** The mounted directory (`ml_directory`). */
  mlDirectory: string;
}

/**
 * RFC 1813 §5.2.2 `mountlist` (the linked list as an array).
 *
 * @example
 * ```ts
 * import { Mount3Client, type Mountlist } from "@nfs/client/nfs";
 * import { RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ exportPath: "/export" });
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const mnt = new Mount3Client(rpc);
 * await mnt.mnt("/export");
 * const list: Mountlist = await mnt.dump();
 * console.log(list.map((m) => m.mlDirectory)); // => [ "/export" ]
 * ```
 */
export type Mountlist = Mountbody[];

/**
 * RFC 1813 §5.2.5 `exportnode` (one entry of `exports`).
 *
 * @example
 * ```ts
 * import { decodeExports, encodeExports, type Exportnode } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const node: Exportnode = { exDir: "/export", exGroups: ["*.example.com", "@trusted"] };
 * const w = new XdrWriter();
 * encodeExports(w, [node]);
 * using chain = w.finish();
 * console.log(decodeExports(new XdrReader(chain))[0]?.exGroups); // => [ "*.example.com", "@trusted" ]
 * ```
 */
export interface Exportnode {
  /** The exported directory (`ex_dir`). */
  exDir: string;
  /** The groups (host or netgroup names) allowed to mount it (`ex_groups`). */
  exGroups: string[];
}

/**
 * RFC 1813 §5.2.5 `exports` (the linked list as an array).
 *
 * @example
 * ```ts
 * import { type Exports, Mount3Client } from "@nfs/client/nfs";
 * import { RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ exportPath: "/export" });
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const exports: Exports = await new Mount3Client(rpc).export();
 * console.log(exports); // => [ { exDir: "/export", exGroups: [] } ]
 * ```
 */
export type Exports = Exportnode[];
