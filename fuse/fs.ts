/**
 * A FUSE file system served from an {@linkcode NfsClient}: it reads requests from
 * `/dev/fuse`, runs them on the client (path-based, through its public API), and writes the
 * replies back.
 *
 * - Nodes: the kernel knows files by node id; each node id maps to a path inside the
 *   export (updated on RENAME, dropped on UNLINK/RMDIR, freed on FORGET). Programs see the
 *   NFS file id as the inode number, so hard links and `find -samefile` work.
 * - Concurrency: one loop reads the device (non-blocking `read`, with `poll` on a worker
 *   thread while it is empty) and starts each request without waiting for the previous
 *   one, so many requests are in flight (the kernel's async reads and readahead pipeline).
 * - READ: the NFS READ lands in a buffer that is then written to the device with `writev`
 *   after the reply header, no JS copy.
 * - WRITE: the payload is a subarray of the very buffer the request was read into; it is
 *   handed to `NfsFile.writeAt` (an external mbuf in the WRITE call, held until COMMIT) and
 *   the loop reads the next request into a new buffer. Payloads under
 *   {@linkcode SMALL_WRITE} bytes are copied once (counted as payload copies) into an
 *   exact-size buffer instead, so a 1 MiB request buffer is not pinned by a 100-byte write.
 *   WRITEs are UNSTABLE and answered when sent (write-behind, like an NFS client's page
 *   cache), at most {@linkcode WRITE_BEHIND_BYTES} in flight per open file; their errors
 *   come back on the next WRITE, FLUSH (close), FSYNC. FLUSH, FSYNC and RELEASE COMMIT, with
 *   the library's write-verifier checks (a server restart sends the held bytes again).
 * - Consistency: attributes and entries are cached by the kernel for the attr/entry
 *   timeouts; OPEN always fetches fresh attributes (close-to-open) and keeps the kernel's
 *   page cache only when size and mtime did not change; close commits.
 *
 * @module
 */
import type { NfsClient, NfsFile, NfsFileInfo } from "../mod.ts";
import { countCopy } from "../mbuf/mod.ts";
import { closeFd, ERRNO, errnoName, pollIn, readFd, writevFd } from "./_libc.ts";
import {
  ArgReader,
  attrOut,
  body,
  decodeInit,
  decodeRequest,
  direntSize,
  ENTRY_OUT_SIZE,
  entryOut,
  Fattr,
  Fopen,
  FUSE_KERNEL_MINOR_VERSION,
  FUSE_KERNEL_VERSION,
  type FuseAttr,
  GETATTR_FH,
  Init,
  initOut,
  Op,
  openOut,
  opName,
  outHeader,
  putDirent,
  putEntry,
  RENAME_EXCHANGE,
  RENAME_NOREPLACE,
  type Request,
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
  statfsOut,
  writeOut,
} from "./proto.ts";

/** Largest WRITE payload asked for in INIT: 1 MiB. */
export const MAX_WRITE = 1 << 20;
/** Write payloads below this are copied out of the request buffer (see the module doc). */
export const SMALL_WRITE = 64 << 10;
/** Bytes of WRITEs answered but not yet acknowledged by the server, per open file. */
export const WRITE_BEHIND_BYTES = 16 << 20;
/** Size of the buffer each request is read into: `max_write` plus a page for headers. */
const REQUEST_BUFFER = MAX_WRITE + 4096;

/** Options of {@linkcode FuseFs}. */
export interface FuseFsOptions {
  /** Refuse every change with EROFS. */
  readOnly?: boolean;
  /** Seconds the kernel may trust attributes (default 1). */
  attrTimeout?: number;
  /** Seconds the kernel may trust a name lookup (default 1). */
  entryTimeout?: number;
  /** Gets one line per FUSE operation. */
  debug?: (line: string) => void;
  /** Gets unexpected errors (default: `console.error`). */
  warn?: (line: string) => void;
  /**
   * Asked about once a second while the device is idle: false (the mount point was detached
   * with `umount -l`) ends serving, and closing the device then fails the requests of
   * processes still inside (ENOTCONN) instead of leaving them waiting for a dead server.
   */
  stillMounted?: () => boolean;
}

interface Node {
  id: bigint;
  /** Path inside the client's directory ("." for the root); null once unlinked. */
  path: string | null;
  nlookup: number;
  /** Size and mtime seen at the last open or attribute fetch (for close-to-open). */
  seen?: { size: bigint; mtimeMs: number };
  /** Write-behind WRITEs in flight on this node (any handle). */
  writes: Set<Promise<void>>;
}

interface Handle {
  node: Node;
  file: NfsFile;
  writable: boolean;
  writes: Set<Promise<void>>;
  inFlight: number;
  error?: unknown;
  /** Request buffers whose WRITE payloads the file holds until the next COMMIT. */
  handed: Uint8Array<ArrayBuffer>[];
  handedBytes: number;
}

