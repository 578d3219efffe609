/**
 * A hostile NFSv3 server for CLI tests whose tree is computed, not stored: each object is a
 * number (its handle is `fh(n)`, its fileid `n`), and a function says what object `n` is.
 * That makes trees no real server holds: an endless chain of subdirectories, a directory
 * whose entry has an ancestor's handle (a loop), names with terminal escapes, entries of
 * an unknown file type, and files whose READs are slow.
 *
 * It answers GETATTR, LOOKUP, ACCESS, READDIRPLUS, READ, READLINK and FSSTAT; the rest is
 * NFS3ERR_NOTSUPP (see tests/reliability/_hostile.ts).
 *
 * @module
 */
import {
  fattr,
  fh,
  type HostileOptions,
  HostileServer,
  nfs3Args,
  nfs3Reply,
} from "../reliability/_hostile.ts";
import { NFS3_SERVER } from "../../testing/_nfs3_codec.ts";
import type { SeenCall } from "../_util/rpc_peer.ts";
import type { Ftype3 } from "../../nfs/v3/types.ts";

/** One object of the computed tree. */
export interface Node {
  /** Its kind. */
  type: "dir" | "file" | "symlink";
  /** A raw ftype3 sent instead of the real one (an unknown type: 9). */
  rawType?: number;
  /** A directory's entries: name and object number (names may hold any character). */
  children?: [string, number][];
  /** A file's size (its content is `size` bytes of "a"). */
  size?: number;
  /** A symlink's target. */
  target?: string;
}

/** Options of {@linkcode treeServer}. */
export interface TreeOptions {
  /** What object `n` is (1 is the export's root); undefined: a stale handle. */
  node: (n: number) => Node | undefined;
  /** Milliseconds each READ reply waits. */
  readDelayMs?: number;
  /** Rewrites a reply's bytes (to send what the encoder refuses, e.g. a "/" in a name). */
  patch?: (reply: Uint8Array) => Uint8Array;
  /** Answers MOUNT calls (see {@linkcode HostileOptions}); default: one export. */
  mount?: HostileOptions["mount"];
}

const P = NFS3_SERVER;

function numberOf(handle: Uint8Array): number {
  return new DataView(handle.buffer, handle.byteOffset, handle.byteLength).getUint32(4);
}

function attrsOf(n: number, node: Node) {
  const a = fattr(node.type, BigInt(node.size ?? (node.type === "dir" ? 4096 : 0)), BigInt(n));
  if (node.rawType !== undefined) a.type = node.rawType as Ftype3;
  return a;
}

/**
 * Starts the server.
 *
 * @param o The tree and its misbehaviours.
 * @returns The server (`url()` mounts it; close it when done).
 */
