/**
 * Connections dropped in the middle of a reply, at many byte offsets: every call must
 * either complete with the right result after reconnecting, or (with reconnection off)
 * fail with a clear `ConnectionError`, and nothing may be left behind.
 */
import { assertEquals, assertMatch, assertRejects } from "@std/assert";
import { connect, ConnectionError, type NfsClient } from "../../mod.ts";
import { defaultPool } from "../../mbuf/mod.ts";
import { RpcClient, RpcConnectionError } from "../../rpc/mod.ts";
import { Nfs3Client } from "../../nfs/v3/client.ts";
import { READ3_REPLY_HINT } from "../../nfs/v3/codec_procs.ts";
import { NFS3_PROCEDURES as P } from "../../nfs/v3/procedures.ts";
import { startTestServer, type TestServer } from "../../testing/mod.ts";
import { concat, readCall, RpcPeer, writeAll } from "../_util/rpc_peer.ts";
import { fattr, fh, nfs3Args, nfs3Reply } from "./_hostile.ts";
import { stampedData } from "./_data.ts";

// --- Scripted peer: every cut point of a READ reply ----------------------------------------

const DATA = stampedData(512, 9);

/** READ3res for `count` bytes of DATA at `offset`, with post-op attributes. */
function readReply(xid: number, offset: number, count: number): Uint8Array {
  const data = DATA.subarray(offset, offset + count);
  return nfs3Reply(xid, P.READ.proc, {
    status: 0,
    fileAttributes: fattr("file", BigInt(DATA.length), 2n),
    count: data.length,
    eof: offset + data.length >= DATA.length,
    data,
  });
}

/**
 * A peer answering READs of DATA. While `cut` is set, the replies to the calls of one
 * batch are written together, cut after `cut` bytes, and the connection is closed.
 */
class CuttingPeer {
  cut: number | null = null;
  /** Calls answered per batch before cutting. */
  batch = 1;
  readonly peer: RpcPeer;
  constructor() {
    this.peer = new RpcPeer(async (conn) => {
      const held: Uint8Array[] = [];
      for (;;) {
        const c = await readCall(conn);
        if (c === null) return;
        const a = nfs3Args<{ offset: bigint; count: number }>(c);
        const reply = readReply(c.xid, Number(a.offset), a.count);
        if (this.cut === null) {
          await writeAll(conn, reply);
          continue;
        }
        held.push(reply);
        if (held.length < this.batch) continue;
        const all = concat(...held.splice(0));
        const k = this.cut;
        this.cut = null;
        await writeAll(conn, all.subarray(0, k));
        conn.close();
        return;
      }
    });
  }
}

/** Every offset of `len` bytes in the header, then every `stride`-th, then the end. */
function cutPoints(len: number, head: number, stride: number): number[] {
  const out = new Set<number>();
  for (let k = 0; k < Math.min(head, len); k++) out.add(k);
  for (let k = head; k < len; k += stride) out.add(k);
  for (let k = Math.max(0, len - 8); k < len; k++) out.add(k);
  return [...out].sort((a, b) => a - b);
}

Deno.test("dropped connection: a READ reply cut at each offset completes after reconnecting", async () => {
  const cp = new CuttingPeer();
  await using _peer = cp.peer;
  const pool = defaultPool.stats().inUse;
  {
    await using rpc = await RpcClient.connect({ port: cp.peer.port, reconnectMinDelay: 1 });
    const nfs = new Nfs3Client(rpc);
    const len = readReply(0, 0, DATA.length).length;
    const points = cutPoints(len, 200, 7);
    for (const k of points) {
      cp.cut = k;
      const dest = new Uint8Array(DATA.length);
      const r = await nfs.read(fh(2), 0, DATA.length, dest);
      assertEquals(r.status, 0, `cut at ${k}`);
      assertEquals(dest, DATA, `cut at ${k}: data`);
    }
    const s = rpc.stats();
    assertEquals(s.reconnects, points.length);
    assertEquals(s.pending, 0);
    // A cut at 0 delivers nothing, so each reconnect resends exactly one call.
    assertEquals(s.retransmits, points.length);
  }
  assertEquals(defaultPool.stats().inUse, pool, "clusters not returned to the pool");
});

Deno.test("dropped connection: three pipelined READs cut anywhere in their replies all complete", async () => {
  const cp = new CuttingPeer();
  cp.batch = 3;
  await using _peer = cp.peer;
  const pool = defaultPool.stats().inUse;
  await using rpc = await RpcClient.connect({ port: cp.peer.port, reconnectMinDelay: 1 });
  const nfs = new Nfs3Client(rpc);
  const one = readReply(0, 0, 160).length;
  for (const k of cutPoints(3 * one, 40, 11)) {
    cp.cut = k;
    const dests = [0, 1, 2].map(() => new Uint8Array(160));
    const rs = await Promise.all(dests.map((d, i) => nfs.read(fh(2), i * 160, 160, d)));
    for (const [i, r] of rs.entries()) {
      assertEquals(r.status, 0, `cut at ${k}`);
      assertEquals(dests[i], DATA.subarray(i * 160, i * 160 + 160), `cut at ${k}, READ ${i}`);
    }
  }
  assertEquals(rpc.stats().pending, 0);
  await rpc.close();
  assertEquals(defaultPool.stats().inUse, pool, "clusters not returned to the pool");
});

