/**
 * Offline unit tests of the CLI's helpers: name safety, temporary names, formatting, mode and
 * size parsing, word splitting, shell paths, progress rendering, error messages.
 */
import assert from "node:assert/strict";
import { nfsError } from "../../mod.ts";
import { parseCommand, parseMode, parseSize, wrap } from "../../cli/_args.ts";
import { COMMANDS, findCommand } from "../../cli/commands/mod.ts";
import { UsageError } from "../../cli/_errors.ts";
import { displayUrl, lastComponent } from "../../cli/_resolve.ts";
import { partialName, unsafeNameReason } from "../../cli/_copy.ts";
import { failureMessage, OpError, reasonOf, Refusal } from "../../cli/_errors.ts";
import { columns, humanSize, modeString, octalMode, printable } from "../../cli/_output.ts";
import { Progress, renderBar } from "../../cli/_progress.ts";
import { splitWords, StreamLines } from "../../cli/_readline.ts";
import { shellPath } from "../../cli/shell.ts";

Deno.test("unsafeNameReason() refuses names that could leave the destination", () => {
  for (const name of ["", ".", "..", "a/b", "/etc", "../x", "a\0b", "x/", "/"]) {
    assert.notEqual(unsafeNameReason(name, "linux"), null, JSON.stringify(name));
  }
  for (
    const name of ["a", ".hidden", "..x", "x..", "a b", "é", "a\\b", "a:b", "-rf", "...", "\x1b[2J"]
  ) {
    assert.equal(unsafeNameReason(name, "linux"), null, JSON.stringify(name));
  }
  assert.notEqual(unsafeNameReason("a\\b", "windows"), null);
  assert.notEqual(unsafeNameReason("c:x", "windows"), null);
  assert.match(unsafeNameReason("a/b", "linux")!, /"\/"/);
  assert.match(unsafeNameReason("..", "linux")!, /"\.\."/);
});

Deno.test("partialName() is a hidden sibling name, unique per call, bounded in length", () => {
  assert.equal(partialName("a.txt", "0123abcd"), ".a.txt.nfs-partial-0123abcd");
  assert.notEqual(partialName("a"), partialName("a"));
  assert.match(partialName("a"), /^\.a\.nfs-partial-[0-9a-f]{8}$/);
  assert.ok(partialName("x".repeat(255)).length <= 255);
  assert.equal(unsafeNameReason(partialName("x".repeat(255))), null);
});

Deno.test("humanSize() shows sizes as ls -h does", () => {
  const cases: [number | bigint, string][] = [
    [0, "0"],
    [1023, "1023"],
    [1024, "1.0K"],
    [1536, "1.5K"],
    [10 * 1024 - 1, "10K"],
    [1024 * 1024 - 1, "1.0M"],
    [100 * 1024 * 1024, "100M"],
    [5n * 1024n ** 4n, "5.0T"],
  ];
  for (const [n, text] of cases) assert.equal(humanSize(n), text, String(n));
});

Deno.test("modeString() and octalMode() render permission bits", () => {
  assert.equal(modeString("directory", 0o755), "drwxr-xr-x");
  assert.equal(modeString("file", 0o644), "-rw-r--r--");
  assert.equal(modeString("symlink", 0o777), "lrwxrwxrwx");
  assert.equal(modeString("file", 0o4755), "-rwsr-xr-x");
  assert.equal(modeString("file", 0o2644), "-rw-r-Sr--");
  assert.equal(modeString("directory", 0o1777), "drwxrwxrwt");
  assert.equal(modeString("fifo", 0o1666), "prw-rw-rwT");
  assert.equal(octalMode(0o644), "0644");
  assert.equal(octalMode(0o104755), "4755");
});

Deno.test("parseMode() handles octal and symbolic modes", () => {
  const m = (text: string, cur: number, dir = false) => parseMode(text).apply(cur, dir);
  assert.equal(m("755", 0), 0o755);
  assert.equal(m("0640", 0o777), 0o640);
  assert.equal(parseMode("644").relative, false);
  assert.equal(m("u+x", 0o644), 0o744);
  assert.equal(m("go-w", 0o666), 0o644);
  assert.equal(m("a=r", 0o777), 0o444);
  assert.equal(m("=rw", 0o7777), 0o666);
  assert.equal(m("u+x,g=u", 0o600), 0o770);
  assert.equal(m("a+X", 0o644), 0o644);
  assert.equal(m("a+X", 0o644, true), 0o755);
  assert.equal(m("a+X", 0o744), 0o755);
  assert.equal(m("+t", 0o777), 0o1777);
  assert.equal(m("u+s,g+s", 0o755), 0o6755);
  assert.equal(m("-w", 0o666), 0o444);
  assert.equal(m("u-w+x", 0o644), 0o544);
  for (const bad of ["", "8", "12345", "u+q", "z+x", "u", "rwx"]) {
    assert.throws(() => parseMode(bad), /invalid mode/, bad);
  }
});

