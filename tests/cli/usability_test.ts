/**
 * The CLI as people use `cp`, `sftp` and `rclone` (issue 22): destinations ending in "/",
 * `get URL -`, missing parents and `--parents`, the `mv` overwrite rule, time formats,
 * summaries, `df --json` labels, and the other details a new user trips over.
 */
import { assert, assertEquals, assertFalse, assertMatch } from "@std/assert";
import { join } from "node:path";
import { cliSuite, expectRun, nfs, re, tempDir } from "./_cli.ts";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** A URL with "/" after its path (before the query). */
function slash(url: string): string {
  const u = new URL(url);
  u.pathname += "/";
  return u.href;
}

cliSuite("usability", async (t, s) => {
  const d = (rel: string) => `${s.exportDir}/${rel}`;
  await using local = await tempDir();
  const l = (rel: string) => join(local.path, rel);
  await Deno.writeTextFile(l("hello.txt"), "hello\n");
  await Deno.writeTextFile(d("remote.txt"), "remote\n");

  await t.step('a destination ending in "/" is a directory, never a new file', async () => {
    const [put, get] = await Promise.all([
      nfs(["put", l("hello.txt"), slash(s.url("newdir"))]),
      nfs(["get", s.url("remote.txt"), l("newlocal") + "/"]),
    ]);
    expectRun(
      put,
      1,
      new RegExp(
        `^nfs: cannot write into "${re(s.shown("newdir"))}/": no such directory ` +
          `\\(use --parents to create it\\)\\n$`,
      ),
    );
    assertFalse(await exists(d("newdir")), "no file named newdir");
    expectRun(get, 1, /^nfs: cannot write into ".*newlocal\/": no such directory/);
    assertFalse(await exists(l("newlocal")));
    expectRun(await nfs(["put", "--parents", l("hello.txt"), slash(s.url("newdir"))]), 0);
    assertEquals(await Deno.readTextFile(d("newdir/hello.txt")), "hello\n");
    await Deno.writeTextFile(d("plain"), "");
    expectRun(
      await nfs(["put", l("hello.txt"), slash(s.url("plain"))]),
      1,
      /not a directory/,
    );
  });

  await t.step('get URL - writes the file to stdout, not to a file named "-"', async () => {
    const r = await nfs(["get", s.url("remote.txt"), "-"], { cwd: local.path });
    expectRun(r, 0);
    assertEquals(r.stdout, "remote\n");
    assertFalse(await exists(l("-")));
    const dir = await nfs(["get", s.url("newdir"), "-"], { cwd: local.path });
    expectRun(dir, 1, /is a directory/);
    expectRun(await nfs(["get", s.url("remote.txt"), "./-"], { cwd: local.path }), 0);
    assertEquals(await Deno.readTextFile(l("-")), "remote\n");
  });

  await t.step("a missing parent is named, and --parents creates it", async () => {
    const target = s.url("no/such/hello.txt");
    const r = await nfs(["put", l("hello.txt"), target]);
    expectRun(
      r,
      1,
      new RegExp(
        `^nfs: cannot write "${re(s.shown("no/such/hello.txt"))}": directory ` +
          `"${re(s.shown("no"))}" does not exist \\(use --parents to create it\\)\\n$`,
      ),
    );
    assertFalse(await exists(d("no")));
    expectRun(await nfs(["put", "--parents", l("hello.txt"), target]), 0);
    assertEquals(await Deno.readTextFile(d("no/such/hello.txt")), "hello\n");
    const down = await nfs(["get", "--parents", s.url("remote.txt"), l("a/b/r.txt")]);
    expectRun(down, 0);
    assert(await exists(l("a/b/r.txt")));
  });
});
