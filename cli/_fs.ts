/**
 * One shape over the two sides of a transfer, the local file system and an NFS export, so
 * that one copy routine serves `get`, `put` and `cp`.
 *
 * @module
 */
import { basename, dirname, join as localJoin, resolve as localResolve } from "./_path.ts";
import {
  type NfsClient,
  type NfsEntryHandle,
  type NfsFile,
  type NfsFileInfo,
  NotFound,
  StaleHandle,
} from "../mod.ts";
import { sentNameProblem } from "../nfs/_names.ts";
import { isLocalDir } from "./_localfs.ts";

/** The kinds a copy treats differently. */
export type Kind = "file" | "directory" | "symlink" | "other";

/** What a copy needs to know about a file. */
export interface Meta {
  /** Its kind. */
  kind: Kind;
  /** Permission bits (with setuid/setgid/sticky). */
  mode: number;
  /** Size in bytes. */
  size: number;
  /** Last access, if known. */
  atime: Date | null;
  /** Last modification, if known. */
  mtime: Date | null;
  /** `fsid:fileid` (or `dev:ino`) of a directory, which tells a loop; absent when unknown. */
  id?: string | null;
  /** The handle its listing kept (remote side): it is read without a LOOKUP. */
  handle?: NfsEntryHandle;
}

/** A file being written: chunks in order, then `close` (or `abort`). */
export interface Sink {
  /** Writes a chunk (it may be held until `close`: do not reuse it). */
  write(chunk: Uint8Array): Promise<void>;
  /** Flushes (NFS: COMMIT) and closes. */
  close(): Promise<void>;
  /** Closes without caring about the content. */
  abort(): Promise<void>;
}

/** Attributes to set; absent ones stay. */
export interface SetMeta {
  /** Permission bits. */
  mode?: number;
  /** Access and modification times. */
  times?: { atime: Date; mtime: Date };
}

/** The operations a transfer uses, on one side. */
export interface Side {
  /** True for an NFS export. */
  readonly remote: boolean;
  /** `dir/name`. */
  join(dir: string, name: string): string;
  /** The path of `name` in the same directory as `path`. */
  sibling(path: string, name: string): string;
  /** Attributes, following symlinks. */
  stat(path: string): Promise<Meta>;
  /** Attributes of the path itself, or null when it does not exist. */
  lstat(path: string): Promise<Meta | null>;
  /**
   * The entries of a directory with their own attributes (symlinks not followed).
   * `onInvalid` (remote side) is told of each invalid entry the server sent (a name with
   * "/", an unknown file type), which is then left out; without it such an entry fails the
   * listing.
   */
  list(
    path: string,
    onInvalid?: (e: Error) => void,
  ): AsyncIterable<{ name: string; meta: Meta }>;
  /** A symlink's target. */
  readLink(path: string): Promise<string>;
  /**
   * The content from `offset` (default 0), as a stream of chunks. `size`, the file's size when
   * the caller knows it, sizes the buffers: a small file is one read into a buffer just
   * larger than what is left, not a 1 MiB one (and no read ahead after a short read).
   */
  read(path: string, offset?: number, size?: number, o?: ReadOptions): AsyncIterable<Uint8Array>;
  /** Creates a new file (failing if it exists). */
  create(path: string, mode: number): Promise<Sink>;
  /** Opens an existing file to add to its end (`--continue`); absent: cannot resume. */
  append?(path: string): Promise<Sink>;
  /** Renames, replacing a file (or symlink) at `to` without following it. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file, symlink or empty directory. */
  remove(path: string): Promise<void>;
  /**
   * Removes a file, symlink, or directory with everything in it (symlinks are removed, never
   * followed; remote: bounded in depth and refusing loops, see `NfsClient.remove`).
   */
  removeTree(path: string): Promise<void>;
  /** Creates a directory. */
  mkdir(path: string, mode: number): Promise<void>;
  /** Creates a symlink at `path` with the text `target`. */
  symlink(target: string, path: string): Promise<void>;
  /** Changes mode and times. */
  setMeta(path: string, m: SetMeta): Promise<void>;
}

