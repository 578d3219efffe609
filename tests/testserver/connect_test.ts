/**
 * The test server's `url` works with the file API's `connect()`, over NFSv3 and NFSv2.
 */
import { assert, assertEquals } from "@std/assert";
import { connect } from "../../mod.ts";
import { startTestServer } from "../../testing/mod.ts";

for (const version of [3, 2] as const) {
  Deno.test(`test server: connect(server.url) reads and writes over NFSv${version}`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "nfs-connect-" });
    try {
      await Deno.writeTextFile(`${dir}/hello.txt`, "hello");
      await using server = await startTestServer({ dir, exportPath: "/export" });
      await using nfs = await connect(`${server.url}&version=${version}`);
      assertEquals(await nfs.readTextFile("hello.txt"), "hello");
      await nfs.writeTextFile("new.txt", "over NFS");
      assertEquals(await Deno.readTextFile(`${dir}/new.txt`), "over NFS");
      const names: string[] = [];
      for await (const e of nfs.readDir("/")) names.push(e.name);
      assertEquals(names.sort(), ["hello.txt", "new.txt"]);
      const calls = server.stats().calls;
      assert(calls[`NFS${version} READ`]! >= 1, JSON.stringify(calls));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("connect(): the default windows grow with the round trip measured at connect", async () => {
  await using server = await startTestServer();
  {
    await using near = await connect(server.url);
    assert(near.limits.rttMs > 0 && near.limits.readWindow >= 4);
  }
  // A 40 ms round trip (FSINFO answered late): about 1 MiB in flight per ms.
  server.faults = { delay: { "NFS3 FSINFO": 40 } };
  {
    await using far = await connect(server.url);
    assert(far.limits.rttMs >= 40, `round trip ${far.limits.rttMs} ms`);
    assert(far.limits.readWindow >= 42, `read window ${far.limits.readWindow}`);
    assert(far.limits.writeWindow >= 42, `write window ${far.limits.writeWindow}`);
    assert(far.limits.readWindow <= 64, "capped at 64");
  }
  {
    // Given windows win; the default (42+ here: FSINFO is still late) never exceeds the RPC
    // slots.
    await using fixed = await connect(server.url, { readWindow: 3, maxInFlight: 20 });
    assertEquals(fixed.limits.readWindow, 3);
    assertEquals(fixed.limits.writeWindow, 20);
  }
});
