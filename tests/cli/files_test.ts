/**
 * `mkdir`, `rm`, `rmdir`, `mv`, `ln`, `chmod`, `touch`, `truncate` against real servers,
 * checked on the export directory's disk, with their failures.
 */
import { assert, assertEquals } from "@std/assert";
import { cliSuite, expectRun, nfs, re } from "./_cli.ts";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

cliSuite("mkdir, rm, rmdir, mv, ln, chmod, touch, truncate", async (t, s) => {
  const d = (rel: string) => `${s.exportDir}/${rel}`;
  const noent = (verb: string, rel: string) =>
    new RegExp(
      `^nfs: cannot ${verb} "${re(s.shown(rel))}": no such file or directory \\(${
        s.st("NOENT")
      }\\)\\n$`,
    );

  await t.step("mkdir, mkdir -p -m, and mkdir of a missing parent", async () => {
    const [one, deep, bad] = await Promise.all([
      nfs(["mkdir", s.url("m1"), s.url("m2")]),
      nfs(["mkdir", "-p", "-m", "700", s.url("p/q/r")]),
      nfs(["mkdir", s.url("no/such/dir")]),
    ]);
    expectRun(one, 0);
    expectRun(deep, 0);
    expectRun(bad, 1, noent("mkdir", "no/such/dir"));
    assert((await Deno.stat(d("m1"))).isDirectory);
    assert((await Deno.stat(d("m2"))).isDirectory);
    assertEquals((await Deno.stat(d("p/q/r"))).mode! & 0o777, 0o700);
    expectRun(await nfs(["mkdir", "-p", s.url("p/q")]), 0);
    expectRun(
      await nfs(["mkdir", s.url("m1")]),
      1,
      new RegExp(`^nfs: cannot mkdir ".*/m1": file exists \\(${s.st("EXIST")}\\)\n$`),
    );
  });

  await t.step("rm, rm -r, rm -f, rmdir, with their refusals", async () => {
    await Deno.writeTextFile(d("f1"), "x");
    await Deno.writeTextFile(d("f2"), "x");
    await Deno.mkdir(d("tree/a/b"), { recursive: true });
    await Deno.writeTextFile(d("tree/a/b/c"), "x");
    await Deno.symlink("/", d("tree/escape"));
    await Deno.mkdir(d("e1"));
    const [files, tree, dir, missing, forced, root, rmdirFull, rmdirFile] = await Promise.all([
      nfs(["rm", s.url("f1"), s.url("f2")]),
      nfs(["rm", "-r", s.url("tree")]),
      nfs(["rm", s.url("m2")]),
      nfs(["rm", s.url("gone")]),
      nfs(["rm", "-f", s.url("gone"), s.url("e1-not")]),
      nfs(["rm", "-rf", s.url()]),
      nfs(["rmdir", s.url("p")]),
      nfs(["rmdir", s.url("a-file-later")]),
    ]);
    expectRun(files, 0);
    expectRun(tree, 0);
    expectRun(dir, 1, /^nfs: cannot remove ".*\/m2": is a directory \(use -r\)\n$/);
    expectRun(missing, 1, noent("remove", "gone"));
    expectRun(forced, 0);
    expectRun(root, 1, /refusing to remove the export's root/);
    // go-nfs answers RMDIR of a full directory with NFS3ERR_IO (see its caps).
    const full = s.caps.osRemove
      ? `input/output error \\(${s.st("IO")}\\)`
      : `directory not empty \\(${s.st("NOTEMPTY")}\\)`;
    expectRun(rmdirFull, 1, new RegExp(`^nfs: cannot remove ".*/p": ${full}\n$`));
    expectRun(rmdirFile, 1, noent("remove", "a-file-later"));
    assert(!(await exists(d("f1"))) && !(await exists(d("f2"))) && !(await exists(d("tree"))));
    assert(await exists(d("m2")) && await exists(d("p/q/r")) && await exists("/etc"));
    expectRun(await nfs(["rmdir", s.url("e1"), s.url("m2")]), 0);
    assert(!(await exists(d("e1"))) && !(await exists(d("m2"))));
  });

  await t.step("mv renames, moves into a directory, and refuses across exports", async () => {
    await Deno.writeTextFile(d("old.txt"), "move me");
    await Deno.writeTextFile(d("x1"), "1");
    await Deno.writeTextFile(d("x2"), "2");
    expectRun(await nfs(["mv", s.url("old.txt"), s.url("new.txt")]), 0);
    expectRun(await nfs(["mv", s.url("x1"), s.url("x2"), s.url("m1")]), 0);
    assertEquals(await Deno.readTextFile(d("new.txt")), "move me");
    assert(!(await exists(d("old.txt"))));
    assertEquals([await Deno.readTextFile(d("m1/x1")), await Deno.readTextFile(d("m1/x2"))], [
      "1",
      "2",
    ]);
    const [missing, notDir] = await Promise.all([
      nfs(["mv", s.url("nope"), s.url("m1")]),
      nfs(["mv", s.url("new.txt"), s.url("m1/x1"), s.url("new.txt")]),
    ]);
    expectRun(missing, 1, /^nfs: cannot move ".*\/nope": no such file or directory/);
    expectRun(notDir, 1, /not a directory/);
  });

  await t.step("ln -s stores the target text; ln makes a hard link", async () => {
    const [sym, hard, symInto] = await Promise.all([
      nfs(["ln", "-s", "../outside/target", s.url("sl")]),
      nfs(["ln", s.url("new.txt"), s.url("hard.txt")]),
      nfs(["ln", "-s", "new.txt", s.url("m1")]),
    ]);
    [sym, symInto].forEach((r) => expectRun(r, 0));
    assertEquals(await Deno.readLink(d("sl")), "../outside/target");
    assertEquals(await Deno.readLink(d("m1/new.txt")), "new.txt");
    if (s.caps.hardLinks) {
      expectRun(hard, 0);
      assertEquals((await Deno.stat(d("new.txt"))).nlink, 2);
    } else {
      // go-nfs's LINK is broken (see its caps): a clear failure, nothing changed.
      expectRun(hard, 1, /^nfs: cannot link ".*hard\.txt": .*Malformed reply to NFS3 LINK/);
      assertEquals((await Deno.stat(d("new.txt"))).nlink, 1);
    }
    // sl is a dangling symlink: go-nfs says ACCES for it (see its caps).
    expectRun(
      await nfs(["ln", "-s", "x", s.url("sl")]),
      1,
      s.caps.danglingSymlinkExists === "EXIST"
        ? new RegExp(`file exists \\(${s.st("EXIST")}\\)`)
        : new RegExp(`permission denied \\(${s.st("ACCES")}\\)`),
    );
  });

  await t.step("chmod takes octal and symbolic modes", async () => {
    await Deno.writeTextFile(d("c1"), "");
    await Deno.writeTextFile(d("c2"), "");
    await Deno.chmod(d("c2"), 0o600);
    const [oct, sym, minus] = await Promise.all([
      nfs(["chmod", "751", s.url("c1")]),
      nfs(["chmod", "g+r,o=r", s.url("c2")]),
      nfs(["chmod", "--", "-w", s.url("new.txt")]),
    ]);
    [oct, sym, minus].forEach((r) => expectRun(r, 0));
    assertEquals((await Deno.stat(d("c1"))).mode! & 0o7777, 0o751);
    assertEquals((await Deno.stat(d("c2"))).mode! & 0o7777, 0o644);
    assertEquals((await Deno.stat(d("new.txt"))).mode! & 0o222, 0);
    expectRun(await nfs(["chmod", "644", s.url("nope")]), 1, noent("chmod", "nope"));
  });

  await t.step("touch creates or updates; truncate -s sets sizes, creating files", async () => {
    const old = new Date("2001-02-03T04:05:06Z");
    await Deno.writeTextFile(d("t-old"), "keep");
    await Deno.utime(d("t-old"), old, old);
    await Deno.writeTextFile(d("big"), "0123456789");
    const before = Date.now() - 60_000;
    const [touch, trunc] = await Promise.all([
      nfs(["touch", s.url("t-new"), s.url("t-old")]),
      nfs(["truncate", "-s", "1K", s.url("sized"), s.url("big")]),
    ]);
    expectRun(touch, 0);
    expectRun(trunc, 0);
    assertEquals((await Deno.stat(d("t-new"))).size, 0);
    assertEquals(await Deno.readTextFile(d("t-old")), "keep");
    assert((await Deno.stat(d("t-old"))).mtime!.getTime() > before);
    assertEquals((await Deno.stat(d("sized"))).size, 1024);
    assertEquals((await Deno.stat(d("big"))).size, 1024);
    expectRun(await nfs(["truncate", "-s", "4", s.url("big")]), 0);
    assertEquals(await Deno.readTextFile(d("big")), "0123");
    expectRun(await nfs(["touch", s.url("no/dir/f")]), 1, noent("touch", "no/dir/f"));
  });
});
