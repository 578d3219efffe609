/**
 * A small mutation fuzzer for every reply decoder: the RPC reply header, each NFSv3, NFSv2,
 * MOUNT v3 and MOUNT v1 result decoder of the procedure tables, and the portmapper's.
 *
 * Each input is decoded as the client does (`RpcClient`'s receive path: XID, reply header,
 * the procedure's decoder with the call's arguments, end of message). The only outcomes
 * allowed are a value, a typed RPC error from the header, or an `XdrError`. Beyond that:
 *
 * - a decoded value must encode back (`encodeRes`) to the very bytes it came from (a decoder
 *   that accepts what its encoder cannot produce is lax, or the two disagree);
 * - the same bytes cut into a chain of segments must decode to the same outcome (the
 *   cross-segment slow paths);
 * - no decode may take more than {@linkcode SLOW_MS}.
 *
 * Used by `tests/fuzz/decoders_test.ts` (fixed seeds, a bounded number of runs) and by
 * `scripts/fuzz.ts` (`deno task fuzz --seconds N --seed S`).
 *
 * @module
 */
import { isDeepStrictEqual } from "node:util";
import type { MbufChain } from "../../mbuf/mod.ts";
import { XdrError, XdrReader, XdrWriter } from "../../xdr/mod.ts";
import { type CallSpec, decodeReplyHeader, PmapClient, type RpcError } from "../../rpc/mod.ts";
import { NFS3_SERVER_LIST } from "../../testing/_nfs3_codec.ts";
import { NFS2_SERVER_LIST } from "../../testing/_nfs2_codec.ts";
import { MOUNT1_SERVER_LIST, MOUNT3_SERVER_LIST } from "../../testing/_mount_codec.ts";
import type { ServerProcedure } from "../../testing/_program.ts";
import { chainOf, mulberry32, randBytes, randInt } from "../_split.ts";
import type { Seed } from "./_corpus.ts";

/** A decode slower than this counts as a failure (a loop that depends on input). */
export const SLOW_MS = 250;

/** One reply decoder under test. */
export interface Decoder {
  /** E.g. "NFS3 READ". */
  label: string;
  prog: number;
  vers: number;
  proc: number;
  /** Decodes the result, after `accept_stat`; `args` are the call's decoded arguments. */
  decode(r: XdrReader, args?: unknown): unknown;
  /** Decodes the call's arguments (to give `decode` what the client gives it). */
  decodeArgs?: (r: XdrReader) => unknown;
  /** Encodes a result (for the round-trip check). */
  encodeRes?: (w: XdrWriter, v: unknown) => void;
  /** Errors other than XdrError that this decoder documents. */
  allow?: (e: unknown) => boolean;
}

function fromTable(
  prefix: string,
  prog: number,
  vers: number,
  p: ServerProcedure<unknown, unknown>,
) {
  return {
    label: `${prefix} ${p.name}`,
    prog,
    vers,
    proc: p.proc,
    decode: (r: XdrReader, args?: unknown) => p.decode(r, args),
    decodeArgs: (r: XdrReader) => p.decodeArgs(r),
    encodeRes: (w: XdrWriter, v: unknown) => p.encodeRes(w, v),
  };
}

/** The portmapper's decoders, taken from the specs `PmapClient` builds. */
function pmapDecoders(): Decoder[] {
  let spec: CallSpec<unknown> | undefined;
  const pmap = new PmapClient({
    call<T>(s: CallSpec<T>): Promise<T> {
      spec = s as CallSpec<unknown>;
      return Promise.resolve(undefined as T);
    },
  });
  const take = (label: string, proc: number, start: () => Promise<unknown>): Decoder => {
    void start();
    const s = spec!;
    return { label, prog: 100000, vers: 2, proc, decode: (r) => s.decode(r) };
  };
  return [
    take("PMAP NULL", 0, () => pmap.null()),
    {
      ...take("PMAP GETPORT", 3, () => pmap.getPort(100003, 3)),
      // Documented check: a port above 65535 is a RangeError.
      allow: (e) => e instanceof RangeError && /^Portmapper returned port \d+$/.test(e.message),
    },
    take("PMAP DUMP", 4, () => pmap.dump()),
  ];
}

