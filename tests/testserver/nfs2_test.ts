/**
 * The embedded test server over NFSv2 + MOUNT v1, against our own Nfs2Client and
 * Mount1Client: each procedure checked on disk, the main errors, READDIR paging.
 */
import assert from "node:assert/strict";
import { Mount1Client } from "../../nfs/mount1/mod.ts";
import { Ftype, Nfs2Client, type Nfscookie, Nfsstat, unwrap } from "../../nfs/v2/mod.ts";
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
    assert.ok(m.status === 0, `MNT ${m.status}`);
    assert.equal(m.directory.length, 32);
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
    assert.deepEqual(await mount.export(), [{ exDir: "/v2", exGroups: [] }]);
    assert.equal((await mount.mnt("/nope")).status, 2);
    const data = new Uint8Array(20_000).map((_, i) => i % 253);
    await Deno.writeFile(path("f"), data);
    await Deno.chmod(path("f"), 0o644);
    const l = unwrap(await nfs.lookup(root, "f"), "LOOKUP");
    assert.equal(l.attributes.type, Ftype.NFREG);
    assert.equal(l.attributes.mode, 0o100644);
    assert.equal(l.attributes.size, 20_000);
    assert.equal(l.attributes.fileid, Deno.lstatSync(path("f")).ino! % 2 ** 32);
    const r = unwrap(await nfs.read(l.file, 8192, 8192), "READ");
    assert.deepEqual(r.data, data.subarray(8192, 16384));
    const w = unwrap(await nfs.write(l.file, 20_000, enc.encode("tail")), "WRITE");
    assert.equal(w.attributes.size, 20_004);
    assert.equal(dec.decode((await Deno.readFile(path("f"))).subarray(20_000)), "tail");
    const g = unwrap(await nfs.getattr(root), "GETATTR");
    assert.equal(g.attributes.type, Ftype.NFDIR);
    assert.equal(g.attributes.mode & 0o170000, 0o040000);
    const fs = unwrap(await nfs.statfs(root), "STATFS");
    assert.equal(fs.tsize, 8192);
    assert.ok(fs.blocks > 0 && fs.bfree <= fs.blocks);
    assert.equal((await nfs.lookup(root, "missing")).status, Nfsstat.NFSERR_NOENT);
    await nfs.null();
  });
});

Deno.test("test server v2: CREATE, MKDIR, SYMLINK, LINK, RENAME, REMOVE, RMDIR, SETATTR", async () => {
  await v2Session(async ({ nfs, root, path }) => {
    const c = unwrap(await nfs.create(root, "new", { mode: 0o600 }), "CREATE");
    assert.equal(Deno.lstatSync(path("new")).mode! & 0o7777, 0o600);
    const d = unwrap(await nfs.mkdir(root, "d", { mode: 0o755 }), "MKDIR");
    assert.ok(Deno.lstatSync(path("d")).isDirectory);
    assert.equal((await nfs.mkdir(root, "d")).status, Nfsstat.NFSERR_EXIST);
    unwrap(await nfs.symlink(d.file, "sl", "../new"), "SYMLINK");
    const sl = unwrap(await nfs.lookup(d.file, "sl"), "LOOKUP sl");
    assert.equal(sl.attributes.type, Ftype.NFLNK);
    assert.equal(unwrap(await nfs.readlink(sl.file), "READLINK").data, "../new");
    unwrap(await nfs.link(c.file, d.file, "hard"), "LINK");
    assert.equal(Deno.lstatSync(path("d/hard")).nlink, 2);
    unwrap(await nfs.rename(root, "new", d.file, "moved"), "RENAME");
    assert.ok(Deno.lstatSync(path("d/moved")).isFile);
    assert.equal(unwrap(await nfs.getattr(c.file), "GETATTR after rename").attributes.nlink, 2);
    const s = unwrap(
      await nfs.setattr(c.file, { size: 3, mtime: { seconds: 1e9, useconds: 0 } }),
      "SA",
    );
    assert.equal(s.attributes.size, 3);
    assert.equal(Deno.lstatSync(path("d/moved")).mtime!.getTime(), 1e12);
    assert.equal((await nfs.rmdir(root, "d")).status, Nfsstat.NFSERR_NOTEMPTY);
    unwrap(await nfs.remove(d.file, "moved"), "REMOVE");
    unwrap(await nfs.remove(d.file, "hard"), "REMOVE");
    unwrap(await nfs.remove(d.file, "sl"), "REMOVE");
    assert.equal((await nfs.getattr(c.file)).status, Nfsstat.NFSERR_STALE);
    unwrap(await nfs.rmdir(root, "d"), "RMDIR");
    assert.deepEqual([...Deno.readDirSync(path(""))], []);
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
    assert.ok(pages > 5);
    const got = names.filter((n) => n !== "." && n !== "..");
    assert.equal(got.length, 300);
    assert.equal(new Set(got).size, 300);
  });
});
