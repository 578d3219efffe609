/**
 * Offline unit tests of the CLI's helpers: name safety, temporary names, formatting, mode and
 * size parsing, word splitting, shell paths, progress rendering, error messages.
 */
import { assert, assertEquals, assertMatch, assertNotEquals, assertThrows } from "@std/assert";
import { nfsError, quoteName } from "../../nfs/errors.ts";
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
    assertNotEquals(unsafeNameReason(name, "linux"), null, JSON.stringify(name));
  }
  for (
    const name of ["a", ".hidden", "..x", "x..", "a b", "é", "a\\b", "a:b", "-rf", "...", "\x1b[2J"]
  ) {
    assertEquals(unsafeNameReason(name, "linux"), null, JSON.stringify(name));
  }
  assertNotEquals(unsafeNameReason("a\\b", "windows"), null);
  assertNotEquals(unsafeNameReason("c:x", "windows"), null);
  assertMatch(unsafeNameReason("a/b", "linux")!, /"\/"/);
  assertMatch(unsafeNameReason("..", "linux")!, /"\.\."/);
});

Deno.test("partialName() is a hidden sibling name, unique per call, bounded in length", () => {
  assertEquals(partialName("a.txt", "0123abcd"), ".a.txt.nfs-partial-0123abcd");
  assertNotEquals(partialName("a"), partialName("a"));
  assertMatch(partialName("a"), /^\.a\.nfs-partial-[0-9a-f]{8}$/);
  assert(partialName("x".repeat(255)).length <= 255);
  assertEquals(unsafeNameReason(partialName("x".repeat(255))), null);
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
  for (const [n, text] of cases) assertEquals(humanSize(n), text, String(n));
});

Deno.test("modeString() and octalMode() render permission bits", () => {
  assertEquals(modeString("directory", 0o755), "drwxr-xr-x");
  assertEquals(modeString("file", 0o644), "-rw-r--r--");
  assertEquals(modeString("symlink", 0o777), "lrwxrwxrwx");
  assertEquals(modeString("file", 0o4755), "-rwsr-xr-x");
  assertEquals(modeString("file", 0o2644), "-rw-r-Sr--");
  assertEquals(modeString("directory", 0o1777), "drwxrwxrwt");
  assertEquals(modeString("fifo", 0o1666), "prw-rw-rwT");
  assertEquals(octalMode(0o644), "0644");
  assertEquals(octalMode(0o104755), "4755");
});

Deno.test("parseMode() handles octal and symbolic modes", () => {
  const m = (text: string, cur: number, dir = false) => parseMode(text).apply(cur, dir);
  assertEquals(m("755", 0), 0o755);
  assertEquals(m("0640", 0o777), 0o640);
  assertEquals(parseMode("644").relative, false);
  assertEquals(m("u+x", 0o644), 0o744);
  assertEquals(m("go-w", 0o666), 0o644);
  assertEquals(m("a=r", 0o777), 0o444);
  assertEquals(m("=rw", 0o7777), 0o666);
  assertEquals(m("u+x,g=u", 0o600), 0o770);
  assertEquals(m("a+X", 0o644), 0o644);
  assertEquals(m("a+X", 0o644, true), 0o755);
  assertEquals(m("a+X", 0o744), 0o755);
  assertEquals(m("+t", 0o777), 0o1777);
  assertEquals(m("u+s,g+s", 0o755), 0o6755);
  assertEquals(m("-w", 0o666), 0o444);
  assertEquals(m("u-w+x", 0o644), 0o544);
  for (const bad of ["", "8", "12345", "u+q", "z+x", "u", "rwx"]) {
    assertMatch(assertThrows(() => parseMode(bad), Error).message, /invalid mode/, bad);
  }
});

Deno.test("parseSize() reads bytes with binary and decimal suffixes", () => {
  assertEquals(parseSize("0"), 0n);
  assertEquals(parseSize("1234"), 1234n);
  assertEquals(parseSize("1K"), 1024n);
  assertEquals(parseSize("2MiB"), 2n << 20n);
  assertEquals(parseSize("3g"), 3n << 30n);
  assertEquals(parseSize("5MB"), 5_000_000n);
  for (const bad of ["", "-1", "1.5K", "K", "1X", "1 K"]) {
    assertMatch(assertThrows(() => parseSize(bad), Error).message, /invalid size/);
  }
});

Deno.test("splitWords() splits like a shell: blanks, quotes, backslashes", () => {
  assertEquals(splitWords("  ls   -l  dir "), ["ls", "-l", "dir"]);
  assertEquals(splitWords(`get "a b.txt" 'c d' e\\ f`), ["get", "a b.txt", "c d", "e f"]);
  assertEquals(splitWords(`say "q\\"x\\\\y" it's'`), ["say", 'q"x\\y', "its"]);
  assertEquals(splitWords(`a""b ''`), ["ab", ""]);
  assertEquals(splitWords(""), []);
  assertMatch(assertThrows(() => splitWords(`cat "x`), Error).message, /unterminated quote/);
  assertMatch(assertThrows(() => splitWords("cat 'x"), Error).message, /unterminated quote/);
});

Deno.test("shellPath() resolves against the current directory without leaving the root", () => {
  assertEquals(shellPath("/a/b", "c"), "/a/b/c");
  assertEquals(shellPath("/a/b", "../c"), "/a/c");
  assertEquals(shellPath("/a/b", "/x/./y/"), "/x/y");
  assertEquals(shellPath("/a", "../../.."), "/");
  assertEquals(shellPath("/", "."), "/");
  assertEquals(lastComponent("/a/b/.."), "a");
  assertEquals(lastComponent("/"), "");
});

