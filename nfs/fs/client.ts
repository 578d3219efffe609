import { copyBytes } from "../../mbuf/mod.ts";
import type { RpcClient } from "../../rpc/mod.ts";
import {
  AlreadyExists,
  InvalidArgument,
  IsADirectory,
  localError,
  NfsError,
  NfsStatus,
  nfsStatusName,
  NotADirectory,
  NotFound,
  NotSupported,
  protocolError,
  quoteName,
  StaleHandle,
} from "../errors.ts";
import { NfsFile } from "./file.ts";
import { type NfsFileInfo, toFileInfo } from "./info.ts";
import { commitRanges, readRange, writeRange } from "./io.ts";
import type { Ctx, DirPage, FsStat, RawEntry, Time } from "./proto.ts";
import type { Session, SessionLimits } from "./session.ts";

/** Options accepted by most {@linkcode NfsClient} methods. */
export interface OpOptions {
  /** Cancels the operation. */
  signal?: AbortSignal;
}

/**
 * Largest file {@linkcode NfsClient.readFile} reads by default: 2 GiB. Larger files fail with
 * {@linkcode FileTooLarge} unless `maxSize` is raised; read them in pieces with `open()`. The
 * limit holds for the bytes actually read: a file that reads on past its reported size (an
 * "endless" file) fails once past it, and a size claimed above it is not believed.
 */
export const DEFAULT_READFILE_MAX = 2 ** 31;

/** Options of {@linkcode NfsClient.readFile}. */
export interface ReadFileOptions extends OpOptions {
  /** Largest size accepted, in bytes (default {@linkcode DEFAULT_READFILE_MAX}). */
  maxSize?: number;
}

/** Options of {@linkcode NfsClient.readDir}. */
export interface ReadDirOptions extends OpOptions {
  /**
   * Called with each invalid entry the server lists (a name that is not one path
   * component: empty, or with "/" or NUL; attributes of an unknown file type, or that
   * cannot be decoded), as the EPROTO error the listing would fail with; the entry is
   * skipped and the listing goes on. Without it (the default) the first invalid entry
   * fails the listing.
   */
  onInvalidEntry?: (error: NfsError) => void;
  /**
   * Keep the file handle READDIRPLUS gives each entry (`NfsDirEntry.handle`), so that
   * {@linkcode NfsClient.openListed} opens it without a LOOKUP or GETATTR. Costs a copy of
   * each handle (up to 64 bytes); READDIR (NFSv2, or a server without READDIRPLUS) gives
   * none. Default false.
   */
  keepHandles?: boolean;
}

/**
 * The file handle of a listed entry (from `readDir(path, { keepHandles: true })`), for
 * {@linkcode NfsClient.openListed}. Opaque: only the client that listed it can use it.
 */
export class NfsEntryHandle {
  readonly #s: Session;
  readonly #fh: Uint8Array;

  /** @internal Made by readDir only. */
  constructor(s: Session, fh: Uint8Array) {
    this.#s = s;
    this.#fh = fh;
  }

  /** @internal The handle, when it belongs to session `s`. */
  static of(h: NfsEntryHandle, s: Session): Uint8Array | null {
    return h.#s === s ? h.#fh : null;
  }
}

/** Options of {@linkcode NfsClient.writeFile}. */
export interface WriteFileOptions extends OpOptions {
  /** Create the file if missing (default true). */
  create?: boolean;
  /** Fail with {@linkcode AlreadyExists} if the file exists. */
  createNew?: boolean;
  /** Append instead of replacing the content. */
  append?: boolean;
  /** Permission bits of a new file (default 0o644). */
  mode?: number;
}

/** Options of {@linkcode NfsClient.open} (as `Deno.OpenOptions`). */
export interface OpenOptions extends OpOptions {
  /** Open for reading (default true when nothing else is asked). */
  read?: boolean;
  /** Open for writing. */
  write?: boolean;
  /** Writes go to the end of the file. */
  append?: boolean;
  /** Truncate to 0 bytes when opening. */
  truncate?: boolean;
  /** Create the file if missing (needs write or append). */
  create?: boolean;
  /** Create the file, failing if it exists. */
  createNew?: boolean;
  /** Permission bits of a new file (default 0o644). */
  mode?: number;
}

/** A directory entry from {@linkcode NfsClient.readDir}, shaped like `Deno.DirEntry`. */
export interface NfsDirEntry {
  /** The name (checked: not empty, no "/" or NUL, never "." or ".."). */
  name: string;
  /** A regular file. */
  isFile: boolean;
  /** A directory. */
  isDirectory: boolean;
  /** A symbolic link. */
  isSymlink: boolean;
  /** Its attributes (from READDIRPLUS or a LOOKUP), without following symlinks. */
  info: NfsFileInfo;
  /** Its handle, when the listing asked to keep them and READDIRPLUS sent one. */
  handle?: NfsEntryHandle;
}

/** File system usage from {@linkcode NfsClient.statfs} (the same as {@linkcode FsStat}). */
export type NfsFsStat = FsStat;

const ZERO_VERF: Uint8Array = new Uint8Array(8);

/** EISDIR found by us (from GETATTR), shaped like the server's own NFS3ERR_ISDIR. */
function isADirectory(verb: string | undefined, path: string, version: 2 | 3): IsADirectory {
  const statusName = nfsStatusName(NfsStatus.ISDIR, `NFS${version}`);
  return new IsADirectory(
    `Cannot ${verb ?? "use"} ${quoteName(path)}: is a directory (${statusName})`,
    {
      code: "EISDIR",
      status: NfsStatus.ISDIR,
      statusName,
      path,
      proc: verb ?? "use",
    },
  );
}

function toTime(t: number | Date): Time {
  const ms = typeof t === "number" ? t * 1000 : t.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nseconds: Math.round((ms - seconds * 1000) * 1e6) };
}

/** How deep `remove({ recursive: true })` goes by default (the CLI's `--max-depth` too). */
const REMOVE_MAX_DEPTH = 256;

