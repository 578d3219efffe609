import { localError, nfsError, NfsStatus } from "../errors.ts";
import { type NfsFileInfo, toFileInfo } from "./info.ts";
import { commitRanges, readRange, readSome, writeRange, type WrittenRange } from "./io.ts";
import type { Ctx } from "./proto.ts";
import type { Session } from "./session.ts";

/** Where {@linkcode NfsFile.seek} counts from (the values of `Deno.SeekMode`). */
export const SeekMode = { Start: 0, Current: 1, End: 2 } as const;
/** `SeekMode` values: 0 (`Start`), 1 (`Current`) or 2 (`End`). */
export type SeekMode = typeof SeekMode[keyof typeof SeekMode];

/**
 * Held UNSTABLE bytes above which an {@linkcode NfsFile} commits on its own (bounds the
 * memory held for resending after a server restart): 64 MiB.
 */
export const AUTO_COMMIT_BYTES = 64 << 20;

/** Options of one read or write on an {@linkcode NfsFile}. */
export interface FileIoOptions {
  /** Cancels the operation. */
  signal?: AbortSignal;
  /**
   * `writeAt` and `write` only: FILE_SYNC WRITEs, on stable storage when the call returns,
   * so that they need no COMMIT (a server that answers UNSTABLE anyway is committed as
   * usual). Worth it for data that fits one WRITE (`limits.wsize`); larger data is faster
   * UNSTABLE and committed once. Default false.
   */
  stable?: boolean;
}

/**
 * An open file on the server, with Deno-like `read`/`write`/`seek`, positional
 * `readAt`/`writeAt`, and Web Streams. Get one from {@linkcode NfsClient.open}.
 *
 * Buffer ownership: `write`, `writeAt` and `writable` send the caller's bytes without
 * copying them and keep a reference to them until they are committed (on `sync()`, `close()`,
 * or when more than {@linkcode AUTO_COMMIT_BYTES} are held): if the server restarts before
 * the COMMIT, the bytes are sent again from there. Do not modify a buffer you passed to
 * `write` before the next `sync()`/`close()` resolves.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { connect, copyStats, SeekMode } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * {
 *   await using f = await nfs.open("log.bin", { write: true, createNew: true });
 *   await f.write(new Uint8Array(100_000).fill(7)); // UNSTABLE WRITEs, committed at close
 * }
 * await using f = await nfs.open("log.bin");
 * const buf = new Uint8Array(1 << 20);
 * const copied = copyStats().payloadBytes;
 * assertEquals(await f.read(buf), 100_000); // straight into buf from the socket
 * assertEquals(copyStats().payloadBytes - copied, 0);
 * assertEquals(await f.seek(-10, SeekMode.End), 99_990);
 * assertEquals(await f.read(buf), 10);
 * assertEquals(await f.read(buf), null); // end of file
 * assertEquals((await f.stat()).size, 100_000);
 * ```
 */
export class NfsFile {
  readonly #s: Session;
  readonly #fh: Uint8Array;
  readonly #path: string;
  readonly #append: boolean;
  readonly #canRead: boolean;
  readonly #canWrite: boolean;
  readonly #directory: boolean;
  #pos = 0;
  #endSeen: number | undefined = undefined;
  #closed = false;
  #held: WrittenRange[] = [];
  #heldBytes = 0;
  #pendingWrites = new Set<Promise<unknown>>();
  #writeError: unknown = undefined;

  /**
   * Wraps an open file handle; internal: get a file from {@linkcode NfsClient.open}.
   *
   * @internal
   * @param s The session of the client that opened it.
   * @param fh The file handle.
   * @param path The path it was opened with.
   * @param mode What it was opened for.
   */
  constructor(
    s: Session,
    fh: Uint8Array,
    path: string,
    mode: { read: boolean; write: boolean; append: boolean; directory?: boolean },
  ) {
    this.#s = s;
    this.#fh = fh;
    this.#path = path;
    this.#canRead = mode.read;
    this.#canWrite = mode.write || mode.append;
    this.#append = mode.append;
    this.#directory = mode.directory ?? false;
  }

  /** The path this file was opened with (inside the export). */
  get path(): string {
    return this.#path;
  }

  /** The NFS file handle (opaque bytes from the server). */
  get handle(): Uint8Array {
    return this.#fh;
  }

  #ctx(verb: string, o?: FileIoOptions): Ctx {
    return { path: this.#path, verb, signal: o?.signal };
  }

