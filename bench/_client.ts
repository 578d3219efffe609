/**
 * Our client, as its own process, for `bench/io.ts` (so its CPU time and peak RSS are
 * measured exactly as libnfs's tools are: `/usr/bin/time` around the whole process).
 *
 * ```
 * deno run --allow-all bench/_client.ts read   URL [--buf BYTES] [--bufs K|auto] [--window N] [--rsize BYTES] [--verify]
 * deno run --allow-all bench/_client.ts write  URL --size BYTES [--window N] [--rsize BYTES]
 * deno run --allow-all bench/_client.ts ls     URL
 * deno run --allow-all bench/_client.ts create URL --count N --concurrency C [--bytes B]
 * ```
 *
 * `read` reads sequentially with `read()` into one reused buffer (`--bufs 1`, the default),
 * or keeps K `readAt()` calls in flight on K reused buffers (`--bufs K`), consumed in order:
 * how an application streams a file with small, cache-hot buffers and still keeps READs in
 * flight across calls (one `read()` waits for its whole buffer before the next is asked).
 * `--bufs auto` picks K from a warm round trip ({@linkcode autoBufs}); the result says K.
 *
 * URL is an `nfs://` URL of the file (read, write) or directory (ls, create). Prints one
 * line of JSON ({@linkcode ClientResult}) on stdout. Uses only the public API (`../mod.ts`).
 *
 * @module
 */
import { connect, type CopyStats, copyStats, type NfsClient } from "../mod.ts";

/** Default read buffer: one 16 MiB buffer, allocated once and reused. */
export const DEFAULT_BUF = 16 << 20;

/**
 * The benchmark's files are this block of {@linkcode fillPattern} bytes repeated (cut at the
 * file size); the write test writes this very block again and again.
 */
export const PATTERN_BLOCK = 16 << 20;

/** What one `_client.ts` run prints. */
export interface ClientResult {
  /** The command. */
  op: "read" | "write" | "ls" | "create";
  /** Payload bytes moved (read, write), or entries listed / files created. */
  bytes: number;
  /** Entries listed (ls) or files created (create). */
  count: number;
  /** Seconds of the operation alone (after connect, before disconnect). */
  seconds: number;
  /** Seconds of the whole run inside the process: connect + operation + close. */
  totalSeconds: number;
  /** Copy counters' change over the operation. */
  copies: CopyStats;
  /** Size the server reports for the file afterwards (write), or null. */
  sizeAfter: number | null;
  /** Mismatching buffers found by `--verify` (read), or null when not verified. */
  mismatches: number | null;
  /** Reads kept in flight (read with `--bufs`), else absent. */
  inFlight?: number;
}

/**
 * Fills `buf` with the benchmark's data pattern (a cheap, non-repeating word sequence).
 *
 * @param buf The buffer to fill.
 * @returns `buf`.
 */
export function fillPattern(buf: Uint8Array): Uint8Array {
  const words = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2);
  for (let i = 0; i < words.length; i++) words[i] = Math.imul(i, 2654435761) ^ (i >>> 7);
  for (let i = words.length << 2; i < buf.length; i++) buf[i] = i & 0xff;
  return buf;
}

/**
 * Reads in flight for `--bufs auto`: 2 on loopback (one landing while the server prepares
 * the next); past half a ms of round trip, 2 + 1.5 per ms (1.5 MiB in flight per ms of round
 * trip: 1.5 GiB/s, above what the proxy at 0 ms passes here): 5 at +1 ms each way, 33 at +10.
 * Few, because each in flight is a buffer: on this VM (1 MiB of L2 per core) the socket's
 * copy into a 16 MiB buffer costs about twice the system time of a copy into a reused 1 MiB
 * one (strace: 62 against 14 µs per recvfrom; 0.46-0.54 against 0.30-0.36 CPU s/GiB with 2
 * buffers of 1 MiB; 4 of them cost as much as one of 16 MiB).
 *
 * @param rttMs The round trip, warm (see {@linkcode warmRtt}).
 */
