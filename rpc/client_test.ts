import { assert, assertEquals, assertMatch, assertRejects } from "@std/assert";
import { copyStats, defaultPool } from "../mbuf/mod.ts";
import type { XdrReader } from "../xdr/mod.ts";
import {
  acceptedHeader,
  concat,
  fragments,
  readCall,
  record,
  RpcPeer,
  successReply,
  words,
  writeAll,
} from "../tests/_util/rpc_peer.ts";
import {
  authSys,
  type CallSpec,
  RpcAuthError,
  RpcClient,
  RpcConnectionError,
  RpcGarbageArgs,
  RpcMismatch,
  RpcProcUnavailable,
  RpcProgMismatch,
  RpcProgUnavailable,
  RpcProtocolError,
  RpcSystemError,
  RpcTimeoutError,
} from "./mod.ts";

const u32 = (r: XdrReader) => r.uint();

function spec<T>(
  proc: number,
  decode: (r: XdrReader) => T,
  extra: Partial<CallSpec<T>> = {},
): CallSpec<T> {
  return {
    prog: 400000,
    vers: 1,
    proc,
    name: `TEST ${proc}`,
    encode: (w) => w.uint(proc),
    decode,
    ...extra,
  };
}

/** A peer that answers each call with `proc * 10` after `delay(call)` ms. */
function echoPeer(opts: { delay?: (proc: number) => number } = {}): RpcPeer {
  return new RpcPeer(async (conn) => {
    const pending: Promise<void>[] = [];
    for (;;) {
      const c = await readCall(conn);
      if (c === null) break;
      const d = opts.delay?.(c.proc) ?? 0;
      pending.push(
        (async () => {
          if (d) await new Promise((r) => setTimeout(r, d));
          await writeAll(conn, successReply(c.xid, words(c.proc * 10)));
        })(),
      );
    }
    await Promise.all(pending);
  });
}

Deno.test("RpcClient.call() round-trips a call and decodes the result", async () => {
  await using peer = echoPeer();
  await using rpc = await RpcClient.connect({ port: peer.port });
  assertEquals(await rpc.call(spec(7, u32)), 70);
});

Deno.test("RpcClient: arguments that fail to encode send nothing and leak nothing", async () => {
  await using peer = echoPeer();
  await using rpc = await RpcClient.connect({ port: peer.port, maxInFlight: 1 });
  const inUse = defaultPool.stats().inUse;
  const bad = spec(1, u32, {
    encode: (w) => {
      w.opaqueFixed(new Uint8Array(100_000)); // a few clusters written, then:
      throw new RangeError("no such name");
    },
  });
  for (let i = 0; i < 3; i++) {
    assertMatch((await assertRejects(() => rpc.call(bad), Error)).message, /no such name/);
  }
  assertEquals(defaultPool.stats().inUse, inUse, "clusters of the failed encodes kept");
  assertEquals(await rpc.call(spec(2, u32)), 20); // the one slot was given back each time
  assertEquals(rpc.stats().calls, 1);
});

Deno.test("RpcClient sends AUTH_SYS credentials the peer can read", async () => {
  let cred: Uint8Array | undefined;
  await using peer = new RpcPeer(async (conn) => {
    const mark = new Uint8Array(4);
    await conn.read(mark);
    const buf = new Uint8Array(new DataView(mark.buffer).getUint32(0) & 0x7fffffff);
    let o = 0;
    while (o < buf.length) o += (await conn.read(buf.subarray(o)))!;
    const dv = new DataView(buf.buffer);
    assertEquals(dv.getUint32(24), 1); // AUTH_SYS
    cred = buf.slice(32, 32 + dv.getUint32(28));
    await writeAll(conn, successReply(dv.getUint32(0)));
  });
  await using rpc = await RpcClient.connect({
    port: peer.port,
    auth: authSys({ uid: 1000, gid: 100, gids: [4, 27], machineName: "box", stamp: 7 }),
  });
  await rpc.call(spec(0, () => undefined));
  assertEquals(
    cred,
    concat(
      words(7, 3),
      new TextEncoder().encode("box"),
      new Uint8Array(1),
      words(1000, 100, 2, 4, 27),
    ),
  );
});

