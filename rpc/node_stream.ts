import { countCopy } from "../mbuf/mod.ts";
import type { ByteStream } from "./transport.ts";

/** Options for {@linkcode connectReservedPort}. */
export interface ReservedPortOptions {
  /** Server address. */
  host: string;
  /** Server port. */
  port: number;
  /** Highest local port tried (default 1023). */
  high?: number;
  /** Lowest local port tried (default 512). */
  low?: number;
}

/**
 * Connects from a privileged local port (below 1024), for servers that refuse other ports
 * (exports without `insecure`). `Deno.connect` cannot bind a local port, so this uses
 * `node:net` with `localPort`, trying 1023 downward. Needs root (or CAP_NET_BIND_SERVICE).
 *
 * The trade-off: Node sockets deliver data in their own `Buffer`s, so every received byte is
 * copied once into our clusters or the caller's buffer. Those copies are counted as payload
 * bytes in `copyStats()`: the zero-copy receive path does not exist on this transport.
 *
 * @param o Address and the local port range.
 * @returns A connected byte stream.
 * @throws {Error} If no port in the range could be bound.
 */
export async function connectReservedPort(o: ReservedPortOptions): Promise<ByteStream> {
  const net = await import("node:net");
  const high = o.high ?? 1023;
  const low = o.low ?? 512;
  let last: unknown;
  for (let lp = high; lp >= low; lp--) {
    try {
      return await new Promise<ByteStream>((resolve, reject) => {
        const sock = net.connect({
          host: o.host,
          port: o.port,
          localPort: lp,
          localAddress: "0.0.0.0",
        });
        sock.once("connect", () => {
          sock.removeListener("error", reject);
          sock.setNoDelay(true);
          resolve(new NodeByteStream(sock));
        });
        sock.once("error", reject);
      });
    } catch (e) {
      last = e;
      const code = (e as { code?: string }).code;
      // EINVAL: Deno's node:net reports a local port whose connection to this very server
      // is still in TIME_WAIT (e.g. the MOUNT connection just closed) this way: try the next.
      if (code !== "EADDRINUSE" && code !== "EADDRNOTAVAIL" && code !== "EINVAL") throw e;
    }
  }
  throw new Error(`Cannot bind a local port in ${low}..${high}: ${last}`);
}

type NodeSocket = import("node:net").Socket;

/** Adapts a `node:net` socket to {@linkcode ByteStream} (pull-style reads). */
class NodeByteStream implements ByteStream {
  readonly #sock: NodeSocket;
  readonly #chunks: Uint8Array[] = [];
  #ended = false;
  #error: Error | null = null;
  #wake: (() => void) | null = null;
  #closedHere = false;

  constructor(sock: NodeSocket) {
    this.#sock = sock;
    sock.on("data", (b: Uint8Array) => {
      this.#chunks.push(b);
      if (this.#chunks.length > 64) sock.pause();
      this.#wake?.();
    });
    sock.on("end", () => {
      this.#ended = true;
      this.#wake?.();
    });
    sock.on("close", () => {
      this.#ended = true;
      this.#wake?.();
    });
    sock.on("error", (e: Error) => {
      this.#error = e;
      this.#wake?.();
    });
  }

  async read(p: Uint8Array): Promise<number | null> {
    for (;;) {
      if (this.#closedHere) return null; // closed by us: nothing more lands in `p`
      if (this.#chunks.length > 0) break;
      if (this.#error) throw this.#error;
      if (this.#ended) return null;
      await new Promise<void>((r) => (this.#wake = r));
      this.#wake = null;
    }
    const c = this.#chunks[0]!;
    const n = Math.min(c.length, p.length);
    p.set(c.subarray(0, n));
    countCopy("payload", n);
    if (n === c.length) this.#chunks.shift();
    else this.#chunks[0] = c.subarray(n);
    if (this.#chunks.length <= 16) this.#sock.resume();
    return n;
  }

  write(p: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#sock.write(p, (err?: Error | null) => (err ? reject(err) : resolve(p.length)));
    });
  }

  close(): void {
    this.#closedHere = true;
    this.#ended = true;
    this.#sock.destroy();
    this.#wake?.();
  }
}
