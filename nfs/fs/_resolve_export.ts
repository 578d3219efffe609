/**
 * Which part of a URL path is the export: how {@linkcode connect} decides what to MNT.
 *
 * 1. MOUNT EXPORT lists the exports: the longest one that is a component-wise prefix of the
 *    path is mounted (`pickExport`).
 * 2. Without a usable list (no EXPORT procedure, a malformed reply, or no listed export holds
 *    the path), MNT is asked instead, longest prefix first: the first prefix it accepts whose
 *    root is a directory is the export. Some servers accept any path and answer with their
 *    one root (go-nfs), so the shorter prefixes are then mounted too while they give the very
 *    same directory (same handle, or same fsid and fileid): the shortest such alias is the
 *    export, and the rest of the path is looked up inside it. A shorter prefix that gives a
 *    different directory (or is refused) means the deeper MNT really mounted a deeper
 *    directory, which is kept.
 *
 * When even the first component is an alias of "/" (go-nfs mounts its one root whatever the
 * path), that component is either the name the user gave the export (`nfs://h/export/a.txt`
 * on `osnfs DIR`) or a real directory of the root (`nfs://h/photos/a.jpg`, the export being
 * "/" as rclone documents): LOOKUP tells. If the root holds an entry of that name, the export
 * is "/" and the whole path is looked up; otherwise the component names the export, as it
 * would on a server that checks paths (`nfs://h/export` is the export's root for every
 * command). A new name directly under such a root (`nfs://h/new.txt`) is therefore read as an
 * export name: name such files below the export's name, `nfs://h/export/new.txt`.
 *
 * @module
 */
import { RpcProgMismatch, RpcProgUnavailable } from "../../rpc/mod.ts";
import type { Attrs } from "./proto.ts";

/** What resolution needs of a MOUNT client and of the NFS protocol. */
export interface ResolveIo {
  /** MOUNT EXPORT: the exported paths. */
  exports(): Promise<readonly string[]>;
  /** MOUNT MNT: status 0 and the root handle, or a MOUNT status. */
  mnt(path: string): Promise<{ status: number; fhandle?: Uint8Array }>;
  /** MOUNT UMNT of a path mounted while probing and not kept (best effort). */
  umnt(path: string): Promise<void>;
  /** GETATTR of a handle MNT gave (opens the NFS connection on first use). */
  getattr(fh: Uint8Array): Promise<Attrs>;
  /** Whether `name` exists in the directory `dir` (LOOKUP; false when not found). */
  exists(dir: Uint8Array, name: string): Promise<boolean>;
}

/** The export found for a path. */
export interface ResolvedExport {
  /** The path that was mounted. */
  exportPath: string;
  /** The rest of the URL path, absolute inside the export ("/" for the export itself). */
  rest: string;
  /** The root handle MNT gave for `exportPath`. */
  root: Uint8Array;
  /** How it was found: from the EXPORT list, or by asking MNT. */
  how: "list" | "mnt";
}

/** A MOUNT status other than 0 for `path` (turned into an NfsError by the caller). */
export class MountRefused extends Error {
  /** The MOUNT status. */
  readonly status: number;
  /** The path MNT refused. */
  readonly path: string;
  constructor(status: number, path: string) {
    super(`MNT of "${path}" refused with status ${status}`);
    this.name = "MountRefused";
    this.status = status;
    this.path = path;
  }
}

/** Whether an error says the program or its version is not served (try another version). */
export function isVersionRefusal(e: unknown): boolean {
  return e instanceof RpcProgMismatch || e instanceof RpcProgUnavailable;
}

function components(path: string): string[] {
  return path.split("/").filter((c) => c !== "" && c !== ".");
}