Deno.test("RpcClient matches out-of-order replies to their calls", async () => {
  await using peer = echoPeer({ delay: (p) => (10 - p) * 15 });
  await using rpc = await RpcClient.connect({ port: peer.port });
  const got = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9].map((p) => rpc.call(spec(p, u32))));
  assertEquals(got, [10, 20, 30, 40, 50, 60, 70, 80, 90]);
});

Deno.test("RpcClient reads records cut into 1-byte writes and into many fragments", async () => {
  await using peer = new RpcPeer(async (conn) => {
    for (;;) {
      const c = await readCall(conn);
      if (c === null) break;
      const body = concat(acceptedHeader(c.xid), words(c.proc, 0xdeadbeef));
      const bytes = c.proc === 1 ? record(body) : fragments(body, 3);
      if (c.proc === 1) {
        for (const b of bytes) {
          await writeAll(conn, new Uint8Array([b]));
          await new Promise((r) => setTimeout(r, 1));
        }
      } else {
        await writeAll(conn, bytes);
      }
    }
  });
  await using rpc = await RpcClient.connect({ port: peer.port });
  const two = (r: XdrReader) => [r.uint(), r.uint()];
  assertEquals(await rpc.call(spec(1, two)), [1, 0xdeadbeef]);
  assertEquals(await rpc.call(spec(2, two)), [2, 0xdeadbeef]);
});

Deno.test("RpcClient handles two replies in one write and drops unknown XIDs", async () => {
  await using peer = new RpcPeer(async (conn) => {
    const a = await readCall(conn);
    const b = await readCall(conn);
    if (!a || !b) return;
    await writeAll(
      conn,
      concat(
        successReply(a.xid ^ 0x5555, words(1)),
        successReply(b.xid, words(2)),
        successReply(a.xid, words(1)),
      ),
    );
    await readCall(conn);
  });
  await using rpc = await RpcClient.connect({ port: peer.port });
  const [x, y] = await Promise.all([rpc.call(spec(1, u32)), rpc.call(spec(2, u32))]);
  assertEquals([x, y], [1, 2]);
  assertEquals(rpc.stats().unknownXids, 1);
});

Deno.test("RpcClient turns reply errors into typed errors", async () => {
  // deno-lint-ignore no-explicit-any
  const cases: [Uint8Array, new (...a: any[]) => Error, RegExp][] = [
    [words(1, 0, 0, 0, 1), RpcProgUnavailable, /PROG_UNAVAIL/],
    [words(1, 0, 0, 0, 2, 3, 4), RpcProgMismatch, /3\.\.4/],
    [words(1, 0, 0, 0, 3), RpcProcUnavailable, /PROC_UNAVAIL/],
    [words(1, 0, 0, 0, 4), RpcGarbageArgs, /GARBAGE_ARGS/],
    [words(1, 0, 0, 0, 5), RpcSystemError, /SYSTEM_ERR/],
    [words(1, 1, 0, 2, 2), RpcMismatch, /RPC_MISMATCH/],
    [words(1, 1, 1, 5), RpcAuthError, /AUTH_TOOWEAK/],
    [words(0, 0, 0, 0, 0), RpcProtocolError, /msg_type/],
  ];
  let i = 0;
  await using peer = new RpcPeer(async (conn) => {
    for (;;) {
      const c = await readCall(conn);
      if (c === null) break;
      await writeAll(conn, record(concat(words(c.xid), cases[i++]![0])));
    }
  });
  await using rpc = await RpcClient.connect({ port: peer.port });
  for (const [, type, msg] of cases) {
    const e = await assertRejects(() => rpc.call(spec(1, () => undefined)), type);
    assertMatch(e.message, msg);
    assertMatch(e.message, /TEST 1/);
  }
});