Deno.test("parseSize() reads bytes with binary and decimal suffixes", () => {
  assert.equal(parseSize("0"), 0n);
  assert.equal(parseSize("1234"), 1234n);
  assert.equal(parseSize("1K"), 1024n);
  assert.equal(parseSize("2MiB"), 2n << 20n);
  assert.equal(parseSize("3g"), 3n << 30n);
  assert.equal(parseSize("5MB"), 5_000_000n);
  for (const bad of ["", "-1", "1.5K", "K", "1X", "1 K"]) {
    assert.throws(() => parseSize(bad), /invalid size/);
  }
});

Deno.test("splitWords() splits like a shell: blanks, quotes, backslashes", () => {
  assert.deepEqual(splitWords("  ls   -l  dir "), ["ls", "-l", "dir"]);
  assert.deepEqual(splitWords(`get "a b.txt" 'c d' e\\ f`), ["get", "a b.txt", "c d", "e f"]);
  assert.deepEqual(splitWords(`say "q\\"x\\\\y" it's'`), ["say", 'q"x\\y', "its"]);
  assert.deepEqual(splitWords(`a""b ''`), ["ab", ""]);
  assert.deepEqual(splitWords(""), []);
  assert.throws(() => splitWords(`cat "x`), /unterminated quote/);
  assert.throws(() => splitWords("cat 'x"), /unterminated quote/);
});

Deno.test("shellPath() resolves against the current directory without leaving the root", () => {
  assert.equal(shellPath("/a/b", "c"), "/a/b/c");
  assert.equal(shellPath("/a/b", "../c"), "/a/c");
  assert.equal(shellPath("/a/b", "/x/./y/"), "/x/y");
  assert.equal(shellPath("/a", "../../.."), "/");
  assert.equal(shellPath("/", "."), "/");
  assert.equal(lastComponent("/a/b/.."), "a");
  assert.equal(lastComponent("/"), "");
});

Deno.test("displayUrl() drops the query (ports, uid) from URLs in messages", () => {
  assert.equal(displayUrl("nfs://h/e/a.txt?nfsport=1&uid=0"), "nfs://h/e/a.txt");
  assert.equal(displayUrl("nfs://h/e"), "nfs://h/e");
});

Deno.test("columns() fills down first within the width", () => {
  assert.deepEqual(columns(["a", "bb", "c", "d", "e"], 10), ["a   c   e", "bb  d"]);
  assert.deepEqual(columns(["long-name"], 4), ["long-name"]);
  assert.deepEqual(columns([], 80), []);
});

Deno.test("printable() escapes control characters from server names", () => {
  assert.equal(printable("a\x1b[2Jb\n"), "a\\x1b[2Jb\\x0a");
  assert.equal(printable("é ok"), "é ok");
});

Deno.test("reasonOf() and failureMessage() word NFS, local and CLI failures", () => {
  const e = nfsError({ status: 2, proc: "NFS3 LOOKUP", path: "x/y", verb: "stat" });
  assert.equal(reasonOf(e), "no such file or directory (NFS3ERR_NOENT)");
  assert.equal(
    failureMessage("get", "a/b", e),
    'cannot get "a/b": no such file or directory (NFS3ERR_NOENT)',
  );
  let local: unknown;
  try {
    Deno.statSync("/no/such/path/here");
  } catch (err) {
    local = err;
  }
  assert.equal(reasonOf(local), "no such file or directory");
  assert.equal(
    reasonOf(new Refusal("file exists (use -f to overwrite)")),
    "file exists (use -f to overwrite)",
  );
  const op = new OpError("write", "out/a.txt", local);
  assert.equal(
    failureMessage("get", "nfs://h/e/a.txt", op),
    'cannot write "out/a.txt": no such file or directory',
  );
  assert.equal(reasonOf(new DOMException("x", "AbortError")), "interrupted");
});

