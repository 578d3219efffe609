/**
 * `cat`, `get`, `put`, `cp` against real servers: single files, a recursive round trip of a
 * tree (files, empty directories, symlinks, a 100 MiB file) compared byte for byte,
 * overwrite refusal, `-p`, and the progress bar under a pseudo-terminal.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { join } from "node:path";
import { CLI, cliSuite, expectRun, nfs, re, tempDir } from "./_cli.ts";

const MIB = 1 << 20;

/** Writes `mib` MiB: one random MiB repeated, each copy stamped with its index. */
async function writeBig(path: string, mib: number): Promise<void> {
  const block = new Uint8Array(MIB);
  for (let i = 0; i < MIB; i += 65536) crypto.getRandomValues(block.subarray(i, i + 65536));
  using f = await Deno.open(path, { write: true, create: true, truncate: true });
  for (let i = 0; i < mib; i++) {
    new DataView(block.buffer).setUint32(0, i);
    for (let p = block.subarray(0); p.length > 0;) p = p.subarray(await f.write(p));
  }
}

async function makeTree(root: string, bigMib: number): Promise<void> {
  await Deno.mkdir(join(root, "docs/deep/deeper"), { recursive: true });
  await Deno.mkdir(join(root, "empty"));
  await Deno.mkdir(join(root, "docs/empty-too"));
  await Deno.writeTextFile(join(root, "docs/readme.txt"), "read me\n");
  await Deno.writeTextFile(join(root, "docs/deep/deeper/leaf.txt"), "leaf");
  await Deno.writeFile(join(root, "zero.bin"), new Uint8Array(0));
  await Deno.writeTextFile(join(root, "name with spaces & ü.txt"), "unicode");
  await Deno.writeTextFile(join(root, "script.sh"), "#!/bin/sh\n");
  await Deno.chmod(join(root, "script.sh"), 0o750);
  await Deno.utime(
    join(root, "docs/readme.txt"),
    new Date("2001-02-03T04:05:06Z"),
    new Date("2002-03-04T05:06:07Z"),
  );
  await Deno.symlink("docs/readme.txt", join(root, "rel-link"));
  await Deno.symlink("/etc/passwd", join(root, "docs/abs-link"));
  await Deno.symlink("missing/target", join(root, "dangling"));
  await writeBig(join(root, "big.bin"), bigMib);
}

async function sameFile(a: string, b: string): Promise<boolean> {
  using fa = await Deno.open(a);
  using fb = await Deno.open(b);
  const ba = new Uint8Array(4 * MIB);
  const bb = new Uint8Array(4 * MIB);
  for (;;) {
    const na = await readFull(fa, ba);
    const nb = await readFull(fb, bb);
    if (na !== nb) return false;
    if (na === 0) return true;
    for (let i = 0; i < na; i++) if (ba[i] !== bb[i]) return false;
  }
}

async function readFull(f: Deno.FsFile, buf: Uint8Array): Promise<number> {
  let n = 0;
  while (n < buf.length) {
    const got = await f.read(buf.subarray(n));
    if (got === null) break;
    n += got;
  }
  return n;
}

/** Asserts that two trees hold the same names, types, contents, link targets and modes. */
/**
 * Compares two trees on disk. `rebase`: the prefix a server puts in front of absolute symlink
 * targets on disk (go-nfs stores `/x` as `<export dir>/x`; see its caps).
 */
async function assertSameTree(
  a: string,
  b: string,
  o: { times: boolean; rebase?: string },
): Promise<number> {
  const names = async (dir: string) =>
    (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
  let count = 0;
  const walk = async (rel: string): Promise<void> => {
    const [pa, pb] = [join(a, rel), join(b, rel)];
    const [sa, sb] = [await Deno.lstat(pa), await Deno.lstat(pb)];
    count++;
    assertEquals(sb.isSymlink, sa.isSymlink, `${rel}: symlink`);
    assertEquals(sb.isDirectory, sa.isDirectory, `${rel}: directory`);
    if (sa.isSymlink) {
      const target = await Deno.readLink(pa);
      const want = o.rebase && target.startsWith("/") ? o.rebase + target : target;
      return assertEquals(await Deno.readLink(pb), want, rel);
    }
    assertEquals(sb.mode! & 0o7777, sa.mode! & 0o7777, `${rel}: mode`);
    if (o.times && !sa.isDirectory) {
      assertEquals(
        Math.floor(sb.mtime!.getTime() / 1000),
        Math.floor(sa.mtime!.getTime() / 1000),
        `${rel}: mtime`,
      );
    }
    if (sa.isDirectory) {
      const [na, nb] = [await names(pa), await names(pb)];
      assertEquals(nb, na, `${rel}: entries`);
      for (const n of na) await walk(join(rel, n));
      return;
    }
    assertEquals(sb.size, sa.size, `${rel}: size`);
    assert(await sameFile(pa, pb), `${rel}: content`);
  };
  await walk(".");
  return count;
}

async function partials(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      if (e.name.includes(".nfs-partial-")) out.push(join(d, e.name));
      if (e.isDirectory) await walk(join(d, e.name));
    }
  };
  await walk(dir);
  return out;
}

