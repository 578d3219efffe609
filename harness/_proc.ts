/**
 * Process helpers shared by the test server starters: spawn a daemon in the
 * foreground with its output appended to a log file, poll it for readiness,
 * stop it (SIGTERM, then SIGKILL), and read the tail of its log.
 *
 * @module
 */

/** Options for {@linkcode spawnLogged}. */
export interface SpawnOptions {
  /** A short name used in messages, e.g. `ganesha`. */
  name: string;
  /** stdout and stderr are appended to this file. */
  logFile: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Working directory. */
  cwd?: string;
  /**
   * Kill the process (SIGKILL) when the thread that spawned it dies, for
   * example when `deno test` is interrupted, so that no server outlives its
   * test run. Uses util-linux `setpriv --pdeathsig` when installed. Default
   * true.
   */
  dieWithParent?: boolean;
}

/** A spawned daemon whose output goes to a log file. */
export interface Spawned {
  /** The name given at spawn time. */
  readonly name: string;
  /** The process id. */
  readonly pid: number;
  /** The log file that receives stdout and stderr. */
  readonly logFile: string;
  /** Resolves once the process has exited and its output is flushed to the log. */
  readonly status: Promise<Deno.CommandStatus>;
  /** The exit status if the process has exited, else `undefined`. */
  exited(): Deno.CommandStatus | undefined;
  /** Sends a signal; does nothing if the process has already exited. */
  kill(signal: Deno.Signal): void;
  /**
   * Stops the process: SIGTERM, then SIGKILL after `graceMs` (default 5000)
   * if it is still running. Resolves with the exit status. Safe to call twice.
   */
  stop(graceMs?: number): Promise<Deno.CommandStatus>;
}

const liveChildren = new Set<Deno.ChildProcess>();
const syncCleanups = new Set<() => void>();
let unloadHooked = false;

/**
 * Registers a synchronous last-resort cleanup that runs when the Deno process
 * unloads (for example a test module that failed before its `finally`).
 * Returns a function that unregisters it.
 */
export function onUnload(fn: () => void): () => void {
  hookUnload();
  syncCleanups.add(fn);
  return () => syncCleanups.delete(fn);
}

function hookUnload(): void {
  if (unloadHooked) return;
  unloadHooked = true;
  globalThis.addEventListener("unload", () => {
    for (const child of liveChildren) {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    }
    for (const fn of syncCleanups) {
      try {
        fn();
      } catch { /* best effort */ }
    }
  });
}

/**
 * Spawns `cmd args` with stdin closed and stdout/stderr appended to
 * `opts.logFile`.
 */
export async function spawnLogged(
  cmd: string,
  args: string[],
  opts: SpawnOptions,
): Promise<Spawned> {
  hookUnload();
  const out = await Deno.open(opts.logFile, { append: true, create: true });
  const err = await Deno.open(opts.logFile, { append: true, create: true });
  let child: Deno.ChildProcess;
  const setpriv = (opts.dieWithParent ?? true) ? which("setpriv") : undefined;
  try {
    // setpriv execs the command, so the pid stays the command's pid.
    child = new Deno.Command(setpriv ?? cmd, {
      args: setpriv ? ["--pdeathsig", "SIGKILL", cmd, ...args] : args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
    }).spawn();
  } catch (e) {
    out.close();
    err.close();
    throw new Error(`Could not spawn ${opts.name} (${cmd}): ${(e as Error).message}`);
  }
  liveChildren.add(child);
  // Each chunk is written as it comes, so that a start can watch the log while the daemon
  // runs (`pipeTo(file.writable)` held the output back until the process ended).
  const pipes = Promise.all([copyTo(child.stdout, out), copyTo(child.stderr, err)]);
  let exitStatus: Deno.CommandStatus | undefined;
  const status = (async () => {
    const s = await child.status;
    await pipes;
    exitStatus = s;
    liveChildren.delete(child);
    return s;
  })();

  const kill = (signal: Deno.Signal): void => {
    if (exitStatus) return;
    try {
      child.kill(signal);
    } catch { /* exited in the meantime */ }
  };

  let stopping: Promise<Deno.CommandStatus> | undefined;
  const stop = (graceMs = 5000): Promise<Deno.CommandStatus> => {
    stopping ??= (async () => {
      if (exitStatus) return exitStatus;
      kill("SIGTERM");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), graceMs);
      });
      const first = await Promise.race([status, timeout]);
      clearTimeout(timer);
      if (first === "timeout") kill("SIGKILL");
      return await status;
    })();
    return stopping;
  };

  return {
    name: opts.name,
    pid: child.pid,
    logFile: opts.logFile,
    status,
    exited: () => exitStatus,
    kill,
    stop,
  };
}

