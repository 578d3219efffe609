/**
 * What a command runs with: its resolver (see `_resolve.ts`), stdout, failure reporting,
 * progress, and cancellation; and how the CLI reports what a command threw.
 *
 * @module
 */
import {
  EXIT_FAILURE,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
  failureMessage,
  isAbort,
  OpError,
  reasonOf,
  UsageError,
} from "./_errors.ts";
import { type Loc, localLoc, type Remote } from "./_fs.ts";
import { displayUrl, type Resolver } from "./_resolve.ts";
import { printable, StdoutClosed, writeStderr, writeStdout } from "./_output.ts";
import { Progress, type ProgressMode } from "./_progress.ts";
import type { Flags } from "./_args.ts";
import { expandGlob, type GlobEntry } from "./_glob.ts";
import { parseNfsUrl } from "../nfs/fs/url.ts";

/**
 * `encodeURIComponent` for a name from a server, whose bytes that are not UTF-8 are lone
 * surrogates U+DC80..U+DCFF (they become `%80`..`%FF`, as the library's URLs read them).
 *
 * @param name The name.
 * @returns The name, percent-encoded for a URL path.
 */
export function encodeUrlName(name: string): string {
  return name.split(/([\udc80-\udcff])/).map((part, i) =>
    i % 2 === 1
      ? `%${(part.charCodeAt(0) - 0xdc00).toString(16).toUpperCase()}`
      : encodeURIComponent(part)
  ).join("");
}

/**
 * {@linkcode expandGlob} on either side: `at` says where a list of components is (null when
 * it cannot be reached); directories are listed with `Side.list`, names checked with
 * `Side.lstat`. An invalid entry a server sends is left out with a warning (`warn`).
 */
function globOn(
  comps: readonly string[],
  at: (p: readonly string[]) => Promise<Loc | null>,
  warn: (message: string) => void,
): Promise<string[][] | null> {
  return expandGlob(
    comps,
    async (p) => {
      const loc = await at(p);
      if (loc === null) return null;
      const entries: GlobEntry[] = [];
      const onInvalid = (e: Error) => warn(`skipping an entry of "${loc.display}": ${e.message}`);
      try {
        for await (const e of loc.side.list(loc.path, onInvalid)) {
          entries.push({
            name: e.name,
            dir: e.meta.kind === "directory" || e.meta.kind === "symlink",
          });
        }
      } catch {
        return null;
      }
      return entries;
    },
    async (p) => {
      const loc = await at(p);
      return loc !== null && (await loc.side.lstat(loc.path).catch(() => null)) !== null;
    },
  );
}

/** A path's components, and the path a list of them stands for ("." for none). */
function pathParts(arg: string): { comps: string[]; pathOf: (p: readonly string[]) => string } {
  const prefix = arg.startsWith("/") ? "/" : "";
  return {
    comps: arg.split("/").filter((c) => c !== ""),
    pathOf: (p) => prefix + p.join("/") || ".",
  };
}

/** Expands a local pattern, in any component (the shell's `put *.txt`, `put d?/a.txt`). */
async function globLocal(arg: string): Promise<string[] | null> {
  const { comps, pathOf } = pathParts(arg);
  const found = await globOn(comps, (p) => Promise.resolve(localLoc(pathOf(p))), () => {});
  return found === null ? null : found.map(pathOf);
}

/** How a command was asked to show progress. */
function progressMode(flags: Flags): ProgressMode {
  return flags.quiet === true ? "never" : flags.progress === true ? "always" : "auto";
}

/** The context of one command run. */
export class Ctx {
  /** Argument resolution. */
  readonly resolver: Resolver;
  /** Cancels the command (Ctrl-C). */
  readonly signal: AbortSignal;
  readonly #stderr: (text: string) => void;
  #code: number = EXIT_OK;

  /**
   * @param resolver How arguments are resolved.
   * @param signal Cancellation.
   * @param stderr Where messages go (tests).
   */
  constructor(
    resolver: Resolver,
    signal: AbortSignal,
    stderr: (text: string) => void = writeStderr,
  ) {
    this.resolver = resolver;
    this.signal = signal;
    this.#stderr = stderr;
  }

  /** The exit status so far: 0, or 1 once something failed (or what `setCode` set). */
  get code(): number {
    return this.#code;
  }

  /** A remote file, from an argument. */
  remote(arg: string): Promise<Remote> {
    return this.resolver.remote(arg);
  }

  /** A local file, from an argument. */
  local(arg: string): Loc {
    if (this.resolver.looksRemote(arg) === true) {
      throw new UsageError(`"${displayUrl(arg)}" must be a local path here`);
    }
    return localLoc(arg);
  }

