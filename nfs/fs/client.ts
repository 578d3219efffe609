import { copyBytes } from "../../mbuf/mod.ts";
import type { RpcClient } from "../../rpc/mod.ts";
import {
  AlreadyExists,
  FileTooLarge,
  InvalidArgument,
  IsADirectory,
  NfsError,
  nfsStatusName,
  NotADirectory,
  NotFound,
  NotSupported,
  quoteName,
  StaleHandle,
} from "../errors.ts";
import { NfsFile } from "./file.ts";
import { type NfsFileInfo, toFileInfo } from "./info.ts";
import { commitRanges, readRange, writeRange } from "./io.ts";
import type { Ctx, FsStat, Time } from "./proto.ts";
import type { Session, SessionLimits } from "./session.ts";

/**
 * Options accepted by most {@linkcode NfsClient} methods.
 *
 * @example
 * ```ts
 * import { connect, type OpOptions } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * const o: OpOptions = { signal: AbortSignal.timeout(5000) }; // give up after 5 s
 * console.log((await nfs.stat(".", o)).isDirectory); // => true
 * const aborted: OpOptions = { signal: AbortSignal.abort() };
 * console.log(await nfs.stat(".", aborted).catch((e) => e.name)); // => AbortError
 * ```
 */
export interface OpOptions {
  /** Cancels the operation. */
  signal?: AbortSignal;
}

/**
 * Largest file {@linkcode NfsClient.readFile} reads by default: 2 GiB. Larger files fail with
 * {@linkcode FileTooLarge} unless `maxSize` is raised; read them in pieces with `open()`.
 *
 * @example
 * ```ts
 * import { DEFAULT_READFILE_MAX } from "@nfs/client";
 * console.log(DEFAULT_READFILE_MAX); // 2147483648
 * ```
 */
export const DEFAULT_READFILE_MAX = 2 ** 31;

/**
 * Options of {@linkcode NfsClient.readFile}.
 *
 * @example
 * ```ts
 * import { connect, FileTooLarge, type ReadFileOptions } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.writeTextFile("a.txt", "hello");
 * const o: ReadFileOptions = { maxSize: 1024 }; // refuse files above 1 KiB
 * console.log(await nfs.readTextFile("a.txt", o)); // => hello
 * const e = await nfs.readFile("a.txt", { maxSize: 3 }).catch((e) => e);
 * console.log(e instanceof FileTooLarge); // => true
 * ```
 */
export interface ReadFileOptions extends OpOptions {
  /** Largest size accepted, in bytes (default {@linkcode DEFAULT_READFILE_MAX}). */
  maxSize?: number;
}

/**
 * Options of {@linkcode NfsClient.writeFile}.
 *
 * @example
 * ```ts
 * import { AlreadyExists, connect, type WriteFileOptions } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * const append: WriteFileOptions = { append: true, mode: 0o600 };
 * await nfs.writeTextFile("log.txt", "one\n", append);
 * await nfs.writeTextFile("log.txt", "two\n", append);
 * console.log(JSON.stringify(await nfs.readTextFile("log.txt"))); // => "one\ntwo\n"
 * console.log((await nfs.stat("log.txt")).mode.toString(8)); // => 600
 * const e = await nfs.writeTextFile("log.txt", "x", { createNew: true }).catch((e) => e);
 * console.log(e instanceof AlreadyExists); // => true
 * ```
 */
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

/**
 * Options of {@linkcode NfsClient.open} (as `Deno.OpenOptions`).
 *
 * @example
 * ```ts
 * import { connect, type OpenOptions } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.writeTextFile("a.txt", "old content");
 * const o: OpenOptions = { write: true, create: true, truncate: true };
 * await using f = await nfs.open("a.txt", o);
 * await f.write(new TextEncoder().encode("new"));
 * await f.close();
 * console.log(await nfs.readTextFile("a.txt")); // => new
 * ```
 */
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

