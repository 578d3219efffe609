/**
 * Export resolution without MOUNT EXPORT (nfs/fs/_resolve_export.ts), against scripted
 * servers that behave like the real ones met: go-nfs (no EXPORT, answered with a
 * PROG_MISMATCH without mismatch_info; MNT of any path gives its root), a server that mounts
 * subdirectories for real, and one that mounts a file if asked (the Universal NFS Server).
 * Both connect() and the CLI must then find the file the URL names.
 */
import { assertEquals, assertMatch, assertRejects } from "@std/assert";
import { connect, NotFound } from "../../mod.ts";
import { XdrReader } from "../../xdr/mod.ts";
import { MOUNT3_SERVER as M } from "../../testing/_mount_codec.ts";
import { NFS3_PROCEDURES as P } from "../../nfs/v3/procedures.ts";
import { concat, record, type SeenCall, successReply, words } from "../_util/rpc_peer.ts";
import { fattr, fh, HostileServer, nfs3Args, nfs3Reply, ROOT_FH, xdr } from "./_hostile.ts";
import { expectRun, nfs as cli } from "../cli/_cli.ts";

const HELLO = "hello from dir\n";
/** The tree: / (fileid 1) holds dir/ (2) and top.txt (4); dir/ holds hello.txt (3). */
const DIR_FH = fh(2);
const HELLO_FH = fh(3);
const TOP_FH = fh(4);
const objects = [
  { fh: ROOT_FH, parent: null, name: "", attrs: fattr("dir", 4096n, 1n) },
  { fh: DIR_FH, parent: ROOT_FH, name: "dir", attrs: fattr("dir", 4096n, 2n) },
  {
    fh: HELLO_FH,
    parent: DIR_FH,
    name: "hello.txt",
    attrs: fattr("file", BigInt(HELLO.length), 3n),
  },
  { fh: TOP_FH, parent: ROOT_FH, name: "top.txt", attrs: fattr("file", 4n, 4n) },
];

