/**
 * Calls that end (aborted, timed out, or answered) while their request is still queued or
 * being written behind a large WRITE: the transport must not send them afterwards (their
 * buffers are the caller's again), and the calls queued with them must still go out.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "@std/assert";
import { defaultPool } from "../../mbuf/mod.ts";
import { type CallSpec, RpcClient, RpcTimeoutError } from "../../rpc/mod.ts";
import type { XdrReader } from "../../xdr/mod.ts";
import {
  readCall,
  RpcPeer,
  type SeenCall,
  successReply,
  words,
  writeAll,
} from "../_util/rpc_peer.ts";
import { sleep } from "./_data.ts";

const MIB = 1 << 20;

/** A peer that reads nothing for `stallMs`, then answers every call with its procedure. */
function stallingReader(stallMs: number, seen: SeenCall[]): RpcPeer {
  return new RpcPeer(async (conn) => {
    await sleep(stallMs);
    for (;;) {
      const c = await readCall(conn);
      if (c === null) return;
      seen.push(c);
      await writeAll(conn, successReply(c.xid, words(c.proc)));
    }
  });
}

/** A call of procedure `proc` whose arguments are `payload` (sent without a copy). */
function call(proc: number, payload?: Uint8Array, signal?: AbortSignal): CallSpec<number> {
  return {
    prog: 400000,
    vers: 1,
    proc,
    name: `TEST ${proc}`,
    encode: (w) => {
      w.uint(proc);
      if (payload) w.opaqueExternal(payload);
    },
    decode: (r: XdrReader) => r.uint(),
    ...(signal ? { signal } : {}),
  };
}

Deno.test("send queue: a call aborted while queued is never sent; its batch-mates are", async () => {
  const seen: SeenCall[] = [];
  await using peer = stallingReader(300, seen);
  const pool = defaultPool.stats().inUse;
  {
    await using rpc = await RpcClient.connect({ port: peer.port, hard: false, timeout: 3000 });
    const big = rpc.call(call(1, new Uint8Array(16 * MIB))); // fills the socket: being written
    await sleep(20);
    const ac = new AbortController();
    const payload = new Uint8Array(8192).fill(0x33);
    const b = rpc.call(call(2)); // queued, in the next batch
    const c = rpc.call(call(3, payload, ac.signal)); // queued in the same batch
    const d = rpc.call(call(4));
    await sleep(5); // all three queued behind the big one
    ac.abort(new Error("cancelled"));
    assertMatch((await assertRejects(() => c, Error)).message, /cancelled/);
    payload.fill(0x66); // the caller's buffer again
    const t0 = performance.now();
    assertEquals(await Promise.all([big, b, d]), [1, 2, 4]);
    assert(performance.now() - t0 < 2000, "the batch-mates waited for a retransmission");
    assertEquals(seen.map((s) => s.proc), [1, 2, 4], "the aborted call went out");
    assertEquals(rpc.stats().retransmits, 0);
  }
  assertEquals(defaultPool.stats().inUse, pool, "clusters not returned to the pool");
});

Deno.test("send queue: a WRITE aborted while being written is cut off, never sent whole", async () => {
  const seen: SeenCall[] = [];
  await using peer = stallingReader(300, seen);
  await using rpc = await RpcClient.connect({ port: peer.port, reconnectMinDelay: 1 });
  const ac = new AbortController();
  const payload = new Uint8Array(32 * MIB).fill(0x33);
  const big = rpc.call(call(1, payload, ac.signal));
  await sleep(50); // part of it is in the socket buffers, the rest waits in our write
  ac.abort(new Error("cancelled"));
  assertMatch((await assertRejects(() => big, Error)).message, /cancelled/);
  payload.fill(0x66);
  // The connection was given up for it (the server drops a partial record); the client
  // goes on over a new one.
  assertEquals(await rpc.call(call(2)), 2);
  assertEquals(seen.map((s) => s.proc), [2]);
  assertEquals(rpc.stats().reconnects, 1);
});

Deno.test("send queue: a retransmission still queued when the reply comes is not sent", async () => {
  const seen: SeenCall[] = [];
  // Reads the first call (proc 2) and answers it after 500 ms, but reads nothing more for
  // 1200 ms: the 64 MiB call behind it stays stuck in our write meanwhile. (The timeout,
  // 300 ms, is also how long the peer may take to answer a call once it is written: with
  // 150 ms a loaded machine retransmitted proc 3 while the peer was still reading the 64 MiB.)
  await using peer = new RpcPeer(async (conn) => {
    let first = true;
    for (;;) {
      const c = await readCall(conn);
      if (c === null) return;
      seen.push(c);
      const reply = successReply(c.xid, words(c.proc));
      if (!first) {
        await writeAll(conn, reply);
        continue;
      }
      first = false;
      setTimeout(() => void writeAll(conn, reply).catch(() => {}), 500);
      await sleep(1200);
    }
  });
  await using rpc = await RpcClient.connect({ port: peer.port, timeout: 300 });
  const small = rpc.call(call(2)); // times out at 300 ms: its retransmission waits behind
  await sleep(5);
  const big = rpc.call(call(1, new Uint8Array(64 * MIB)));
  assertEquals(await small, 2); // answered at 500 ms, its retransmission still queued
  const other = rpc.call(call(3)); // queued in the same batch as that retransmission
  assertEquals(await Promise.all([big, other]), [1, 3]);
  // Nothing twice: not the answered call, nor the calls that waited (longer than the
  // timeout) behind the stuck write: their clocks restart once they are written.
  assertEquals(seen.map((s) => s.proc), [2, 1, 3]);
});

Deno.test("send queue: a call waiting behind a write that makes progress does not time out", async () => {
  // The peer reads slowly but steadily (1 MiB every 20 ms) through the first 40 MiB: the
  // 48 MiB write takes about a second, three timeouts. The soft call queued behind it must not
  // fail for it. (The last MiBs go fast: once written, a call's clock does run.)
  const seen: SeenCall[] = [];
  await using peer = new RpcPeer(async (conn) => {
    for (;;) {
      const c = await readCall(conn, { chunk: MIB, pauseMs: 20, slowBytes: 40 * MIB });
      if (c === null) return;
      seen.push(c);
      await writeAll(conn, successReply(c.xid, words(c.proc)));
    }
  });
  await using rpc = await RpcClient.connect({
    port: peer.port,
    timeout: 300,
    hard: false,
    retrans: 1,
  });
  const big = rpc.call(call(1, new Uint8Array(48 * MIB)));
  await sleep(5);
  const small = rpc.call(call(2));
  assertEquals(await Promise.all([big, small]), [1, 2]);
  assertEquals(seen.map((s) => s.proc), [1, 2]);
  assertEquals(rpc.stats().retransmits, 0);
});

Deno.test("send queue: a soft call behind a write the peer never reads still times out", async () => {
  await using peer = new RpcPeer(async () => {
    await sleep(1500); // reads nothing
  });
  await using rpc = await RpcClient.connect({
    port: peer.port,
    timeout: 100,
    hard: false,
    retrans: 1,
  });
  const big = assertRejects(() => rpc.call(call(1, new Uint8Array(32 * MIB))), RpcTimeoutError);
  await sleep(5);
  const t0 = performance.now();
  const small = rpc.call(call(2));
  await assertRejects(() => small, RpcTimeoutError);
  const waited = performance.now() - t0;
  assert(waited < 2000, `a stuck connection held a soft call for ${waited} ms`);
  await big;
});
