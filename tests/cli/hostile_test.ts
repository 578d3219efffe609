/**
 * The CLI against hostile servers (issue 17): an endless chain of subdirectories and a
 * directory loop stop every recursive walk with a clear error; invalid entries are warned
 * about while the rest is listed; names with terminal escapes are escaped on every output
 * path; SIGTERM and SIGHUP remove partial files as Ctrl-C does.
 *
 * Each run is bounded (killed after RUN_LIMIT_MS, which fails the test): a client that
 * walks for ever shows up as a failure, not a stuck suite.
 *
 * @module
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { concat } from "@std/bytes";
import { CLI, tempDir } from "./_cli.ts";
import { chainTree, loopTree, type Node, replaceBytes, treeServer } from "./_tree_server.ts";
import { startTestServer } from "../../testing/mod.ts";

/** How long one CLI run may take before it is killed (and the test fails). */
const RUN_LIMIT_MS = 20_000;

interface Bounded {
  code: number;
  stdout: string;
  stderr: string;
  killed: boolean;
}

/** Runs the CLI, killing it after RUN_LIMIT_MS; output beyond 4 MiB is dropped. */
async function run(args: string[], cwd?: string): Promise<Bounded> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", CLI, ...args],
    ...(cwd ? { cwd } : {}),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
  }, RUN_LIMIT_MS);
  const collect = async (s: ReadableStream<Uint8Array>) => {
    const parts: Uint8Array[] = [];
    let n = 0;
    for await (const c of s) {
      if (n < 4 << 20) parts.push(c);
      n += c.length;
    }
    return new TextDecoder().decode(concat(parts));
  };
  const [stdout, stderr, status] = await Promise.all([
    collect(child.stdout),
    collect(child.stderr),
    child.status,
  ]);
  clearTimeout(timer);
  return { code: status.code, stdout, stderr, killed };
}

function show(r: Bounded): string {
  return `status ${r.code}${r.killed ? " (killed)" : ""}\n--- stdout\n${
    r.stdout.slice(0, 2000)
  }\n--- stderr\n${r.stderr.slice(0, 4000)}`;
}

