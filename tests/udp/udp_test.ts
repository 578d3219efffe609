/**
 * The UDP transport (`proto=udp`) against the embedded server's UDP listener, directly and
 * through a fault proxy (tests/udp/_proxy.ts): datagram semantics, retransmission with
 * back-off, duplicates and strangers ignored, loss recovered with no data lost, and no
 * duplicated effect of a REMOVE whose reply was lost.
 */
import { assert, assertEquals, assertGreater, assertRejects } from "@std/assert";
import dgram from "node:dgram";
import { connect, NotFound } from "../../mod.ts";
import {
  RpcClient,
  RpcTimeoutError,
  UDP_MAX_DATAGRAM,
  UDP_MAX_TRANSFER,
  udpBackoff,
} from "../../rpc/mod.ts";
import { startTestServer } from "../../testing/mod.ts";
import { type Datagram, startUdpProxy } from "./_proxy.ts";

const NFS = 100003;
const REMOVE3 = 12;

function pattern(n: number, seed = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 131 + (i >>> 11) + seed) & 0xff;
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A URL to the embedded server through `port` (a proxy, or the server itself). */
function viaPort(url: string, port: number, extra = ""): string {
  const u = new URL(url);
  u.searchParams.set("nfsport", String(port));
  u.searchParams.set("mountport", String(port));
  return `${u.href}&proto=udp${extra}`;
}

Deno.test("udp: back-off doubles from timeo up to 60 s (or timeo when longer)", () => {
  assertEquals([0, 1, 2, 3, 4, 5, 6].map((a) => udpBackoff(1100, a)), [
    1100,
    2200,
    4400,
    8800,
    17600,
    35200,
    60000,
  ]);
  assertEquals(udpBackoff(90_000, 3), 90_000);
});

Deno.test("udp: NFSv3 and NFSv2 files over UDP, sizes capped for one datagram", async () => {
  await using server = await startTestServer({ udp: true });
  for (const version of [3, 2] as const) {
    await using nfs = await connect(viaPort(server.url, server.port, `&version=${version}`));
    assertEquals(nfs.version, version);
    // The embedded server's FSINFO says 1 MiB; one datagram holds 32 KiB (NFSv2: 8 KiB).
    const max = version === 3 ? UDP_MAX_TRANSFER : 8192;
    assertEquals([nfs.limits.rsize, nfs.limits.wsize], [max, max]);
    assert(nfs.limits.maxcount <= UDP_MAX_TRANSFER, `maxcount ${nfs.limits.maxcount}`);
    const data = pattern(300_000, version);
    await nfs.writeFile(`v${version}.bin`, data);
    assert(sameBytes(await Deno.readFile(`${server.exportDir}/v${version}.bin`), data));
    assert(sameBytes(await nfs.readFile(`v${version}.bin`), data));
    const names = [];
    for await (const e of nfs.readDir(".")) names.push(e.name);
    assert(names.includes(`v${version}.bin`), names.join(","));
    const t = nfs.rpc.stats().transport;
    // Every READ went through the datagram's buffer and was copied once by the decoder.
    assertGreater(t.sinkFallbacks, 0);
    assertEquals(t.sinkRecords, 0);
    assertEquals(nfs.rpc.stats().retransmits, 0);
    // The window holds what the 208 KiB socket buffer takes: 3 replies of 32 KiB, 7 of 8 KiB.
    const { cwnd, cwndWaits } = t as unknown as { cwnd: number; cwndWaits: number };
    assert(cwnd >= 1 && cwnd <= (version === 3 ? 3 : 7), `cwnd ${cwnd}`);
    assertGreater(cwndWaits, 0, "calls waited for the window");
  }
  assertGreater(server.stats().calls["NFS3 WRITE"] ?? 0, 0);
  assertGreater(server.stats().calls["NFS2 WRITE"] ?? 0, 0);
});

Deno.test("udp: drops, duplicates, reordering and delay are recovered, no data lost", async () => {
  await using server = await startTestServer({ udp: true });
  // Every 7th call and every 5th reply lost, every 4th reply sent twice, every 6th call
  // swapped with the next one, every 9th reply 30 ms late.
  await using proxy = await startUdpProxy(
    server.port,
    (d: Datagram) =>
      d.dir === "call" ? { drop: d.index % 7 === 3, reorder: d.index % 6 === 1 } : {
        drop: d.index % 5 === 2,
        duplicate: d.index % 4 === 0 ? 1 : 0,
        delayMs: d.index % 9 === 4 ? 30 : 0,
      },
  );
  // timeo=1: 100 ms before the first retransmission, so that losses cost little time.
  await using nfs = await connect(viaPort(server.url, proxy.port, "&timeo=1&retrans=10&soft=1"));
  const data = pattern(400_000, 7);
  await nfs.writeFile("lossy.bin", data);
  assert(sameBytes(await Deno.readFile(`${server.exportDir}/lossy.bin`), data), "on disk");
  assert(sameBytes(await nfs.readFile("lossy.bin"), data), "read back");
  const s = nfs.rpc.stats();
  assertGreater(proxy.stats.dropped, 0);
  assertGreater(proxy.stats.duplicated, 0);
  assertGreater(proxy.stats.reordered, 0);
  assertGreater(s.retransmits, 0, "losses were retransmitted");
  assertGreater(s.unknownXids, 0, "duplicate replies were dropped");
  assertEquals(s.pending, 0);
});

