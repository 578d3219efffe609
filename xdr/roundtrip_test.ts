import { assertEquals } from "@std/assert";
import { ClusterPool, MbufChain } from "../mbuf/mod.ts";
import { INLINE_PAYLOAD_THRESHOLD, XdrReader, XdrWriter } from "./mod.ts";
import { mulberry32, randBytes, randInt } from "../tests/_split.ts";

/** One typed value: how to write it, how to read it back, what to expect. */
interface Item {
  type: string;
  write: (w: XdrWriter) => void;
  read: (r: XdrReader) => unknown;
  value: unknown;
}

const CHARS = ["a", "Z", "0", " ", "/", "é", "ß", "€", "中", "😀", "𝄞", "\u0000", "\ufeff"];

function randString(rand: () => number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += CHARS[randInt(rand, 0, CHARS.length - 1)];
  return s;
}

function randBig(rand: () => number, bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < bits; i += 16) v = (v << 16n) | BigInt(randInt(rand, 0, 0xffff));
  return v & ((1n << BigInt(bits)) - 1n);
}

function randItem(rand: () => number): Item {
  const edge = rand() < 0.3;
  switch (randInt(rand, 0, 17)) {
    case 0: {
      const v = edge
        ? [-0x80000000, -1, 0, 0x7fffffff][randInt(rand, 0, 3)]!
        : randInt(rand, -0x80000000, 0x7fffffff);
      return { type: "int", write: (w) => w.int(v), read: (r) => r.int(), value: v };
    }
    case 1: {
      const v = edge ? [0, 1, 0xffffffff][randInt(rand, 0, 2)]! : randInt(rand, 0, 0xffffffff);
      return { type: "uint", write: (w) => w.uint(v), read: (r) => r.uint(), value: v };
    }
    case 2: {
      const v = randInt(rand, -5, 5);
      return { type: "enum", write: (w) => w.enum(v), read: (r) => r.enum(), value: v };
    }
    case 3: {
      const v = rand() < 0.5;
      return { type: "bool", write: (w) => w.bool(v), read: (r) => r.bool(), value: v };
    }
    case 4: {
      const v = edge
        ? [-(1n << 63n), -1n, (1n << 63n) - 1n][randInt(rand, 0, 2)]!
        : BigInt.asIntN(64, randBig(rand, 64));
      return { type: "hyper", write: (w) => w.hyper(v), read: (r) => r.hyper(), value: v };
    }
    case 5: {
      const v = edge ? [0n, (1n << 64n) - 1n][randInt(rand, 0, 1)]! : randBig(rand, 64);
      return { type: "uhyper", write: (w) => w.uhyper(v), read: (r) => r.uhyper(), value: v };
    }
    case 6: {
      const v = edge
        ? [0, Number.MAX_SAFE_INTEGER, 0xffffffff, 0x100000000][randInt(rand, 0, 3)]!
        : Number(randBig(rand, randInt(rand, 1, 53)));
      return {
        type: "uhyperNumber",
        write: (w) => w.uhyperNumber(v),
        read: (r) => r.uhyperNumber(),
        value: v,
      };
    }
    case 7: {
      const m = Number(randBig(rand, randInt(rand, 1, 53)));
      const v = edge ? -Number.MAX_SAFE_INTEGER : rand() < 0.5 ? -m || 0 : m;
      return {
        type: "hyperNumber",
        write: (w) => w.hyperNumber(v),
        read: (r) => r.hyperNumber(),
        value: v,
      };
    }
    case 8: {
      const v = Math.fround((rand() - 0.5) * 10 ** randInt(rand, -30, 30));
      return { type: "float", write: (w) => w.float(v), read: (r) => r.float(), value: v };
    }
    case 9: {
      const v = (rand() - 0.5) * 10 ** randInt(rand, -300, 300);
      return { type: "double", write: (w) => w.double(v), read: (r) => r.double(), value: v };
    }
    case 10: {
      const v = randBytes(rand, randInt(rand, 0, 40));
      return {
        type: "opaqueFixed",
        write: (w) => w.opaqueFixed(v),
        read: (r) => r.opaqueFixed(v.length).slice(),
        value: v,
      };
    }
    case 11: {
      const v = randBytes(rand, randInt(rand, 0, 70));
      return {
        type: "opaque",
        write: (w) => w.opaque(v, 70),
        read: (r) => r.opaqueView(70).slice(),
        value: v,
      };
    }
    case 12: {
      const n = INLINE_PAYLOAD_THRESHOLD + randInt(rand, -3, 3) + (rand() < 0.2 ? 5000 : 0);
      const v = randBytes(rand, n);
      return {
        type: "opaqueExternal",
        write: (w) => w.opaqueExternal(v),
        read: (r) => {
          const dest = new Uint8Array(n + 4);
          return dest.subarray(0, r.opaqueInto(dest));
        },
        value: v,
      };
    }
    case 13: {
      const v = randString(rand, rand() < 0.1 ? randInt(rand, 100, 2000) : randInt(rand, 0, 12));
      return {
        type: "string",
        write: (w) => w.string(v),
        read: (r) => r.string(1 << 16),
        value: v,
      };
    }
    case 14: {
      const v = Array.from({ length: randInt(rand, 0, 6) }, () => randInt(rand, 0, 0xffffffff));
      return {
        type: "array",
        write: (w) => w.array(v, (w, x) => w.uint(x), 6),
        read: (r) => r.array(6, (r) => r.uint()),
        value: v,
      };
    }
    case 15: {
      const v = Array.from({ length: 3 }, () => randString(rand, randInt(rand, 0, 5)));
      return {
        type: "fixedArray",
        write: (w) => w.fixedArray(v, (w, x) => w.string(x), 3),
        read: (r) => [r.string(64), r.string(64), r.string(64)],
        value: v,
      };
    }
    case 16: {
      const v = rand() < 0.5 ? null : randBig(rand, 64);
      return {
        type: "optional",
        write: (w) => w.optional(v, (w, x) => w.uhyper(x)),
        read: (r) => r.optional((r) => r.uhyper()),
        value: v,
      };
    }
    default:
      return { type: "void", write: (w) => w.void(), read: (r) => r.void(), value: undefined };
  }
}

