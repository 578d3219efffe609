/**
 * The file API suite (`connect()`, `NfsClient`, `NfsFile`): one function, run against every
 * server kind by the `*_test.ts` files beside it. Every result is checked on disk, through the
 * server's export directory, not only through our own client.
 *
 * One server per test file: {@linkcode apiSuite} registers one `Deno.test` that starts the
 * server once and runs every case as a `t.step`, each in its own subdirectory.
 *
 * @module
 */
import {
  assert,
  assertEquals,
  assertMatch,
  assertNotEquals,
  assertRejects,
  assertStrictEquals,
  fail,
} from "@std/assert";
import {
  AlreadyExists,
  connect,
  ConnectionError,
  copyStats,
  DirectoryNotEmpty,
  IoError,
  IsADirectory,
  listExports,
  NfsError,
  NotADirectory,
  NotFound,
  NotSupported,
  PermissionDenied,
  SeekMode,
  StaleHandle,
  TimedOut,
} from "../../mod.ts";
import type { NfsClient } from "../../mod.ts";
import { INLINE_PAYLOAD_THRESHOLD } from "../../xdr/mod.ts";
import {
  forEachKind,
  nfsLs,
  SERVER_TABLE,
  type ServerCaps,
  type TestServer,
} from "../servers/mod.ts";

/**
 * What the server does differently, as its kind's capability record says (tests/servers); the
 * suite asserts what is right for that server. Cases that cannot run at all on it are skipped
 * by name (only the embedded server has such: it is in-process, and not byte-faithful).
 */
export interface ApiSuiteOptions {
  /** The server kind's capability record; its `version` is the NFS version asked for. */
  caps: ServerCaps;
  /**
   * The server's URL says `proto=udp` (tests/udp): READ data is copied once (the datagram
   * arrives in a buffer of the runtime's), and a port where nothing listens times out (no
   * ICMP error reaches node:dgram) instead of refusing.
   */
  udp?: boolean;
}

/** Bytes in a MiB. */
const MiB = 1 << 20;
/** Five GiB: an offset past 2^32. */
const FIVE_GIB = 5 * 2 ** 30;

/** A deterministic byte pattern (not a multiple of a page, so misplaced chunks show). */
export function pattern(n: number, seed = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + (i >>> 9) + seed) & 0xff;
  return out;
}

/** Asserts two byte arrays are equal, naming the first differing offset. */
export function assertBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  assertEquals(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      fail(`${what}: byte ${i} is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

/** Expects `p` to reject with an instance of `cls` whose fields match `want`. */
export async function assertNfsError(
  p: Promise<unknown>,
  cls: abstract new (...a: never[]) => NfsError,
  want: {
    code?: string;
    statusName?: string;
    proc?: string;
    message?: string | RegExp;
    path?: string;
  },
): Promise<NfsError> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  assert(err !== undefined, `expected ${cls.name}, but it resolved`);
  assert(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
  assert(err instanceof NfsError);
  if (want.code !== undefined) assertEquals(err.code, want.code);
  if (want.statusName !== undefined) assertEquals(err.statusName, want.statusName);
  if (want.path !== undefined) assertEquals(err.path, want.path);
  if (want.proc !== undefined) assertEquals(err.proc, want.proc);
  if (typeof want.message === "string") assertEquals(err.message, want.message);
  else if (want.message !== undefined) assertMatch(err.message, want.message);
  return err;
}

/** READ bytes received: straight into sinks over TCP, in datagrams over UDP. */
function readBytes(nfs: NfsClient): number {
  const t: { directBytes: number; bytesReceived?: number } = nfs.rpc.stats().transport;
  return t.bytesReceived ?? t.directBytes;
}

/** The server's URL with its path below the export and some query parameters replaced. */
export function serverUrl(
  server: TestServer,
  sub = "",
  params: Record<string, string | null> = {},
): string {
  const u = new URL(server.url);
  const encoded = sub.split("/").filter((c) => c !== "").map(encodeURIComponent).join("/");
  const path = u.pathname.replace(/\/+$/, "") + (encoded ? `/${encoded}` : "");
  const q = new URLSearchParams(u.search);
  for (const [k, v] of Object.entries(params)) {
    if (v === null) q.delete(k);
    else q.set(k, v);
  }
  const qs = q.toString();
  return `nfs://${u.host}${path}${qs ? `?${qs}` : ""}`;
}

async function diskExists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

async function sha256(data: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A stream of `total` bytes of {@linkcode pattern}, in fresh chunks of varying sizes. */
function patternStream(total: number, seed: number): ReadableStream<Uint8Array> {
  const all = pattern(total, seed);
  let at = 0;
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (at >= total) {
        ctrl.close();
        return;
      }
      const n = Math.min(total - at, [65536, 1000, 300_000, 1][i++ % 4]!);
      ctrl.enqueue(all.slice(at, at + n)); // a fresh buffer: writable holds it until commit
      at += n;
    },
  });
}

/**
 * A time as the server keeps it: rounded down to its granularity (FSINFO `time_delta`, in
 * `nfs.limits`): unfsd keeps whole seconds, ganesha 100 ns.
 */
function keptTime(nfs: NfsClient, t: Date): number {
  const res = nfs.limits.timeResolutionNs / 1e6;
  const ms = t.getTime();
  return res > 1 ? Math.floor(ms / res) * res : ms;
}

/**
 * A time as the server reports it: {@linkcode keptTime}, or coarser where the kind's record
 * says so (the Universal NFS Server stores microseconds but reports whole seconds).
 */
function reportedTime(nfs: NfsClient, caps: ServerCaps, t: Date): number {
  const res = Math.max(nfs.limits.timeResolutionNs, caps.timeResolutionNs) / 1e6;
  const ms = t.getTime();
  return res > 1 ? Math.floor(ms / res) * res : ms;
}

/** Waits until `cond()` holds (polling every ms), failing after `ms`. */
async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Resolves as `p` does, or rejects if it takes longer than `ms` (`p` is left to settle). */
async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  p.catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a step gets: the shared client, and its own directory (relative path and on disk). */
interface StepCtx {
  nfs: NfsClient;
  server: TestServer;
  /** The step's directory, relative to the export root. */
  rel: string;
  /** The same directory on disk. */
  disk: string;
  /** The NFS version in use. */
  version: 2 | 3;
  /** `NFS3ERR_x` or `NFSERR_x` for this version. */
  st: (suffix: string) => string;
  /** The URL of the export with this version's parameters. */
  url: (sub?: string, params?: Record<string, string | null>) => string;
  options: ApiSuiteOptions;
}

/** Says why a step cannot run on this server and version, or undefined when it can. */
type Skip = (version: 2 | 3, options: ApiSuiteOptions) => string | undefined;
type Step = { name: string; fn: (s: StepCtx) => Promise<void>; skip: Skip | undefined };

const STEPS: Step[] = [];
function step(name: string, fn: (s: StepCtx) => Promise<void>, skip?: Skip): void {
  STEPS.push({ name, fn, skip });
}

// ---------------------------------------------------------------------------------------------

/**
 * Checks a file id the client reports: the inode number on disk where the server passes it on;
 * where it makes ids up (`caps.diskFileIds` false), that it is the id this name had before
 * (`seen`, by disk inode), and no other file's.
 */
function assertFileId(
  s: { options: ApiSuiteOptions },
  ino: number,
  disk: Deno.FileInfo,
  what: string,
  seen: Map<number, number> = new Map(),
): void {
  if (s.options.caps.diskFileIds) {
    assertEquals(ino, disk.ino, `${what}: file id = inode`);
    return;
  }
  assert(Number.isSafeInteger(ino) && ino > 0, `${what}: file id ${ino}`);
  const before = seen.get(disk.ino!);
  if (before !== undefined) assertEquals(ino, before, `${what}: the same file, the same id`);
  for (const [other, id] of seen) {
    if (other !== disk.ino) assertNotEquals(ino, id, `${what}: another file's id`);
  }
  seen.set(disk.ino!, ino);
}

step("stat(), lstat() and exists() match the disk", async (s) => {
  const { nfs, rel, disk, st } = s;
  const ids = new Map<number, number>();
  await Deno.writeTextFile(`${disk}/f.txt`, "twelve bytes");
  await Deno.chmod(`${disk}/f.txt`, 0o640);
  await Deno.mkdir(`${disk}/d`);
  await Deno.symlink("f.txt", `${disk}/ln`);
  for (const name of ["f.txt", "d"]) {
    const a = await nfs.stat(`${rel}/${name}`);
    const b = await Deno.stat(`${disk}/${name}`);
    assertEquals(a.isFile, b.isFile, name);
    assertEquals(a.isDirectory, b.isDirectory, name);
    assertEquals(a.isSymlink, false, name);
    assertEquals(a.size, b.size, name);
    assertEquals(a.mode, b.mode! & 0o7777, name);
    assertEquals(a.nlink, b.nlink, name);
    assertEquals(a.uid, b.uid, name);
    assertEquals(a.gid, b.gid, name);
    assertFileId(s, a.ino, b, name, ids);
    assertFileId(s, (await nfs.lstat(`${rel}/${name}`)).ino, b, `${name} again`, ids);
    assertEquals(
      a.mtime.getTime(),
      reportedTime(nfs, s.options.caps, b.mtime!),
      `${name}: mtime`,
    );
  }
  const viaLink = await nfs.stat(`${rel}/ln`);
  assertEquals(viaLink.isFile, true);
  assertEquals(viaLink.size, 12);
  const link = await nfs.lstat(`${rel}/ln`);
  assertEquals(link.isSymlink, true);
  assertEquals(link.type, "symlink");
  assertFileId(s, link.ino, await Deno.lstat(`${disk}/ln`), "ln", ids);
  assertEquals(await nfs.exists(`${rel}/f.txt`), true);
  assertEquals(await nfs.exists(`${rel}/d`), true);
  assertEquals(await nfs.exists(`${rel}/nope`), false);
  assertEquals((await nfs.stat("/")).isDirectory, true);
  assertEquals((await nfs.stat(".")).isDirectory, true);
  await assertNfsError(nfs.stat(`${rel}/nope/x`), NotFound, {
    code: "ENOENT",
    statusName: st("NOENT"),
    message: `Cannot stat "${rel}/nope/x": no such file or directory (${st("NOENT")})`,
    path: `${rel}/nope/x`,
  });
  await assertNfsError(nfs.lstat(`${rel}/nope`), NotFound, { code: "ENOENT" });
  await assertNfsError(nfs.stat(`${rel}/f.txt/x`), NotADirectory, {
    code: "ENOTDIR",
    message: `Cannot stat "${rel}/f.txt/x": not a directory (${st("NOTDIR")})`,
  });
  await assertNfsError(nfs.exists(`${rel}/f.txt/x`), NotADirectory, { code: "ENOTDIR" });
});