  #check(verb: string, need: "read" | "write" | null): void {
    if (this.#closed) {
      throw localError("EBADF", `Cannot ${verb} "${this.#path}": the file is closed`, {
        path: this.#path,
      });
    }
    if (need === "read" && !this.#canRead) {
      throw localError("EBADF", `Cannot read "${this.#path}": not opened for reading`, {
        path: this.#path,
        proc: "read",
      });
    }
    if (need === "write" && !this.#canWrite) {
      throw localError("EBADF", `Cannot write "${this.#path}": not opened for writing`, {
        path: this.#path,
        proc: "write",
      });
    }
  }

  /**
   * Reads up to `p.length` bytes at `position` into `p` (pipelined READs land straight in
   * `p`). Does not move the file position; safe to call concurrently.
   *
   * @param p The destination buffer.
   * @param position The file offset to read from.
   * @param o Options: `signal` cancels the call.
   * @returns Bytes read, or null at end of file.
   * @throws {NfsError} (code "EBADF") if the file is closed or not opened for reading; {@linkcode StaleHandle} if the file was
   * deleted; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  async readAt(p: Uint8Array, position: number, o?: FileIoOptions): Promise<number | null> {
    this.#check("read", "read");
    if (this.#directory) {
      // As read(2) on a directory: EISDIR from us (servers differ: ganesha says ISDIR,
      // unfsd INVAL), shaped like the server's own NFS3ERR_ISDIR.
      throw nfsError({
        status: NfsStatus.ISDIR,
        proc: `NFS${this.#s.proto.version} READ`,
        path: this.#path,
        verb: "read",
      });
    }
    if (p.length === 0) return 0;
    const l = this.#s.limits;
    const { n, eof } = await readRange(
      this.#s.proto,
      this.#fh,
      position,
      p,
      l.rsize,
      l.readWindow,
      this.#ctx("read", o),
    );
    const end = position + n;
    if (eof) this.#endSeen = end;
    else if (this.#endSeen !== undefined && end > this.#endSeen) this.#endSeen = undefined;
    return n === 0 && eof ? null : n;
  }

  /**
   * Where the last READ that reached the end of the file said it ends: that READ's offset plus
   * the bytes it returned, or undefined while no READ has said so (or one read past it since).
   * A reader that got this far can stop without one more READ to learn that nothing follows;
   * the file may still grow, which only another read shows.
   *
   * @example Reading to the end in one READ
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { connect } from "@nfs/client";
   * import { startTestServer } from "@nfs/client/testing";
   *
   * await using server = await startTestServer();
   * await Deno.writeFile(`${server.exportDir}/four.bin`, new Uint8Array(4096));
   * await using nfs = await connect(server.url);
   * await using f = await nfs.open("four.bin");
   * const calls = nfs.rpc.stats().calls;
   * assertEquals(await f.readAt(new Uint8Array(4096), 0), 4096); // the whole file, and its end
   * assertEquals(f.endSeen, 4096);
   * assertEquals(nfs.rpc.stats().calls, calls + 1);
   * ```
   */
  get endSeen(): number | undefined {
    return this.#endSeen;
  }

  /**
   * Reads up to `p.length` bytes at the current position and advances it.
   *
   * @param p The destination buffer.
   * @param o Options: `signal` cancels the call.
   * @returns Bytes read, or null at end of file.
   * @throws {NfsError} (code "EBADF") if the file is closed or not opened for reading; {@linkcode StaleHandle} if the file was
   * deleted; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  async read(p: Uint8Array, o?: FileIoOptions): Promise<number | null> {
    const n = await this.readAt(p, this.#pos, o);
    if (n !== null) this.#pos += n;
    return n;
  }

  /**
   * Writes all of `p` at `position` (pipelined UNSTABLE WRITEs of `p` itself; see the
   * buffer-ownership note). Does not move the file position.
   *
   * @param p The bytes to write (held, not copied, until committed).
   * @param position The file offset to write at.
   * @param o Options: `signal` cancels the call.
   * @returns `p.length`.
   * @throws {NfsError} (code "EBADF") if the file is closed or not opened for writing; {@linkcode NoSpace},
   * {@linkcode QuotaExceeded}, {@linkcode StaleHandle}; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  async writeAt(p: Uint8Array, position: number, o?: FileIoOptions): Promise<number> {
    this.#check("write", "write");
    if (this.#writeError !== undefined) throw this.#writeError;
    if (p.length === 0) return 0;
    const l = this.#s.limits;
    const ranges = await writeRange(
      this.#s.proto,
      this.#fh,
      position,
      p,
      l.wsize,
      l.writeWindow,
      o?.stable ?? false,
      this.#ctx("write", o),
    );
    for (const r of ranges) {
      if (r.committed === 0) {
        this.#held.push(r);
        this.#heldBytes += r.data.length;
      }
    }
    if (this.#heldBytes > AUTO_COMMIT_BYTES) await this.#commitHeld(o);
    return p.length;
  }

  /**
   * Writes all of `p` at the current position (at the end of file when opened with
   * `append`) and advances the position.
   *
   * @param p The bytes to write (held, not copied, until committed).
   * @param o Options: `signal` cancels the call.
   * @returns `p.length`.
   * @throws {NfsError} (code "EBADF") if the file is closed or not opened for writing; {@linkcode NoSpace},
   * {@linkcode QuotaExceeded}, {@linkcode StaleHandle}; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  async write(p: Uint8Array, o?: FileIoOptions): Promise<number> {
    this.#check("write", "write");
    if (this.#append) {
      this.#pos = Number((await this.#s.proto.getattr(this.#fh, this.#ctx("write", o))).size);
    }
    const at = this.#pos;
    this.#pos += p.length;
    try {
      return await this.writeAt(p, at, o);
    } catch (e) {
      this.#pos = at;
      throw e;
    }
  }

  /**
   * Moves the file position.
   *
   * @param offset Offset relative to `whence`.
   * @param whence 0 start, 1 current, 2 end of file (see {@linkcode SeekMode}).
   * @returns The new position.
   * @throws {NfsError} (code "EBADF") if the file is closed, or (code "EINVAL") if the new position would be negative;
   * {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  async seek(offset: number | bigint, whence: SeekMode = SeekMode.Start): Promise<number> {
    this.#check("seek", null);
    const off = Number(offset);
    let base = 0;
    if (whence === SeekMode.Current) base = this.#pos;
    else if (whence === SeekMode.End) {
      base = Number((await this.#s.proto.getattr(this.#fh, this.#ctx("seek"))).size);
    }
    const next = base + off;
    if (!Number.isSafeInteger(next) || next < 0) {
      throw localError("EINVAL", `Cannot seek "${this.#path}" to ${next}`, {
        path: this.#path,
        proc: "seek",
      });
    }
    this.#pos = next;
    return next;
  }

  /**
   * The file's attributes (fresh GETATTR).
   *
   * @param o Options: `signal` cancels the call.
   * @returns The attributes, shaped like `Deno.FileInfo`.
   * @throws {NfsError} (code "EBADF") if the file is closed; {@linkcode StaleHandle} if the file was deleted; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  async stat(o?: FileIoOptions): Promise<NfsFileInfo> {
    this.#check("stat", null);
    return toFileInfo(await this.#s.proto.getattr(this.#fh, this.#ctx("stat", o)));
  }

  /**
   * Truncates (or extends with zeros) the file to `len` bytes (default 0), after committing
   * pending writes.
   *
   * @param len The new size in bytes.
   * @param o Options: `signal` cancels the call.
   * @returns A promise that resolves once resized.
   * @throws {NfsError} (code "EBADF") if the file is closed or not opened for writing; {@linkcode StaleHandle}; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  async truncate(len = 0, o?: FileIoOptions): Promise<void> {
    this.#check("truncate", "write");
    await this.sync(o);
    await this.#s.proto.setattr(this.#fh, { size: BigInt(len) }, this.#ctx("truncate", o));
  }

  /**
   * Commits every UNSTABLE write to stable storage (COMMIT). Ranges whose write verifier
   * changed (the server restarted) are written again first. The held buffers are released.
   *
   * @param o Options: `signal` cancels the call.
   * @returns How many ranges had to be written again.
   * @throws {NfsError} (code "EBADF") if the file is closed; the error of a failed `writable` chunk; {@linkcode NoSpace},
   * {@linkcode StaleHandle}; {@linkcode TimedOut} or {@linkcode ConnectionError} when the server does not answer.
   */
  async sync(o?: FileIoOptions): Promise<number> {
    this.#check("sync", null);
    await Promise.allSettled([...this.#pendingWrites]);
    if (this.#writeError !== undefined) throw this.#writeError;
    return await this.#commitHeld(o);
  }

  async #commitHeld(o?: FileIoOptions): Promise<number> {
    const held = this.#held;
    if (held.length === 0) return 0;
    this.#held = [];
    this.#heldBytes = 0;
    const l = this.#s.limits;
    try {
      return await commitRanges(
        this.#s.proto,
        this.#fh,
        held,
        l.wsize,
        l.writeWindow,
        this.#ctx("sync", o),
      );
    } catch (e) {
      this.#held = held.concat(this.#held);
      this.#heldBytes = this.#held.reduce((n, r) => n + r.data.length, 0);
      throw e;
    }
  }

  /**
   * Commits pending writes and closes the file. Closing twice is a no-op; other calls on a
   * closed file fail with {@linkcode NfsError} (code "EBADF").
   *
   * @returns A promise that resolves once the writes are committed.
   * @throws The errors of {@linkcode NfsFile.sync} (the file is closed anyway).
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.sync();
    } finally {
      this.#closed = true;
      this.#held = [];
    }
  }

  /**
   * Same as {@linkcode NfsFile.close}, for `await using`.
   *
   * @returns A promise that resolves once the writes are committed.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * A byte stream of the file from the current position. A BYOB reader gets the data in its
   * own buffers straight from the socket; a default reader gets chunks of `rsize` bytes read
   * ahead with `readWindow` READs in flight (each chunk is a fresh buffer, handed over).
   *
   * @returns A new `ReadableStream` (type "bytes").
   * @throws {NfsError} (code "EBADF") if the file is closed or not opened for reading.
   */
  get readable(): ReadableStream<Uint8Array> {
    this.#check("read", "read");
    const rsize = this.#s.limits.rsize;
    const window = this.#s.limits.readWindow;
    let next = this.#pos;
    let eofAt = Infinity;
    const ahead: Promise<{ buf: Uint8Array; n: number }>[] = [];
    // One chunk: READs until it is full or EOF (a short READ is not EOF, RFC 1813 §3.3.6).
    const readChunk = async (at: number, buf: Uint8Array) => {
      let n = 0;
      while (n < buf.length) {
        const r = await readSome(
          this.#s.proto,
          this.#fh,
          at + n,
          buf.length - n,
          buf.subarray(n),
          this.#ctx("read"),
        );
        n += r.count;
        if (r.eof) {
          eofAt = Math.min(eofAt, at + n);
          break;
        }
      }
      return { buf, n };
    };
    const fill = () => {
      while (ahead.length < window && next < eofAt) {
        const at = next;
        next += rsize;
        const p = readChunk(at, new Uint8Array(rsize));
        // Read-aheads may fail before they are awaited, or never be (after an earlier error
        // or cancel): mark them handled so that no unhandled rejection ends the process.
        p.catch(() => {});
        ahead.push(p);
      }
    };
    return new ReadableStream({
      type: "bytes",
      pull: async (ctrl) => {
        const req = ctrl.byobRequest;
        if (req?.view && ahead.length === 0) {
          const v = req.view;
          const view = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
          const n = await this.readAt(view, next);
          if (n === null) {
            ctrl.close();
            req.respond(0);
            return;
          }
          next += n;
          this.#pos = next;
          req.respond(n);
          return;
        }
        fill();
        const head = ahead.shift();
        if (head === undefined) {
          ctrl.close();
          req?.respond(0);
          return;
        }
        const { buf, n } = await head;
        if (n === 0) {
          ahead.length = 0;
          ctrl.close();
          req?.respond(0);
          return;
        }
        this.#pos += n;
        ctrl.enqueue(buf.subarray(0, n));
        fill();
      },
      cancel: () => {
        ahead.length = 0;
      },
    });
  }

  /**
   * A sink writing at the current position with write-behind: each chunk is sent at once
   * (UNSTABLE, up to `writeWindow` chunks in flight) and the stream's close waits for every
   * write and COMMITs. Chunks are sent without copying and held until committed.
   *
   * @returns A new `WritableStream`.
   * @throws {NfsError} (code "EBADF") if the file is closed or not opened for writing.
   */
  get writable(): WritableStream<Uint8Array> {
    this.#check("write", "write");
    const window = this.#s.limits.writeWindow;
    return new WritableStream<Uint8Array>({
      write: async (chunk) => {
        if (this.#writeError !== undefined) throw this.#writeError;
        while (this.#pendingWrites.size >= window) await Promise.race(this.#pendingWrites);
        if (this.#writeError !== undefined) throw this.#writeError;
        const at = this.#pos;
        this.#pos += chunk.length;
        const p = this.writeAt(chunk, at).catch((e) => {
          this.#writeError ??= e;
        });
        this.#pendingWrites.add(p);
        void p.finally(() => this.#pendingWrites.delete(p));
      },
      close: async () => {
        await this.sync();
      },
      abort: async () => {
        await Promise.allSettled([...this.#pendingWrites]);
      },
    });
  }
}