Deno.test("dropped connection: without reconnection every cut fails with RpcConnectionError", async () => {
  const cp = new CuttingPeer();
  await using _peer = cp.peer;
  const len = readReply(0, 0, DATA.length).length;
  for (const k of [0, 3, 4, 27, 28, 60, 127, 128, 129, 300, len - 1]) {
    cp.cut = k;
    await using rpc = await RpcClient.connect({ port: cp.peer.port, reconnect: false });
    const nfs = new Nfs3Client(rpc);
    const dest = new Uint8Array(DATA.length);
    await assertRejects(
      () => nfs.read(fh(2), 0, DATA.length, dest),
      RpcConnectionError,
      "NFS3 READ: Connection closed",
      `cut at ${k}`,
    );
    // The connection is gone for good: later calls fail at once instead of waiting.
    await assertRejects(
      () => nfs.read(fh(2), 0, DATA.length, dest),
      RpcConnectionError,
      undefined,
      `call after the cut at ${k}`,
    );
    assertEquals(rpc.stats().pending, 0);
  }
});

// --- Embedded test server: the whole stack, dropAfterBytes ----------------------------------

async function withServer(
  query: string,
  fn: (nfs: NfsClient, server: TestServer, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await using server = await startTestServer({ dir, versions: [3] });
    await using nfs = await connect(`${server.url}&version=3${query}`);
    await fn(nfs, server, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const FILE = stampedData(200 * 1024, 3);
/** Bytes before the data in a READ reply: the record mark, then the READ reply head. */
const READ_HEAD = 4 + READ3_REPLY_HINT;
const READ_CUTS = [
  ...[0, 1, 2, 3, 4, 5, 8, 27, 28, 31, 32, 36, 40, 100, 120, 124, 127, 128, 131, 132],
  ...[READ_HEAD + 1, 1000, 65536, 131072, READ_HEAD + FILE.length - 1],
];

Deno.test("dropped connection: NfsFile.readAt() cut anywhere in its READ reply returns the right bytes", async () => {
  await withServer("", async (nfs, server, dir) => {
    await Deno.writeFile(`${dir}/f.bin`, FILE);
    await using f = await nfs.open("f.bin");
    for (const k of READ_CUTS) {
      server.faults = { dropAfterBytes: k };
      const buf = new Uint8Array(FILE.length);
      assertEquals(await f.readAt(buf, 0), FILE.length, `cut at ${k}`);
      assertEquals(buf, FILE, `cut at ${k}: data`);
    }
    assertEquals(nfs.rpc.stats().reconnects, READ_CUTS.length);
  });
});

Deno.test("dropped connection: writes, listings and lookups cut mid-reply all complete", async () => {
  await withServer("&soft=1&timeo=20&retrans=3", async (nfs, server, dir) => {
    for (let i = 0; i < 40; i++) await Deno.writeTextFile(`${dir}/n${i}`, "x");
    for (let k = 0; k < 170; k += 12) {
      server.faults = { dropAfterBytes: k };
      await nfs.writeFile(`w${k}`, FILE.subarray(0, 1000 + k));
      server.faults = { dropAfterBytes: k };
      const names = (await Array.fromAsync(nfs.readDir("."))).map((e) => e.name);
      assertEquals(names.filter((n) => n.startsWith("n")).length, 40, `listing cut at ${k}`);
      server.faults = { dropAfterBytes: k };
      assertEquals((await nfs.stat(`n${k % 40}`)).size, 1, `stat cut at ${k}`);
    }
    for (let k = 0; k < 170; k += 12) {
      assertEquals(await Deno.readFile(`${dir}/w${k}`), FILE.subarray(0, 1000 + k));
    }
  });
});

Deno.test("dropped connection: with autoreconnect=0 the file API fails with ConnectionError", async () => {
  await withServer("&autoreconnect=0", async (nfs, server, dir) => {
    await Deno.writeFile(`${dir}/f.bin`, FILE);
    await using f = await nfs.open("f.bin");
    server.faults = { dropAfterBytes: 200 };
    const buf = new Uint8Array(FILE.length);
    const e = await assertRejects(() => f.readAt(buf, 0), ConnectionError);
    assertMatch(e.message, /Cannot read "f.bin": .*Connection closed/);
    await assertRejects(() => nfs.stat("f.bin"), ConnectionError);
  });
});