/**
 * A directory entry from {@linkcode NfsClient.readDir}, shaped like `Deno.DirEntry`.
 *
 * @example
 * ```ts
 * import { connect, type NfsDirEntry } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.mkdir("sub");
 * await nfs.writeTextFile("a.txt", "hello");
 * const entries: NfsDirEntry[] = await Array.fromAsync(nfs.readDir("."));
 * entries.sort((a, b) => a.name.localeCompare(b.name));
 * for (const e of entries) console.log(e.name, e.isFile, e.isDirectory, e.info.type);
 * // => a.txt true false file
 * // => sub false true directory
 * ```
 */
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
}

/**
 * File system usage from {@linkcode NfsClient.statfs} (the same as {@linkcode FsStat}).
 *
 * @example
 * ```ts
 * import { connect, type NfsFsStat } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * const st: NfsFsStat = await nfs.statfs();
 * const usedPercent = Number((st.totalBytes - st.freeBytes) * 100n / st.totalBytes);
 * console.log(usedPercent >= 0 && usedPercent <= 100, st.availBytes <= st.freeBytes); // => true true
 * ```
 */
export type NfsFsStat = FsStat;

const ZERO_VERF: Uint8Array = new Uint8Array(8);

/** EISDIR found by us (from GETATTR), shaped like the server's own NFS3ERR_ISDIR. */
function isADirectory(verb: string | undefined, path: string, version: 2 | 3): IsADirectory {
  const statusName = nfsStatusName(21, `NFS${version}`);
  return new IsADirectory(
    `Cannot ${verb ?? "use"} ${quoteName(path)}: is a directory (${statusName})`,
    {
      code: "EISDIR",
      status: 21,
      statusName,
      path,
    },
  );
}

function toTime(t: number | Date): Time {
  const ms = typeof t === "number" ? t * 1000 : t.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nseconds: Math.round((ms - seconds * 1000) * 1e6) };
}

