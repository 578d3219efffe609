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
  const chunks: { off: number; len: number }[] = [];
  for (let off = 0; off < dest.length; off += rsize) {
    chunks.push({ off, len: Math.min(rsize, dest.length - off) });
  }
  await windowed(chunks, window, async (ch, more) => {
    if (ch.off >= eofAt) return;
    const r = await p.read(fh, offset + ch.off, ch.len, dest.subarray(ch.off, ch.off + ch.len), c);
    if (r.count > ch.len) {
      throw protocolError(
        `Cannot read ${quoteName(c.path ?? "")}: the server returned more than asked`,
        { path: c.path },
      );
    }
    if (r.eof || r.count === 0) eofAt = Math.min(eofAt, ch.off + r.count);
    else if (r.count < ch.len) more({ off: ch.off + r.count, len: ch.len - r.count });
  }, c.signal);
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
  await windowed(chunks, window, async (ch, more) => {
    const piece = data.subarray(ch.off, ch.off + ch.len);
    const r = await p.write(fh, offset + ch.off, piece, stable, c);
    if (r.count === 0 || r.count > ch.len) {
      throw localError(
        "EIO",
        `Cannot write ${
          quoteName(c.path ?? "")
        }: the server accepted ${r.count} of ${ch.len} bytes`,
        { path: c.path },
      );
    }
    out.push({
      offset: offset + ch.off,
      data: piece.subarray(0, r.count),
      committed: r.committed,
      verf: r.verf,
    });
    if (r.count < ch.len) more({ off: ch.off + r.count, len: ch.len - r.count });
  }, c.signal);
  return out;
}

function sameVerf(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Commits UNSTABLE ranges: one COMMIT, then every range whose write verifier differs from
 * the COMMIT's (the server restarted and may have lost it) is written again with FILE_SYNC.
 *
 * @returns How many ranges had to be written again.
 */
export async function commitRanges(
  p: Proto,
  fh: Uint8Array,
  ranges: readonly WrittenRange[],
  wsize: number,
  window: number,
  c: Ctx,
): Promise<number> {
  const unstable = ranges.filter((r) => r.committed === 0);
  if (unstable.length === 0) return 0;
  const verf = await p.commit(fh, c);
  const lost = unstable.filter((r) => !sameVerf(r.verf, verf));
  if (lost.length === 0) return 0;
  await windowed(lost, window, async (r) => {
    await writeRange(p, fh, r.offset, r.data, wsize, 1, true, c);
  }, c.signal);
  return lost.length;
}
