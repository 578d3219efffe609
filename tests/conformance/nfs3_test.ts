/**
 * NFSv3 and MOUNT v3 conformance: every procedure of Nfs3Client and Mount3Client against each
 * real server of tests/servers, checked against the export directory on disk.
 */
import { assert, assertEquals, assertNotEquals, assertRejects, assertThrows } from "@std/assert";
import { copyStats } from "../../mbuf/mod.ts";
import { authSys, RpcClient, RpcProcUnavailable } from "../../rpc/mod.ts";
import {
  Access3,
  AlreadyExists,
  Createmode3,
  type Fattr3,
  Ftype3,
  Mount3Client,
  Nfs3Client,
  type NfsFh3,
  NotFound,
  StableHow,
  unwrap,
} from "../../nfs/mod.ts";
import { forEachServer, type HarnessServer } from "../servers/mod.ts";

const ROOT = authSys({ uid: 0, gid: 0 });

async function connect(server: HarnessServer) {
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
  const mount = new Mount3Client(mountRpc);
  const res = await mount.mnt(server.exportPath);
  assert(res.status === 0, `MNT ${server.exportPath}: status ${res.status}`);
  return {
    mount,
    nfs: new Nfs3Client(nfsRpc),
    root: res.fhandle,
    authFlavors: res.authFlavors,
    async close() {
      await mount.umnt(server.exportPath);
      await mountRpc.close();
      await nfsRpc.close();
    },
  };
}

/** The attributes an NFS server reports must match what the local file system says. */
function assertMatchesDisk(a: Fattr3, st: Deno.FileInfo, what: string): void {
  assertEquals(a.size, BigInt(st.size), `${what}: size`);
  assertEquals(a.fileid, BigInt(st.ino!), `${what}: fileid = inode`);
  // RFC 1813 defines only the permission bits of mode3; unfsd also sends the file type bits
  // of st_mode (0o40755 for a directory), which clients mask as Linux does.
  assertEquals(a.mode & 0o7777, st.mode! & 0o7777, `${what}: mode`);
  assertEquals(a.nlink, st.nlink, `${what}: nlink`);
  assertEquals(
    a.type,
    st.isDirectory ? Ftype3.NF3DIR : st.isSymlink ? Ftype3.NF3LNK : Ftype3.NF3REG,
  );
  assertEquals(a.mtime.seconds, Math.floor(st.mtime!.getTime() / 1000), `${what}: mtime`);
}

async function lookup(nfs: Nfs3Client, dir: NfsFh3, name: string): Promise<NfsFh3> {
  return unwrap(await nfs.lookup(dir, name), "NFS3 LOOKUP", name).object;
}

const V3 = { version: 3 } as const;

forEachServer("MOUNT v3: NULL, MNT, EXPORT, DUMP, UMNT", async (_t, server) => {
  const c = await connect(server);
  try {
    await c.mount.null();
    assert(c.root.length > 0 && c.root.length <= 64);
    if (server.caps.mntListsAuthSys) {
      assert(c.authFlavors.includes(1), `AUTH_SYS among ${c.authFlavors}`);
    } else assertEquals(c.authFlavors, [0], "MNT lists AUTH_NONE only");
    if (server.caps.exportList) {
      const exports = await c.mount.export();
      assert(exports.some((e) => e.exDir === server.exportPath), JSON.stringify(exports));
    } else {
      // go-nfs has no EXPORT; its PROG_MISMATCH with no mismatch_info reads as PROC_UNAVAIL.
      await assertRejects(() => c.mount.export(), RpcProcUnavailable);
    }
    if (server.caps.exportList) await c.mount.dump(); // content is server-specific; it must decode
    else await assertRejects(() => c.mount.dump(), RpcProcUnavailable);
    const bad = await c.mount.mnt("/no/such/export");
    if (server.caps.mntChecksPath) assertNotEquals(bad.status, 0);
    else {
      // go-nfs mounts its root for any path.
      assert(bad.status === 0, `MNT /no/such/export: status ${bad.status}`);
      assertEquals(bad.fhandle, c.root, "MNT of any path answers the root");
    }
  } finally {
    await c.close();
  }
}, V3);