Deno.test("renderBar() shows percent, bytes, rate and ETA within the width", () => {
  const line = renderBar(
    { label: "big.bin", done: 50 << 20, total: 100 << 20, rate: 10 << 20 },
    80,
  );
  assert.ok(line.length <= 79, line);
  assert.match(line, /^big\.bin\s+50% \[=+>\s+\] 50 MiB\/100 MiB 10 MiB\/s ETA 0:05$/);
  const done = renderBar({ label: "x", done: 10, total: 10, rate: 5 }, 60);
  assert.match(done, /100% \[=+\] 10 B\/10 B 5 B\/s$/);
  const long = renderBar({ label: "a".repeat(200), done: 1, total: 2, rate: 1 }, 80);
  assert.ok(long.length <= 79 && long.startsWith("…"), long);
  assert.match(
    renderBar({ label: "s", done: 2048, total: null, rate: 1024 }, 80),
    /^s 2\.0 KiB 1\.0 KiB\/s$/,
  );
});

Deno.test("Progress waits half a second in auto mode, draws at once with --progress", () => {
  let now = 0;
  let text = "";
  const make = (mode: "auto" | "always" | "never", terminal: boolean) =>
    new Progress(mode, { now: () => now, write: (t) => (text += t), terminal, width: 80 });
  const auto = make("auto", true);
  auto.begin("f", 100);
  auto.add(10);
  now = 400;
  auto.add(10);
  assert.equal(text, "", "nothing before 500 ms");
  now = 600;
  auto.add(10);
  assert.match(text, /30%/);
  auto.end();
  auto.finish();
  assert.ok(text.endsWith("\n"));

  text = "";
  now = 0;
  const pipe = make("auto", false);
  pipe.begin("f", 100);
  now = 5000;
  pipe.add(100);
  pipe.end();
  pipe.finish("summary");
  assert.equal(text, "", "nothing on a pipe without --progress");

  const always = make("always", false);
  always.begin("f", 4);
  always.add(4);
  always.end();
  always.finish("1 file");
  assert.match(text, /100%/);
  assert.match(text, /\r1 file\s*\n$/);
  assert.ok(!text.includes("\x1b"), "no escape sequences on a pipe");

  text = "";
  const quiet = make("never", true);
  quiet.begin("f", 1);
  now = 10_000;
  quiet.add(1);
  quiet.finish("x");
  assert.equal(text, "");
});

Deno.test("StreamLines reads \\n and \\r\\n lines, and a last line without newline", async () => {
  const src = new StreamLines(
    ReadableStream.from([new TextEncoder().encode("a\r\nb"), new TextEncoder().encode("c\n\nd")]),
  );
  const lines = [];
  for (let l = await src.read(""); l !== null; l = await src.read("")) lines.push(l);
  assert.deepEqual(lines, ["a", "bc", "", "d"]);
});

Deno.test("parseCommand() turns bad command lines into usage errors", () => {
  const spec = (name: string) => findCommand(COMMANDS, name)!;
  const bad: [string, string[], RegExp][] = [
    ["ls", ["-z"], /^unknown option "-z"$/],
    ["ls", ["--frob"], /^unknown option "--frob"$/],
    ["ls", ["a", "b"], /^too many arguments$/],
    ["cat", [], /^missing arguments$/],
    ["cp", ["a"], /^too few arguments$/],
    ["truncate", ["-s"], /^option "-s" needs a value$/],
    ["ls", ["--json=1"], /^option "--json" does not take a value$/],
  ];
  for (const [name, argv, message] of bad) {
    assert.throws(() => parseCommand(spec(name), argv), (e) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, message);
      assert.equal(e.command, name);
      return true;
    });
  }
  const ok = parseCommand(spec("get"), ["-rp", "--", "-odd-name", "dest"]);
  assert.deepEqual([ok.flags.recursive, ok.flags.preserve, ok.args], [true, true, [
    "-odd-name",
    "dest",
  ]]);
  assert.equal(parseCommand(spec("ls"), ["-h"]).flags.human, true, "ls -h is human sizes");
  assert.equal(parseCommand(spec("get"), ["-h"]).help, true, "get -h is help");
  assert.equal(
    parseCommand(spec("cat"), ["--help"]).help,
    true,
    "--help wins over missing arguments",
  );
});

Deno.test("wrap() wraps words and keeps paragraphs", () => {
  assert.equal(wrap("aa bb cc\ndd", 5), "aa bb\ncc dd");
  assert.equal(wrap("a\n\nb", 80), "a\n\nb");
});