/** Every reply decoder. */
export function allDecoders(): Decoder[] {
  return [
    ...NFS3_SERVER_LIST.map((p) => fromTable("NFS3", 100003, 3, p)),
    ...MOUNT3_SERVER_LIST.map((p) => fromTable("MOUNT3", 100005, 3, p)),
    ...NFS2_SERVER_LIST.map((p) => fromTable("NFS2", 100003, 2, p)),
    ...MOUNT1_SERVER_LIST.map((p) => fromTable("MOUNT1", 100005, 1, p)),
    ...pmapDecoders(),
  ];
}

/** What one decode gave. */
export type Outcome =
  | { kind: "value"; value: unknown; bodyAt: number }
  | { kind: "rpc"; error: RpcError }
  | { kind: "xdr"; error: XdrError }
  | { kind: "allowed"; error: unknown };

/**
 * Decodes a reply as the RPC client does. Errors other than XdrError (and the decoder's
 * documented ones) are thrown.
 */
export function decodeReply(d: Decoder, input: Uint8Array | MbufChain, args: unknown): Outcome {
  const r = new XdrReader(input);
  try {
    r.uint("xid");
    const head = decodeReplyHeader(r, d.label);
    if (!head.ok) return { kind: "rpc", error: head.error };
    const bodyAt = r.position;
    const value = d.decode(r, args);
    r.expectEnd(`${d.label} reply`);
    return { kind: "value", value, bodyAt };
  } catch (e) {
    if (e instanceof XdrError) return { kind: "xdr", error: e };
    if (d.allow?.(e)) return { kind: "allowed", error: e };
    throw e;
  }
}

function describe(o: Outcome): string {
  return o.kind === "value" ? "a value" : `${o.kind}: ${(o.error as Error).message}`;
}

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/** A fuzzing failure, with what is needed to reproduce it. */
export interface Failure {
  decoder: string;
  what: string;
  /** The input, as hex. */
  input: string;
  /** The seed it was mutated from. */
  origin: string;
}

/** Counters of a run. */
export interface FuzzStats {
  /** Decodes run (flat; split decodes not counted). */
  execs: number;
  /** Outcomes by kind. */
  values: number;
  rpcErrors: number;
  xdrErrors: number;
  allowed: number;
  /** Values decoded that the (stricter) encoder refuses, e.g. an empty file handle. */
  lenient: number;
  /** Executions per decoder. */
  perDecoder: Record<string, number>;
  failures: Failure[];
}

const INTERESTING = [
  0,
  1,
  2,
  3,
  4,
  7,
  8,
  0x7f,
  0x80,
  0xff,
  0x100,
  0x3ff,
  0x400,
  0x7fff,
  0x8000,
  0xffff,
  0x10000,
  0x100000,
  0x7fffffff,
  0x80000000,
  0xfffffffe,
  0xffffffff,
];

/** One random mutation of `input` (sometimes spliced with `other`). */
export function mutate(rand: () => number, input: Uint8Array, other: Uint8Array): Uint8Array {
  const words = Math.floor(input.length / 4);
  const out = input.slice();
  const dv = new DataView(out.buffer);
  const word = () => 4 * randInt(rand, 0, Math.max(0, words - 1));
  switch (randInt(rand, 0, 9)) {
    case 0: { // flip a bit
      if (out.length === 0) return randBytes(rand, 4);
      const i = randInt(rand, 0, out.length - 1);
      out[i]! ^= 1 << randInt(rand, 0, 7);
      return out;
    }
    case 1: { // a random byte
      if (out.length === 0) return randBytes(rand, 4);
      out[randInt(rand, 0, out.length - 1)] = randInt(rand, 0, 255);
      return out;
    }
    case 2:
    case 3: { // an interesting word (lengths, counts, discriminants)
      if (words === 0) return randBytes(rand, 8);
      const at = word();
      const v = rand() < 0.8
        ? INTERESTING[randInt(rand, 0, INTERESTING.length - 1)]!
        : (input.length - at + randInt(rand, -8, 8)) >>> 0; // "the rest of the message"
      dv.setUint32(at, v >>> 0);
      return out;
    }
    case 4: { // nudge a word
      if (words === 0) return randBytes(rand, 8);
      const at = word();
      dv.setUint32(at, (dv.getUint32(at) + randInt(rand, -4, 4)) >>> 0);
      return out;
    }
    case 5: { // truncate
      return out.subarray(0, randInt(rand, 0, out.length)).slice();
    }
    case 6: { // append words or bytes
      const n = rand() < 0.7 ? 4 * randInt(rand, 1, 4) : randInt(rand, 1, 7);
      const tail = rand() < 0.5 ? new Uint8Array(n) : randBytes(rand, n);
      const r = new Uint8Array(out.length + n);
      r.set(out);
      r.set(tail, out.length);
      return r;
    }
    case 7: { // delete a word-aligned range
      if (words < 2) return out.subarray(0, 0).slice();
      const a = word();
      const b = Math.min(out.length, a + 4 * randInt(rand, 1, 8));
      const r = new Uint8Array(out.length - (b - a));
      r.set(out.subarray(0, a));
      r.set(out.subarray(b), a);
      return r;
    }
    case 8: { // duplicate a word-aligned range
      if (words === 0) return out;
      const a = word();
      const b = Math.min(out.length, a + 4 * randInt(rand, 1, 8));
      const r = new Uint8Array(out.length + (b - a));
      r.set(out.subarray(0, b));
      r.set(out.subarray(a), b);
      return r;
    }
    default: { // splice: our head, another seed's tail
      const a = 4 * randInt(rand, 0, words);
      const b = 4 * randInt(rand, 0, Math.floor(other.length / 4));
      const r = new Uint8Array(a + other.length - b);
      r.set(out.subarray(0, a));
      r.set(other.subarray(b), a);
      return r;
    }
  }
}

