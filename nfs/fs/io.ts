/**
 * Pipelined bulk I/O: a byte range is cut into rsize/wsize calls with a window of calls in
 * flight. READ data lands in the caller's buffer (each call's sink is a subarray of it);
 * WRITE sends subarrays of the caller's buffer. No payload byte is copied here.
 *
 * @module
 */
import { localError, protocolError, quoteName } from "../errors.ts";
import type { Ctx, Proto } from "./proto.ts";

/** A range written UNSTABLE (or stably), remembered until it is committed. */
export interface WrittenRange {
  /** File offset. */
  offset: number;
  /** The bytes (a view of the caller's buffer, held until commit). */
  data: Uint8Array;
  /** 0 UNSTABLE, 1 DATA_SYNC, 2 FILE_SYNC. */
  committed: number;
  /** The write verifier the server returned (v3). */
  verf: Uint8Array | null;
}

/**
 * Runs `work` over `items` with at most `window` running at once; stops issuing after the
 * first failure and rethrows it once everything started has settled.
 */
async function windowed<T>(
  first: T[],
  window: number,
  work: (item: T, more: (next: T) => void) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const queue = first.slice();
  let running = 0;
  let error: unknown = undefined;
  let failed = false;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (!failed && running < window && queue.length > 0) {
        if (signal?.aborted) {
          failed = true;
          error = signal.reason;
          break;
        }
        const item = queue.shift()!;
        running++;
        work(item, (next) => queue.unshift(next)).then(
          () => {
            running--;
            pump();
          },
          (e) => {
            running--;
            if (!failed) {
              failed = true;
              error = e;
            }
            pump();
          },
        );
      }
      if (running === 0 && (failed || queue.length === 0)) resolve();
    };
    pump();
  });
  if (failed) throw error;
}

/**
 * READs asked again after a reply with no data and no EOF, before the read fails with EIO
 * (Linux fails such a read at once; a server that returns nothing once may be catching up).
 */
export const EMPTY_READ_RETRIES = 3;

/** The EIO errors of {@linkcode readSome} for no data before end of file. */
const EMPTY_READS = new WeakSet<object>();

function emptyRead(e: Error): Error {
  EMPTY_READS.add(e);
  return e;
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * One READ of at most `len` bytes at `offset` into `dest`, checked. A reply with no data and
 * no EOF is not the end of the file: it is asked again ({@linkcode EMPTY_READ_RETRIES}
 * times, a little later each time), then fails with EIO naming the offset. Only when the
 * reply's attributes put the offset at or past the end is it taken as EOF (a server that
 * forgot the flag).
 *
 * @returns The bytes read (at the start of `dest`) and whether the file ends there.
 * @throws {NfsError} EPROTO for more data than asked; EIO for no data before end of file.
 */
export async function readSome(
  p: Proto,
  fh: Uint8Array,
  offset: number,
  len: number,
  dest: Uint8Array,
  c: Ctx,
): Promise<{ count: number; eof: boolean }> {
  for (let tries = 1;; tries++) {
    const r = await p.read(fh, offset, len, dest, c);
    if (r.count > len) {
      throw protocolError(
        `Cannot read ${quoteName(c.path ?? "")}: the server returned more than asked`,
        { proc: `NFS${p.version} READ`, path: c.path },
      );
    }
    if (r.count > 0 || r.eof) return { count: r.count, eof: r.eof };
    if (r.attrs !== null && r.attrs.size <= BigInt(offset)) return { count: 0, eof: true };
    if (tries > EMPTY_READ_RETRIES) {
      throw emptyRead(localError(
        "EIO",
        `Cannot read ${
          quoteName(c.path ?? "")
        }: the server returned no data at offset ${offset} before end of file (${tries} READs)`,
        { proc: `NFS${p.version} READ`, path: c.path },
      ));
    }
    await pause(10 << tries, c.signal);
  }
}

/**
 * Reads `dest.length` bytes at `offset` with pipelined READs straight into `dest`.
 *
 * @returns Bytes read (contiguous from the start of `dest`) and whether EOF was reached.
 */