step("readFile() and readTextFile(): content, empty files, UTF-8 names", async (s) => {
  const { nfs, rel, disk } = s;
  const data = pattern(3 * MiB + 517, 1);
  await Deno.writeFile(`${disk}/big.bin`, data);
  assertBytes(await nfs.readFile(`${rel}/big.bin`), data, "readFile");
  await Deno.writeFile(`${disk}/empty`, new Uint8Array(0));
  assertEquals((await nfs.readFile(`${rel}/empty`)).length, 0);
  assertEquals(await nfs.readTextFile(`${rel}/empty`), "");
  const name = "ça va ✓.txt";
  await Deno.writeTextFile(`${disk}/${name}`, "déjà vu ✓\n");
  assertEquals(await nfs.readTextFile(`${rel}/${name}`), "déjà vu ✓\n");
  await Deno.mkdir(`${disk}/with space`);
  await Deno.writeTextFile(`${disk}/with space/x y.txt`, "spaced");
  assertEquals(await nfs.readTextFile(`${rel}/with space/x y.txt`), "spaced");
});

step("writeFile() and writeTextFile(): create, replace, append, mode, createNew", async (s) => {
  const { nfs, rel, disk, st } = s;
  const data = pattern(2 * MiB + 3, 2);
  await nfs.writeFile(`${rel}/w.bin`, data);
  assertBytes(await Deno.readFile(`${disk}/w.bin`), data, "on disk");
  assertEquals((await Deno.stat(`${disk}/w.bin`)).mode! & 0o777, 0o644, "default mode");
  await nfs.writeTextFile(`${rel}/w.bin`, "short");
  assertEquals(await Deno.readTextFile(`${disk}/w.bin`), "short", "replaced and truncated");
  await nfs.writeTextFile(`${rel}/w.bin`, "+more", { append: true });
  assertEquals(await Deno.readTextFile(`${disk}/w.bin`), "short+more");
  await nfs.writeTextFile(`${rel}/new-append.txt`, "a", { append: true });
  assertEquals(await Deno.readTextFile(`${disk}/new-append.txt`), "a");
  await nfs.writeTextFile(`${rel}/m.txt`, "mode", { mode: 0o600 });
  assertEquals((await Deno.stat(`${disk}/m.txt`)).mode! & 0o777, 0o600);
  await nfs.writeFile(`${rel}/empty`, new Uint8Array(0));
  assertEquals((await Deno.stat(`${disk}/empty`)).size, 0);
  await nfs.writeTextFile(`${rel}/ça va ✓.txt`, "utf-8 ✓");
  assertEquals(await Deno.readTextFile(`${disk}/ça va ✓.txt`), "utf-8 ✓");

  await nfs.writeTextFile(`${rel}/once.txt`, "first", { createNew: true });
  await assertNfsError(
    nfs.writeTextFile(`${rel}/once.txt`, "second", { createNew: true }),
    AlreadyExists,
    {
      code: "EEXIST",
      statusName: st("EXIST"),
      message: `Cannot write "${rel}/once.txt": file exists (${st("EXIST")})`,
    },
  );
  assertEquals(await Deno.readTextFile(`${disk}/once.txt`), "first", "createNew kept it");
  await assertNfsError(
    nfs.writeTextFile(`${rel}/absent.txt`, "x", { create: false }),
    NotFound,
    {
      code: "ENOENT",
      message: `Cannot write "${rel}/absent.txt": no such file or directory (${st("NOENT")})`,
    },
  );
  assertEquals(await diskExists(`${disk}/absent.txt`), false);
  await assertNfsError(nfs.writeTextFile(`${rel}/no-dir/x.txt`, "x"), NotFound, {
    code: "ENOENT",
  });
  await Deno.mkdir(`${disk}/adir`);
  await assertNfsError(nfs.writeTextFile(`${rel}/adir`, "x"), IsADirectory, {
    code: "EISDIR",
    statusName: st("ISDIR"),
    message: `Cannot write "${rel}/adir": is a directory (${st("ISDIR")})`,
  });
  await assertNfsError(nfs.writeTextFile(`${rel}/once.txt/x`, "x"), NotADirectory, {
    code: "ENOTDIR",
    statusName: st("NOTDIR"),
    message: `Cannot write "${rel}/once.txt/x": not a directory (${st("NOTDIR")})`,
  });
});

step("mkdir(): plain, mode, recursive; AlreadyExists, NotFound, NotADirectory", async (s) => {
  const { nfs, rel, disk, st } = s;
  await nfs.mkdir(`${rel}/a`);
  assert((await Deno.stat(`${disk}/a`)).isDirectory);
  await nfs.mkdir(`${rel}/m`, { mode: 0o700 });
  assertEquals((await Deno.stat(`${disk}/m`)).mode! & 0o777, 0o700);
  await nfs.mkdir(`${rel}/r/s/t`, { recursive: true });
  assert((await Deno.stat(`${disk}/r/s/t`)).isDirectory);
  await nfs.mkdir(`${rel}/r/s/t`, { recursive: true }); // exists: fine
  await nfs.mkdir(`${rel}/a/b/c`, { recursive: true, mode: 0o750 });
  assertEquals((await Deno.stat(`${disk}/a/b/c`)).mode! & 0o777, 0o750);
  await assertNfsError(nfs.mkdir(`${rel}/a`), AlreadyExists, {
    code: "EEXIST",
    statusName: st("EXIST"),
    message: `Cannot mkdir "${rel}/a": file exists (${st("EXIST")})`,
    path: `${rel}/a`,
    proc: `NFS${s.version} MKDIR`,
  });
  await assertNfsError(nfs.mkdir(`${rel}/missing/x`), NotFound, {
    code: "ENOENT",
    message: `Cannot mkdir "${rel}/missing/x": no such file or directory (${st("NOENT")})`,
  });
  await Deno.writeTextFile(`${disk}/file`, "");
  await assertNfsError(nfs.mkdir(`${rel}/file/x`), NotADirectory, { code: "ENOTDIR" });
  await assertNfsError(nfs.mkdir(`${rel}/file/x`, { recursive: true }), NotADirectory, {
    code: "ENOTDIR",
    statusName: st("NOTDIR"),
    message: `Cannot mkdir "${rel}/file/x": "/${rel}/file" is not a directory (${st("NOTDIR")})`,
  });
  // As `mkdir -p` and Deno.mkdir: the name itself taken by a file is EEXIST.
  await assertNfsError(nfs.mkdir(`${rel}/file`, { recursive: true }), AlreadyExists, {
    code: "EEXIST",
    statusName: st("EXIST"),
  });
});

step("remove(): file, empty dir, recursive tree; DirectoryNotEmpty, NotFound", async (s) => {
  const { nfs, rel, disk, st } = s;
  await Deno.writeTextFile(`${disk}/f`, "x");
  await nfs.remove(`${rel}/f`);
  assertEquals(await diskExists(`${disk}/f`), false);
  await Deno.mkdir(`${disk}/e`);
  await nfs.remove(`${rel}/e`);
  assertEquals(await diskExists(`${disk}/e`), false);
  // A tree with a symlink to a directory outside it: removed, never followed.
  await Deno.mkdir(`${disk}/keep`);
  await Deno.writeTextFile(`${disk}/keep/precious`, "keep me");
  await Deno.mkdir(`${disk}/t/u/v`, { recursive: true });
  await Deno.writeTextFile(`${disk}/t/u/v/w.txt`, "w");
  await Deno.writeTextFile(`${disk}/t/top.txt`, "top");
  await Deno.symlink("../keep", `${disk}/t/u/to-keep`);
  if (s.options.caps.osRemove) {
    // go-nfs answers RMDIR of a full directory with NFS3ERR_IO (see its caps).
    await assertNfsError(nfs.remove(`${rel}/t`), IoError, {
      code: "EIO",
      message: `Cannot remove "${rel}/t": input/output error (${st("IO")})`,
      proc: `NFS${s.version} RMDIR`,
    });
  } else {
    await assertNfsError(nfs.remove(`${rel}/t`), DirectoryNotEmpty, {
      code: "ENOTEMPTY",
      statusName: st("NOTEMPTY"),
      message: `Cannot remove "${rel}/t": directory not empty (${st("NOTEMPTY")})`,
      proc: `NFS${s.version} RMDIR`,
    });
  }
  assert(await diskExists(`${disk}/t/top.txt`));
  await nfs.remove(`${rel}/t`, { recursive: true });
  assertEquals(await diskExists(`${disk}/t`), false);
  assertEquals(await Deno.readTextFile(`${disk}/keep/precious`), "keep me");
  await assertNfsError(nfs.remove(`${rel}/t`), NotFound, {
    code: "ENOENT",
    message: `Cannot remove "${rel}/t": no such file or directory (${st("NOENT")})`,
  });
  // A symlink is removed itself, not its target.
  await Deno.symlink("keep", `${disk}/lnk`);
  await nfs.remove(`${rel}/lnk`);
  assertEquals(await diskExists(`${disk}/lnk`), false);
  assert(await diskExists(`${disk}/keep/precious`));
  // What we removed is gone for our own client at once (the name cache forgets it).
  await nfs.writeTextFile(`${rel}/again`, "1");
  assertEquals(await nfs.readTextFile(`${rel}/again`), "1");
  await nfs.remove(`${rel}/again`);
  assertEquals(await nfs.exists(`${rel}/again`), false);
});