  /** Either: an `nfs://` URL is remote, anything else local (in the shell: remote). */
  any(arg: string): Promise<Loc> {
    return this.resolver.looksRemote(arg) === false
      ? Promise.resolve(localLoc(arg))
      : this.resolver.remote(arg);
  }

  /**
   * Reports a failed operation on stderr and marks the command failed; rethrows when the
   * command was interrupted or stdout was closed (those end the command).
   */
  fail(verb: string, display: string, e: unknown): void {
    if (this.signal.aborted) throw this.signal.reason;
    if (e instanceof StdoutClosed) throw e;
    this.#code ||= EXIT_FAILURE;
    this.#stderr(`nfs: ${printable(failureMessage(verb, display, e))}\n`);
  }

  /**
   * A warning on stderr.
   *
   * @param message The warning.
   * @param fail Whether it also makes the command fail (something was left out).
   */
  warn(message: string, fail = false): void {
    if (fail) this.#code ||= EXIT_FAILURE;
    this.#stderr(`nfs: warning: ${printable(message)}\n`);
  }

  /** Text (or bytes) to stdout. */
  out(data: string | Uint8Array): Promise<void> {
    return writeStdout(data);
  }

  /**
   * Sets the exit status (a failure whose reason was shown already, or the shell's status).
   *
   * @param code The status.
   */
  setCode(code: number): void {
    this.#code = code;
  }

  /**
   * Resolves each argument and runs `fn` on it; a failure (of either) is reported and the
   * next argument is tried. Usage errors and interruptions propagate.
   *
   * @param args The arguments.
   * @param resolve How to resolve one.
   * @param verb The verb of failure messages.
   * @param fn What to do with each location.
   */
  async each<T extends Loc>(
    args: readonly string[],
    resolve: (arg: string) => Promise<T> | T,
    verb: string,
    fn: (loc: T) => Promise<void>,
  ): Promise<void> {
    for (const arg of args) {
      this.check();
      let loc: T | undefined;
      try {
        loc = await resolve(arg);
        await fn(loc);
      } catch (e) {
        if (e instanceof UsageError) throw e;
        this.fail(verb, loc?.display ?? displayUrl(arg), e);
      }
    }
  }

  /**
   * Resolves arguments, reporting those that fail (e.g. a server that cannot be mounted).
   *
   * @returns The locations that resolved, in order.
   */
  async resolveAll<T extends Loc>(
    args: readonly string[],
    resolve: (arg: string) => Promise<T> | T,
    verb: string,
  ): Promise<T[]> {
    const out: T[] = [];
    await this.each(args, resolve, verb, (loc) => {
      out.push(loc);
      return Promise.resolve();
    });
    return out;
  }

  /**
   * Expands arguments whose last component is a pattern (`*`, `?`, `[..]`) into the names
   * that match, sorted, as a shell would: remote ones by listing the directory (an
   * `nfs://` URL, or a path in the shell); local ones only in the shell (on the command
   * line, the user's shell did it). A pattern that matches nothing stays as it is (and then
   * fails as a name). `*` and `?` do not match a leading ".".
   *
   * @param args The arguments.
   * @param side Which arguments are remote: by syntax ("any"), or all of them ("remote"),
   *   or none ("local").
   * @returns The arguments with patterns replaced by their matches.
   */
  async glob(args: readonly string[], side: "remote" | "local" | "any"): Promise<string[]> {
    const out: string[] = [];
    for (const arg of args) {
      const remote = side === "remote" ||
        (side === "any" && this.resolver.looksRemote(arg) !== false);
      const matches = remote
        ? await this.#globRemote(arg)
        : this.resolver.looksRemote(arg) === null
        ? await globLocal(arg)
        : null;
      if (matches === null || matches.length === 0) out.push(arg);
      else out.push(...matches);
    }
    return out;
  }

  async #globRemote(arg: string): Promise<string[] | null> {
    // The components, and the argument a list of them stands for: a URL (its path decoded as
    // the library does: %E9 is the byte 0xe9, not an error) or a path of the shell's.
    let comps: string[];
    let make: (p: readonly string[]) => string;
    if (this.resolver.looksRemote(arg) === true) {
      comps = parseNfsUrl(arg).path.split("/").filter((c) => c !== "");
      make = (p) => {
        const m = new URL(arg);
        m.pathname = "/" + p.map(encodeUrlName).join("/");
        return m.href;
      };
    } else {
      ({ comps, pathOf: make } = pathParts(arg));
    }
    const found = await globOn(
      comps,
      async (p) => {
        try {
          return await this.remote(make(p));
        } catch (e) {
          if (e instanceof UsageError) throw e;
          return null; // the name itself is tried, and its failure reported
        }
      },
      // The command then fails.
      (m) => this.warn(m, true),
    );
    return found === null ? null : found.map(make);
  }

  /** Throws if the command was interrupted. */
  check(): void {
    this.signal.throwIfAborted();
  }

  /** A progress display for this command's flags. */
  progress(flags: Flags): Progress {
    return new Progress(progressMode(flags));
  }
}