export async function readRange(
  p: Proto,
  fh: Uint8Array,
  offset: number,
  dest: Uint8Array,
  rsize: number,
  window: number,
  c: Ctx,
): Promise<{ n: number; eof: boolean }> {
  let eofAt = Infinity;
  // A READ past the end, sent before the end was known, may come back empty without EOF:
  // only an empty READ before the end is an error.
  let empty = null as { at: number; error: unknown } | null;
  const chunks: { off: number; len: number }[] = [];
  for (let off = 0; off < dest.length; off += rsize) {
    chunks.push({ off, len: Math.min(rsize, dest.length - off) });
  }
  await windowed(chunks, window, async (ch, more) => {
    if (ch.off >= eofAt || (empty !== null && ch.off >= empty.at)) return;
    const piece = dest.subarray(ch.off, ch.off + ch.len);
    let r;
    try {
      r = await readSome(p, fh, offset + ch.off, ch.len, piece, c);
    } catch (e) {
      if (!EMPTY_READS.has(e as object)) throw e;
      if (empty === null || ch.off < empty.at) empty = { at: ch.off, error: e };
      return;
    }
    if (r.eof) eofAt = Math.min(eofAt, ch.off + r.count);
    else if (r.count < ch.len) more({ off: ch.off + r.count, len: ch.len - r.count });
  }, c.signal);
  if (empty !== null && empty.at < eofAt) throw empty.error;
  const n = Math.min(eofAt, dest.length);
  return { n, eof: eofAt !== Infinity };
}

/**
 * Writes `data` at `offset` with pipelined WRITEs of subarrays of `data` (no copy).
 *
 * @returns The ranges written, with their verifiers, for {@linkcode commitRanges}.
 */
export async function writeRange(
  p: Proto,
  fh: Uint8Array,
  offset: number,
  data: Uint8Array,
  wsize: number,
  window: number,
  stable: boolean,
  c: Ctx,
): Promise<WrittenRange[]> {
  const out: WrittenRange[] = [];
  const chunks: { off: number; len: number }[] = [];
  for (let off = 0; off < data.length; off += wsize) {
    chunks.push({ off, len: Math.min(wsize, data.length - off) });
  }
  // A server that accepts fewer bytes than sent (a short WRITE) is sent no more than it
  // last accepted: resending the whole rest of each piece would send it again and again.
  let size = wsize;
  await windowed(chunks, window, async (ch, more) => {
    if (ch.len > size) {
      more({ off: ch.off + size, len: ch.len - size });
      ch = { off: ch.off, len: size };
    }
    const piece = data.subarray(ch.off, ch.off + ch.len);
    const r = await p.write(fh, offset + ch.off, piece, stable, c);
    if (r.count === 0 || r.count > ch.len) {
      throw localError(
        "EIO",
        `Cannot write ${
          quoteName(c.path ?? "")
        }: the server accepted ${r.count} of ${ch.len} bytes`,
        { proc: `NFS${p.version} WRITE`, path: c.path },
      );
    }
    out.push({
      offset: offset + ch.off,
      data: piece.subarray(0, r.count),
      // A FILE_SYNC WRITE answered less than FILE_SYNC (RFC 1813 §3.3.7 forbids it) is
      // taken as UNSTABLE: it is committed, and its verifier checked, like any other.
      committed: stable && r.committed < 2 ? 0 : r.committed,
      verf: r.verf,
    });
    if (r.count < ch.len) {
      size = Math.min(size, r.count);
      more({ off: ch.off + r.count, len: ch.len - r.count });
    }
  }, c.signal);
  return out;
}

function sameVerf(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Rounds of COMMIT and rewrite before {@linkcode commitRanges} gives up with EIO. */
export const COMMIT_ROUNDS = 4;

/**
 * Commits UNSTABLE ranges: one COMMIT, then every range whose write verifier differs from
 * the COMMIT's (the server restarted and may have lost it) is written again with FILE_SYNC.
 * A rewrite the server answers as UNSTABLE after all is committed again, in up to
 * {@linkcode COMMIT_ROUNDS} rounds.
 *
 * @returns How many ranges had to be written again.
 * @throws {NfsError} EIO if the server keeps losing the data (its verifier keeps changing).
 */
export async function commitRanges(
  p: Proto,
  fh: Uint8Array,
  ranges: readonly WrittenRange[],
  wsize: number,
  window: number,
  c: Ctx,
): Promise<number> {
  let unstable = ranges.filter((r) => r.committed === 0);
  let rewritten = 0;
  for (let round = 1; unstable.length > 0; round++) {
    if (round > COMMIT_ROUNDS) {
      throw localError(
        "EIO",
        `Cannot write ${quoteName(c.path ?? "")}: the server lost written data ${
          round - 1
        } times in a row (its write verifier kept changing)`,
        { proc: `NFS${p.version} COMMIT`, path: c.path },
      );
    }
    const verf = await p.commit(fh, c);
    const lost = unstable.filter((r) => !sameVerf(r.verf, verf));
    if (lost.length === 0) break;
    rewritten += lost.length;
    const again: WrittenRange[] = [];
    await windowed(lost, window, async (r) => {
      again.push(...await writeRange(p, fh, r.offset, r.data, wsize, 1, true, c));
    }, c.signal);
    unstable = again.filter((r) => r.committed === 0);
  }
  return rewritten;
}
