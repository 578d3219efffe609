/**
 * What `nfs cat` of one URL asks before its first READ (issue 19, start-up): one MOUNT
 * connection for EXPORT and MNT (the export list is not asked on a connection of its own,
 * and UMNT goes over it at exit), then FSINFO and the path's LOOKUPs on the NFS connection.
 */
import { assertEquals } from "@std/assert";
import { startTestServer } from "../../testing/mod.ts";
import { CLI, expectRun, nfs } from "./_cli.ts";

Deno.test("cli: one URL is one EXPORT and one MNT on one MOUNT connection", async () => {
  await using server = await startTestServer({ exportPath: "/export" });
  await Deno.mkdir(`${server.exportDir}/d`);
  await Deno.writeTextFile(`${server.exportDir}/d/a.txt`, "hello\n");
  const url = server.url.replace("/export?", "/export/d/a.txt?");
  const before = server.stats();
  const r = await nfs(["cat", url]);
  expectRun(r, 0);
  assertEquals(r.stdout, "hello\n");
  const after = server.stats();
  const calls = (name: string) => (after.calls[name] ?? 0) - (before.calls[name] ?? 0);
  assertEquals(calls("MOUNT3 EXPORT"), 1);
  assertEquals(calls("MOUNT3 MNT"), 1);
  assertEquals(calls("NFS3 FSINFO"), 1);
  // The LOOKUP's attributes are the file's: no GETATTR before the READ.
  assertEquals(calls("NFS3 LOOKUP"), 2);
  assertEquals(calls("NFS3 GETATTR"), 0);
  // One MOUNT connection (kept for the UMNT at exit) and one NFS connection.
  assertEquals(calls("MOUNT3 UMNT"), 1);
  assertEquals(after.connections - before.connections, 2);
});

Deno.test("cli: URLs on one export share the connection the first one made", async () => {
  await using server = await startTestServer({ exportPath: "/export" });
  await Deno.writeTextFile(`${server.exportDir}/a.txt`, "a\n");
  await Deno.writeTextFile(`${server.exportDir}/b.txt`, "b\n");
  const url = (name: string) => server.url.replace("/export?", `/export/${name}?`);
  const before = server.stats();
  const r = await nfs(["cat", url("a.txt"), url("b.txt")]);
  expectRun(r, 0);
  assertEquals(r.stdout, "a\nb\n");
  const calls = (name: string) => (server.stats().calls[name] ?? 0) - (before.calls[name] ?? 0);
  assertEquals([calls("MOUNT3 EXPORT"), calls("MOUNT3 MNT"), calls("NFS3 FSINFO")], [1, 1, 1]);
});

Deno.test("cli: cat of a file the size of its buffer asks no READ past the end", async () => {
  // The READ that reached the end said so (eof): a file of exactly the CLI's 1 MiB buffer
  // takes as many READs as one a byte shorter, not one more that returns nothing.
  await using server = await startTestServer({ exportPath: "/export" });
  const mib = 1 << 20;
  await Deno.writeFile(`${server.exportDir}/full.bin`, new Uint8Array(mib).fill(1));
  await Deno.writeFile(`${server.exportDir}/short.bin`, new Uint8Array(mib - 1).fill(2));
  const reads = async (name: string) => {
    const before = server.stats().calls["NFS3 READ"] ?? 0;
    const child = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", CLI, "cat", server.url.replace("/export?", `/export/${name}?`)],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(child.code, 0, new TextDecoder().decode(child.stderr));
    return { bytes: child.stdout.length, reads: (server.stats().calls["NFS3 READ"] ?? 0) - before };
  };
  const full = await reads("full.bin");
  const short = await reads("short.bin");
  assertEquals([full.bytes, short.bytes], [mib, mib - 1]);
  assertEquals(full.reads, short.reads);
});

Deno.test("cli: get -r of small files is one READ each, put -r CREATE, WRITE, RENAME", async () => {
  await using server = await startTestServer({ exportPath: "/export" });
  const local = await Deno.makeTempDir();
  try {
    const n = 20;
    await Deno.mkdir(`${server.exportDir}/src/sub`, { recursive: true });
    for (let i = 0; i < n; i++) {
      await Deno.writeTextFile(`${server.exportDir}/src/${i < n / 2 ? "" : "sub/"}f${i}`, `${i}\n`);
    }
    const url = (p: string) => server.url.replace("/export?", `/export/${p}?`);
    let before = server.stats();
    const calls = (name: string) => (server.stats().calls[name] ?? 0) - (before.calls[name] ?? 0);
    expectRun(await nfs(["get", "-r", url("src"), `${local}/got`]), 0);
    for (let i = 0; i < n; i++) {
      const p = `${local}/got/${i < n / 2 ? "" : "sub/"}f${i}`;
      assertEquals(await Deno.readTextFile(p), `${i}\n`);
    }
    // The listings' handles (READDIRPLUS) open the files: no LOOKUP or GETATTR per file.
    assertEquals(calls("NFS3 READ"), n);
    assertEquals(calls("NFS3 READDIRPLUS"), 2);
    // LOOKUPs for the URL's path only (not one per file).
    assertEquals([calls("NFS3 LOOKUP"), calls("NFS3 GETATTR")], [2, 0]);

    before = server.stats();
    expectRun(await nfs(["put", "-r", `${local}/got`, url("back")]), 0);
    for (let i = 0; i < n; i++) {
      const p = `${server.exportDir}/back/${i < n / 2 ? "" : "sub/"}f${i}`;
      assertEquals(await Deno.readTextFile(p), `${i}\n`);
    }
    // In directories it has just made there is nothing to check; one FILE_SYNC WRITE each.
    assertEquals([calls("NFS3 CREATE"), calls("NFS3 WRITE"), calls("NFS3 RENAME")], [n, n, n]);
    assertEquals(calls("NFS3 COMMIT"), 0);
    assertEquals(calls("NFS3 MKDIR"), 2);
    // The destination's path only (it does not exist yet), not one per file.
    assertEquals([calls("NFS3 LOOKUP"), calls("NFS3 GETATTR")], [4, 1]);
  } finally {
    await Deno.remove(local, { recursive: true });
  }
});