function roundTrip(seed: number, makeChain: () => MbufChain, count: number): void {
  const rand = mulberry32(seed);
  const items = Array.from({ length: count }, () => randItem(rand));
  const chain = makeChain();
  const pool = chain.pool;
  const w = new XdrWriter(chain);
  for (const it of items) it.write(w);
  const length = w.length;
  w.finish();
  assertEquals(chain.byteLength, length);
  const r = new XdrReader(chain);
  for (const [i, it] of items.entries()) {
    const at = r.position;
    assertEquals(it.read(r), it.value, `item ${i} (${it.type}) at offset ${at}, seed ${seed}`);
  }
  r.expectEnd();
  // The same bytes flattened decode the same way.
  const flat = new XdrReader(chain.toBytes());
  for (const it of items) assertEquals(it.read(flat), it.value);
  flat.expectEnd();
  chain.release();
  assertEquals(pool.stats().inUse, 0, "every cluster back in the pool");
}

Deno.test("XdrWriter -> XdrReader round-trips every type across 16-byte clusters", () => {
  for (let seed = 1; seed <= 20; seed++) {
    roundTrip(seed, () => new MbufChain(new ClusterPool({ clusterSize: 16 })), 200);
  }
});

Deno.test("XdrWriter -> XdrReader round-trips every type across 32-byte clusters", () => {
  for (let seed = 100; seed <= 120; seed++) {
    roundTrip(seed, () => new MbufChain(new ClusterPool({ clusterSize: 32 })), 200);
  }
});

Deno.test("XdrWriter -> XdrReader round-trips with headroom reserved", () => {
  for (let seed = 200; seed <= 210; seed++) {
    const size = [16, 32, 4096][seed % 3]!;
    roundTrip(
      seed,
      () => new MbufChain(new ClusterPool({ clusterSize: size })).reserveHeadroom(size / 2),
      200,
    );
  }
});

Deno.test("XdrWriter -> XdrReader round-trips on the default pool", () => {
  for (let seed = 300; seed <= 305; seed++) roundTrip(seed, () => new MbufChain(), 300);
});

Deno.test("XdrWriter -> XdrReader round-trips each type alone at every cluster offset", () => {
  // Shift each value by 0..15 words in 16-byte clusters: every straddle position.
  const rand = mulberry32(77);
  for (let k = 0; k < 300; k++) {
    const it = randItem(rand);
    for (let shift = 0; shift < 4; shift++) {
      const pool = new ClusterPool({ clusterSize: 16 });
      const w = new XdrWriter(new MbufChain(pool));
      for (let i = 0; i < shift; i++) w.uint(i);
      it.write(w);
      const chain = w.finish();
      const r = new XdrReader(chain);
      for (let i = 0; i < shift; i++) assertEquals(r.uint(), i);
      assertEquals(it.read(r), it.value, `${it.type} after ${shift} words`);
      r.expectEnd();
      chain.release();
      assertEquals(pool.stats().inUse, 0);
    }
  }
});