/** Held request buffers above which a handle commits, so they can be read into again. */
const RECYCLE_BYTES = 16 << 20;
/** Request buffers kept for reuse. */
const REQUEST_POOL = 32;

interface DirHandle {
  node: Node;
  entries: { name: string; info: NfsFileInfo | null }[] | null;
}

/** A decoded request: what to run, how to name it in the debug log, what to do after. */
interface Decoded {
  run: (() => Promise<Uint8Array[] | null>) | null;
  what: string;
  done?: () => void;
}

/** A request failed with this errno (positive). */
class Errno extends Error {
  readonly errno: number;
  constructor(errno: number, message?: string) {
    super(message ?? errnoName(errno));
    this.errno = errno;
  }
}

const enc = new TextEncoder();

function typeBits(t: NfsFileInfo["type"]): number {
  switch (t) {
    case "file":
      return S_IFREG;
    case "directory":
      return S_IFDIR;
    case "symlink":
      return S_IFLNK;
    case "block":
      return S_IFBLK;
    case "char":
      return S_IFCHR;
    case "socket":
      return S_IFSOCK;
    case "fifo":
      return S_IFIFO;
  }
}

/** Attributes of a negative entry (not used by the kernel). */
const NO_ATTR: FuseAttr = {
  ino: 0n,
  size: 0n,
  blocks: 0,
  atimeMs: 0,
  mtimeMs: 0,
  ctimeMs: 0,
  mode: 0,
  nlink: 0,
  uid: 0,
  gid: 0,
  rdev: 0,
};

/** NFS attributes as `fuse_attr`. */
export function fuseAttr(i: NfsFileInfo): FuseAttr {
  return {
    ino: i.fileid === 0n ? 1n : i.fileid,
    size: i.size64,
    blocks: i.blocks,
    atimeMs: i.atime.getTime(),
    mtimeMs: i.mtime.getTime(),
    ctimeMs: i.ctime.getTime(),
    mode: typeBits(i.type) | (i.mode & 0o7777),
    nlink: i.nlink,
    uid: i.uid,
    gid: i.gid,
    rdev: i.rdev,
  };
}

/**
 * The errno for a failure: the NFS status's POSIX code as the library names it
 * (NFS3ERR_NOENT -> ENOENT, NFS3ERR_STALE -> ESTALE, NFS3ERR_JUKEBOX -> EAGAIN, ...); a
 * server that does not answer (soft time-out, lost connection) is EIO, as for a soft NFS
 * mount; a cancelled call EINTR.
 */
export function errnoOf(e: unknown): number {
  if (e instanceof Errno) return e.errno;
  if (e instanceof DOMException && e.name === "AbortError") return ERRNO.EINTR;
  const code = (e as { code?: unknown })?.code;
  if (typeof code === "string") {
    if (code === "ETIMEDOUT" || code === "ECONNRESET" || code === "ECONNREFUSED") return ERRNO.EIO;
    const n = (ERRNO as Record<string, number>)[code];
    if (n !== undefined) return n;
  }
  return ERRNO.EIO;
}

function join(dir: string, name: string): string {
  return dir === "." ? name : `${dir}/${name}`;
}

/** `O_ACCMODE`, `O_EXCL`, `O_TRUNC` (Linux values). */
const O_ACCMODE = 3;
const O_EXCL = 0o200;
const O_TRUNC = 0o1000;

/**
 * Serves one FUSE connection (an open `/dev/fuse` descriptor, mounted) from an NFS client.
 * Call {@linkcode FuseFs.serve}; it resolves once the file system is unmounted (the device
 * says ENODEV) or {@linkcode FuseFs.stop} was called.
 */
