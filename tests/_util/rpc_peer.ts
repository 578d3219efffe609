/**
 * A scripted ONC RPC peer for tests: listens on a free loopback port and hands each
 * accepted connection to a script that reads calls and writes whatever bytes it likes
 * (well-formed replies, broken ones, fragments, garbage).
 */
import { concat as stdConcat } from "@std/bytes";

/** One decoded call as the peer saw it. */
export interface SeenCall {
  xid: number;
  prog: number;
  vers: number;
  proc: number;
  /** The arguments (after the credential and verifier). */
  args: Uint8Array;
}

/** Reads exactly `n` bytes; null at a clean end of stream. */
export async function readExact(
  conn: Deno.Conn,
  n: number,
  pace?: ReadPace,
): Promise<Uint8Array | null> {
  const out = new Uint8Array(n);
  let off = 0;
  while (off < n) {
    const slow = pace !== undefined && off < pace.slowBytes;
    if (slow && off > 0) await new Promise((r) => setTimeout(r, pace.pauseMs));
    const end = slow ? Math.min(n, off + pace.chunk) : n;
    const got = await conn.read(out.subarray(off, end));
    if (got === null) {
      if (off === 0) return null;
      throw new Error(`Peer: stream ended after ${off} of ${n} bytes`);
    }
    off += got;
  }
  return out;
}

/**
 * A slow reader: at most `chunk` bytes per read, `pauseMs` between reads, for the first
 * `slowBytes` of a record's body (then full speed).
 */
export interface ReadPace {
  chunk: number;
  pauseMs: number;
  slowBytes: number;
}

/**
 * Reads one call record (any number of fragments) and parses its header; with `pace`, reads
 * its body slowly.
 */
export async function readCall(conn: Deno.Conn, pace?: ReadPace): Promise<SeenCall | null> {
  const parts: Uint8Array[] = [];
  for (;;) {
    const mark = await readExact(conn, 4);
    if (mark === null) return null;
    const v = new DataView(mark.buffer).getUint32(0);
    const body = await readExact(conn, v & 0x7fffffff, pace);
    if (body === null) return null;
    parts.push(body);
    if (v >= 0x80000000) break;
  }
  const rec = parts.length === 1 ? parts[0]! : concat(...parts); // no copy of a big record
  const dv = new DataView(rec.buffer);
  const credLen = dv.getUint32(28);
  const verfAt = 32 + ((credLen + 3) & ~3);
  const verfLen = dv.getUint32(verfAt + 4);
  const argsAt = verfAt + 8 + ((verfLen + 3) & ~3);
  return {
    xid: dv.getUint32(0),
    prog: dv.getUint32(12),
    vers: dv.getUint32(16),
    proc: dv.getUint32(20),
    args: rec.subarray(argsAt),
  };
}

/** Concatenates byte arrays (`@std/bytes` concat, spread). */
export function concat(...parts: Uint8Array[]): Uint8Array {
  return stdConcat(parts);
}

/** Big-endian uint32 words as bytes. */
export function words(...ws: number[]): Uint8Array {
  const out = new Uint8Array(ws.length * 4);
  const dv = new DataView(out.buffer);
  ws.forEach((w, i) => dv.setUint32(i * 4, w >>> 0));
  return out;
}

/** The reply header of an accepted call (AUTH_NONE verifier) with the given accept_stat. */
export function acceptedHeader(xid: number, acceptStat = 0): Uint8Array {
  return words(xid, 1, 0, 0, 0, acceptStat);
}

/** Frames bytes as one record (last fragment). */
export function record(body: Uint8Array): Uint8Array {
  return concat(words(0x80000000 | body.length), body);
}

/** Frames bytes as several fragments of at most `size` bytes each. */
export function fragments(body: Uint8Array, size: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let o = 0; o < body.length || o === 0; o += size) {
    const piece = body.subarray(o, Math.min(body.length, o + size));
    const last = o + size >= body.length;
    parts.push(words((last ? 0x80000000 : 0) | piece.length), piece);
    if (last) break;
  }
  return concat(...parts);
}

/** A successful reply record: header + body. */
export function successReply(xid: number, body: Uint8Array = new Uint8Array(0)): Uint8Array {
  return record(concat(acceptedHeader(xid), body));
}

/** Writes all bytes. */
export async function writeAll(conn: Deno.Conn, p: Uint8Array): Promise<void> {
  let o = 0;
  while (o < p.length) o += await conn.write(p.subarray(o));
}

/** A listening peer; each connection runs `script`. */
export class RpcPeer {
  readonly listener: Deno.TcpListener;
  readonly port: number;
  readonly #tasks: Promise<void>[] = [];
  readonly #conns = new Set<Deno.Conn>();
  #accepting: Promise<void>;
  connections = 0;

  constructor(script: (conn: Deno.Conn, index: number) => Promise<void>) {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.listener = listener;
    this.port = (listener.addr as Deno.NetAddr).port;
    this.#accepting = (async () => {
      try {
        for await (const conn of listener) {
          const i = this.connections++;
          this.#conns.add(conn);
          this.#tasks.push(
            script(conn, i).catch(() => {}).finally(() => {
              this.#conns.delete(conn);
              try {
                conn.close();
              } catch { /* closed by the script */ }
            }),
          );
        }
      } catch { /* listener closed */ }
    })();
  }

  /** Drops every open connection (the scripts' reads then fail). */
  dropAll(): void {
    for (const c of this.#conns) {
      try {
        c.close();
      } catch { /* already */ }
    }
  }

  /** Stops listening, closes connections, waits for the scripts. */
  async close(): Promise<void> {
    try {
      this.listener.close();
    } catch { /* already */ }
    this.dropAll();
    await this.#accepting;
    await Promise.all(this.#tasks);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