Deno.test("displayUrl() drops the query (ports, uid) from URLs in messages", () => {
  assertEquals(displayUrl("nfs://h/e/a.txt?nfsport=1&uid=0"), "nfs://h/e/a.txt");
  assertEquals(displayUrl("nfs://h/e"), "nfs://h/e");
});

Deno.test("columns() fills down first within the width", () => {
  assertEquals(columns(["a", "bb", "c", "d", "e"], 10), ["a   c   e", "bb  d"]);
  assertEquals(columns(["long-name"], 4), ["long-name"]);
  assertEquals(columns([], 80), []);
});

Deno.test("printable() is quoteName() without the quotes, fast path or not", () => {
  const units = ["a", "é", "\x1b", "\x7f", "\x85", "\x9f", "\xa0", "\ud83d", "\ude00", "日", "\n"];
  for (const a of units) {
    for (const b of units) {
      for (const c of units) assertEquals(printable(a + b + c), quoteName(a + b + c).slice(1, -1));
    }
  }
});

Deno.test("printable() escapes control characters from server names", () => {
  assertEquals(printable("a\x1b[2Jb\n"), "a\\x1b[2Jb\\x0a");
  assertEquals(printable("é ok"), "é ok");
});

Deno.test("reasonOf() and failureMessage() word NFS, local and CLI failures", () => {
  const e = nfsError({ status: 2, proc: "NFS3 LOOKUP", path: "x/y", verb: "stat" });
  assertEquals(reasonOf(e), "no such file or directory (NFS3ERR_NOENT)");
  assertEquals(
    failureMessage("get", "a/b", e),
    'cannot get "a/b": no such file or directory (NFS3ERR_NOENT)',
  );
  let local: unknown;
  try {
    Deno.statSync("/no/such/path/here");
  } catch (err) {
    local = err;
  }
  assertEquals(reasonOf(local), "no such file or directory");
  assertEquals(
    reasonOf(new Refusal("file exists (use -f to overwrite)")),
    "file exists (use -f to overwrite)",
  );
  const op = new OpError("write", "out/a.txt", local);
  assertEquals(
    failureMessage("get", "nfs://h/e/a.txt", op),
    'cannot write "out/a.txt": no such file or directory',
  );
  assertEquals(reasonOf(new DOMException("x", "AbortError")), "interrupted");
});

Deno.test("renderBar() shows percent, bytes, rate and ETA within the width", () => {
  const line = renderBar(
    { label: "big.bin", done: 50 << 20, total: 100 << 20, rate: 10 << 20 },
    80,
  );
  assert(line.length <= 79, line);
  assertMatch(line, /^big\.bin\s+50% \[=+>\s+\] 50 MiB\/100 MiB 10 MiB\/s ETA 0:05$/);
  const done = renderBar({ label: "x", done: 10, total: 10, rate: 5 }, 60);
  assertMatch(done, /100% \[=+\] 10 B\/10 B 5 B\/s$/);
  const long = renderBar({ label: "a".repeat(200), done: 1, total: 2, rate: 1 }, 80);
  assert(long.length <= 79 && long.startsWith("…"), long);
  assertMatch(
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
  assertEquals(text, "", "nothing before 500 ms");
  now = 600;
  auto.add(10);
  assertMatch(text, /30%/);
  auto.end();
  auto.finish();
  assert(text.endsWith("\n"));

  text = "";
  now = 0;
  const pipe = make("auto", false);
  pipe.begin("f", 100);
  now = 5000;
  pipe.add(100);
  pipe.end();
  pipe.finish("summary");
  assertEquals(text, "", "nothing on a pipe without --progress");

  const always = make("always", false);
  always.begin("f", 4);
  always.add(4);
  always.end();
  always.finish("1 file");
  assertMatch(text, /100%/);
  assertMatch(text, /\r1 file\s*\n$/);
  assert(!text.includes("\x1b"), "no escape sequences on a pipe");

  text = "";
  const quiet = make("never", true);
  quiet.begin("f", 1);
  now = 10_000;
  quiet.add(1);
  quiet.finish("x");
  assertEquals(text, "");
});

Deno.test("StreamLines reads \\n and \\r\\n lines, and a last line without newline", async () => {
  const src = new StreamLines(
    ReadableStream.from([new TextEncoder().encode("a\r\nb"), new TextEncoder().encode("c\n\nd")]),
  );
  const lines = [];
  for (let l = await src.read(""); l !== null; l = await src.read("")) lines.push(l);
  assertEquals(lines, ["a", "bc", "", "d"]);
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
    const e = assertThrows(() => parseCommand(spec(name), argv), UsageError);
    assertMatch(e.message, message);
    assertEquals(e.command, name);
  }
  const ok = parseCommand(spec("get"), ["-rp", "--", "-odd-name", "dest"]);
  assertEquals([ok.flags.recursive, ok.flags.preserve, ok.args], [true, true, [
    "-odd-name",
    "dest",
  ]]);
  assertEquals(parseCommand(spec("ls"), ["-h"]).flags.human, true, "ls -h is human sizes");
  assertEquals(parseCommand(spec("get"), ["-h"]).help, true, "get -h is help");
  assertEquals(
    parseCommand(spec("cat"), ["--help"]).help,
    true,
    "--help wins over missing arguments",
  );
});

Deno.test("wrap() wraps words and keeps paragraphs", () => {
  assertEquals(wrap("aa bb cc\ndd", 5), "aa bb\ncc dd");
  assertEquals(wrap("a\n\nb", 80), "a\n\nb");
});
