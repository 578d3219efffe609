import { assert, assertEquals } from "@std/assert";
import type { MbufChain } from "../mbuf/mod.ts";
import { XdrError, XdrReader, type XdrReaderOptions, XdrWriter } from "./mod.ts";
import { chainOf, mulberry32, randBytes, randInt } from "../tests/_split.ts";
import { concat } from "@std/bytes";

// A composite message with arrays, strings, optionals, a linked list and opaque data.

interface Entry {
  fileid: number;
  name: string;
  cookie: bigint;
}

interface Message {
  xid: number;
  kind: number;
  more: boolean;
  names: string[];
  data: Uint8Array;
  fixed: Uint8Array;
  attrs: { mode: number; size: number; times: number[] } | null;
  entries: Entry[];
  weight: number;
  ratio: number;
  offset: number;
  body: Uint8Array;
}

function encodeMessage(w: XdrWriter, m: Message): void {
  w.uint(m.xid);
  w.enum(m.kind);
  w.bool(m.more);
  w.array(m.names, (w, s) => w.string(s, 32), 16);
  w.opaque(m.data, 64);
  w.opaqueFixed(m.fixed, 3);
  w.optional(m.attrs, (w, a) => {
    w.uint(a.mode);
    w.uhyperNumber(a.size);
    w.fixedArray(a.times, (w, t) => w.uint(t), 3);
  });
  for (const e of m.entries) {
    w.bool(true);
    w.uhyperNumber(e.fileid);
    w.string(e.name, 255);
    w.uhyper(e.cookie);
  }
  w.bool(false);
  w.float(m.weight);
  w.double(m.ratio);
  w.hyperNumber(m.offset);
  w.opaque(m.body, 32);
}

function decodeMessage(r: XdrReader): Message {
  const xid = r.uint("xid");
  const kind = r.enum("kind");
  const more = r.bool("more");
  const names = r.array(16, (r) => r.string(32, "names[]"), 4, "names");
  const data = r.opaqueView(64, "data");
  const fixed = r.opaqueFixed(3, "fixed");
  const attrs = r.optional((r) => ({
    mode: r.uint("attrs.mode"),
    size: r.uhyperNumber("attrs.size"),
    times: [r.uint("attrs.times"), r.uint("attrs.times"), r.uint("attrs.times")],
  }), "attrs");
  const entries: Entry[] = [];
  while (r.bool("entry follows")) {
    entries.push({
      fileid: r.uhyperNumber("entry.fileid"),
      name: r.string(255, "entry.name"),
      cookie: r.uhyper("entry.cookie"),
    });
  }
  const weight = r.float("weight");
  const ratio = r.double("ratio");
  const offset = r.hyperNumber("offset");
  const buf = new Uint8Array(32);
  const body = buf.subarray(0, r.opaqueInto(buf, "body"));
  r.expectEnd("message");
  return { xid, kind, more, names, data, fixed, attrs, entries, weight, ratio, offset, body };
}

const CODE_POINTS = [..."aé€😀/x"];

function randMessage(rand: () => number): Message {
  const str = (n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) s += CODE_POINTS[randInt(rand, 0, CODE_POINTS.length - 1)];
    return s;
  };
  return {
    xid: randInt(rand, 0, 0xffffffff),
    kind: randInt(rand, -3, 3),
    more: rand() < 0.5,
    names: Array.from({ length: randInt(rand, 0, 4) }, () => str(randInt(rand, 0, 6))),
    data: randBytes(rand, randInt(rand, 0, 20)),
    fixed: randBytes(rand, 3),
    attrs: rand() < 0.5 ? null : {
      mode: randInt(rand, 0, 0o7777),
      size: randInt(rand, 0, 2 ** 40),
      times: [randInt(rand, 0, 9), randInt(rand, 0, 9), randInt(rand, 0, 9)],
    },
    entries: Array.from({ length: randInt(rand, 0, 3) }, () => ({
      fileid: randInt(rand, 0, 2 ** 50),
      name: str(randInt(rand, 0, 8)),
      cookie: BigInt(randInt(rand, 0, 2 ** 31)),
    })),
    weight: Math.fround(rand()),
    ratio: rand(),
    offset: randInt(rand, -(2 ** 40), 2 ** 40),
    body: randBytes(rand, randInt(rand, 0, 32)),
  };
}

