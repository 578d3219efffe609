/**
 * XDR codec benchmarks, side by side with `@stellar/js-xdr` and `@jsonjoy.com/json-pack`:
 * an NFSv3 `fattr3` (RFC 1813 section 2.6, 84 bytes) as a struct of primitives, and a 1 MiB
 * opaque. Then "opaqueExternal inline vs attached", the measurement behind
 * `INLINE_PAYLOAD_THRESHOLD`.
 *
 * Run: `deno bench --allow-all bench/xdr_bench.ts` (ours is each group's baseline, so Deno
 * prints how many times faster or slower the others are).
 *
 * @module
 */
// The comparison libraries are benchmark-only: imported inline rather than listed in deno.json.
// deno-lint-ignore-file no-import-prefix
import { ClusterPool, MbufChain } from "../mbuf/mod.ts";
import { INLINE_PAYLOAD_THRESHOLD, XdrReader, XdrWriter } from "../xdr/mod.ts";
import * as js from "npm:@stellar/js-xdr@5";
import { XdrEncoder } from "npm:@jsonjoy.com/json-pack@1/lib/xdr/XdrEncoder.js";
import { XdrDecoder } from "npm:@jsonjoy.com/json-pack@1/lib/xdr/XdrDecoder.js";
import { Writer } from "npm:@jsonjoy.com/buffers@1/lib/Writer.js";
import { Reader } from "npm:@jsonjoy.com/buffers@1/lib/Reader.js";

// ---------------------------------------------------------------------------------------
// fattr3
// ---------------------------------------------------------------------------------------

interface Time3 {
  seconds: number;
  nseconds: number;
}

interface Fattr3 {
  type: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  size: number;
  used: number;
  rdev: { specdata1: number; specdata2: number };
  fsid: number;
  fileid: number;
  atime: Time3;
  mtime: Time3;
  ctime: Time3;
}

const ATTR: Fattr3 = {
  type: 1,
  mode: 0o644,
  nlink: 1,
  uid: 1000,
  gid: 100,
  size: 0x123456789,
  used: 0x123457000,
  rdev: { specdata1: 0, specdata2: 0 },
  fsid: 0x1122334455,
  fileid: 0x1b2c3d4e5f,
  atime: { seconds: 0x5f5e1000, nseconds: 999999999 },
  mtime: { seconds: 0x65000000, nseconds: 0 },
  ctime: { seconds: 0x65000001, nseconds: 1 },
};

// Ours: one codec per RFC type, numbers for the 64-bit fields (no bigint).
function encodeTime3(w: XdrWriter, t: Time3): void {
  w.uint(t.seconds);
  w.uint(t.nseconds);
}

function encodeFattr3(w: XdrWriter, a: Fattr3): void {
  w.enum(a.type);
  w.uint(a.mode);
  w.uint(a.nlink);
  w.uint(a.uid);
  w.uint(a.gid);
  w.uhyperNumber(a.size);
  w.uhyperNumber(a.used);
  w.uint(a.rdev.specdata1);
  w.uint(a.rdev.specdata2);
  w.uhyperNumber(a.fsid);
  w.uhyperNumber(a.fileid);
  encodeTime3(w, a.atime);
  encodeTime3(w, a.mtime);
  encodeTime3(w, a.ctime);
}

function decodeTime3(r: XdrReader): Time3 {
  return { seconds: r.uint(), nseconds: r.uint() };
}

function decodeFattr3(r: XdrReader): Fattr3 {
  return {
    type: r.enum(),
    mode: r.uint(),
    nlink: r.uint(),
    uid: r.uint(),
    gid: r.uint(),
    size: r.uhyperNumber(),
    used: r.uhyperNumber(),
    rdev: { specdata1: r.uint(), specdata2: r.uint() },
    fsid: r.uhyperNumber(),
    fileid: r.uhyperNumber(),
    atime: decodeTime3(r),
    mtime: decodeTime3(r),
    ctime: decodeTime3(r),
  };
}

/** Ours with bigint hypers, for comparison with the libraries that return bigints. */
function decodeFattr3Big(r: XdrReader) {
  return {
    type: r.enum(),
    mode: r.uint(),
    nlink: r.uint(),
    uid: r.uint(),
    gid: r.uint(),
    size: r.uhyper(),
    used: r.uhyper(),
    rdev: { specdata1: r.uint(), specdata2: r.uint() },
    fsid: r.uhyper(),
    fileid: r.uhyper(),
    atime: decodeTime3(r),
    mtime: decodeTime3(r),
    ctime: decodeTime3(r),
  };
}