step("rename(): file, across directories, replacing, directories", async (s) => {
  const { nfs, rel, disk } = s;
  await Deno.writeTextFile(`${disk}/a.txt`, "A");
  await Deno.mkdir(`${disk}/sub`);
  assertEquals(await nfs.readTextFile(`${rel}/a.txt`), "A"); // cache the name
  await nfs.rename(`${rel}/a.txt`, `${rel}/b.txt`);
  assertEquals(await diskExists(`${disk}/a.txt`), false);
  assertEquals(await Deno.readTextFile(`${disk}/b.txt`), "A");
  assertEquals(await nfs.exists(`${rel}/a.txt`), false, "old name forgotten");
  await nfs.rename(`${rel}/b.txt`, `${rel}/sub/c.txt`);
  assertEquals(await Deno.readTextFile(`${disk}/sub/c.txt`), "A");
  await Deno.writeTextFile(`${disk}/d.txt`, "D");
  assertEquals(await nfs.readTextFile(`${rel}/d.txt`), "D");
  await nfs.rename(`${rel}/sub/c.txt`, `${rel}/d.txt`); // replaces d.txt
  assertEquals(await Deno.readTextFile(`${disk}/d.txt`), "A");
  assertEquals(await nfs.readTextFile(`${rel}/d.txt`), "A", "replaced name re-resolved");
  await nfs.rename(`${rel}/sub`, `${rel}/sub2`);
  assert((await Deno.stat(`${disk}/sub2`)).isDirectory);
  assertEquals(await diskExists(`${disk}/sub`), false);
  await assertNfsError(nfs.rename(`${rel}/nope`, `${rel}/x`), NotFound, { code: "ENOENT" });
});

step("symlink(), readLink(), realPath() and ELOOP", async (s) => {
  const { nfs, rel, disk } = s;
  await Deno.mkdir(`${disk}/real/deep`, { recursive: true });
  await Deno.writeTextFile(`${disk}/real/deep/file.txt`, "found");
  await nfs.symlink("real/deep", `${rel}/rel-link`);
  assertEquals(await Deno.readLink(`${disk}/rel-link`), "real/deep");
  assertEquals(await nfs.readLink(`${rel}/rel-link`), "real/deep");
  assertEquals(await nfs.readTextFile(`${rel}/rel-link/file.txt`), "found");
  assertEquals((await nfs.lstat(`${rel}/rel-link`)).isSymlink, true);
  assertEquals((await nfs.stat(`${rel}/rel-link`)).isDirectory, true);
  // Absolute targets are taken from the export root.
  await nfs.symlink(`/${rel}/real/deep/file.txt`, `${rel}/abs-link`);
  assertEquals(
    await Deno.readLink(`${disk}/abs-link`),
    s.options.caps.absoluteSymlinks === "as-given"
      ? `/${rel}/real/deep/file.txt`
      : `${s.server.exportDir}/${rel}/real/deep/file.txt`,
  );
  assertEquals(await nfs.readLink(`${rel}/abs-link`), `/${rel}/real/deep/file.txt`);
  assertEquals(await nfs.readTextFile(`${rel}/abs-link`), "found");
  // ".." after a symlink goes up from the target, as POSIX says.
  assertEquals(await nfs.realPath(`${rel}/rel-link/..`), `/${rel}/real`);
  assertEquals(
    await nfs.realPath(`${rel}/rel-link/../deep/./file.txt`),
    `/${rel}/real/deep/file.txt`,
  );
  assertEquals(await nfs.realPath(`${rel}/abs-link`), `/${rel}/real/deep/file.txt`);
  assertEquals(await nfs.realPath("/../.."), "/", "never above the export root");
  // Loops.
  await Deno.symlink("loop-b", `${disk}/loop-a`);
  await Deno.symlink("loop-a", `${disk}/loop-b`);
  const e = await assertNfsError(nfs.readTextFile(`${rel}/loop-a`), NfsError, {
    code: "ELOOP",
    message: `Cannot read "${rel}/loop-a": too many levels of symbolic links`,
  });
  assertEquals(e.path, `${rel}/loop-a`);
  await assertNfsError(nfs.stat(`${rel}/loop-a/x`), NfsError, { code: "ELOOP" });
  assertEquals((await nfs.lstat(`${rel}/loop-a`)).isSymlink, true, "lstat does not follow");
  assertEquals(await nfs.readLink(`${rel}/loop-a`), "loop-b");
  // A dangling link: stat fails with NotFound, lstat works.
  await Deno.symlink("nowhere", `${disk}/dangling`);
  await assertNfsError(nfs.stat(`${rel}/dangling`), NotFound, { code: "ENOENT" });
  assertEquals((await nfs.lstat(`${rel}/dangling`)).isSymlink, true);
});

step("link(): a second name for the same file", async ({ nfs, rel, disk, options }) => {
  await Deno.writeTextFile(`${disk}/orig`, "same");
  if (!options.caps.hardLinks) {
    // go-nfs's LINK is broken (see its caps): it must fail and change nothing.
    await assertRejects(() => nfs.link(`${rel}/orig`, `${rel}/hard`), NfsError);
    assertEquals(await diskExists(`${disk}/hard`), false);
    assertEquals((await Deno.stat(`${disk}/orig`)).nlink, 1);
    return;
  }
  await nfs.link(`${rel}/orig`, `${rel}/hard`);
  const a = await Deno.stat(`${disk}/orig`);
  const b = await Deno.stat(`${disk}/hard`);
  assertEquals(a.ino, b.ino);
  assertEquals((await nfs.stat(`${rel}/hard`)).ino, (await nfs.stat(`${rel}/orig`)).ino);
  assertEquals(a.nlink, 2);
  assertEquals((await nfs.stat(`${rel}/hard`)).nlink, 2);
  await assertNfsError(nfs.link(`${rel}/orig`, `${rel}/hard`), AlreadyExists, {
    code: "EEXIST",
  });
});

step("truncate(), chmod(), chown(), utime()", async ({ nfs, rel, disk, options }) => {
  await Deno.writeFile(`${disk}/f`, pattern(10_000));
  await nfs.truncate(`${rel}/f`, 100);
  assertEquals((await Deno.stat(`${disk}/f`)).size, 100);
  assertBytes(await Deno.readFile(`${disk}/f`), pattern(100), "kept prefix");
  await nfs.truncate(`${rel}/f`, 5000n);
  const grown = await Deno.readFile(`${disk}/f`);
  assertEquals(grown.length, 5000);
  assert(grown.subarray(100).every((b) => b === 0), "extended with zeros");
  await nfs.truncate(`${rel}/f`);
  assertEquals((await Deno.stat(`${disk}/f`)).size, 0);
  await nfs.chmod(`${rel}/f`, 0o4751);
  // go-nfs keeps the permission bits only (see its caps).
  assertEquals((await Deno.stat(`${disk}/f`)).mode! & 0o7777, 0o4751 & options.caps.modeBits);
  await nfs.chmod(`${rel}/f`, 0o600);
  assertEquals((await Deno.stat(`${disk}/f`)).mode! & 0o7777, 0o600);
  await nfs.chown(`${rel}/f`, 1234, 5678);
  let st = await Deno.stat(`${disk}/f`);
  assertEquals(st.uid, 1234);
  assertEquals(st.gid, 5678);
  await nfs.chown(`${rel}/f`, null, 4321);
  st = await Deno.stat(`${disk}/f`);
  assertEquals(st.uid, 1234, "null keeps the owner");
  assertEquals(st.gid, 4321);
  await nfs.utime(`${rel}/f`, 1_000_000_000, 1_234_567_890.5);
  st = await Deno.stat(`${disk}/f`);
  assertEquals(st.atime!.getTime(), 1_000_000_000_000);
  assertEquals(st.mtime!.getTime(), keptTime(nfs, new Date(1_234_567_890_500)));
  await nfs.utime(`${rel}/f`, new Date("2001-02-03T04:05:06.789Z"), new Date(86_400_000));
  st = await Deno.stat(`${disk}/f`);
  assertEquals(st.atime!.getTime(), keptTime(nfs, new Date("2001-02-03T04:05:06.789Z")));
  assertEquals(st.mtime!.getTime(), 86_400_000);
  assertEquals((await nfs.stat(`${rel}/f`)).mtime.getTime(), 86_400_000);
  await assertNfsError(nfs.chmod(`${rel}/nope`, 0o644), NotFound, { code: "ENOENT" });
});