export class FuseFs {
  readonly #fd: number;
  readonly #nfs: NfsClient;
  readonly #ro: boolean;
  readonly #attrTimeout: number;
  readonly #entryTimeout: number;
  readonly #debug: ((line: string) => void) | undefined;
  readonly #warn: (line: string) => void;
  readonly #stillMounted: (() => boolean) | undefined;
  readonly #nodes = new Map<bigint, Node>();
  readonly #byPath = new Map<string, Node>();
  readonly #handles = new Map<bigint, Handle>();
  readonly #dirs = new Map<bigint, DirHandle>();
  readonly #inflight = new Set<Promise<void>>();
  readonly #readPool: ArrayBuffer[] = [];
  readonly #reqPool: Uint8Array<ArrayBuffer>[] = [];
  #nextNode = 2n;
  #nextFh = 1n;
  #buf: Uint8Array<ArrayBuffer> | undefined;
  #stopping = false;
  #closed = false;
  #initDone!: () => void;
  /** Resolves once INIT is answered (the kernel's per-mount settings exist from then on). */
  readonly initialized: Promise<void> = new Promise((r) => this.#initDone = r);
  /** Requests answered, by opcode name (for tests and the debug summary). */
  readonly counts: Record<string, number> = {};

  /**
   * Prepares to serve; nothing is read before {@linkcode FuseFs.serve}.
   *
   * @param fd The `/dev/fuse` descriptor of a mounted file system (closed by `serve`).
   * @param nfs The client; paths are relative to its directory.
   * @param o Options.
   */
  constructor(fd: number, nfs: NfsClient, o: FuseFsOptions = {}) {
    this.#fd = fd;
    this.#nfs = nfs;
    this.#ro = o.readOnly ?? false;
    this.#attrTimeout = o.attrTimeout ?? 1;
    this.#entryTimeout = o.entryTimeout ?? 1;
    this.#debug = o.debug;
    this.#warn = o.warn ?? ((l) => console.error(l));
    this.#stillMounted = o.stillMounted;
    const root: Node = { id: 1n, path: ".", nlookup: 1, writes: new Set() };
    this.#nodes.set(1n, root);
    this.#byPath.set(".", root);
  }

  /** Asks the loop to end (after the mount point was detached). */
  stop(): void {
    this.#stopping = true;
  }

  /**
   * Reads and answers requests until the file system is unmounted or {@linkcode stop} is
   * called, then waits for the requests in flight (at most `drainMs`), commits and closes
   * the open files, and closes the device.
   *
   * @param drainMs How long to wait for requests in flight at the end.
   */
  async serve(drainMs = 10_000): Promise<void> {
    try {
      await this.#loop();
    } finally {
      // Bounded: with a hard mount and the server gone, these would wait forever.
      const deadline = Date.now() + drainMs;
      const within = async (p: Promise<unknown>): Promise<boolean> => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<false>((r) => {
          timer = setTimeout(() => r(false), Math.max(0, deadline - Date.now()));
        });
        try {
          return await Promise.race([p.then(() => true, () => true), late]);
        } finally {
          clearTimeout(timer);
        }
      };
      await within(Promise.allSettled([...this.#inflight]));
      for (const h of this.#handles.values()) {
        const closed = within(
          Promise.allSettled([...h.writes]).then(() => h.file.close()).catch((e) =>
            this.#warn(`nfs mount: closing ${h.file.path}: ${e}`)
          ),
        );
        if (!(await closed)) {
          this.#warn(`nfs mount: ${h.file.path} was not committed: the server does not answer`);
        }
      }
      this.#handles.clear();
      this.#closed = true;
      closeFd(this.#fd);
    }
  }

  async #loop(): Promise<void> {
    let nextCheck = 0;
    while (!this.#stopping) {
      const buf = this.#buf ??= this.#reqPool.pop() ??
        new Uint8Array(new ArrayBuffer(REQUEST_BUFFER));
      const n = readFd(this.#fd, buf);
      if (n === -ERRNO.EAGAIN) {
        const ready = await pollIn(this.#fd, 250);
        if (ready === 0 && this.#stillMounted !== undefined && Date.now() >= nextCheck) {
          nextCheck = Date.now() + 1000;
          if (!this.#stillMounted()) return; // detached
        }
        continue;
      }
      if (n === -ERRNO.EINTR || n === -ERRNO.ENOENT) continue; // interrupted request
      if (n === -ERRNO.ENODEV) return; // unmounted
      if (n < 0) throw new Errno(-n, `reading /dev/fuse: ${errnoName(-n)}`);
      let req: Request;
      try {
        req = decodeRequest(buf.subarray(0, n));
      } catch (e) {
        this.#warn(`nfs mount: ${(e as Error).message}`);
        continue;
      }
      if (req.opcode === Op.WRITE) this.#buf = undefined; // the payload is handed over
      const p = this.#dispatch(req);
      this.#inflight.add(p);
      p.finally(() => this.#inflight.delete(p));
    }
  }

  #send(unique: bigint, error: number, parts: Uint8Array[]): void {
    if (this.#closed) return;
    let len = 0;
    for (const p of parts) len += p.length;
    const r = writevFd(this.#fd, [outHeader(unique, -error, error === 0 ? len : 0), ...parts]);
    // ENOENT: the request was interrupted meanwhile; ENODEV: unmounted. Nothing to do.
    if (r < 0 && r !== -ERRNO.ENOENT && r !== -ERRNO.ENODEV) {
      this.#warn(`nfs mount: writing a reply to /dev/fuse: ${errnoName(-r)}`);
    }
  }

  /** Decodes the arguments synchronously (the buffer is reused), then runs the op. */
  async #dispatch(req: Request): Promise<void> {
    const t0 = this.#debug ? performance.now() : 0;
    const name = opName(req.opcode);
    let run: Decoded["run"];
    let what = "";
    let done: (() => void) | undefined;
    try {
      const dec = this.#decode(req);
      run = dec.run;
      what = dec.what;
      done = dec.done;
    } catch (e) {
      this.#send(req.unique, errnoOf(e) || ERRNO.EIO, []);
      this.#debug?.(`fuse: ${name} node=${req.nodeid}: ${(e as Error).message}`);
      return;
    }
    if (run === null) return; // no reply (FORGET, BATCH_FORGET, INTERRUPT)
    let error = 0;
    let parts: Uint8Array[] | null = [];
    try {
      parts = await run();
    } catch (e) {
      error = errnoOf(e);
      if (error === ERRNO.EIO && !(typeof (e as { code?: unknown })?.code === "string")) {
        this.#warn(`nfs mount: ${name} ${what}: ${(e as Error)?.stack ?? e}`);
      }
    }
    if (parts !== null || error !== 0) this.#send(req.unique, error, parts ?? []);
    done?.();
    if (req.opcode === Op.INIT && error === 0) this.#initDone();
    this.counts[name] = (this.counts[name] ?? 0) + 1;
    if (this.#debug) {
      const ms = (performance.now() - t0).toFixed(1);
      this.#debug(
        `fuse: ${name} node=${req.nodeid} ${what} -> ${error ? errnoName(error) : "ok"} (${ms} ms)`,
      );
    }
  }

  #node(id: bigint): Node {
    const n = this.#nodes.get(id);
    if (n === undefined) throw new Errno(ERRNO.ESTALE, `unknown node ${id}`);
    return n;
  }

  #path(n: Node): string {
    if (n.path === null) throw new Errno(ERRNO.ENOENT, `node ${n.id} was removed`);
    return n.path;
  }

  #child(parent: bigint, name: string): string {
    if (name.length === 0 || name.includes("/")) throw new Errno(ERRNO.EINVAL);
    if (name === "." || name === "..") throw new Errno(ERRNO.EINVAL);
    return join(this.#path(this.#node(parent)), name);
  }

  #writable(): void {
    if (this.#ro) throw new Errno(ERRNO.EROFS);
  }

  /** The node for a path, counting one lookup. */
  #lookupNode(path: string): Node {
    let n = this.#byPath.get(path);
    if (n === undefined) {
      n = { id: this.#nextNode++, path, nlookup: 0, writes: new Set() };
      this.#nodes.set(n.id, n);
      this.#byPath.set(path, n);
    }
    n.nlookup++;
    return n;
  }

  #forget(id: bigint, count: number): void {
    const n = this.#nodes.get(id);
    if (n === undefined || id === 1n) return;
    n.nlookup -= count;
    if (n.nlookup <= 0) {
      this.#nodes.delete(id);
      if (n.path !== null && this.#byPath.get(n.path) === n) this.#byPath.delete(n.path);
    }
  }

  #detach(path: string): void {
    const n = this.#byPath.get(path);
    if (n !== undefined) {
      this.#byPath.delete(path);
      n.path = null;
    }
  }

  /** Moves the node at `from` (and everything below it) to `to`. */
  #move(from: string, to: string): void {
    this.#detach(to);
    const prefix = from + "/";
    for (const [p, n] of [...this.#byPath]) {
      if (p !== from && !p.startsWith(prefix)) continue;
      const np = to + p.slice(from.length);
      this.#byPath.delete(p);
      if (p !== from) this.#detach(np);
      n.path = np;
      this.#byPath.set(np, n);
    }
  }

  async #drain(n: Node): Promise<void> {
    while (n.writes.size > 0) await Promise.allSettled([...n.writes]);
  }

  async #stat(n: Node, fh?: bigint): Promise<NfsFileInfo> {
    await this.#drain(n);
    const h = fh === undefined ? undefined : this.#handles.get(fh);
    const info = h !== undefined ? await h.file.stat() : await this.#nfs.lstat(this.#path(n));
    n.seen = { size: info.size64, mtimeMs: info.mtime.getTime() };
    return info;
  }

  #entry(path: string, info: NfsFileInfo): Uint8Array[] {
    const n = this.#lookupNode(path);
    n.seen = { size: info.size64, mtimeMs: info.mtime.getTime() };
    return [entryOut(n.id, fuseAttr(info), this.#entryTimeout, this.#attrTimeout)];
  }

  #decode(req: Request): Decoded {
    const a = new ArgReader(req);
    const nfs = this.#nfs;
    const id = req.nodeid;
    switch (req.opcode) {
      case Op.INIT: {
        const init = decodeInit(req);
        return {
          what: `${init.major}.${init.minor}`,
          run: () => Promise.resolve(this.#init(init)),
        };
      }
      case Op.DESTROY:
        return { what: "", run: () => Promise.resolve([]) };
      case Op.FORGET: {
        const count = a.num();
        this.#forget(id, count);
        return { what: "", run: null };
      }
      case Op.BATCH_FORGET: {
        const count = a.u32();
        a.u32();
        for (let i = 0; i < count; i++) {
          const nid = a.u64();
          this.#forget(nid, a.num());
        }
        return { what: `${count}`, run: null };
      }
      case Op.INTERRUPT:
        return { what: "", run: null };
      case Op.LOOKUP: {
        const path = this.#child(id, a.name());
        return {
          what: path,
          run: async () => {
            let info: NfsFileInfo;
            try {
              info = await nfs.lstat(path);
            } catch (e) {
              if (errnoOf(e) !== ERRNO.ENOENT || this.#entryTimeout <= 0) throw e;
              // A negative entry (node id 0), cached by the kernel for the entry timeout
              // like a positive one: programs probing missing names (git, shells, tar)
              // ask once instead of at every try.
              const b = body(ENTRY_OUT_SIZE);
              putEntry(b.view, 0, 0n, NO_ATTR, this.#entryTimeout, 0);
              return [b.bytes];
            }
            return this.#entry(path, info);
          },
        };
      }
      case Op.GETATTR: {
        const flags = a.u32();
        a.u32();
        const fh = a.u64();
        const n = this.#node(id);
        return {
          what: n.path ?? "(removed)",
          run: async () => {
            const info = await this.#stat(n, flags & GETATTR_FH ? fh : undefined);
            return [attrOut(fuseAttr(info), this.#attrTimeout)];
          },
        };
      }
      case Op.SETATTR:
        return this.#setattr(req, a);
      case Op.ACCESS: {
        const mask = a.u32();
        const n = this.#node(id);
        return {
          what: `${n.path} mask=${mask}`,
          run: async () => {
            const info = await this.#stat(n);
            this.#access(info, mask, req.uid, req.gid);
            return [];
          },
        };
      }
      case Op.STATFS:
        return {
          what: "",
          run: async () => {
            const s = await nfs.statfs(".");
            const bsize = 4096n;
            return [statfsOut({
              blocks: s.totalBytes / bsize,
              bfree: s.freeBytes / bsize,
              bavail: s.availBytes / bsize,
              files: s.totalFiles,
              ffree: s.availFiles,
              bsize: Number(bsize),
              namelen: 255,
            })];
          },
        };
      case Op.READLINK: {
        const n = this.#node(id);
        return {
          what: n.path ?? "",
          run: async () => [enc.encode(await nfs.readLink(this.#path(n)))],
        };
      }
      case Op.SYMLINK: {
        const path = this.#child(id, a.name());
        const target = a.name();
        return {
          what: `${path} -> ${target}`,
          run: async () => {
            this.#writable();
            await nfs.symlink(target, path);
            return this.#entry(path, await nfs.lstat(path));
          },
        };
      }
      case Op.MKNOD: {
        const mode = a.u32();
        a.u32(); // rdev
        const umask = a.u32();
        a.u32();
        const path = this.#child(id, a.name());
        return {
          what: `${path} ${mode.toString(8)}`,
          run: async () => {
            this.#writable();
            if ((mode & S_IFMT) !== S_IFREG) {
              throw new Errno(ERRNO.EOPNOTSUPP, "only regular files can be made with mknod");
            }
            const f = await nfs.open(path, {
              write: true,
              createNew: true,
              mode: mode & ~umask & 0o7777,
            });
            await f.close();
            return this.#entry(path, await nfs.lstat(path));
          },
        };
      }
      case Op.MKDIR: {
        const mode = a.u32();
        const umask = a.u32();
        const path = this.#child(id, a.name());
        return {
          what: path,
          run: async () => {
            this.#writable();
            await nfs.mkdir(path, { mode: mode & ~umask & 0o7777 });
            return this.#entry(path, await nfs.lstat(path));
          },
        };
      }
      case Op.UNLINK:
      case Op.RMDIR: {
        const path = this.#child(id, a.name());
        const dir = req.opcode === Op.RMDIR;
        return {
          what: path,
          run: async () => {
            this.#writable();
            const info = await nfs.lstat(path);
            if (dir && !info.isDirectory) throw new Errno(ERRNO.ENOTDIR);
            if (!dir && info.isDirectory) throw new Errno(ERRNO.EISDIR);
            await nfs.remove(path);
            this.#detach(path);
            return [];
          },
        };
      }
      case Op.RENAME:
      case Op.RENAME2: {
        const newdir = a.u64();
        let flags = 0;
        if (req.opcode === Op.RENAME2) {
          flags = a.u32();
          a.u32();
        }
        const from = this.#child(id, a.name());
        const to = this.#child(newdir, a.name());
        return {
          what: `${from} -> ${to}`,
          run: async () => {
            this.#writable();
            if (flags & RENAME_EXCHANGE) throw new Errno(ERRNO.EINVAL, "NFS cannot exchange");
            if (flags & ~RENAME_NOREPLACE) throw new Errno(ERRNO.EINVAL);
            if (flags & RENAME_NOREPLACE) {
              // Checked, then renamed: not atomic (NFSv3 RENAME always replaces).
              if ((await nfs.lstat(to).catch(() => null)) !== null) throw new Errno(ERRNO.EEXIST);
            }
            await nfs.rename(from, to);
            this.#move(from, to);
            return [];
          },
        };
      }
      case Op.LINK: {
        const old = this.#node(a.u64());
        const path = this.#child(id, a.name());
        return {
          what: `${old.path} => ${path}`,
          run: async () => {
            this.#writable();
            await nfs.link(this.#path(old), path);
            return this.#entry(path, await nfs.lstat(path));
          },
        };
      }
      case Op.OPEN: {
        const flags = a.u32();
        const n = this.#node(id);
        return { what: `${n.path} flags=${flags.toString(8)}`, run: () => this.#open(n, flags) };
      }
      case Op.CREATE: {
        const flags = a.u32();
        const mode = a.u32();
        const umask = a.u32();
        a.u32();
        const path = this.#child(id, a.name());
        return {
          what: path,
          run: async () => {
            this.#writable();
            const file = await nfs.open(path, {
              read: true,
              write: true,
              create: true,
              createNew: (flags & O_EXCL) !== 0,
              // The kernel sends CREATE only for a name it believes missing; if another
              // client made it meanwhile, O_TRUNC must still empty it (the kernel will not).
              truncate: (flags & O_TRUNC) !== 0,
              mode: mode & ~umask & 0o7777,
            });
            let info: NfsFileInfo;
            try {
              info = await file.stat();
            } catch (e) {
              await file.close().catch(() => {});
              throw e;
            }
            const [entry] = this.#entry(path, info);
            const node = this.#byPath.get(path)!;
            const fh = this.#nextFh++;
            this.#handles.set(fh, {
              node,
              file,
              writable: true,
              writes: new Set(),
              inFlight: 0,
              handed: [],
              handedBytes: 0,
            });
            return [entry!, openOut(fh, 0)];
          },
        };
      }
      case Op.READ: {
        const fh = a.u64();
        const offset = a.num();
        const size = a.u32();
        let buf: Uint8Array | undefined;
        return {
          what: `fh=${fh} ${offset}+${size}`,
          run: async () => {
            const r = await this.#read(fh, offset, size);
            buf = r.buf;
            return [r.data];
          },
          // After the reply went out: the buffer the READ landed in is free again.
          done: () => {
            if (buf !== undefined && this.#readPool.length < 16) {
              this.#readPool.push(buf.buffer as ArrayBuffer);
            }
          },
        };
      }
      case Op.WRITE: {
        const fh = a.u64();
        const offset = a.num();
        const size = a.u32();
        a.u32(); // write_flags
        a.u64(); // lock_owner
        a.u32(); // flags
        a.u32();
        let data = a.rest(size);
        let owner: Uint8Array<ArrayBuffer> | undefined = req.bytes.buffer.byteLength ===
            REQUEST_BUFFER
          ? new Uint8Array(req.bytes.buffer as ArrayBuffer)
          : undefined;
        if (size < SMALL_WRITE) {
          data = data.slice();
          countCopy("payload", size);
          if (owner !== undefined && this.#reqPool.length < REQUEST_POOL) this.#reqPool.push(owner);
          owner = undefined;
        }
        return {
          what: `fh=${fh} ${offset}+${size}`,
          run: () => this.#write(fh, offset, data, owner),
        };
      }
      case Op.FLUSH:
      case Op.FSYNC: {
        const fh = a.u64();
        return { what: `fh=${fh}`, run: () => this.#sync(fh) };
      }
      case Op.RELEASE: {
        const fh = a.u64();
        return {
          what: `fh=${fh}`,
          run: async () => {
            const h = this.#handles.get(fh);
            if (h === undefined) return [];
            this.#handles.delete(fh);
            await Promise.allSettled([...h.writes]);
            const batch = this.#takeHanded(h);
            await h.file.close().then(
              () => this.#recycle(batch),
              (e) => this.#warn(`nfs mount: closing ${h.file.path}: ${e}`),
            );
            return [];
          },
        };
      }
      case Op.OPENDIR: {
        const n = this.#node(id);
        return {
          what: n.path ?? "",
          run: () => {
            this.#path(n);
            const fh = this.#nextFh++;
            this.#dirs.set(fh, { node: n, entries: null });
            return Promise.resolve([openOut(fh, 0)]);
          },
        };
      }
      case Op.READDIR:
      case Op.READDIRPLUS: {
        const fh = a.u64();
        const offset = a.num();
        const size = a.u32();
        const plus = req.opcode === Op.READDIRPLUS;
        return { what: `fh=${fh} off=${offset}`, run: () => this.#readdir(fh, offset, size, plus) };
      }
      case Op.RELEASEDIR: {
        const fh = a.u64();
        this.#dirs.delete(fh);
        return { what: `fh=${fh}`, run: () => Promise.resolve([]) };
      }
      case Op.FSYNCDIR:
        return { what: "", run: () => Promise.resolve([]) };
      default:
        return { what: "", run: () => Promise.reject(new Errno(ERRNO.ENOSYS)) };
    }
  }

  #init(init: { major: number; minor: number; maxReadahead: number; flags: number }) {
    if (init.major !== FUSE_KERNEL_VERSION || init.minor < 23) {
      throw new Errno(ERRNO.EPROTO, `FUSE ${init.major}.${init.minor} is too old (7.23 needed)`);
    }
    const want = Init.ASYNC_READ | Init.BIG_WRITES | Init.DO_READDIRPLUS | Init.MAX_PAGES |
      Init.PARALLEL_DIROPS | Init.AUTO_INVAL_DATA;
    const flags = init.flags & want;
    return [initOut({
      minor: Math.min(init.minor, FUSE_KERNEL_MINOR_VERSION),
      maxReadahead: init.maxReadahead,
      flags,
      maxBackground: 64,
      congestionThreshold: 48,
      maxWrite: MAX_WRITE,
      timeGran: 1_000_000,
      maxPages: MAX_WRITE / 4096,
    })];
  }

  #access(info: NfsFileInfo, mask: number, uid: number, gid: number): void {
    if (mask === 0) return; // F_OK: it exists
    if ((mask & 2) && this.#ro) throw new Errno(ERRNO.EROFS);
    const m = info.mode;
    if (uid === 0) {
      // root: everything but executing a file without any x bit
      if ((mask & 1) && !info.isDirectory && (m & 0o111) === 0) throw new Errno(ERRNO.EACCES);
      return;
    }
    const bits = uid === info.uid ? (m >> 6) & 7 : gid === info.gid ? (m >> 3) & 7 : m & 7;
    if ((bits & mask) !== mask) throw new Errno(ERRNO.EACCES);
  }

  #setattr(req: Request, a: ArgReader) {
    const valid = a.u32();
    a.u32();
    const fh = a.u64();
    const size = a.u64();
    a.u64(); // lock_owner
    const atime = a.num();
    const mtime = a.num();
    a.u64(); // ctime
    const atimensec = a.u32();
    const mtimensec = a.u32();
    a.u32(); // ctimensec
    const mode = a.u32();
    a.u32();
    const uid = a.u32();
    const gid = a.u32();
    const n = this.#node(req.nodeid);
    const nfs = this.#nfs;
    return {
      what: `${n.path} valid=${valid.toString(16)}`,
      run: async () => {
        this.#writable();
        const path = this.#path(n);
        const h = valid & Fattr.FH ? this.#handles.get(fh) : undefined;
        await this.#drain(n);
        if (valid & Fattr.MODE) await nfs.chmod(path, mode & 0o7777);
        if (valid & (Fattr.UID | Fattr.GID)) {
          await nfs.lchown(path, valid & Fattr.UID ? uid : null, valid & Fattr.GID ? gid : null);
        }
        if (valid & Fattr.SIZE) {
          if (h?.writable) await h.file.truncate(Number(size));
          else await nfs.truncate(path, size);
        }
        if (valid & (Fattr.ATIME | Fattr.MTIME)) {
          const now = Date.now();
          let cur: NfsFileInfo | undefined;
          const pick = async (
            set: number,
            setNow: number,
            sec: number,
            nsec: number,
            which: "atime" | "mtime",
          ): Promise<Date> => {
            if (valid & set) {
              return new Date(valid & setNow ? now : sec * 1000 + Math.floor(nsec / 1e6));
            }
            cur ??= await nfs.lstat(path);
            return cur[which];
          };
          const at = await pick(Fattr.ATIME, Fattr.ATIME_NOW, atime, atimensec, "atime");
          const mt = await pick(Fattr.MTIME, Fattr.MTIME_NOW, mtime, mtimensec, "mtime");
          await nfs.lutime(path, at, mt);
        }
        const info = h !== undefined ? await h.file.stat() : await nfs.lstat(path);
        n.seen = { size: info.size64, mtimeMs: info.mtime.getTime() };
        return [attrOut(fuseAttr(info), this.#attrTimeout)];
      },
    };
  }

  async #open(n: Node, flags: number): Promise<Uint8Array[]> {
    const path = this.#path(n);
    const acc = flags & O_ACCMODE;
    const writable = acc !== 0;
    if (writable) this.#writable();
    await this.#drain(n);
    const file = await this.#nfs.open(path, writable ? { read: true, write: true } : {});
    let info: NfsFileInfo;
    try {
      info = await file.stat(); // close-to-open: fresh attributes at every open
    } catch (e) {
      await file.close().catch(() => {});
      throw e;
    }
    if (info.isDirectory) {
      await file.close();
      throw new Errno(ERRNO.EISDIR);
    }
    const seen = n.seen;
    const same = seen !== undefined && seen.size === info.size64 &&
      seen.mtimeMs === info.mtime.getTime();
    n.seen = { size: info.size64, mtimeMs: info.mtime.getTime() };
    const fh = this.#nextFh++;
    this.#handles.set(fh, {
      node: n,
      file,
      writable,
      writes: new Set(),
      inFlight: 0,
      handed: [],
      handedBytes: 0,
    });
    return [openOut(fh, same ? Fopen.KEEP_CACHE : 0)];
  }

  #handle(fh: bigint): Handle {
    const h = this.#handles.get(fh);
    if (h === undefined) throw new Errno(ERRNO.EBADF);
    return h;
  }

  async #read(
    fh: bigint,
    offset: number,
    size: number,
  ): Promise<{ data: Uint8Array; buf: Uint8Array | undefined }> {
    const h = this.#handle(fh);
    await this.#drain(h.node);
    const pooled = size <= MAX_WRITE;
    const buf = new Uint8Array(
      (pooled ? this.#readPool.pop() : undefined) ?? new ArrayBuffer(pooled ? MAX_WRITE : size),
      0,
      size,
    );
    // The NFS READ lands in buf; the reply is written from it (header + buf in one writev).
    const n = (await h.file.readAt(buf, offset)) ?? 0;
    return { data: buf.subarray(0, n), buf: pooled ? buf : undefined };
  }

  /** After a COMMIT: the request buffers the file held can be read into again. */
  #recycle(batch: Uint8Array<ArrayBuffer>[]): void {
    for (const b of batch) if (this.#reqPool.length < REQUEST_POOL) this.#reqPool.push(b);
  }

  /** Takes the buffers handed so far (those a COMMIT that starts now will release). */
  #takeHanded(h: Handle): Uint8Array<ArrayBuffer>[] {
    const batch = h.handed;
    h.handed = [];
    h.handedBytes = 0;
    return batch;
  }

  async #write(
    fh: bigint,
    offset: number,
    data: Uint8Array,
    owner: Uint8Array<ArrayBuffer> | undefined,
  ): Promise<Uint8Array[]> {
    const h = this.#handle(fh);
    if (owner !== undefined) {
      h.handed.push(owner);
      h.handedBytes += owner.length;
    }
    if (!h.writable) throw new Errno(ERRNO.EBADF);
    this.#writable();
    if (h.error !== undefined) {
      const e = h.error;
      h.error = undefined;
      throw e;
    }
    while (h.inFlight + data.length > WRITE_BEHIND_BYTES && h.writes.size > 0) {
      await Promise.race([...h.writes]);
    }
    const p: Promise<void> = h.file.writeAt(data, offset).then(
      () => {},
      (e) => {
        h.error ??= e;
      },
    ).finally(() => {
      h.writes.delete(p);
      h.node.writes.delete(p);
      h.inFlight -= data.length;
    });
    h.inFlight += data.length;
    h.writes.add(p);
    h.node.writes.add(p);
    if (h.handedBytes >= RECYCLE_BYTES) {
      // COMMIT now (the library would at 64 MiB anyway), so the buffers can be reused.
      const batch = this.#takeHanded(h);
      while (h.writes.size > 0) await Promise.allSettled([...h.writes]);
      if (h.error === undefined) {
        await h.file.sync();
        this.#recycle(batch);
      }
    }
    return [writeOut(data.length)];
  }

  async #sync(fh: bigint): Promise<Uint8Array[]> {
    const h = this.#handles.get(fh);
    if (h === undefined) return [];
    while (h.writes.size > 0) await Promise.allSettled([...h.writes]);
    if (h.error !== undefined) {
      const e = h.error;
      h.error = undefined;
      throw e;
    }
    if (h.writable) {
      const batch = this.#takeHanded(h);
      await h.file.sync();
      this.#recycle(batch);
    }
    return [];
  }

  async #readdir(
    fh: bigint,
    offset: number,
    size: number,
    plus: boolean,
  ): Promise<Uint8Array[]> {
    const d = this.#dirs.get(fh);
    if (d === undefined) throw new Errno(ERRNO.EBADF);
    if (d.entries === null || offset === 0) {
      const path = this.#path(d.node);
      const list: { name: string; info: NfsFileInfo | null }[] = [
        { name: ".", info: null },
        { name: "..", info: null },
      ];
      for await (const e of this.#nfs.readDir(path)) list.push({ name: e.name, info: e.info });
      d.entries = list;
    }
    const { bytes, view } = body(size);
    let at = 0;
    const base = d.node.path ?? ".";
    for (let i = offset; i < d.entries.length; i++) {
      const e = d.entries[i]!;
      const name = enc.encode(e.name);
      const need = direntSize(name.length) + (plus ? ENTRY_OUT_SIZE : 0);
      if (at + need > size) break;
      const t = e.info === null ? S_IFDIR : typeBits(e.info.type);
      const ino = e.info === null ? 1n : e.info.fileid;
      if (plus) {
        if (e.info === null) {
          bytes.fill(0, at, at + ENTRY_OUT_SIZE);
          view.setUint32(at + 40 + 60, S_IFDIR, true); // attr.mode
        } else {
          const path = join(base, e.name);
          const n = this.#lookupNode(path);
          n.seen = { size: e.info.size64, mtimeMs: e.info.mtime.getTime() };
          putEntry(view, at, n.id, fuseAttr(e.info), this.#entryTimeout, this.#attrTimeout);
        }
        at += ENTRY_OUT_SIZE;
      }
      at += putDirent(bytes, view, at, name, ino, i + 1, t);
    }
    return [bytes.subarray(0, at)];
  }
}