function encode(m: Message): Uint8Array {
  const w = new XdrWriter();
  encodeMessage(w, m);
  const chain = w.finish();
  const bytes = chain.toBytes();
  chain.release();
  return bytes;
}

const SPECIAL_WORDS = [0xffffffff, 0x7fffffff, 0x80000000, 0x10000, 256, 33, 17, 2, 1, 0];

function mutate(rand: () => number, input: Uint8Array): Uint8Array {
  let b = input.slice();
  const n = randInt(rand, 1, 4);
  for (let k = 0; k < n; k++) {
    switch (randInt(rand, 0, 5)) {
      case 0: // flip a byte
        if (b.length > 0) {
          const at = randInt(rand, 0, b.length - 1);
          b[at] = b[at]! ^ (1 << randInt(rand, 0, 7));
        }
        break;
      case 1: // a word (a length, a count, a bool, a discriminant) set to a special value
        if (b.length >= 4) {
          const at = randInt(rand, 0, (b.length >> 2) - 1) * 4;
          new DataView(b.buffer).setUint32(at, SPECIAL_WORDS[randInt(rand, 0, 9)]!);
        }
        break;
      case 2: // truncate
        b = b.slice(0, randInt(rand, 0, b.length));
        break;
      case 3: { // insert random bytes
        const at = randInt(rand, 0, b.length);
        const ins = randBytes(rand, randInt(rand, 1, 8));
        b = concat([b.subarray(0, at), ins, b.subarray(at)]);
        break;
      }
      case 4: { // delete bytes
        const at = randInt(rand, 0, b.length);
        const end = Math.min(b.length, at + randInt(rand, 1, 8));
        b = concat([b.subarray(0, at), b.subarray(end)]);
        break;
      }
      default: // a byte set to an invalid UTF-8 lead byte
        if (b.length > 0) {
          b[randInt(rand, 0, b.length - 1)] = [0xff, 0xc0, 0xed, 0x80][randInt(rand, 0, 3)]!;
        }
    }
  }
  return b;
}

type Outcome = { ok: Message } | { error: string; what: string; offset: number };

/** Decodes; only a value or an XdrError may come out (anything else fails the test). */
function attempt(source: Uint8Array | MbufChain, options: XdrReaderOptions): Outcome {
  try {
    return { ok: decodeMessage(new XdrReader(source, options)) };
  } catch (e) {
    if (!(e instanceof XdrError)) {
      throw new Error(`Decode threw a non-XdrError: ${e}`, { cause: e });
    }
    return { error: e.message, what: e.what, offset: e.offset };
  }
}

function check(rand: () => number, input: Uint8Array, options: XdrReaderOptions): Outcome {
  const flat = attempt(input, options);
  // The same bytes in random segments give the very same value or error.
  const cuts = Array.from(
    { length: randInt(rand, 1, 6) },
    () => randInt(rand, 0, input.length),
  ).sort((a, b) => a - b);
  const chain = chainOf(
    input,
    rand() < 0.2 ? Array.from({ length: Math.max(0, input.length - 1) }, (_, i) => i + 1) : cuts,
  );
  try {
    assertEquals(attempt(chain, options), flat, `cuts ${cuts}`);
  } finally {
    chain.release();
  }
  if ("error" in flat) assert(flat.offset >= 0 && flat.offset <= input.length);
  return flat;
}

Deno.test("XdrReader round-trips random composite messages", () => {
  const rand = mulberry32(4506);
  for (let i = 0; i < 300; i++) {
    const m = randMessage(rand);
    const out = check(rand, encode(m), {});
    assert("ok" in out, `message ${i}: ${"error" in out ? out.error : ""}`);
    assertEquals(out.ok, m);
  }
});