step("statfs() matches the file system's size", async ({ nfs, disk, options }) => {
  const fs = await nfs.statfs();
  if (!options.caps.fsstatFromDisk) {
    // go-nfs makes its numbers up (see its caps); they must still be consistent.
    assertEquals(fs.totalBytes, 1n << 62n, "go-nfs's fixed total");
    assert(fs.freeBytes <= fs.totalBytes && fs.availBytes <= fs.freeBytes);
    return;
  }
  const out = await new Deno.Command("stat", {
    args: ["-f", "-c", "%b %S %f %a", disk],
  }).output();
  const [blocks, bsize, free, avail] = new TextDecoder().decode(out.stdout).trim().split(" ")
    .map(BigInt) as [bigint, bigint, bigint, bigint];
  assertEquals(fs.totalBytes, blocks * bsize, "total bytes");
  assert(fs.freeBytes <= fs.totalBytes && fs.availBytes <= fs.freeBytes);
  // Free space moves while other tests run: within 1 GiB.
  const slack = 1n << 30n;
  const near = (a: bigint, b: bigint) => (a > b ? a - b : b - a) < slack;
  assert(near(fs.freeBytes, free * bsize), `free ${fs.freeBytes} vs ${free * bsize}`);
  assert(near(fs.availBytes, avail * bsize), `avail ${fs.availBytes} vs ${avail * bsize}`);
});

step("copyFile(): content and mode", async ({ nfs, rel, disk }) => {
  const data = pattern(5 * MiB + 77, 3);
  await Deno.writeFile(`${disk}/src`, data, { mode: 0o640 });
  await Deno.chmod(`${disk}/src`, 0o640);
  await nfs.copyFile(`${rel}/src`, `${rel}/dst`);
  assertBytes(await Deno.readFile(`${disk}/dst`), data, "copy");
  assertEquals((await Deno.stat(`${disk}/dst`)).mode! & 0o777, 0o640);
  await Deno.writeTextFile(`${disk}/short`, "tiny");
  await nfs.copyFile(`${rel}/short`, `${rel}/dst`); // replaces, truncating
  assertEquals(await Deno.readTextFile(`${disk}/dst`), "tiny");
  await Deno.writeFile(`${disk}/zero`, new Uint8Array(0));
  await nfs.copyFile(`${rel}/zero`, `${rel}/dst`);
  assertEquals((await Deno.stat(`${disk}/dst`)).size, 0);
  await Deno.mkdir(`${disk}/dir`);
  await assertNfsError(nfs.copyFile(`${rel}/dir`, `${rel}/x`), IsADirectory, { code: "EISDIR" });
  await assertNfsError(nfs.copyFile(`${rel}/nope`, `${rel}/x`), NotFound, { code: "ENOENT" });
});

step("open(): read, write, seek, readAt/writeAt, stat, truncate, sync, close", async (s) => {
  const { nfs, rel, disk, st } = s;
  await Deno.writeTextFile(`${disk}/r.txt`, "0123456789");
  {
    await using f = await nfs.open(`${rel}/r.txt`);
    const buf = new Uint8Array(4);
    assertEquals(await f.read(buf), 4);
    assertEquals(new TextDecoder().decode(buf), "0123");
    assertEquals(await f.seek(2, SeekMode.Current), 6);
    assertEquals(await f.read(buf), 4);
    assertEquals(new TextDecoder().decode(buf), "6789");
    assertEquals(await f.read(buf), null, "EOF");
    assertEquals(await f.seek(-3, SeekMode.End), 7);
    assertEquals(await f.read(buf), 3);
    assertEquals(await f.readAt(buf, 1), 4);
    assertEquals(new TextDecoder().decode(buf), "1234");
    assertEquals(await f.readAt(buf, 100), null);
    assertEquals((await f.stat()).size, 10);
    await assertNfsError(f.write(buf), NfsError, { code: "EBADF" });
  }
  {
    const f = await nfs.open(`${rel}/w.txt`, { write: true, create: true, mode: 0o600 });
    assertEquals((await Deno.stat(`${disk}/w.txt`)).mode! & 0o777, 0o600);
    const enc = new TextEncoder();
    assertEquals(await f.write(enc.encode("hello ")), 6);
    assertEquals(await f.write(enc.encode("world")), 5);
    await f.writeAt(enc.encode("W"), 6);
    assertEquals(await f.sync(), 0);
    assertEquals(await Deno.readTextFile(`${disk}/w.txt`), "hello World");
    await f.seek(0);
    await f.write(enc.encode("J"));
    await f.truncate(5);
    assertEquals(await Deno.readTextFile(`${disk}/w.txt`), "Jello");
    await assertNfsError(f.read(new Uint8Array(1)), NfsError, { code: "EBADF" });
    await f.close();
    await f.close(); // twice: no-op
    await assertNfsError(f.read(new Uint8Array(1)), NfsError, {
      code: "EBADF",
      message: `Cannot read "${rel}/w.txt": the file is closed`,
    });
  }
  {
    await using f = await nfs.open(`${rel}/w.txt`, { append: true });
    await f.write(new TextEncoder().encode("!"));
    await f.seek(0);
    await f.write(new TextEncoder().encode("?"));
  }
  assertEquals(await Deno.readTextFile(`${disk}/w.txt`), "Jello!?", "append writes at the end");
  {
    await using f = await nfs.open(`${rel}/w.txt`, { read: true, write: true, truncate: true });
    assertEquals((await f.stat()).size, 0);
  }
  assertEquals((await Deno.stat(`${disk}/w.txt`)).size, 0);
  await assertNfsError(
    nfs.open(`${rel}/w.txt`, { write: true, createNew: true }),
    AlreadyExists,
    { code: "EEXIST" },
  );
  await assertNfsError(nfs.open(`${rel}/a/b.txt`), NotFound, {
    code: "ENOENT",
    statusName: st("NOENT"),
    message: `Cannot open "${rel}/a/b.txt": no such file or directory (${st("NOENT")})`,
    path: `${rel}/a/b.txt`,
    proc: `NFS${s.version} LOOKUP`,
  });
  await assertNfsError(nfs.open(`${rel}/absent`, { write: true }), NotFound, {
    code: "ENOENT",
  });
  await Deno.mkdir(`${disk}/dir`);
  await assertNfsError(nfs.open(`${rel}/dir`, { write: true }), IsADirectory, {
    code: "EISDIR",
    statusName: st("ISDIR"),
    message: `Cannot open "${rel}/dir": is a directory (${st("ISDIR")})`,
  });
  await assertNfsError(nfs.readFile(`${rel}/dir`), IsADirectory, {
    code: "EISDIR",
    statusName: st("ISDIR"),
    message: `Cannot read "${rel}/dir": is a directory (${st("ISDIR")})`,
  });
  // Read-only open of a directory works; reading it fails with the server's ISDIR.
  await using d = await nfs.open(`${rel}/dir`);
  await assertNfsError(d.read(new Uint8Array(10)), IsADirectory, { code: "EISDIR" });
  await assertNfsError(nfs.open(`${rel}/r.txt/x`), NotADirectory, { code: "ENOTDIR" });
});

step(
  "offsets past 4 GiB (sparse file); refused over NFSv2",
  async ({ nfs, rel, disk, version }) => {
    const tail = new TextEncoder().encode("far away ✓");
    if (version === 2) {
      // NFSv2 offsets and sizes are 32-bit: the client refuses before sending anything.
      await using f = await nfs.open(`${rel}/sparse`, { read: true, write: true, create: true });
      await assertNfsError(f.writeAt(tail, FIVE_GIB), NfsError, {
        code: "EFBIG",
        message: /NFSv2 offsets are 32-bit/,
      });
      await assertNfsError(nfs.truncate(`${rel}/sparse`, FIVE_GIB), NfsError, {
        code: "EFBIG",
        message: /NFSv2 sizes are 32-bit/,
      });
      assertEquals((await Deno.stat(`${disk}/sparse`)).size, 0);
      return;
    }
    {
      await using f = await nfs.open(`${rel}/sparse`, { read: true, write: true, create: true });
      assertEquals(await f.writeAt(tail, FIVE_GIB), tail.length);
      await f.sync();
      const info = await f.stat();
      assertEquals(info.size, FIVE_GIB + tail.length);
      assertEquals(info.size64, BigInt(FIVE_GIB + tail.length));
      const back = new Uint8Array(tail.length + 4);
      assertEquals(await f.readAt(back, FIVE_GIB - 4), tail.length + 4);
      assertBytes(back, new Uint8Array([0, 0, 0, 0, ...tail]), "read back at 5 GiB - 4");
      assertEquals(await f.seek(0, SeekMode.End), FIVE_GIB + tail.length);
      assertEquals(await f.read(back), null);
    }
    const st = await Deno.stat(`${disk}/sparse`);
    assertEquals(st.size, FIVE_GIB + tail.length);
    assert(st.blocks! * 512 < 64 * MiB, "sparse on disk");
    using h = await Deno.open(`${disk}/sparse`);
    await h.seek(FIVE_GIB, Deno.SeekMode.Start);
    const onDisk = new Uint8Array(tail.length);
    assertEquals(await h.read(onDisk), tail.length);
    assertBytes(onDisk, tail, "on disk at 5 GiB");
    assertEquals((await nfs.stat(`${rel}/sparse`)).size, FIVE_GIB + tail.length);
    await nfs.truncate(`${rel}/sparse`, FIVE_GIB + 1);
    assertEquals((await Deno.stat(`${disk}/sparse`)).size, FIVE_GIB + 1);
  },
);

