/**
 * The state shared by an {@linkcode NfsClient} and its open files: the protocol adapter,
 * the export root, transfer sizes, and a small name → handle cache.
 *
 * @module
 */
import {
  IoError,
  localError,
  type NfsError,
  nfsError,
  NfsStatus,
  quoteName,
  StaleHandle,
} from "../errors.ts";
import { type Attrs, checkName, type Ctx, type Proto } from "./proto.ts";

/** Symlinks followed in one path resolution before giving up (as Linux's MAXSYMLINKS). */
export const MAX_SYMLINKS = 40;
/** How long a cached name → handle entry is trusted, in ms (others may change the tree). */
export const NAME_CACHE_TTL_MS = 3000;
/** Largest number of cached names. */
const NAME_CACHE_MAX = 4096;

/**
 * Transfer settings of a session: what {@linkcode NfsClient.limits} returns, after the
 * server's FSINFO limits were applied to the URL's `rsize`, `wsize` and windows.
 */
export interface SessionLimits {
  /** READ size. */
  rsize: number;
  /** WRITE size. */
  wsize: number;
  /** READs in flight for one transfer. */
  readWindow: number;
  /** WRITEs in flight for one transfer. */
  writeWindow: number;
  /** READDIR(PLUS) sizes. */
  dircount: number;
  /** READDIR(PLUS) maxcount. */
  maxcount: number;
  /**
   * Granularity of the times the server keeps, in nanoseconds (FSINFO `time_delta`; 1000 in
   * NFSv2; 0 when the server does not say). A time set to the nanosecond reads back rounded
   * to it: unfsd keeps whole seconds (1e9), ganesha 100 ns.
   */
  timeResolutionNs: number;
  /** Largest file size the server supports (FSINFO `maxfilesize`; 2^32-1 in NFSv2). */
  maxFileSize: bigint;
  /** How long a name → handle lookup is trusted, in ms (0: never cached). */
  nameCacheMs: number;
  /** Round trip measured at connect (the FSINFO call), in ms; the default windows grow with it. */
  rttMs: number;
}

/** A resolved path: the handle, attributes if known, and the canonical path. */
export interface Resolved {
  /** File handle. */
  fh: Uint8Array;
  /** Attributes from LOOKUP, or null. */
  attrs: Attrs | null;
  /** Canonical absolute path inside the export (symlinks resolved). */
  path: string;
  /**
   * `attrs` came over the wire during this resolution (LOOKUP's post-op attributes, or a
   * GETATTR), not from the name cache: as fresh as a GETATTR now would be.
   */
  fresh: boolean;
}

interface CacheEntry {
  fh: Uint8Array;
  attrs: Attrs | null;
  at: number;
}

/** Cache keys of handles already seen (a handle is never changed once received). */
const HEX = new WeakMap<Uint8Array, string>();

function hex(fh: Uint8Array): string {
  let s = HEX.get(fh);
  if (s !== undefined) return s;
  s = "";
  for (const b of fh) s += b.toString(16).padStart(2, "0");
  HEX.set(fh, s);
  return s;
}

/** Splits a path into components (no empty ones, no "."). */
export function components(path: string): string[] {
  return path.split("/").filter((c) => c !== "" && c !== ".");
}

/** The shared state of one mounted export. */
export class Session {
  /** The protocol adapter (NFSv3 or NFSv2). */
  readonly proto: Proto;
  /** The export root's file handle (from MNT). */
  readonly root: Uint8Array;
  /** Base directory for relative paths (absolute inside the export). */
  readonly base: string;
  /** Transfer sizes and windows. */
  readonly limits: SessionLimits;
  readonly #cache = new Map<string, CacheEntry>();

  /** The export's path on the server ("" when unknown). */
  exportPath = "";

  /**
   * Creates the state of a freshly mounted export.
   *
   * @param proto The protocol adapter.
   * @param root The export root's file handle.
   * @param base The directory relative paths start from (absolute inside the export).
   * @param limits Transfer sizes and windows.
   */
  constructor(proto: Proto, root: Uint8Array, base: string, limits: SessionLimits) {
    this.proto = proto;
    this.root = root;
    this.base = base;
    this.limits = limits;
  }

  /** The absolute path inside the export for a caller's path. */
  abs(path: string | URL): string {
    const p = typeof path === "string" ? path : decodeURIComponent(path.pathname);
    if (p.includes("\0")) throw new TypeError(`Invalid path ${JSON.stringify(p)}: contains NUL`);
    return "/" + components(p.startsWith("/") ? p : `${this.base}/${p}`).join("/");
  }

