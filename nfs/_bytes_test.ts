// Helpers for hand-built XDR byte vectors and a fake RpcCaller (no tests in this file).
import { MbufChain } from "../mbuf/mod.ts";
import type { CallSpec, RpcCaller } from "../rpc/types.ts";
import { XdrReader, XdrWriter } from "../xdr/mod.ts";

/** Big-endian 32-bit words. */
export function u32(...words: number[]): number[] {
  const out: number[] = [];
  for (const w of words) out.push((w >>> 24) & 255, (w >>> 16) & 255, (w >>> 8) & 255, w & 255);
  return out;
}

/** A 64-bit value as two words. */
export function u64(v: bigint | number): number[] {
  const b = BigInt(v);
  return u32(Number(b >> 32n), Number(b & 0xffffffffn));
}

/** XDR opaque<>: length, bytes, zero padding. */
export function opaque(bytes: number[] | Uint8Array): number[] {
  const a = [...bytes];
  return [...u32(a.length), ...a, ...new Array((4 - (a.length & 3)) & 3).fill(0)];
}

/** XDR string<> (ASCII). */
export function str(s: string): number[] {
  return opaque([...new TextEncoder().encode(s)]);
}

/** Concatenates parts into one Uint8Array. */
export function bytes(...parts: number[][]): Uint8Array {
  return new Uint8Array(parts.flat());
}

/** Encodes with `fn` and returns the flat bytes. */
export function encoded(fn: (w: XdrWriter) => void): Uint8Array {
  const w = new XdrWriter();
  fn(w);
  const chain = w.finish();
  const out = chain.toBytes();
  chain.release();
  return out;
}

/** Decodes `b` with `fn`, checking that every byte is consumed. */
export function decoded<T>(b: Uint8Array | MbufChain, fn: (r: XdrReader) => T): T {
  const r = new XdrReader(b);
  const v = fn(r);
  r.expectEnd();
  return v;
}

/** A chain holding `b` split into two external segments at `at` (for split-point tests). */
export function splitChain(b: Uint8Array, at: number): MbufChain {
  return new MbufChain().appendExternal(b.slice(0, at)).appendExternal(b.slice(at));
}

/** What the fake caller saw of one call. */
export interface SeenCall {
  spec: CallSpec<unknown>;
  /** The request chain (not released, for identity checks). */
  chain: MbufChain;
  /** Its bytes. */
  bytes: Uint8Array;
}

/**
 * A fake RpcCaller: runs `encode` into an XdrWriter, then decodes the next queued reply
 * (bytes or a chain built by a function of the spec) with `decode`, requiring that every
 * byte is consumed.
 */
export class FakeCaller implements RpcCaller {
  readonly calls: SeenCall[] = [];
  readonly replies: (Uint8Array | ((spec: CallSpec<unknown>) => MbufChain))[] = [];

  reply(r: Uint8Array | ((spec: CallSpec<unknown>) => MbufChain)): this {
    this.replies.push(r);
    return this;
  }

  call<T>(spec: CallSpec<T>): Promise<T> {
    try {
      const w = new XdrWriter();
      spec.encode(w);
      const chain = w.finish();
      this.calls.push({ spec: spec as CallSpec<unknown>, chain, bytes: chain.toBytes() });
      const next = this.replies.shift();
      if (next === undefined) throw new Error("FakeCaller: no reply queued");
      const src = next instanceof Uint8Array ? next : next(spec as CallSpec<unknown>);
      return Promise.resolve(decoded(src, spec.decode));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The last request's bytes. */
  get last(): SeenCall {
    const c = this.calls[this.calls.length - 1];
    if (c === undefined) throw new Error("FakeCaller: no call made");
    return c;
  }
}
