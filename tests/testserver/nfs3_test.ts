/**
 * The embedded test server against our own NFSv3 and MOUNT v3 clients: each procedure's
 * success path checked on disk, the main error paths, handle and cookie stability.
 */
import {
  assert,
  assertEquals,
  assertNotEquals,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "@std/assert";
import {
  Access3,
  Createmode3,
  Ftype3,
  type NfsFh3,
  Nfsstat3 as S,
  StableHow,
  unwrap,
} from "../../nfs/mod.ts";
import { copyStats, resetCopyStats } from "../../mbuf/mod.ts";
import { authSys, RpcGarbageArgs, RpcProgMismatch } from "../../rpc/mod.ts";
import { startTestServer } from "../../testing/mod.ts";
import { assertStatus, ROOT, type Session, withSession } from "./_setup.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** `n` random bytes (getRandomValues gives at most 64 KiB at a time). */
function random(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(b.subarray(i, i + 65536));
  return b;
}

function ino(path: string): bigint {
  return BigInt(Deno.lstatSync(path).ino!);
}

Deno.test("test server: MOUNT v3 MNT, DUMP, EXPORT, UMNT and the nfs:// URL", async () => {
  await withSession(async ({ server, mount, root }) => {
    assertEquals(
      server.url,
      `nfs://127.0.0.1/export?nfsport=${server.port}&mountport=${server.port}`,
    );
    assertEquals(server.nfsPort, server.mountPort);
    assertEquals(root, server.rootHandle);
    assertEquals(root.length, 32);
    assertEquals(await mount.export(), [{ exDir: "/export", exGroups: [] }]);
    assertEquals(await mount.dump(), [{ mlHostname: "localhost", mlDirectory: "/export" }]);
    await mount.umnt("/export");
    assertEquals(await mount.dump(), []);
    assertEquals((await mount.mnt("/nope")).status, 2); // MNT3ERR_NOENT
    await Deno.mkdir(`${server.exportDir}/sub`);
    const sub = await mount.mnt("/export/sub");
    assert(sub.status === 0);
    assertEquals((await mount.mnt("/export/missing")).status, 2);
    await mount.umntall();
    assertEquals(await mount.dump(), []);
    await mount.null();
  });
});

Deno.test("test server: GETATTR reports what the disk says", async () => {
  await withSession(async ({ nfs, path, fh }) => {
    await Deno.writeTextFile(path("a.txt"), "hello world");
    await Deno.chmod(path("a.txt"), 0o640);
    const a = unwrap(await nfs.getattr(await fh("a.txt")), "GETATTR").objAttributes;
    const st = Deno.lstatSync(path("a.txt"));
    assertEquals(a.type, Ftype3.NF3REG);
    assertEquals(a.size, 11n);
    assertEquals(a.mode, 0o640);
    assertEquals(a.nlink, 1);
    assertEquals(a.fileid, BigInt(st.ino!));
    assertEquals(a.fsid, BigInt(st.dev));
    assertEquals(a.uid, st.uid);
    assertEquals(a.mtime.seconds, Math.floor(st.mtime!.getTime() / 1000));
    assertEquals(a.mtime.nseconds, (st.mtime!.getTime() % 1000) * 1e6);
    await nfs.null();
  });
});

Deno.test("test server: SETATTR sets mode, size, times; a wrong ctime guard gives NOT_SYNC", async () => {
  await withSession(async ({ nfs, path, fh }) => {
    await Deno.writeTextFile(path("f"), "0123456789");
    const f = await fh("f");
    const before = unwrap(await nfs.getattr(f), "GETATTR").objAttributes;
    const res = unwrap(
      await nfs.setattr(f, {
        mode: 0o600,
        size: 4,
        mtime: { seconds: 1_000_000_000, nseconds: 5_000_000 },
        atime: "server",
      }, before.ctime),
      "SETATTR",
    );
    assertEquals(res.objWcc.before?.size, 10n);
    assertEquals(res.objWcc.after?.size, 4n);
    const st = Deno.lstatSync(path("f"));
    assertEquals(st.mode! & 0o7777, 0o600);
    assertEquals(st.size, 4);
    assertEquals(st.mtime!.getTime(), 1_000_000_000_005);
    assert(Math.abs(st.atime!.getTime() - Date.now()) < 10_000);
    const stale = { seconds: before.ctime.seconds - 100, nseconds: 0 };
    const ns = await nfs.setattr(f, { mode: 0o644 }, stale);
    assertStatus(ns, S.NFS3ERR_NOT_SYNC, "guard");
    assert(ns.objWcc.after !== null);
    assertEquals(Deno.lstatSync(path("f")).mode! & 0o7777, 0o600, "unchanged");
    // SETATTR size on a directory: ISDIR.
    await Deno.mkdir(path("d"));
    assertStatus(await nfs.setattr(await fh("d"), { size: 0 }), S.NFS3ERR_ISDIR, "size of a dir");
  });
});

Deno.test("test server: LOOKUP of names, '.', '..', and its errors", async () => {
  await withSession(async ({ nfs, root, path, fh }) => {
    await Deno.mkdir(path("d/e"), { recursive: true });
    await Deno.writeTextFile(path("d/file"), "x");
    const d = await fh("d");
    const e = unwrap(await nfs.lookup(d, "e"), "LOOKUP");
    assertEquals(e.objAttributes?.fileid, ino(path("d/e")));
    assertEquals(e.dirAttributes?.fileid, ino(path("d")));
    assertEquals(unwrap(await nfs.lookup(d, "."), "LOOKUP .").object, d);
    assertEquals(unwrap(await nfs.lookup(e.object, ".."), "LOOKUP ..").object, d);
    assertEquals(unwrap(await nfs.lookup(root, ".."), "LOOKUP .. at root").object, root);
    const missing = await nfs.lookup(d, "missing");
    assertStatus(missing, S.NFS3ERR_NOENT, "missing");
    assert(missing.status !== 0 && missing.dirAttributes?.fileid === ino(path("d")));
    assertStatus(await nfs.lookup(await fh("d/file"), "x"), S.NFS3ERR_NOTDIR, "in a file");
  });
});

Deno.test("test server: names longer than nameMax give NAMETOOLONG (PATHCONF says so)", async () => {
  await withSession(async ({ nfs, root }) => {
    const pc = unwrap(await nfs.pathconf(root), "PATHCONF");
    assertEquals(pc.nameMax, 20);
    assert(pc.noTrunc && pc.chownRestricted && pc.casePreserving && !pc.caseInsensitive);
    const long = "n".repeat(21);
    assertStatus(await nfs.lookup(root, long), S.NFS3ERR_NAMETOOLONG, "LOOKUP");
    assertStatus(await nfs.create(root, long), S.NFS3ERR_NAMETOOLONG, "CREATE");
    assertStatus(await nfs.mkdir(root, long), S.NFS3ERR_NAMETOOLONG, "MKDIR");
    assert((await nfs.create(root, "n".repeat(20))).status === 0);
  }, { nameMax: 20 });
});

Deno.test("test server: READ returns the bytes on disk, with eof, and ISDIR for a directory", async () => {
  await withSession(async ({ nfs, root, path, fh }) => {
    const data = random(300_000);
    await Deno.writeFile(path("big"), data);
    const f = await fh("big");
    const a = unwrap(await nfs.read(f, 0, 100_000), "READ");
    assertEquals(a.count, 100_000);
    assertEquals(a.eof, false);
    assertEquals(a.data, data.subarray(0, 100_000));
    const b = unwrap(await nfs.read(f, 250_000, 100_000), "READ tail");
    assertEquals(b.count, 50_000);
    assertEquals(b.eof, true);
    assertEquals(b.data, data.subarray(250_000));
    // Zero-copy end to end: the server attaches its read buffer to the reply, the client
    // receives the payload straight into the caller's buffer.
    resetCopyStats();
    const dest = new Uint8Array(200_000);
    const z = unwrap(await nfs.read(f, 0, 200_000, dest), "READ into a buffer");
    assertStrictEquals(z.data.buffer, dest.buffer);
    assertEquals(dest, data.subarray(0, 200_000));
    assertEquals(copyStats().payloadBytes, 0);
    const c = unwrap(await nfs.read(f, 400_000, 10), "READ past EOF");
    assertEquals([c.count, c.eof], [0, true]);
    assertStatus(await nfs.read(root, 0, 10), S.NFS3ERR_ISDIR, "READ dir");
  });
});

Deno.test("test server: READ is capped at rtmax (FSINFO), 1 MiB by default", async () => {
  await withSession(async ({ nfs, root, path, fh }) => {
    const info = unwrap(await nfs.fsinfo(root), "FSINFO");
    assertEquals(info.rtmax, 1 << 20);
    assertEquals(info.wtmax, 1 << 20);
    assertEquals(info.rtpref, 1 << 20);
    assertEquals(info.wtpref, 1 << 20);
    assertEquals(info.maxfilesize, (1n << 63n) - 1n);
    assert(info.properties & 0x1b);
    const data = crypto.getRandomValues(new Uint8Array(65536)); // 64 KiB at a time
    const f = await Deno.open(path("2m"), { write: true, create: true });
    for (let i = 0; i < 40; i++) await f.write(data);
    f.close();
    const r = unwrap(await nfs.read(await fh("2m"), 0, 2 << 20), "READ 2 MiB");
    assertEquals(r.count, 1 << 20);
    assertEquals(r.data.subarray(65536, 131072), data);
  });
});

Deno.test("test server: WRITE stable and UNSTABLE, COMMIT, and a new verifier after restart()", async () => {
  await withSession(async ({ nfs, server, root, path }) => {
    const f = unwrap(await nfs.create(root, "w"), "CREATE").obj!;
    const w1 = unwrap(await nfs.write(f, 0, enc.encode("hello "), StableHow.FILE_SYNC), "WRITE");
    assertEquals(w1.committed, StableHow.FILE_SYNC);
    assertEquals(w1.fileWcc.before?.size, 0n);
    assertEquals(w1.fileWcc.after?.size, 6n);
    const w2 = unwrap(await nfs.write(f, 6n, enc.encode("world"), StableHow.UNSTABLE), "WRITE");
    assertEquals(w2.committed, StableHow.UNSTABLE);
    assertEquals(w2.verf, w1.verf);
    assertEquals(w2.verf, server.writeVerifier);
    const c = unwrap(await nfs.commit(f), "COMMIT");
    assertEquals(c.verf, w1.verf);
    assertEquals(await Deno.readTextFile(path("w")), "hello world");
    server.restart();
    const c2 = unwrap(await nfs.commit(f), "COMMIT after restart");
    assertNotEquals(c2.verf, w1.verf);
    // A write past the end leaves a hole; a big write lands whole.
    const big = random(1 << 20);
    unwrap(await nfs.write(f, 100, big, StableHow.DATA_SYNC), "WRITE 1 MiB");
    const disk = await Deno.readFile(path("w"));
    assertEquals(disk.length, 100 + big.length);
    assertEquals(disk.subarray(11, 100), new Uint8Array(89));
    assertEquals(disk.subarray(100), big);
    assertStatus(await nfs.write(root, 0, enc.encode("x")), S.NFS3ERR_ISDIR, "WRITE dir");
    assertStatus(await nfs.commit(root), S.NFS3ERR_ISDIR, "COMMIT dir");
  });
});

Deno.test("test server: CREATE UNCHECKED, GUARDED and EXCLUSIVE", async () => {
  await withSession(async ({ nfs, root, path }) => {
    const a = unwrap(
      await nfs.create(root, "a", { mode: Createmode3.GUARDED, objAttributes: { mode: 0o604 } }),
      "CREATE GUARDED",
    );
    assertEquals(Deno.lstatSync(path("a")).mode! & 0o7777, 0o604);
    assertEquals(a.objAttributes?.fileid, ino(path("a")));
    assertEquals(a.dirWcc.after?.fileid, ino(path("")));
    assert(a.dirWcc.before !== null);
    const again = await nfs.create(root, "a", { mode: Createmode3.GUARDED, objAttributes: {} });
    assertStatus(again, S.NFS3ERR_EXIST, "GUARDED twice");
    assert(again.status !== 0 && again.dirWcc.after !== null);
    // UNCHECKED on an existing file: fine, and size 0 truncates.
    await Deno.writeTextFile(path("a"), "content");
    const u = unwrap(
      await nfs.create(root, "a", { mode: Createmode3.UNCHECKED, objAttributes: { size: 0 } }),
      "CREATE UNCHECKED",
    );
    assertEquals(u.obj, a.obj);
    assertEquals(Deno.lstatSync(path("a")).size, 0);
    // EXCLUSIVE: a retransmission with the same verifier succeeds, another verifier fails.
    const verf = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const x1 = unwrap(await nfs.create(root, "x", { mode: Createmode3.EXCLUSIVE, verf }), "EXCL");
    const x2 = unwrap(await nfs.create(root, "x", { mode: Createmode3.EXCLUSIVE, verf }), "EXCL 2");
    assertEquals(x2.obj, x1.obj);
    const other = new Uint8Array(8).fill(9);
    assertStatus(
      await nfs.create(root, "x", { mode: Createmode3.EXCLUSIVE, verf: other }),
      S.NFS3ERR_EXIST,
      "EXCLUSIVE other verifier",
    );
    await Deno.mkdir(path("dir"));
    assertStatus(await nfs.create(root, "dir"), S.NFS3ERR_EXIST, "UNCHECKED on a directory");
  });
});

Deno.test("test server: MKDIR, SYMLINK, READLINK, MKNOD", async () => {
  await withSession(async ({ nfs, root, path }) => {
    const d = unwrap(await nfs.mkdir(root, "d", { mode: 0o750 }), "MKDIR");
    const st = Deno.lstatSync(path("d"));
    assert(st.isDirectory);
    assertEquals(st.mode! & 0o7777, 0o750);
    assertEquals(d.objAttributes?.type, Ftype3.NF3DIR);
    assertStatus(await nfs.mkdir(root, "d"), S.NFS3ERR_EXIST, "MKDIR twice");
    const l = unwrap(await nfs.symlink(d.obj!, "link", "../target"), "SYMLINK");
    assertEquals(Deno.readLinkSync(path("d/link")), "../target");
    assertEquals(l.objAttributes?.type, Ftype3.NF3LNK);
    assertEquals(unwrap(await nfs.readlink(l.obj!), "READLINK").data, "../target");
    assertStatus(await nfs.readlink(d.obj!), S.NFS3ERR_INVAL, "READLINK of a dir");
    const fifo = unwrap(
      await nfs.mknod(root, "fifo", { type: Ftype3.NF3FIFO, pipeAttributes: { mode: 0o600 } }),
      "MKNOD FIFO",
    );
    assertEquals(fifo.objAttributes?.type, Ftype3.NF3FIFO);
    assert(Deno.lstatSync(path("fifo")).isFifo);
    const dev = { devAttributes: {}, spec: { specdata1: 1, specdata2: 3 } };
    assertStatus(
      await nfs.mknod(root, "null", { type: Ftype3.NF3CHR, device: dev }),
      S.NFS3ERR_NOTSUPP,
      "MKNOD CHR",
    );
    assertStatus(
      await nfs.mknod(root, "r", { type: Ftype3.NF3REG }),
      S.NFS3ERR_BADTYPE,
      "MKNOD REG",
    );
  });
});

Deno.test("test server: REMOVE and RMDIR, with NOENT, ISDIR, NOTDIR, NOTEMPTY", async () => {
  await withSession(async ({ nfs, root, path }) => {
    await Deno.mkdir(path("full/sub"), { recursive: true });
    await Deno.mkdir(path("empty"));
    await Deno.writeTextFile(path("f"), "x");
    const r = unwrap(await nfs.remove(root, "f"), "REMOVE");
    assert(r.dirWcc.before !== null && r.dirWcc.after !== null);
    assertThrows(() => Deno.lstatSync(path("f")), Deno.errors.NotFound);
    assertStatus(await nfs.remove(root, "f"), S.NFS3ERR_NOENT, "REMOVE again");
    assertStatus(await nfs.remove(root, "empty"), S.NFS3ERR_ISDIR, "REMOVE a dir");
    assertStatus(await nfs.rmdir(root, "full"), S.NFS3ERR_NOTEMPTY, "RMDIR non-empty");
    await Deno.writeTextFile(path("g"), "x");
    assertStatus(await nfs.rmdir(root, "g"), S.NFS3ERR_NOTDIR, "RMDIR a file");
    unwrap(await nfs.rmdir(root, "empty"), "RMDIR");
    assertThrows(() => Deno.lstatSync(path("empty")), Deno.errors.NotFound);
    assertStatus(await nfs.rmdir(root, "."), S.NFS3ERR_INVAL, "RMDIR .");
  });
});

Deno.test("test server: handles survive RENAME of the file and of its directory", async () => {
  await withSession(async ({ nfs, root, path, fh }) => {
    await Deno.mkdir(path("a/b"), { recursive: true });
    await Deno.writeTextFile(path("a/b/f"), "data");
    const f = await fh("a/b/f");
    const b = await fh("a/b");
    const rn = unwrap(await nfs.rename(b, "f", root, "g"), "RENAME file");
    assert(rn.fromdirWcc.after !== null && rn.todirWcc.after !== null);
    assertEquals(await Deno.readTextFile(path("g")), "data");
    assertEquals(dec.decode(unwrap(await nfs.read(f, 0, 10), "READ after rename").data), "data");
    // Move it back under b, then rename the directory a → z: the handles still work.
    unwrap(await nfs.rename(root, "g", b, "f"), "RENAME back");
    unwrap(await nfs.rename(root, "a", root, "z"), "RENAME dir");
    assert(Deno.lstatSync(path("z/b/f")).isFile);
    assertEquals(dec.decode(unwrap(await nfs.read(f, 0, 10), "READ").data), "data");
    unwrap(await nfs.create(b, "new"), "CREATE in a moved dir");
    assert(Deno.lstatSync(path("z/b/new")).isFile);
    assertStatus(await nfs.rename(root, "nope", root, "x"), S.NFS3ERR_NOENT, "RENAME missing");
  });
});

Deno.test("test server: RENAME onto an existing entry replaces it; type clashes fail", async () => {
  await withSession(async ({ nfs, root, path, fh }) => {
    await Deno.writeTextFile(path("src"), "new");
    await Deno.writeTextFile(path("dst"), "old");
    await Deno.mkdir(path("dir"));
    await Deno.mkdir(path("full/x"), { recursive: true });
    const old = await fh("dst");
    unwrap(await nfs.rename(root, "src", root, "dst"), "RENAME over a file");
    assertEquals(await Deno.readTextFile(path("dst")), "new");
    assertStatus(await nfs.getattr(old), S.NFS3ERR_STALE, "replaced file's handle");
    assertStatus(await nfs.rename(root, "dir", root, "dst"), S.NFS3ERR_NOTDIR, "dir onto file");
    assertStatus(await nfs.rename(root, "dst", root, "dir"), S.NFS3ERR_ISDIR, "file onto dir");
    assertStatus(await nfs.rename(root, "dir", root, "full"), S.NFS3ERR_NOTEMPTY, "onto non-empty");
    assertStatus(
      await nfs.rename(root, "full", await fh("full/x"), "y"),
      S.NFS3ERR_INVAL,
      "into itself",
    );
  });
});

Deno.test("test server: LINK adds a name; the handle outlives the original name", async () => {
  await withSession(async ({ nfs, root, path, fh }) => {
    await Deno.writeTextFile(path("orig"), "linked");
    const f = await fh("orig");
    const l = unwrap(await nfs.link(f, root, "alias"), "LINK");
    assertEquals(l.fileAttributes?.nlink, 2);
    assert(l.linkdirWcc.after !== null);
    assertEquals(Deno.lstatSync(path("alias")).ino, Deno.lstatSync(path("orig")).ino);
    unwrap(await nfs.remove(root, "orig"), "REMOVE orig");
    const a = unwrap(await nfs.getattr(f), "GETATTR via the other link").objAttributes;
    assertEquals(a.nlink, 1);
    assertStatus(await nfs.link(f, root, "alias"), S.NFS3ERR_EXIST, "LINK onto an existing name");
    assertStatus(await nfs.link(root, root, "rootlink"), S.NFS3ERR_ISDIR, "LINK a directory");
  });
});

Deno.test("test server: a handle goes STALE when its file is deleted behind the server's back", async () => {
  await withSession(async ({ nfs, path, fh, root }) => {
    await Deno.writeTextFile(path("f"), "x");
    const f = await fh("f");
    unwrap(await nfs.getattr(f), "GETATTR");
    await Deno.remove(path("f"));
    assertStatus(await nfs.getattr(f), S.NFS3ERR_STALE, "GETATTR");
    assertStatus(await nfs.read(f, 0, 1), S.NFS3ERR_STALE, "READ");
    assertStatus(await nfs.write(f, 0, enc.encode("y")), S.NFS3ERR_STALE, "WRITE");
    // A new file under the same name is another object: the old handle stays stale.
    const g = unwrap(await nfs.create(root, "f"), "CREATE").obj!;
    assertStatus(await nfs.getattr(f), S.NFS3ERR_STALE, "GETATTR after re-create");
    unwrap(await nfs.getattr(g), "GETATTR new");
    // Not our handle at all; or one of another server instance.
    assertStatus(await nfs.getattr(new Uint8Array(16)), S.NFS3ERR_BADHANDLE, "garbage handle");
    const dir2 = await Deno.makeTempDir();
    try {
      await using other = await startTestServer({ dir: dir2 });
      assertStatus(await nfs.getattr(other.rootHandle), S.NFS3ERR_STALE, "other instance");
    } finally {
      await Deno.remove(dir2, { recursive: true });
    }
  });
});

/** Reads a whole directory with READDIR pages of `count` bytes. */
async function listAll(s: Session, dir: NfsFh3, count: number) {
  const names: string[] = [];
  let cookie = 0n;
  let verf: Uint8Array = new Uint8Array(8);
  let pages = 0;
  for (;;) {
    const r = unwrap(await s.nfs.readdir(dir, cookie, verf, count), "READDIR");
    pages++;
    for (const e of r.reply.entries) {
      names.push(e.name);
      assert(e.cookie > cookie, "cookies increase");
      cookie = e.cookie;
      if (e.name !== "." && e.name !== "..") assertEquals(e.fileid, ino(s.path(`big/${e.name}`)));
    }
    verf = r.cookieverf;
    if (r.reply.eof) return { names, pages };
  }
}

Deno.test("test server: READDIR of 1,000 entries in pages returns each name exactly once", async () => {
  await withSession(async (s) => {
    await Deno.mkdir(s.path("big"));
    const want = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const name = `file-${i}-${"x".repeat(i % 17)}`;
      want.add(name);
      await Deno.writeFile(s.path(`big/${name}`), new Uint8Array(0));
    }
    const dir = await s.fh("big");
    const { names, pages } = await listAll(s, dir, 2048);
    assert(pages > 10, `${pages} pages`);
    const got = names.filter((n) => n !== "." && n !== "..");
    assertEquals(got.length, 1000);
    assertEquals(new Set(got), want);
    assertEquals(names.filter((n) => n === "." || n === "..").length, 2);
    // READDIRPLUS in small pages: each name once, with attributes and working handles.
    const seen = new Set<string>();
    let cookie = 0n;
    let verf: Uint8Array = new Uint8Array(8);
    for (;;) {
      const r = unwrap(await s.nfs.readdirplus(dir, cookie, verf, 1024, 4096), "READDIRPLUS");
      for (const e of r.reply.entries) {
        assert(!seen.has(e.name), `${e.name} twice`);
        seen.add(e.name);
        assertEquals(e.nameAttributes?.fileid, e.fileid);
        cookie = e.cookie;
      }
      verf = r.cookieverf;
      if (r.reply.eof) break;
    }
    assertEquals(seen.size, 1002);
    const last = unwrap(await s.nfs.readdirplus(dir, 0n, new Uint8Array(8), 8192, 65536), "RDP");
    const e = last.reply.entries.find((e) => e.name.startsWith("file-"))!;
    const a = unwrap(await s.nfs.getattr(e.nameHandle!), "GETATTR via READDIRPLUS handle");
    assertEquals(a.objAttributes.fileid, e.fileid);
  });
});

