/**
 * `ls`, `stat`, `df`, `exports` against real servers; `--json` output is parsed back and
 * checked against the export directory on disk.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { type CliServer, cliSuite, expectRun, nfs, re } from "./_cli.ts";

async function makeTree(dir: string): Promise<void> {
  await Deno.writeTextFile(`${dir}/a.txt`, "hello\n");
  await Deno.chmod(`${dir}/a.txt`, 0o640);
  await Deno.writeTextFile(`${dir}/.hidden`, "");
  await Deno.mkdir(`${dir}/dir/sub`, { recursive: true });
  await Deno.writeTextFile(`${dir}/dir/sub/b.txt`, "bb");
  await Deno.mkdir(`${dir}/empty`);
  await Deno.symlink("a.txt", `${dir}/link`);
}

interface JsonEntry {
  name: string;
  type: string;
  size: number;
  mode: string;
  uid: number;
  gid: number;
  nlink: number;
  mtime: string;
  fileid: string;
  target?: string;
  atime?: string;
  ctime?: string;
  dev?: number;
}

/**
 * Checks a `--json` record against `lstat` of the file on disk (the file id only where the
 * server passes inode numbers on: the Universal NFS Server makes them up).
 */
function assertMatchesDisk(
  s: CliServer,
  e: JsonEntry,
  st: Deno.FileInfo,
  what: string,
): void {
  const type = st.isFile ? "file" : st.isDirectory ? "directory" : st.isSymlink ? "symlink" : "?";
  assertEquals(e.type, type, `${what}: type`);
  assertEquals(e.mode, (st.mode! & 0o7777).toString(8).padStart(4, "0"), `${what}: mode`);
  assertEquals(e.uid, st.uid, `${what}: uid`);
  assertEquals(e.gid, st.gid, `${what}: gid`);
  assertEquals(e.nlink, st.nlink, `${what}: nlink`);
  if (s.caps.diskFileIds) assertEquals(e.fileid, String(st.ino), `${what}: fileid`);
  else assertMatch(e.fileid, /^[1-9]\d*$/, `${what}: fileid`);
  if (!st.isDirectory) assertEquals(e.size, st.size, `${what}: size`);
  const sec = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  assertEquals(sec(e.mtime), Math.floor(st.mtime!.getTime() / 1000), `${what}: mtime`);
  assertMatch(e.mtime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
}

cliSuite("ls, stat, df, exports", async (t, s) => {
  await makeTree(s.exportDir);
  const disk = (rel: string) => Deno.lstat(`${s.exportDir}/${rel}`);

  await t.step("ls lists names, -a adds dotfiles, -l shows modes and symlink targets", async () => {
    const [plain, all, long, file] = await Promise.all([
      nfs(["ls", s.url()]),
      nfs(["ls", "-a", s.url()]),
      nfs(["ls", "-l", s.url()]),
      nfs(["ls", "-l", s.url("a.txt")]),
    ]);
    [plain, all, long, file].forEach((r) => expectRun(r, 0));
    assertEquals(plain.stdout, "a.txt\ndir\nempty\nlink\n");
    assertEquals(all.stdout, ".hidden\na.txt\ndir\nempty\nlink\n");
    assertMatch(long.stdout, /^-rw-r----- +1 \d+ +\d+ +6 \d{4}-\d\d-\d\d \d\d:\d\d a\.txt$/m);
    assertMatch(long.stdout, /^drwx.* dir$/m);
    assertMatch(long.stdout, /^lrwxrwxrwx .* link -> a\.txt$/m);
    assertMatch(file.stdout, /^-rw-r----- .* a\.txt\n$/);
  });

  await t.step("ls --json matches the export directory on disk", async () => {
    const r = await nfs(["ls", "--json", "-a", s.url()]);
    expectRun(r, 0);
    const entries = JSON.parse(r.stdout) as JsonEntry[];
    assertEquals(entries.map((e) => e.name), [".hidden", "a.txt", "dir", "empty", "link"]);
    for (const e of entries) assertMatchesDisk(s, e, await disk(e.name), e.name);
    assertEquals(entries.find((e) => e.name === "link")!.target, "a.txt");
    assert(entries.filter((e) => e.name !== "link").every((e) => !("target" in e)));
    assertEquals(Object.keys(entries[1]!), [
      "name",
      "type",
      "size",
      "mode",
      "uid",
      "gid",
      "nlink",
      "mtime",
      "fileid",
    ]);
  });

  await t.step("ls -U lists the same entries in the server's order", async () => {
    const [sorted, unsorted, long, longU, json, jsonU] = await Promise.all([
      nfs(["ls", "-a", s.url()]),
      nfs(["ls", "-aU", s.url()]),
      nfs(["ls", "-l", s.url()]),
      nfs(["ls", "-lU", s.url()]),
      nfs(["ls", "--json", s.url()]),
      nfs(["ls", "-U", "--json", s.url()]),
    ]);
    [sorted, unsorted, long, longU, json, jsonU].forEach((r) => expectRun(r, 0));
    const lines = (text: string) => text.trimEnd().split("\n").sort();
    assertEquals(lines(unsorted.stdout), lines(sorted.stdout));
    assertEquals(lines(longU.stdout), lines(long.stdout));
    const byName = (text: string) =>
      (JSON.parse(text) as JsonEntry[]).sort((a, b) => (a.name < b.name ? -1 : 1));
    assertEquals(byName(jsonU.stdout), byName(json.stdout));
  });

  await t.step("ls -R walks the tree (text headers; relative names in JSON)", async () => {
    const [text, json] = await Promise.all([
      nfs(["ls", "-R", s.url()]),
      nfs(["ls", "-R", "--json", s.url("dir")]),
    ]);
    expectRun(text, 0);
    expectRun(json, 0);
    assertEquals(
      text.stdout,
      ".:\na.txt\ndir\nempty\nlink\n\ndir:\nsub\n\ndir/sub:\nb.txt\n\nempty:\n",
    );
    const names = (JSON.parse(json.stdout) as JsonEntry[]).map((e) => e.name);
    assertEquals(names, ["sub", "sub/b.txt"]);
  });

  await t.step("stat shows a symlink itself unless -L; --json adds atime, ctime, dev", async () => {
    const [text, json, link, deref] = await Promise.all([
      nfs(["stat", s.url("a.txt")]),
      nfs(["stat", "--json", s.url("a.txt"), s.url("dir")]),
      nfs(["stat", "--json", s.url("link")]),
      nfs(["stat", "-L", "--json", s.url("link")]),
    ]);
    [text, json, link, deref].forEach((r) => expectRun(r, 0));
    assertMatch(text.stdout, new RegExp(`^ {2}File: ${re(s.shown("a.txt"))}$`, "m"));
    assertMatch(text.stdout, /^ {2}Mode: 0640 \(-rw-r-----\)/m);
    const lines = json.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as JsonEntry);
    assertEquals(lines.map((e) => e.name), ["a.txt", "dir"]);
    assertMatchesDisk(s, lines[0]!, await disk("a.txt"), "a.txt");
    assertMatchesDisk(s, lines[1]!, await disk("dir"), "dir");
    assertEquals(typeof lines[0]!.dev, "number");
    assertMatch(lines[0]!.atime!, /Z$/);
    assertMatch(lines[0]!.ctime!, /Z$/);
    const l = JSON.parse(link.stdout) as JsonEntry;
    assertEquals(l.type, "symlink");
    assertEquals(l.target, "a.txt");
    assertMatchesDisk(s, l, await disk("link"), "link");
    assertEquals((JSON.parse(deref.stdout) as JsonEntry).type, "file");
  });

  await t.step("a missing file exits with 1 and names it", async () => {
    const [ls, st, both] = await Promise.all([
      nfs(["ls", s.url("missing")]),
      nfs(["stat", s.url("nope/x")]),
      nfs(["stat", "--json", s.url("nope"), s.url("a.txt")]),
    ]);
    const noent = (rel: string, verb: string) =>
      new RegExp(
        `^nfs: cannot ${verb} "${re(s.shown(rel))}": no such file or directory \\(${
          s.st("NOENT")
        }\\)\\n$`,
      );
    expectRun(ls, 1, noent("missing", "list"));
    expectRun(st, 1, noent("nope/x", "stat"));
    expectRun(both, 1, noent("nope", "stat"));
    assertEquals(ls.stdout, "");
    assertEquals(
      (JSON.parse(both.stdout) as JsonEntry).name,
      "a.txt",
      "the other operand still shows",
    );
  });

  await t.step("df shows usage; --json has the six counters as numbers", async () => {
    const [text, human, json] = await Promise.all([
      nfs(["df", s.url()]),
      nfs(["df", "-h", s.url()]),
      nfs(["df", "--json", s.url()]),
    ]);
    [text, human, json].forEach((r) => expectRun(r, 0));
    assertMatch(text.stdout, /^Filesystem +1K-blocks +Used +Available +Use% +Inodes +IFree\n/);
    assertMatch(text.stdout, new RegExp(`^${re(s.shown())} +\\d+ +\\d+ +\\d+ +\\d+% `, "m"));
    assertMatch(human.stdout, /^Filesystem +Size +Used +Avail +Use%/);
    const j = JSON.parse(json.stdout) as Record<string, unknown>;
    const keys = ["totalBytes", "freeBytes", "availBytes", "totalFiles", "freeFiles", "availFiles"];
    assertEquals(Object.keys(j), ["filesystem", ...keys]);
    for (const k of keys) assertEquals(typeof j[k], "number", k);
    assert((j.totalBytes as number) > 0 && (j.availBytes as number) <= (j.totalBytes as number));
  });

  await t.step("exports lists the export like showmount -e", async () => {
    const port = String(s.mountPort);
    const [text, json, viaUrl] = await Promise.all([
      nfs(["exports", "--mountport", port, s.host]),
      nfs(["exports", "--json", "--mountport", port, s.host]),
      nfs(["exports", `nfs://${s.host}?mountport=${port}`]),
    ]);
    if (!s.caps.exportList) {
      // go-nfs has no EXPORT procedure (see its caps): said plainly, status 1.
      for (const r of [text, json, viaUrl]) {
        expectRun(r, 1, /^nfs: cannot list exports of ".*": the server does not list its exports/);
      }
      return;
    }
    [text, json, viaUrl].forEach((r) => expectRun(r, 0));
    assertMatch(
      text.stdout,
      new RegExp(`^Export list for ${re(s.host)}:\\n${re(s.exportPath)} +\\S+\\n`),
    );
    assertMatch(viaUrl.stdout, new RegExp(`^${re(s.exportPath)} `, "m"));
    const list = JSON.parse(json.stdout) as { dir: string; groups: string[] }[];
    assert(list.some((e) => e.dir === s.exportPath && Array.isArray(e.groups)), json.stdout);
  });

  await t.step("a URL asking for a version the server does not speak says so", async () => {
    // Every kind serves one NFS version: ask for the other one.
    const other = s.caps.version === 3 ? 2 : 3;
    const u = new URL(s.url());
    u.searchParams.set("version", String(other));
    const r = await nfs(["ls", u.href]);
    expectRun(r, 1, new RegExp(`^nfs: cannot mount ".*": this server does not speak NFSv${other}`));
  });
});