Deno.test("XdrReader fuzz: mutated encodings give a value or XdrError, nothing else", () => {
  const rand = mulberry32(1813);
  const valid = Array.from({ length: 50 }, () => encode(randMessage(rand)));
  const tally = { ok: 0, error: 0 };
  const deadline = performance.now() + 1500;
  // At least 500 inputs, then as many as fit in the time budget (up to 6000).
  for (let i = 0; i < 6000 && (i < 500 || performance.now() < deadline); i++) {
    const input = mutate(rand, valid[i % valid.length]!);
    const options = [{}, { strictPadding: false, strictUtf8: false }][i & 1]!;
    tally["ok" in check(rand, input, options) ? "ok" : "error"]++;
  }
  const total = tally.ok + tally.error;
  assert(tally.error > total / 4, `mutations were rejected: ${JSON.stringify(tally)}`);
  assert(tally.ok > total / 100, `some mutations still decode: ${JSON.stringify(tally)}`);
});

Deno.test("XdrReader fuzz: random bytes give a value or XdrError, nothing else", () => {
  const rand = mulberry32(5531);
  const deadline = performance.now() + 500;
  for (let i = 0; i < 3000 && (i < 300 || performance.now() < deadline); i++) {
    // Small words make plausible lengths and bools more often than uniform bytes would.
    const n = randInt(rand, 0, 160);
    const input = rand() < 0.5
      ? randBytes(rand, n)
      : randBytes(rand, n).map((x) => (x < 200 ? 0 : x & 3));
    check(rand, input, i & 1 ? {} : { strictPadding: false, strictUtf8: false });
  }
});

Deno.test("XdrReader rejects a declared length of 0xFFFFFFFF at once, allocating nothing", () => {
  const input = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1, 0, 0, 0, 2]);
  const decoders: [string, (r: XdrReader) => unknown][] = [
    ["opaqueView", (r) => r.opaqueView(0xffffffff)],
    ["string", (r) => r.string(0xffffffff)],
    ["opaqueInto", (r) => r.opaqueInto(new Uint8Array(16))],
    ["array", (r) => r.array(0xffffffff, (r) => r.uint())],
    ["array of empty-looking items", (r) => r.array(0xffffffff, (r) => r.uint(), 0)],
    ["opaqueFixed", (r) => r.opaqueFixed(0xffffffff)],
    ["skip", (r) => r.skip(0xffffffff)],
    ["composite", decodeMessage],
  ];
  // Spy on typed-array and buffer allocations while decoding.
  const RealU8 = globalThis.Uint8Array;
  const RealAB = globalThis.ArrayBuffer;
  let largest = 0;
  const spy = <T extends abstract new (...args: never[]) => unknown>(C: T): T =>
    new Proxy(C, {
      construct(target, args, newTarget) {
        if (typeof args[0] === "number") largest = Math.max(largest, args[0]);
        return Reflect.construct(target, args, newTarget);
      },
    });
  for (const [name, fn] of decoders) {
    for (const cuts of [[], [2], [1, 2, 3, 5, 9]]) {
      const chain = chainOf(input, cuts);
      const rss = Deno.memoryUsage().rss;
      const t0 = performance.now();
      largest = 0;
      globalThis.Uint8Array = spy(RealU8);
      globalThis.ArrayBuffer = spy(RealAB);
      let error: unknown;
      try {
        fn(new XdrReader(chain));
      } catch (e) {
        error = e;
      } finally {
        globalThis.Uint8Array = RealU8;
        globalThis.ArrayBuffer = RealAB;
      }
      const ms = performance.now() - t0;
      chain.release();
      assert(error instanceof XdrError, `${name}: ${error}`);
      assert(largest <= 64, `${name}: allocated a ${largest}-element array`);
      assert(ms < 100, `${name}: took ${ms} ms`);
      assert(Deno.memoryUsage().rss - rss < 64 << 20, `${name}: memory jumped`);
    }
  }
  // Control: the spy does see the (small) copy made for a straddling opaque.
  const chain = chainOf(new Uint8Array([0, 0, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0]), [6]);
  const reader = new XdrReader(chain);
  largest = 0;
  globalThis.Uint8Array = spy(RealU8);
  try {
    reader.opaqueView(16);
  } finally {
    globalThis.Uint8Array = RealU8;
  }
  chain.release();
  assertEquals(largest, 6);
});