/**
 * Reports what a command threw (rather than reported itself) and picks the exit status:
 * usage errors 2 with a hint to the help, interruption 130, a closed stdout 0 (quietly),
 * anything else 1.
 *
 * @param e What was thrown.
 * @param command The command's name.
 * @param shell Whether the hint should use the shell's syntax.
 * @returns The exit status.
 */
export function reportError(e: unknown, command: string | undefined, shell = false): number {
  if (e instanceof UsageError) {
    const cmd = e.command ?? command;
    const hint = shell ? `help${cmd ? ` ${cmd}` : ""}` : `nfs ${cmd ? `${cmd} ` : ""}--help`;
    writeStderr(`nfs: ${printable(e.message)}\nTry "${hint}".\n`);
    return EXIT_USAGE;
  }
  if (isAbort(e)) {
    const by = INTERRUPTS.signal;
    writeStderr(`nfs: ${by === "SIGINT" ? "interrupted" : `terminated (${by})`}\n`);
    return INTERRUPTS.exitCode;
  }
  if (e instanceof StdoutClosed) return EXIT_OK;
  writeStderr(`nfs: ${printable(e instanceof OpError ? e.message : reasonOf(e))}\n`);
  return EXIT_FAILURE;
}

/** The signals that end a command, with their exit status (128 + the signal's number). */
const SIGNALS: readonly (readonly [Deno.Signal, number])[] = [
  ["SIGINT", EXIT_INTERRUPTED],
  ["SIGTERM", 128 + 15],
  ["SIGHUP", 128 + 1],
];

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP handling: the first one aborts the running command
 * (its partial files are removed) and the command exits with 128 + the signal's number
 * (130, 143, 129); another one exits at once. One while no command runs exits too, except
 * a SIGINT in an interactive session (where it comes between a command and the next
 * prompt). A command that handles SIGTERM and SIGHUP itself (`mount DIR`) turns
 * `terminations` off while it does.
 */
export class Interrupts {
  #current: AbortController | null = null;
  #installed: [Deno.Signal, () => void][] = [];
  #signal: Deno.Signal = "SIGINT";
  /** Whether a SIGINT between commands is ignored (interactive session). */
  interactive = false;
  /** Whether SIGTERM and SIGHUP abort the command (false: the command listens itself). */
  terminations = true;

  #on(sig: Deno.Signal, code: number): void {
    if (sig !== "SIGINT" && !this.terminations) return;
    if (this.#current !== null && !this.#current.signal.aborted) {
      this.#signal = sig;
      this.#current.abort();
    } else if (this.#current !== null || !this.interactive || sig !== "SIGINT") {
      Deno.exit(this.#current !== null ? this.exitCode : code);
    }
  }

  /** The signal that aborted the last command (SIGINT when none did). */
  get signal(): Deno.Signal {
    return this.#signal;
  }

  /** The exit status of a command aborted by {@linkcode signal}: 130, 143 or 129. */
  get exitCode(): number {
    return SIGNALS.find(([s]) => s === this.#signal)?.[1] ?? EXIT_INTERRUPTED;
  }

  /** Starts listening for SIGINT, SIGTERM and SIGHUP. */
  install(): void {
    if (this.#installed.length > 0) return;
    for (const [sig, code] of SIGNALS) {
      const handler = () => this.#on(sig, code);
      try {
        Deno.addSignalListener(sig, handler);
        this.#installed.push([sig, handler]);
      } catch { /* no such signal here */ }
    }
  }

  /** Stops listening. */
  uninstall(): void {
    for (const [sig, handler] of this.#installed) Deno.removeSignalListener(sig, handler);
    this.#installed = [];
  }

  /**
   * A command starts.
   *
   * @returns Its cancellation signal.
   */
  begin(): AbortSignal {
    this.#signal = "SIGINT";
    this.#current = new AbortController();
    return this.#current.signal;
  }

  /** The command ended. */
  end(): void {
    this.#current = null;
  }
}

/** The process's one {@linkcode Interrupts}. */
export const INTERRUPTS: Interrupts = new Interrupts();