Deno.test("RpcClient rejects an oversized record mark and every pending call", async () => {
  await using peer = new RpcPeer(async (conn) => {
    await readCall(conn);
    await readCall(conn);
    await writeAll(conn, words(0x80000000 | 0x7fffffff));
    await new Promise((r) => setTimeout(r, 200));
  });
  await using rpc = await RpcClient.connect({ port: peer.port, maxRecordBytes: 1 << 20 });
  const results = await Promise.allSettled([rpc.call(spec(1, u32)), rpc.call(spec(2, u32))]);
  for (const r of results) {
    assertEquals(r.status, "rejected");
    const e = (r as PromiseRejectedResult).reason;
    assert(e instanceof RpcProtocolError, String(e));
    assertMatch(e.message, /2147483647 bytes, more than the maximum of 1048576/);
  }
});

Deno.test("RpcClient reconnects after a drop mid-record and completes the call (same XID)", async () => {
  const xids: number[] = [];
  await using peer = new RpcPeer(async (conn, index) => {
    const c = await readCall(conn);
    if (c === null) return;
    xids.push(c.xid);
    const rep = successReply(c.xid, words(42, 43));
    if (index === 0) {
      await writeAll(conn, rep.subarray(0, 13)); // half a record, then drop
      return;
    }
    await writeAll(conn, rep);
    await readCall(conn);
  });
  await using rpc = await RpcClient.connect({ port: peer.port, reconnectMinDelay: 10 });
  const v = await rpc.call(spec(3, (r) => [r.uint(), r.uint()]));
  assertEquals(v, [42, 43]);
  assertEquals(xids.length, 2);
  assertEquals(xids[0], xids[1]);
  assertEquals(rpc.stats().reconnects, 1);
});

Deno.test("RpcClient soft calls time out; hard calls retransmit until answered", async () => {
  const seen: number[] = [];
  await using peer = new RpcPeer(async (conn) => {
    for (;;) {
      const c = await readCall(conn);
      if (c === null) break;
      seen.push(c.xid);
      if (c.proc === 2 && seen.filter((x) => x === c.xid).length === 3) {
        await writeAll(conn, successReply(c.xid, words(5)));
      }
    }
  });
  {
    await using soft = await RpcClient.connect({
      port: peer.port,
      hard: false,
      timeout: 30,
      retrans: 1,
    });
    const t0 = performance.now();
    await assertRejects(() => soft.call(spec(1, u32)), RpcTimeoutError);
    const took = performance.now() - t0;
    assert(took >= 80 && took < 2000, `took ${took} ms`); // 30 + 60
  }
  await using hard = await RpcClient.connect({ port: peer.port, timeout: 20 });
  assertEquals(await hard.call(spec(2, u32)), 5);
  assertEquals(hard.stats().retransmits, 2);
  await assertRejects(() => hard.call(spec(1, u32, { timeout: 50 })), RpcTimeoutError);
});

Deno.test("RpcClient aborts a call with its AbortSignal and frees the slot", async () => {
  await using peer = new RpcPeer(async (conn) => {
    for (;;) if ((await readCall(conn)) === null) break;
  });
  await using rpc = await RpcClient.connect({ port: peer.port, maxInFlight: 1 });
  const ac = new AbortController();
  const first = rpc.call(spec(1, u32, { signal: ac.signal }));
  const ac2 = new AbortController();
  const queued = rpc.call(spec(2, u32, { signal: ac2.signal }));
  ac2.abort(new Error("second gone"));
  assertMatch((await assertRejects(() => queued, Error)).message, /second gone/);
  ac.abort();
  assertEquals((await assertRejects(() => first, DOMException)).name, "AbortError");
  assertEquals(rpc.stats().pending, 0);
});

Deno.test("RpcClient keeps at most maxInFlight calls outstanding", async () => {
  let outstanding = 0;
  let most = 0;
  await using peer = new RpcPeer(async (conn) => {
    const tasks: Promise<void>[] = [];
    for (;;) {
      const c = await readCall(conn);
      if (c === null) break;
      outstanding++;
      most = Math.max(most, outstanding);
      tasks.push((async () => {
        await new Promise((r) => setTimeout(r, 5));
        outstanding--;
        await writeAll(conn, successReply(c.xid, words(c.proc)));
      })());
    }
    await Promise.all(tasks);
  });
  await using rpc = await RpcClient.connect({ port: peer.port, maxInFlight: 3 });
  const got = await Promise.all(Array.from({ length: 20 }, (_, i) => rpc.call(spec(i, u32))));
  assertEquals(got, Array.from({ length: 20 }, (_, i) => i));
  assertEquals(most, 3);
});