step("streams: readable with BYOB and default readers, writable, writeFile(stream)", async (s) => {
  const { nfs, rel, disk } = s;
  const data = pattern(4 * MiB + 123, 4);
  await Deno.writeFile(`${disk}/src`, data);

  // BYOB: each read lands in the reader's own memory, straight from the socket.
  {
    await using f = await nfs.open(`${rel}/src`);
    const reader = f.readable.getReader({ mode: "byob" });
    const before = nfs.rpc.stats().transport;
    let ab = new ArrayBuffer(4096 + 16);
    const first = await reader.read(new Uint8Array(ab, 16, 4096));
    assertEquals(first.done, false);
    assertEquals(ab.byteLength, 0, "the reader's buffer was transferred");
    ab = first.value!.buffer as ArrayBuffer;
    assertEquals(ab.byteLength, 4096 + 16, "the same memory comes back");
    assertEquals(first.value!.byteOffset, 16);
    assertEquals(first.value!.length, 4096);
    const after = nfs.rpc.stats().transport;
    if (s.options.udp) {
      // Over UDP the READ reply arrives whole in a datagram and is copied into the view.
      assertEquals(after.sinkFallbacks - before.sinkFallbacks, 1, "one READ, copied into the view");
    } else {
      assertEquals(after.directBytes - before.directBytes, 4096, "no read-ahead elsewhere");
      assertEquals(after.sinkRecords - before.sinkRecords, 1, "one READ, into the view");
    }
    assertBytes(first.value!, data.subarray(0, 4096), "first BYOB read");
    let at = 4096;
    ab = new ArrayBuffer(MiB + 7);
    for (;;) {
      const { value, done } = await reader.read(new Uint8Array(ab));
      if (done) {
        ab = value!.buffer as ArrayBuffer;
        break;
      }
      assertEquals(value.buffer.byteLength, MiB + 7);
      assertBytes(value, data.subarray(at, at + value.length), `BYOB read at ${at}`);
      at += value.length;
      ab = value.buffer as ArrayBuffer;
    }
    assertEquals(at, data.length);
  }
  // Default reader: chunks read ahead, handed over.
  {
    await using f = await nfs.open(`${rel}/src`);
    await f.seek(100);
    const got = new Uint8Array(await new Response(f.readable).arrayBuffer());
    assertBytes(got, data.subarray(100), "default reader from offset 100");
  }
  // An empty file ends at once.
  await Deno.writeFile(`${disk}/empty`, new Uint8Array(0));
  {
    await using f = await nfs.open(`${rel}/empty`);
    assertEquals((await new Response(f.readable).arrayBuffer()).byteLength, 0);
    const r = f.readable.getReader({ mode: "byob" });
    assertEquals((await r.read(new Uint8Array(10))).done, true);
  }
  // writable: a generated 20 MiB stream.
  {
    // NFSv2 writes 8 KiB at a time, each stable (fsynced): a smaller stream there.
    const total = s.version === 2 ? 2 * MiB : 20 * MiB;
    const f = await nfs.open(`${rel}/piped`, { write: true, create: true });
    await patternStream(total, 5).pipeTo(f.writable);
    await f.close();
    const disk20 = await Deno.readFile(`${disk}/piped`);
    assertEquals(disk20.length, total);
    assertEquals(await sha256(disk20), await sha256(pattern(total, 5)));
  }
  // writeFile with a ReadableStream, replacing a longer file.
  await Deno.writeFile(`${disk}/streamed`, pattern(4 * MiB));
  await nfs.writeFile(`${rel}/streamed`, patternStream(3 * MiB + 5, 6));
  assertBytes(
    await Deno.readFile(`${disk}/streamed`),
    pattern(3 * MiB + 5, 6),
    "writeFile(stream)",
  );
  await nfs.writeFile(`${rel}/streamed`, patternStream(10, 7), { append: true });
  assertEquals((await Deno.stat(`${disk}/streamed`)).size, 3 * MiB + 15);
});

/** Runs `sh -c script` with `args` as $1..; resolves with its exit code. */
async function sh(script: string, ...args: string[]): Promise<number> {
  const o = await new Deno.Command("sh", { args: ["-c", script, "sh", ...args] }).output();
  return o.code;
}

/** Whether `dir` on disk holds an entry named exactly `bytes` (octal escapes for printf). */
async function diskHasName(dir: string, octal: string): Promise<boolean> {
  return (await sh(`cd "$1" && test -e "$(printf '${octal}')"`, dir)) === 0;
}

step(
  "names that are not UTF-8 (Latin-1 files on a Linux export) list, read, rename and remove",
  async ({ nfs, rel, disk, url }) => {
    // caf\351 is "café" in Latin-1; \377 is never UTF-8. Made by the shell: Deno's own
    // file API cannot name them.
    assertEquals(
      await sh(
        `cd "$1" && printf 'latin-1' > "$(printf 'caf\\351')" && mkdir "$(printf 'd\\377')" && printf 'inner' > "$(printf 'd\\377/x')"`,
        disk,
      ),
      0,
    );
    const names = new Set<string>();
    for await (const e of nfs.readDir(rel)) names.add(e.name);
    assertEquals([...names].sort(), ["caf\udce9", "d\udcff"]);
    assertEquals(await nfs.readTextFile(`${rel}/caf\udce9`), "latin-1");
    assertEquals(await nfs.readTextFile(`${rel}/d\udcff/x`), "inner");
    assertEquals((await nfs.stat(`${rel}/d\udcff`)).isDirectory, true);
    await nfs.rename(`${rel}/caf\udce9`, `${rel}/new\udcfe`);
    assert(await diskHasName(disk, "new\\376"), "renamed to the bytes new\\376");
    assert(!await diskHasName(disk, "caf\\351"), "the old name is gone");
    await nfs.writeTextFile(`${rel}/w\udce0`, "written");
    assert(await diskHasName(disk, "w\\340"), "created as the bytes w\\340");
    await nfs.remove(`${rel}/d\udcff`, { recursive: true });
    assert(!await diskHasName(disk, "d\\377"), "removed");
    assertEquals(await nfs.readTextFile(`${rel}/new\udcfe`), "latin-1");
    // A URL names it with the byte percent-encoded, as libnfs URLs do.
    const u = url(rel);
    const q = u.indexOf("?");
    await using byUrl = await connect(
      q < 0 ? `${u}/new%FE` : `${u.slice(0, q)}/new%FE${u.slice(q)}`,
    );
    assertEquals(await byUrl.readTextFile(""), "latin-1");
  },
  (_v, o) =>
    !o.caps.byteNames
      ? "this server stores names through Deno's string paths (not byte-faithful)"
      : undefined,
);

step("readDir(): 10,000 entries (fewer where caps say) match the disk and nfs-ls", async (s) => {
  const { nfs, rel, disk, server, options } = s;
  const count = options.caps.bigDirectory ?? 10_000;
  const want = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const name = i % 1000 === 7 ? `ça va ✓ ${i}.txt` : `entry-${String(i).padStart(5, "0")}`;
    Deno.writeFileSync(`${disk}/${name}`, new Uint8Array(i % 3));
    want.set(name, i % 3);
  }
  Deno.mkdirSync(`${disk}/zz-subdir`);
  Deno.symlinkSync("entry-00001", `${disk}/zz-link`);
  const diskNames = new Set<string>();
  for (const e of Deno.readDirSync(disk)) diskNames.add(e.name);
  assertEquals(diskNames.size, count + 2);

  const seen = new Map<string, { size: number; file: boolean; dir: boolean; link: boolean }>();
  for await (const e of nfs.readDir(rel)) {
    assert(!seen.has(e.name), `duplicate entry ${e.name}`);
    seen.set(e.name, { size: e.info.size, file: e.isFile, dir: e.isDirectory, link: e.isSymlink });
  }
  assertEquals([...seen.keys()].sort(), [...diskNames].sort(), "names as on disk");
  for (const [name, size] of want) assertEquals(seen.get(name)?.size, size, name);
  assertEquals(seen.get("zz-subdir")?.dir, true);
  assertEquals(seen.get("zz-link")?.link, true);
  assertEquals(seen.get("entry-00001")?.file, true);

  if (options.caps.libnfs) {
    const ls = (await nfsLs(serverUrl(server, rel, s.version === 2 ? { version: "2" } : {})))
      .filter((e) => e.name !== "." && e.name !== "..");
    assertEquals(ls.length, seen.size, "nfs-ls lists as many entries");
    for (const e of ls) {
      const ours = seen.get(e.name);
      assert(ours, `nfs-ls lists ${JSON.stringify(e.name)}, we do not`);
      if (ours.file) assertEquals(e.size, ours.size, e.name);
      assertEquals(e.mode[0], ours.dir ? "d" : ours.link ? "l" : "-", e.name);
    }
  }
  await assertNfsError(
    (async () => {
      for await (const _ of nfs.readDir(`${rel}/entry-00001`)) { /* nothing */ }
    })(),
    NotADirectory,
    { code: "ENOTDIR" },
  );
  await assertNfsError(
    (async () => {
      for await (const _ of nfs.readDir(`${rel}/nope`)) { /* nothing */ }
    })(),
    NotFound,
    {
      code: "ENOENT",
      message: `Cannot read directory "${rel}/nope": no such file or directory (${s.st("NOENT")})`,
    },
  );
});

