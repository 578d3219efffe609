/**
 * NFSv2 and MOUNT v1 conformance (RFC 1094): every procedure of Nfs2Client and Mount1Client
 * against each NFSv2 server kind of tests/servers (the Universal NFS Server, the embedded
 * server), checked against the export directory on disk. libnfs cannot be the oracle here
 * (libnfs 7 refuses NFSv2 mounts), so the disk is.
 */
import { assert, assertEquals, assertNotEquals, assertThrows } from "@std/assert";
import { copyStats } from "../../mbuf/mod.ts";
import { authSys, RpcClient } from "../../rpc/mod.ts";
import { Mount1Client } from "../../nfs/mount1/mod.ts";
import {
  type Fattr,
  type Fhandle,
  Ftype,
  Nfs2Client,
  type Nfscookie,
  Nfsstat,
} from "../../nfs/v2/mod.ts";
import { NotFound, unwrap } from "../../nfs/mod.ts";
import { forEachServer, type HarnessServer } from "../servers/mod.ts";

const ROOT = authSys({ uid: 0, gid: 0 });

async function session(server: HarnessServer) {
  // Our own server must not need the tolerances real servers get (docs/ARCHITECTURE.md).
  const strict = server.kind.startsWith("embedded");
  const mountRpc = await RpcClient.connect({
    host: server.host,
    port: server.mountPort,
    auth: ROOT,
    strict,
  });
  const nfsRpc = await RpcClient.connect({
    host: server.host,
    port: server.nfsPort,
    auth: ROOT,
    strict,
  });
  const mount = new Mount1Client(mountRpc);
  const res = await mount.mnt(server.exportPath);
  assert(res.status === 0, `MOUNT1 MNT ${server.exportPath}: status ${res.status}`);
  return {
    mount,
    nfs: new Nfs2Client(nfsRpc),
    root: res.directory,
    async close() {
      await mount.umnt(server.exportPath);
      await mountRpc.close();
      await nfsRpc.close();
    },
  };
}

/**
 * The attributes an NFSv2 server reports must match the local file system. File ids: the
 * inode number (truncated to 32 bits) where the server passes it on; a server that makes
 * them up (`caps.diskFileIds` false) is checked for what RFC 1094 asks instead, one id per
 * file, by the caller.
 */
function assertMatchesDisk(
  server: HarnessServer,
  a: Fattr,
  st: Deno.FileInfo,
  what: string,
): void {
  assertEquals(a.type, st.isDirectory ? Ftype.NFDIR : st.isSymlink ? Ftype.NFLNK : Ftype.NFREG);
  if (!st.isDirectory) assertEquals(a.size, st.size, `${what}: size`);
  assertEquals(a.mode & 0o7777, st.mode! & 0o7777, `${what}: mode`);
  assertEquals(a.nlink, st.nlink, `${what}: nlink`);
  assertEquals(a.uid, st.uid, `${what}: uid`);
  assertEquals(a.gid, st.gid, `${what}: gid`);
  if (server.caps.diskFileIds) assertEquals(a.fileid, st.ino! % 2 ** 32, `${what}: fileid`);
  assertEquals(a.mtime.seconds, Math.floor(st.mtime!.getTime() / 1000), `${what}: mtime`);
}

async function lookup(nfs: Nfs2Client, dir: Fhandle, name: string): Promise<Fhandle> {
  return unwrap(await nfs.lookup(dir, name), "NFS2 LOOKUP", name).file;
}

const V2 = { version: 2 } as const;

forEachServer("MOUNT v1: NULL, MNT, EXPORT, DUMP, UMNT", async (_t, server) => {
  const c = await session(server);
  try {
    await c.mount.null();
    assertEquals(c.root.length, 32, "an NFSv2 handle is 32 bytes");
    const exports = await c.mount.export();
    assert(exports.some((e) => e.exDir === server.exportPath), JSON.stringify(exports));
    await c.mount.dump(); // content is server-specific; it must decode
    const bad = await c.mount.mnt("/no/such/export");
    assertNotEquals(bad.status, 0, "MNT of a path that is not exported");
    // The handle from MNT is the export directory's.
    const g = unwrap(await c.nfs.getattr(c.root), "NFS2 GETATTR");
    assertMatchesDisk(server, g.attributes, await Deno.stat(server.exportDir), "root");
  } finally {
    await c.close();
  }
}, V2);