Deno.test("udp: a REMOVE whose reply was lost is not an error, and removes once", async () => {
  await using server = await startTestServer({ udp: true });
  let lost = 0;
  await using proxy = await startUdpProxy(server.port, (d) => {
    // The first REMOVE reply goes missing: the server removed the file, the client does not
    // know, retransmits, and the server (no duplicate request cache) answers NOENT.
    if (d.dir === "reply" && d.prog === NFS && d.proc === REMOVE3 && lost === 0) {
      lost++;
      return { drop: true };
    }
    return undefined;
  });
  await using nfs = await connect(viaPort(server.url, proxy.port, "&timeo=1&retrans=5&soft=1"));
  await nfs.writeTextFile("gone.txt", "x");
  await nfs.writeTextFile("kept.txt", "y");
  await nfs.remove("gone.txt");
  assertEquals(lost, 1);
  assertEquals(server.stats().calls["NFS3 REMOVE"], 2, "sent twice, carried out once");
  await assertRejects(() => Deno.lstat(`${server.exportDir}/gone.txt`), Deno.errors.NotFound);
  assertEquals(await Deno.readTextFile(`${server.exportDir}/kept.txt`), "y");
  // A NOENT to a REMOVE sent once is still an error: a file removed behind our back, whose
  // handle the name cache still holds, so that the REMOVE itself is what finds it missing.
  await nfs.stat("kept.txt");
  await Deno.remove(`${server.exportDir}/kept.txt`);
  await assertRejects(() => nfs.remove("kept.txt"), NotFound, "NFS3ERR_NOENT");
  assertEquals(server.stats().calls["NFS3 REMOVE"], 3);
});

/** A UDP "server" that never answers, or answers from another socket (another port). */
async function fakeServer(answerFromElsewhere: boolean) {
  const s = dgram.createSocket("udp4");
  const other = dgram.createSocket("udp4");
  for (const x of [s, other]) await new Promise<void>((r) => x.bind(0, "127.0.0.1", () => r()));
  let calls = 0;
  s.on("message", (msg: Uint8Array, rinfo: dgram.RemoteInfo) => {
    calls++;
    if (!answerFromElsewhere) return;
    // A well-formed accepted SUCCESS reply with the right XID, from the wrong port.
    const reply = new Uint8Array(24);
    reply.set(msg.subarray(0, 4));
    new DataView(reply.buffer).setUint32(4, 1); // REPLY
    other.send(reply, rinfo.port, rinfo.address);
  });
  return {
    port: s.address().port,
    get calls() {
      return calls;
    },
    async close() {
      for (const x of [s, other]) await new Promise<void>((r) => x.close(() => r()));
    },
  };
}

const NULL_CALL = { prog: NFS, vers: 3, proc: 0, encode() {}, decode() {} };

/** Runs `fn` with a fake server and a soft UDP client of it (20 ms timeout), closing both. */
async function withSoftClient(
  answerFromElsewhere: boolean,
  retrans: number,
  fn: (srv: Awaited<ReturnType<typeof fakeServer>>, rpc: RpcClient) => Promise<void>,
): Promise<void> {
  const srv = await fakeServer(answerFromElsewhere);
  try {
    const rpc = await RpcClient.connect({
      port: srv.port,
      proto: "udp",
      hard: false,
      timeout: 20,
      retrans,
    });
    try {
      await fn(srv, rpc);
    } finally {
      await rpc.close();
    }
  } finally {
    await srv.close();
  }
}

Deno.test("udp: a soft call is sent 1 + retrans times, then times out", async () => {
  await withSoftClient(false, 3, async (srv, rpc) => {
    await assertRejects(() => rpc.call(NULL_CALL), RpcTimeoutError);
    assertEquals(srv.calls, 4);
    assertEquals(rpc.stats().retransmits, 3);
  });
});

Deno.test("udp: a reply from another port is ignored", async () => {
  await withSoftClient(true, 1, async (srv, rpc) => {
    await assertRejects(() => rpc.call(NULL_CALL), RpcTimeoutError);
    assertEquals(srv.calls, 2);
    assertEquals(rpc.stats().transport.records, 0);
  });
});

