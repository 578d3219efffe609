/**
 * A scripted NFSv3 + MOUNT v3 server on one loopback port, well-behaved enough for
 * `connect()` (MOUNT EXPORT and MNT, NFS FSINFO, GETATTR and LOOKUP of a small tree) and
 * hostile where a test says so: each NFS call goes to the test's `nfs` hook first, which
 * answers with raw bytes, silence, or its own writes on the socket.
 *
 * @module
 */
import { XdrReader, XdrWriter } from "../../xdr/mod.ts";
import { MOUNT3_SERVER } from "../../testing/_mount_codec.ts";
import { NFS3_SERVER, NFS3_SERVER_LIST } from "../../testing/_nfs3_codec.ts";
import { type Fattr3, Ftype3 } from "../../nfs/v3/types.ts";
import { readCall, RpcPeer, type SeenCall, successReply, writeAll } from "../_util/rpc_peer.ts";

/** The export path the hostile server offers. */
export const EXPORT_PATH = "/export";
/** The root directory's file handle. */
export const ROOT_FH: Uint8Array = fh(1);

/** A file handle made from a number (8 bytes). */
export function fh(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setUint32(4, n);
  out[0] = 0xfe;
  return out;
}

/** Attributes of an object in the hostile tree. */
export function fattr(type: "file" | "dir" | "symlink", size: bigint, fileid: bigint): Fattr3 {
  const t = { seconds: 1_700_000_000, nseconds: 0 };
  return {
    type: type === "file" ? Ftype3.NF3REG : type === "dir" ? Ftype3.NF3DIR : Ftype3.NF3LNK,
    mode: type === "dir" ? 0o755 : 0o644,
    nlink: 1,
    uid: 0,
    gid: 0,
    size,
    used: 0n,
    rdev: { specdata1: 0, specdata2: 0 },
    fsid: 1n,
    fileid,
    atime: t,
    mtime: t,
    ctime: t,
  };
}

/** XDR-encodes something with a writer and returns the bytes. */
export function xdr(encode: (w: XdrWriter) => void): Uint8Array {
  const w = new XdrWriter();
  encode(w);
  const chain = w.finish();
  const out = chain.toBytes();
  chain.release();
  return out;
}

/** A framed successful NFSv3 reply with a result encoded by the procedure table. */
export function nfs3Reply(xid: number, proc: number, res: unknown): Uint8Array {
  return successReply(xid, xdr((w) => NFS3_SERVER_LIST[proc]!.encodeRes(w, res)));
}

/** The decoded arguments of an NFSv3 call. */
export function nfs3Args<T>(call: SeenCall): T {
  return NFS3_SERVER_LIST[call.proc]!.decodeArgs(new XdrReader(call.args)) as T;
}

/**
 * What an `nfs` hook answers: bytes to write (framed replies, or anything), `null` for no
 * reply at all, a function that writes on the socket itself (it may close it), or
 * `undefined` for the default answer.
 */
export type Action =
  | Uint8Array
  | null
  | ((conn: Deno.Conn) => Promise<void>)
  | undefined;

/** An object of the hostile tree, found by LOOKUP in the root directory. */
export interface HostileObject {
  /** Its handle. */
  fh: Uint8Array;
  /** Its attributes. */
  attrs: Fattr3;
}

/** Options of {@linkcode HostileServer}. */
export interface HostileOptions {
  /** Objects in the root directory, by name. */
  tree?: Record<string, HostileObject>;
  /** Answers an NFSv3 call (any procedure); `undefined` falls back to the default. */
  nfs?: (call: SeenCall, index: number) => Action | Promise<Action>;
  /** Answers a MOUNT v3 call; `undefined` falls back to the default. */
  mount?: (call: SeenCall) => Action;
  /**
   * While it returns true, a connection whose first call is an NFS call is closed at once,
   * unanswered (a server that accepts every NFS connection and drops it).
   */
  dropNfs?: () => boolean;
}

/**
 * The hostile server. `url` mounts it with soft, short timeouts, so that a client that
 * would hang shows up as a `TimedOut` (which the tests do not accept) rather than a stuck
 * test.
 */
export class HostileServer {
  readonly #peer: RpcPeer;
  readonly #o: HostileOptions;
  /** NFS calls seen, in order. */
  readonly calls: SeenCall[] = [];
  /** Connections closed at once by `dropNfs`. */
  dropped = 0;

  constructor(options: HostileOptions = {}) {
    this.#o = options;
    this.#peer = new RpcPeer((conn) => this.#serve(conn));
  }

  /** The port of MOUNT and NFS. */
  get port(): number {
    return this.#peer.port;
  }

  /** Connections accepted so far. */
  get connections(): number {
    return this.#peer.connections;
  }