const DEPTH_ERROR = /chain\/d\/d\/d.*deeper than 256 directories \(use --max-depth N/;

Deno.test("cli hostile: an endless chain of subdirectories stops at the depth limit", async (t) => {
  await using server = treeServer({ node: chainTree });
  const url = (rel: string) => server.url().replace("/export?", `/export/${rel}?`);
  await using tmp = await tempDir();

  await t.step("ls -R", async () => {
    const r = await run(["ls", "-R", url("chain")]);
    assertEquals([r.code, r.killed], [1, false], show(r));
    assertMatch(r.stderr, DEPTH_ERROR, show(r));
    assertEquals(r.stderr.trim().split("\n").length, 1, show(r));
  });

  await t.step("ls -R --json", async () => {
    const r = await run(["ls", "-R", "--json", url("chain")]);
    assertEquals([r.code, r.killed], [1, false], show(r));
    assertMatch(r.stderr, DEPTH_ERROR, show(r));
    assertEquals(JSON.parse(r.stdout).length, 257, show(r));
  });

  await t.step("--max-depth raises (or lowers) the limit", async () => {
    const r = await run(["ls", "-R", "--max-depth", "3", url("chain")]);
    assertEquals([r.code, r.killed], [1, false], show(r));
    assertMatch(r.stderr, /chain\/d\/d\/d.*deeper than 3 directories/, show(r));
    assertEquals(r.stdout.match(/:\n/g)?.length, 4, show(r));
    const bad = await run(["ls", "-R", "--max-depth", "x", url("chain")]);
    assertEquals(bad.code, 2, show(bad));
  });

  await t.step("get -r", async () => {
    const r = await run(["get", "-r", url("chain"), tmp.path]);
    assertEquals([r.code, r.killed], [1, false], show(r));
    assertMatch(r.stderr, DEPTH_ERROR, show(r));
    let depth = 0;
    for (let p = `${tmp.path}/chain`;; p += "/d", depth++) {
      try {
        await Deno.stat(p);
      } catch {
        break;
      }
    }
    assertEquals(depth, 257);
  });

  await t.step("get -r with a progress bar (its plan walks the tree first)", async () => {
    await Deno.remove(`${tmp.path}/chain`, { recursive: true });
    const r = await run(["get", "-r", "--progress", url("chain"), tmp.path]);
    assertEquals([r.code, r.killed], [1, false], show(r));
    assertEquals(r.stderr.match(/deeper than 256/g)?.length, 1, show(r));
  });

  await t.step("sync", async () => {
    const r = await run(["sync", url("chain"), `${tmp.path}/synced`]);
    assertEquals([r.code, r.killed], [1, false], show(r));
    assertMatch(r.stderr, DEPTH_ERROR, show(r));
  });

  await t.step("rm -r", async () => {
    const r = await run(["rm", "-r", url("chain")]);
    assertEquals([r.code, r.killed], [1, false], show(r));
    assertMatch(r.stderr, DEPTH_ERROR, show(r));
  });

  await t.step("cp -r to another server", async () => {
    await using dest = await startTestServer({ exportPath: "/export" });
    const to = dest.url.replace("/export?", "/export/copy?");
    const r = await run(["cp", "-r", "--max-depth", "5", url("chain"), to]);
    assertEquals([r.code, r.killed], [1, false], show(r));
    assertMatch(r.stderr, /chain\/d\/d\/d\/d\/d.*deeper than 5 directories/, show(r));
    assertEquals(await depthOf(`${dest.exportDir}/copy`), 5);
  });
});

/** How many `d` directories are nested under `top`. */
async function depthOf(top: string): Promise<number> {
  let depth = 0;
  for (let p = `${top}/d`;; p += "/d", depth++) {
    try {
      await Deno.stat(p);
    } catch {
      return depth;
    }
  }
}

Deno.test("cli hostile: put -r of a local tree deeper than the limit stops there", async () => {
  // The local side is walked with the same bounds: a tree 300 directories deep (as deep as a
  // local file system lets one build it here) stops at --max-depth, as get -r does.
  await using dest = await startTestServer({ exportPath: "/export" });
  await using tmp = await tempDir();
  let p = `${tmp.path}/deep`;
  for (let i = 0; i < 300; i++) p += "/d";
  await Deno.mkdir(p, { recursive: true });
  const to = (name: string) => dest.url.replace("/export?", `/export/${name}?`);
  const r = await run(["put", "-r", `${tmp.path}/deep`, to("deep")]);
  assertEquals([r.code, r.killed], [1, false], show(r));
  assertMatch(r.stderr, /deep(\/d){256}.*deeper than 256 directories \(use --max-depth N/, show(r));
  assertEquals(await depthOf(`${dest.exportDir}/deep`), 256);
  const low = await run(["put", "-r", "--max-depth", "2", `${tmp.path}/deep`, to("deep2")]);
  assertEquals([low.code, low.killed], [1, false], show(low));
  assertEquals(await depthOf(`${dest.exportDir}/deep2`), 2);
});

Deno.test("cli hostile: a directory loop is reported once and skipped", async (t) => {
  await using server = treeServer({ node: loopTree });
  const url = (rel: string) => server.url().replace("/export?", `/export/${rel}?`);
  await using tmp = await tempDir();
  const LOOP = /loop\/sub\/back.*directory loop: it is "nfs:\/\/[^"]*\/export\/loop" again/;

  await t.step("ls -R", async () => {
    const r = await run(["ls", "-R", url("loop")]);
    assertEquals([r.code, r.killed], [1, false], show(r));
    assertMatch(r.stderr, LOOP, show(r));
    assertEquals(r.stderr.trim().split("\n").length, 1, show(r));
    assertEquals(r.stdout, ".:\nsub\n\nsub:\nback\nf\n", show(r));
  });

  await t.step("get -r", async () => {
    const r = await run(["get", "-r", url("loop"), tmp.path]);
    assertEquals([r.code, r.killed], [1, false], show(r));
    assertMatch(r.stderr, LOOP, show(r));
    assertEquals(r.stderr.trim().split("\n").length, 1, show(r));
    assertEquals(await Deno.readTextFile(`${tmp.path}/loop/sub/f`), "aaa");
    const names = (await Array.fromAsync(Deno.readDir(`${tmp.path}/loop/sub`))).map((e) => e.name);
    assertEquals(names, ["f"]);
  });

  await t.step("rm -r", async () => {
    const r = await run(["rm", "-r", url("loop")]);
    assertEquals([r.code, r.killed], [1, false], show(r));
    assertMatch(r.stderr, LOOP, show(r));
  });
});

Deno.test("cli hostile: invalid entries are warned about; the others are listed", async () => {
  // "a%b" becomes "a/b" on the wire (the encoder refuses it); "odd" has ftype3 9.
  await using server = treeServer({
    node: (n) =>
      n === 1
        ? { type: "dir", children: [["good", 2], ["a%b", 3], ["odd", 4], ["zed", 5]] }
        : n === 4
        ? { type: "file", rawType: 9 }
        : n <= 5
        ? { type: "file", size: 2 }
        : undefined,
    patch: (r) => replaceBytes(r, "a%b", "a/b"),
  });
  await using tmp = await tempDir();
  const r = await run(["ls", server.url()]);
  assertEquals([r.code, r.killed], [1, false], show(r));
  assertEquals(r.stdout, "good\nzed\n", show(r));
  assertMatch(r.stderr, /warning: .*"a\/b"/, show(r));
  assertMatch(r.stderr, /warning: .*(type|odd)/, show(r));
  assertEquals(r.stderr.trim().split("\n").length, 2, show(r));

  const g = await run(["get", "-r", server.url(), `${tmp.path}/copy`]);
  assertEquals([g.code, g.killed], [1, false], show(g));
  assertEquals(g.stderr.trim().split("\n").length, 2, show(g));
  const names = (await Array.fromAsync(Deno.readDir(`${tmp.path}/copy`))).map((e) => e.name);
  assertEquals(names.sort(), ["good", "zed"]);
});

/** The partial files of `name` (`.NAME.nfs-partial-*`) in `dir`. */
async function partials(dir: string, name: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.name.startsWith(`.${name}.nfs-partial`)) out.push(e.name);
  }
  return out;
}