cliSuite("cat, get, put, cp", async (t, s) => {
  const d = (rel: string) => `${s.exportDir}/${rel}`;
  await using local = await tempDir();
  const l = (rel: string) => join(local.path, rel);
  await Deno.writeTextFile(d("a.txt"), "alpha\n");
  await Deno.writeTextFile(d("b.txt"), "beta\n");
  await Deno.mkdir(d("dir"));

  await t.step("cat writes files to stdout in order; a missing one fails alone", async () => {
    const [both, missing] = await Promise.all([
      nfs(["cat", s.url("a.txt"), s.url("b.txt")]),
      nfs(["cat", s.url("nope"), s.url("b.txt")]),
    ]);
    expectRun(both, 0);
    assertEquals(both.stdout, "alpha\nbeta\n");
    expectRun(
      missing,
      1,
      new RegExp(
        `^nfs: cannot read "${re(s.shown("nope"))}": no such file or directory \\(${
          s.st("NOENT")
        }\\)\\n$`,
      ),
    );
    assertEquals(missing.stdout, "beta\n");
  });

  await t.step(
    "get downloads into the current directory and keeps existing files unless -f",
    async () => {
      expectRun(await nfs(["get", s.url("a.txt")], { cwd: local.path }), 0);
      assertEquals(await Deno.readTextFile(l("a.txt")), "alpha\n");
      await Deno.writeTextFile(l("a.txt"), "local edits");
      const [refused, named, dir] = await Promise.all([
        nfs(["get", s.url("a.txt")], { cwd: local.path }),
        nfs(["get", s.url("b.txt"), l("renamed.txt")]),
        nfs(["get", s.url("dir"), local.path]),
      ]);
      expectRun(
        refused,
        1,
        /^nfs: cannot write "\.\/a\.txt": file exists \(use -f to overwrite\)\n$/,
      );
      assertEquals(await Deno.readTextFile(l("a.txt")), "local edits");
      expectRun(named, 0);
      assertEquals(await Deno.readTextFile(l("renamed.txt")), "beta\n");
      expectRun(
        dir,
        1,
        new RegExp(`^nfs: cannot get "${re(s.shown("dir"))}": is a directory \\(use -r\\)\\n$`),
      );
      expectRun(await nfs(["get", "-f", s.url("a.txt"), s.url("b.txt"), local.path]), 0);
      assertEquals(await Deno.readTextFile(l("a.txt")), "alpha\n");
      const missing = await nfs(["get", s.url("nope"), local.path]);
      expectRun(
        missing,
        1,
        new RegExp(`^nfs: cannot get "${re(s.shown("nope"))}": no such file or directory`),
      );
      assertEquals(await partials(local.path), []);
    },
  );

  await t.step(
    "put uploads, keeps existing files unless -f, and -p keeps mode and mtime",
    async () => {
      await Deno.writeTextFile(l("up.txt"), "up\n");
      await Deno.chmod(l("up.txt"), 0o604);
      const mtime = new Date("2003-04-05T06:07:08Z");
      await Deno.utime(l("up.txt"), mtime, mtime);
      expectRun(await nfs(["put", "-p", l("up.txt"), s.url("dir")]), 0);
      const st = await Deno.stat(d("dir/up.txt"));
      assertEquals(await Deno.readTextFile(d("dir/up.txt")), "up\n");
      assertEquals(st.mode! & 0o777, 0o604);
      assertEquals(st.mtime!.getTime(), mtime.getTime());
      const [refused, many, notDir] = await Promise.all([
        nfs(["put", l("up.txt"), s.url("dir/up.txt")]),
        nfs(["put", l("a.txt"), l("renamed.txt"), s.url("dir")]),
        nfs(["put", l("a.txt"), l("renamed.txt"), s.url("b.txt")]),
      ]);
      expectRun(
        refused,
        1,
        new RegExp(`^nfs: cannot write "${re(s.shown("dir/up.txt"))}": file exists \\(use -f`),
      );
      expectRun(many, 0);
      expectRun(notDir, 1, /not a directory/);
      assertEquals(await Deno.readTextFile(d("dir/renamed.txt")), "beta\n");
      await Deno.writeTextFile(l("up.txt"), "changed\n");
      expectRun(await nfs(["put", "-f", l("up.txt"), s.url("dir/up.txt")]), 0);
      assertEquals(await Deno.readTextFile(d("dir/up.txt")), "changed\n");
      const missing = await nfs(["put", l("nope"), s.url("dir")]);
      expectRun(
        missing,
        1,
        new RegExp(`^nfs: cannot put "${re(l("nope"))}": no such file or directory\\n$`),
      );
      assertEquals(await partials(s.exportDir), []);
    },
  );

  await t.step(
    "put -r then get -r round-trips a tree with a 100 MiB file byte for byte",
    async () => {
      await using src = await tempDir();
      await makeTree(join(src.path, "tree"), 100);
      const up = await nfs(["put", "-rp", "--progress", join(src.path, "tree"), s.url()]);
      expectRun(
        up,
        0,
        /\r6 files, 6 directories, 3 symlinks, 10[01] MiB in [\d.]+ s \(\S+ \S?i?B\/s\)\s*\n$/,
      );
      const rebase = s.caps.absoluteSymlinks === "rebased" ? s.exportDir : undefined;
      assertEquals(
        await assertSameTree(join(src.path, "tree"), d("tree"), {
          times: true,
          ...(rebase ? { rebase } : {}),
        }),
        15,
      );
      const down = await nfs(["get", "-rp", s.url("tree"), l("down")]);
      expectRun(down, 0);
      assertEquals(await assertSameTree(join(src.path, "tree"), l("down"), { times: true }), 15);
      assertEquals(
        await Deno.readLink(l("down/docs/abs-link")),
        "/etc/passwd",
        "recreated, not followed",
      );
      assertEquals(await partials(l("down")), []);
      assertEquals(await partials(s.exportDir), []);

      // Again: nothing is overwritten without -f, and each refusal is reported.
      await Deno.writeTextFile(l("down/docs/readme.txt"), "mine");
      const again = await nfs(["get", "-r", "-q", s.url("tree/docs"), l("down")]);
      expectRun(
        again,
        1,
        /^nfs: cannot write ".*\/down\/docs\/readme\.txt": file exists \(use -f to overwrite\)$/m,
      );
      assertMatch(again.stderr, /down\/docs\/abs-link": file exists/);
      assertEquals(await Deno.readTextFile(l("down/docs/readme.txt")), "mine");
      expectRun(await nfs(["get", "-rf", s.url("tree/docs"), l("down")]), 0);
      assertEquals(await Deno.readTextFile(l("down/docs/readme.txt")), "read me\n");
    },
  );

  await t.step("cp copies local to nfs, nfs to local, and nfs to nfs", async () => {
    const [toNfs, toLocal, nfsToNfs, tree] = await Promise.all([
      nfs(["cp", l("renamed.txt"), s.url("cp-up.txt")]),
      nfs(["cp", s.url("a.txt"), l("cp-down.txt")]),
      nfs(["cp", s.url("b.txt"), s.url("cp-same.txt")]),
      nfs(["cp", "-r", s.url("tree/docs"), s.url("docs-copy")]),
    ]);
    [toNfs, toLocal, nfsToNfs, tree].forEach((r) => expectRun(r, 0));
    assertEquals(await Deno.readTextFile(d("cp-up.txt")), "beta\n");
    assertEquals(await Deno.readTextFile(l("cp-down.txt")), "alpha\n");
    assertEquals(await Deno.readTextFile(d("cp-same.txt")), "beta\n");
    await assertSameTree(d("tree/docs"), d("docs-copy"), { times: false });
    const into = await nfs(["cp", "-r", s.url("tree/docs"), s.url("tree/docs/deep")]);
    expectRun(into, 1, /cannot copy a directory into itself/);
  });

  await t.step("a progress bar shows under a terminal; nothing on a pipe", async () => {
    await writeBig(d("p.bin"), 16);
    const cmd = [
      Deno.execPath(),
      "run",
      "--allow-all",
      CLI,
      "get",
      "--progress",
      s.url("p.bin"),
      l("tty.bin"),
    ]
      .map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
    const out = await new Deno.Command("script", {
      args: ["-qec", cmd, "/dev/null"],
      stdin: "null",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    assertEquals(out.code, 0, text);
    assertMatch(text, /tty\.bin +\d+% \[[=> ]+\] [\d.]+ [KMG]?i?B\/16 MiB [\d.]+ [KMG]?i?B\/s/);
    assertMatch(text, /100% \[=+\] 16 MiB\/16 MiB [\d.]+ [KMG]?i?B\/s/);
    assert(await sameFile(d("p.bin"), l("tty.bin")));
    const quiet = await nfs(["get", s.url("p.bin"), l("pipe.bin")]);
    expectRun(quiet, 0); // stderr is empty: no bar on a pipe without --progress
  });

  await t.step("cat stops quietly with 0 when its reader goes away", async () => {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", CLI, "cat", s.url("tree/big.bin")],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const reader = child.stdout.getReader();
    await reader.read();
    await reader.cancel();
    const stderr = await new Response(child.stderr).text();
    assertEquals([(await child.status).code, stderr], [0, ""]);
  });
});