export function treeServer(o: TreeOptions): HostileServer {
  const answer = async (c: SeenCall): Promise<Uint8Array | undefined> => {
    switch (c.proc) {
      case P.GETATTR.proc: {
        const n = numberOf(nfs3Args<{ object: Uint8Array }>(c).object);
        const node = o.node(n);
        return nfs3Reply(
          c.xid,
          c.proc,
          node ? { status: 0, objAttributes: attrsOf(n, node) } : { status: 70 },
        );
      }
      case P.ACCESS.proc: {
        const { access } = nfs3Args<{ access: number }>(c);
        return nfs3Reply(c.xid, c.proc, { status: 0, objAttributes: null, access });
      }
      case P.LOOKUP.proc: {
        const what = nfs3Args<{ dir: Uint8Array; name: string }>(c);
        const dir = o.node(numberOf(what.dir));
        const hit = dir?.children?.find(([name]) => name === what.name);
        const node = hit && o.node(hit[1]);
        return nfs3Reply(
          c.xid,
          c.proc,
          hit && node
            ? {
              status: 0,
              object: fh(hit[1]),
              objAttributes: attrsOf(hit[1], node),
              dirAttributes: null,
            }
            : { status: 2, dirAttributes: null },
        );
      }
      case P.READDIRPLUS.proc: {
        const { dir } = nfs3Args<{ dir: Uint8Array }>(c);
        const node = o.node(numberOf(dir));
        if (node?.type !== "dir") {
          return nfs3Reply(c.xid, c.proc, { status: 20, dirAttributes: null });
        }
        // One page: every entry (the tests' directories are small).
        const entries = (node.children ?? []).map(([name, n], i) => {
          const child = o.node(n)!;
          return {
            fileid: BigInt(n),
            name,
            cookie: BigInt(i + 1),
            nameAttributes: attrsOf(n, child),
            nameHandle: fh(n),
          };
        });
        return nfs3Reply(c.xid, c.proc, {
          status: 0,
          dirAttributes: null,
          cookieverf: new Uint8Array(8),
          reply: { entries, eof: true },
        });
      }
      case P.READ.proc: {
        const { file, offset, count } = nfs3Args<
          { file: Uint8Array; offset: bigint; count: number }
        >(c);
        const size = BigInt(o.node(numberOf(file))?.size ?? 0);
        const n = offset >= size ? 0 : Number(size - offset < count ? size - offset : count);
        if (o.readDelayMs) await new Promise((r) => setTimeout(r, o.readDelayMs));
        return nfs3Reply(c.xid, c.proc, {
          status: 0,
          fileAttributes: null,
          count: n,
          eof: offset + BigInt(n) >= size,
          data: new Uint8Array(n).fill(0x61),
        });
      }
      case P.READLINK.proc: {
        const { symlink } = nfs3Args<{ symlink: Uint8Array }>(c);
        const node = o.node(numberOf(symlink));
        return nfs3Reply(
          c.xid,
          c.proc,
          node?.target !== undefined
            ? { status: 0, symlinkAttributes: null, data: node.target }
            : { status: 22, symlinkAttributes: null },
        );
      }
      case P.FSSTAT.proc:
        return nfs3Reply(c.xid, c.proc, {
          status: 0,
          objAttributes: null,
          tbytes: 1n << 30n,
          fbytes: 1n << 29n,
          abytes: 1n << 29n,
          tfiles: 1000n,
          ffiles: 500n,
          afiles: 500n,
          invarsec: 0,
        });
      default:
        return undefined;
    }
  };
  return new HostileServer({
    ...(o.mount ? { mount: o.mount } : {}),
    nfs: async (c) => {
      const r = await answer(c);
      return r && o.patch ? o.patch(r) : r;
    },
  });
}

/**
 * Replaces every occurrence of `from` by `to` (as many bytes) in `bytes`.
 *
 * @param bytes The reply.
 * @param from Text to find.
 * @param to Text of the same length.
 * @returns The bytes, changed in place.
 */
export function replaceBytes(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const a = new TextEncoder().encode(from);
  const b = new TextEncoder().encode(to);
  for (let i = 0; i + a.length <= bytes.length; i++) {
    if (a.every((x, k) => bytes[i + k] === x)) bytes.set(b, i);
  }
  return bytes;
}

/** Object 1 is the root; `chain/` starts an endless chain of `d/` subdirectories. */
export function chainTree(n: number): Node | undefined {
  if (n === 1) return { type: "dir", children: [["chain", 100]] };
  if (n >= 100) return { type: "dir", children: [["d", n + 1]] };
  return undefined;
}

/** `loop/sub/back` has the handle of `loop` (an ancestor); `loop/sub/f` is a file. */
export function loopTree(n: number): Node | undefined {
  switch (n) {
    case 1:
      return { type: "dir", children: [["loop", 2]] };
    case 2:
      return { type: "dir", children: [["sub", 3]] };
    case 3:
      return { type: "dir", children: [["back", 2], ["f", 4]] };
    case 4:
      return { type: "file", size: 3 };
  }
  return undefined;
}