  /** A URL for `connect()`, with extra query parameters. */
  url(query = "soft=1&timeo=50&retrans=0"): string {
    return `nfs://127.0.0.1${EXPORT_PATH}?nfsport=${this.port}&mountport=${this.port}` +
      `&version=3&${query}`;
  }

  async #serve(conn: Deno.Conn): Promise<void> {
    let writing = Promise.resolve();
    const tasks = new Set<Promise<void>>();
    const write = (f: () => Promise<void>) => {
      const p = writing.then(f);
      writing = p.catch(() => {});
      return p;
    };
    try {
      for (let first = true;; first = false) {
        const c = await readCall(conn);
        if (c === null) break;
        if (first && c.prog === 100003 && this.#o.dropNfs?.()) {
          this.dropped++;
          break;
        }
        const t = (async () => {
          const action = await this.#answer(c);
          if (action === null || action === undefined) return;
          if (action instanceof Uint8Array) await write(() => writeAll(conn, action));
          else await write(() => action(conn));
        })().catch(() => {});
        tasks.add(t);
        void t.finally(() => tasks.delete(t));
      }
    } finally {
      await Promise.all(tasks);
    }
  }

  async #answer(c: SeenCall): Promise<Action> {
    if (c.prog === 100005) return this.#o.mount?.(c) ?? mountAnswer(c);
    if (c.prog !== 100003 || c.vers !== 3) return null;
    const index = this.calls.push(c) - 1;
    const custom = await this.#o.nfs?.(c, index);
    if (custom !== undefined) return custom;
    return this.#default(c);
  }

  #default(c: SeenCall): Uint8Array {
    const P = NFS3_SERVER;
    const tree = this.#o.tree ?? {};
    const find = (h: Uint8Array) => Object.values(tree).find((o) => same(o.fh, h));
    switch (c.proc) {
      case P.GETATTR.proc: {
        const { object } = nfs3Args<{ object: Uint8Array }>(c);
        if (same(object, ROOT_FH)) {
          return nfs3Reply(c.xid, c.proc, { status: 0, objAttributes: fattr("dir", 4096n, 1n) });
        }
        const o = find(object);
        return nfs3Reply(c.xid, c.proc, o ? { status: 0, objAttributes: o.attrs } : { status: 70 });
      }
      case P.LOOKUP.proc: {
        const { name } = nfs3Args<{ name: string }>(c);
        const o = tree[name];
        return nfs3Reply(
          c.xid,
          c.proc,
          o
            ? { status: 0, object: o.fh, objAttributes: o.attrs, dirAttributes: null }
            : { status: 2, dirAttributes: null },
        );
      }
      case P.FSINFO.proc:
        return nfs3Reply(c.xid, c.proc, {
          status: 0,
          objAttributes: null,
          rtmax: 65536,
          rtpref: 65536,
          rtmult: 4096,
          wtmax: 65536,
          wtpref: 65536,
          wtmult: 4096,
          dtpref: 8192,
          maxfilesize: 0xffffffffffffffffn,
          timeDelta: { seconds: 0, nseconds: 1 },
          properties: 0x1b,
        });
      case P.NULL.proc:
        return successReply(c.xid);
      default: {
        // NFS3ERR_NOTSUPP, with every resfail field any procedure has, empty.
        const wcc = { before: null, after: null };
        return nfs3Reply(c.xid, c.proc, {
          status: 10004,
          objAttributes: null,
          dirAttributes: null,
          fileAttributes: null,
          symlinkAttributes: null,
          objWcc: wcc,
          fileWcc: wcc,
          dirWcc: wcc,
          fromdirWcc: wcc,
          todirWcc: wcc,
          linkdirWcc: wcc,
        });
      }
    }
  }

  /** Closes every open connection now (the client sees them dropped). */
  dropAll(): void {
    this.#peer.dropAll();
  }

  /** Stops listening and closes every connection. */
  close(): Promise<void> {
    return this.#peer.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

function mountAnswer(c: SeenCall): Uint8Array | null {
  const M = MOUNT3_SERVER;
  switch (c.proc) {
    case M.NULL.proc:
    case M.UMNT.proc:
      return successReply(c.xid);
    case M.EXPORT.proc:
      return successReply(
        c.xid,
        xdr((w) => M.EXPORT.encodeRes(w, [{ exDir: EXPORT_PATH, exGroups: [] }])),
      );
    case M.MNT.proc:
      return successReply(
        c.xid,
        xdr((w) => M.MNT.encodeRes(w, { status: 0, fhandle: ROOT_FH, authFlavors: [0, 1] })),
      );
    default:
      return null;
  }
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Writes `bytes` and then closes the connection (a reply cut short). */
export function thenClose(bytes: Uint8Array): (conn: Deno.Conn) => Promise<void> {
  return async (conn) => {
    await writeAll(conn, bytes);
    conn.close();
  };
}
