/**
 * A latency-injecting TCP proxy for `bench/io.ts`: each listening port on 127.0.0.1 forwards
 * to one target port, and every chunk read in either direction is written out `delayMs`
 * after it arrived (timestamp on arrival, write when due, order kept). There is no bandwidth
 * cap: chunks are as large as the socket hands them over, and up to
 * {@linkcode MAX_QUEUED_BYTES} may wait in each direction.
 *
 * Run it as its own process, so its CPU time stays out of the clients' figures:
 *
 * ```
 * deno run --allow-net bench/_proxy.ts --delay 1 --to 2049 --to 20048 [--chunk BYTES]
 * ```
 *
 * It prints one JSON line, `{"ports":[P1,P2]}` (the listening port of each `--to`, in
 * order), then runs until its stdin closes or it gets SIGTERM.
 *
 * @module
 */

/** Default bytes read per chunk (one socket read). */
export const DEFAULT_CHUNK = 256 << 10;
/** Bytes that may wait in one direction before reading pauses (far above 1 ms × 10 GB/s). */
export const MAX_QUEUED_BYTES = 64 << 20;

/** A running proxy. */
export interface LatencyProxy {
  /** The listening port of each target, in order. */
  readonly ports: readonly number[];
  /** Stops listening and closes every connection. */
  close(): void;
}

interface Chunk {
  buf: Uint8Array;
  n: number;
  due: number;
}

/** Free chunk buffers, reused (first-touching fresh memory is slow on some VMs). */
const free: Uint8Array[] = [];