// @stellar/js-xdr: a declared schema; its 64-bit values are bigints.
const JsTime3 = js.struct("nfstime3", { seconds: js.uint32(), nseconds: js.uint32() });
const Ftype3 = js.enumType("ftype3", {
  NF3REG: 1,
  NF3DIR: 2,
  NF3BLK: 3,
  NF3CHR: 4,
  NF3LNK: 5,
  NF3SOCK: 6,
  NF3FIFO: 7,
});
const JsFattr3 = js.struct("fattr3", {
  type: Ftype3,
  mode: js.uint32(),
  nlink: js.uint32(),
  uid: js.uint32(),
  gid: js.uint32(),
  size: js.uint64(),
  used: js.uint64(),
  rdev: js.struct("specdata3", { specdata1: js.uint32(), specdata2: js.uint32() }),
  fsid: js.uint64(),
  fileid: js.uint64(),
  atime: JsTime3,
  mtime: JsTime3,
  ctime: JsTime3,
});
const JS_ATTR = {
  ...ATTR,
  type: Ftype3.NF3REG,
  size: BigInt(ATTR.size),
  used: BigInt(ATTR.used),
  fsid: BigInt(ATTR.fsid),
  fileid: BigInt(ATTR.fileid),
};

// @jsonjoy.com/json-pack: a reused growable writer and a reset reader.
const jpEncoder = new XdrEncoder(new Writer(64 * 1024));
const jpDecoder = new XdrDecoder(new Reader());

function jpEncodeFattr3(a: Fattr3): Uint8Array {
  const e = jpEncoder;
  e.writer.reset();
  e.writeInt(a.type);
  e.writeUnsignedInt(a.mode);
  e.writeUnsignedInt(a.nlink);
  e.writeUnsignedInt(a.uid);
  e.writeUnsignedInt(a.gid);
  e.writeUnsignedHyper(a.size);
  e.writeUnsignedHyper(a.used);
  e.writeUnsignedInt(a.rdev.specdata1);
  e.writeUnsignedInt(a.rdev.specdata2);
  e.writeUnsignedHyper(a.fsid);
  e.writeUnsignedHyper(a.fileid);
  e.writeUnsignedInt(a.atime.seconds);
  e.writeUnsignedInt(a.atime.nseconds);
  e.writeUnsignedInt(a.mtime.seconds);
  e.writeUnsignedInt(a.mtime.nseconds);
  e.writeUnsignedInt(a.ctime.seconds);
  e.writeUnsignedInt(a.ctime.nseconds);
  return e.writer.flush();
}

function jpTime3(): Time3 {
  return { seconds: jpDecoder.readUnsignedInt(), nseconds: jpDecoder.readUnsignedInt() };
}

function jpDecodeFattr3(bytes: Uint8Array) {
  const d = jpDecoder;
  d.reader.reset(bytes);
  return {
    type: d.readEnum(),
    mode: d.readUnsignedInt(),
    nlink: d.readUnsignedInt(),
    uid: d.readUnsignedInt(),
    gid: d.readUnsignedInt(),
    size: d.readUnsignedHyper(),
    used: d.readUnsignedHyper(),
    rdev: { specdata1: d.readUnsignedInt(), specdata2: d.readUnsignedInt() },
    fsid: d.readUnsignedHyper(),
    fileid: d.readUnsignedHyper(),
    atime: jpTime3(),
    mtime: jpTime3(),
    ctime: jpTime3(),
  };
}

// One pool for our writers (steady state: clusters are reused, nothing is allocated).
const pool = new ClusterPool({ clusterSize: 4096 });

function oursEncodeFattr3(): MbufChain {
  const w = new XdrWriter(new MbufChain(pool));
  encodeFattr3(w, ATTR);
  return w.finish();
}

// All three must produce the same 84 bytes.
const FATTR3_BYTES = (() => {
  const c = oursEncodeFattr3();
  const ours = c.toBytes();
  c.release();
  const theirs = [JsFattr3.encode(JS_ATTR), jpEncodeFattr3(ATTR).slice()];
  for (const t of theirs) {
    if (t.length !== 84 || t.some((b, i) => b !== ours[i])) {
      throw new Error("Cannot benchmark: the encoders disagree on fattr3");
    }
  }
  return ours;
})();

let _sink: unknown;

// "per message": what one GETATTR-sized message costs: a new writer and chain (a pooled
// cluster) or a new reader, then release. "running": the marginal cost of the struct itself
// inside a longer message (one writer/reader for 1000 structs), like json-pack's reused
// encoder/decoder.