/** A directory above the one a recursive removal is in: `fsid:fileid`, path, the next up. */
interface Ancestor {
  readonly id: string;
  readonly path: string;
  readonly up: Ancestor | null;
}

/**
 * A mounted NFS export with a file API shaped like Deno's (`readFile`, `writeFile`,
 * `readDir`, `stat`, `open`, ...). Paths are POSIX paths inside the export: relative paths
 * start at the directory named in the URL, absolute ones at the export root. Get one from
 * {@linkcode connect}.
 *
 * Many concurrent calls on one client are safe; bulk transfers are pipelined. Failures are
 * {@linkcode NfsError} subclasses ({@linkcode NotFound}, {@linkcode AlreadyExists}, ...).
 *
 * @example
 * ```ts
 * import { assertEquals, assertRejects } from "@std/assert";
 * import { AlreadyExists, connect, NotFound } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * assertEquals(nfs.version, 3);
 *
 * await nfs.mkdir("docs");
 * await nfs.writeTextFile("docs/hello.txt", "Hello, NFS!");
 * await nfs.writeFile("docs/hello.txt", new TextEncoder().encode("\n"), { append: true });
 * assertEquals(await nfs.readTextFile("docs/hello.txt"), "Hello, NFS!\n");
 * assertEquals((await nfs.stat("docs/hello.txt")).size, 12);
 *
 * await nfs.symlink("hello.txt", "docs/link");
 * assertEquals(await nfs.readLink("docs/link"), "hello.txt");
 * assertEquals(await nfs.realPath("docs/link"), "/docs/hello.txt");
 * const names = (await Array.fromAsync(nfs.readDir("docs"))).map((e) => e.name).sort();
 * assertEquals(names, ["hello.txt", "link"]);
 *
 * await nfs.rename("docs/hello.txt", "docs/hi.txt");
 * assertEquals(await nfs.exists("docs/hello.txt"), false);
 * await assertRejects(() => nfs.mkdir("docs"), AlreadyExists);
 * await nfs.remove("docs", { recursive: true });
 * await assertRejects(() => nfs.stat("docs"), NotFound, 'Cannot stat "docs"');
 * ```
 */
export class NfsClient {
  readonly #s: Session;
  readonly #rpc: RpcClient;
  readonly #onClose: () => Promise<void>;
  #plus = true;
  #closed = false;

  /**
   * Wraps a mounted session; internal: get a client from {@linkcode connect}.
   *
   * @internal
   * @param session The mounted export's shared state.
   * @param rpc The RPC client the session's calls go through.
   * @param onClose Called once by {@linkcode NfsClient.close} to unmount.
   */
  constructor(session: Session, rpc: RpcClient, onClose: () => Promise<void>) {
    this.#s = session;
    this.#rpc = rpc;
    this.#onClose = onClose;
  }

  /** NFS protocol version in use (3 or 2). */
  get version(): 2 | 3 {
    return this.#s.proto.version;
  }

  /** The mounted export's path on the server, e.g. "/export". */
  get exportPath(): string {
    return this.#s.exportPath;
  }

  /**
   * The directory relative paths start from: the part of the URL path after the export,
   * as an absolute path inside the export (e.g. "/" or "/photos/2024").
   */
  get cwd(): string {
    return this.#s.base;
  }

  /** Transfer sizes and windows in use (after the server's FSINFO limits). */
  get limits(): Readonly<SessionLimits> {
    return this.#s.limits;
  }

  /** The underlying RPC client (statistics, advanced use). */
  get rpc(): RpcClient {
    return this.#rpc;
  }