forEachServer("NFSv2: metadata procedures match the export directory", async (_t, server) => {
  const dir = server.exportDir;
  await Deno.writeTextFile(`${dir}/hello.txt`, "hello world");
  await Deno.mkdir(`${dir}/sub`);
  await Deno.writeTextFile(`${dir}/sub/inner`, "x");
  const { nfs, root, close } = await session(server);
  try {
    await nfs.null();
    await nfs.root(); // obsolete, answered with no result
    const fs = unwrap(await nfs.statfs(root), "NFS2 STATFS");
    assertEquals(fs.tsize, server.caps.maxTransfer, "STATFS tsize");
    assert(fs.bsize > 0 && fs.blocks > 0 && fs.bfree <= fs.blocks && fs.bavail <= fs.bfree);

    // GETATTR / LOOKUP
    const hello = unwrap(await nfs.lookup(root, "hello.txt"), "NFS2 LOOKUP");
    assertEquals(hello.file.length, 32);
    assertMatchesDisk(server, hello.attributes, await Deno.stat(`${dir}/hello.txt`), "hello.txt");
    const sub = unwrap(await nfs.lookup(root, "sub"), "NFS2 LOOKUP");
    assertMatchesDisk(server, sub.attributes, await Deno.stat(`${dir}/sub`), "sub");
    const missing = await nfs.lookup(root, "missing");
    assertEquals(missing.status, Nfsstat.NFSERR_NOENT);
    assertThrows(() => unwrap(missing, "NFS2 LOOKUP", "missing"), NotFound);
    // File ids name files: the same file gives the same id, another file another one.
    const again = unwrap(await nfs.getattr(hello.file), "NFS2 GETATTR").attributes;
    assertEquals(again.fileid, hello.attributes.fileid);
    assertNotEquals(sub.attributes.fileid, hello.attributes.fileid);

    // SETATTR: mode, size, mtime
    const sa = unwrap(
      await nfs.setattr(hello.file, {
        mode: 0o600,
        size: 5,
        mtime: { seconds: 1_000_000_000, useconds: 0 },
      }),
      "NFS2 SETATTR",
    );
    assertEquals(sa.attributes.size, 5);
    const st = await Deno.stat(`${dir}/hello.txt`);
    assertEquals(st.size, 5);
    assertEquals(st.mode! & 0o7777, 0o600);
    assertEquals(st.mtime!.getTime(), 1e12);
    assertEquals(await Deno.readTextFile(`${dir}/hello.txt`), "hello");

    // CREATE (an existing name: EXIST or the same file, RFC 1094 leaves it open), MKDIR
    const created = unwrap(await nfs.create(root, "new.txt", { mode: 0o640 }), "NFS2 CREATE");
    assertEquals((await Deno.stat(`${dir}/new.txt`)).mode! & 0o777, 0o640);
    assertMatchesDisk(server, created.attributes, await Deno.stat(`${dir}/new.txt`), "new.txt");
    const d2 = unwrap(await nfs.mkdir(root, "dir2", { mode: 0o755 }), "NFS2 MKDIR");
    assert((await Deno.stat(`${dir}/dir2`)).isDirectory);
    assertEquals(d2.attributes.type, Ftype.NFDIR);
    assertEquals((await nfs.mkdir(root, "dir2", { mode: 0o755 })).status, Nfsstat.NFSERR_EXIST);

    // SYMLINK + READLINK, LINK
    const sl = await nfs.symlink(root, "ln", "hello.txt", { mode: 0o777 });
    assertEquals(sl.status, 0, "NFS2 SYMLINK");
    assertEquals(await Deno.readLink(`${dir}/ln`), "hello.txt");
    const ln = unwrap(await nfs.lookup(root, "ln"), "NFS2 LOOKUP ln");
    assertEquals(ln.attributes.type, Ftype.NFLNK);
    assertEquals(unwrap(await nfs.readlink(ln.file), "NFS2 READLINK").data, "hello.txt");
    assertEquals((await nfs.link(hello.file, root, "hard")).status, 0, "NFS2 LINK");
    assertEquals((await Deno.stat(`${dir}/hello.txt`)).nlink, 2);
    const hard = unwrap(await nfs.lookup(root, "hard"), "NFS2 LOOKUP hard");
    assertEquals(hard.attributes.fileid, hello.attributes.fileid, "a hard link has the same id");
    assertEquals(hard.attributes.nlink, 2);

    // RENAME across directories
    assertEquals((await nfs.rename(root, "hard", sub.file, "moved")).status, 0, "NFS2 RENAME");
    assert((await Deno.stat(`${dir}/sub/moved`)).isFile);
    await Deno.stat(`${dir}/hard`).then(
      () => assert(false, "hard still there after RENAME"),
      (e) => assert(e instanceof Deno.errors.NotFound),
    );

    // READDIR lists what is on disk, in small pages with 4-byte cookies
    for (let i = 0; i < 60; i++) await Deno.writeTextFile(`${dir}/sub/e-${i}`, "");
    const onDisk = new Set([".", ".."]);
    for await (const e of Deno.readDir(`${dir}/sub`)) onDisk.add(e.name);
    const names: string[] = [];
    let cookie: Nfscookie = new Uint8Array(4);
    let pages = 0;
    for (let eof = false; !eof;) {
      const rd = unwrap(await nfs.readdir(sub.file, cookie, 512), "NFS2 READDIR");
      pages++;
      for (const e of rd.entries) names.push(e.name), cookie = e.cookie;
      eof = rd.eof;
      assert(pages < 1000, "READDIR does not end");
    }
    assert(pages > 1, `READDIR of ${onDisk.size} names in ${pages} page(s) of 512 bytes`);
    assertEquals(names.length, new Set(names).size, "each name once");
    assertEquals([...names].sort(), [...onDisk].sort());

    // REMOVE, RMDIR
    assertEquals((await nfs.remove(root, "new.txt")).status, 0, "NFS2 REMOVE");
    await Deno.stat(`${dir}/new.txt`).then(
      () => assert(false, "new.txt still there after REMOVE"),
      (e) => assert(e instanceof Deno.errors.NotFound),
    );
    assertEquals((await nfs.remove(root, "new.txt")).status, Nfsstat.NFSERR_NOENT);
    assertEquals((await nfs.rmdir(root, "dir2")).status, 0, "NFS2 RMDIR");
    assertEquals((await nfs.rmdir(root, "sub")).status, Nfsstat.NFSERR_NOTEMPTY);
    assertEquals((await nfs.rmdir(root, "hello.txt")).status, Nfsstat.NFSERR_NOTDIR);
  } finally {
    await close();
  }
}, V2);