Deno.bench({
  name: "ours (per message)",
  group: "fattr3 encode",
  baseline: true,
  fn: () => {
    const c = oursEncodeFattr3();
    _sink = c;
    c.release();
  },
});
let running = new XdrWriter(new MbufChain(pool));
let runningCount = 0;
Deno.bench({
  name: "ours (running writer)",
  group: "fattr3 encode",
  fn: () => {
    if (++runningCount === 1000) {
      running.finish().release();
      running = new XdrWriter(new MbufChain(pool));
      runningCount = 1;
    }
    encodeFattr3(running, ATTR);
  },
});
Deno.bench({
  name: "json-pack",
  group: "fattr3 encode",
  fn: () => {
    _sink = jpEncodeFattr3(ATTR);
  },
});
Deno.bench({
  name: "js-xdr",
  group: "fattr3 encode",
  fn: () => {
    _sink = JsFattr3.encode(JS_ATTR);
  },
});

Deno.bench({
  name: "ours (per message)",
  group: "fattr3 decode",
  baseline: true,
  fn: () => {
    _sink = decodeFattr3(new XdrReader(FATTR3_BYTES));
  },
});
const FATTR3_CHAIN = new MbufChain(pool).appendCopy(FATTR3_BYTES);
Deno.bench({
  name: "ours (per message, chain)",
  group: "fattr3 decode",
  fn: () => {
    _sink = decodeFattr3(new XdrReader(FATTR3_CHAIN));
  },
});
const MANY = new Uint8Array(84 * 1000);
for (let i = 0; i < 1000; i++) MANY.set(FATTR3_BYTES, 84 * i);
let runningReader = new XdrReader(MANY);
Deno.bench({
  name: "ours (running reader)",
  group: "fattr3 decode",
  fn: () => {
    if (runningReader.remaining === 0) runningReader = new XdrReader(MANY);
    _sink = decodeFattr3(runningReader);
  },
});
Deno.bench({
  name: "ours (bigint hypers)",
  group: "fattr3 decode",
  fn: () => {
    _sink = decodeFattr3Big(new XdrReader(FATTR3_BYTES));
  },
});
Deno.bench({
  name: "json-pack",
  group: "fattr3 decode",
  fn: () => {
    _sink = jpDecodeFattr3(FATTR3_BYTES);
  },
});
Deno.bench({
  name: "js-xdr",
  group: "fattr3 decode",
  fn: () => {
    _sink = JsFattr3.decode(FATTR3_BYTES);
  },
});

// ---------------------------------------------------------------------------------------
// 1 MiB opaque
// ---------------------------------------------------------------------------------------

const MIB = 1 << 20;
const PAYLOAD = new Uint8Array(MIB).map((_, i) => i * 31);
const JsData = js.varOpaque(0xffffffff);
const OPAQUE_BYTES = (() => {
  const w = new XdrWriter(new MbufChain(pool));
  w.opaqueExternal(PAYLOAD);
  const c = w.finish();
  const b = c.toBytes();
  c.release();
  return b;
})();

Deno.bench({
  name: "ours (opaqueExternal)",
  group: "1 MiB opaque encode",
  baseline: true,
  fn: () => {
    const w = new XdrWriter(new MbufChain(pool));
    w.opaqueExternal(PAYLOAD);
    const c = w.finish();
    _sink = c;
    c.release();
  },
});
Deno.bench({
  name: "ours (opaque, copied)",
  group: "1 MiB opaque encode",
  fn: () => {
    const w = new XdrWriter(new MbufChain(pool));
    w.opaque(PAYLOAD);
    const c = w.finish();
    _sink = c;
    c.release();
  },
});
Deno.bench({
  name: "json-pack",
  group: "1 MiB opaque encode",
  fn: () => {
    jpEncoder.writer.reset();
    jpEncoder.writeVarlenOpaque(PAYLOAD);
    _sink = jpEncoder.writer.flush();
  },
});
Deno.bench({
  name: "js-xdr",
  group: "1 MiB opaque encode",
  fn: () => {
    _sink = JsData.encode(PAYLOAD);
  },
});

// opaqueExternal costs the same whatever the size: nothing is copied.
for (const [label, size] of [["64 KiB", 64 << 10], ["1 MiB", MIB], ["16 MiB", 16 * MIB]] as const) {
  const data = new Uint8Array(size);
  Deno.bench({
    name: `opaqueExternal ${label}`,
    group: "opaqueExternal is O(1)",
    baseline: size === MIB,
    fn: () => {
      const w = new XdrWriter(new MbufChain(pool));
      w.opaqueExternal(data);
      const c = w.finish();
      _sink = c;
      c.release();
    },
  });
}