export function autoBufs(rttMs: number): number {
  return rttMs < 0.5 ? 2 : Math.min(64, 2 + Math.ceil(1.5 * rttMs));
}

/**
 * The round trip of a 1-byte READ, the least of 3: warm, unlike the connect-time figure
 * (`limits.rttMs`, the process's first call, 1-1.5 ms on loopback here while JIT warms up).
 */
async function warmRtt(nfs: NfsClient, name: string): Promise<number> {
  await using probe = await nfs.open(name);
  const one = new Uint8Array(1);
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await probe.readAt(one, 0);
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

function delta(a: CopyStats, b: CopyStats): CopyStats {
  return {
    headerBytes: b.headerBytes - a.headerBytes,
    payloadBytes: b.payloadBytes - a.payloadBytes,
    flattenBytes: b.flattenBytes - a.flattenBytes,
    copies: b.copies - a.copies,
  };
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function numFlag(args: string[], name: string, fallback?: number): number {
  const v = flag(args, name);
  if (v === undefined) {
    if (fallback === undefined) throw new TypeError(`Missing ${name}`);
    return fallback;
  }
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new TypeError(`Invalid ${name} ${JSON.stringify(v)}`);
  }
  return n;
}

/** Whether `got` holds the pattern file's bytes at file offset `at`. */
function matchesPattern(got: Uint8Array, at: number, block: Uint8Array): boolean {
  let i = 0;
  while (i < got.length) {
    const o = (at + i) % block.length;
    const n = Math.min(got.length - i, block.length - o);
    if (!sameBytes(got.subarray(i, i + n), block.subarray(o, o + n))) return false;
    i += n;
  }
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if ((a.byteOffset | b.byteOffset) & 3) return a.every((x, i) => x === b[i]);
  if (a.length !== b.length) return false;
  const w = a.length >>> 2;
  const x = new Uint32Array(a.buffer, a.byteOffset, w);
  const y = new Uint32Array(b.buffer, b.byteOffset, w);
  for (let i = 0; i < w; i++) if (x[i] !== y[i]) return false;
  for (let i = w << 2; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Splits an `nfs://` URL into the directory URL and the last path component. */
function splitUrl(url: string): { dirUrl: string; name: string } {
  const q = url.indexOf("?");
  const base = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? "" : url.slice(q);
  const slash = base.lastIndexOf("/");
  return { dirUrl: base.slice(0, slash) + query, name: decodeURIComponent(base.slice(slash + 1)) };
}

async function main(args: string[]): Promise<ClientResult> {
  const [op, url] = args;
  if (op === undefined || url === undefined) {
    throw new TypeError("Usage: _client.ts read|write|ls|create URL [flags]");
  }
  const t0 = performance.now();
  if (op === "read" || op === "write") {
    const { dirUrl, name } = splitUrl(url);
    const bufSize = numFlag(args, "--buf", DEFAULT_BUF);
    const window = flag(args, "--window");
    const xfer = flag(args, "--rsize");
    await using nfs = await connect(dirUrl, {
      ...(window === undefined ? {} : { readWindow: Number(window), writeWindow: Number(window) }),
      ...(xfer === undefined ? {} : { rsize: Number(xfer), wsize: Number(xfer) }),
    });
    if (op === "read") {
      const verify = args.includes("--verify");
      const k = flag(args, "--bufs") === "auto"
        ? autoBufs(await warmRtt(nfs, name))
        : Math.max(1, numFlag(args, "--bufs", 1));
      const bufs = Array.from({ length: k }, () => new Uint8Array(bufSize));
      // Touch every page once, outside the timed part (first touch is slow here).
      for (const b of bufs) b.fill(1);
      const block = verify ? fillPattern(new Uint8Array(PATTERN_BLOCK)) : null;
      let mismatches = 0;
      const check = (got: Uint8Array, at: number) => {
        if (block !== null && !matchesPattern(got, at, block)) mismatches++;
      };
      const before = copyStats();
      const t1 = performance.now();
      await using f = await nfs.open(name);
      let bytes = 0;
      if (k === 1) {
        const buf = bufs[0]!;
        for (;;) {
          const n = await f.read(buf);
          if (n === null) break;
          check(buf.subarray(0, n), bytes);
          bytes += n;
        }
      } else {
        // K reads in flight, at consecutive offsets; each buffer is asked again once consumed.
        let next = 0;
        let eof = false;
        const ask = (b: Uint8Array) => {
          const at = next;
          next += b.length;
          return f.readAt(b, at).then((n) => ({ n, at }));
        };
        const pending = bufs.map(ask);
        for (let i = 0; !eof; i = (i + 1) % k) {
          const { n, at } = await pending[i]!;
          if (at !== bytes) throw new Error(`Read out of order: ${at}, expected ${bytes}`);
          if (n === null || n === 0) break;
          check(bufs[i]!.subarray(0, n), at);
          bytes += n;
          if (n < bufs[i]!.length) eof = true; // a short read: the end of the file
          else pending[i] = ask(bufs[i]!);
        }
        // Let the reads asked past the end settle before the file closes.
        await Promise.allSettled(pending);
      }
      const seconds = (performance.now() - t1) / 1000;
      const copies = delta(before, copyStats());
      await f.close();
      await nfs.close();
      return {
        op,
        bytes,
        count: 0,
        seconds,
        totalSeconds: (performance.now() - t0) / 1000,
        copies,
        sizeAfter: null,
        mismatches: verify ? mismatches : null,
        inFlight: k,
      };
    }
    const size = numFlag(args, "--size");
    const buf = fillPattern(new Uint8Array(PATTERN_BLOCK)).subarray(
      0,
      Math.min(PATTERN_BLOCK, size),
    );
    const before = copyStats();
    const t1 = performance.now();
    const f = await nfs.open(name, { write: true, create: true, truncate: true });
    let bytes = 0;
    while (bytes < size) {
      const n = Math.min(buf.length, size - bytes);
      bytes += await f.write(n === buf.length ? buf : buf.subarray(0, n));
    }
    await f.close();
    const seconds = (performance.now() - t1) / 1000;
    const copies = delta(before, copyStats());
    const sizeAfter = (await nfs.stat(name)).size;
    await nfs.close();
    return {
      op,
      bytes,
      count: 0,
      seconds,
      totalSeconds: (performance.now() - t0) / 1000,
      copies,
      sizeAfter,
      mismatches: null,
    };
  }
  if (op === "ls") {
    await using nfs = await connect(url);
    const before = copyStats();
    const t1 = performance.now();
    let count = 0;
    let bytes = 0;
    for await (const e of nfs.readDir(".")) {
      count++;
      bytes += e.info.size;
    }
    const seconds = (performance.now() - t1) / 1000;
    const copies = delta(before, copyStats());
    await nfs.close();
    return {
      op,
      bytes,
      count,
      seconds,
      totalSeconds: (performance.now() - t0) / 1000,
      copies,
      sizeAfter: null,
      mismatches: null,
    };
  }
  if (op === "create") {
    const count = numFlag(args, "--count");
    const concurrency = Math.max(1, numFlag(args, "--concurrency", 1));
    const data = fillPattern(new Uint8Array(numFlag(args, "--bytes", 4096)));
    await using nfs = await connect(url);
    const before = copyStats();
    const t1 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        await nfs.writeFile(`f${String(i).padStart(5, "0")}`, data, { createNew: true });
      }
    }));
    const seconds = (performance.now() - t1) / 1000;
    const copies = delta(before, copyStats());
    await nfs.close();
    return {
      op,
      bytes: count * data.length,
      count,
      seconds,
      totalSeconds: (performance.now() - t0) / 1000,
      copies,
      sizeAfter: null,
      mismatches: null,
    };
  }
  throw new TypeError(`Unknown command ${JSON.stringify(op)}`);
}

if (import.meta.main) {
  const result = await main(Deno.args);
  console.log(JSON.stringify(result));
}