forEachServer("NFSv2: READ and WRITE move bulk data both ways", async (_t, server) => {
  const dir = server.exportDir;
  const size = 300_000 + 123; // 37 and a bit READs of 8 KiB
  const content = new Uint8Array(size);
  crypto.getRandomValues(content.subarray(0, 65536));
  for (let i = 65536; i < size; i++) content[i] = content[i - 65536]! ^ (i & 0xff);
  await Deno.writeFile(`${dir}/big.bin`, content);
  const { nfs, root, close } = await session(server);
  try {
    const chunk = server.caps.maxTransfer;
    const fh = await lookup(nfs, root, "big.bin");

    // READ in tsize chunks into one destination buffer
    const dest = new Uint8Array(size);
    const before = copyStats().payloadBytes;
    for (let off = 0; off < size;) {
      const n = Math.min(chunk, size - off);
      const res = unwrap(await nfs.read(fh, off, n, dest.subarray(off, off + n)), "NFS2 READ");
      assertEquals(res.data.length, n, `READ at ${off}`);
      assertEquals(res.attributes.size, size);
      off += res.data.length;
    }
    assertEquals(dest, content);
    const copied = copyStats().payloadBytes - before;
    console.log(`  READ ${size} bytes in ${chunk}-byte calls: ${copied} payload bytes copied`);
    // The session's RPC client has the default lookahead, and a LOOKUP came first: a read
    // posted after it must not run into the first READ's data (it took 28 bytes with 128).
    assertEquals(copied, 0, "payload bytes copied by NFSv2 READs into a caller's buffer");

    // WRITE (every NFSv2 WRITE is stable: on disk when it is answered)
    const out = unwrap(await nfs.create(root, "out.bin", { mode: 0o644 }), "NFS2 CREATE").file;
    for (let off = 0; off < size; off += chunk) {
      const data = content.subarray(off, Math.min(size, off + chunk));
      const w = unwrap(await nfs.write(out, off, data), "NFS2 WRITE");
      assertEquals(w.attributes.size, off + data.length);
    }
    assertEquals(await Deno.readFile(`${dir}/out.bin`), content);
    unwrap(await nfs.write(out, 1, new Uint8Array([0xaa, 0xbb])), "NFS2 WRITE");
    assertEquals(
      (await Deno.readFile(`${dir}/out.bin`)).subarray(0, 3),
      new Uint8Array([content[0]!, 0xaa, 0xbb]),
    );

    // READ past the end: 0 bytes; READ of a directory: a status, not an exception
    const past = unwrap(await nfs.read(fh, size + 10, 100), "NFS2 READ");
    assertEquals(past.data.length, 0);
    assertNotEquals((await nfs.read(root, 0, 10)).status, 0);
  } finally {
    await close();
  }
}, V2);
