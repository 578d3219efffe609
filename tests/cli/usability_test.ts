/**
 * The CLI as people use `cp`, `sftp` and `rclone` (issue 22): destinations ending in "/",
 * `get URL -`, missing parents and `--parents`, the `mv` overwrite rule, time formats,
 * summaries, `df --json` labels, and the other details a new user trips over.
 */
import { assert, assertEquals, assertFalse, assertMatch } from "@std/assert";
import { equals } from "@std/bytes";
import { join } from "node:path";
import { startTestServer } from "../../testing/mod.ts";
import { ganeshaAvailability, startGanesha } from "../servers/mod.ts";
import { iecSize, writeStderr } from "../../cli/_output.ts";
import { Progress, renderBar } from "../../cli/_progress.ts";
import { CLI_DENO_FLAGS } from "../../cli/_runtime.ts";
import { CLI, cliSuite, expectRun, nfs, Pty, re, type Run, tempDir } from "./_cli.ts";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** A running CLI whose stderr can be awaited line by line, and which can be sent signals. */
class Spawned {
  readonly child: Deno.ChildProcess;
  stderr = "";
  stdout = "";
  readonly #done: Promise<void>;
  #waiters: (() => void)[] = [];

  constructor(args: string[], env: Record<string, string> = {}) {
    this.child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", CLI, ...args],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1", ...env },
    }).spawn();
    const pump = async (stream: ReadableStream<Uint8Array>, key: "stderr" | "stdout") => {
      for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
        this[key] += chunk;
        for (const w of this.#waiters.splice(0)) w();
      }
    };
    this.#done = Promise.all([pump(this.child.stderr, "stderr"), pump(this.child.stdout, "stdout")])
      .then(() => {});
  }

  /** Waits until stderr matches (or the process ends: then it throws). */
  async waitErr(pattern: RegExp): Promise<void> {
    let ended = false;
    void this.#done.then(() => {
      ended = true;
      for (const w of this.#waiters.splice(0)) w();
    });
    const deadline = Date.now() + 60_000;
    while (!pattern.test(this.stderr)) {
      if (ended) throw new Error(`ended without ${pattern}: ${this.stderr}`);
      if (Date.now() > deadline) {
        this.child.kill("SIGKILL");
        throw new Error(`no ${pattern} within 60 s: ${this.stderr}`);
      }
      await new Promise<void>((r) => {
        this.#waiters.push(r);
        setTimeout(r, 1000);
      });
    }
  }

  /** The exit status and output; SIGKILL after `ms` (then the status is 137). */
  async result(ms = 60_000): Promise<Run> {
    const kill = setTimeout(() => this.child.kill("SIGKILL"), ms);
    const st = await this.child.status;
    await this.#done;
    clearTimeout(kill);
    return { code: st.code, stdout: this.stdout, stderr: this.stderr };
  }
}

/** Runs the CLI with extra environment variables. */
function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Spawned(args, env).result();
}