forEachServer("NFSv3: metadata procedures match the export directory", async (_t, server) => {
  const dir = server.exportDir;
  await Deno.writeTextFile(`${dir}/hello.txt`, "hello world");
  await Deno.mkdir(`${dir}/sub`);
  await Deno.writeTextFile(`${dir}/sub/inner`, "x");
  const { nfs, root, close } = await connect(server);
  try {
    await nfs.null();
    const info = unwrap(await nfs.fsinfo(root), "NFS3 FSINFO");
    assert(info.rtmax >= 4096 && info.wtmax >= 4096 && info.dtpref > 0);
    const stat = unwrap(await nfs.fsstat(root), "NFS3 FSSTAT");
    assert(stat.tbytes >= stat.fbytes && stat.fbytes >= stat.abytes);
    const pc = unwrap(await nfs.pathconf(root), "NFS3 PATHCONF");
    assert(pc.nameMax >= 255);

    // GETATTR / LOOKUP / ACCESS
    assertMatchesDisk(
      unwrap(await nfs.getattr(root), "NFS3 GETATTR").objAttributes,
      await Deno.stat(dir),
      "root",
    );
    const hello = unwrap(await nfs.lookup(root, "hello.txt"), "NFS3 LOOKUP");
    assertMatchesDisk(hello.objAttributes!, await Deno.stat(`${dir}/hello.txt`), "hello.txt");
    const missing = await nfs.lookup(root, "missing");
    assertEquals(missing.status, 2);
    assertThrows(() => unwrap(missing, "NFS3 LOOKUP", "missing"), NotFound);
    const acc = unwrap(
      await nfs.access(hello.object, Access3.ACCESS3_READ | Access3.ACCESS3_MODIFY),
      "NFS3 ACCESS",
    );
    assertEquals(acc.access & Access3.ACCESS3_READ, Access3.ACCESS3_READ);

    // SETATTR: mode, size, a guard that does not match
    const attrs = hello.objAttributes!;
    unwrap(await nfs.setattr(hello.object, { mode: 0o600, size: 5 }, attrs.ctime), "NFS3 SETATTR");
    const st = await Deno.stat(`${dir}/hello.txt`);
    assertEquals(st.size, 5);
    assertEquals(st.mode! & 0o7777, 0o600);
    const stale = await nfs.setattr(hello.object, { mode: 0o644 }, { seconds: 1, nseconds: 0 });
    assertEquals(stale.status, 10002, "NFS3ERR_NOT_SYNC with a stale guard");

    // CREATE: UNCHECKED, GUARDED on an existing name, EXCLUSIVE twice with one verifier
    const created = unwrap(
      await nfs.create(root, "new.txt", {
        mode: Createmode3.UNCHECKED,
        objAttributes: { mode: 0o640 },
      }),
      "NFS3 CREATE",
    );
    assert(created.obj !== null);
    assertEquals((await Deno.stat(`${dir}/new.txt`)).mode! & 0o777, 0o640);
    const guarded = await nfs.create(root, "new.txt", {
      mode: Createmode3.GUARDED,
      objAttributes: {},
    });
    assertEquals(guarded.status, 17);
    assertThrows(() => unwrap(guarded, "NFS3 CREATE", "new.txt"), AlreadyExists);
    const verf = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    if (server.caps.exclusiveCreate) {
      unwrap(await nfs.create(root, "excl", { mode: Createmode3.EXCLUSIVE, verf }), "NFS3 CREATE");
      unwrap(
        await nfs.create(root, "excl", { mode: Createmode3.EXCLUSIVE, verf }),
        "NFS3 CREATE (replay)",
      );
      assert((await Deno.stat(`${dir}/excl`)).isFile);
    } else {
      const excl = await nfs.create(root, "excl", { mode: Createmode3.EXCLUSIVE, verf });
      assertEquals(excl.status, 10004, "CREATE EXCLUSIVE: NFS3ERR_NOTSUPP");
      await assertRejects(() => Deno.stat(`${dir}/excl`), Deno.errors.NotFound);
    }

    // MKDIR, SYMLINK + READLINK, MKNOD, LINK
    unwrap(await nfs.mkdir(root, "dir2", { mode: 0o755 }), "NFS3 MKDIR");
    assert((await Deno.stat(`${dir}/dir2`)).isDirectory);
    assertEquals((await nfs.mkdir(root, "dir2")).status, 17);
    unwrap(await nfs.symlink(root, "ln", "hello.txt"), "NFS3 SYMLINK");
    assertEquals(await Deno.readLink(`${dir}/ln`), "hello.txt");
    const ln = await lookup(nfs, root, "ln");
    assertEquals(unwrap(await nfs.readlink(ln), "NFS3 READLINK").data, "hello.txt");
    const fifo = await nfs.mknod(root, "fifo", {
      type: Ftype3.NF3FIFO,
      pipeAttributes: { mode: 0o600 },
    });
    if (fifo.status === 0) assert((await Deno.lstat(`${dir}/fifo`)).isFifo);
    else assert([10004, 10007].includes(fifo.status), `MKNOD status ${fifo.status}`);
    if (server.caps.hardLinks) {
      const link = unwrap(await nfs.link(hello.object, root, "hard"), "NFS3 LINK");
      assertEquals(link.fileAttributes?.nlink, 2);
      assertEquals((await Deno.stat(`${dir}/hello.txt`)).nlink, 2);
    } else {
      // go-nfs's LINK is broken (see its caps): it must fail, and change nothing.
      const before = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
      await assertRejects(async () => unwrap(await nfs.link(hello.object, root, "hard"), "LINK"));
      assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), before);
      assertEquals((await Deno.stat(`${dir}/hello.txt`)).nlink, 1);
      await Deno.link(`${dir}/hello.txt`, `${dir}/hard`); // what the RENAME below moves
    }

    // RENAME across directories
    const sub = await lookup(nfs, root, "sub");
    unwrap(await nfs.rename(root, "hard", sub, "moved"), "NFS3 RENAME");
    assert((await Deno.stat(`${dir}/sub/moved`)).isFile);

    // READDIR and READDIRPLUS list what is on disk, in batches
    const onDisk = new Set([".", ".."]);
    for await (const e of Deno.readDir(dir)) onDisk.add(e.name);
    const names = new Set<string>();
    let cookie = 0n;
    let cookieverf: Uint8Array = new Uint8Array(8);
    const count = Math.max(512, server.caps.minReaddirCount);
    if (count > 512) {
      assertEquals((await nfs.readdir(root, 0n, cookieverf, 512)).status, 10005, "TOOSMALL");
    }
    for (let eof = false; !eof;) {
      const rd = unwrap(await nfs.readdir(root, cookie, cookieverf, count), "NFS3 READDIR");
      for (const e of rd.reply.entries) names.add(e.name), cookie = e.cookie;
      cookieverf = rd.cookieverf;
      eof = rd.reply.eof;
    }
    assertEquals([...names].sort(), [...onDisk].sort());
    const plusRes = await nfs.readdirplus(root);
    if (!server.caps.readdirplus) {
      // unfs3 does not implement READDIRPLUS; RFC 1813 §3.3.17 allows NFS3ERR_NOTSUPP
      // (the file API falls back to READDIR + LOOKUP).
      assertEquals(plusRes.status, 10004, "READDIRPLUS: NFS3ERR_NOTSUPP");
    } else {
      const plus = unwrap(plusRes, "NFS3 READDIRPLUS");
      assert(plus.reply.eof);
      for (const e of plus.reply.entries) {
        if (e.name === "." || e.name === ".." || e.nameAttributes === null) continue;
        const st = await Deno.lstat(`${dir}/${e.name}`);
        assertEquals(e.fileid, BigInt(st.ino!), e.name);
        assertEquals(e.nameAttributes.fileid, BigInt(st.ino!), e.name);
        assert(e.nameHandle === null || e.nameHandle.length > 0);
      }
    }

    // REMOVE, RMDIR
    unwrap(await nfs.remove(root, "new.txt"), "NFS3 REMOVE");
    await assertRejects(() => Deno.stat(`${dir}/new.txt`), Deno.errors.NotFound);
    assertEquals((await nfs.remove(root, "new.txt")).status, 2);
    unwrap(await nfs.rmdir(root, "dir2"), "NFS3 RMDIR");
    await assertRejects(() => Deno.stat(`${dir}/dir2`), Deno.errors.NotFound);
    const notEmpty = server.caps.osRemove ? 5 : 66;
    assertEquals((await nfs.rmdir(root, "sub")).status, notEmpty, "RMDIR of a full directory");
    assert((await Deno.stat(`${dir}/sub/moved`)).isFile, "still there");
  } finally {
    await close();
  }
}, V3);