Deno.test("test server: a stale cookie verifier gives BAD_COOKIE, a tiny count TOOSMALL", async () => {
  await withSession(async ({ nfs, root, path, server }) => {
    for (let i = 0; i < 50; i++) await Deno.writeTextFile(path(`f${i}`), "");
    const p1 = unwrap(await nfs.readdir(root, 0n, new Uint8Array(8), 512), "READDIR");
    assert(!p1.reply.eof);
    const cookie = p1.reply.entries.at(-1)!.cookie;
    unwrap(await nfs.readdir(root, cookie, p1.cookieverf, 512), "READDIR page 2");
    const bogus = new Uint8Array([9, 9, 9, 9, 9, 9, 9, 9]);
    assertStatus(await nfs.readdir(root, cookie, bogus, 512), S.NFS3ERR_BAD_COOKIE, "bogus verf");
    assertStatus(
      await nfs.readdirplus(root, cookie, bogus, 512, 4096),
      S.NFS3ERR_BAD_COOKIE,
      "READDIRPLUS bogus verf",
    );
    server.restart();
    assertStatus(
      await nfs.readdir(root, cookie, p1.cookieverf, 512),
      S.NFS3ERR_BAD_COOKIE,
      "verifier from before restart()",
    );
    assertStatus(await nfs.readdir(root, 0n, new Uint8Array(8), 110), S.NFS3ERR_TOOSMALL, "count");
  });
});