  #ctx(verb: string, path: string | URL, o?: OpOptions): Ctx {
    return { verb, path: String(path), signal: o?.signal };
  }

  /**
   * Attributes of a path, following symlinks (as `Deno.stat`).
   *
   * @param path A path inside the export.
   * @param o Options: `signal` cancels the call.
   * @returns The attributes, shaped like `Deno.FileInfo`.
   * @throws {NotFound} If the path does not exist; {@linkcode NotADirectory} if a component
   * is not a directory; {@linkcode PermissionDenied}; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  stat(path: string, o?: OpOptions): Promise<NfsFileInfo> {
    const c = this.#ctx("stat", path, o);
    return this.#s.retryStale(async () => {
      const r = await this.#s.resolve(this.#s.abs(path), true, c);
      return toFileInfo(await this.#s.attrsOf(r, c));
    }, true);
  }

  /**
   * Attributes of a path without following a final symlink (as `Deno.lstat`).
   *
   * @param path A path inside the export.
   * @param o Options: `signal` cancels the call.
   * @returns The attributes of the path itself (a symlink's own, for a symlink).
   * @throws {NotFound} If the path does not exist; {@linkcode NotADirectory} if a component
   * is not a directory; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  lstat(path: string, o?: OpOptions): Promise<NfsFileInfo> {
    const c = this.#ctx("lstat", path, o);
    return this.#s.retryStale(async () => {
      const r = await this.#s.resolve(this.#s.abs(path), false, c);
      return toFileInfo(await this.#s.attrsOf(r, c));
    }, true);
  }

  /**
   * Whether a path exists (following symlinks).
   *
   * @param path A path inside the export.
   * @param o Options: `signal` cancels the call.
   * @returns true if {@linkcode NfsClient.stat} succeeds, false on {@linkcode NotFound}.
   * @throws {NfsError} Any failure other than {@linkcode NotFound}, e.g.
   * {@linkcode PermissionDenied}; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  async exists(path: string, o?: OpOptions): Promise<boolean> {
    try {
      await this.stat(path, o);
      return true;
    } catch (e) {
      if (e instanceof NotFound) return false;
      throw e;
    }
  }

  /**
   * The canonical path (symlinks and ".." resolved), absolute inside the export.
   *
   * @param path A path inside the export.
   * @param o Options: `signal` cancels the call.
   * @returns The canonical absolute path, e.g. "/dir/file.txt".
   * @throws {NotFound} If the path (or a symlink's target) does not exist;
   * {@linkcode NotADirectory}; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  async realPath(path: string, o?: OpOptions): Promise<string> {
    const c = this.#ctx("resolve", path, o);
    return (await this.#s.resolve(this.#s.abs(path), true, c)).path;
  }

  /**
   * Lists a directory (READDIRPLUS, falling back to READDIR), as an async iterable. "." and
   * ".." are skipped. A server that repeats a cookie or sends a bad name makes it fail with a
   * clear error rather than loop or return a dangerous name.
   *
   * @param path A directory inside the export.
   * @param o Options: `signal` cancels the call; `onInvalidEntry` skips and reports invalid
   * entries instead of failing.
   * @returns The entries, with their attributes, in the server's order.
   * @throws {NotFound} If the directory does not exist; {@linkcode NotADirectory} if it is
   * not a directory; {@linkcode NfsError} (code "EPROTO") when the server loops; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  async *readDir(path: string, o?: ReadDirOptions): AsyncIterableIterator<NfsDirEntry> {
    const c = this.#ctx("read directory", path, o);
    const s = this.#s;
    let dir = await s.resolve(s.abs(path), true, c);
    let cookie = 0n;
    let verf: Uint8Array = ZERO_VERF;
    const seen = new Set<bigint>();
    const sizes = { dircount: s.limits.dircount, maxcount: s.limits.maxcount };
    const keep = o?.keepHandles ?? false;
    const listing = () => `NFS${s.proto.version} ${this.#plus ? "READDIRPLUS" : "READDIR"}`;
    let retried = false;
    const skipped = (e: RawEntry) => e.invalid !== undefined || e.name === "." || e.name === "..";
    // READDIR (NFSv2, or no READDIRPLUS) gives names only: the page's names are looked up
    // concurrently (the RPC window bounds them), started as soon as the page is in. A name
    // gone since (NOENT) is left out; attributes that cannot be read (EPROTO) are reported
    // with the page's other invalid entries, in order, when onInvalidEntry is given.
    const statPage = (fh: Uint8Array, page: DirPage) => {
      if (page.entries.every((e) => e.info !== null || skipped(e))) return null; // READDIRPLUS
      const all = Promise.all(
        page.entries.map(async (e): Promise<NfsFileInfo | NfsError | null> => {
          if (e.info !== null || skipped(e)) return e.info;
          try {
            const r = await s.proto.lookupInfo(fh, e.name, { ...c, path: `${path}/${e.name}` });
            return r.info ?? toFileInfo(await s.proto.getattr(r.fh!, c));
          } catch (err) {
            if (err instanceof NotFound) return null; // removed since READDIR listed it
            if (
              o?.onInvalidEntry !== undefined && err instanceof NfsError && err.code === "EPROTO"
            ) return err; // its attributes cannot be read (an unknown type...)
            throw err;
          }
        }),
      );
      all.catch(() => {}); // awaited with the page; not at all if the caller stops early
      return all;
    };
    // A page as it arrives: the READDIR of the page after it goes out first (so that it is
    // not queued behind this page's LOOKUPs when the call window is full), then the LOOKUPs.
    // That READDIR is the next round's, once its checks (below) pass; at most two pages run
    // ahead of the caller.
    const arrived = (fh: Uint8Array, ck: bigint, page: DirPage) => {
      const nextCookie = page.cookie;
      const next = page.eof || nextCookie === null || nextCookie === ck || seen.has(nextCookie)
        ? null
        : s.proto.readdir(fh, nextCookie, page.verf, this.#plus, sizes, c, keep);
      next?.catch(() => {}); // taken up next round; not at all if the caller stops early
      return { page, found: statPage(fh, page), next };
    };
    const fetchPage = (ck: bigint, vf: Uint8Array, sent?: Promise<DirPage> | null) => {
      const fh = dir.fh;
      const p = (sent ?? s.proto.readdir(fh, ck, vf, this.#plus, sizes, c, keep)).then((page) =>
        arrived(fh, ck, page)
      );
      p.catch(() => {}); // awaited next round; not at all if the caller stops early
      return p;
    };
    // The next page (and its LOOKUPs), asked for as soon as this one is in (its cookie is
    // known), so that the server works on it while this page's entries are consumed.
    let ahead: ReturnType<typeof fetchPage> | null = null;
    for (;;) {
      let got;
      try {
        got = await (ahead ?? fetchPage(cookie, verf));
      } catch (e) {
        ahead = null;
        if (this.#plus && e instanceof NotSupported) {
          this.#plus = false;
          continue;
        }
        if (e instanceof StaleHandle && cookie === 0n && !retried) {
          // A cached handle of a directory replaced behind our back: nothing was yielded
          // yet, so forget the names and start again from a fresh LOOKUP.
          retried = true;
          s.invalidate();
          dir = await s.resolve(s.abs(path), true, c);
          continue;
        }
        throw e;
      }
      ahead = null;
      const { page } = got;
      let stop: NfsError | null = null;
      if (!page.eof) {
        const last = page.cookie;
        if (last === null) {
          stop = protocolError(
            `Cannot read directory ${quoteName(path)}: the server sent an empty page without EOF`,
            { path, proc: listing() },
          );
        } else if (last === cookie || seen.has(last)) {
          stop = protocolError(
            `Cannot read directory ${quoteName(path)}: the server repeated cookie ${last} (a loop)`,
            { path, proc: listing() },
          );
        } else {
          seen.add(last);
          cookie = last;
          verf = page.verf;
          ahead = fetchPage(cookie, verf, got.next);
        }
      }
      for (const e of page.entries) {
        if (e.invalid === undefined) continue;
        if (o?.onInvalidEntry === undefined) throw e.invalid;
        o.onInvalidEntry(e.invalid);
      }
      const found = got.found === null ? null : await got.found;
      for (let i = 0; i < page.entries.length; i++) {
        const e = page.entries[i]!;
        if (skipped(e)) continue;
        const info = found === null ? e.info : found[i];
        if (info === null || info === undefined) continue;
        if (info instanceof NfsError) {
          o?.onInvalidEntry?.(info);
          continue;
        }
        const entry: NfsDirEntry = {
          name: e.name,
          isFile: info.isFile,
          isDirectory: info.isDirectory,
          isSymlink: info.isSymlink,
          info,
        };
        if (e.fh !== undefined) entry.handle = new NfsEntryHandle(s, e.fh);
        yield entry;
      }
      if (stop !== null) throw stop; // after the page's entries, as the caller saw them
      if (page.eof) return;
    }
  }

  /**
   * Reads a whole file with pipelined READs straight into the returned buffer.
   *
   * @param path A file inside the export.
   * @param o Options: `maxSize` (default {@linkcode DEFAULT_READFILE_MAX}), `signal`.
   * @returns The content.
   * @throws {NotFound} If the file does not exist; {@linkcode IsADirectory} for a directory;
   * {@linkcode FileTooLarge} if it holds more than `maxSize` bytes (counted on the data read,
   * whatever size the server reports: no more than `maxSize` bytes are ever read or held);
   * `EIO` if READs return no data before end of file; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  readFile(path: string, o: ReadFileOptions = {}): Promise<Uint8Array> {
    const c = this.#ctx("read", path, o);
    const max = o.maxSize ?? DEFAULT_READFILE_MAX;
    const s = this.#s;
    return s.retryStale(async () => {
      const r = await s.resolve(s.abs(path), true, c);
      const a = await s.attrsOf(r, c);
      if (a.type === "directory") {
        throw isADirectory("read", path, s.proto.version);
      }
      const l = s.limits;
      // A size within the limit gets one buffer, filled in place. A size above it may be a
      // lie (a 6-byte file claiming 2^64-1 bytes): read in growing steps, and refuse only
      // data actually there. Either way no more than `max` bytes are read or held.
      const claimed = a.size <= BigInt(max) ? Number(a.size) : -1;
      let buf = new Uint8Array(
        claimed >= 0 ? claimed : Math.min(max, Math.max(l.rsize * l.readWindow, 1 << 20)),
      );
      let { n, eof } = await readRange(s.proto, r.fh, 0, buf, l.rsize, l.readWindow, c);
      while (!eof && n === buf.length) {
        c.signal?.throwIfAborted();
        if (n >= max) {
          // At the limit: one more byte says whether there is more.
          const got = await readRange(s.proto, r.fh, n, new Uint8Array(1), 1, 1, c);
          if (got.n === 0) break;
          throw localError(
            "EFBIG",
            `Cannot read ${
              quoteName(path)
            }: it holds more than readFile's limit of ${max} bytes (its reported size is ${a.size}; read it in pieces with open())`,
            { proc: "readFile", path },
          );
        }
        // Longer than its size said (it grew, or the size was a lie): read on into a larger
        // buffer, at most twice as large and never past the limit (a counted copy).
        const next = new Uint8Array(Math.min(max, Math.max(l.rsize, buf.length * 2)));
        copyBytes(next, 0, buf.subarray(0, n), "payload");
        buf = next;
        const got = await readRange(
          s.proto,
          r.fh,
          n,
          buf.subarray(n),
          l.rsize,
          l.readWindow,
          c,
        );
        n += got.n;
        eof = got.eof;
      }
      if (n === buf.length) return buf;
      if (buf.length === claimed || buf.length - n <= 65536) return buf.subarray(0, n);
      // A buffer grown past the data (up to twice as large): give back only the data.
      const out = new Uint8Array(n);
      copyBytes(out, 0, buf.subarray(0, n), "payload");
      return out;
    }, true);
  }

  /**
   * Reads a whole file as UTF-8 text.
   *
   * @param path A file inside the export.
   * @param o Options: `maxSize` (default {@linkcode DEFAULT_READFILE_MAX}), `signal`.
   * @returns The decoded text.
   * @throws {NotFound} If the file does not exist; {@linkcode IsADirectory} for a directory;
   * {@linkcode FileTooLarge} if it is larger than `maxSize`; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  async readTextFile(path: string, o?: ReadFileOptions): Promise<string> {
    return new TextDecoder().decode(await this.readFile(path, o));
  }

  async #openForWrite(
    path: string,
    o: { create?: boolean; createNew?: boolean; truncate?: boolean; mode?: number },
    c: Ctx,
  ): Promise<{ fh: Uint8Array; size: bigint }> {
    const s = this.#s;
    const abs = s.abs(path);
    const mode = o.mode ?? 0o644;
    if (o.createNew) {
      const { dir, name } = await s.parent(abs, c);
      const r = await s.proto.create(dir, name, mode, true, c);
      s.invalidate(dir, name);
      return { fh: r.fh, size: 0n };
    }
    let fh: Uint8Array;
    try {
      fh = (await s.resolve(abs, true, c)).fh;
    } catch (e) {
      if (!(e instanceof NotFound) || o.create === false) throw e;
      const { dir, name } = await s.parent(abs, c);
      try {
        const r = await s.proto.create(dir, name, mode, true, c);
        s.invalidate(dir, name);
        return { fh: r.fh, size: 0n };
      } catch (e2) {
        if (!(e2 instanceof AlreadyExists)) throw e2; // created meanwhile: open it
        fh = (await s.resolve(abs, true, c)).fh;
      }
    }
    const a = await s.proto.getattr(fh, c);
    if (a.type === "directory") {
      throw isADirectory(c.verb, path, s.proto.version);
    }
    if (o.truncate && a.size !== 0n) {
      await s.proto.setattr(fh, { size: 0n }, c);
      return { fh, size: 0n };
    }
    return { fh, size: a.size };
  }

  /**
   * Writes a whole file: pipelined UNSTABLE WRITEs of the caller's buffer itself (no copy),
   * then COMMIT; ranges whose write verifier changed (server restart) are written again
   * before it resolves. Data that fits one WRITE (`limits.wsize`) is sent as one FILE_SYNC
   * WRITE instead, with no COMMIT. `data` may also be a stream of chunks.
   *
   * @param path A file inside the export (created if missing, unless `create: false`).
   * @param data The content, or a stream of chunks.
   * @param o Options: `create`, `createNew`, `append`, `mode`, `signal`.
   * @returns A promise that resolves once the data is committed.
   * @throws {AlreadyExists} With `createNew` when the file exists; {@linkcode NotFound} when
   * the parent directory is missing (or the file, with `create: false`);
   * {@linkcode IsADirectory} for a directory; {@linkcode NoSpace}; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   * A write that fails part way (NoSpace, QuotaExceeded, a lost connection) leaves what
   * was written so far in the file on the server, as `Deno.writeFile` leaves a partial file
   * on disk: remove it (`remove(path)`) if no partial file may stay, or write to a temporary
   * name and `rename` it once written.
   */
  writeFile(
    path: string,
    data: Uint8Array | ReadableStream<Uint8Array>,
    o: WriteFileOptions = {},
  ): Promise<void> {
    const c = this.#ctx("write", path, o);
    const s = this.#s;
    const open = () =>
      this.#openForWrite(path, {
        create: o.create ?? true,
        createNew: o.createNew ?? false,
        truncate: !o.append,
        ...(o.mode !== undefined ? { mode: o.mode } : {}),
      }, c);
    if (!(data instanceof Uint8Array)) {
      // A stream can be read only once: only opening is retried on STALE, not the writes.
      return (async () => {
        const { fh, size } = await s.retryStale(open);
        const f = new NfsFile(s, fh, path, { read: false, write: true, append: false });
        await f.seek(o.append ? Number(size) : 0);
        await data.pipeTo(f.writable, o.signal ? { signal: o.signal } : {});
        await f.close();
      })();
    }
    return s.retryStale(async () => {
      const { fh, size } = await open();
      const at = o.append ? Number(size) : 0;
      const l = s.limits;
      // Data that fits one WRITE goes FILE_SYNC: the server makes it stable before it
      // answers, as a COMMIT would, and the COMMIT's round trip is saved (Linux does the
      // same for a flush of one WRITE). Larger data is pipelined UNSTABLE, then committed.
      // A FILE_SYNC WRITE the server answers as UNSTABLE after all is committed as usual.
      const stable = data.length <= l.wsize;
      const ranges = await writeRange(s.proto, fh, at, data, l.wsize, l.writeWindow, stable, c);
      await commitRanges(s.proto, fh, ranges, l.wsize, l.writeWindow, c);
    });
  }

  /**
   * Writes a string as UTF-8 (see {@linkcode NfsClient.writeFile}).
   *
   * @param path A file inside the export (created if missing, unless `create: false`).
   * @param text The content.
   * @param o Options: `create`, `createNew`, `append`, `mode`, `signal`.
   * @returns A promise that resolves once the data is committed.
   * @throws {AlreadyExists} With `createNew` when the file exists; {@linkcode NotFound} when
   * the parent directory is missing; {@linkcode IsADirectory} for a directory; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  writeTextFile(path: string, text: string, o?: WriteFileOptions): Promise<void> {
    return this.writeFile(path, new TextEncoder().encode(text), o);
  }

  /**
   * Opens a file (as `Deno.open`): for reading by default; `write`/`append` with `create`,
   * `createNew` and `truncate` as in `Deno.OpenOptions`.
   *
   * @param path A file inside the export.
   * @param o Options: `read`, `write`, `append`, `truncate`, `create`, `createNew`, `mode`,
   * `signal`.
   * @returns An {@linkcode NfsFile}; close it (or use `await using`).
   * @throws {NotFound} If the file does not exist (and is not to be created);
   * {@linkcode AlreadyExists} with `createNew` when it exists; {@linkcode IsADirectory} when
   * opening a directory for writing; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  async open(path: string, o: OpenOptions = {}): Promise<NfsFile> {
    const write = o.write ?? false;
    const append = o.append ?? false;
    const read = o.read ?? !(write || append);
    const c = this.#ctx("open", path, o);
    const s = this.#s;
    const { fh, directory } = await s.retryStale(async () => {
      if (write || append) {
        const w = await this.#openForWrite(path, {
          create: (o.create ?? false) || (o.createNew ?? false),
          createNew: o.createNew ?? false,
          truncate: o.truncate ?? false,
          ...(o.mode !== undefined ? { mode: o.mode } : {}),
        }, c);
        return { fh: w.fh, directory: false };
      }
      const r = await s.resolve(s.abs(path), true, c);
      // Check the handle (close-to-open, as an NFS client does on open): a cached handle of a
      // file replaced behind our back fails here, where the name can still be resolved again.
      // (A name looked up just now needs no GETATTR: attrsOf returns its LOOKUP's attributes.)
      const a = await s.attrsOf(r, c);
      return { fh: r.fh, directory: a.type === "directory" };
    }, !(write || append));
    return new NfsFile(s, fh, path, { read, write, append, directory });
  }

  /**
   * Opens for reading a file that {@linkcode NfsClient.readDir} listed, through the handle
   * the listing kept (`keepHandles`): no LOOKUP and no GETATTR, so that copying many small
   * files costs one READ each. The listing's attributes stand in for the close-to-open
   * check: a file replaced since it was listed is read through its old handle (as listed),
   * or fails with {@linkcode StaleHandle} once the server no longer knows it. Without a
   * handle of this client it is `open(path)`.
   *
   * @example Read the files of a directory
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   *
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.mkdir("d");
   * await nfs.writeTextFile("d/a.txt", "hello");
   * for await (const e of nfs.readDir("d", { keepHandles: true })) {
   *   const calls = nfs.rpc.stats().calls;
   *   await using f = await nfs.openListed(`d/${e.name}`, e.handle);
   *   assertEquals(nfs.rpc.stats().calls, calls); // opened without a call
   *   assertEquals(await f.read(new Uint8Array(16)), 5);
   * }
   * ```
   *
   * @param path The entry's path (its directory's path, "/", its name), for messages and
   *   for `open` when there is no handle.
   * @param handle The entry's `handle`, if it has one.
   * @param o Options: `signal` (used only by `open`).
   * @returns The file, open for reading.
   * @throws {NotFound} Without a handle, as {@linkcode NfsClient.open}.
   */
  openListed(
    path: string,
    handle: NfsEntryHandle | undefined,
    o: OpOptions = {},
  ): Promise<NfsFile> {
    const fh = handle === undefined ? null : NfsEntryHandle.of(handle, this.#s);
    if (fh === null) return this.open(path, { read: true, ...o });
    return Promise.resolve(
      new NfsFile(this.#s, fh, path, { read: true, write: false, append: false }),
    );
  }

  /**
   * Creates a directory (with `recursive`, its missing parents too, and no error if it
   * exists already).
   *
   * @param path The directory to create.
   * @param o Options: `recursive`, `mode` (default 0o755), `signal`.
   * @returns A promise that resolves once the directory exists.
   * @throws {AlreadyExists} If the name exists (with `recursive`: only if it is not a
   * directory); {@linkcode NotFound} if the parent is missing (without `recursive`);
   * {@linkcode NotADirectory} if a component is a file; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  mkdir(
    path: string,
    o: OpOptions & { recursive?: boolean; mode?: number } = {},
  ): Promise<void> {
    return this.#s.retryStale(async () => {
      const c = this.#ctx("mkdir", path, o);
      const s = this.#s;
      const mode = o.mode ?? 0o755;
      const abs = s.abs(path);
      if (!o.recursive) {
        const { dir, name } = await s.parent(abs, c);
        await s.proto.mkdir(dir, name, mode, c);
        s.invalidate(dir, name);
        return;
      }
      let cur = "";
      const comps = abs.split("/").filter((x) => x !== "");
      for (const [i, comp] of comps.entries()) {
        cur += "/" + comp;
        try {
          const r = await s.resolve(cur, true, c);
          const a = r.attrs ?? await s.proto.getattr(r.fh, c);
          if (a.type !== "directory") {
            // As mkdir -p: the last name taken by a file is EEXIST, a file on the way ENOTDIR.
            const last = i === comps.length - 1;
            const status = last ? 17 : 20;
            const statusName = nfsStatusName(status, `NFS${s.proto.version}`);
            const Cls = last ? AlreadyExists : NotADirectory;
            const what = last ? "exists and is not a directory" : "is not a directory";
            throw new Cls(
              `Cannot mkdir ${quoteName(path)}: ${quoteName(cur)} ${what} (${statusName})`,
              {
                code: last ? "EEXIST" : "ENOTDIR",
                status,
                statusName,
                path,
              },
            );
          }
        } catch (e) {
          if (!(e instanceof NotFound)) throw e;
          const { dir, name } = await s.parent(cur, c);
          try {
            await s.proto.mkdir(dir, name, mode, c);
          } catch (e2) {
            if (!(e2 instanceof AlreadyExists)) throw e2;
          }
          s.invalidate(dir, name);
        }
      }
    });
  }

  /**
   * Removes a file, symlink or empty directory; with `recursive`, a whole tree (symlinks
   * are removed, never followed). A recursive removal is bounded on a broken or hostile
   * server: it goes at most `maxDepth` directories deep (default 256, as the CLI's
   * `--max-depth`), and a subdirectory that is one of the directories above it (same fsid
   * and fileid: a loop) is refused; either fails with code `ELOOP` before anything below
   * that point is removed.
   *
   * @param path The path to remove.
   * @param o Options: `recursive`, `maxDepth` (with `recursive`), `signal`.
   * @returns A promise that resolves once the path is gone.
   * @throws {NotFound} If the path does not exist; {@linkcode DirectoryNotEmpty} for a
   * non-empty directory without `recursive`; {@linkcode PermissionDenied}; an `ELOOP`
   * {@linkcode NfsError} for a tree deeper than `maxDepth` or a directory loop;
   * {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  remove(
    path: string,
    o: OpOptions & { recursive?: boolean; maxDepth?: number } = {},
  ): Promise<void> {
    const max = o.maxDepth ?? REMOVE_MAX_DEPTH;
    if (!Number.isSafeInteger(max) || max < 0) {
      throw new RangeError(`Invalid maxDepth ${max}: a whole number from 0`);
    }
    return this.#remove(path, o, max, null);
  }

  #remove(
    path: string,
    o: OpOptions & { recursive?: boolean },
    depthLeft: number,
    above: Ancestor | null,
  ): Promise<void> {
    return this.#s.retryStale(async () => {
      const c = this.#ctx("remove", path, o);
      const s = this.#s;
      const abs = s.abs(path);
      const { dir, name } = await s.parent(abs, c);
      const r = await s.lookup(dir, name, c);
      const a = r.attrs ?? await s.proto.getattr(r.fh, c);
      if (a.type === "directory") {
        if (o.recursive) {
          const id = `${a.fsid}:${a.fileid}`;
          for (let up = above; up !== null; up = up.up) {
            if (up.id === id) {
              throw localError(
                "ELOOP",
                `Cannot remove ${quoteName(abs)}: it is ${
                  quoteName(up.path)
                }, a directory above it (the server shows a directory loop)`,
                { path: abs, proc: "remove" },
              );
            }
          }
          const names: string[] = [];
          for await (const e of this.readDir(abs, o)) names.push(e.name);
          if (names.length > 0 && depthLeft === 0) {
            throw localError(
              "ELOOP",
              `Cannot remove ${quoteName(abs)}: the tree goes deeper than maxDepth directories`,
              { path: abs, proc: "remove" },
            );
          }
          const here: Ancestor = { id, path: abs, up: above };
          for (const n of names) await this.#remove(`${abs}/${n}`, o, depthLeft - 1, here);
        }
        s.invalidate(r.fh);
      }
      // Forgotten even when the call fails: a call that timed out, or a retransmission
      // answered NOENT after its first transmission did the work, leaves the name unknown.
      try {
        if (a.type === "directory") await s.proto.rmdir(dir, name, c);
        else await s.proto.remove(dir, name, c);
      } finally {
        s.invalidate(dir, name);
      }
    });
  }

  /**
   * Renames (moves) a file or directory, replacing a file at the destination.
   *
   * @param from The existing path.
   * @param to The new path.
   * @param o Options: `signal` cancels the call.
   * @returns A promise that resolves once renamed.
   * @throws {NotFound} If `from` or the parent of `to` does not exist;
   * {@linkcode IsADirectory}, {@linkcode NotADirectory} or {@linkcode DirectoryNotEmpty}
   * when the destination cannot be replaced; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  rename(from: string, to: string, o?: OpOptions): Promise<void> {
    return this.#s.retryStale(async () => {
      const c = this.#ctx("rename", from, o);
      const s = this.#s;
      const a = await s.parent(s.abs(from), c);
      const b = await s.parent(s.abs(to), { ...c, path: to });
      try {
        await s.proto.rename(a.dir, a.name, b.dir, b.name, c);
      } finally {
        // Even when it fails: a rename done by a first transmission whose reply was lost
        // comes back NOENT when sent again; neither name is known any more.
        s.invalidate(a.dir, a.name);
        s.invalidate(b.dir, b.name);
      }
    });
  }

  /**
   * Creates a symbolic link at `path` pointing to `target` (stored as given).
   *
   * @param target What the link points to (not checked).
   * @param path The link to create.
   * @param o Options: `signal` cancels the call.
   * @returns A promise that resolves once created.
   * @throws {AlreadyExists} If `path` exists; {@linkcode NotFound} if its parent does not;
   * {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  symlink(target: string, path: string, o?: OpOptions): Promise<void> {
    return this.#s.retryStale(async () => {
      const c = this.#ctx("symlink", path, o);
      const { dir, name } = await this.#s.parent(this.#s.abs(path), c);
      await this.#s.proto.symlink(dir, name, target, c);
      this.#s.invalidate(dir, name);
    });
  }

  /**
   * The target of a symbolic link (READLINK).
   *
   * @param path A symbolic link inside the export.
   * @param o Options: `signal` cancels the call.
   * @returns The target, as stored.
   * @throws {NotFound} If the path does not exist; {@linkcode InvalidArgument} if it is not a
   * symbolic link; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  readLink(path: string, o?: OpOptions): Promise<string> {
    const c = this.#ctx("readlink", path, o);
    const once = async () => {
      const r = await this.#s.resolve(this.#s.abs(path), false, c);
      return await this.#s.proto.readlink(r.fh, c);
    };
    return this.#s.retryStale(async () => {
      try {
        return await once();
      } catch (e) {
        // unfsd answers READLINK of a handle whose symlink was replaced with INVAL (it finds
        // the handle's inode now used by another file) instead of STALE: a cached handle
        // gets one fresh LOOKUP before INVAL ("not a symlink") is believed.
        if (!(e instanceof InvalidArgument)) throw e;
        this.#s.invalidate();
        return await once();
      }
    }, true);
  }

  /**
   * Creates a hard link `newPath` to `existing`.
   *
   * @param existing An existing file.
   * @param newPath The new name.
   * @param o Options: `signal` cancels the call.
   * @returns A promise that resolves once linked.
   * @throws {NotFound} If `existing` or the parent of `newPath` does not exist;
   * {@linkcode AlreadyExists} if `newPath` exists; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  link(existing: string, newPath: string, o?: OpOptions): Promise<void> {
    return this.#s.retryStale(async () => {
      const c = this.#ctx("link", newPath, o);
      const s = this.#s;
      const r = await s.resolve(s.abs(existing), false, { ...c, path: existing });
      const { dir, name } = await s.parent(s.abs(newPath), c);
      await s.proto.link(r.fh, dir, name, c);
      s.invalidate(dir, name);
    });
  }

  async #setattr(
    verb: string,
    path: string,
    attrs: Parameters<Session["proto"]["setattr"]>[1],
    o?: OpOptions,
    follow = true,
  ) {
    const c = this.#ctx(verb, path, o);
    await this.#s.retryStale(async () => {
      const r = await this.#s.resolve(this.#s.abs(path), follow, c);
      await this.#s.proto.setattr(r.fh, attrs, c);
    });
  }

  /**
   * Truncates (or extends with zeros) a file to `len` bytes (default 0).
   *
   * @param path A file inside the export.
   * @param len The new size in bytes.
   * @param o Options: `signal` cancels the call.
   * @returns A promise that resolves once resized.
   * @throws {NotFound} If the file does not exist; {@linkcode IsADirectory} for a directory;
   * {@linkcode PermissionDenied}; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  truncate(path: string, len: number | bigint = 0, o?: OpOptions): Promise<void> {
    return this.#setattr("truncate", path, { size: BigInt(len) }, o);
  }

  /**
   * Changes permission bits (as `Deno.chmod`; only `mode & 0o7777` is used).
   *
   * @param path A path inside the export (symlinks are followed).
   * @param mode The new permission bits, e.g. 0o600.
   * @param o Options: `signal` cancels the call.
   * @returns A promise that resolves once changed.
   * @throws {NotFound} If the path does not exist; {@linkcode PermissionDenied} if the caller
   * does not own it; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  chmod(path: string, mode: number, o?: OpOptions): Promise<void> {
    return this.#setattr("chmod", path, { mode: mode & 0o7777 }, o);
  }

  /**
   * Changes owner and/or group (null leaves one unchanged).
   *
   * @param path A path inside the export (symlinks are followed).
   * @param uid The new owner, or null.
   * @param gid The new group, or null.
   * @param o Options: `signal` cancels the call.
   * @returns A promise that resolves once changed.
   * @throws {NotFound} If the path does not exist; {@linkcode PermissionDenied} if the caller
   * may not make the change; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  chown(path: string, uid: number | null, gid: number | null, o?: OpOptions): Promise<void> {
    return this.#setattr("chown", path, {
      ...(uid !== null ? { uid } : {}),
      ...(gid !== null ? { gid } : {}),
    }, o);
  }

  /**
   * Sets access and modification times (seconds since the epoch, or Dates).
   *
   * @param path A path inside the export (symlinks are followed).
   * @param atime The access time.
   * @param mtime The modification time.
   * @param o Options: `signal` cancels the call.
   * @returns A promise that resolves once changed.
   * @throws {NotFound} If the path does not exist; {@linkcode PermissionDenied} if the caller
   * does not own it; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  utime(path: string, atime: number | Date, mtime: number | Date, o?: OpOptions): Promise<void> {
    return this.#setattr("utime", path, { atime: toTime(atime), mtime: toTime(mtime) }, o);
  }

  /**
   * Changes the owner and/or group of a path without following a final symlink (as
   * `lchown(2)`; `null` leaves one unchanged).
   *
   * @param path A path inside the export; a symlink is changed itself.
   * @param uid The new owner, or null.
   * @param gid The new group, or null.
   * @param o Options: `signal` cancels the call.
   * @returns A promise that resolves once changed.
   * @throws {NotFound} If the path does not exist; {@linkcode PermissionDenied}; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.symlink("missing-target", "link");
   * const gid = (await nfs.lstat("link")).gid;
   * await nfs.lchown("link", null, gid); // no target needed
   * assertEquals((await nfs.lstat("link")).isSymlink, true);
   * assertEquals((await nfs.lstat("link")).gid, gid);
   * ```
   */
  lchown(path: string, uid: number | null, gid: number | null, o?: OpOptions): Promise<void> {
    return this.#setattr(
      "chown",
      path,
      {
        ...(uid !== null ? { uid } : {}),
        ...(gid !== null ? { gid } : {}),
      },
      o,
      false,
    );
  }

  /**
   * Sets access and modification times without following a final symlink (as
   * `lutimes(3)`).
   *
   * @param path A path inside the export; a symlink is changed itself.
   * @param atime The access time (seconds since the epoch, or a Date).
   * @param mtime The modification time.
   * @param o Options: `signal` cancels the call.
   * @returns A promise that resolves once changed.
   * @throws {NotFound} If the path does not exist; {@linkcode PermissionDenied}; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.symlink("missing-target", "link");
   * await nfs.lutime("link", 0, new Date("2024-01-01T00:00:00Z"));
   * assertEquals((await nfs.lstat("link")).mtime?.toISOString(), "2024-01-01T00:00:00.000Z");
   * ```
   */
  lutime(path: string, atime: number | Date, mtime: number | Date, o?: OpOptions): Promise<void> {
    return this.#setattr("utime", path, { atime: toTime(atime), mtime: toTime(mtime) }, o, false);
  }

  /**
   * File system usage of the export (FSSTAT; STATFS on v2).
   *
   * @param path Any path on the file system (default ".").
   * @param o Options: `signal` cancels the call.
   * @returns Total, free and available bytes and file slots.
   * @throws {NotFound} If the path does not exist; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  statfs(path = ".", o?: OpOptions): Promise<NfsFsStat> {
    return this.#s.retryStale(async () => {
      const c = this.#ctx("statfs", path, o);
      const r = await this.#s.resolve(this.#s.abs(path), true, c);
      return await this.#s.proto.fsstat(r.fh, c);
    }, true);
  }

  /**
   * Copies a file on the server by streaming it through this client (NFSv3 has no
   * server-side copy): pipelined READs into a buffer, pipelined WRITEs from it, COMMIT.
   * The destination is created or truncated.
   *
   * @param from The file to copy.
   * @param to The destination file.
   * @param o Options: `mode` of the destination (default: the source's), `signal`.
   * @returns A promise that resolves once the copy is committed.
   * @throws {NotFound} If `from` or the parent of `to` does not exist;
   * {@linkcode IsADirectory} if either is a directory; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  copyFile(from: string, to: string, o: OpOptions & { mode?: number } = {}): Promise<void> {
    return this.#s.retryStale(async () => {
      const s = this.#s;
      const l = s.limits;
      const c = this.#ctx("copy", from, o);
      const src = await s.resolve(s.abs(from), true, c);
      const srcAttrs = await s.proto.getattr(src.fh, c);
      if (srcAttrs.type === "directory") {
        throw isADirectory("copy", from, s.proto.version);
      }
      const dst = await this.#openForWrite(to, {
        create: true,
        truncate: true,
        mode: o.mode ?? srcAttrs.mode,
      }, { ...c, path: to, verb: "copy to" });
      const chunk = new Uint8Array(Math.max(l.rsize * l.readWindow, l.wsize));
      let off = 0;
      for (;;) {
        const { n, eof } = await readRange(s.proto, src.fh, off, chunk, l.rsize, l.readWindow, c);
        if (n > 0) {
          const ranges = await writeRange(
            s.proto,
            dst.fh,
            off,
            chunk.subarray(0, n),
            l.wsize,
            l.writeWindow,
            false,
            { ...c, path: to },
          );
          await commitRanges(s.proto, dst.fh, ranges, l.wsize, l.writeWindow, { ...c, path: to });
          off += n;
        }
        if (eof || n < chunk.length) break;
      }
    });
  }

  /**
   * Unmounts (best effort) and closes the connection. Closing twice is a no-op; calls made
   * after closing fail with {@linkcode ConnectionError}.
   *
   * @returns A promise that resolves once the connection is closed.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // UMNT goes over the MOUNT connection: the NFS one closes meanwhile.
    const [umnt, nfs] = await Promise.allSettled([this.#onClose(), this.#rpc.close()]);
    if (umnt.status === "rejected") throw umnt.reason;
    if (nfs.status === "rejected") throw nfs.reason;
  }

  /**
   * Same as {@linkcode NfsClient.close}, for `await using`.
   *
   * @returns A promise that resolves once the connection is closed.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
