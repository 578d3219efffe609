/**
 * The test server's fault hooks, each against our real RPC client: delayed replies, a
 * connection cut mid-reply (the client reconnects and retransmits), a forced status, and
 * silence (a soft client times out). Also the per-procedure call counters.
 */
import { assert, assertEquals, assertRejects } from "@std/assert";
import { Nfs3Client, Nfsstat3 as S, unwrap } from "../../nfs/mod.ts";
import { RpcTimeoutError } from "../../rpc/mod.ts";
import { ROOT, withSession } from "./_setup.ts";

Deno.test("test server fault: delay holds the replies of one procedure", async () => {
  await withSession(async ({ nfs, server, path, fh, root }) => {
    await Deno.writeTextFile(path("f"), "data");
    const f = await fh("f");
    server.faults = { delay: { READ: 150 } };
    const t0 = performance.now();
    const done: string[] = [];
    const read = nfs.read(f, 0, 4).then((r) => done.push(`READ ${r.status}`));
    const getattr = nfs.getattr(root).then((r) => done.push(`GETATTR ${r.status}`));
    await Promise.all([read, getattr]);
    assert(performance.now() - t0 >= 140, "READ waited");
    assertEquals(done, ["GETATTR 0", "READ 0"], "the undelayed reply overtook the delayed one");
    server.faults.delay = {};
    const t1 = performance.now();
    unwrap(await nfs.read(f, 0, 4), "READ");
    assert(performance.now() - t1 < 140);
  });
});

Deno.test("test server fault: dropAfterBytes cuts a reply mid-record; the client reconnects and retransmits", async () => {
  await withSession(async ({ nfs, rpc, server, path, fh }) => {
    const data = new Uint8Array(200_000).map((_, i) => i % 251);
    await Deno.writeFile(path("f"), data);
    const f = await fh("f");
    const before = server.stats();
    server.faults = { dropAfterBytes: 5000 };
    const r = unwrap(await nfs.read(f, 0, data.length), "READ across a cut connection");
    assertEquals(r.data, data);
    assertEquals(server.faults.dropAfterBytes, undefined, "the fault fires once");
    const after = server.stats();
    assertEquals(after.connections, before.connections + 1, "one reconnection");
    assertEquals(after.calls["NFS3 READ"], 2, "the READ was retransmitted");
    assertEquals(rpc.stats().reconnects, 1);
    assert(after.bytesSent - before.bytesSent >= 5000 + data.length);
  }, { client: { reconnectMinDelay: 10 } });
});

Deno.test("test server fault: status answers a procedure with the given NFS status", async () => {
  await withSession(async ({ nfs, mount, server, root, path }) => {
    await Deno.writeTextFile(path("f"), "x");
    server.faults = { status: { "NFS3 LOOKUP": S.NFS3ERR_JUKEBOX, MNT: 13 } };
    const r = await nfs.lookup(root, "f");
    assertEquals(r, { status: S.NFS3ERR_JUKEBOX, dirAttributes: null });
    assertEquals((await mount.mnt("/export")).status, 13);
    const w = await nfs.write(root, 0, new Uint8Array(1));
    assertEquals(w.status, S.NFS3ERR_ISDIR, "other procedures run normally");
    server.faults.status = { WRITE: S.NFS3ERR_NOSPC };
    const f = unwrap(await nfs.lookup(root, "f"), "LOOKUP").object;
    const w2 = await nfs.write(f, 0, new Uint8Array(1));
    assertEquals(w2.status, S.NFS3ERR_NOSPC);
    assertEquals(await Deno.readTextFile(path("f")), "x", "not executed");
    server.faults = {};
    unwrap(await nfs.write(f, 0, new Uint8Array([0x79])), "WRITE");
  });
});

Deno.test("test server fault: silent never answers; a soft client times out", async () => {
  await withSession(async ({ server, root, client }) => {
    const soft = new Nfs3Client(await client({ auth: ROOT, hard: false, timeout: 60, retrans: 1 }));
    server.faults = { silent: { GETATTR: true } };
    await assertRejects(() => soft.getattr(root), RpcTimeoutError);
    assertEquals(server.stats().calls["NFS3 GETATTR"], 2, "the call and one retransmission");
    server.faults = {};
    unwrap(await soft.getattr(root), "GETATTR");
  });
});

Deno.test("test server: stats() counts calls per procedure", async () => {
  await withSession(async ({ nfs, server, root }) => {
    await nfs.getattr(root);
    await nfs.getattr(root);
    await nfs.fsinfo(root);
    const st = server.stats();
    assertEquals(st.calls["MOUNT3 MNT"], 1);
    assertEquals(st.calls["NFS3 GETATTR"], 2);
    assertEquals(st.calls["NFS3 FSINFO"], 1);
    assertEquals(st.connections, 1);
    assert(st.bytesSent > 0);
  }, { faults: {} });
});
