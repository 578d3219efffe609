/**
 * The embedded test server over NFSv2 + MOUNT v1, against our own Nfs2Client and
 * Mount1Client: each procedure checked on disk, the main errors, READDIR paging.
 */
import { assert, assertEquals } from "@std/assert";
import { Mount1Client } from "../../nfs/mount1/mod.ts";
import { Ftype, Nfs2Client, type Nfscookie, Nfsstat, unwrap } from "../../nfs/mod.ts";
import { RpcClient } from "../../rpc/mod.ts";
import { startTestServer } from "../../testing/mod.ts";
import { ROOT } from "./_setup.ts";

const dec = new TextDecoder();
const enc = new TextEncoder();

async function v2Session(
  fn: (s: {
    nfs: Nfs2Client;
    mount: Mount1Client;
    root: Uint8Array;
    path: (rel: string) => string;
  }) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "nfs2-testserver-" });
  try {
    await using server = await startTestServer({ dir, exportPath: "/v2" });
    await using rpc = await RpcClient.connect({ port: server.port, auth: ROOT });
    const mount = new Mount1Client(rpc);
    const m = await mount.mnt("/v2");
    assert(m.status === 0, `MNT ${m.status}`);
    assertEquals(m.directory.length, 32);
    await fn({
      nfs: new Nfs2Client(rpc),
      mount,
      root: m.directory,
      path: (rel) => `${server.exportDir}/${rel}`,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("test server v2: MOUNT v1, LOOKUP, GETATTR, READ, WRITE, STATFS", async () => {
  await v2Session(async ({ nfs, mount, root, path }) => {
    assertEquals(await mount.export(), [{ exDir: "/v2", exGroups: [] }]);
    assertEquals((await mount.mnt("/nope")).status, 2);
    const data = new Uint8Array(20_000).map((_, i) => i % 253);
    await Deno.writeFile(path("f"), data);
    await Deno.chmod(path("f"), 0o644);
    const l = unwrap(await nfs.lookup(root, "f"), "LOOKUP");
    assertEquals(l.attributes.type, Ftype.NFREG);
    assertEquals(l.attributes.mode, 0o100644);
    assertEquals(l.attributes.size, 20_000);
    assertEquals(l.attributes.fileid, Deno.lstatSync(path("f")).ino! % 2 ** 32);
    const r = unwrap(await nfs.read(l.file, 8192, 8192), "READ");
    assertEquals(r.data, data.subarray(8192, 16384));
    const w = unwrap(await nfs.write(l.file, 20_000, enc.encode("tail")), "WRITE");
    assertEquals(w.attributes.size, 20_004);
    assertEquals(dec.decode((await Deno.readFile(path("f"))).subarray(20_000)), "tail");
    const g = unwrap(await nfs.getattr(root), "GETATTR");
    assertEquals(g.attributes.type, Ftype.NFDIR);
    assertEquals(g.attributes.mode & 0o170000, 0o040000);
    const fs = unwrap(await nfs.statfs(root), "STATFS");
    assertEquals(fs.tsize, 8192);
    assert(fs.blocks > 0 && fs.bfree <= fs.blocks);
    assertEquals((await nfs.lookup(root, "missing")).status, Nfsstat.NFSERR_NOENT);
    await nfs.null();
  });
});

Deno.test("test server v2: CREATE, MKDIR, SYMLINK, LINK, RENAME, REMOVE, RMDIR, SETATTR", async () => {
  await v2Session(async ({ nfs, root, path }) => {
    const c = unwrap(await nfs.create(root, "new", { mode: 0o600 }), "CREATE");
    assertEquals(Deno.lstatSync(path("new")).mode! & 0o7777, 0o600);
    const d = unwrap(await nfs.mkdir(root, "d", { mode: 0o755 }), "MKDIR");
    assert(Deno.lstatSync(path("d")).isDirectory);
    assertEquals((await nfs.mkdir(root, "d")).status, Nfsstat.NFSERR_EXIST);
    unwrap(await nfs.symlink(d.file, "sl", "../new"), "SYMLINK");
    const sl = unwrap(await nfs.lookup(d.file, "sl"), "LOOKUP sl");
    assertEquals(sl.attributes.type, Ftype.NFLNK);
    assertEquals(unwrap(await nfs.readlink(sl.file), "READLINK").data, "../new");
    unwrap(await nfs.link(c.file, d.file, "hard"), "LINK");
    assertEquals(Deno.lstatSync(path("d/hard")).nlink, 2);
    unwrap(await nfs.rename(root, "new", d.file, "moved"), "RENAME");
    assert(Deno.lstatSync(path("d/moved")).isFile);
    assertEquals(unwrap(await nfs.getattr(c.file), "GETATTR after rename").attributes.nlink, 2);
    const s = unwrap(
      await nfs.setattr(c.file, { size: 3, mtime: { seconds: 1e9, useconds: 0 } }),
      "SA",
    );
    assertEquals(s.attributes.size, 3);
    assertEquals(Deno.lstatSync(path("d/moved")).mtime!.getTime(), 1e12);
    assertEquals((await nfs.rmdir(root, "d")).status, Nfsstat.NFSERR_NOTEMPTY);
    unwrap(await nfs.remove(d.file, "moved"), "REMOVE");
    unwrap(await nfs.remove(d.file, "hard"), "REMOVE");
    unwrap(await nfs.remove(d.file, "sl"), "REMOVE");
    assertEquals((await nfs.getattr(c.file)).status, Nfsstat.NFSERR_STALE);
    unwrap(await nfs.rmdir(root, "d"), "RMDIR");
    assertEquals([...Deno.readDirSync(path(""))], []);
  });
});

Deno.test("test server v2: READDIR pages with 32-bit cookies return each name once", async () => {
  await v2Session(async ({ nfs, root, path }) => {
    for (let i = 0; i < 300; i++) await Deno.writeTextFile(path(`entry-${i}`), "");
    const names: string[] = [];
    let cookie: Nfscookie = new Uint8Array(4);
    let pages = 0;
    for (;;) {
      const r = unwrap(await nfs.readdir(root, cookie, 1024), "READDIR");
      pages++;
      for (const e of r.entries) names.push(e.name);
      if (r.eof) break;
      cookie = r.entries.at(-1)!.cookie;
    }
    assert(pages > 5);
    const got = names.filter((n) => n !== "." && n !== "..");
    assertEquals(got.length, 300);
    assertEquals(new Set(got).size, 300);
  });
});
