/**
 * Slow and silent servers: soft calls time out within `timeo` and `retrans`, hard calls ride
 * out slow replies by retransmitting, an `AbortSignal` cancels at once, and every timer,
 * socket, pending call and pool cluster is released afterwards (Deno's sanitizers are on).
 */
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertMatch,
  assertRejects,
  fail,
} from "@std/assert";
import { connect, type NfsClient, TimedOut } from "../../mod.ts";
import { defaultPool } from "../../mbuf/mod.ts";
import { RpcClient, RpcConnectionError, RpcTimeoutError } from "../../rpc/mod.ts";
import { Nfs3Client } from "../../nfs/v3/client.ts";
import { StableHow } from "../../nfs/v3/types.ts";
import { startTestServer, type TestServer, type TestServerFaults } from "../../testing/mod.ts";
import { readCall, RpcPeer, writeAll } from "../_util/rpc_peer.ts";
import { fattr, fh, nfs3Reply } from "./_hostile.ts";
import { sleep, stampedData, until } from "./_data.ts";

const MIB = 1 << 20;
/** Slack for timers on a loaded machine. */
const SLACK_MS = 800;
const FILE = stampedData(3 * MIB, 5);

async function withServer(
  query: string,
  faults: TestServerFaults,
  fn: (nfs: NfsClient, server: TestServer, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  const pool = defaultPool.stats().inUse;
  try {
    await Deno.writeFile(`${dir}/f.bin`, FILE);
    {
      // (The embedded server shares the pool: count after it stopped.)
      await using server = await startTestServer({ dir, versions: [3], wtmax: 256 * 1024 });
      await using nfs = await connect(`${server.url}&version=3${query}`);
      server.faults = faults;
      await fn(nfs, server, dir);
      server.faults = {};
      assertEquals(nfs.rpc.stats().pending, 0, "calls left pending");
    }
    assertEquals(defaultPool.stats().inUse, pool, "clusters not returned to the pool");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Resolves with how long `p` took to reject, and what it rejected with. */
async function rejection(p: Promise<unknown>): Promise<{ e: unknown; ms: number }> {
  const t0 = performance.now();
  try {
    await p;
  } catch (e) {
    return { e, ms: performance.now() - t0 };
  }
  fail("expected a rejection");
}

Deno.test("silent server: a soft call fails with TimedOut after timeo, then 2, then 3 timeo", async () => {
  // timeo=2 (200 ms), retrans=2: 200 + 400 + 600 ms.
  await withServer("&soft=1&timeo=2&retrans=2", { silent: { LOOKUP: true } }, async (nfs) => {
    const { e, ms } = await rejection(nfs.stat("f.bin"));
    assert(e instanceof TimedOut, `${e}`);
    assertMatch(e.message, /Cannot stat "f\.bin": NFS3 LOOKUP: no reply after \d+ ms/);
    assert(ms >= 1200 - 20 && ms <= 1200 + SLACK_MS, `timed out after ${ms.toFixed(0)} ms`);
    assertEquals(nfs.rpc.stats().retransmits, 2);
  });
});

Deno.test("silent server: an AbortSignal cancels a hard readFile() at once", async () => {
  await withServer("", { silent: { READ: true } }, async (nfs, server) => {
    const { e, ms } = await rejection(nfs.readFile("f.bin", { signal: AbortSignal.timeout(300) }));
    assert(e instanceof DOMException && e.name === "TimeoutError", `${e}`);
    assert(ms < 300 + SLACK_MS, `cancelled after ${ms.toFixed(0)} ms`);
    assertEquals(nfs.rpc.stats().pending, 0);
    server.faults = {};
    assertEquals(await nfs.readFile("f.bin"), FILE);
  });
});

Deno.test("slow server: aborting a writeFile() mid-transfer releases everything", async () => {
  await withServer("", { delay: { WRITE: 100 } }, async (nfs, server, dir) => {
    const ac = new AbortController();
    const done = nfs.writeFile("w.bin", FILE, { signal: ac.signal });
    await until(() => (server.stats().calls["NFS3 WRITE"] ?? 0) >= 4, "4 WRITEs");
    ac.abort(new Error("stop"));
    const { e, ms } = await rejection(done);
    assertEquals((e as Error).message, "stop");
    assert(ms < SLACK_MS, `cancelled after ${ms.toFixed(0)} ms`);
    assertEquals(nfs.rpc.stats().pending, 0);
    await sleep(200); // the late replies arrive for calls nobody waits for: dropped
    assert(nfs.rpc.stats().unknownXids > 0);
    server.faults = {};
    await nfs.writeFile("w.bin", FILE);
    assertEquals(await Deno.readFile(`${dir}/w.bin`), FILE);
  });
});

Deno.test("slow server: a hard mount retransmits replies slower than timeo and gets the data right", async () => {
  // timeo=1 (100 ms); each READ takes 250 ms: retransmitted once or twice, answered twice.
  await withServer("&timeo=1", { delay: { READ: 250 } }, async (nfs) => {
    assertEquals(await nfs.readFile("f.bin"), FILE);
    const s = nfs.rpc.stats();
    assert(s.retransmits > 0, "no retransmission");
    await sleep(600); // the duplicate replies arrive: dropped, not delivered twice
    assert(nfs.rpc.stats().unknownXids > 0);
  });
});

Deno.test("slow server: a soft call whose replies are too slow fails with TimedOut", async () => {
  await withServer("&soft=1&timeo=1&retrans=2", { delay: { READ: 1500 } }, async (nfs) => {
    const { e, ms } = await rejection(nfs.readFile("f.bin"));
    assert(e instanceof TimedOut, `${e}`);
    assert(ms <= 600 + SLACK_MS, `timed out after ${ms.toFixed(0)} ms`);
  });
});

Deno.test("slow server: replies slower than usual but within timeo cause no retransmission", async () => {
  await withServer("&soft=1&timeo=10&retrans=0", { delay: { GETATTR: 150 } }, async (nfs) => {
    const all = await Promise.all(Array.from({ length: 20 }, () => nfs.stat("f.bin")));
    assert(all.every((s) => s.size === FILE.length));
    assertEquals(nfs.rpc.stats().retransmits, 0);
  });
});

Deno.test("silent server: a soft connect() fails with TimedOut when MNT is never answered", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await using server = await startTestServer({
      dir,
      versions: [3],
      faults: { silent: { MNT: true } },
    });
    const { e, ms } = await rejection(connect(`${server.url}&version=3&soft=1&timeo=3&retrans=0`));
    assert(e instanceof TimedOut, `${e}`);
    assertMatch(e.message, /MNT/);
    assert(ms < 300 + SLACK_MS, `timed out after ${ms.toFixed(0)} ms`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("silent server: connect()'s signal cancels a hard mount stuck on MNT", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await using server = await startTestServer({
      dir,
      versions: [3],
      faults: { silent: { MNT: true } },
    });
    const signal = AbortSignal.timeout(300);
    const { e, ms } = await rejection(connect(`${server.url}&version=3`, { signal }));
    assert(e instanceof DOMException && e.name === "TimeoutError", `${e}`);
    assert(ms < 300 + SLACK_MS, `cancelled after ${ms.toFixed(0)} ms`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// --- RPC level ------------------------------------------------------------------------------

Deno.test("silent peer that never reads: a soft WRITE of 32 MiB times out and close() is prompt", async () => {
  const held: Deno.Conn[] = [];
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepting = (async () => {
    for await (const c of listener) held.push(c); // accepted, never read
  })();
  const pool = defaultPool.stats().inUse;
  try {
    const rpc = await RpcClient.connect({
      port: listener.addr.port,
      hard: false,
      timeout: 300,
      retrans: 0,
    });
    const nfs = new Nfs3Client(rpc);
    const data = new Uint8Array(32 * MIB);
    const { e, ms } = await rejection(nfs.write(fh(2), 0, data, StableHow.UNSTABLE));
    assert(e instanceof RpcTimeoutError, `${e}`);
    assert(ms < 300 + SLACK_MS, `timed out after ${ms.toFixed(0)} ms`);
    // A second call queues behind the stuck write: it times out too.
    await assertRejects(() => nfs.getattr(fh(2)), RpcTimeoutError);
    const t0 = performance.now();
    await rpc.close();
    assert(performance.now() - t0 < 1000, "close() waited for the stuck write");
    assertEquals(rpc.stats().pending, 0);
  } finally {
    listener.close();
    await accepting;
    for (const c of held) c.close();
  }
  assertEquals(defaultPool.stats().inUse, pool, "clusters not returned to the pool");
});

Deno.test("silent peer: calls waiting for a slot are cancelled by their signals; close() fails the rest", async () => {
  await using peer = new RpcPeer(async (conn) => {
    const buf = new Uint8Array(65536);
    while ((await conn.read(buf)) !== null) { /* swallow every call */ }
  });
  const rpc = await RpcClient.connect({ port: peer.port, maxInFlight: 2 });
  const nfs = new Nfs3Client(rpc);
  const ac = new AbortController();
  const running = [nfs.getattr(fh(1)), nfs.getattr(fh(2))].map((p) => p.catch((e) => e));
  const waiting = Array.from({ length: 10 }, () => nfs.getattr(fh(3), { signal: ac.signal }));
  ac.abort(new Error("cancelled"));
  for (const w of waiting) assertMatch((await assertRejects(() => w, Error)).message, /cancelled/);
  await rpc.close();
  for (const e of await Promise.all(running)) {
    assert(e instanceof RpcConnectionError, `${e}`);
    assertMatch(e.message, /the client was closed/);
  }
  await assertRejects(() => nfs.getattr(fh(1)), RpcConnectionError);
});

/**
 * A peer that answers the first READ with 200 bytes of its reply and then stalls until
 * `go()`; every later call gets its whole reply at once.
 */
function stallingPeer(size: number) {
  let go!: () => void;
  const gate = new Promise<void>((r) => (go = r));
  const data = new Uint8Array(size).fill(0xaa);
  let first = true;
  const peer = new RpcPeer(async (conn) => {
    for (;;) {
      const c = await readCall(conn);
      if (c === null) return;
      const reply = nfs3Reply(c.xid, 6, {
        status: 0,
        fileAttributes: fattr("file", BigInt(size), 2n),
        count: size,
        eof: true,
        data,
      });
      if (!first) {
        await writeAll(conn, reply);
        continue;
      }
      first = false;
      await writeAll(conn, reply.subarray(0, 200));
      await gate;
      await writeAll(conn, reply.subarray(200)).catch(() => {});
    }
  });
  return { peer, go };
}

for (const how of ["aborted", "timed out"] as const) {
  Deno.test(`slow peer: a READ ${how} mid-payload leaves the caller's buffer alone`, async () => {
    const size = 256 * 1024;
    const { peer, go } = stallingPeer(size);
    await using _peer = peer;
    await using rpc = await RpcClient.connect({
      port: peer.port,
      reconnectMinDelay: 1,
      ...(how === "timed out" ? { hard: false, timeout: 200, retrans: 0 } : {}),
    });
    const nfs = new Nfs3Client(rpc);
    const dest = new Uint8Array(size);
    const ac = new AbortController();
    const done = nfs.read(fh(2), 0, size, dest, { signal: ac.signal });
    await sleep(50); // the head is in, the payload read is posted
    if (how === "aborted") ac.abort(new Error("cancelled"));
    const e = await assertRejects(() => done, Error);
    if (how === "aborted") assertMatch(e.message, /cancelled/);
    else assertInstanceOf(e, RpcTimeoutError);
    dest.fill(0x11); // the buffer is the caller's again
    go(); // the rest of the payload arrives now
    await sleep(50);
    assertEquals(dest.findIndex((b) => b !== 0x11), -1, "bytes landed after the call ended");
    // The connection was given up for it; the client carries on over a new one.
    const again = await nfs.read(fh(2), 0, size, dest);
    assertEquals(again.status, 0);
    assertEquals(dest[size - 1], 0xaa);
    assertEquals(rpc.stats().reconnects, 1);
  });
}