/** Writes every chunk of `from` to `file` as it arrives, then closes the file. */
async function copyTo(from: ReadableStream<Uint8Array>, file: Deno.FsFile): Promise<void> {
  try {
    for await (const chunk of from) {
      for (let off = 0; off < chunk.length;) off += await file.write(chunk.subarray(off));
    }
  } catch {
    /* the process is gone, or the log cannot be written: nothing more to copy */
  } finally {
    file.close();
  }
}

/** Returns the last `lines` lines of a log file, or a note if it cannot be read. */
export async function logTail(path: string, lines = 30): Promise<string> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    return `(could not read ${path}: ${(e as Error).message})`;
  }
  const all = text.replace(/\n+$/, "").split("\n");
  const tail = all.slice(-lines).join("\n");
  return `--- last ${Math.min(lines, all.length)} lines of ${path} ---\n${tail}`;
}

/** Describes an exit status, e.g. `exited with code 2` or `was killed by SIGKILL`. */
export function describeStatus(s: Deno.CommandStatus): string {
  return s.signal ? `was killed by ${s.signal}` : `exited with code ${s.code}`;
}

/**
 * Finds an executable: a name containing `/` is checked as is, otherwise each
 * directory of `PATH` (plus `/usr/sbin` and `/sbin`) is searched. Returns the
 * path or `undefined`.
 */
export function which(name: string): string | undefined {
  const isExe = (p: string): boolean => {
    try {
      const st = Deno.statSync(p);
      return st.isFile && ((st.mode ?? 0o111) & 0o111) !== 0;
    } catch {
      return false;
    }
  };
  if (name.includes("/")) return isExe(name) ? name : undefined;
  const dirs = (Deno.env.get("PATH") ?? "").split(":").filter((d) => d !== "");
  for (const extra of ["/usr/local/sbin", "/usr/sbin", "/sbin"]) {
    if (!dirs.includes(extra)) dirs.push(extra);
  }
  for (const dir of dirs) {
    const p = `${dir}/${name}`;
    if (isExe(p)) return p;
  }
  return undefined;
}

/** Options for {@linkcode waitUntil}. */
export interface WaitOptions {
  /** Give up after this many milliseconds. */
  timeoutMs: number;
  /** Delay between attempts. Default 50 ms. */
  intervalMs?: number;
  /** If this process exits, stop waiting at once. */
  proc?: Spawned;
}

/** The reason {@linkcode waitUntil} gave up. */
export type WaitFailure =
  | { kind: "exited"; status: Deno.CommandStatus; lastReason: string }
  | { kind: "timeout"; lastReason: string }
  | { kind: "fatal"; lastReason: string };

/**
 * Calls `probe` until it returns `undefined` (ready), the deadline passes,
 * `opts.proc` exits or `probe` throws (a failure that waiting cannot fix).
 * `probe` returns a string saying why it is not ready yet. Resolves with
 * `undefined` when ready, else with the failure.
 */
export async function waitUntil(
  probe: () => Promise<string | undefined>,
  opts: WaitOptions,
): Promise<WaitFailure | undefined> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastReason = "not tried";
  for (;;) {
    const early = opts.proc?.exited();
    if (early) return { kind: "exited", status: early, lastReason };
    let why: string | undefined;
    try {
      why = await probe();
    } catch (e) {
      return { kind: "fatal", lastReason: (e as Error).message };
    }
    if (why === undefined) return undefined;
    lastReason = why;
    const exited = opts.proc?.exited();
    if (exited) return { kind: "exited", status: exited, lastReason };
    if (Date.now() >= deadline) return { kind: "timeout", lastReason };
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}

/** Removes a path recursively, ignoring a missing path. */
export async function removeAll(path: string): Promise<void> {
  try {
    await Deno.remove(path, { recursive: true });
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

/**
 * The sentence for a daemon that did not come up: it exited (with its status), a probe found a
 * failure that waiting cannot fix, or the deadline passed (with the probe's last reason).
 */
export function describeStartFailure(
  daemon: string,
  failure: WaitFailure,
  timeoutMs: number,
  what = "RPC NULL",
): string {
  if (failure.kind === "exited") {
    const answered = what ? `answered ${what}` : "answered";
    return `${daemon} ${describeStatus(failure.status)} before it ${answered}`;
  }
  if (failure.kind === "fatal") return failure.lastReason;
  const answer = what ? `answer ${what}` : "answer";
  return `${daemon} did not ${answer} within ${timeoutMs} ms (${failure.lastReason})`;
}

/**
 * A server's `stop()`: runs `halt` (stop the processes) and then `cleanup` once, however often
 * it is called; every call gets the same promise.
 */
export function stopOnce(
  halt: () => Promise<unknown>,
  cleanup: () => Promise<void> | void,
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return (): Promise<void> => {
    stopping ??= (async () => {
      try {
        await halt();
      } finally {
        await cleanup();
      }
    })();
    return stopping;
  };
}