step(
  "abort: a 64 MiB readFile and writeFile reject with the reason; the client goes on",
  async (s) => {
    const { nfs, rel, disk } = s;
    const size = 64 * MiB;
    await Deno.writeFile(`${disk}/big`, new Uint8Array(0));
    await Deno.truncate(`${disk}/big`, size);
    {
      const ac = new AbortController();
      const reason = new Error("reader gave up");
      const start = readBytes(nfs);
      const p = nfs.readFile(`${rel}/big`, { signal: ac.signal });
      let settled = false;
      p.then(() => settled = true, () => settled = true);
      await waitFor(
        () => settled || readBytes(nfs) - start >= 2 * MiB,
        10_000,
        "the read to start",
      );
      assertEquals(settled, false, "the read finished before it could be aborted");
      ac.abort(reason);
      assertStrictEquals(await assertRejects(() => p), reason);
    }
    {
      const ac = new AbortController();
      const reason = new Error("writer gave up");
      const start = nfs.rpc.stats().transport.bytesSent;
      const p = nfs.writeFile(`${rel}/out`, new Uint8Array(size), { signal: ac.signal });
      let settled = false;
      p.then(() => settled = true, () => settled = true);
      await waitFor(
        () => settled || nfs.rpc.stats().transport.bytesSent - start >= 2 * MiB,
        10_000,
        "the write to start",
      );
      assertEquals(settled, false, "the write finished before it could be aborted");
      ac.abort(reason);
      assertStrictEquals(await assertRejects(() => p), reason);
    }
    // An already aborted signal: nothing is sent.
    const gone = AbortSignal.abort(new Error("already"));
    assertStrictEquals(
      await assertRejects(() => nfs.readFile(`${rel}/big`, { signal: gone })),
      gone.reason,
    );
    // The client is fine afterwards, at once (not after a 60 s retransmission).
    await within(
      5000,
      "the first call after the aborts",
      nfs.writeTextFile(`${rel}/after.txt`, "still works"),
    );
    assertEquals(await Deno.readTextFile(`${disk}/after.txt`), "still works");
    assertEquals((await nfs.stat(`${rel}/big`)).size, size);
    await using f = await nfs.open(`${rel}/big`);
    const back = pattern(MiB);
    assertEquals(await f.readAt(back, size - MiB), MiB);
    assert(back.every((b) => b === 0), "the last MiB read back");
    await waitFor(() => nfs.rpc.stats().pending === 0, 5000, "no call pending");
  },
);

step("100 concurrent mixed operations on one client", async (s) => {
  const { nfs, rel, disk } = s;
  const N = 100;
  for (let i = 0; i < N; i++) {
    await Deno.mkdir(`${disk}/d${i}`);
    await Deno.writeFile(`${disk}/d${i}/in.bin`, pattern(10_000 + i * 997, i));
  }
  const ops: Promise<unknown>[] = [];
  const results = new Map<number, unknown>();
  for (let i = 0; i < N; i++) {
    const d = `${rel}/d${i}`;
    const op = (async () => {
      switch (i % 5) {
        case 0:
          await nfs.writeFile(`${d}/out.bin`, pattern(200_000 + i, i + 1));
          return;
        case 1:
          results.set(i, await nfs.readFile(`${d}/in.bin`));
          return;
        case 2:
          results.set(i, await nfs.stat(`${d}/in.bin`));
          return;
        case 3:
          await nfs.mkdir(`${d}/x/y`, { recursive: true });
          return;
        default:
          await nfs.rename(`${d}/in.bin`, `${d}/moved.bin`);
      }
    })();
    ops.push(op);
  }
  // Racing on the same names: mkdir -p of one path, and creating one file, 20 times at once.
  for (let i = 0; i < 20; i++) {
    ops.push(nfs.mkdir(`${rel}/same/a/b/c`, { recursive: true }));
    ops.push(nfs.writeTextFile(`${rel}/same-file.txt`, "same content"));
  }
  const settled = await Promise.allSettled(ops);
  const failures = settled.flatMap((r, i) => r.status === "rejected" ? [`#${i}: ${r.reason}`] : []);
  assertEquals(failures, []);
  assert((await Deno.stat(`${disk}/same/a/b/c`)).isDirectory);
  assertEquals(await Deno.readTextFile(`${disk}/same-file.txt`), "same content");
  for (let i = 0; i < N; i++) {
    const d = `${disk}/d${i}`;
    switch (i % 5) {
      case 0:
        assertBytes(await Deno.readFile(`${d}/out.bin`), pattern(200_000 + i, i + 1), `#${i}`);
        break;
      case 1:
        assertBytes(results.get(i) as Uint8Array, pattern(10_000 + i * 997, i), `#${i}`);
        break;
      case 2:
        assertEquals((results.get(i) as { size: number }).size, 10_000 + i * 997, `#${i}`);
        break;
      case 3:
        assert((await Deno.stat(`${d}/x/y`)).isDirectory, `#${i}`);
        break;
      default:
        assertEquals(await diskExists(`${d}/in.bin`), false, `#${i}`);
        assertBytes(await Deno.readFile(`${d}/moved.bin`), pattern(10_000 + i * 997, i), `#${i}`);
    }
  }
});

step("STALE: an open file deleted behind the client's back", async (s) => {
  const { nfs, rel, disk, st } = s;
  await Deno.writeTextFile(`${disk}/gone.txt`, "soon gone");
  const f = await nfs.open(`${rel}/gone.txt`);
  await Deno.remove(`${disk}/gone.txt`);
  // An open file is its handle: it cannot be re-resolved (the name may now be another file).
  if (s.options.caps.goneHandle === "STALE") {
    await assertNfsError(f.read(new Uint8Array(16)), StaleHandle, {
      code: "ESTALE",
      statusName: st("STALE"),
      message: `Cannot read "${rel}/gone.txt": stale file handle (${st("STALE")})`,
    });
    await assertNfsError(f.stat(), StaleHandle, { code: "ESTALE" });
  } else {
    // go-nfs's handles name paths: the path is gone (see its caps).
    await assertNfsError(f.read(new Uint8Array(16)), NotFound, {
      code: "ENOENT",
      message: `Cannot read "${rel}/gone.txt": no such file or directory (${st("NOENT")})`,
    });
    await assertNfsError(f.stat(), NotFound, { code: "ENOENT" });
  }
  await f.close();
  // By name: the client's name cache still holds the old handle of a file replaced behind
  // its back; the server says STALE, the client forgets the name and resolves it again.
  // (Only stat() before: a server that keeps a deleted file open, as ganesha does once it
  // has read it, would go on serving the old content through the old handle.)
  await Deno.writeTextFile(`${disk}/r.txt`, "one");
  assertEquals((await nfs.stat(`${rel}/r.txt`)).size, 3); // caches the name
  await Deno.writeTextFile(`${disk}/r.new`, "two!");
  await Deno.rename(`${disk}/r.new`, `${disk}/r.txt`);
  const calls = nfs.rpc.stats().calls;
  assertEquals(await nfs.readTextFile(`${rel}/r.txt`), "two!");
  // GETATTR (STALE), then LOOKUP, GETATTR, READ: the retry, not a cache miss (3 calls). A
  // handle that names a path (go-nfs) follows the name to the new file: no STALE, no retry.
  if (s.options.caps.goneHandle === "STALE") {
    assert(nfs.rpc.stats().calls - calls >= 4, "re-resolved after STALE");
  }
  // The same for a directory on the way.
  await Deno.mkdir(`${disk}/d`);
  await Deno.writeTextFile(`${disk}/d/f.txt`, "one");
  assertEquals((await nfs.stat(`${rel}/d/f.txt`)).size, 3); // caches d and d/f.txt
  await Deno.remove(`${disk}/d`, { recursive: true });
  await Deno.mkdir(`${disk}/d`);
  await Deno.writeTextFile(`${disk}/d/f.txt`, "two!");
  assertEquals(await nfs.readTextFile(`${rel}/d/f.txt`), "two!");
  assertEquals((await nfs.stat(`${rel}/d/f.txt`)).size, 4);
});

