/**
 * An NFSv2-only server (MOUNT v1, no MOUNT v3), as the Universal NFS Server is: the export
 * list comes from MOUNT v1 EXPORT, so that `?version=2` URLs name files inside the export
 * (before, the CLI took each URL's whole path as its own export: `put` into the export
 * failed with 'cannot name a file next to "."', `rm` with "refusing to remove the export's
 * root", `ln` and `mv` with "cannot link/move across exports").
 */
import { assertEquals, assertRejects } from "@std/assert";
import { listExports, NfsError, NotSupported } from "../../mod.ts";
import { startTestServer } from "../../testing/mod.ts";
import { record, words } from "../_util/rpc_peer.ts";
import { HostileServer } from "../reliability/_hostile.ts";
import { expectRun, nfs } from "./_cli.ts";

async function v2only() {
  const dir = await Deno.makeTempDir({ prefix: "nfs-mount1-test-" });
  const server = await startTestServer({ dir, exportPath: "/export", versions: [2] });
  return {
    dir,
    server,
    url: (rel: string) =>
      `nfs://127.0.0.1/export/${rel}?nfsport=${server.port}&mountport=${server.port}&version=2`,
    async [Symbol.asyncDispose]() {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("listExports: MOUNT v1 when MOUNT v3 is not served; version 2 asks v1 only", async () => {
  await using s = await v2only();
  const want = [{ dir: "/export", groups: [] }];
  assertEquals(await listExports("127.0.0.1", { mountport: s.server.port }), want);
  assertEquals(await listExports("127.0.0.1", { mountport: s.server.port, version: 2 }), want);
  assertEquals(await listExports(s.url("")), want);
  assertEquals(s.server.stats().calls["MOUNT1 EXPORT"], 3);
});

Deno.test("listExports: an NFSv3-only server asked for version 2 says MOUNT v1 is not served", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nfs-mount1-test-" });
  await using server = await startTestServer({ dir, exportPath: "/export", versions: [3] });
  try {
    const e = await assertRejects(
      () => listExports("127.0.0.1", { mountport: server.port, version: 2 }),
      NfsError,
    );
    assertEquals(e.proc, "MOUNT1 EXPORT");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli on an NFSv2-only server: exports, put into the export and a dir, rm, rmdir, rm -r, ln, mv", async () => {
  await using s = await v2only();
  const d = s.dir;
  await Deno.writeTextFile(`${d}/hello.txt`, "hello\n");
  await Deno.mkdir(`${d}/sub/deep`, { recursive: true });
  await Deno.mkdir(`${d}/empty`);
  const local = await Deno.makeTempFile();
  try {
    await Deno.writeTextFile(local, "small\n");
    const ex = await nfs(["exports", "127.0.0.1", `--mountport=${s.server.port}`]);
    expectRun(ex, 0);
    assertEquals(ex.stdout, "Export list for 127.0.0.1:\n/export  *\n");

    expectRun(await nfs(["put", local, s.url("small.txt")]), 0);
    assertEquals(await Deno.readTextFile(`${d}/small.txt`), "small\n");
    expectRun(await nfs(["put", local, s.url("sub")]), 0);
    assertEquals(await Deno.readTextFile(`${d}/sub/${local.split("/").at(-1)}`), "small\n");

    expectRun(await nfs(["ln", s.url("hello.txt"), s.url("hard.txt")]), 0);
    assertEquals((await Deno.stat(`${d}/hard.txt`)).ino, (await Deno.stat(`${d}/hello.txt`)).ino);
    expectRun(await nfs(["mv", s.url("hard.txt"), s.url("sub/moved.txt")]), 0);
    assertEquals(await Deno.readTextFile(`${d}/sub/moved.txt`), "hello\n");

    expectRun(await nfs(["rm", s.url("hello.txt")]), 0);
    expectRun(await nfs(["rmdir", s.url("empty")]), 0);
    expectRun(await nfs(["rm", "-r", s.url("sub")]), 0);
    const left = [];
    for await (const e of Deno.readDir(d)) left.push(e.name);
    assertEquals(left, ["small.txt"]);
  } finally {
    await Deno.remove(local);
  }
});

Deno.test("listExports and nfs exports on a server without EXPORT (go-nfs): not supported, said so", async () => {
  // go-nfs answers the missing procedure with accept_stat 2 and no mismatch_info.
  await using server = new HostileServer({
    mount: (c) => (c.proc === 5 ? record(words(c.xid, 1, 0, 0, 0, 2)) : undefined),
  });
  const e = await assertRejects(
    () => listExports("127.0.0.1", { mountport: server.port }),
    NotSupported,
  );
  assertEquals(e.code, "ENOTSUP");
  const r = await nfs(["exports", "127.0.0.1", `--mountport=${server.port}`]);
  expectRun(
    r,
    1,
    /^nfs: cannot list exports of "127\.0\.0\.1": the server does not list its exports \(it has no MOUNT3 EXPORT procedure: PROC_UNAVAIL\); URLs naming a path still work\n$/,
  );
});
