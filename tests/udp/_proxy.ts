/**
 * A UDP fault proxy for the UDP transport's tests: clients send to `proxy.port`, the proxy
 * forwards each datagram to the server from one socket of its own and each answer back to
 * the client it came for, and a `fault` hook decides, per datagram, whether it is dropped,
 * duplicated, held back behind the next one (reordered) or delayed. Deterministic: the
 * hook sees the direction, the datagram's index in that direction, and its RPC fields.
 *
 * @module
 */
import dgram from "node:dgram";

/** Which way a datagram goes. */
export type Direction = "call" | "reply";

/** What the hook sees of one datagram. */
export interface Datagram {
  /** "call" (client → server) or "reply". */
  dir: Direction;
  /** 0-based index among the datagrams of that direction. */
  index: number;
  /** The RPC XID (first word). */
  xid: number;
  /** For a call: program, version, procedure; for a reply: those of its call, if seen. */
  prog: number | undefined;
  vers: number | undefined;
  proc: number | undefined;
  /** The bytes. */
  bytes: Uint8Array;
}

/** What to do with one datagram (default: forward it once, now). */
export interface Fault {
  /** Drop it. */
  drop?: boolean;
  /** Forward it this many extra times. */
  duplicate?: number;
  /** Hold it until the next datagram of the same direction has gone (a swap). */
  reorder?: boolean;
  /** Forward it after this many ms. */
  delayMs?: number;
}

/** Counters of a {@linkcode UdpProxy}. */
export interface ProxyStats {
  forwarded: number;
  dropped: number;
  duplicated: number;
  reordered: number;
  delayed: number;
}

/** A running proxy; close it (or `await using`). */
export interface UdpProxy {
  /** The port clients send to. */
  port: number;
  /** The counters. */
  stats: ProxyStats;
  /** Replaces the hook. */
  fault: (d: Datagram) => Fault | undefined;
  /** Stops the proxy. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function bind(s: dgram.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once("error", reject);
    s.bind(0, "127.0.0.1", () => {
      s.off("error", reject);
      resolve();
    });
  });
}

/**
 * Starts a proxy to `127.0.0.1:serverPort`.
 *
 * @param serverPort The server's UDP port.
 * @param fault The hook (default: forward everything).
 * @returns The running proxy.
 */
export async function startUdpProxy(
  serverPort: number,
  fault: (d: Datagram) => Fault | undefined = () => undefined,
): Promise<UdpProxy> {
  const front = dgram.createSocket("udp4");
  const back = dgram.createSocket("udp4");
  await bind(front);
  await bind(back);
  const stats: ProxyStats = { forwarded: 0, dropped: 0, duplicated: 0, reordered: 0, delayed: 0 };
  const calls = new Map<number, { prog: number; vers: number; proc: number }>();
  const clients = new Map<number, { address: string; port: number }>();
  const held: Record<Direction, (() => void) | null> = { call: null, reply: null };
  const index: Record<Direction, number> = { call: 0, reply: 0 };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let closed = false;
  const proxy: UdpProxy = {
    port: front.address().port,
    stats,
    fault,
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all([front, back].map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
    [Symbol.asyncDispose]() {
      return this.close();
    },
  };
  const handle = (dir: Direction, msg: Uint8Array, send: () => void) => {
    if (closed || msg.length < 4) return;
    const v = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
    const xid = v.getUint32(0);
    let call = calls.get(xid);
    if (dir === "call" && msg.length >= 24) {
      call = { prog: v.getUint32(12), vers: v.getUint32(16), proc: v.getUint32(20) };
      calls.set(xid, call);
    }
    const f = proxy.fault({
      dir,
      index: index[dir]++,
      xid,
      prog: call?.prog,
      vers: call?.vers,
      proc: call?.proc,
      bytes: msg,
    }) ?? {};
    if (f.drop) {
      stats.dropped++;
      return;
    }
    const times = 1 + (f.duplicate ?? 0);
    stats.duplicated += times - 1;
    const go = () => {
      for (let i = 0; i < times; i++) {
        stats.forwarded++;
        send();
      }
    };
    const later = f.delayMs !== undefined && f.delayMs > 0
      ? () => {
        stats.delayed++;
        const t = setTimeout(() => {
          timers.delete(t);
          if (!closed) go();
        }, f.delayMs);
        timers.add(t);
      }
      : go;
    const before = held[dir];
    held[dir] = null;
    if (f.reorder && before === null) {
      stats.reordered++;
      held[dir] = later; // goes out right after the next one
      return;
    }
    later();
    before?.();
  };
  front.on("message", (msg: Uint8Array, rinfo: dgram.RemoteInfo) => {
    if (msg.length >= 4) {
      const xid = new DataView(msg.buffer, msg.byteOffset, 4).getUint32(0);
      clients.set(xid, { address: rinfo.address, port: rinfo.port });
    }
    handle("call", msg, () => back.send(msg, serverPort, "127.0.0.1"));
  });
  back.on("message", (msg: Uint8Array) => {
    if (msg.length < 4) return;
    const to = clients.get(new DataView(msg.buffer, msg.byteOffset, 4).getUint32(0));
    if (to === undefined) return;
    handle("reply", msg, () => front.send(msg, to.port, to.address));
  });
  front.on("error", () => {});
  back.on("error", () => {});
  return proxy;
}