Deno.test("test server: READDIR pages respect count and maxcount exactly", async () => {
  await withSession(async ({ nfs, root, path }) => {
    for (let i = 0; i < 200; i++) await Deno.writeTextFile(path(`n${"y".repeat(i % 9)}${i}`), "");
    for (const count of [200, 333, 1000, 4096]) {
      // Our client's decoder rejects a reply whose entries exceed the count: no throw = fits.
      let cookie = 0n;
      let verf: Uint8Array = new Uint8Array(8);
      let n = 0;
      for (;;) {
        const r = unwrap(await nfs.readdir(root, cookie, verf, count), `READDIR ${count}`);
        n += r.reply.entries.length;
        if (r.reply.eof) break;
        cookie = r.reply.entries.at(-1)!.cookie;
        verf = r.cookieverf;
      }
      assertEquals(n, 202);
    }
  });
});

Deno.test("test server: ACCESS, FSSTAT, and mode-bit checks for AUTH_SYS uid 1000", async () => {
  await withSession(async (s) => {
    const { nfs, root, path } = s;
    await Deno.writeTextFile(path("secret"), "s");
    await Deno.chmod(path("secret"), 0o600);
    await Deno.mkdir(path("locked"), { mode: 0o700 });
    await Deno.chmod(path("locked"), 0o700);
    await Deno.mkdir(path("open"));
    await Deno.chmod(path("open"), 0o777);
    await Deno.chmod(s.dir, 0o755);
    const all = 0x3f;
    const rootAccess = unwrap(await nfs.access(await s.fh("secret"), all), "ACCESS").access;
    assertEquals(
      rootAccess,
      Access3.ACCESS3_READ | Access3.ACCESS3_MODIFY | Access3.ACCESS3_EXTEND,
    );
    const st = unwrap(await nfs.fsstat(root), "FSSTAT");
    assert(st.tbytes > 0n && st.fbytes <= st.tbytes && st.abytes <= st.fbytes);
    const user = new (await import("../../nfs/mod.ts")).Nfs3Client(
      await s.client({ auth: authSys({ uid: 1000, gid: 1000 }) }),
    );
    const secret = await s.fh("secret");
    assertEquals(unwrap(await user.access(secret, all), "ACCESS").access, 0);
    assertStatus(await user.read(secret, 0, 1), S.NFS3ERR_ACCES, "READ 0600 root file");
    assertStatus(await user.write(secret, 0, enc.encode("x")), S.NFS3ERR_ACCES, "WRITE");
    assertStatus(await user.lookup(await s.fh("locked"), "x"), S.NFS3ERR_ACCES, "LOOKUP in 0700");
    assertStatus(await user.create(root, "mine"), S.NFS3ERR_ACCES, "CREATE in 0755 root dir");
    assertStatus(await user.setattr(secret, { mode: 0o777 }), S.NFS3ERR_PERM, "chmod not owner");
    const mine = unwrap(await user.create(await s.fh("open"), "mine"), "CREATE in 0777");
    assertEquals(mine.objAttributes?.uid, 1000);
    assertEquals(Deno.lstatSync(path("open/mine")).uid, 1000);
    unwrap(await user.setattr(mine.obj!, { mode: 0o600 }), "chmod own file");
    const dirAccess = unwrap(await user.access(root, all), "ACCESS root dir").access;
    assertEquals(dirAccess, Access3.ACCESS3_READ | Access3.ACCESS3_LOOKUP);
  });
});