/** The current time in ms since the epoch, sub-ms, comparable across threads. */
function now(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The timer thread: sleeps in `Atomics.wait` until the earliest due time that the main
 * thread published, then posts it. Deno's `setTimeout` cannot wait less than about 2 ms
 * (measured: `setTimeout(r, 0)` and `setTimeout(r, 1)` both take 2.2 ms here), far too
 * coarse for a 1 ms delay.
 */
const TIMER_WORKER = `
const now = () => performance.timeOrigin + performance.now();
self.onmessage = (e) => {
  const gen = new Int32Array(e.data, 0, 1);
  const due = new Float64Array(e.data, 8, 1);
  for (;;) {
    const g = Atomics.load(gen, 0);
    const d = due[0];
    if (d === 0) { Atomics.wait(gen, 0, g); continue; }
    const wait = d - now();
    if (wait > 0) { Atomics.wait(gen, 0, g, wait); continue; }
    self.postMessage(d);
    Atomics.wait(gen, 0, g);
  }
};`;

/** Sub-millisecond sleeps: a worker blocked in `Atomics.wait`, woken by the main thread. */
class PreciseTimer {
  readonly #worker: Worker;
  readonly #gen: Int32Array;
  readonly #due: Float64Array;
  #waiters: { due: number; resolve: () => void }[] = [];

  constructor() {
    const sab = new SharedArrayBuffer(16);
    this.#gen = new Int32Array(sab, 0, 1);
    this.#due = new Float64Array(sab, 8, 1);
    const url = URL.createObjectURL(new Blob([TIMER_WORKER], { type: "text/javascript" }));
    this.#worker = new Worker(url, { type: "module" });
    this.#worker.onmessage = () => this.#fire();
    this.#worker.postMessage(sab);
  }

  /** Resolves at `due` (ms since the epoch, as {@linkcode now}), about 0.1 ms late. */
  until(due: number): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push({ due, resolve });
      this.#arm();
    });
  }

  #fire(): void {
    const t = now();
    const left: { due: number; resolve: () => void }[] = [];
    for (const w of this.#waiters) {
      if (w.due <= t) w.resolve();
      else left.push(w);
    }
    this.#waiters = left;
    this.#arm();
  }

  #arm(): void {
    let next = 0;
    for (const w of this.#waiters) if (next === 0 || w.due < next) next = w.due;
    if (next === this.#due[0]) return;
    this.#due[0] = next;
    Atomics.add(this.#gen, 0, 1);
    Atomics.notify(this.#gen, 0);
  }

  close(): void {
    this.#worker.terminate();
  }
}

/** Copies `src` to `dst`, each chunk delayed by `delayMs`, order kept; then half-closes. */
async function pump(
  src: Deno.TcpConn,
  dst: Deno.TcpConn,
  delayMs: number,
  timer: PreciseTimer,
  chunk: number,
): Promise<void> {
  const queue: Chunk[] = [];
  let queued = 0;
  let ended = false;
  let wake: (() => void) | null = null;
  let space: (() => void) | null = null;
  const notify = () => {
    const w = wake as (() => void) | null;
    wake = null;
    w?.();
  };
  const reader = (async () => {
    try {
      for (;;) {
        while (queued >= MAX_QUEUED_BYTES) await new Promise<void>((r) => (space = r));
        const buf = free.pop() ?? new Uint8Array(chunk);
        const n = await src.read(buf);
        if (n === null) {
          free.push(buf);
          break;
        }
        queue.push({ buf, n, due: now() + delayMs });
        queued += n;
        notify();
      }
    } catch {
      // the connection was reset or closed: end this direction
    } finally {
      ended = true;
      notify();
    }
  })();
  try {
    for (;;) {
      const head = queue[0];
      if (head === undefined) {
        if (ended) break;
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      if (head.due > now()) await timer.until(head.due);
      queue.shift();
      let off = 0;
      while (off < head.n) off += await dst.write(head.buf.subarray(off, head.n));
      queued -= head.n;
      free.push(head.buf);
      const s = space as (() => void) | null;
      space = null;
      s?.();
    }
    await dst.closeWrite();
  } catch {
    try {
      src.close();
    } catch { /* already closed */ }
  }
  await reader;
}

async function serve(
  listener: Deno.TcpListener,
  target: number,
  delayMs: number,
  conns: Set<Deno.TcpConn>,
  timer: PreciseTimer,
  chunk: number,
): Promise<void> {
  for await (const client of listener) {
    void (async () => {
      let server: Deno.TcpConn;
      try {
        server = await Deno.connect({ hostname: "127.0.0.1", port: target });
      } catch {
        client.close();
        return;
      }
      client.setNoDelay(true);
      server.setNoDelay(true);
      conns.add(client);
      conns.add(server);
      await Promise.all([
        pump(client, server, delayMs, timer, chunk),
        pump(server, client, delayMs, timer, chunk),
      ]);
      for (const c of [client, server]) {
        conns.delete(c);
        try {
          c.close();
        } catch { /* already closed */ }
      }
    })();
  }
}

/**
 * Starts the proxy in this process.
 *
 * @param targets Ports on 127.0.0.1 to forward to.
 * @param delayMs Delay added to every chunk in each direction.
 * @param chunk Largest socket read, in bytes.
 * @returns The proxy; its `ports[i]` forwards to `targets[i]`.
 */
export function startLatencyProxy(
  targets: readonly number[],
  delayMs: number,
  chunk: number = DEFAULT_CHUNK,
): LatencyProxy {
  const conns = new Set<Deno.TcpConn>();
  const timer = new PreciseTimer();
  const listeners = targets.map(() => Deno.listen({ hostname: "127.0.0.1", port: 0 }));
  listeners.forEach((l, i) =>
    void serve(l, targets[i]!, delayMs, conns, timer, chunk).catch(() => {})
  );
  return {
    ports: listeners.map((l) => l.addr.port),
    close() {
      for (const l of listeners) {
        try {
          l.close();
        } catch { /* already closed */ }
      }
      for (const c of conns) {
        try {
          c.close();
        } catch { /* already closed */ }
      }
      timer.close();
    },
  };
}

if (import.meta.main) {
  const targets: number[] = [];
  let delay = 1;
  let chunk = DEFAULT_CHUNK;
  for (let i = 0; i < Deno.args.length; i++) {
    const a = Deno.args[i];
    const v = Number(Deno.args[i + 1]);
    if (a === "--to" && Number.isInteger(v)) targets.push(v), i++;
    else if (a === "--delay" && v >= 0) delay = v, i++;
    else if (a === "--chunk" && Number.isInteger(v) && v > 0) chunk = v, i++;
    else throw new TypeError(`Invalid argument ${JSON.stringify(a)}`);
  }
  const proxy = startLatencyProxy(targets, delay, chunk);
  console.log(JSON.stringify({ ports: proxy.ports }));
  const stop = () => {
    proxy.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", stop);
  // Ends when the parent closes our stdin (or dies).
  for await (const _ of Deno.stdin.readable) { /* ignore input */ }
  stop();
}
