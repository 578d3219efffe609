/**
 * The test server's `url` works with the file API's `connect()`, over NFSv3 and NFSv2.
 */
import assert from "node:assert/strict";
import { connect } from "../../mod.ts";
import { startTestServer } from "../../testing/mod.ts";

for (const version of [3, 2] as const) {
  Deno.test(`test server: connect(server.url) reads and writes over NFSv${version}`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "nfs-connect-" });
    try {
      await Deno.writeTextFile(`${dir}/hello.txt`, "hello");
      await using server = await startTestServer({ dir, exportPath: "/export" });
      await using nfs = await connect(`${server.url}&version=${version}`);
      assert.equal(await nfs.readTextFile("hello.txt"), "hello");
      await nfs.writeTextFile("new.txt", "over NFS");
      assert.equal(await Deno.readTextFile(`${dir}/new.txt`), "over NFS");
      const names: string[] = [];
      for await (const e of nfs.readDir("/")) names.push(e.name);
      assert.deepEqual(names.sort(), ["hello.txt", "new.txt"]);
      const calls = server.stats().calls;
      assert.ok(calls[`NFS${version} READ`]! >= 1, JSON.stringify(calls));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
