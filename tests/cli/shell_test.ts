/**
 * `nfs shell`: a script fed through a pipe (output, exit statuses, stop at the
 * first failure), and the line editor under a pseudo-terminal (`script` from util-linux).
 */
import { assert, assertEquals, assertMatch, assertNotMatch, assertRejects } from "@std/assert";
import { join } from "node:path";
import { cliSuite, expectRun, nfs, Pty, tempDir } from "./_cli.ts";

cliSuite("shell", async (t, s) => {
  const d = (rel: string) => `${s.exportDir}/${rel}`;
  await using local = await tempDir();
  await Deno.mkdir(d("dir"));
  await Deno.writeTextFile(d("dir/hello.txt"), "hello\n");
  await Deno.writeTextFile(join(local.path, "up.txt"), "uploaded\n");

  await t.step("a script from a pipe runs on one connection; exit N ends it", async () => {
    const script = [
      "# a comment, then a blank line",
      "",
      "pwd",
      "ls",
      "cd dir",
      "pwd",
      `put ${join(local.path, "up.txt")}`,
      "cat hello.txt up.txt",
      `lcd ${local.path}`,
      "lpwd",
      "get hello.txt",
      "get up.txt back.txt",
      "mkdir sub",
      "mv up.txt sub/",
      "ls sub",
      'touch "a b.txt" c\\ d.txt',
      "ls",
      "-rm nope",
      "cd ..",
      "stat --json dir/sub/up.txt",
      "rm -r dir/sub",
      "ls -a dir",
      "help",
      "exit 3",
      "ls",
    ].join("\n") + "\n";
    const r = await nfs(["shell", s.url()], { stdin: script });
    assertEquals(r.code, 3, r.stderr);
    assertEquals(
      r.stderr,
      `nfs: cannot remove "nope": no such file or directory (${s.st("NOENT")})\n`,
    );
    const [head, rest] = [r.stdout.split("Commands (")[0]!, r.stdout.split("Commands (")[1]!];
    const lines = head.split("\n");
    const json = lines.find((l) => l.startsWith("{"))!;
    assertEquals(lines.filter((l) => !l.startsWith("{")), [
      "/",
      "dir",
      "/dir",
      "hello",
      "uploaded",
      local.path,
      "up.txt",
      "a b.txt",
      "c d.txt",
      "hello.txt",
      "sub",
      "a b.txt",
      "c d.txt",
      "hello.txt",
      "",
    ]);
    assertEquals(JSON.parse(json).name, "up.txt");
    assertMatch(rest, /^ {2}get \[-r\] \[-p\] \[-f\] \[-q\] PATH \[LOCAL\] +Download/m);
    assertMatch(rest, /^ {2}lcd \[DIR\] /m);
    assertNotMatch(rest, /^ {2}exports /m, "no exports in the shell");
    assertEquals(await Deno.readTextFile(join(local.path, "hello.txt")), "hello\n");
    assertEquals(await Deno.readTextFile(join(local.path, "back.txt")), "uploaded\n");
    assert((await Deno.stat(d("dir/a b.txt"))).isFile);
    await assertRejects(() => Deno.stat(d("dir/sub")));
  });

  await t.step("a script stops at the first failure: 1 for an error, 2 for bad usage", async () => {
    const [failed, usage, quote, start] = await Promise.all([
      nfs(["shell", s.url()], { stdin: "cd nope\nls\n" }),
      nfs(["shell", s.url()], { stdin: "ls -z\nls\n" }),
      nfs(["shell", s.url()], { stdin: 'cat "x\npwd\n' }),
      nfs(["shell", s.url("no/such/dir")], { stdin: "pwd\n" }),
    ]);
    expectRun(
      failed,
      1,
      new RegExp(`^nfs: cannot cd "nope": no such file or directory \\(${s.st("NOENT")}\\)\n$`),
    );
    assertEquals(failed.stdout, "");
    expectRun(usage, 2, /^nfs: unknown option "-z"\nTry "help ls"\.\n$/);
    assertEquals(usage.stdout, "");
    expectRun(quote, 2, /^nfs: unterminated quote \("\)\n/);
    expectRun(start, 1, /^nfs: cannot cd "nfs:\/\/.*\/no\/such\/dir": no such file or directory/);
  });

  await t.step("on a terminal: prompt, line editing, history, Ctrl-C, Ctrl-D", async () => {
    const pty = new Pty(["shell", s.url()], { NFS_HISTFILE: "" }); // no history file in $HOME
    try {
      let at = await pty.waitFor("nfs:/> ");
      /** Types `keys` (a command line), waits for `output`, then for the next prompt. */
      const line = async (keys: string, output: string, prompt = "nfs:/dir> ") => {
        await pty.type(keys);
        at = await pty.waitFor(output, at);
        at = await pty.waitFor(prompt, at);
      };
      await line("cd dir\r", "\n", "nfs:/dir> ");
      // "cax hello.txt", ten times left (to after "cax"), backspace, "t": "cat hello.txt".
      await line(`cax hello.txt${"\x1b[D".repeat(10)}\x7ft\r`, "hello\r\n");
      await line("pwd\r", "/dir\r\n");
      await line("\x1b[A\r", "/dir\r\n"); // up: "pwd" again
      await line("\x1b[A\x1b[A\x1b[A\x1b[B\r", "hello\r\n"); // up 3, down 1: "cat hello.txt"
      await line("\x1b[A\x01\x0bpwd\r", "/dir\r\n"); // recall, Ctrl-A, Ctrl-K, a new line
      await line("ls nope\x03", "^C"); // Ctrl-C drops the line
      await pty.type("\x04");
      assertEquals(await pty.close(), 0, pty.text);
      assertNotMatch(pty.text, /cannot/);
    } finally {
      await pty.close().catch(() => {});
    }
  });
});