Deno.test("RpcClient.close() rejects pending calls and later calls", async () => {
  await using peer = new RpcPeer(async (conn) => {
    for (;;) if ((await readCall(conn)) === null) break;
  });
  const rpc = await RpcClient.connect({ port: peer.port });
  const p = rpc.call(spec(1, u32)).catch((e) => e);
  await new Promise((r) => setTimeout(r, 20));
  assertEquals(rpc.stats().pending, 1);
  await rpc.close();
  assert((await p) instanceof RpcConnectionError);
  assertMatch(
    (await assertRejects(() => rpc.call(spec(1, u32)), Error)).message,
    /client is closed/,
  );
});

Deno.test("RpcClient.connect() fails clearly when nothing listens", async () => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  await assertRejects(
    () => RpcClient.connect({ port }),
    RpcConnectionError,
    `Cannot connect to 127.0.0.1:${port}`,
  );
});

// --- zero-copy receive into a sink -------------------------------------------------------

/** A READ-like reply: status 0, count, eof, then opaque data. The sink head is 3 words. */
function readReply(xid: number, data: Uint8Array, status = 0): Uint8Array {
  if (status !== 0) return record(concat(acceptedHeader(xid), words(status)));
  const pad = new Uint8Array((4 - (data.length & 3)) & 3);
  return record(concat(acceptedHeader(xid), words(0, data.length, 1, data.length), data, pad));
}

function readSpec(dest: Uint8Array, head = 24 + 16) {
  return spec(6, (r) => {
    const st = r.uint();
    if (st !== 0) return { st, n: 0 };
    const count = r.uint();
    r.bool();
    const n = r.opaqueInto(dest);
    assertEquals(n, count);
    return { st, n };
  }, { sink: { dest, head } });
}