Deno.test("udp: a call larger than a datagram is refused before sending", async () => {
  const srv = await fakeServer(false);
  try {
    await using rpc = await RpcClient.connect({ port: srv.port, proto: "udp", hard: false });
    const big = new Uint8Array(UDP_MAX_DATAGRAM);
    await assertRejects(
      () => rpc.call({ ...NULL_CALL, encode: (w) => w.opaqueExternal(big) }),
      RangeError,
      `the call is ${UDP_MAX_DATAGRAM + 45} bytes, more than one datagram holds`,
    );
    assertEquals(srv.calls, 0);
  } finally {
    await srv.close();
  }
});

const GETATTR3 = 1;

Deno.test("udp: the first retransmission waits for the measured round trip, not timeo", async () => {
  await using server = await startTestServer({ udp: true });
  let dropped = 0;
  let armed = false;
  await using proxy = await startUdpProxy(server.port, (d) => {
    // Once armed, the next GETATTR reply is lost.
    if (!armed || d.dir !== "reply" || d.prog !== NFS || d.proc !== GETATTR3) return undefined;
    armed = false;
    dropped++;
    return { drop: true };
  });
  // timeo=30: 3 s, which a lost reply would cost without the estimate.
  await using nfs = await connect(viaPort(server.url, proxy.port, "&timeo=30"));
  await nfs.writeTextFile("f.txt", "x");
  const fh = await handleOf(nfs, "f.txt");
  for (let i = 0; i < 8; i++) await nfs.rpc.call(getattr(fh));
  const rto = nfs.rpc.stats().rtoMs["NFS3 GETATTR"];
  assert(rto !== undefined && rto >= 100 && rto < 1000, `GETATTR's timeout is ${rto} ms`);
  const t = performance.now();
  const before = nfs.rpc.stats().retransmits;
  armed = true;
  await nfs.rpc.call(getattr(fh));
  const ms = performance.now() - t;
  assertEquals([dropped, nfs.rpc.stats().retransmits - before], [1, 1]);
  assert(ms < 1500, `the lost reply cost ${ms.toFixed(0)} ms (timeo is 3000)`);
  // Calls that must not go out twice early keep timeo: CREATE and REMOVE are never estimated,
  // while the library's own reads and writes are.
  for (let i = 0; i < 5; i++) await nfs.writeTextFile(`n${i}.txt`, "y");
  await nfs.remove("f.txt");
  const names = Object.keys(nfs.rpc.stats().rtoMs);
  assert(names.includes("NFS3 LOOKUP") && names.includes("NFS3 WRITE"), names.join(", "));
  assert(!names.includes("NFS3 CREATE") && !names.includes("NFS3 REMOVE"), names.join(", "));
});

/** The file handle of `name` (a LOOKUP through the library). */
async function handleOf(nfs: Awaited<ReturnType<typeof connect>>, name: string) {
  const f = await nfs.open(name);
  try {
    return f.handle;
  } finally {
    await f.close();
  }
}

/** A raw NFSv3 GETATTR of `fh` (its reply is only checked for being one). */
function getattr(fh: Uint8Array) {
  return {
    prog: NFS,
    vers: 3,
    proc: GETATTR3,
    name: "NFS3 GETATTR",
    idempotent: true,
    encode: (w: { uint(n: number): void; opaque(b: Uint8Array): void }) => w.opaque(fh),
    decode: () => undefined,
  };
}

Deno.test("udp: a soft call keeps its whole time to be answered with the estimate", async () => {
  // A server that answers 6 NULL calls, then goes silent. timeout 400 ms and retrans 1 give a
  // soft call 400 + 800 ms. The estimate (~100 ms) makes the waits shorter, not the time: the
  // call still fails after ~1.2 s, having been sent more than 1 + retrans times.
  const s = dgram.createSocket("udp4");
  await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
  let calls = 0;
  s.on("message", (msg: Uint8Array, rinfo: dgram.RemoteInfo) => {
    if (++calls > 6) return;
    const reply = new Uint8Array(24);
    reply.set(msg.subarray(0, 4));
    new DataView(reply.buffer).setUint32(4, 1); // REPLY, MSG_ACCEPTED, AUTH_NONE, SUCCESS
    s.send(reply, rinfo.port, rinfo.address);
  });
  try {
    await using rpc = await RpcClient.connect({
      port: s.address().port,
      proto: "udp",
      hard: false,
      timeout: 400,
      retrans: 1,
    });
    const call = { ...NULL_CALL, idempotent: true };
    for (let i = 0; i < 6; i++) await rpc.call(call);
    assert(rpc.stats().rtoMs["RPC 100003/3/0"] !== undefined, JSON.stringify(rpc.stats().rtoMs));
    const t = performance.now();
    await assertRejects(() => rpc.call(call), RpcTimeoutError);
    const ms = performance.now() - t;
    assert(ms >= 1150, `the soft call gave up after ${ms.toFixed(0)} ms, not 1200`);
    assertGreater(calls - 6, 2, "sent more often than 1 + retrans times");
  } finally {
    await new Promise<void>((r) => s.close(() => r()));
  }
});