step("STALE: every call finds a directory replaced behind its back", async (s) => {
  const { nfs, rel, disk } = s;
  const read = async (p: string) => {
    await using f = await nfs.open(p);
    const b = new Uint8Array(10);
    return new TextDecoder().decode(b.subarray(0, (await f.read(b)) ?? 0));
  };
  const ops: [string, (d: string) => Promise<unknown>, (d: string) => Promise<void>][] = [
    ["mkdir", (d) => nfs.mkdir(`${rel}/${d}/new`), async (d) => {
      assert((await Deno.stat(`${disk}/${d}/new`)).isDirectory);
    }],
    ["mkdir -p", (d) => nfs.mkdir(`${rel}/${d}/n/m`, { recursive: true }), async (d) => {
      assert((await Deno.stat(`${disk}/${d}/n/m`)).isDirectory);
    }],
    ["remove", (d) => nfs.remove(`${rel}/${d}/f`), async (d) => {
      assertEquals(await diskExists(`${disk}/${d}/f`), false);
    }],
    ["rename", (d) => nfs.rename(`${rel}/${d}/f`, `${rel}/${d}/g`), async (d) => {
      assertEquals(await Deno.readTextFile(`${disk}/${d}/g`), "new");
    }],
    ["symlink", (d) => nfs.symlink("f", `${rel}/${d}/l`), async (d) => {
      assertEquals(await Deno.readLink(`${disk}/${d}/l`), "f");
    }],
    ["link", async (d) => {
      if (s.options.caps.hardLinks) await nfs.link(`${rel}/${d}/f`, `${rel}/${d}/h`);
      else await assertRejects(() => nfs.link(`${rel}/${d}/f`, `${rel}/${d}/h`), NfsError);
    }, async (d) => {
      assertEquals((await Deno.stat(`${disk}/${d}/f`)).nlink, s.options.caps.hardLinks ? 2 : 1);
    }],
    ["readDir", async (d) => {
      const names = [];
      for await (const e of nfs.readDir(`${rel}/${d}`)) names.push(e.name);
      assertEquals(names.sort(), ["f", "new-only", "sl"]);
    }, async () => {}],
    [
      "readLink",
      async (d) => assertEquals(await nfs.readLink(`${rel}/${d}/sl`), "f"),
      async () => {},
    ],
    ["open", async (d) => assertEquals(await read(`${rel}/${d}/f`), "new"), async () => {}],
    ["open for write", async (d) => {
      await using f = await nfs.open(`${rel}/${d}/f`, { write: true });
      await f.write(new TextEncoder().encode("N"));
    }, async (d) => assertEquals(await Deno.readTextFile(`${disk}/${d}/f`), "New")],
    ["stat", async (d) => assertEquals((await nfs.stat(`${rel}/${d}/f`)).size, 3), async () => {}],
    ["copyFile", (d) => nfs.copyFile(`${rel}/${d}/f`, `${rel}/${d}/c`), async (d) => {
      assertEquals(await Deno.readTextFile(`${disk}/${d}/c`), "new");
    }],
    [
      "readFile",
      async (d) => assertEquals(await nfs.readTextFile(`${rel}/${d}/f`), "new"),
      async () => {},
    ],
    ["writeFile", (d) => nfs.writeTextFile(`${rel}/${d}/f`, "w"), async (d) => {
      assertEquals(await Deno.readTextFile(`${disk}/${d}/f`), "w");
    }],
    [
      "writeFile(stream)",
      (d) => nfs.writeFile(`${rel}/${d}/f`, patternStream(100, 1)),
      async (d) => {
        assertBytes(await Deno.readFile(`${disk}/${d}/f`), pattern(100, 1), "streamed");
      },
    ],
    ["chmod", (d) => nfs.chmod(`${rel}/${d}/f`, 0o604), async (d) => {
      assertEquals((await Deno.stat(`${disk}/${d}/f`)).mode! & 0o777, 0o604);
    }],
  ];
  let i = 0;
  for (const [name, op, check] of ops) {
    const d = `d${i++}`;
    await Deno.mkdir(`${disk}/${d}`);
    await Deno.writeTextFile(`${disk}/${d}/f`, "old");
    await Deno.symlink("f", `${disk}/${d}/sl`);
    await nfs.stat(`${rel}/${d}/f`); // caches d's and f's handles
    await nfs.lstat(`${rel}/${d}/sl`);
    await Deno.remove(`${disk}/${d}`, { recursive: true });
    await Deno.mkdir(`${disk}/${d}`);
    await Deno.writeTextFile(`${disk}/${d}/f`, "new");
    await Deno.writeTextFile(`${disk}/${d}/new-only`, "");
    await Deno.symlink("f", `${disk}/${d}/sl`);
    try {
      await op(d);
    } catch (e) {
      fail(`${name}: ${e}`);
    }
    await check(d);
  }
});

/** Bytes xdr/ copies inline when chunks of these lengths are written in wsize WRITEs. */
function inlinedTails(lengths: number[], wsize: number): number {
  let n = 0;
  for (const len of lengths) {
    const tail = len % wsize;
    if (tail > 0 && tail < INLINE_PAYLOAD_THRESHOLD) n += tail;
  }
  return n;
}

step("readDir keepHandles, openListed, and a stable writeAt: fewer calls", async (s) => {
  const { nfs, rel, disk } = s;
  await Deno.mkdir(`${disk}/ol`);
  await Deno.writeTextFile(`${disk}/ol/a.txt`, "listed");
  const plus = s.version === 3 && s.options.caps.readdirplus;
  const names: string[] = [];
  for await (const e of nfs.readDir(`${rel}/ol`, { keepHandles: true })) {
    names.push(e.name);
    assertEquals(e.handle !== undefined, plus, "a handle comes from READDIRPLUS only");
    const calls = nfs.rpc.stats().calls;
    await using f = await nfs.openListed(`${rel}/ol/${e.name}`, e.handle);
    if (plus) assertEquals(nfs.rpc.stats().calls, calls, "opened without a call");
    const buf = new Uint8Array(64);
    const n = await f.read(buf);
    assertEquals(new TextDecoder().decode(buf.subarray(0, n ?? 0)), "listed");
  }
  assertEquals(names, ["a.txt"]);
  for await (const e of nfs.readDir(`${rel}/ol`)) assertEquals(e.handle, undefined, "not kept");
  // FILE_SYNC: one WRITE, and nothing left to COMMIT at close.
  const f = await nfs.open(`${rel}/ol/w.bin`, { write: true, create: true });
  const data = new Uint8Array(3000).fill(5);
  let calls = nfs.rpc.stats().calls;
  assertEquals(await f.writeAt(data, 0, { stable: true }), data.length);
  assertEquals(nfs.rpc.stats().calls - calls, 1, "one WRITE");
  calls = nfs.rpc.stats().calls;
  await f.close();
  assertEquals(nfs.rpc.stats().calls - calls, 0, "no COMMIT");
  assertEquals(await Deno.readFile(`${disk}/ol/w.bin`), data);
});

step(
  "copy counters: bulk data is never copied (over UDP: READ data once)",
  async (s) => {
    const { nfs, rel, disk } = s;
    const data = pattern(16 * MiB, 9);
    // Over UDP every READ byte is copied once from the datagram into the destination.
    const read = s.options.udp ? data.length : 0;
    const counted = async (what: string, fn: () => Promise<unknown>, inlined = 0) => {
      const before = copyStats().payloadBytes;
      await fn();
      assertEquals(copyStats().payloadBytes - before, inlined, `${what} copied payload bytes`);
    };
    await counted("writeFile", () => nfs.writeFile(`${rel}/c.bin`, data));
    assertEquals(await sha256(await Deno.readFile(`${disk}/c.bin`)), await sha256(data));
    let got: Uint8Array = new Uint8Array(0);
    await counted("readFile", async () => got = await nfs.readFile(`${rel}/c.bin`), read);
    assertBytes(got, data, "readFile");
    const big = new Uint8Array(16 * MiB + 100);
    await counted("NfsFile.read", async () => {
      await using f = await nfs.open(`${rel}/c.bin`);
      assertEquals(await f.read(big), 16 * MiB);
    }, read);
    assertBytes(big.subarray(0, 16 * MiB), data, "NfsFile.read");
    await counted("NfsFile.write", async () => {
      await using f = await nfs.open(`${rel}/w.bin`, { write: true, create: true });
      await f.write(data);
    });
    assertEquals(await sha256(await Deno.readFile(`${disk}/w.bin`)), await sha256(data));
    let total = 0;
    await counted("BYOB stream", async () => {
      await using f = await nfs.open(`${rel}/c.bin`);
      const r = f.readable.getReader({ mode: "byob" });
      let ab = new ArrayBuffer(4 * MiB);
      for (;;) {
        const { value, done } = await r.read(new Uint8Array(ab));
        if (done) break;
        assertBytes(value, data.subarray(total, total + value.length), "BYOB");
        total += value.length;
        ab = value.buffer as ArrayBuffer;
      }
    }, read);
    assertEquals(total, data.length);
    await counted("default stream reader", async () => {
      await using f = await nfs.open(`${rel}/c.bin`);
      let n = 0;
      for await (const chunk of f.readable) n += chunk.length;
      assertEquals(n, data.length);
    }, read);
    await counted("writable", async () => {
      await using f = await nfs.open(`${rel}/piped.bin`, { write: true, create: true });
      // Unaligned chunk edges: xdr/ copies a WRITE below 4 KiB inline by design
      // (INLINE_PAYLOAD_THRESHOLD), and counts it. Each chunk is cut into wsize WRITEs from
      // its start, so with 1 MiB no WRITE is that short; with NFSv2's 8 KiB the last WRITE
      // of the third chunk is (4039 bytes), and exactly those bytes are copied.
      const cut = 9 * MiB + 12_345;
      const chunks = [data.subarray(0, 5 * MiB), data.subarray(5 * MiB, cut), data.subarray(cut)];
      await ReadableStream.from(chunks).pipeTo(f.writable);
    }, inlinedTails([5 * MiB, 4 * MiB + 12_345, 7 * MiB - 12_345], nfs.limits.wsize));
    assertEquals(await sha256(await Deno.readFile(`${disk}/piped.bin`)), await sha256(data));
    await counted("copyFile", () => nfs.copyFile(`${rel}/c.bin`, `${rel}/copy.bin`), read);
    assertEquals(await sha256(await Deno.readFile(`${disk}/copy.bin`)), await sha256(data));
  },
  (_v, o) =>
    o.caps.inProcess
      ? "the server runs in this process: its copies land in the same counters"
      : undefined,
);

step(
  "connect(): nameCacheMs 0 sees a name taken over behind our back; bad counts refused",
  async ({ rel, disk, url }) => {
    await Deno.writeTextFile(`${disk}/a.txt`, "A");
    await Deno.writeTextFile(`${disk}/b.txt`, "BB");
    {
      await using fresh = await connect(url(rel), { nameCacheMs: 0 });
      assertEquals(fresh.limits.nameCacheMs, 0);
      assertEquals(await fresh.readTextFile("a.txt"), "A");
      // Another client renames a.txt away and b.txt onto its name: the old handle still
      // works (the file exists as c.txt), so only a fresh LOOKUP finds the new a.txt.
      await Deno.rename(`${disk}/a.txt`, `${disk}/c.txt`);
      await Deno.rename(`${disk}/b.txt`, `${disk}/a.txt`);
      assertEquals(await fresh.readTextFile("a.txt"), "BB");
    }
    const bad = [{ readWindow: 0 }, { writeWindow: 1.5 }, { maxInFlight: -1 }, {
      readWindow: NaN,
    }, { nameCacheMs: -5 }];
    for (const o of bad) {
      // The message names the option: "Cannot connect: readWindow must be a whole number >= 1".
      const option = `Cannot connect: ${Object.keys(o)[0]} must be`;
      await assertRejects(() => connect(url(rel), o), RangeError, option, JSON.stringify(o));
    }
  },
);

