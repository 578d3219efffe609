/**
 * Smoke tests of the test-server harness: real servers, checked with libnfs's
 * command-line client (an independent NFS implementation), not with ours.
 */

import {
  assert,
  assertEquals,
  assertMatch,
  assertNotEquals,
  assertRejects,
  fail,
} from "@std/assert";
import {
  forEachServer,
  type GaneshaServer,
  nfsCat,
  nfsCp,
  nfsLs,
  nfsUrl,
  pmapGetPort,
  rpcPing,
  startGanesha,
} from "./servers/mod.ts";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

forEachServer("nfs-ls lists files created in the export directory", async (_t, server) => {
  if (!server.caps.libnfs) {
    // libnfs cannot talk to this one (NFSv2, or go-nfs: see the caps); say so, and check with
    // a bare RPC NULL that the server answers at its version.
    const v = server.caps.version;
    assert((await rpcPing({ port: server.nfsPort, prog: 100003, vers: v, timeoutMs: 2000 })).ok);
    await nfsLs(server.url).then(
      (e) => fail(`libnfs listed ${server.kind} (${e.length} entries): fix its caps.libnfs`),
      (e: Error) => assertMatch(e.message, /nfs-ls exited with code/),
    );
    return;
  }
  await Deno.writeTextFile(`${server.exportDir}/hello.txt`, "hello, nfs\n");
  await Deno.mkdir(`${server.exportDir}/subdir`);
  await Deno.writeTextFile(`${server.exportDir}/subdir/inner.txt`, "inner\n");

  const top = await nfsLs(server.url);
  const names = top.map((e) => e.name);
  assert(names.includes("hello.txt"), `hello.txt missing from ${JSON.stringify(names)}`);
  assert(names.includes("subdir"), `subdir missing from ${JSON.stringify(names)}`);
  assertEquals(top.find((e) => e.name === "hello.txt")?.size, 11);
  assertMatch(top.find((e) => e.name === "subdir")?.mode ?? "", /^d/);

  const inner = await nfsLs(nfsUrl(server, "subdir"));
  assertEquals(inner.map((e) => e.name).filter((n) => n !== "." && n !== ".."), [
    "inner.txt",
  ]);

  // Created after the first listing: caches must not hide it.
  await Deno.writeTextFile(`${server.exportDir}/later.txt`, "later\n");
  assert((await nfsLs(server.url)).some((e) => e.name === "later.txt"));
});

forEachServer("a write right after startup lands in the export directory", async (_t, server) => {
  if (!server.caps.libnfs) {
    await assertRejects(() => nfsCat(nfsUrl(server, "nothing.txt")), Error, "nfs-cat exited");
    return;
  }
  const local = await Deno.makeTempFile();
  try {
    await Deno.writeTextFile(local, "written over NFS\n");
    await nfsCp(local, nfsUrl(server, "written.txt"));
  } finally {
    await Deno.remove(local);
  }
  assertEquals(await Deno.readTextFile(`${server.exportDir}/written.txt`), "written over NFS\n");
  assertEquals(
    new TextDecoder().decode(await nfsCat(nfsUrl(server, "written.txt"))),
    "written over NFS\n",
  );
});

Deno.test("ganesha MEM FSAL stores what is written", async () => {
  await using server = await startGanesha({ fsal: "MEM" });
  const local = await Deno.makeTempFile();
  try {
    await Deno.writeTextFile(local, "in memory\n");
    await nfsCp(local, nfsUrl(server, "mem.txt"));
  } finally {
    await Deno.remove(local);
  }
  assertEquals(new TextDecoder().decode(await nfsCat(nfsUrl(server, "mem.txt"))), "in memory\n");
});

Deno.test("two ganesha instances run side by side", async () => {
  const [a, b] = await Promise.all([startGanesha(), startGanesha()]);
  try {
    assertNotEquals(a.nfsPort, b.nfsPort);
    await Deno.writeTextFile(`${a.exportDir}/only-a`, "");
    await Deno.writeTextFile(`${b.exportDir}/only-b`, "");
    assertEquals((await nfsLs(a.url)).map((e) => e.name).filter((n) => n.startsWith("only")), [
      "only-a",
    ]);
    assertEquals((await nfsLs(b.url)).map((e) => e.name).filter((n) => n.startsWith("only")), [
      "only-b",
    ]);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

Deno.test("ganesha with { rpcbind: true } is the one rpcbind points to", async () => {
  await using server = await startGanesha({ rpcbind: true });
  const nfs = await pmapGetPort(100003, 3);
  const mount = await pmapGetPort(100005, 3);
  assertEquals(nfs, { ok: true, port: server.nfsPort });
  assertEquals(mount, { ok: true, port: server.mountPort });
});

Deno.test("stop kills ganesha and removes its temp files", async () => {
  const server: GaneshaServer = await startGanesha();
  await server.stop();
  await server.stop(); // idempotent
  assertEquals(await exists(server.workDir), false);
  const ping = await rpcPing({ port: server.nfsPort, prog: 100003, vers: 3, timeoutMs: 500 });
  assertEquals(ping.ok, false);
});

Deno.test("a broken ganesha config fails the start with the server log tail", async () => {
  // A syntax error that makes ganesha exit. (Some other syntax errors make it
  // carry on with built-in defaults, port 2049 and /var/lib/nfs/ganesha; the
  // harness catches those from the log too, but a test should not cause them.)
  const started = Date.now();
  const err = await startGanesha({ _editConfig: (config) => `${config}\nTHIS IS { NOT VALID\n` })
    .then(
      () => fail("startGanesha succeeded with a broken config"),
      (e: unknown) => e as Error,
    );
  assertMatch(
    err.message,
    /^Could not start ganesha: ganesha\.nfsd (exited with code \d+|reported a config error)/,
  );
  assertMatch(err.message, /--- last \d+ lines of \/.*ganesha\.log ---/);
  assertMatch(err.message, /syntax error/);
  assert(Date.now() - started < 10_000, "the failure should not wait for the deadline");
});

Deno.test("a ganesha export that cannot be set up fails the start", async () => {
  const err = await startGanesha({
    _editConfig: (config) => config.replace(/Path = "[^"]*"/, 'Path = "/nonexistent/export"'),
  }).then(
    () => fail("startGanesha succeeded without its export"),
    (e: unknown) => e as Error,
  );
  assertMatch(err.message, /does not export|No export entries found/);
  assertMatch(err.message, /--- last \d+ lines of/);
});