/** A file named on the command line or found in a tree: its side, path and how to show it. */
export interface Loc {
  /** Where it is. */
  side: Side;
  /** The path to give to the side. */
  path: string;
  /** The path or URL as the user sees it (in messages). */
  display: string;
  /** The last component (the name a copy into a directory uses; "" for a root). */
  name: string;
  /** Its directory was created by this copy: nothing can be in the way (a copy's target). */
  inNewDir?: boolean;
}

/** A {@linkcode Loc} on an NFS export. */
export interface Remote extends Loc {
  /** The export's side. */
  side: RemoteSide;
  /** Its client. */
  client: NfsClient;
}

/**
 * The location of entry `name` inside directory `dir`.
 *
 * @param dir The directory.
 * @param name An entry name (one component).
 * @returns The child location.
 */
export function child<T extends Loc>(dir: T, name: string): T {
  const display = dir.display === "/" ? `/${name}` : `${dir.display}/${name}`;
  return { ...dir, path: dir.side.join(dir.path, name), display, name };
}

function kindOf(i: { isFile: boolean; isDirectory: boolean; isSymlink: boolean }): Kind {
  return i.isFile ? "file" : i.isDirectory ? "directory" : i.isSymlink ? "symlink" : "other";
}

// `id` only for directories, the one kind whose walk needs it: a listing kept for a -j copy
// holds one Meta per entry.
function remoteMeta(i: NfsFileInfo): Meta {
  const kind = kindOf(i);
  const m: Meta = { kind, mode: i.mode, size: i.size, atime: i.atime, mtime: i.mtime };
  if (kind === "directory") m.id = `${i.dev}:${i.fileid}`;
  return m;
}

function localMeta(i: Deno.FileInfo): Meta {
  const kind = kindOf(i);
  const m: Meta = {
    kind,
    mode: (i.mode ?? 0o644) & 0o7777,
    size: i.size,
    atime: i.atime,
    mtime: i.mtime,
  };
  if (kind === "directory") m.id = i.ino === null ? null : `${i.dev}:${i.ino}`;
  return m;
}

/** Chunk size of local reads: fresh buffers, since an NFS sink keeps them until COMMIT. */
const LOCAL_CHUNK = 1 << 20;
/** The largest buffer a remote read fills (one readAt: a window of pipelined READs). */
const REMOTE_CHUNK = 1 << 20;
/** Largest chunk of a lent buffer (`ReadOptions.lend`), and how many such buffers are kept. */
const LENT_MAX = (16 << 10) + 1;
const SPARES_KEPT = 64;

/** Options of {@linkcode Side.read}. */
export interface ReadOptions {
  /** The handle from the file's listing (remote side): it is read without a LOOKUP. */
  handle?: NfsEntryHandle | undefined;
  /**
   * The caller is done with each chunk when it asks for the next one (it copies or writes
   * it first): small chunks may then come from buffers used again.
   */
  lend?: boolean;
}

/**
 * The buffer for the read at `at`: `max` bytes, or, when the file's `size` says less is left,
 * one byte more than that (so the read that returns the rest also shows that it is the end).
 */
function chunkFor(at: number, size: number | undefined, max: number): number {
  const left = size === undefined || !Number.isFinite(size) ? -1 : size - at;
  return left < 0 ? max : Math.min(max, left + 1); // past the size: the file grew
}

let umaskValue: number | undefined;

/** The process's umask (0o022 where it cannot be read), for modes of new remote files. */
export function umask(): number {
  if (umaskValue === undefined) {
    try {
      umaskValue = Deno.umask();
    } catch {
      umaskValue = 0o022;
    }
  }
  return umaskValue;
}

/** Largest chunk written or read synchronously on a local file system (see below). */
const SYNC_IO_MAX = 256 << 10;

function localSink(f: Deno.FsFile, sync: boolean): Sink {
  return {
    write: async (chunk) => {
      if (sync && chunk.length <= SYNC_IO_MAX) {
        for (let p = chunk; p.length > 0;) p = p.subarray(f.writeSync(p));
        return;
      }
      for (let p = chunk; p.length > 0;) p = p.subarray(await f.write(p));
    },
    close: () => Promise.resolve(f.close()),
    abort: () => Promise.resolve(f.close()),
  };
}

/** Directories whose file system was checked, at most this many kept. */
const LOCAL_DIRS_KEPT = 1024;