Deno.test("cli hostile: SIGTERM and SIGHUP during a transfer remove the partial file", async (t) => {
  await using exp = await tempDir();
  await using local = await tempDir();
  const big = new Uint8Array(32 << 20).fill(0x62);
  await Deno.writeFile(`${exp.path}/big`, big);
  await Deno.writeFile(`${local.path}/up`, big);
  // Slow replies of 64 KiB: a transfer of 32 MiB lasts long enough to be stopped in the middle.
  const server = await startTestServer({
    dir: exp.path,
    rtmax: 65536,
    rtpref: 65536,
    wtmax: 65536,
    wtpref: 65536,
    faults: { delay: { READ: 100, WRITE: 100 } },
  });
  const url = (name: string) => {
    const u = new URL(server.url);
    u.pathname = `${u.pathname.replace(/\/$/, "")}/${name}`;
    return u.href;
  };
  try {
    const cases: [string, Deno.Signal, number, string[], string, string][] = [
      ["get", "SIGTERM", 143, [url("big"), local.path], local.path, "big"],
      ["put", "SIGTERM", 143, [`${local.path}/up`, url("up")], exp.path, "up"],
      ["cp", "SIGHUP", 129, [url("big"), url("copy")], exp.path, "copy"],
    ];
    for (const [cmd, sig, code, args, where, name] of cases) {
      await t.step(`${cmd}, ${sig}`, async () => {
        const child = new Deno.Command(Deno.execPath(), {
          args: ["run", "--allow-all", CLI, cmd, ...args],
          stdin: "null",
          stdout: "null",
          stderr: "piped",
        }).spawn();
        const stderr = new Response(child.stderr).text();
        // Wait (bounded) for the partial file, then signal the CLI in the middle of the copy.
        let seen: string[] = [];
        for (let i = 0; i < 400 && seen.length === 0; i++) {
          await new Promise((r) => setTimeout(r, 25));
          seen = await partials(where, name);
        }
        child.kill(sig);
        const status = await child.status;
        const text = await stderr;
        assertEquals(seen.length, 1, `no partial file appeared; stderr: ${text}`);
        assertEquals(await partials(where, name), [], `the partial file is left; ${text}`);
        assertEquals(status.code, code, text);
        assertMatch(text, new RegExp(`terminated \\(${sig}\\)`));
      });
    }
  } finally {
    await server.stop();
  }
});