/**
 * A mounted NFS export with a file API shaped like Deno's (`readFile`, `writeFile`,
 * `readDir`, `stat`, `open`, ...). Paths are POSIX paths inside the export: relative paths
 * start at the directory named in the URL, absolute ones at the export root. Get one from
 * {@linkcode connect}.
 *
 * Many concurrent calls on one client are safe; bulk transfers are pipelined. Failures are
 * {@linkcode NfsError} subclasses ({@linkcode NotFound}, {@linkcode AlreadyExists}, ...).
 * @example
 * ```ts
 * import { connect } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.writeTextFile("hello.txt", "Hello, NFS!");
 * console.log(await nfs.readTextFile("hello.txt")); // "Hello, NFS!"
 * for await (const e of nfs.readDir(".")) console.log(e.name, e.info.size); // hello.txt 11
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url); // not `new NfsClient(...)`
   * console.log(nfs.version); // => 3
   * ```
   */
  constructor(session: Session, rpc: RpcClient, onClose: () => Promise<void>) {
    this.#s = session;
    this.#rpc = rpc;
    this.#onClose = onClose;
  }

  /**
   * NFS protocol version in use (3 or 2).
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * console.log(nfs.version); // 3
   * ```
   */
  get version(): 2 | 3 {
    return this.#s.proto.version;
  }

  /**
   * The mounted export's path on the server, e.g. "/export".
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await using server = await startTestServer({ dir, exportPath: "/export" });
   * await using nfs = await connect(server.url);
   * console.log(nfs.exportPath); // "/export"
   * ```
   */
  get exportPath(): string {
    return this.#s.exportPath;
  }

  /**
   * The directory relative paths start from: the part of the URL path after the export,
   * as an absolute path inside the export (e.g. "/" or "/photos/2024").
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * const dir = await Deno.makeTempDir();
   * await Deno.mkdir(`${dir}/photos`);
   * await using server = await startTestServer({ dir, exportPath: "/export" });
   * await using nfs = await connect(server.url.replace("/export?", "/export/photos?"));
   * console.log(nfs.cwd); // "/photos"
   * ```
   */
  get cwd(): string {
    return this.#s.base;
  }

  /**
   * Transfer sizes and windows in use (after the server's FSINFO limits).
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * console.log(nfs.limits.rsize, nfs.limits.readWindow); // 1048576 4
   * ```
   */
  get limits(): Readonly<SessionLimits> {
    return this.#s.limits;
  }

  /**
   * The underlying RPC client (statistics, advanced use).
   *
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * const before = nfs.rpc.stats().calls;
   * await nfs.stat(".");
   * console.log(nfs.rpc.stats().calls > before, nfs.rpc.stats().retransmits); // => true 0
   * ```
   */
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeTextFile("a.txt", "hello");
   * const info = await nfs.stat("a.txt");
   * console.log(info.isFile, info.size); // true 5
   * ```
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.symlink("target.txt", "link");
   * console.log((await nfs.lstat("link")).isSymlink); // true
   * ```
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * console.log(await nfs.exists("a.txt")); // false
   * await nfs.writeTextFile("a.txt", "");
   * console.log(await nfs.exists("a.txt")); // true
   * ```
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.mkdir("dir");
   * await nfs.symlink("dir", "link");
   * console.log(await nfs.realPath("link/../link")); // "/dir"
   * ```
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
   * @param o Options: `signal` cancels the call.
   * @returns The entries, with their attributes, in the server's order.
   * @throws {NotFound} If the directory does not exist; {@linkcode NotADirectory} if it is
   * not a directory; {@linkcode NfsError} (code "EPROTO") when the server loops; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeTextFile("a.txt", "hello");
   * for await (const e of nfs.readDir(".")) {
   *   console.log(e.name, e.isFile, e.info.size); // a.txt true 5
   * }
   * ```
   */
  async *readDir(path: string, o?: OpOptions): AsyncIterableIterator<NfsDirEntry> {
    const c = this.#ctx("read directory", path, o);
    const s = this.#s;
    let dir = await s.resolve(s.abs(path), true, c);
    let cookie = 0n;
    let verf: Uint8Array = ZERO_VERF;
    const seen = new Set<bigint>();
    const sizes = { dircount: s.limits.dircount, maxcount: s.limits.maxcount };
    let retried = false;
    for (;;) {
      let page;
      try {
        page = await s.proto.readdir(
          dir.fh,
          cookie,
          verf,
          this.#plus && s.proto.version === 3,
          sizes,
          c,
        );
      } catch (e) {
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
      const entries = page.entries.filter((e) => e.name !== "." && e.name !== "..");
      // READDIR (NFSv2, or no READDIRPLUS) gives names only: look up the page's names
      // concurrently (the RPC window bounds them) rather than one round trip at a time.
      const found = await Promise.all(entries.map(async (e) => {
        if (e.attrs !== null) return e.attrs;
        try {
          const r = await s.proto.lookup(dir.fh, e.name, { ...c, path: `${path}/${e.name}` });
          return r.attrs ?? await s.proto.getattr(r.fh, c);
        } catch (err) {
          if (err instanceof NotFound) return null; // removed since READDIR listed it
          throw err;
        }
      }));
      for (const [i, e] of entries.entries()) {
        const attrs = found[i];
        if (attrs === null || attrs === undefined) continue;
        const info = toFileInfo(attrs);
        yield {
          name: e.name,
          isFile: info.isFile,
          isDirectory: info.isDirectory,
          isSymlink: info.isSymlink,
          info,
        };
      }
      if (page.eof) return;
      const last = page.entries[page.entries.length - 1];
      if (last === undefined) {
        throw new NfsError(
          `Cannot read directory ${quoteName(path)}: the server sent an empty page without EOF`,
          {
            code: "EPROTO",
            status: 0,
            path,
          },
        );
      }
      if (last.cookie === cookie || seen.has(last.cookie)) {
        throw new NfsError(
          `Cannot read directory ${
            quoteName(path)
          }: the server repeated cookie ${last.cookie} (a loop)`,
          {
            code: "EPROTO",
            status: 0,
            path,
          },
        );
      }
      seen.add(last.cookie);
      cookie = last.cookie;
      verf = page.verf;
    }
  }

  /**
   * Reads a whole file with pipelined READs straight into the returned buffer.
   *
   * @param path A file inside the export.
   * @param o Options: `maxSize` (default {@linkcode DEFAULT_READFILE_MAX}), `signal`.
   * @returns The content.
   * @throws {NotFound} If the file does not exist; {@linkcode IsADirectory} for a directory;
   * {@linkcode FileTooLarge} if it is larger than `maxSize`; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeFile("a.bin", new Uint8Array([1, 2, 3]));
   * console.log(await nfs.readFile("a.bin")); // Uint8Array(3) [ 1, 2, 3 ]
   * ```
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
      if (a.size > BigInt(max)) {
        // Never allocate what a server claims without a bound: it may be lying.
        throw new FileTooLarge(
          `Cannot read ${
            quoteName(path)
          }: its size ${a.size} is above readFile's limit of ${max} bytes (read it in pieces with open())`,
          { code: "EFBIG", status: 0, proc: "readFile", path },
        );
      }
      const size = Number(a.size);
      const l = s.limits;
      let buf = new Uint8Array(size);
      let { n, eof } = await readRange(s.proto, r.fh, 0, buf, l.rsize, l.readWindow, c);
      while (!eof && n === buf.length) {
        // The file grew since GETATTR: read on, into a larger buffer (a counted copy).
        const more = new Uint8Array(Math.max(l.rsize, buf.length));
        const got = await readRange(s.proto, r.fh, n, more, l.rsize, l.readWindow, c);
        const next = new Uint8Array(n + got.n);
        copyBytes(next, 0, buf.subarray(0, n), "payload");
        copyBytes(next, n, more.subarray(0, got.n), "payload");
        buf = next;
        n += got.n;
        eof = got.eof || got.n < more.length;
      }
      return n === buf.length ? buf : buf.subarray(0, n);
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeTextFile("a.txt", "hello");
   * console.log(await nfs.readTextFile("a.txt")); // "hello"
   * ```
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
   * before it resolves. `data` may also be a stream of chunks.
   *
   * @param path A file inside the export (created if missing, unless `create: false`).
   * @param data The content, or a stream of chunks.
   * @param o Options: `create`, `createNew`, `append`, `mode`, `signal`.
   * @returns A promise that resolves once the data is committed.
   * @throws {AlreadyExists} With `createNew` when the file exists; {@linkcode NotFound} when
   * the parent directory is missing (or the file, with `create: false`);
   * {@linkcode IsADirectory} for a directory; {@linkcode NoSpace}; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeFile("a.bin", new Uint8Array([1, 2, 3]));
   * await nfs.writeFile("a.bin", new Uint8Array([4]), { append: true });
   * console.log(await nfs.readFile("a.bin")); // Uint8Array(4) [ 1, 2, 3, 4 ]
   * ```
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
      const ranges = await writeRange(s.proto, fh, at, data, l.wsize, l.writeWindow, false, c);
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeTextFile("log.txt", "one\n");
   * await nfs.writeTextFile("log.txt", "two\n", { append: true });
   * console.log(await nfs.readTextFile("log.txt")); // "one\ntwo\n"
   * ```
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await using f = await nfs.open("a.txt", { write: true, create: true });
   * await f.write(new TextEncoder().encode("hello"));
   * console.log((await f.stat()).size); // 5
   * ```
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
      const a = await s.attrsOf(r, c);
      return { fh: r.fh, directory: a.type === "directory" };
    }, !(write || append));
    return new NfsFile(s, fh, path, { read, write, append, directory });
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.mkdir("a/b/c", { recursive: true });
   * console.log((await nfs.stat("a/b/c")).isDirectory); // true
   * ```
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
   * are removed, never followed).
   *
   * @param path The path to remove.
   * @param o Options: `recursive`, `signal`.
   * @returns A promise that resolves once the path is gone.
   * @throws {NotFound} If the path does not exist; {@linkcode DirectoryNotEmpty} for a
   * non-empty directory without `recursive`; {@linkcode PermissionDenied}; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.mkdir("a/b", { recursive: true });
   * await nfs.remove("a", { recursive: true });
   * console.log(await nfs.exists("a")); // false
   * ```
   */
  remove(path: string, o: OpOptions & { recursive?: boolean } = {}): Promise<void> {
    return this.#s.retryStale(async () => {
      const c = this.#ctx("remove", path, o);
      const s = this.#s;
      const abs = s.abs(path);
      const { dir, name } = await s.parent(abs, c);
      const r = await s.lookup(dir, name, c);
      const a = r.attrs ?? await s.proto.getattr(r.fh, c);
      if (a.type === "directory") {
        if (o.recursive) {
          const names: string[] = [];
          for await (const e of this.readDir(abs, o)) names.push(e.name);
          for (const n of names) await this.remove(`${abs}/${n}`, o);
        }
        s.invalidate(r.fh);
        await s.proto.rmdir(dir, name, c);
      } else {
        await s.proto.remove(dir, name, c);
      }
      s.invalidate(dir, name);
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeTextFile("old.txt", "hi");
   * await nfs.rename("old.txt", "new.txt");
   * console.log(await nfs.readTextFile("new.txt")); // "hi"
   * ```
   */
  rename(from: string, to: string, o?: OpOptions): Promise<void> {
    return this.#s.retryStale(async () => {
      const c = this.#ctx("rename", from, o);
      const s = this.#s;
      const a = await s.parent(s.abs(from), c);
      const b = await s.parent(s.abs(to), { ...c, path: to });
      await s.proto.rename(a.dir, a.name, b.dir, b.name, c);
      s.invalidate(a.dir, a.name);
      s.invalidate(b.dir, b.name);
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeTextFile("a.txt", "hello");
   * await nfs.symlink("a.txt", "link");
   * console.log(await nfs.readTextFile("link")); // "hello"
   * ```
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.symlink("some/target", "link");
   * console.log(await nfs.readLink("link")); // "some/target"
   * ```
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeTextFile("a.txt", "hello");
   * await nfs.link("a.txt", "b.txt");
   * console.log((await nfs.stat("a.txt")).nlink); // 2
   * ```
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeTextFile("a.txt", "hello");
   * await nfs.truncate("a.txt", 2);
   * console.log(await nfs.readTextFile("a.txt")); // "he"
   * ```
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeTextFile("a.txt", "hello");
   * await nfs.chmod("a.txt", 0o600);
   * console.log((await nfs.stat("a.txt")).mode.toString(8)); // "600"
   * ```
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeTextFile("a.txt", "hello");
   * const { uid, gid } = await nfs.stat("a.txt");
   * await nfs.chown("a.txt", uid, gid); // or null to leave one as it is
   * ```
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeTextFile("a.txt", "hello");
   * await nfs.utime("a.txt", 0, new Date("2024-01-01T00:00:00Z"));
   * console.log((await nfs.stat("a.txt")).mtime.toISOString()); // "2024-01-01T00:00:00.000Z"
   * ```
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
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.symlink("missing-target", "link");
   * await nfs.lchown("link", null, (await nfs.lstat("link")).gid); // no target needed
   * console.log((await nfs.lstat("link")).isSymlink); // => true
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
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.symlink("missing-target", "link");
   * await nfs.lutime("link", 0, new Date("2024-01-01T00:00:00Z"));
   * console.log((await nfs.lstat("link")).mtime.toISOString()); // => 2024-01-01T00:00:00.000Z
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * const fs = await nfs.statfs();
   * console.log(fs.totalBytes >= fs.freeBytes); // true
   * ```
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * await using nfs = await connect(server.url);
   * await nfs.writeTextFile("a.txt", "hello");
   * await nfs.copyFile("a.txt", "b.txt");
   * console.log(await nfs.readTextFile("b.txt")); // "hello"
   * ```
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
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * const nfs = await connect(server.url);
   * console.log(await nfs.exists(".")); // true
   * await nfs.close();
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#onClose();
    } finally {
      await this.#rpc.close();
    }
  }

  /**
   * Same as {@linkcode NfsClient.close}, for `await using`.
   *
   * @returns A promise that resolves once the connection is closed.
   * @example
   * ```ts
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   * await using server = await startTestServer();
   * {
   *   await using nfs = await connect(server.url);
   *   await nfs.writeTextFile("a.txt", "hello");
   * } // closed here
   * const nfs = await connect(server.url);
   * await nfs[Symbol.asyncDispose]();
   * console.log(await nfs.stat("a.txt").catch((e) => e.name)); // => ConnectionError
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