Deno.test("test server: a read-only export refuses changes with ROFS", async () => {
  await withSession(async ({ nfs, root, path, fh }) => {
    await Deno.writeTextFile(path("f"), "x");
    const f = await fh("f");
    assertStatus(await nfs.write(f, 0, enc.encode("y")), S.NFS3ERR_ROFS, "WRITE");
    assertStatus(await nfs.create(root, "g"), S.NFS3ERR_ROFS, "CREATE");
    assertStatus(await nfs.remove(root, "f"), S.NFS3ERR_ROFS, "REMOVE");
    assertStatus(await nfs.setattr(f, { mode: 0o600 }), S.NFS3ERR_ROFS, "SETATTR");
    const acc = unwrap(await nfs.access(f, 0x3f), "ACCESS").access;
    assertEquals(acc, Access3.ACCESS3_READ);
    unwrap(await nfs.read(f, 0, 1), "READ");
  }, { readOnly: true });
});

Deno.test("test server: RPC-level errors: GARBAGE_ARGS, PROG_MISMATCH for NFS v4", async () => {
  await withSession(async ({ rpc }) => {
    await assertRejects(() =>
      rpc.call({
        prog: 100003,
        vers: 3,
        proc: 1,
        encode: (w) => w.uint(100), // a 100-byte handle that is not there
        decode: () => {},
      }), RpcGarbageArgs);
    const e = await rpc.call({
      prog: 100003,
      vers: 4,
      proc: 0,
      encode: () => {},
      decode: () => {},
    }).catch((e) => e);
    assert(e instanceof RpcProgMismatch);
    assertEquals([e.low, e.high], [2, 3]);
  });
});

Deno.test("test server: versions: [3] serves no NFSv2 and a custom export path", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await using server = await startTestServer({ dir, versions: [3] });
    assertEquals(server.exportPath, Deno.realPathSync(dir));
    assert(server.url.endsWith(`?nfsport=${server.port}&mountport=${server.port}`));
    const { RpcClient } = await import("../../rpc/mod.ts");
    await using rpc = await RpcClient.connect({ port: server.port, auth: ROOT });
    const e = await rpc.call({ prog: 100003, vers: 2, proc: 0, encode: () => {}, decode: () => {} })
      .catch((e) => e);
    assert(e instanceof RpcProgMismatch);
    assertEquals([e.low, e.high], [3, 3]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