forEachServer("NFSv3: READ, WRITE, COMMIT move bulk data both ways", async (_t, server) => {
  const dir = server.exportDir;
  const size = 3 * 1024 * 1024 + 123;
  const content = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) {
    crypto.getRandomValues(content.subarray(i, Math.min(size, i + 65536)));
  }
  await Deno.writeFile(`${dir}/big.bin`, content);
  const { nfs, root, close } = await connect(server);
  try {
    const info = unwrap(await nfs.fsinfo(root), "NFS3 FSINFO");
    const chunk = Math.min(info.rtmax, info.wtmax, 1 << 20);
    const fh = await lookup(nfs, root, "big.bin");

    // READ in rtmax chunks into one destination buffer
    const dest = new Uint8Array(size);
    const before = copyStats().payloadBytes;
    for (let off = 0; off < size;) {
      const n = Math.min(chunk, size - off);
      const res = unwrap(await nfs.read(fh, off, n, dest.subarray(off, off + n)), "NFS3 READ");
      assert(res.count > 0 && res.data.byteOffset === off, `READ at ${off}`);
      off += res.count;
      assertEquals(res.eof, off === size, `eof at ${off}`);
    }
    assertEquals(dest, content);
    console.log(`  READ ${size} bytes: ${copyStats().payloadBytes - before} payload bytes copied`);

    // WRITE: UNSTABLE then COMMIT (the verifier must match), and FILE_SYNC
    const out = unwrap(await nfs.create(root, "out.bin"), "NFS3 CREATE").obj!;
    let verf: Uint8Array | undefined;
    for (let off = 0; off < size; off += chunk) {
      const data = content.subarray(off, Math.min(size, off + chunk));
      const w = unwrap(await nfs.write(out, off, data, StableHow.UNSTABLE), "NFS3 WRITE");
      assertEquals(w.count, data.length);
      verf ??= w.verf;
      assertEquals(w.verf, verf);
    }
    const commit = unwrap(await nfs.commit(out), "NFS3 COMMIT");
    assertEquals(commit.verf, verf);
    assertEquals(await Deno.readFile(`${dir}/out.bin`), content);
    const sync = unwrap(
      await nfs.write(out, 1n, new Uint8Array([0xaa, 0xbb]), StableHow.FILE_SYNC),
      "NFS3 WRITE",
    );
    assertEquals(sync.committed, StableHow.FILE_SYNC);
    assertEquals(
      (await Deno.readFile(`${dir}/out.bin`)).subarray(0, 3),
      new Uint8Array([content[0]!, 0xaa, 0xbb]),
    );

    // READ past the end: 0 bytes, eof
    const past = unwrap(await nfs.read(fh, size + 10, 100), "NFS3 READ");
    assertEquals(past.count, 0);
    assert(past.eof);
    // READ on a directory fails with a status, not an exception
    assertNotEquals((await nfs.read(root, 0, 10)).status, 0);
  } finally {
    await close();
  }
}, V3);