/**
 * The local file system. On a disk or memory file system (`isLocalDir`: not NFS, FUSE or
 * SMB), metadata calls and reads and writes up to {@linkcode SYNC_IO_MAX} are synchronous:
 * an asynchronous Deno call hands off to a thread pool, which costs a small file's copy more
 * than the copy itself.
 */
export class LocalSide implements Side {
  readonly remote = false;
  readonly #local = new Map<string, Promise<boolean>>();
  readonly #isLocal: (dir: string) => Promise<boolean>;

  /** @param isLocal Whether a directory is on a local file system (tests choose). */
  constructor(isLocal: (dir: string) => Promise<boolean> = isLocalDir) {
    this.#isLocal = isLocal;
  }

  /** Whether calls on files in `dir` may be synchronous (cached per directory). */
  #fast(dir: string): Promise<boolean> {
    let v = this.#local.get(dir);
    if (v === undefined) {
      if (this.#local.size >= LOCAL_DIRS_KEPT) this.#local.clear();
      v = this.#isLocal(dir);
      this.#local.set(dir, v);
    }
    return v;
  }

  /** {@linkcode LocalSide.#fast} for the directory `path` is in. */
  #fastIn(path: string): Promise<boolean> {
    return this.#fast(dirname(path));
  }

  join(dir: string, name: string): string {
    return localJoin(dir, name);
  }

  sibling(path: string, name: string): string {
    return localJoin(dirname(path), name);
  }

  async stat(path: string): Promise<Meta> {
    return localMeta(await Deno.stat(path));
  }

  async lstat(path: string): Promise<Meta | null> {
    try {
      return localMeta(await this.#fastIn(path) ? Deno.lstatSync(path) : await Deno.lstat(path));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return null;
      throw e;
    }
  }

  async *list(path: string): AsyncIterable<{ name: string; meta: Meta }> {
    const sync = await this.#fast(path);
    for await (const e of Deno.readDir(path)) {
      const p = localJoin(path, e.name);
      yield { name: e.name, meta: localMeta(sync ? Deno.lstatSync(p) : await Deno.lstat(p)) };
    }
  }

  readLink(path: string): Promise<string> {
    return Deno.readLink(path);
  }

  async *read(path: string, offset = 0, size?: number): AsyncIterable<Uint8Array> {
    const sync = await this.#fastIn(path);
    using f = sync ? Deno.openSync(path, { read: true }) : await Deno.open(path, { read: true });
    if (offset > 0) await f.seek(offset, Deno.SeekMode.Start);
    for (let at = offset;;) {
      const len = chunkFor(at, size, LOCAL_CHUNK);
      const buf = new Uint8Array(len);
      const n = sync && len <= SYNC_IO_MAX ? f.readSync(buf) : await f.read(buf);
      if (n === null) return;
      at += n;
      yield buf.subarray(0, n);
      // A short read of a buffer sized past the expected end: that end was reached.
      if (len < LOCAL_CHUNK && n < len) return;
    }
  }

  async create(path: string, mode: number): Promise<Sink> {
    const o = { write: true, createNew: true, mode };
    const sync = await this.#fastIn(path);
    return localSink(sync ? Deno.openSync(path, o) : await Deno.open(path, o), sync);
  }

  async append(path: string): Promise<Sink> {
    return localSink(await Deno.open(path, { append: true }), await this.#fastIn(path));
  }

  async rename(from: string, to: string): Promise<void> {
    if (await this.#fastIn(to)) Deno.renameSync(from, to);
    else await Deno.rename(from, to);
  }

  async remove(path: string): Promise<void> {
    if (await this.#fastIn(path)) Deno.removeSync(path);
    else await Deno.remove(path);
  }

  async removeTree(path: string): Promise<void> {
    // Deno's recursive remove does not follow symlinks (it removes them).
    await Deno.remove(path, { recursive: true });
  }

  async mkdir(path: string, mode: number): Promise<void> {
    if (await this.#fastIn(path)) Deno.mkdirSync(path, { mode });
    else await Deno.mkdir(path, { mode });
  }

  async symlink(target: string, path: string): Promise<void> {
    if (await this.#fastIn(path)) Deno.symlinkSync(target, path);
    else await Deno.symlink(target, path);
  }

  async setMeta(path: string, m: SetMeta): Promise<void> {
    const sync = await this.#fastIn(path);
    if (m.mode !== undefined && Deno.build.os !== "windows") {
      if (sync) Deno.chmodSync(path, m.mode);
      else await Deno.chmod(path, m.mode);
    }
    if (m.times !== undefined) {
      if (sync) Deno.utimeSync(path, m.times.atime, m.times.mtime);
      else await Deno.utime(path, m.times.atime, m.times.mtime);
    }
  }
}

/**
 * The directory `path` is in, or null at the top (the root, or an export's root).
 *
 * @param side The side the path is on.
 * @param path The path.
 * @returns The parent's path, or null.
 */
export function parentPath(side: Side, path: string): string | null {
  if (!side.remote) {
    const up = dirname(path);
    return up === path || localResolve(up) === localResolve(path) ? null : up;
  }
  const at = path.lastIndexOf("/");
  if (at === -1 || path === "/" || path === "." || path.endsWith("/..")) return null;
  return at === 0 ? "/" : path.slice(0, at);
}

/** The one local side. */
export const LOCAL: LocalSide = new LocalSide();

/**
 * A local path as a {@linkcode Loc}.
 *
 * @param path The path as the user wrote it.
 * @returns Its location.
 */
export function localLoc(path: string): Loc {
  return { side: LOCAL, path, display: path, name: basename(localResolve(path)) };
}

/** Standard input as a source (`put - URL`): one file of unknown size, read once. */
class StdinSide extends LocalSide {
  override stat(): Promise<Meta> {
    return Promise.resolve({ kind: "file", mode: 0o666, size: NaN, atime: null, mtime: null });
  }

  override async *read(): AsyncIterable<Uint8Array> {
    // Each chunk is a fresh buffer (an NFS sink keeps them until COMMIT).
    yield* Deno.stdin.readable;
  }
}

/** `-` as a source: stdin (it has no name, so a destination directory is refused). */
export function stdinLoc(): Loc {
  return { side: new StdinSide(), path: "-", display: "stdin", name: "" };
}

/** An NFS export, through one client. */
export class RemoteSide implements Side {
  readonly remote = true;
  /** The client. */
  readonly client: NfsClient;
  /** Buffers of lent reads, free to use again. */
  readonly #spares: Uint8Array[] = [];

  /** @param client The connected client. */
  constructor(client: NfsClient) {
    this.client = client;
  }

  join(dir: string, name: string): string {
    return dir === "/" ? `/${name}` : `${dir}/${name}`;
  }

  sibling(path: string, name: string): string {
    const last = path.slice(path.lastIndexOf("/") + 1);
    if (sentNameProblem(last, Infinity, true) !== null) {
      throw new TypeError(`Cannot name a file next to "${path}"`);
    }
    return path.slice(0, path.lastIndexOf("/") + 1) + name;
  }

  async stat(path: string): Promise<Meta> {
    return remoteMeta(await this.client.stat(path));
  }

  async lstat(path: string): Promise<Meta | null> {
    try {
      return remoteMeta(await this.client.lstat(path));
    } catch (e) {
      if (e instanceof NotFound) return null;
      throw e;
    }
  }

  async *list(
    path: string,
    onInvalid?: (e: Error) => void,
  ): AsyncIterable<{ name: string; meta: Meta }> {
    const o = onInvalid === undefined ? {} : { onInvalidEntry: onInvalid };
    for await (const e of this.client.readDir(path, { ...o, keepHandles: true })) {
      const meta = remoteMeta(e.info);
      if (e.handle !== undefined && meta.kind === "file") meta.handle = e.handle;
      yield { name: e.name, meta };
    }
  }

  readLink(path: string): Promise<string> {
    return this.client.readLink(path);
  }

  async *read(
    path: string,
    offset = 0,
    size?: number,
    o: ReadOptions = {},
  ): AsyncIterable<Uint8Array> {
    // readAt (each a window of pipelined READs) into buffers of up to 1 MiB (fresh ones, or
    // lent small ones: see below), the next one read while this one is consumed. Not
    // `f.readable`: the first ReadableStream of a process loads Deno's web streams, 6 ms of
    // `nfs cat`'s start-up here.
    let handle = o.handle;
    let f = await this.client.openListed(path, handle);
    // Lent small buffers come from #spares and go back once the caller asks for the next
    // chunk (or stops): a tree of small files then reuses a few buffers.
    const lent: Uint8Array[] = [];
    const start = (at: number) => {
      const len = chunkFor(at, size, REMOTE_CHUNK);
      let buf: Uint8Array;
      if (o.lend && len <= LENT_MAX) {
        const spare = this.#spares.pop() ?? new Uint8Array(LENT_MAX);
        lent.push(spare);
        buf = spare.subarray(0, len);
      } else {
        buf = new Uint8Array(len);
      }
      const p = f.readAt(buf, at).then((n) => ({ buf, n }));
      p.catch(() => {}); // handled when awaited; never awaited after an earlier failure
      return p;
    };
    const giveBack = (keep: number) => {
      while (lent.length > keep) {
        const b = lent.shift()!;
        if (this.#spares.length < SPARES_KEPT) this.#spares.push(b);
      }
    };
    let ahead: ReturnType<typeof start> | null = start(offset);
    try {
      for (let at = offset; ahead !== null;) {
        let got: { buf: Uint8Array; n: number | null };
        try {
          got = await ahead;
        } catch (e) {
          // The listing's handle is gone (the file was replaced or removed since): by name.
          if (!(e instanceof StaleHandle) || handle === undefined || at !== offset) throw e;
          handle = undefined;
          ahead = null;
          giveBack(0);
          await f.close();
          f = await this.client.open(path, { read: true });
          ahead = start(at);
          continue;
        }
        const { buf, n } = got;
        if (n === null || n === 0) break;
        at += n;
        // readAt fills its buffer unless the file ends: after a short one, nothing is left,
        // and neither where the READ said the file ends (a 1 MiB file is then one READ).
        ahead = n < buf.length || f.endSeen === at ? null : start(at);
        yield buf.subarray(0, n);
        giveBack(ahead === null ? 0 : 1); // the caller is done with this chunk
      }
    } finally {
      await ahead?.catch(() => {});
      giveBack(0);
      await f.close();
    }
  }

  async create(path: string, mode: number): Promise<Sink> {
    const f = await this.client.open(path, { write: true, createNew: true, mode });
    return remoteSink(f, this.client.limits.wsize);
  }

  async append(path: string): Promise<Sink> {
    // `writable` writes from the position (append mode is for write()): start at the end.
    const f = await this.client.open(path, { write: true });
    await f.seek((await f.stat()).size64);
    return remoteSink(f, 0); // appends at the position: every chunk goes through `writable`
  }

  rename(from: string, to: string): Promise<void> {
    return this.client.rename(from, to);
  }

  remove(path: string): Promise<void> {
    return this.client.remove(path);
  }

  removeTree(path: string): Promise<void> {
    return this.client.remove(path, { recursive: true });
  }

  mkdir(path: string, mode: number): Promise<void> {
    return this.client.mkdir(path, { mode });
  }

  symlink(target: string, path: string): Promise<void> {
    return this.client.symlink(target, path);
  }

  async setMeta(path: string, m: SetMeta): Promise<void> {
    if (m.mode !== undefined) await this.client.chmod(path, m.mode);
    if (m.times !== undefined) await this.client.utime(path, m.times.atime, m.times.mtime);
  }
}

function remoteSink(f: NfsFile, wsize: number): Sink {
  // A first chunk that fits one WRITE waits for the next one or the close: a file of one
  // chunk (most small files) is then one FILE_SYNC WRITE, with no COMMIT.
  let first: Uint8Array | null = null;
  let w: WritableStreamDefaultWriter<Uint8Array> | null = null;
  const writer = () => w ??= f.writable.getWriter();
  return {
    write: async (chunk) => {
      if (w === null && first === null && chunk.length > 0 && chunk.length <= wsize) {
        first = chunk;
        return;
      }
      if (first !== null) {
        const held = first;
        first = null;
        await writer().write(held);
      }
      await writer().write(chunk);
    },
    close: async () => {
      if (first !== null) {
        const held = first;
        first = null;
        await f.writeAt(held, 0, { stable: true });
      }
      await w?.close();
      await f.close();
    },
    abort: async () => {
      first = null;
      await w?.abort().catch(() => {});
      await f.close().catch(() => {});
    },
  };
}