// Names with terminal escapes (CSI in 7 and 8 bits, OSC), a carriage return, and a byte
// that is not UTF-8 (kept by the client as the lone surrogate U+DCE9).
const EVIL_DIR = "d\x1b[31mred\x1b[0m";
const EVIL_FILE = "f\r\x9b2J\udce9";
const EVIL_LINK = "l\x1b]0;title\x07";
const EVIL_TARGET = "\x1b[5mt";
const EVIL_INNER = "s\x1b[2J";
const EVIL_EXPORT = "/x\x1b[31m";

/** Any control character but newline (a progress bar's "\r" is checked apart). */
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]|\ufffd/;

Deno.test("cli hostile: every output path escapes names from the server", async (t) => {
  const { MOUNT3_SERVER } = await import("../../testing/_mount_codec.ts");
  const { successReply } = await import("../_util/rpc_peer.ts");
  const { xdr } = await import("../reliability/_hostile.ts");
  await using server = treeServer({
    node: (n) =>
      ({
        1: {
          type: "dir",
          children: [[EVIL_DIR, 2], [EVIL_FILE, 3], [EVIL_LINK, 4], ["w", 6]],
        },
        6: { type: "dir", children: [["w\x1b[1m%x", 5]] }, // "%" becomes "/": invalid
        2: { type: "dir", children: [[EVIL_INNER, 5]] },
        3: { type: "file", size: 300_000 },
        4: { type: "symlink", target: EVIL_TARGET },
        5: { type: "file", size: 1 },
      } as Record<number, Node>)[n],
    readDelayMs: 5,
    patch: (r) => replaceBytes(r, "\x1b[1m%x", "\x1b[1m/x"),
    mount: (c) => {
      if (c.proc !== MOUNT3_SERVER.EXPORT.proc) return undefined;
      const list = [
        { exDir: "/export", exGroups: [] },
        { exDir: EVIL_EXPORT, exGroups: ["g\x1b[0m"] },
      ];
      return successReply(c.xid, xdr((w) => MOUNT3_SERVER.EXPORT.encodeRes(w, list)));
    },
  });
  const base = server.url();
  const url = (...names: string[]) =>
    base.replace(
      "/export?",
      `/export/${
        names.map((n) => n.split("\udce9").map(encodeURIComponent).join("%E9")).join("/")
      }?`,
    );
  await using tmp = await tempDir();
  const esc = (s: string) =>
    // deno-lint-ignore no-control-regex
    s.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)
      .replace("\udce9", "\\xe9");

  const cases: [string, string[], string, number, string?][] = [
    ["ls", ["ls", base], "stdout", 0],
    ["ls -l (symlink target)", ["ls", "-l", base], "stdout", 0],
    ["ls -R (directory header)", ["ls", "-R", base], "stdout", 1],
    ["a warning (an invalid entry)", ["ls", url("w")], "stderr", 1],
    ["stat (the URL as given: percent-encoded)", ["stat", url(EVIL_FILE)], "stdout", 0],
    ["stat of a symlink", ["stat", url(EVIL_LINK)], "stdout", 0],
    ["df (the URL as given: percent-encoded)", ["df", url(EVIL_DIR)], "stdout", 0],
    ["exports", ["exports", base], "stdout", 0],
    ["dry run", ["get", "-r", "--dry-run", url(EVIL_DIR), tmp.path], "stdout", 0],
    ["a copy", ["get", "-r", url(EVIL_DIR), tmp.path], "stdout", 0],
    ["an error (file exists)", ["get", "-r", url(EVIL_DIR), tmp.path], "stderr", 1],
    ["--debug's call lines", ["--debug", "get", "-r", url(EVIL_DIR), tmp.path], "stderr", 1],
    ["--debug's lines and a warning", ["--debug", "ls", url("w")], "stderr", 1],
    ["a progress bar's label", ["get", "--progress", url(EVIL_FILE), tmp.path], "stderr", 0],
    ["the shell's pwd", ["shell", url(EVIL_DIR)], "stdout", 0, "pwd\nls\n"],
  ];
  for (const [what, args, stream, code, stdin] of cases) {
    await t.step(what, async () => {
      const r = stdin === undefined ? await run(args) : await runWithStdin(args, stdin);
      const text = stream === "stdout" ? r.stdout : r.stderr;
      const all = (r.stdout + r.stderr).replaceAll(/\r(?=\S)/g, ""); // the bar's own "\r"
      assert(!CONTROL.test(all), `a control character was printed:\n${JSON.stringify(r)}`);
      assertEquals(r.code, code, show(r));
      if (args[0] === "--debug") assertMatch(r.stderr, /^nfs: debug: NFS3 READDIRPLUS /m, show(r));
      // Each output names at least one of the hostile names, escaped.
      if (what === "a copy") return;
      const names = [EVIL_DIR, EVIL_FILE, EVIL_LINK, EVIL_TARGET, EVIL_INNER, EVIL_EXPORT];
      const shown = names.map(esc).filter((n) => text.includes(n));
      if (/^(df|stat) \(/.test(what) && /%1B%5B31m|%0D%C2%9B/.test(text)) shown.push("URL");
      if (/a warning/.test(what) && text.includes("w\\x1b[1m/x")) shown.push("entry");
      assert(shown.length > 0, `no escaped name in ${stream}:\n${show(r)}`);
    });
  }

  await t.step("--json keeps names exact", async () => {
    const r = await run(["ls", "-l", "--json", base]);
    const names = JSON.parse(r.stdout).map((e: { name: string }) => e.name).sort();
    assertEquals(names, [EVIL_DIR, EVIL_FILE, EVIL_LINK, "w"].sort());
  });
});