/** A TCP server that accepts connections and never answers (a hung NFS server). */
function silentServer(): { port: number; accepted: Promise<void> } & AsyncDisposable {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  const accepted = Promise.withResolvers<void>();
  const loop = (async () => {
    try {
      for await (const c of l) {
        conns.push(c);
        accepted.resolve();
      }
    } catch { /* closed */ }
  })();
  return {
    port: (l.addr as Deno.NetAddr).port,
    accepted: accepted.promise,
    [Symbol.asyncDispose]: async () => {
      l.close();
      for (const c of conns) c.close();
      await loop;
    },
  };
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

cliSuite("safety model", async (t, s) => {
  const d = (rel: string) => `${s.exportDir}/${rel}`;
  await Deno.writeTextFile(d("a.txt"), "a\n");
  await Deno.writeTextFile(d("b.txt"), "b\n");
  await Deno.mkdir(d("sub"));
  await Deno.writeTextFile(d("sub/a.txt"), "old a\n");

  await t.step("mv refuses to replace without -f, as get, put and cp do", async () => {
    const [file, into] = await Promise.all([
      nfs(["mv", s.url("a.txt"), s.url("b.txt")]),
      nfs(["mv", s.url("a.txt"), s.url("sub")]),
    ]);
    expectRun(
      file,
      1,
      new RegExp(
        `^nfs: cannot move to "${
          re(s.shown("b.txt"))
        }": file exists \\(use -f to replace it\\)\\n$`,
      ),
    );
    expectRun(into, 1, new RegExp(`"${re(s.shown("sub"))}/a.txt": file exists`));
    assertEquals(await Deno.readTextFile(d("b.txt")), "b\n");
    assertEquals(await Deno.readTextFile(d("sub/a.txt")), "old a\n");
    expectRun(await nfs(["mv", "-f", s.url("a.txt"), s.url("b.txt")]), 0);
    assertEquals(await Deno.readTextFile(d("b.txt")), "a\n");
    assertFalse(await exists(d("a.txt")));
  });

  await t.step("put -r DIR onto a file prints the error and no empty summary", async () => {
    await using local = await tempDir();
    const r = await nfs(["put", "-r", "--progress", local.path, s.url("b.txt")]);
    expectRun(r, 1, /not a directory|file exists|is a directory/);
    assertFalse(/0 files|in 0\.\d s/.test(r.stderr), r.stderr);
    assertEquals(r.stderr.trim().split("\n").length, 1, r.stderr);
  });

  await t.step("ls -l and stat show the same local time; --iso shows UTC", async () => {
    const when = new Date("2020-06-15T12:34:56.789Z");
    await Deno.utime(d("b.txt"), when, when);
    const env = { TZ: "Asia/Kolkata" }; // +05:30: local differs from UTC in hours and minutes
    const [ls, st, lsIso, stIso] = await Promise.all([
      run(["ls", "-l", s.url("b.txt")], env),
      run(["stat", s.url("b.txt")], env),
      run(["ls", "-l", "--iso", s.url("b.txt")], env),
      run(["stat", "--iso", s.url("b.txt")], env),
    ]);
    for (const r of [ls, st, lsIso, stIso]) expectRun(r, 0);
    // Servers that keep whole seconds (caps.timeResolutionNs) show .000.
    const ms = s.caps.timeResolutionNs >= 1e9 ? "000" : "789";
    assertMatch(ls.stdout, / 2020-06-15 18:04 b\.txt\n$/);
    assertMatch(st.stdout, new RegExp(`^Modify: 2020-06-15 18:04:56\\.${ms} \\+0530$`, "m"));
    assertMatch(lsIso.stdout, new RegExp(` 2020-06-15T12:34:56\\.${ms}Z b\\.txt\\n$`));
    assertMatch(stIso.stdout, new RegExp(`^Modify: 2020-06-15T12:34:56\\.${ms}Z$`, "m"));
  });
});

Deno.test("cli: the first Ctrl-C ends a command stuck connecting", async () => {
  await using hung = silentServer();
  const cli = new Spawned([
    "ls",
    `nfs://127.0.0.1/export?nfsport=${hung.port}&mountport=${hung.port}`,
  ]);
  await hung.accepted;
  cli.child.kill("SIGINT");
  const r = await cli.result(30_000);
  expectRun(r, 130, /^nfs: interrupted\n$/);
});

Deno.test("cli: a server that stops answering is reported, and so is its return", async () => {
  const server = await startTestServer({ faults: { silent: { "MOUNT3 MNT": true } } });
  try {
    const url = server.url.replace("?", "?timeo=10&");
    const cli = new Spawned(["ls", url]);
    await cli.waitErr(/^nfs: server 127\.0\.0\.1 not responding, still trying\n/m);
    server.faults = {};
    const r = await cli.result();
    expectRun(r, 0, /not responding, still trying\nnfs: server 127\.0\.0\.1 OK\n$/);
  } finally {
    await server.stop();
  }
});

Deno.test("cli: a soft timeout says how long the user waited", async () => {
  await using hung = silentServer();
  const p = hung.port;
  const t0 = performance.now();
  const r = await run(
    ["ls", `nfs://127.0.0.1/export?nfsport=${p}&mountport=${p}&soft=1&timeo=10&retrans=1`],
    {},
  );
  const waited = (performance.now() - t0) / 1000;
  expectRun(r, 1, /the server did not answer for (\d+\.\d) s \(soft mount, timeo=10 retrans=1/);
  const said = Number(/did not answer for (\d+\.\d) s/.exec(r.stderr)![1]);
  // What it says is what the command waited, less its own start-up.
  assert(said <= waited && said >= waited - 3, `said ${said} s, waited ${waited.toFixed(1)} s`);
});

/** Asserts one failure line: one "cannot mount", no raw OS error codes. */
function oneSentence(r: Run, pattern: RegExp): void {
  expectRun(r, 1, pattern);
  const lines = r.stderr.trimEnd().split("\n");
  assertEquals(lines.length, 1, r.stderr);
  assertEquals(r.stderr.match(/cannot mount/gi)?.length, 1, r.stderr);
  assertFalse(/os error \d+/.test(r.stderr), r.stderr);
}

Deno.test("cli: connection failures say what was tried and what to do", async () => {
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const free = (closed.addr as Deno.NetAddr).port;
  closed.close();
  const [refused, dns] = await Promise.all([
    nfs(["ls", `nfs://127.0.0.1/export?nfsport=${free}&mountport=${free}`]),
    nfs(["ls", "nfs://no-such-host.invalid/export"]),
  ]);
  oneSentence(
    refused,
    new RegExp(`127\\.0\\.0\\.1 port ${free} refused the connection: is the NFS server running`),
  );
  oneSentence(dns, /cannot resolve the host name "no-such-host\.invalid"/);
});

Deno.test({
  name: "cli: no portmapper (a network namespace of its own) is one sentence too",
  ignore: Deno.build.os !== "linux" || Deno.uid() !== 0,
  async fn() {
    // Here other servers register with the one rpcbind; a fresh namespace has none.
    const cmd =
      `ip link set lo up && exec '${Deno.execPath()}' run -A '${CLI}' ls nfs://127.0.0.1/export`;
    const out = await new Deno.Command("unshare", {
      args: ["-n", "sh", "-c", cmd],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    const r = { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
    oneSentence(r, /no portmapper on 127\.0\.0\.1 \(port 111 refused the connection\)/);
  },
});

cliSuite("connection errors", async (t, s) => {
  await t.step("a missing export points to nfs exports (NOENT, or ganesha's ACCES)", async () => {
    const u = new URL(s.url());
    u.pathname = "/no/such/export";
    const r = await nfs(["ls", u.href]);
    if (!s.caps.mntChecksPath) {
      // go-nfs mounts its root for any path: the URL names a missing path below the export.
      expectRun(r, 1, /^nfs: cannot list "[^"]*\/no\/such\/export": no such file or directory/);
      assertEquals(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
      return;
    }
    oneSentence(
      r,
      /(no export|refuses to mount) "\/no\/such\/export".*[:;] run "nfs exports .*127\.0\.0\.1" to (list|see)/,
    );
  });
});

/** Runs the CLI under a pseudo-terminal (`script`), returning all it wrote. */
async function inPty(args: string[], env: Record<string, string> = {}): Promise<string> {
  const cmd = [Deno.execPath(), "run", "--allow-all", CLI, ...args]
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  const out = await new Deno.Command("script", {
    args: ["-qec", cmd, "/dev/null"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { TERM: "xterm", NO_COLOR: "1", COLUMNS: "100", ...env },
  }).output();
  return new TextDecoder().decode(out.stdout);
}

cliSuite("progress", async (t, s) => {
  const d = (rel: string) => `${s.exportDir}/${rel}`;
  await using local = await tempDir();
  const l = (rel: string) => join(local.path, rel);
  await Deno.writeTextFile(l("small.txt"), "small\n");
  await Deno.mkdir(l("tree/sub"), { recursive: true });
  await Deno.writeFile(l("tree/one.bin"), new Uint8Array(3 << 20));
  await Deno.writeFile(l("tree/sub/two.bin"), new Uint8Array(1 << 20));

  await t.step("a transfer too short for a bar still prints a summary on a terminal", async () => {
    const text = await inPty(["put", l("small.txt"), s.url("small.txt")]);
    assertMatch(text, /1 file, 6 B in \d+\.\d+ s \(\S+ \S*B\/s\)/);
    assertEquals(await Deno.readTextFile(d("small.txt")), "small\n");
  });

  await t.step("a recursive copy shows files done of all, and the tree's MiB", async () => {
    const r = await nfs(["put", "-r", "--progress", l("tree"), s.url()]);
    expectRun(r, 0, /\[1\/2\] one\.bin/);
    assertMatch(r.stderr, /\[2\/2\] two\.bin +\d+% \[[=> ]+\] [\d.]+ MiB\/4\.0 MiB /);
    assertMatch(r.stderr, /2 files, 2 directories, 0 symlinks, 4\.0 MiB in [\d.]+ s/);
    assertFalse(/\dMB|\dKB/.test(r.stderr), "no MB for powers of 1024");
  });
});

Deno.test("cli: messages during a transfer start on a line of their own", async () => {
  const server = await startTestServer();
  await using local = await tempDir();
  try {
    await Deno.writeFile(join(server.exportDir, "f.bin"), new Uint8Array(1 << 20));
    server.faults = { silent: { "NFS3 READ": true } };
    const u = new URL(server.url);
    u.pathname += "/f.bin";
    u.searchParams.set("timeo", "10");
    const cli = new Spawned(["get", "--progress", u.href, local.path]);
    await cli.waitErr(/not responding, still trying\n/);
    cli.child.kill("SIGINT");
    const r = await cli.result(30_000);
    expectRun(r, 130, /\nnfs: interrupted\n$/);
    assertMatch(r.stderr, /f\.bin +0% .*\nnfs: server 127\.0\.0\.1 not responding, still trying\n/);
    assertFalse(/[^\n]nfs:/.test(r.stderr), JSON.stringify(r.stderr));
    assertEquals(await Array.fromAsync(Deno.readDir(local.path)), [], "partial file removed");
  } finally {
    await server.stop();
  }
});

Deno.test("cli: deno task serve prints a URL that works, and stops on Ctrl-C", async () => {
  await using dir = await tempDir();
  await Deno.writeTextFile(join(dir.path, "seen.txt"), "served\n");
  const serve = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      new URL("../../scripts/serve.ts", import.meta.url).pathname,
      dir.path,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = serve.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!/^URL: (\S+)$/m.test(out)) {
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  const url = /^URL: (\S+)$/m.exec(out)?.[1];
  try {
    assert(url !== undefined, out);
    assertMatch(url, /^nfs:\/\/127\.0\.0\.1\/export\?nfsport=\d+&mountport=\d+$/);
    const u = new URL(url);
    u.pathname += "/seen.txt";
    const r = await nfs(["cat", u.href]);
    expectRun(r, 0);
    assertEquals(r.stdout, "served\n");
  } finally {
    serve.kill("SIGINT");
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    await serve.stderr.cancel();
    assertEquals((await serve.status).code, 0);
    assertMatch(out, /stopped\n$/);
  }
  assert(await exists(join(dir.path, "seen.txt")), "a given DIR is kept");
});

Deno.test("cli: --version, help --help, and -v/--debug", async () => {
  const denoJson = JSON.parse(
    await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
  ) as { version: string };
  const [version, helpHelp, top] = await Promise.all([
    nfs(["--version"]),
    nfs(["help", "--help"]),
    nfs(["--help"]),
  ]);
  expectRun(version, 0);
  assertEquals(version.stdout, `nfs (@nfs/client) ${denoJson.version}\n`);
  expectRun(helpHelp, 0);
  assertEquals(helpHelp.stdout, top.stdout);
  assertMatch(top.stdout, /-v, --debug/);
});

Deno.test("cli: deno.json's task and the documented installs run with cli/_runtime.ts's flags", async () => {
  const text = (p: string) => Deno.readTextFile(new URL(`../../${p}`, import.meta.url));
  const flags = CLI_DENO_FLAGS.join(" ");
  const task = (JSON.parse(await text("deno.json")) as { tasks: Record<string, string> }).tasks.nfs;
  assertEquals(task, `deno run --allow-all ${flags} cli/main.ts`);
  for (const doc of ["README.md", "cli/README.md"]) {
    const installs = (await text(doc)).match(/deno install -gA[^`#\n]*jsr:@nfs\/client\/bin/g) ??
      [];
    assert(installs.length > 0, `${doc} shows how to install`);
    for (const line of installs) assertMatch(line, new RegExp(` ${flags} `), doc);
  }
});

cliSuite("flags", async (t, s) => {
  const d = (rel: string) => `${s.exportDir}/${rel}`;
  await using local = await tempDir();
  const l = (rel: string) => join(local.path, rel);

  await t.step("-v and --debug show the RPC calls as they end", async () => {
    const [before, after] = await Promise.all([
      nfs(["-v", "ls", s.url()]),
      nfs(["ls", "--debug", s.url()]),
    ]);
    // NFSv2 mounts with MOUNT v1 and lists with READDIR; unfsd has no READDIRPLUS and falls
    // back to READDIR after one refused call.
    const [mnt, list] = s.caps.version === 2
      ? ["MOUNT1 MNT", "NFS2 READDIR"]
      : ["MOUNT3 MNT", s.caps.readdirplus ? "NFS3 READDIRPLUS" : "NFS3 READDIR"];
    for (const r of [before, after]) {
      expectRun(r, 0, new RegExp(`^nfs: debug: ${mnt} \\d+\\.\\d ms$`, "m"));
      assertMatch(r.stderr, new RegExp(`^nfs: debug: ${list} \\d+\\.\\d ms$`, "m"));
    }
  });

  await t.step("df --json names the operand of each line", async () => {
    await Deno.mkdir(d("dfdir"));
    const r = await nfs(["df", "--json", s.url(), s.url("dfdir")]);
    expectRun(r, 0);
    const lines = r.stdout.trim().split("\n").map((x) => JSON.parse(x));
    assertEquals(lines.map((x) => x.filesystem), [s.shown(), s.shown("dfdir")]);
    assert(lines.every((x) => typeof x.totalBytes === "number"));
  });

  await t.step("put - reads stdin; it needs a file name", async () => {
    const ok = await nfs(["put", "-", s.url("from-stdin.txt")], { stdin: "piped in\n" });
    expectRun(ok, 0);
    assertEquals(await Deno.readTextFile(d("from-stdin.txt")), "piped in\n");
    const dir = await nfs(["put", "-", s.url()], { stdin: "x" });
    expectRun(dir, 1, /cannot put "stdin": it has no name: name the destination/);
    const again = await nfs(["put", "-", s.url("from-stdin.txt")], { stdin: "x" });
    expectRun(again, 1, /file exists/);
  });

  await t.step("--exclude leaves out names and paths of a tree", async () => {
    await Deno.mkdir(l("src/obj"), { recursive: true });
    await Deno.mkdir(l("src/keep"), { recursive: true });
    for (const f of ["a.c", "a.o", "obj/b.c", "keep/c.o", "keep/c.c"]) {
      await Deno.writeTextFile(l(`src/${f}`), f);
    }
    const r = await nfs([
      "put",
      "-r",
      "--exclude",
      "*.o",
      "--exclude",
      "/obj",
      l("src"),
      s.url(),
    ]);
    expectRun(r, 0);
    const names: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      for await (const e of Deno.readDir(dir)) {
        names.push(rel + e.name);
        if (e.isDirectory) await walk(join(dir, e.name), `${rel}${e.name}/`);
      }
    };
    await walk(d("src"), "");
    assertEquals(names.sort(), ["a.c", "keep", "keep/c.c"]);
  });
});

Deno.test("cli: -j N copies N files of a tree at once", async () => {
  const server = await startTestServer();
  await using local = await tempDir();
  try {
    await Deno.mkdir(join(local.path, "many"));
    for (let i = 0; i < 8; i++) await Deno.writeTextFile(join(local.path, `many/f${i}`), `${i}`);
    // WRITEs go unanswered: each file in progress holds its CREATE. -j 4 must have 4.
    server.faults = { silent: { "NFS3 WRITE": true } };
    const u = new URL(server.url);
    u.searchParams.set("timeo", "10");
    const cli = new Spawned(["put", "-r", "-j", "4", join(local.path, "many"), u.href]);
    const creates = () => server.stats().calls["NFS3 CREATE"] ?? 0;
    for (let i = 0; i < 300 && creates() < 4; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    assertEquals(creates(), 4, "four files in flight, not one and not more");
    server.faults = {};
    expectRun(await cli.result(), 0, /not responding/);
    for (let i = 0; i < 8; i++) {
      assertEquals(await Deno.readTextFile(join(server.exportDir, `many/f${i}`)), `${i}`);
    }
  } finally {
    await server.stop();
  }
});

/** Every path under `dir`, relative, sorted ("sub/" for directories). */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    for await (const e of Deno.readDir(d)) {
      out.push(rel + e.name + (e.isDirectory ? "/" : ""));
      if (e.isDirectory) await walk(join(d, e.name), `${rel}${e.name}/`);
    }
  };
  await walk(dir, "");
  return out.sort();
}

Deno.test("cli: -u, sync, --dry-run, --checksum and --continue", async (t) => {
  const server = await startTestServer();
  await using local = await tempDir();
  const l = (rel: string) => join(local.path, rel);
  const r = (rel: string) => join(server.exportDir, rel);
  const url = (rel: string) => {
    const u = new URL(server.url);
    u.pathname += `/${rel}`;
    return u.href;
  };
  const reads = () => server.stats().calls["NFS3 READ"] ?? 0;
  const writes = () => server.stats().calls["NFS3 WRITE"] ?? 0;
  try {
    await Deno.mkdir(r("photos/2024"), { recursive: true });
    await Deno.writeTextFile(r("photos/a.jpg"), "aaaa");
    await Deno.writeTextFile(r("photos/2024/b.jpg"), "bbbb");

    await t.step("get -r -u again into the same parent copies nothing", async () => {
      expectRun(await nfs(["get", "-r", "-u", url("photos"), local.path]), 0);
      const before = reads();
      const again = await nfs(["get", "-r", "-u", "--progress", url("photos"), local.path]);
      expectRun(again, 0, /0 files, 2 directories, 0 symlinks, 2 up to date/);
      assertEquals(reads(), before, "no file read twice");
      assertEquals(await tree(l("photos")), ["2024/", "2024/b.jpg", "a.jpg"]);
      // Without -u the same command refuses.
      expectRun(await nfs(["get", "-r", url("photos"), local.path]), 1, /file exists/);
    });

    await t.step("sync copies only what changed, never nests, and -n only says", async () => {
      expectRun(await nfs(["sync", url("photos"), l("mirror")]), 0);
      expectRun(await nfs(["sync", url("photos"), l("mirror")]), 0);
      assertEquals(await tree(l("mirror")), ["2024/", "2024/b.jpg", "a.jpg"], "not nested");
      await Deno.writeTextFile(r("photos/a.jpg"), "a changed");
      await Deno.writeTextFile(r("photos/new.jpg"), "new");
      const dry = await nfs(["sync", "-n", url("photos"), l("mirror")]);
      expectRun(dry, 0);
      assertEquals(
        dry.stdout.split("\n").filter(Boolean).sort(),
        [
          `would copy ${l("mirror")}/new.jpg (new)`,
          `would update ${l("mirror")}/a.jpg (size differs)`,
        ].sort(),
      );
      assertEquals(await Deno.readTextFile(l("mirror/a.jpg")), "aaaa", "dry run changes nothing");
      assertFalse(await exists(l("mirror/new.jpg")));
      expectRun(await nfs(["sync", url("photos"), l("mirror")]), 0);
      assertEquals(await Deno.readTextFile(l("mirror/a.jpg")), "a changed");
      assertEquals(await Deno.readTextFile(l("mirror/new.jpg")), "new");
    });

    await t.step("--checksum finds a change that size and time hide", async () => {
      const st = await Deno.stat(l("mirror/a.jpg"));
      await Deno.writeTextFile(l("mirror/a.jpg"), "A CHANGED"); // same size
      await Deno.utime(l("mirror/a.jpg"), st.atime!, st.mtime!);
      const plain = await nfs(["sync", "-n", url("photos"), l("mirror")]);
      expectRun(plain, 0);
      assertEquals(plain.stdout, "", "size and time agree");
      const sum = await nfs(["sync", "-c", url("photos"), l("mirror")]);
      expectRun(sum, 0);
      assertEquals(await Deno.readTextFile(l("mirror/a.jpg")), "a changed");
    });

    await t.step("--continue goes on from a partial file, in both directions", async () => {
      const big = new Uint8Array(4 << 20);
      crypto.getRandomValues(big.subarray(0, 65536));
      big.set(big.subarray(0, 65536), 3 << 20);
      await Deno.writeFile(r("big.bin"), big);
      // Reply bytes, not READ calls: read-ahead past the end sends calls, not data.
      const sent = () => server.stats().bytesSent;
      const full0 = sent();
      expectRun(await nfs(["get", url("big.bin"), l("whole.bin")]), 0);
      const full = sent() - full0;
      await Deno.writeFile(l(".big.bin.nfs-partial"), big.subarray(0, 1 << 20));
      const before = sent();
      const down = await nfs(["get", "--continue", "--progress", url("big.bin"), local.path]);
      expectRun(down, 0, /1\.0 MiB continued/);
      assert(equals(await Deno.readFile(l("big.bin")), big), "same bytes");
      assertFalse(await exists(l(".big.bin.nfs-partial")));
      const part = sent() - before;
      assert(part < full - (1 << 19), `${part} bytes sent for the 3 MiB left, ${full} for 4 MiB`);

      await Deno.writeFile(r(".up.bin.nfs-partial"), big.subarray(0, 3 << 20));
      await Deno.copyFile(l("big.bin"), l("up.bin"));
      const w0 = writes();
      expectRun(await nfs(["put", "--continue", l("up.bin"), url("")]), 0);
      assert(equals(await Deno.readFile(r("up.bin")), big), "same bytes");
      const w1 = writes();
      expectRun(await nfs(["put", l("up.bin"), url("up2.bin")]), 0);
      const fullWrites = writes() - w1;
      assert(w1 - w0 < fullWrites, `${w1 - w0} WRITEs for the 1 MiB left, ${fullWrites} for all`);
    });

    await t.step("an interrupted --continue keeps its partial file for the next run", async () => {
      server.faults = { silent: { "NFS3 READ": true } };
      const u = new URL(url("big.bin"));
      u.searchParams.set("timeo", "10");
      const cli = new Spawned(["get", "--continue", u.href, l("again.bin")]);
      await cli.waitErr(/not responding/);
      cli.child.kill("SIGINT");
      const stopped = await cli.result(30_000);
      expectRun(stopped, 130, /kept the partial file ".*\.again\.bin\.nfs-partial": run again/);
      assert(await exists(l(".again.bin.nfs-partial")));
      server.faults = {};
      expectRun(await nfs(["get", "--continue", u.href, l("again.bin")]), 0);
      assert(equals(await Deno.readFile(l("again.bin")), await Deno.readFile(r("big.bin"))));
    });
  } finally {
    await server.stop();
  }
});

cliSuite("sync", async (t, s) => {
  const d = (rel: string) => `${s.exportDir}/${rel}`;
  await using local = await tempDir();
  const l = (rel: string) => join(local.path, rel);
  await Deno.mkdir(l("site/css"), { recursive: true });
  await Deno.writeTextFile(l("site/index.html"), "<h1>hi</h1>\n");
  await Deno.writeTextFile(l("site/css/a.css"), "a{}\n");

  await t.step("sync up twice: the second run has nothing to do", async () => {
    expectRun(await nfs(["sync", l("site"), s.url("www")]), 0);
    const again = await nfs(["sync", "--progress", l("site"), s.url("www")]);
    expectRun(again, 0, /0 files, 2 directories, 0 symlinks, 2 up to date/);
    assertEquals(await tree(d("www")), ["css/", "css/a.css", "index.html"]);
    await Deno.writeTextFile(l("site/index.html"), "<h1>hello</h1>\n");
    const dry = await nfs(["sync", "-n", l("site"), s.url("www")]);
    expectRun(dry, 0);
    assertEquals(dry.stdout, `would update ${s.shown("www")}/index.html (size differs)\n`);
    expectRun(await nfs(["sync", l("site"), s.url("www")]), 0);
    assertEquals(await Deno.readTextFile(d("www/index.html")), "<h1>hello</h1>\n");
  });

  await t.step("--delete removes what the source does not have, both ways", async () => {
    // Up: extra files and a whole extra tree on the server go; an excluded name stays.
    await Deno.mkdir(d("www/old/deep"), { recursive: true });
    await Deno.writeTextFile(d("www/old/deep/x.html"), "old\n");
    await Deno.writeTextFile(d("www/stale.html"), "stale\n");
    await Deno.writeTextFile(d("www/css/b.css"), "b{}\n");
    await Deno.writeTextFile(d("www/keep.log"), "log\n");
    const dry = await nfs([
      "sync",
      "-n",
      "--delete",
      "--exclude",
      "*.log",
      l("site"),
      s.url("www"),
    ]);
    expectRun(dry, 0);
    assertEquals(
      dry.stdout,
      [
        `would delete ${s.shown("www")}/css/b.css`,
        `would delete ${s.shown("www")}/old`,
        `would delete ${s.shown("www")}/stale.html`,
        "",
      ].join("\n"),
    );
    assertEquals((await tree(d("www"))).length, 9, "a dry run deletes nothing");
    const up = await nfs([
      "sync",
      "--progress",
      "--delete",
      "--exclude",
      "*.log",
      l("site"),
      s.url("www"),
    ]);
    expectRun(up, 0, /, 3 deleted,/);
    assertEquals(await tree(d("www")), ["css/", "css/a.css", "index.html", "keep.log"]);
    // Down: a local mirror loses what the export does not have, and nothing outside it.
    await Deno.mkdir(l("mirror/gone"), { recursive: true });
    await Deno.writeTextFile(l("mirror/gone/f"), "f\n");
    await Deno.writeTextFile(l("mirror/extra.txt"), "extra\n");
    await Deno.writeTextFile(l("beside.txt"), "beside\n");
    expectRun(await nfs(["sync", "--delete", s.url("www"), l("mirror")]), 0);
    assertEquals(await tree(l("mirror")), ["css/", "css/a.css", "index.html", "keep.log"]);
    assertEquals(await Deno.readTextFile(l("beside.txt")), "beside\n");
    // With --continue, the partial file a failed copy keeps for the next run is not extra.
    await Deno.writeTextFile(d("www/new.html"), "new\n");
    await Deno.writeTextFile(l("mirror/.new.html.nfs-partial"), "ne");
    const resume = await nfs(["sync", "-n", "--delete", "--continue", s.url("www"), l("mirror")]);
    expectRun(resume, 0);
    assertEquals(resume.stdout, `would copy ${l("mirror")}/new.html (new)\n`);
  });
});

cliSuite("globs, completion, history", async (t, s) => {
  const d = (rel: string) => `${s.exportDir}/${rel}`;
  await using local = await tempDir();
  const l = (rel: string) => join(local.path, rel);
  await Deno.mkdir(d("docs"));
  await Deno.writeTextFile(d("docs/one.txt"), "one\n");
  await Deno.writeTextFile(d("docs/two.txt"), "two\n");
  await Deno.writeTextFile(d("docs/three.md"), "three\n");
  await Deno.writeTextFile(d("docs/.hidden.txt"), "hidden\n");
  await Deno.mkdir(l("localdir"));
  await Deno.writeTextFile(l("up one.txt"), "up\n");
  const history = l("history");

  await t.step("a pattern in a URL's last component is expanded on the server", async () => {
    const [cat, get, none] = await Promise.all([
      nfs(["cat", s.url("docs/*.txt")]),
      nfs(["get", s.url("docs/t*"), l("localdir")]),
      nfs(["cat", s.url("docs/*.none")]),
    ]);
    expectRun(cat, 0);
    assertEquals(cat.stdout, "one\ntwo\n", "sorted, no hidden names");
    expectRun(get, 0);
    assertEquals(await tree(l("localdir")), ["three.md", "two.txt"]);
    expectRun(none, 1, /cannot read ".*\/docs\/\*\.none": no such file/);
  });

  await t.step("patterns in earlier components too, as sh expands them", async () => {
    await Deno.mkdir(d("tree/a1"), { recursive: true });
    await Deno.mkdir(d("tree/a2"));
    await Deno.mkdir(d("tree/b1"));
    await Deno.writeTextFile(d("tree/a1/x.txt"), "a1x\n");
    await Deno.writeTextFile(d("tree/a2/x.txt"), "a2x\n");
    await Deno.writeTextFile(d("tree/a2/y.txt"), "a2y\n");
    await Deno.writeTextFile(d("tree/b1/x.txt"), "b1x\n");
    await Deno.writeTextFile(d("tree/a3"), "a file, not a directory\n");
    const [some, all, deep, none] = await Promise.all([
      nfs(["cat", s.url("tree/a*/x.txt")]),
      nfs(["cat", s.url("tree/*/*.txt")]),
      nfs(["cat", s.url("*/a?/y.txt")]),
      nfs(["cat", s.url("tree/*/z.txt")]),
    ]);
    expectRun(some, 0);
    assertEquals(some.stdout, "a1x\na2x\n", "a3 is a file: no a3/x.txt");
    expectRun(all, 0);
    assertEquals(all.stdout, "a1x\na2x\na2y\nb1x\n");
    expectRun(deep, 0);
    assertEquals(deep.stdout, "a2y\n");
    expectRun(none, 1, /cannot read ".*\/tree\/\*\/z\.txt": no such file/);
    const local = await nfs(["get", s.url("tree/a*/y.txt"), l("localdir")]);
    expectRun(local, 0);
    assertEquals(await Deno.readTextFile(l("localdir/y.txt")), "a2y\n");
  });

  await t.step("the shell expands remote and local patterns", async () => {
    await Deno.mkdir(l("ld1"));
    await Deno.mkdir(l("ld2"));
    await Deno.writeTextFile(l("ld1/t1.txt"), "t1\n");
    await Deno.writeTextFile(l("ld2/t2.txt"), "t2\n");
    await Deno.writeTextFile(l("ld2/u.txt"), "u\n");
    const script = [
      "cd docs",
      "cat [ot]*.txt",
      `lcd ${local.path}`,
      "put up* up.txt",
      "cat up.txt",
      "mget --parents *.md mg/", // sftp's name for get
      "put ld*/t*.txt", // a local pattern in two components
      "cat t?.txt",
      "cd /tree",
      "cat a*/x.txt", // and a remote one
    ];
    const r = await nfs(["shell", s.url()], { stdin: script.join("\n") + "\n" });
    expectRun(r, 0);
    assertEquals(r.stdout, "one\ntwo\nup\nt1\nt2\na1x\na2x\n");
    assertEquals(await Deno.readTextFile(l("mg/three.md")), "three\n");
  });

  await t.step("Tab completes commands, remote names and local names", async () => {
    const pty = new Pty(["shell", s.url()], { NFS_HISTFILE: history }, local.path);
    try {
      let at = await pty.waitFor("nfs:/> ");
      await pty.type("he\t");
      at = await pty.waitFor("help ", at);
      await pty.type("\x15ls do\t"); // Ctrl-U clears the line
      at = await pty.waitFor("ls docs/", at);
      await pty.type("t\t");
      at = await pty.waitFor("three.md", at); // two choices: both listed under the line
      assertMatch(pty.text.slice(at - 40), /three\.md\s+two\.txt/);
      await pty.type("w\t\r");
      at = await pty.waitFor("\r\ntwo.txt\r\n", at);
      await pty.type("lcd lo\t");
      at = await pty.waitFor("lcd localdir/", at);
      await pty.type("\x15put up\t");
      at = await pty.waitFor("put up\\ one.txt ", at);
      await pty.type("\x15pwd\r");
      at = await pty.waitFor("/\r\n", at);
      await pty.type("exit\r");
      assertEquals(await pty.close(), 0);
    } catch (e) {
      await pty.close();
      throw e;
    }
  });

  await t.step("history is kept between sessions", async () => {
    const kept = await Deno.readTextFile(history);
    assertMatch(kept, /^ls docs\/two\.txt ?$/m);
    assertMatch(kept, /^pwd$/m);
    const pty = new Pty(["shell", s.url()], { NFS_HISTFILE: history });
    try {
      let at = await pty.waitFor("nfs:/> ");
      await pty.type("\x1b[A\x1b[A\x1b[A"); // up: "exit", "pwd", then "ls docs/two.txt"
      at = await pty.waitFor("ls docs/two.txt", at);
      await pty.type("\r");
      at = await pty.waitFor("\r\ntwo.txt\r\n", at);
      await pty.type("exit\r");
      assertEquals(await pty.close(), 0);
    } catch (e) {
      await pty.close();
      throw e;
    }
  });
});

cliSuite("completion scripts", async (t, s) => {
  await Deno.mkdir(`${s.exportDir}/docs`);
  await Deno.writeTextFile(`${s.exportDir}/docs/a.txt`, "");
  await using bin = await tempDir();
  // The scripts run the installed "nfs": here, a wrapper around this checkout's CLI.
  await Deno.writeTextFile(
    join(bin.path, "nfs"),
    `#!/bin/sh\nexec '${Deno.execPath()}' run --allow-all '${CLI}' "$@"\n`,
  );
  await Deno.chmod(join(bin.path, "nfs"), 0o755);
  const env = { PATH: `${bin.path}:${Deno.env.get("PATH")}` };

  /** Runs bash's completion function on a command line (cursor at its end). */
  const complete = async (words: string[], cword: number): Promise<string[]> => {
    const line = words.join(" ").replace(" : ", ":").replace(/ :$/, ":");
    const script = `eval "$(nfs completions bash)"
COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${cword}
_nfs; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const out = await new Deno.Command("bash", {
      args: ["-c", script],
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout).split("\n").filter(Boolean);
  };

  await t.step("bash completes commands, options and remote names", async () => {
    assertEquals(await complete(["nfs", "sy"], 1), ["sync"]);
    assertEquals(await complete(["nfs", "get", "--conti"], 2), ["--continue"]);
    // bash splits "nfs://..." at ":" into three words: the reply is what follows the ":".
    const url = s.url("do");
    const rest = url.slice("nfs:".length);
    const reply = await complete(["nfs", "get", "nfs", ":", rest], 4);
    assertEquals(reply, [s.url("docs").slice("nfs:".length).replace("?", "/?")]);
  });

  await t.step("zsh and fish scripts are printed; an unknown shell is a usage error", async () => {
    const [zsh, fish, bad] = await Promise.all([
      nfs(["completions", "zsh"]),
      nfs(["completions", "fish"]),
      nfs(["completions", "tcsh"]),
    ]);
    expectRun(zsh, 0);
    assertMatch(zsh.stdout, /bashcompinit/);
    assertMatch(zsh.stdout, /complete -F _nfs nfs/);
    expectRun(fish, 0);
    assertMatch(
      fish.stdout,
      /^complete -c nfs -n '__fish_seen_subcommand_from get mget' -l continue/m,
    );
    assertMatch(fish.stdout, /nfs __complete \(commandline -ct\)/);
    expectRun(bad, 2, /unknown shell "tcsh"/);
  });
});

Deno.test({
  name: "cli: a stopped ganesha is 'not responding, still trying', then 'OK' once resumed",
  ignore: !ganeshaAvailability().available,
  async fn() {
    const g = await startGanesha();
    try {
      await Deno.writeTextFile(`${g.exportDir}/alive.txt`, "alive\n");
      const u = new URL(g.url);
      u.pathname += "/alive.txt";
      u.searchParams.set("timeo", "10");
      Deno.kill(g.pid, "SIGSTOP"); // the kernel still accepts connections: nothing answers
      const cli = new Spawned(["cat", u.href]);
      try {
        await cli.waitErr(/not responding, still trying\n/);
      } finally {
        Deno.kill(g.pid, "SIGCONT");
      }
      const r = await cli.result();
      expectRun(
        r,
        0,
        /^nfs: server 127\.0\.0\.1 not responding, still trying\nnfs: server 127\.0\.0\.1 OK\n$/,
      );
      assertEquals(r.stdout, "alive\n");
    } finally {
      await g.stop();
    }
  },
});

Deno.test("progress units: MiB on transfer lines, an ETA that is never 0:00 too early", () => {
  assertEquals(
    [0, 512, 1024, 1536, 23 << 20, 4 * 2 ** 30].map(iecSize),
    ["0 B", "512 B", "1.0 KiB", "1.5 KiB", "23 MiB", "4.0 GiB"],
  );
  // 1 byte left at 1000 B/s: 1 ms, shown as 0:01 (not 0:00) until done.
  const bar = renderBar({ label: "f", done: 99_999, total: 100_000, rate: 1000 }, 80);
  assertMatch(bar, /ETA 0:01$/);
  const tree = renderBar({
    label: "b.txt",
    done: 5,
    total: 10,
    rate: 1 << 20,
    overall: { filesDone: 2, files: 7, bytesDone: 3 << 20, bytes: 6 << 20 },
  }, 100);
  assertMatch(tree, /^\[3\/7\] b\.txt +50% \[=+>\s*\] 3\.0 MiB\/6\.0 MiB 1\.0 MiB\/s ETA 0:03$/);
});

Deno.test("a message on stderr first ends the progress bar's line", () => {
  let text = "";
  const p = new Progress("always", { write: (t) => (text += t), terminal: false, width: 60 });
  p.begin("f", 100);
  p.add(10);
  assert(p.shown);
  writeStderr(""); // what ctx.fail, warnings and "interrupted" go through
  assert(text.endsWith("\n"), JSON.stringify(text));
  assertFalse(p.shown);
  p.finish();
});
