/**
 * Server restarts: nfs-ganesha is killed (SIGKILL, as a crash) in the middle of a 256 MiB
 * transfer and started again on the same ports and export. Hard mounts (the default) must
 * finish the transfer with the right content; soft mounts must fail with `TimedOut` within
 * the time their `timeo`/`retrans` allow. A restart between UNSTABLE WRITEs and their COMMIT
 * (the write verifier changes) must not lose data: the client writes the ranges again.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { connect, TimedOut } from "../../mod.ts";
import { startTestServer } from "../../testing/mod.ts";
import { ganeshaMissing, RestartableGanesha } from "./_ganesha.ts";
import { sha256, sha256File, sleep, stampedData, until } from "./_data.ts";

const MIB = 1 << 20;
const SIZE = 256 * MIB;
const missing = ganeshaMissing();
const ignore = missing !== undefined;
if (missing) console.error(`tests/reliability/restart_test.ts: ganesha tests skipped: ${missing}`);

let big: { data: Uint8Array; sha: string } | undefined;
function bigData(): { data: Uint8Array; sha: string } {
  if (big === undefined) {
    const data = stampedData(SIZE, 256);
    big = { data, sha: sha256(data) };
  }
  return big;
}

/** Soft mount: 1 s per attempt, one retransmission: a call fails 1 s + 2 s after it started. */
const SOFT = "soft=1&timeo=10&retrans=1";
const SOFT_MS = 1000 + 2000;
/** Slack for a loaded CI machine (timers and the event loop run late). */
const SLACK_MS = 1500;

Deno.test({
  name: "server restart: a hard 256 MiB writeFile() survives a ganesha crash mid-transfer",
  ignore,
  async fn() {
    const { data, sha } = bigData();
    await using g = await RestartableGanesha.start();
    await using nfs = await connect(g.url());
    const done = nfs.writeFile("big.bin", data);
    await until(() => nfs.rpc.stats().transport.bytesSent > 96 * MIB, "96 MiB sent");
    await g.kill();
    await sleep(300); // down for a while: the client keeps trying to reconnect
    await g.restart();
    await done;
    assert(nfs.rpc.stats().reconnects >= 1, "the client reconnected");
    assertEquals(await sha256File(`${g.exportDir}/big.bin`), sha);
  },
});

Deno.test({
  name: "server restart: a hard 256 MiB readFile() survives a ganesha crash mid-transfer",
  ignore,
  async fn() {
    const { data, sha } = bigData();
    await using g = await RestartableGanesha.start();
    await Deno.writeFile(`${g.exportDir}/big.bin`, data);
    await using nfs = await connect(g.url());
    const done = nfs.readFile("big.bin");
    await until(() => nfs.rpc.stats().transport.directBytes > 96 * MIB, "96 MiB read");
    await g.kill();
    await sleep(300);
    await g.restart();
    const got = await done;
    assert(nfs.rpc.stats().reconnects >= 1, "the client reconnected");
    assertEquals(got.length, SIZE);
    assertEquals(sha256(got), sha);
  },
});

for (const op of ["writeFile", "readFile"] as const) {
  Deno.test({
    name: `server restart: a soft ${op}() fails with TimedOut within timeo and retrans`,
    ignore,
    async fn() {
      const { data } = bigData();
      await using g = await RestartableGanesha.start();
      if (op === "readFile") await Deno.writeFile(`${g.exportDir}/big.bin`, data);
      await using nfs = await connect(g.url(SOFT));
      const done = op === "writeFile" ? nfs.writeFile("big.bin", data) : nfs.readFile("big.bin");
      const failed = done.then(() => null, (e) => ({ e, at: performance.now() }));
      const t = () => nfs.rpc.stats().transport;
      await until(() => t().bytesSent + t().directBytes > 32 * MIB, "32 MiB moved");
      await g.kill();
      const killedAt = performance.now();
      const r = await failed;
      assert(r !== null, `${op} succeeded although the server was down`);
      assert(r.e instanceof TimedOut, `expected TimedOut, got ${r.e}`);
      assertMatch(r.e.message, /no reply after \d+ ms/);
      const after = r.at - killedAt;
      console.log(`  ${op}: TimedOut ${after.toFixed(0)} ms after the crash (bound ${SOFT_MS})`);
      assert(after <= SOFT_MS + SLACK_MS, `failed ${after.toFixed(0)} ms after the crash`);
      assert(after >= 1000, `failed ${after.toFixed(0)} ms after the crash, before timeo`);
      assertEquals(nfs.rpc.stats().pending, 0);
    },
  });
}

Deno.test({
  name: "server restart: UNSTABLE data lost in a ganesha crash before COMMIT is written again",
  ignore,
  async fn() {
    const data = stampedData(24 * MIB, 24);
    await using g = await RestartableGanesha.start();
    await using nfs = await connect(g.url());
    const path = `${g.exportDir}/unstable.bin`;
    {
      await using f = await nfs.open("unstable.bin", { write: true, create: true });
      await f.write(data); // UNSTABLE: held by the client until COMMIT
      await g.kill();
      // What a crash may do to data the server never committed: it is gone.
      await Deno.writeFile(path, new Uint8Array(data.length));
      await sleep(1100); // ganesha's write verifier is its start time in seconds
      await g.restart();
      const rewritten = await f.sync();
      assert(rewritten > 0, "no range was written again after the verifier changed");
    }
    assertEquals(await sha256File(path), sha256(data));
  },
});

// The embedded test server's restart() changes the verifier deterministically.

Deno.test("server restart: a changed write verifier at COMMIT makes NfsFile write the ranges again", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await using server = await startTestServer({ dir, wtmax: 256 * 1024 });
    await using nfs = await connect(`${server.url}&version=3`);
    const data = stampedData(4 * MIB, 4);
    {
      await using f = await nfs.open("f.bin", { write: true, create: true });
      await f.write(data);
      const writes = server.stats().calls["NFS3 WRITE"] ?? 0;
      server.restart();
      await Deno.writeFile(`${dir}/f.bin`, new Uint8Array(data.length)); // lost in the "crash"
      assertEquals(await f.sync(), 16);
      assertEquals((server.stats().calls["NFS3 WRITE"] ?? 0) - writes, 16);
    }
    assertEquals(await Deno.readFile(`${dir}/f.bin`), data);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("server restart: writeFile() rewrites what a restart during its COMMIT lost", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await using server = await startTestServer({
      dir,
      wtmax: 256 * 1024,
      faults: { delay: { "NFS3 COMMIT": 200 } },
    });
    await using nfs = await connect(`${server.url}&version=3`);
    const data = stampedData(2 * MIB, 2);
    const done = nfs.writeFile("g.bin", data);
    await until(() => (server.stats().calls["NFS3 COMMIT"] ?? 0) > 0, "COMMIT sent");
    server.restart(); // the COMMIT is answered after this, with the new verifier
    await Deno.writeFile(`${dir}/g.bin`, new Uint8Array(data.length));
    await done;
    assertEquals(server.stats().calls["NFS3 WRITE"], 16);
    assertEquals(await Deno.readFile(`${dir}/g.bin`), data);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