/** {@linkcode run} with text on stdin. */
async function runWithStdin(args: string[], stdin: string): Promise<Bounded> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", CLI, ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(stdin));
  await w.close();
  const r = await child.output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: r.code, stdout: text(r.stdout), stderr: text(r.stderr), killed: false };
}

Deno.test("cli hostile: sync --delete deletes nothing where the source skipped a name", async () => {
  // `src` holds a.txt and an entry whose name the server sends with a "/" (invalid: the
  // listing leaves it out with a warning). The destination's b.txt may be that very file
  // under another name as far as the copy can tell: it must stay.
  await using server = treeServer({
    node: (n) => {
      switch (n) {
        case 1:
          return { type: "dir", children: [["src", 2]] };
        case 2:
          return { type: "dir", children: [["a.txt", 3], ["x%y", 3]] };
        case 3:
          return { type: "file", size: 2 };
      }
      return undefined;
    },
    patch: (r) => replaceBytes(r, "x%y", "x/y"),
  });
  await using tmp = await tempDir();
  await Deno.mkdir(`${tmp.path}/dst`);
  await Deno.writeTextFile(`${tmp.path}/dst/b.txt`, "keep\n");
  const url = server.url().replace("/export?", "/export/src?");
  const r = await run(["sync", "--delete", url, `${tmp.path}/dst`]);
  assertEquals([r.code, r.killed], [1, false], show(r));
  assertMatch(r.stderr, /not deleting anything in ".*dst": its source listing skipped 1 name/);
  assertEquals(await Deno.readTextFile(`${tmp.path}/dst/a.txt`), "aa");
  assertEquals(await Deno.readTextFile(`${tmp.path}/dst/b.txt`), "keep\n");
});