step("connect(): a URL path below the export, user@, uid/gid, options, await using", async (s) => {
  const { server, rel, disk, url } = s;
  await Deno.mkdir(`${disk}/sub dir ç/inner`, { recursive: true });
  await Deno.writeTextFile(`${disk}/sub dir ç/inner/f.txt`, "inside");
  await Deno.writeTextFile(`${disk}/up.txt`, "one up");
  const target = `${rel}/sub dir ç/inner`;
  let closed: NfsClient;
  {
    await using nfs = await connect(url(target));
    closed = nfs;
    assertEquals(await nfs.readTextFile("f.txt"), "inside");
    assertEquals(await nfs.readTextFile("../../up.txt"), "one up");
    assertEquals(await nfs.realPath("."), `/${target}`);
    assertEquals(await nfs.realPath(".."), `/${rel}/sub dir ç`);
    assertEquals(nfs.exportPath, server.exportPath);
    assertEquals(nfs.cwd, `/${target}`);
    await nfs.writeTextFile("g.txt", "written relative");
    assertEquals(await Deno.readTextFile(`${disk}/sub dir ç/inner/g.txt`), "written relative");
    assertEquals(await nfs.readTextFile(`/${rel}/up.txt`), "one up", "absolute = export root");
    assertFileId(s, (await nfs.stat("/")).ino, await Deno.stat(server.exportDir), "root");
  }
  // `await using` closed it: calls fail with ConnectionError, closing again is a no-op.
  await assertNfsError(closed.stat("f.txt"), ConnectionError, { code: "ECONNRESET" });
  await closed.close();
  // user@ and an explicit uid/gid: files are created with those ids.
  await Deno.chmod(disk, 0o777);
  {
    const u = url(rel, { uid: "4242", gid: "4343" }).replace("nfs://", "nfs://someone@");
    await using nfs = await connect(u);
    await nfs.writeTextFile("owned.txt", "mine");
    const st = await Deno.stat(`${disk}/owned.txt`);
    // go-nfs ignores the credentials (see its caps): the file is its own user's.
    const server = s.options.caps.honorsCredentials ? [4242, 4343] : [Deno.uid(), Deno.gid()];
    assertEquals([st.uid, st.gid], server);
  }
  // Without version=, NFSv3 is tried first; a server that speaks only NFSv2 gets NFSv2.
  {
    await using nfs = await connect(url(rel, { version: null }));
    assertEquals(nfs.version, s.options.caps.version);
    assertEquals(await nfs.readTextFile("up.txt"), "one up");
  }
  // rsize/wsize from the URL; readdir-buffer makes small pages that still list everything.
  await Deno.mkdir(`${disk}/list`);
  for (let i = 0; i < 300; i++) await Deno.writeTextFile(`${disk}/list/n${i}`, "");
  {
    // go-nfs refuses READDIRPLUS pages below 4096 bytes (see its caps).
    const maxcount = Math.max(2048, s.options.caps.minReaddirplusMaxcount);
    await using nfs = await connect(
      url(rel, { rsize: "4096", wsize: "8192", "readdir-buffer": `1024,${maxcount}` }),
    );
    assertEquals(nfs.limits.rsize, 4096);
    assertEquals(nfs.limits.wsize, 8192);
    assertEquals(nfs.limits.dircount, 1024);
    assertEquals(nfs.limits.maxcount, maxcount);
    const calls = nfs.rpc.stats().calls;
    const names = [];
    for await (const e of nfs.readDir("list")) names.push(e.name);
    assertEquals(names.length, 300);
    assertEquals(new Set(names).size, 300);
    assert(nfs.rpc.stats().calls - calls > 10, "many small pages");
    // copyFile in many chunks (rsize × readWindow = 64 KiB).
    const data = pattern(MiB + 99, 12);
    await Deno.writeFile(`${disk}/src.bin`, data);
    await nfs.copyFile("src.bin", "dst.bin");
    assertBytes(await Deno.readFile(`${disk}/dst.bin`), data, "copyFile with 4 KiB reads");
  }
  // Options override the URL's.
  {
    await using nfs = await connect(url(rel, { rsize: "4096" }), { rsize: 8192, wsize: 8192 });
    assertEquals(nfs.limits.rsize, 8192);
    assertEquals(nfs.limits.wsize, 8192);
    const data = pattern(100_000, 11);
    await nfs.writeFile("small-io.bin", data);
    assertBytes(await nfs.readFile("small-io.bin"), data, "8 KiB transfers");
    assertBytes(await Deno.readFile(`${disk}/small-io.bin`), data, "8 KiB transfers on disk");
  }
  // Permission checks use the credentials: uid 4242 cannot write into a 0755 root dir.
  await Deno.mkdir(`${disk}/locked`, { mode: 0o755 });
  await Deno.chmod(`${disk}/locked`, 0o755);
  {
    await using nfs = await connect(url(rel, { uid: "4242", gid: "4343" }));
    if (s.options.caps.honorsCredentials) {
      await assertNfsError(nfs.writeTextFile("locked/x.txt", "no"), PermissionDenied, {
        code: "EACCES",
      });
    } else {
      // go-nfs checks no permission (see its caps): the write goes through.
      await nfs.writeTextFile("locked/x.txt", "yes");
      assertEquals(await Deno.readTextFile(`${disk}/locked/x.txt`), "yes");
    }
  }
});

step("connect(): resvport=1 connects from a privileged port", async ({ rel, disk, url }) => {
  await Deno.writeTextFile(`${disk}/f.txt`, "reserved");
  for (let i = 0; i < 2; i++) { // twice: the second connects while the first's ports linger
    await using nfs = await connect(url(rel, { resvport: "1" }));
    assertEquals(await nfs.readTextFile("f.txt"), "reserved");
  }
});

step("listExports() and connect() failures", async ({ server, rel, url, options }) => {
  if (options.caps.exportList) {
    const list = await listExports(server.host, { mountport: server.mountPort });
    assert(list.some((e) => e.dir === server.exportPath), JSON.stringify(list));
    const viaUrl = await listExports(url(rel));
    assertEquals(viaUrl, list);
  } else {
    // go-nfs has no EXPORT procedure (see its caps): NotSupported, said plainly.
    for (const where of [server.host, url(rel)]) {
      await assertNfsError(listExports(where, { mountport: server.mountPort }), NotSupported, {
        message: /the server does not list its exports/,
      });
    }
  }
  // A missing export.
  const missing = url("").replace(/nfs:\/\/([^/]+)\/[^?]*/, "nfs://$1/no/such/export");
  if (options.caps.mntChecksPath) await assertRejects(() => connect(missing), NfsError);
  else {
    // go-nfs mounts its root for any path (see its caps): there is no missing export, only a
    // missing path below it ("no" names the export), which fails on first use.
    await using nfs = await connect(missing);
    await assertNfsError(nfs.stat("."), NotFound, { code: "ENOENT" });
  }
  // Nothing listens: ConnectionError (over UDP: TimedOut, nothing tells a dead port).
  const deadPort = (() => {
    const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const p = (l.addr as Deno.NetAddr).port;
    l.close();
    return p;
  })();
  await assertRejects(
    () => connect(url(rel, { nfsport: String(deadPort), mountport: String(deadPort) })),
    options.udp ? TimedOut : ConnectionError,
  );
  // Unknown parameters are refused before any connection.
  assertMatch(
    (await assertRejects(() => connect(url(rel, { bogus: "1" })), Error)).message,
    /unknown parameter "bogus"/,
  );
});

// ---------------------------------------------------------------------------------------------

/**
 * Runs every case against `server`, each as a step of `t` in its own subdirectory.
 *
 * @param t The test context.
 * @param server A running server.
 * @param options What the server can do.
 */
export async function runApiSuite(
  t: Deno.TestContext,
  server: TestServer,
  options: ApiSuiteOptions,
): Promise<void> {
  const version = options.caps.version;
  const url = (sub = "", params: Record<string, string | null> = {}) =>
    serverUrl(server, sub, { version: String(version), ...params });
  const nfs = await connect(url());
  try {
    assertEquals(nfs.version, version);
    let i = 0;
    for (const st of STEPS) {
      const n = ++i;
      const why = st.skip?.(version, options);
      if (why !== undefined) {
        await t.step({ name: `${st.name} (skipped: ${why})`, ignore: true, fn() {} });
        continue;
      }
      await t.step(st.name, async () => {
        const rel = `s${String(n).padStart(2, "0")}`;
        const disk = `${server.exportDir}/${rel}`;
        await Deno.mkdir(disk);
        await st.fn({
          nfs,
          server,
          rel,
          disk,
          version,
          st: (x) => version === 2 ? `NFSERR_${x}` : `NFS3ERR_${x}`,
          url,
          options,
        });
      });
    }
  } finally {
    await nfs.close();
  }
}

/**
 * Registers the file API suite for one server kind of tests/servers (when `NFS_TEST_SERVERS`
 * chooses it), as one `Deno.test` named `file API [kind]` that starts the server once and runs
 * every case as a step. One kind per test module (`tests/api/kind_<kind>_test.ts`), so that
 * `deno test --parallel` runs the kinds side by side.
 *
 * @param kind The kind's name in tests/servers' `SERVER_TABLE`.
 */
export function apiSuiteForKind(kind: string): void {
  if (!SERVER_TABLE.some((e) => e.kind === kind)) throw new Error(`unknown server kind ${kind}`);
  forEachKind("file API", { kinds: [kind] }, async (t, k) => {
    const server = await k.start();
    try {
      await runApiSuite(t, server, { caps: k.caps });
    } finally {
      await server.stop();
    }
  });
}
