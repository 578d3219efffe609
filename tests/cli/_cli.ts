/**
 * Helpers of the CLI tests: run `cli/main.ts` as a subprocess, and run a suite against each
 * server kind of tests/servers, one server per suite.
 *
 * The kinds are those of `NFS_TEST_SERVERS`, the same selection as every other integration
 * suite (see tests/servers/mod.ts); NFSv2 kinds get `version=2` URLs.
 *
 * @module
 */
import { assertEquals, assertMatch } from "@std/assert";
import { forEachKind, type ServerCaps } from "../servers/mod.ts";

/**
 * The CLI's entry point: `cli/main.ts`, or the file `NFS_TEST_CLI` names (e.g. the bundle
 * `deno task build:cli` makes, cli/dist/nfs.js, to run every CLI test against what JSR ships).
 */
export const CLI: string = Deno.env.get("NFS_TEST_CLI") ||
  new URL("../../cli/main.ts", import.meta.url).pathname;

/** What one run of the CLI did. */
export interface Run {
  /** Exit status. */
  code: number;
  /** Stdout as text. */
  stdout: string;
  /** Stderr as text. */
  stderr: string;
}

/** Options of {@linkcode nfs}. */
export interface RunOptions {
  /** Text fed to stdin (default: none, stdin closed). */
  stdin?: string;
  /** Working directory. */
  cwd?: string;
}

/**
 * Runs `deno run --allow-all cli/main.ts ...args`.
 *
 * @param args The CLI's arguments.
 * @param o Stdin and working directory.
 * @returns Status and output.
 */
export async function nfs(args: string[], o: RunOptions = {}): Promise<Run> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", CLI, ...args],
    ...(o.cwd ? { cwd: o.cwd } : {}),
    stdin: o.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  if (o.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(o.stdin));
    await w.close();
  }
  const r = await child.output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: r.code, stdout: text(r.stdout), stderr: text(r.stderr) };
}

/**
 * Asserts a run's status (and optionally its stderr), showing the output when it differs.
 *
 * @param r The run.
 * @param code The expected status.
 * @param stderr A pattern stderr must match (default for status 0: empty stderr).
 */
export function expectRun(r: Run, code: number, stderr?: RegExp): void {
  const show = `status ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
  assertEquals(r.code, code, show);
  if (stderr !== undefined) assertMatch(r.stderr, stderr, show);
  else if (code === 0) assertEquals(r.stderr, "", show);
}

/** A running server, as the CLI tests see it. */
export interface CliServer {
  /** The server kind, e.g. `ganesha`, `unfsd`, `embedded-v2`. */
  kind: string;
  /** What it does differently (its kind's record in tests/servers). */
  caps: ServerCaps;
  /** A status name as this server's NFS version spells it: `NFS3ERR_x` or `NFSERR_x`. */
  st(suffix: string): string;
  /** Its address. */
  host: string;
  /** Its MOUNT port. */
  mountPort: number;
  /** The exported path. */
  exportPath: string;
  /** The local directory behind the export. */
  exportDir: string;
  /** The URL of `rel` inside the export, with the server's ports in the query. */
  url(rel?: string): string;
  /** The URL without query, as the CLI shows it in messages. */
  shown(rel?: string): string;
}

function withPath(base: string, rel: string): string {
  if (rel === "") return base;
  const u = new URL(base);
  const encoded = rel.split("/").map(encodeURIComponent).join("/");
  u.pathname = `${u.pathname.replace(/\/$/, "")}/${encoded}`;
  return u.href;
}

/**
 * Registers one test per server kind, named `cli: NAME [kind]`, that starts the server,
 * runs `fn` (which uses `t.step` for its cases) and stops it.
 *
 * @param name The suite's name.
 * @param fn The suite.
 */
export function cliSuite(
  name: string,
  fn: (t: Deno.TestContext, s: CliServer) => Promise<void>,
): void {
  forEachKind(`cli: ${name}`, {}, async (t, k) => {
    const server = await k.start();
    try {
      const s: CliServer = {
        kind: k.kind,
        caps: k.caps,
        st: (x) => k.caps.version === 2 ? `NFSERR_${x}` : `NFS3ERR_${x}`,
        host: server.host,
        mountPort: server.mountPort,
        exportPath: server.exportPath,
        exportDir: server.exportDir,
        url: (rel = "") => withPath(server.url, rel),
        shown: (rel = "") => withPath(server.url, rel).replace(/\?.*$/, ""),
      };
      await fn(t, s);
    } finally {
      await server.stop();
    }
  });
}

/**
 * A fresh temporary directory, removed by the returned function.
 *
 * @returns Its path and a cleanup.
 */
export async function tempDir(): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempDir({ prefix: "nfs-cli-" });
  return {
    path,
    [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }),
  };
}

/** Regular expression text matching `s` literally. */
export function re(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The shell under a pseudo-terminal, driven key by key (`script` from util-linux). */
export class Pty {
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #reader: ReadableStreamDefaultReader<string>;
  text = "";

  constructor(args: string[], env: Record<string, string> = {}, cwd?: string) {
    const cmd = [Deno.execPath(), "run", "--allow-all", CLI, ...args]
      .map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
    this.#child = new Deno.Command("script", {
      args: ["-qec", cmd, "/dev/null"],
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
      env: { TERM: "xterm", NO_COLOR: "1", ...env },
      ...(cwd ? { cwd } : {}),
    }).spawn();
    this.#writer = this.#child.stdin.getWriter();
    this.#reader = this.#child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** Reads until the output after `from` contains `what`; returns the index after it. */
  async waitFor(what: string, from = 0, ms = 20_000): Promise<number> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`No ${JSON.stringify(what)} in ${JSON.stringify(this.text)}`)),
        ms,
      );
    });
    try {
      while (!this.text.includes(what, from)) {
        const { value, done } = await Promise.race([this.#reader.read(), late]);
        if (done) throw new Error(`Ended before ${JSON.stringify(what)}: ${this.text}`);
        this.text += value;
      }
    } finally {
      clearTimeout(timer);
    }
    return this.text.indexOf(what, from) + what.length;
  }

  async type(keys: string): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(keys));
  }

  async close(): Promise<number> {
    await this.#writer.close().catch(() => {});
    const kill = setTimeout(() => {
      try {
        this.#child.kill("SIGKILL");
      } catch { /* gone */ }
    }, 5_000);
    for (;;) {
      const { value, done } = await this.#reader.read();
      if (done) break;
      this.text += value;
    }
    clearTimeout(kill);
    return (await this.#child.status).code;
  }
}