function same(a: Uint8Array | null, b: Uint8Array): boolean {
  return a !== null && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** REMOVE and RENAME calls seen, as "REMOVE dirFileid/name" and "RENAME a/x -> b/y". */
const changes: string[] = [];
const idOf = (h: Uint8Array) => objects.find((x) => same(x.fh, h))?.attrs.fileid ?? "?";

/** GETATTR, LOOKUP (in the right directory) and READ of the tree; REMOVE and RENAME noted. */
function treeNfs(c: SeenCall) {
  if (c.proc === P.REMOVE.proc) {
    const a = nfs3Args<{ dir: Uint8Array; name: string }>(c);
    changes.push(`REMOVE ${idOf(a.dir)}/${a.name}`);
    return nfs3Reply(c.xid, c.proc, { status: 0, dirWcc: { before: null, after: null } });
  }
  if (c.proc === P.RENAME.proc) {
    type Where = { dir: Uint8Array; name: string };
    const a = nfs3Args<{ from: Where; to: Where }>(c);
    changes.push(
      `RENAME ${idOf(a.from.dir)}/${a.from.name} -> ${idOf(a.to.dir)}/${a.to.name}`,
    );
    const wcc = { before: null, after: null };
    return nfs3Reply(c.xid, c.proc, { status: 0, fromdirWcc: wcc, todirWcc: wcc });
  }
  if (c.proc === P.GETATTR.proc) {
    const { object } = nfs3Args<{ object: Uint8Array }>(c);
    const o = objects.find((x) => same(x.fh, object));
    return nfs3Reply(c.xid, c.proc, o ? { status: 0, objAttributes: o.attrs } : { status: 70 });
  }
  if (c.proc === P.LOOKUP.proc) {
    const what = nfs3Args<{ dir: Uint8Array; name: string }>(c);
    const o = objects.find((x) =>
      x.parent !== null && same(x.parent, what.dir) && x.name === what.name
    );
    return nfs3Reply(
      c.xid,
      c.proc,
      o
        ? { status: 0, object: o.fh, objAttributes: o.attrs, dirAttributes: null }
        : { status: 2, dirAttributes: null },
    );
  }
  if (c.proc === P.READ.proc) {
    const { file, offset, count } = nfs3Args<{ file: Uint8Array; offset: bigint; count: number }>(
      c,
    );
    const text = same(HELLO_FH, file) ? HELLO : same(TOP_FH, file) ? "top\n" : null;
    if (text === null) return undefined;
    const bytes = new TextEncoder().encode(text).subarray(Number(offset), Number(offset) + count);
    const data = new Uint8Array((bytes.length + 3) & ~3);
    data.set(bytes);
    const eof = Number(offset) + bytes.length >= text.length;
    return record(
      concat(words(c.xid, 1, 0, 0, 0, 0, 0, 0, bytes.length, eof ? 1 : 0, bytes.length), data),
    );
  }
  return undefined;
}

function mntPath(c: SeenCall): string {
  return M.MNT.decodeArgs(new XdrReader(c.args)) as string;
}

function mntReply(c: SeenCall, handle: Uint8Array | number): Uint8Array {
  const res = typeof handle === "number"
    ? { status: handle }
    : { status: 0, fhandle: handle, authFlavors: [0, 1] };
  return successReply(c.xid, xdr((w) => M.MNT.encodeRes(w, res as never)));
}

/** Every MNT path asked, per server. */
type Mnts = string[];

/** go-nfs: no EXPORT (a PROG_MISMATCH with no mismatch_info), and MNT of anything is the root. */
function gonfsLike(mnts: Mnts) {
  return (c: SeenCall) => {
    if (c.proc === M.EXPORT.proc) return record(words(c.xid, 1, 0, 0, 0, 2));
    if (c.proc === M.MNT.proc) {
      mnts.push(mntPath(c));
      return mntReply(c, ROOT_FH);
    }
    return undefined;
  };
}

/** A server that hides EXPORT and mounts real subdirectories (and, if `files`, files too). */
function subdirMounts(mnts: Mnts, files = false) {
  const byPath: Record<string, Uint8Array> = {
    "/export": ROOT_FH,
    "/export/dir": DIR_FH,
    ...(files ? { "/export/dir/hello.txt": HELLO_FH, "/export/top.txt": TOP_FH } : {}),
  };
  return (c: SeenCall) => {
    if (c.proc === M.EXPORT.proc) return record(words(c.xid, 1, 0, 0, 0, 3)); // PROC_UNAVAIL
    if (c.proc === M.MNT.proc) {
      const p = mntPath(c);
      mnts.push(p);
      return mntReply(c, byPath[p] ?? (p.startsWith("/export/") ? 20 : 2));
    }
    return undefined;
  };
}

const url = (s: HostileServer, path: string) =>
  `nfs://127.0.0.1${path}?nfsport=${s.port}&mountport=${s.port}&version=3&soft=1&timeo=50&retrans=0`;

Deno.test("resolve: go-nfs-like server: the URL's first component is the export", async () => {
  const mnts: Mnts = [];
  await using server = new HostileServer({ mount: gonfsLike(mnts), nfs: treeNfs });
  await using nfs = await connect(url(server, "/export/dir"));
  assertEquals(nfs.exportPath, "/export");
  assertEquals(await nfs.readTextFile("hello.txt"), HELLO);
  assertEquals(await nfs.readTextFile("/dir/hello.txt"), HELLO);
  // Longest first, then shorter while the very same root comes back; "/" too, but the root
  // has no directory "export": the first component names the export.
  assertEquals(mnts, ["/export/dir", "/export", "/"]);
});

Deno.test('resolve: go-nfs-like server, export "/": a first component that is a directory of the root is one', async () => {
  const mnts: Mnts = [];
  await using server = new HostileServer({ mount: gonfsLike(mnts), nfs: treeNfs });
  await using nfs = await connect(url(server, "/dir"));
  assertEquals(nfs.exportPath, "/");
  assertEquals(await nfs.readTextFile("hello.txt"), HELLO);
  assertEquals(await nfs.readTextFile("/top.txt"), "top\n");
  assertEquals(mnts, ["/dir", "/"]);
});

Deno.test("resolve: a server that mounts subdirectories for real keeps the deeper mount", async () => {
  const mnts: Mnts = [];
  await using server = new HostileServer({ mount: subdirMounts(mnts), nfs: treeNfs });
  await using nfs = await connect(url(server, "/export/dir"));
  assertEquals(nfs.exportPath, "/export/dir");
  assertEquals(await nfs.readTextFile("hello.txt"), HELLO);
  assertEquals(mnts, ["/export/dir", "/export"]);
});

Deno.test("resolve: a mounted file is not an export; its directory is", async () => {
  const mnts: Mnts = [];
  await using server = new HostileServer({ mount: subdirMounts(mnts, true), nfs: treeNfs });
  await using nfs = await connect(url(server, "/export/dir/hello.txt"));
  assertEquals(nfs.exportPath, "/export/dir");
  assertEquals(mnts, ["/export/dir/hello.txt", "/export/dir", "/export"]);
});

Deno.test("resolve: a path MNT refuses at every depth fails with the longest one's status", async () => {
  await using server = new HostileServer({ mount: subdirMounts([]), nfs: treeNfs });
  const e = await assertRejects(() => connect(url(server, "/nowhere/x")), NotFound);
  assertMatch(e.message, /"\/nowhere\/x"/);
});

// The CLI runs as a subprocess against the scripted server of this process.

Deno.test("resolve: CLI cat, get and ls on a go-nfs-like server find the file in the right directory", async () => {
  await using server = new HostileServer({ mount: gonfsLike([]), nfs: treeNfs });
  const cat = await cli(["cat", url(server, "/export/dir/hello.txt")]);
  expectRun(cat, 0);
  assertEquals(cat.stdout, HELLO);
  const top = await cli(["cat", url(server, "/export/top.txt")]);
  expectRun(top, 0);
  assertEquals(top.stdout, "top\n");
  // The export "/" (as rclone documents it): the URL's first component is a real directory.
  const real = await cli(["cat", url(server, "/dir/hello.txt")]);
  expectRun(real, 0);
  assertEquals(real.stdout, HELLO);
  const tmp = await Deno.makeTempDir();
  try {
    const get = await cli(["get", url(server, "/export/dir/hello.txt"), `${tmp}/h.txt`]);
    expectRun(get, 0);
    assertEquals(await Deno.readTextFile(`${tmp}/h.txt`), HELLO);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("resolve: CLI cat on a server mounting subdirectories reads the file", async () => {
  await using server = new HostileServer({ mount: subdirMounts([], true), nfs: treeNfs });
  const cat = await cli(["cat", url(server, "/export/dir/hello.txt")]);
  expectRun(cat, 0);
  assertEquals(cat.stdout, HELLO);
});

Deno.test("resolve: CLI rm and mv on a go-nfs-like server act in the right directories", async () => {
  await using server = new HostileServer({ mount: gonfsLike([]), nfs: treeNfs });
  changes.length = 0;
  // Export "/" style (rclone): existing entries directly under the root.
  expectRun(await cli(["rm", url(server, "/top.txt")]), 0);
  expectRun(await cli(["mv", url(server, "/top.txt"), url(server, "/dir/t.txt")]), 0);
  // A made-up export name (nfs://h/export/..., as on ganesha).
  expectRun(await cli(["rm", url(server, "/export/dir/hello.txt")]), 0);
  expectRun(
    await cli(["mv", url(server, "/export/dir/hello.txt"), url(server, "/export/new.txt")]),
    0,
  );
  assertEquals(changes, [
    "REMOVE 1/top.txt",
    "RENAME 1/top.txt -> 2/t.txt",
    "REMOVE 2/hello.txt",
    "RENAME 2/hello.txt -> 1/new.txt",
  ]);
  // The export's made-up name alone is its root, for every command (as on ganesha).
  expectRun(
    await cli(["rm", "-r", url(server, "/export")]),
    1,
    /refusing to remove the export's root/,
  );
  assertEquals(changes.length, 4);
  // A file directly under the root, read by a command that does not change it.
  const cat = await cli(["cat", url(server, "/top.txt")]);
  expectRun(cat, 0);
  assertEquals(cat.stdout, "top\n");
});