  /** Forgets cached names (all, or those under one directory handle). */
  invalidate(dir?: Uint8Array, name?: string): void {
    if (dir === undefined) {
      this.#cache.clear();
      return;
    }
    if (name !== undefined) this.#cache.delete(`${hex(dir)}/${name}`);
    else {
      const prefix = hex(dir) + "/";
      for (const k of this.#cache.keys()) if (k.startsWith(prefix)) this.#cache.delete(k);
    }
  }

  /**
   * LOOKUP through the name cache (entries are trusted for `limits.nameCacheMs`, by default
   * {@linkcode NAME_CACHE_TTL_MS}).
   *
   * @param dir The directory's handle.
   * @param name The name in it.
   * @param c The call's context.
   * @returns The handle, attributes when known, and whether they came over the wire now.
   */
  async lookup(
    dir: Uint8Array,
    name: string,
    c: Ctx,
  ): Promise<{ fh: Uint8Array; attrs: Attrs | null; fresh: boolean }> {
    const key = `${hex(dir)}/${name}`;
    const hit = this.#cache.get(key);
    const now = performance.now();
    const ttl = this.limits.nameCacheMs;
    if (hit !== undefined && now - hit.at < ttl) {
      return { fh: hit.fh, attrs: hit.attrs, fresh: false };
    }
    const r = await this.proto.lookup(dir, name, c);
    if (ttl > 0) {
      if (this.#cache.size >= NAME_CACHE_MAX) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(key, { fh: r.fh, attrs: r.attrs, at: now });
    }
    return { fh: r.fh, attrs: r.attrs, fresh: true };
  }

  /**
   * Resolves a path by LOOKUP from the export root, following symlinks (all of them when
   * `follow`, else all but the last component), with ".." handled after symlinks. Absolute
   * symlink targets are taken relative to the export root; ".." never leaves it.
   *
   * @throws {NfsError} ELOOP after {@linkcode MAX_SYMLINKS} symlinks; whatever LOOKUP throws.
   */
  async resolve(path: string, follow: boolean, c: Ctx): Promise<Resolved> {
    const queue = components(path);
    const fhs: Uint8Array[] = [this.root];
    const names: string[] = [];
    let attrs: Attrs | null = null;
    let fresh = false;
    let links = 0;
    while (queue.length > 0) {
      const comp = queue.shift()!;
      if (comp === "..") {
        if (fhs.length > 1) {
          fhs.pop();
          names.pop();
        }
        attrs = null;
        continue;
      }
      const dir = fhs[fhs.length - 1]!;
      const soFar = c.path ?? "/" + [...names, comp].join("/");
      // A name under a file: say so ourselves. Servers differ (ganesha NOTDIR, unfsd
      // STALE for a LOOKUP with a file's handle), Linux answers ENOTDIR without asking.
      if (attrs !== null && attrs.type !== "directory") throw this.#notDir(c, soFar);
      checkName(comp, this.proto, false, { ...c, path: soFar });
      let r = await this.lookup(dir, comp, { ...c, path: soFar });
      if (r.attrs === null) {
        r = { fh: r.fh, attrs: await this.proto.getattr(r.fh, { ...c, path: soFar }), fresh: true };
      }
      if (r.attrs!.type === "symlink" && (queue.length > 0 || follow)) {
        if (++links > MAX_SYMLINKS) {
          const where = c.path ?? path;
          throw localError(
            "ELOOP",
            `Cannot ${c.verb ?? "resolve"} ${quoteName(where)}: too many levels of symbolic links`,
            { path: where, proc: "resolve" },
          );
        }
        const target = await this.proto.readlink(r.fh, { ...c, path: soFar });
        if (target.startsWith("/")) {
          fhs.length = 1;
          names.length = 0;
        }
        queue.unshift(...components(target));
        attrs = null;
        fresh = false;
        continue;
      }
      fhs.push(r.fh);
      names.push(comp);
      attrs = r.attrs;
      fresh = r.fresh;
    }
    return { fh: fhs[fhs.length - 1]!, attrs, path: "/" + names.join("/"), fresh };
  }

  /**
   * Resolves the parent directory of a path and returns it with the last name, which must
   * name an object of its own (not "" or "..", within the version's length limit).
   */
  async parent(path: string, c: Ctx): Promise<{ dir: Uint8Array; name: string; dirPath: string }> {
    const comps = components(path);
    const name = checkName(comps.pop() ?? "", this.proto, true, { ...c, path });
    const dirPath = "/" + comps.join("/");
    const d = await this.resolve(dirPath, true, c);
    if (d.attrs !== null && d.attrs.type !== "directory") throw this.#notDir(c, path);
    return { dir: d.fh, name, dirPath };
  }

  /**
   * GETATTR of a resolved path, checked against the attributes the resolution had (maybe
   * from the name cache): a handle whose object changed type or file id now names another
   * object. A server whose handles carry no generation number (unfsd on a file system that
   * reuses inode numbers) answers an old handle with whatever took its inode; that is
   * treated as STALE, so {@linkcode Session.retryStale} looks the name up afresh. Attributes
   * fetched by the resolution itself are returned without asking again.
   */
  async attrsOf(r: Resolved, c: Ctx): Promise<Attrs> {
    // Attributes that came with this resolution's own LOOKUP are as new as a GETATTR's.
    if (r.fresh && r.attrs !== null) return r.attrs;
    const a = await this.proto.getattr(r.fh, c);
    const was = r.attrs;
    if (was !== null && (a.type !== was.type || a.fileid !== was.fileid)) {
      throw nfsError({
        status: NfsStatus.STALE,
        proc: `NFS${this.proto.version} GETATTR`,
        path: c.path,
        verb: c.verb,
      });
    }
    return a;
  }

  #notDir(c: Ctx, path: string): NfsError {
    return nfsError({
      status: NfsStatus.NOTDIR,
      proc: `NFS${this.proto.version} LOOKUP`,
      path: c.path ?? path,
      verb: c.verb,
    });
  }

  /**
   * Runs `op`; on a stale handle, drops the name cache and runs it once more (the path is
   * resolved again, so a file replaced behind our back is found). `readOnly` operations
   * are also run again after NFS3ERR_IO: ganesha was seen answering GETATTR of a handle
   * whose file had just been replaced with IO instead of STALE, and reading twice is
   * harmless (a real I/O error comes back the second time).
   */
  async retryStale<T>(op: () => Promise<T>, readOnly = false): Promise<T> {
    try {
      return await op();
    } catch (e) {
      if (!(e instanceof StaleHandle) && !(readOnly && e instanceof IoError)) throw e;
      this.invalidate();
      return await op();
    }
  }
}