function pattern(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

Deno.test("A 4 MiB READ payload lands in the caller's buffer with 0 payload bytes copied", async () => {
  const data = pattern(4 << 20, 7);
  await using peer = new RpcPeer(async (conn) => {
    for (;;) {
      const c = await readCall(conn);
      if (c === null) break;
      await writeAll(conn, readReply(c.xid, data));
    }
  });
  await using rpc = await RpcClient.connect({ port: peer.port, lookahead: 40 });
  const dest = new Uint8Array(4 << 20);
  const before = copyStats();
  const res = await rpc.call(readSpec(dest));
  const after = copyStats();
  assertEquals(res.n, 4 << 20);
  assertEquals(dest, data);
  assertEquals(after.payloadBytes - before.payloadBytes, 0);
  const t = rpc.stats().transport;
  assertEquals(t.sinkRecords, 1);
  assertEquals(t.directBytes, 4 << 20);
});

Deno.test("Pipelined sink READs with odd sizes, an error status and a short header all decode", async () => {
  const sizes = [1, 3, 4, 5, 1000, 65535, 65536, 200001];
  await using peer = new RpcPeer(async (conn) => {
    const calls = [];
    for (let i = 0; i < sizes.length + 1; i++) calls.push(await readCall(conn));
    // All replies in one burst: the client must keep payload bytes out of its clusters.
    const replies = calls.map((c, i) =>
      i < sizes.length
        ? readReply(c!.xid, pattern(sizes[i]!, i))
        : readReply(c!.xid, new Uint8Array(0), 2)
    );
    await writeAll(conn, concat(...replies));
    await readCall(conn);
  });
  await using rpc = await RpcClient.connect({ port: peer.port, lookahead: 40 });
  const dests = sizes.map((n) => new Uint8Array(n + 8));
  const before = copyStats();
  const results = await Promise.all([
    ...dests.map((d) => rpc.call(readSpec(d))),
    rpc.call(readSpec(new Uint8Array(16))),
  ]);
  const copied = copyStats().payloadBytes - before.payloadBytes;
  sizes.forEach((n, i) => {
    assertEquals(results[i]!.n, n);
    assertEquals(dests[i]!.subarray(0, n), pattern(n, i));
  });
  assertEquals(results[sizes.length]!.st, 2);
  assertEquals(copied, 0);
});

Deno.test("A reply not laid out as its sink says goes through clusters: copied, counted, intact", async () => {
  const data = pattern(100000, 3);
  await using peer = new RpcPeer(async (conn) => {
    for (let i = 0; i < 2; i++) {
      const c = await readCall(conn);
      if (c) await writeAll(conn, readReply(c.xid, data));
    }
    await readCall(conn);
  });
  await using rpc = await RpcClient.connect({ port: peer.port, lookahead: 32 });
  for (const head of [40 + 24, 40 - 8]) { // a head 24 bytes too long, and 8 too short
    const dest = new Uint8Array(data.length);
    const before = copyStats();
    const fallbacks = rpc.stats().transport.sinkFallbacks;
    await rpc.call(readSpec(dest, head));
    assertEquals(copyStats().payloadBytes - before.payloadBytes, data.length, `head ${head}`);
    assertEquals(rpc.stats().transport.sinkFallbacks, fallbacks + 1, `head ${head}`);
    assertEquals(dest, data, `head ${head}`);
  }
});

/** The body of a READ-like reply (no record mark), to be cut into fragments. */
function readBody(xid: number, data: Uint8Array): Uint8Array {
  const pad = new Uint8Array((4 - (data.length & 3)) & 3);
  return concat(acceptedHeader(xid), words(0, data.length, 1, data.length), data, pad);
}

Deno.test("Fragmented READ replies (libtirpc servers) still land with 0 payload bytes copied", async () => {
  // Fragment sizes that cut the XID, the header, the length word, the payload and the pad;
  // tiny fragments with a small payload (each fragment costs a socket read).
  const cuts = [1, 3, 7, 40, 41, 4096, 65536, 99999];
  const dataFor = (size: number) => pattern(size < 100 ? 3001 : 300001, size);
  await using peer = new RpcPeer(async (conn) => {
    for (const size of cuts) {
      const c = await readCall(conn);
      if (!c) return;
      await writeAll(conn, fragments(readBody(c.xid, dataFor(size)), size));
    }
    // Then all at once, pipelined: one burst holding every reply.
    const calls = [];
    for (let i = 0; i < cuts.length; i++) calls.push(await readCall(conn));
    await writeAll(
      conn,
      concat(...calls.map((c, i) => fragments(readBody(c!.xid, dataFor(cuts[i]!)), cuts[i]!))),
    );
    await readCall(conn);
  });
  await using rpc = await RpcClient.connect({ port: peer.port, lookahead: 40 });
  const before = copyStats().payloadBytes;
  for (const size of cuts) {
    const data = dataFor(size);
    const dest = new Uint8Array(data.length + 3);
    assertEquals((await rpc.call(readSpec(dest))).n, data.length, `fragments of ${size}`);
    assertEquals(dest.subarray(0, data.length), data, `fragments of ${size}`);
  }
  const dests = cuts.map((size) => new Uint8Array(dataFor(size).length));
  await Promise.all(dests.map((d) => rpc.call(readSpec(d))));
  cuts.forEach((size, i) => assertEquals(dests[i], dataFor(size), `burst, fragments of ${size}`));
  assertEquals(copyStats().payloadBytes - before, 0, "payload bytes copied");
  const t = rpc.stats().transport;
  assertEquals(t.sinkRecords, 2 * cuts.length);
  assertEquals(t.sinkFallbacks, 0);
});

Deno.test("Empty fragments inside a READ reply's data are skipped (odd, but legal)", async () => {
  const data = pattern(50_000, 11);
  await using peer = new RpcPeer(async (conn) => {
    const c = await readCall(conn);
    const body = readBody(c!.xid, data);
    const at = 24 + 16 + 10_000; // cut inside the data
    const empties = concat(...Array.from({ length: 3000 }, () => words(0)));
    await writeAll(
      conn,
      concat(
        words(at),
        body.subarray(0, at),
        empties,
        words(0x80000000 | (body.length - at)),
        body.subarray(at),
      ),
    );
    await readCall(conn);
  });
  await using rpc = await RpcClient.connect({ port: peer.port, lookahead: 40 });
  const dest = new Uint8Array(data.length);
  const before = copyStats().payloadBytes;
  assertEquals((await rpc.call(readSpec(dest))).n, data.length);
  assertEquals(dest, data);
  // Reading past the empty fragments' marks a few bytes at a time is what keeps this fast;
  // the data bytes read with them are copied (counted), no more than the read-ahead.
  assert(copyStats().payloadBytes - before <= 256, "copied more than the read-ahead");
});

Deno.test("A fragmented reply that is not a READ result, or too short for one, still decodes", async () => {
  await using peer = new RpcPeer(async (conn) => {
    let c = await readCall(conn);
    // An error status, in 2-byte fragments: shorter than the sink's hint.
    await writeAll(conn, fragments(concat(acceptedHeader(c!.xid), words(70)), 2));
    c = await readCall(conn);
    // A plain call's reply (no sink), in 3-byte fragments.
    await writeAll(conn, fragments(concat(acceptedHeader(c!.xid), words(c!.proc * 10)), 3));
    await readCall(conn);
  });
  await using rpc = await RpcClient.connect({ port: peer.port, lookahead: 40 });
  assertEquals((await rpc.call(readSpec(new Uint8Array(100)))).st, 70);
  assertEquals(await rpc.call(spec(9, u32)), 90);
});

Deno.test("A fragmented record that ends inside its READ data is a protocol error", async () => {
  await using peer = new RpcPeer(async (conn) => {
    const c = await readCall(conn);
    // Claims 1000 bytes of data but the last fragment ends after 500 of them.
    const body = concat(acceptedHeader(c!.xid), words(0, 1000, 1, 1000), pattern(500, 1));
    await writeAll(conn, fragments(body, 100));
    await readCall(conn);
  });
  await using rpc = await RpcClient.connect({ port: peer.port, reconnect: false });
  await assertRejects(
    () => rpc.call(readSpec(new Uint8Array(1000))),
    RpcProtocolError,
    "length 1000 exceeds the 500 bytes left",
  );
});

Deno.test("A READ cancelled in the middle of a fragmented reply: its buffer is left alone", async () => {
  const data = pattern(256 * 1024, 9);
  let conns = 0;
  await using peer = new RpcPeer(async (conn) => {
    if (conns++ === 0) {
      const c = await readCall(conn);
      const all = fragments(readBody(c!.xid, data), 16384);
      await writeAll(conn, all.subarray(0, 100_000));
      await new Promise((r) => setTimeout(r, 150)); // the client aborts meanwhile
      await writeAll(conn, all.subarray(100_000)).catch(() => {});
    }
    for (;;) {
      const c = await readCall(conn).catch(() => null);
      if (c === null) return;
      await writeAll(conn, fragments(concat(acceptedHeader(c.xid), words(c.proc * 10)), 5));
    }
  });
  await using rpc = await RpcClient.connect({ port: peer.port, lookahead: 40 });
  const dest = new Uint8Array(data.length);
  const ac = new AbortController();
  const aborted = rpc.call({ ...readSpec(dest), signal: ac.signal });
  await new Promise((r) => setTimeout(r, 50));
  ac.abort(new Error("stop"));
  assertMatch((await assertRejects(() => aborted, Error)).message, /stop/);
  dest.fill(0xee); // the caller's again
  await new Promise((r) => setTimeout(r, 250));
  assert(dest.every((b) => b === 0xee), "bytes landed in the buffer after the abort");
  // A read posted into the buffer cannot be taken back: the connection was closed for it,
  // and the client goes on over a new one.
  assertEquals(await rpc.call(spec(4, u32)), 40);
});

Deno.test("A READ reply claiming more data than the buffer holds is a protocol error", async () => {
  await using peer = new RpcPeer(async (conn) => {
    const c = await readCall(conn);
    if (c) await writeAll(conn, readReply(c.xid, pattern(5000, 1)));
    await readCall(conn);
  });
  await using rpc = await RpcClient.connect({ port: peer.port });
  await assertRejects(
    () => rpc.call(readSpec(new Uint8Array(4096))),
    RpcProtocolError,
    "length 5000 exceeds 4096",
  );
});

Deno.test("A fragmented reply not laid out as its sink says decodes from a copy, intact", async () => {
  const data = pattern(100_000, 4);
  await using peer = new RpcPeer(async (conn) => {
    for (let i = 0; i < 2; i++) {
      const c = await readCall(conn);
      if (c) await writeAll(conn, fragments(readBody(c.xid, data), 4096));
    }
    await readCall(conn);
  });
  await using rpc = await RpcClient.connect({ port: peer.port, lookahead: 32 });
  for (const head of [40 + 24, 40 - 8]) {
    const dest = new Uint8Array(data.length);
    const fallbacks = rpc.stats().transport.sinkFallbacks;
    await rpc.call(readSpec(dest, head));
    assertEquals(rpc.stats().transport.sinkFallbacks, fallbacks + 1, `head ${head}`);
    assertEquals(dest, data, `head ${head}`);
  }
});

Deno.test("A second reply to a READ (a duplicate) goes to clusters, not into the returned buffer", async () => {
  const data = pattern(20_000, 5);
  await using peer = new RpcPeer(async (conn) => {
    const c = await readCall(conn);
    await writeAll(conn, readReply(c!.xid, data));
    await readCall(conn); // the next call: the caller has its buffer back by now
    await writeAll(conn, readReply(c!.xid, pattern(20_000, 6))); // the same XID again
    await writeAll(conn, successReply(c!.xid + 1, words(7)));
    await readCall(conn);
  });
  await using rpc = await RpcClient.connect({ port: peer.port, lookahead: 40 });
  const dest = new Uint8Array(data.length);
  assertEquals((await rpc.call(readSpec(dest))).n, data.length);
  dest.fill(0xaa); // the caller's again
  assertEquals(await rpc.call(spec(2, u32)), 7);
  assert(dest.every((b) => b === 0xaa), "the duplicate landed in the buffer");
  assertEquals(rpc.stats().unknownXids, 1);
  assertEquals(rpc.stats().transport.sinkRecords, 1);
});

Deno.test("A READ retransmitted on a new connection lands in the buffer there too", async () => {
  const data = pattern(300_000, 8);
  await using peer = new RpcPeer(async (conn, i) => {
    const c = await readCall(conn);
    const reply = readReply(c!.xid, data);
    if (i === 0) {
      await writeAll(conn, reply.subarray(0, 100_000)); // then the connection drops
      return;
    }
    await writeAll(conn, reply);
    await readCall(conn);
  });
  await using rpc = await RpcClient.connect({
    port: peer.port,
    lookahead: 40,
    reconnectMinDelay: 10,
  });
  const dest = new Uint8Array(data.length);
  const before = copyStats().payloadBytes;
  assertEquals((await rpc.call(readSpec(dest))).n, data.length);
  assertEquals(dest, data);
  assertEquals(copyStats().payloadBytes - before, 0);
  assertEquals(rpc.stats().reconnects, 1);
  assertEquals(rpc.stats().transport.sinkRecords, 1); // the new connection's counters
});

Deno.test("A sink whose head cannot hold a length word is a RangeError, and nothing is sent", async () => {
  await using peer = new RpcPeer(async (conn) => {
    const c = await readCall(conn);
    await writeAll(conn, successReply(c!.xid, words(c!.proc)));
    await readCall(conn);
  });
  await using rpc = await RpcClient.connect({ port: peer.port });
  await assertRejects(() => rpc.call(readSpec(new Uint8Array(8), 4)), RangeError, "sink head 4");
  assertEquals(rpc.stats().calls, 0);
  assertEquals(await rpc.call(spec(3, u32)), 3);
});