/** Random cut points for a chain of `n` bytes (some empty segments, some 1-byte ones). */
function randomCuts(rand: () => number, n: number): number[] {
  const k = randInt(rand, 1, Math.min(12, n + 1));
  const cuts: number[] = [];
  for (let i = 0; i < k; i++) cuts.push(randInt(rand, 0, n));
  return cuts.sort((a, b) => a - b);
}

/** Runs every check on one input; returns the failure, if any. */
export function check(
  d: Decoder,
  input: Uint8Array,
  args: unknown,
  rand: () => number,
  stats: FuzzStats,
): string | undefined {
  const t0 = performance.now();
  let o: Outcome;
  try {
    o = decodeReply(d, input, args);
  } catch (e) {
    return `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
  const ms = performance.now() - t0;
  if (ms > SLOW_MS) return `took ${ms.toFixed(0)} ms`;
  stats.execs++;
  if (o.kind === "value") stats.values++;
  else if (o.kind === "rpc") stats.rpcErrors++;
  else if (o.kind === "xdr") stats.xdrErrors++;
  else stats.allowed++;

  // The same bytes in a chain of segments: the same outcome.
  if (rand() < 0.25) {
    const chain = chainOf(input, randomCuts(rand, input.length));
    try {
      const s = decodeReply(d, chain, args);
      if (describe(s) !== describe(o)) {
        return `split decode differs: ${describe(s)} vs ${describe(o)}`;
      }
      if (s.kind === "value" && o.kind === "value" && !isDeepStrictEqual(s.value, o.value)) {
        return "split decode gives a different value";
      }
    } catch (e) {
      return `split decode threw ${e}`;
    } finally {
      chain.release();
    }
  }

  // A decoded value encodes back to the bytes it came from.
  if (o.kind === "value" && d.encodeRes !== undefined) {
    let again: Uint8Array;
    try {
      const w = new XdrWriter();
      d.encodeRes(w, o.value);
      const c = w.finish();
      again = c.toBytes();
      c.release();
    } catch (e) {
      // The decoders take what a peer may send (an empty handle, a name with NUL: the file
      // API checks those), the encoders only what the RFC allows: that is not a failure.
      if ((e instanceof TypeError || e instanceof RangeError) && /^Cannot encode/.test(e.message)) {
        stats.lenient++;
        return undefined;
      }
      return `the decoded value cannot be encoded: ${e}`;
    }
    const body = input.subarray(o.bodyAt);
    if (again.length !== body.length || again.some((b, i) => b !== body[i])) {
      return `re-encoding gives other bytes (${again.length} vs ${body.length})`;
    }
  }
  return undefined;
}

/** Seeds grouped by decoder, with the call arguments decoded once. */
export interface Prepared {
  decoder: Decoder;
  seeds: { reply: Uint8Array; args: unknown; origin: string }[];
}

/** Pairs decoders with their seeds (a decoder without seeds gets a bare success header). */
export function prepare(decoders: Decoder[], seeds: Seed[]): Prepared[] {
  const headers = seeds.filter((s) => s.origin === "generated header");
  return decoders.map((d) => {
    const own = seeds.filter((s) =>
      s.prog === d.prog && s.vers === d.vers && s.proc === d.proc && !headers.includes(s)
    );
    const list = own.map((s) => {
      let args: unknown = undefined;
      if (s.args !== undefined && d.decodeArgs !== undefined) {
        try {
          args = d.decodeArgs(new XdrReader(s.args));
        } catch { /* arguments we cannot read: decode without them */ }
      }
      return { reply: s.reply, args, origin: s.origin };
    });
    if (list.length === 0) {
      list.push({ reply: new Uint8Array(24), args: undefined, origin: "bare header" });
      new DataView(list[0]!.reply.buffer).setUint32(4, 1);
    }
    for (const h of headers) list.push({ reply: h.reply, args: undefined, origin: h.origin });
    return { decoder: d, seeds: list };
  });
}

/** Options of {@linkcode fuzz}. */
export interface FuzzOptions {
  /** PRNG seed. */
  seed: number;
  /** Mutated inputs per decoder (stops earlier at `deadline`). */
  runsPerDecoder?: number;
  /** performance.now() at which to stop. */
  deadline?: number;
  /** Stop after this many failures. */
  maxFailures?: number;
  /** Called before each mutated input is decoded (a watchdog can then name a hang). */
  onInput?: (decoder: string, input: Uint8Array) => void;
}

/**
 * Fuzzes every prepared decoder round-robin: each seed as is, then mutations (1 to 4
 * stacked) and, one time in ten, pure random bytes.
 */
export function fuzz(prepared: Prepared[], o: FuzzOptions): FuzzStats {
  const rand = mulberry32(o.seed);
  const stats: FuzzStats = {
    execs: 0,
    values: 0,
    rpcErrors: 0,
    xdrErrors: 0,
    allowed: 0,
    lenient: 0,
    perDecoder: {},
    failures: [],
  };
  const all = prepared.flatMap((p) => p.seeds.map((s) => s.reply));
  const fail = (d: Decoder, what: string, input: Uint8Array, origin: string) =>
    stats.failures.push({ decoder: d.label, what, input: hex(input), origin });
  const maxFailures = o.maxFailures ?? 20;
  // The seeds themselves first: real replies must decode.
  for (const p of prepared) {
    for (const s of p.seeds) {
      const why = check(p.decoder, s.reply, s.args, rand, stats);
      if (why) fail(p.decoder, `seed: ${why}`, s.reply, s.origin);
    }
  }
  const runs = o.runsPerDecoder ?? Infinity;
  for (let round = 0; round < runs; round++) {
    for (const p of prepared) {
      if (o.deadline !== undefined && performance.now() > o.deadline) return stats;
      if (stats.failures.length >= maxFailures) return stats;
      // The decoder's own replies mostly; the shared header seeds now and then.
      const own = p.seeds.filter((x) => x.origin !== "generated header");
      const from = own.length > 0 && rand() < 0.85 ? own : p.seeds;
      const s = from[randInt(rand, 0, from.length - 1)]!;
      let input: Uint8Array;
      if (rand() < 0.1) {
        input = randBytes(rand, randInt(rand, 0, 256));
        if (input.length >= 8 && rand() < 0.8) input.set(s.reply.subarray(0, 8)); // XID, REPLY
      } else {
        // Mostly the result body behind an intact header (a broken header ends the decode
        // before the procedure's decoder), sometimes the whole message.
        const keep = s.reply.length > 24 && rand() < 0.75 ? 24 : 0;
        let body = s.reply.subarray(keep);
        const n = randInt(rand, 1, 4);
        for (let k = 0; k < n; k++) {
          body = mutate(rand, body, all[randInt(rand, 0, all.length - 1)]!);
        }
        input = new Uint8Array(keep + body.length);
        input.set(s.reply.subarray(0, keep));
        input.set(body, keep);
      }
      stats.perDecoder[p.decoder.label] = (stats.perDecoder[p.decoder.label] ?? 0) + 1;
      o.onInput?.(p.decoder.label, input);
      const why = check(p.decoder, input, s.args, rand, stats);
      if (why) fail(p.decoder, why, input, s.origin);
    }
  }
  return stats;
}
