/**
 * MOUNT version 1 (RFC 1094 Appendix A) data types. The mount list and export list have the
 * same XDR as in MOUNT v3, whose types ({@linkcode Mountlist}, {@linkcode Exports}) are used.
 *
 * @module
 */
import type { Fhandle, NfsstatFail } from "../v2/types.ts";
import { MNTNAMLEN, MNTPATHLEN, MOUNT_PROGRAM } from "../mount3/types.ts";

export {
  /**
   * RFC 1094 Appendix A.3: MNTNAMLEN, the longest host or group `name` in bytes (255).
   *
   * @example
   * ```ts
   * import { MNTNAMLEN } from "@nfs/client/nfs";
   * console.log(MNTNAMLEN); // => 255
   * ```
   */
  MNTNAMLEN,
  /**
   * RFC 1094 Appendix A.3: MNTPATHLEN, the longest `dirpath` in bytes (1024).
   *
   * @example
   * ```ts
   * import { encodeDirpath, MNTPATHLEN } from "@nfs/client/nfs";
   * import { XdrWriter } from "@nfs/client/xdr";
   * const w = new XdrWriter();
   * encodeDirpath(w, "/" + "d".repeat(MNTPATHLEN - 1)); // the longest MNT path
   * using chain = w.finish();
   * console.log(chain.byteLength); // => 1028
   * ```
   */
  MNTPATHLEN,
  /**
   * RFC 1094 Appendix A: the MOUNT program number, 100005 (the same for v1 and v3).
   *
   * @example
   * ```ts
   * import { MOUNT_PROGRAM, MOUNT_V1 } from "@nfs/client/nfs";
   * console.log(MOUNT_PROGRAM, MOUNT_V1); // => 100005 1
   * ```
   */
  MOUNT_PROGRAM,
};
export type {
  /**
   * RFC 1094 Appendix A.5.6 `exportnode`: one exported directory and its groups.
   *
   * @example
   * ```ts
   * import { decodeExports, encodeExports, type Exportnode } from "@nfs/client/nfs";
   * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
   * const node: Exportnode = { exDir: "/export", exGroups: ["client1"] };
   * const w = new XdrWriter();
   * encodeExports(w, [node]);
   * using chain = w.finish();
   * console.log(decodeExports(new XdrReader(chain))); // => [ { exDir: "/export", exGroups: [ "client1" ] } ]
   * ```
   */
  Exportnode,
  /**
   * RFC 1094 Appendix A.5.6 `exportlist` (the linked list as an array): the EXPORT result.
   *
   * @example
   * ```ts
   * import { type Exports, Mount1Client } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const exports: Exports = await new Mount1Client(rpc).export();
   * console.log(exports.map((e) => e.exDir)); // => [ "/export" ]
   * ```
   */
  Exports,
  /**
   * RFC 1094 Appendix A.5.3 `mountlist` entry: a client host and the directory it mounted.
   *
   * @example
   * ```ts
   * import { decodeMountlist, encodeMountlist, type Mountbody } from "@nfs/client/nfs";
   * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
   * const m: Mountbody = { mlHostname: "client1", mlDirectory: "/export" };
   * const w = new XdrWriter();
   * encodeMountlist(w, [m]);
   * using chain = w.finish();
   * console.log(decodeMountlist(new XdrReader(chain))[0]?.mlHostname); // => client1
   * ```
   */
  Mountbody,
  /**
   * RFC 1094 Appendix A.5.3 `mountlist` (the linked list as an array): the DUMP result.
   *
   * @example
   * ```ts
   * import { Mount1Client, type Mountlist } from "@nfs/client/nfs";
   * import { RpcClient } from "@nfs/client/rpc";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer({ exportPath: "/export" });
   * await using rpc = await RpcClient.connect({ port: server.port });
   * const mnt = new Mount1Client(rpc);
   * await mnt.mnt("/export");
   * const list: Mountlist = await mnt.dump();
   * console.log(list.length, list[0]?.mlDirectory); // => 1 /export
   * ```
   */
  Mountlist,
} from "../mount3/types.ts";

/**
 * RFC 1094 Appendix A.5: the MOUNT version that goes with NFSv2.
 *
 * @example
 * ```ts
 * import { Mount1Client, MOUNT_V1 } from "@nfs/client/nfs";
 * import { RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port });
 * await new Mount1Client(rpc).null(); // a call to program 100005, version MOUNT_V1
 * console.log(MOUNT_V1, server.stats().calls["MOUNT1 NULL"]); // => 1 1
 * ```
 */
export const MOUNT_V1 = 1;

/**
 * RFC 1094 Appendix A.4.2 `fhstatus` status 0 arm.
 *
 * @example
 * ```ts
 * import { decodeFhstatus, encodeFhstatus, type Fhstatusok } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const ok: Fhstatusok = { directory: new Uint8Array(32).fill(4) };
 * const w = new XdrWriter();
 * encodeFhstatus(w, { status: 0, ...ok });
 * using chain = w.finish();
 * const res = decodeFhstatus(new XdrReader(chain));
 * console.log(chain.byteLength, res.status === 0 && res.directory[0]); // => 36 4
 * ```
 */
export interface Fhstatusok {
  /** The root handle of the mounted directory (32 bytes). */
  directory: Fhandle;
}

/**
 * RFC 1094 Appendix A.4.2 `fhstatus`: `{ status: 0, directory }`, or `{ status }` where a
 * non-zero status is a UNIX errno (the same numbers as the NFSv2 `stat` errors, e.g. 13
 * EACCES, 2 ENOENT).
 * @example
 * ```ts
 * import { type Fhstatus, Mount1Client, unwrap } from "@nfs/client/nfs";
 * import { RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ exportPath: "/export" });
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const res: Fhstatus = await new Mount1Client(rpc).mnt("/export");
 * console.log(unwrap(res, "MOUNT1 MNT", "/export").directory.length); // => 32
 * ```
 */
export type Fhstatus = ({ status: 0 } & Fhstatusok) | { status: NfsstatFail };