function prefix(parts: readonly string[], k: number): string {
  return "/" + parts.slice(0, k).join("/");
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Picks the export that is the longest component-wise prefix of `path`.
 *
 * @param exports The server's export paths.
 * @param path An absolute path on the server.
 * @returns The export and the rest of the path, or null if no export contains `path`.
 */
export function longestExport(
  exports: readonly string[],
  path: string,
): { exportPath: string; rest: string } | null {
  let best: string | null = null;
  for (const ex of exports) {
    const e = "/" + components(ex).join("/");
    if (path === e || e === "/" || path.startsWith(e + "/")) {
      if (best === null || e.length > best.length) best = e;
    }
  }
  if (best === null) return null;
  return { exportPath: best, rest: best === "/" ? path : path.slice(best.length) || "/" };
}

/**
 * Finds and mounts the export holding `path` (see the module documentation).
 *
 * @param io MOUNT and NFS operations.
 * @param path The URL's path (normalized, absolute).
 * @returns The export, the rest of the path, and the root handle.
 * @throws {MountRefused} When MNT refuses every candidate (the status for the longest one);
 * any error of `io` other than a refused EXPORT (a version refusal of EXPORT is thrown too,
 * so that the caller can try another version).
 */
export async function resolveExport(
  io: ResolveIo,
  path: string,
  o: ResolveOptions = {},
): Promise<ResolvedExport> {
  let list: readonly string[] | null = null;
  try {
    list = await io.exports();
  } catch (e) {
    if (isVersionRefusal(e)) throw e;
    // No EXPORT procedure, an unreadable list, or a hidden one: ask MNT instead.
  }
  o.onList?.(list);
  const pick = list === null ? null : longestExport(list, path);
  if (pick !== null) {
    return { ...pick, root: await mntOrThrow(io, pick.exportPath), how: "list" };
  }
  if (o.listOnly === true) throw new NoListedExport(list);
  return await probe(io, path);
}

/** Options of {@linkcode resolveExport}. */
export interface ResolveOptions {
  /** Told the EXPORT list (null: none usable) before anything is mounted. */
  onList?: (list: readonly string[] | null) => void;
  /** Mount only an export the list names: no MNT probing ({@linkcode NoListedExport}). */
  listOnly?: boolean;
}

/** With `listOnly`: no usable EXPORT list, or no listed export holds the path. */
export class NoListedExport extends Error {
  /** The list the server gave (null: none usable). */
  readonly list: readonly string[] | null;
  constructor(list: readonly string[] | null) {
    super(list === null ? "no usable export list" : "no listed export holds the path");
    this.name = "NoListedExport";
    this.list = list;
  }
}

async function probe(io: ResolveIo, path: string): Promise<ResolvedExport> {
  const parts = components(path);
  if (parts.length === 0) {
    return { exportPath: "/", rest: "/", root: await mntOrThrow(io, "/"), how: "mnt" };
  }
  type Dir = { fh: Uint8Array; attrs: Attrs; p: string };
  /** The directory MNT gives for a prefix, or the status it refused it with (-1: not a directory). */
  const mountDir = async (k: number): Promise<Dir | { refused: number; p: string }> => {
    const p = prefix(parts, k);
    const res = await io.mnt(p);
    if (res.status !== 0 || res.fhandle === undefined) return { refused: res.status, p };
    const attrs = await io.getattr(res.fhandle);
    if (attrs.type !== "directory") {
      // The Universal NFS Server mounts a file if asked: not an export.
      await io.umnt(p);
      return { refused: -1, p };
    }
    return { fh: res.fhandle, attrs, p };
  };
  let k = parts.length;
  let found: Dir | null = null;
  let refusal: MountRefused | null = null;
  for (; k >= 1; k--) {
    const r = await mountDir(k);
    if ("fh" in r) {
      found = r;
      break;
    }
    if (refusal === null && r.refused > 0) refusal = new MountRefused(r.refused, r.p);
  }
  if (found === null) throw refusal ?? new MountRefused(20, path); // MNT3ERR_NOTDIR
  // Walk up while the shorter prefix mounts the same directory (an alias, not a subtree).
  while (k > 1) {
    const r = await mountDir(k - 1);
    if (!("fh" in r)) break;
    const same = sameBytes(r.fh, found.fh) ||
      (r.attrs.fsid === found.attrs.fsid && r.attrs.fileid === found.attrs.fileid);
    if (!same) {
      await io.umnt(r.p);
      break;
    }
    await io.umnt(found.p);
    found = r;
    k--;
  }
  if (k === 1) {
    const root = await rootAlias(io, found, parts[0]!);
    if (root !== null) return { exportPath: "/", rest: "/" + parts.join("/"), root, how: "mnt" };
  }
  return { exportPath: found.p, rest: "/" + parts.slice(k).join("/"), root: found.fh, how: "mnt" };
}

/**
 * Whether the first component is only a name the server ignores, for a real entry of its root:
 * the root's handle when MNT of "/" gives the very same directory and LOOKUP finds `name` in
 * it, else null (a server that refuses "/", or answers it badly, keeps the found export).
 */
async function rootAlias(
  io: ResolveIo,
  found: { fh: Uint8Array; attrs: Attrs; p: string },
  name: string,
): Promise<Uint8Array | null> {
  try {
    const res = await io.mnt("/");
    const fh = res.status === 0 ? res.fhandle : undefined;
    if (fh === undefined) return null;
    const attrs = await io.getattr(fh);
    const same = sameBytes(fh, found.fh) ||
      (attrs.fsid === found.attrs.fsid && attrs.fileid === found.attrs.fileid);
    if (same && await io.exists(fh, name)) {
      await io.umnt(found.p);
      return fh;
    }
    await io.umnt("/");
  } catch { /* the export found stands */ }
  return null;
}

async function mntOrThrow(io: ResolveIo, path: string): Promise<Uint8Array> {
  const res = await io.mnt(path);
  if (res.status !== 0 || res.fhandle === undefined) throw new MountRefused(res.status, path);
  return res.fhandle;
}