const DEST = new Uint8Array(MIB);
Deno.bench({
  name: "ours (opaqueView)",
  group: "1 MiB opaque decode",
  baseline: true,
  fn: () => {
    _sink = new XdrReader(OPAQUE_BYTES).opaqueView(MIB);
  },
});
Deno.bench({
  name: "ours (opaqueInto, copied)",
  group: "1 MiB opaque decode",
  fn: () => {
    _sink = new XdrReader(OPAQUE_BYTES).opaqueInto(DEST);
  },
});
Deno.bench({
  name: "json-pack",
  group: "1 MiB opaque decode",
  fn: () => {
    jpDecoder.reader.reset(OPAQUE_BYTES);
    _sink = jpDecoder.readVarlenOpaque();
  },
});
Deno.bench({
  name: "js-xdr",
  group: "1 MiB opaque decode",
  fn: () => {
    _sink = JsData.decode(OPAQUE_BYTES);
  },
});

// ---------------------------------------------------------------------------------------
// opaqueExternal inline vs attached: the INLINE_PAYLOAD_THRESHOLD measurement
// ---------------------------------------------------------------------------------------
//
// A WRITE3args-like request (file handle, offset, count, stable, data<>; the data comes
// last) sent on a real loopback socket to a sink that drains it, each segment with its own
// conn.write (Deno has no writev). "inline" copies the payload into the (64 KiB) cluster
// and sends one segment; "attached" appends the caller's buffer as an external mbuf and
// sends two: the difference is one copy of n bytes against one extra conn.write.

const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const conn = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
const peer = await listener.accept();
conn.setNoDelay(true);
(async () => {
  const buf = new Uint8Array(1 << 20);
  try {
    while ((await peer.read(buf)) !== null) { /* drain */ }
  } catch { /* closed at exit */ }
})();
listener.unref();
peer.unref();
globalThis.addEventListener("unload", () => conn.close());

const sendPool = new ClusterPool(); // default 64 KiB clusters: inline stays one segment
const FH = new Uint8Array(32).fill(7);

function writeHead(w: XdrWriter, n: number): void {
  w.opaque(FH, 64);
  w.uhyperNumber(4096);
  w.uint(n);
  w.enum(2);
}

async function send(chain: MbufChain): Promise<void> {
  for (const seg of chain.segments()) {
    let off = 0;
    while (off < seg.length) off += await conn.write(off === 0 ? seg : seg.subarray(off));
  }
}

for (const n of [256, 1024, 2048, 4096, 8192, 16384]) {
  const payload = new Uint8Array(n).fill(0x5a);
  const group = `opaqueExternal ${n} B: inline vs attached`;
  Deno.bench({
    name: `inline ${n} B: copy, 1 write`,
    group,
    baseline: true,
    fn: async () => {
      const w = new XdrWriter(new MbufChain(sendPool));
      writeHead(w, n);
      w.opaque(payload); // the copy opaqueExternal makes below the threshold
      const c = w.finish();
      await send(c);
      c.release();
    },
  });
  Deno.bench({
    name: `attached ${n} B: 2 writes`,
    group,
    fn: async () => {
      const w = new XdrWriter(new MbufChain(sendPool));
      writeHead(w, n);
      w.uint(n);
      const c = w.finish();
      c.appendExternal(payload); // what opaqueExternal does above the threshold (n % 4 == 0)
      await send(c);
      c.release();
    },
  });
  Deno.bench({
    name: `opaqueExternal ${n} B: as shipped (${
      n < INLINE_PAYLOAD_THRESHOLD ? "inline" : "attached"
    })`,
    group,
    fn: async () => {
      const w = new XdrWriter(new MbufChain(sendPool));
      writeHead(w, n);
      w.opaqueExternal(payload);
      const c = w.finish();
      await send(c);
      c.release();
    },
  });
  Deno.bench({
    name: `copy ${n} B alone (no I/O)`,
    group,
    fn: () => {
      const w = new XdrWriter(new MbufChain(sendPool));
      w.opaque(payload);
      const c = w.finish();
      _sink = c;
      c.release();
    },
  });
}

const SMALL = new Uint8Array(4);
Deno.bench({
  name: "one 4-byte conn.write",
  group: "socket write cost",
  baseline: true,
  fn: async () => {
    await conn.write(SMALL);
  },
});
const FOUR_K = new Uint8Array(4096);
Deno.bench({
  name: "one 4 KiB conn.write",
  group: "socket write cost",
  fn: async () => {
    await conn.write(FOUR_K);
  },
});
