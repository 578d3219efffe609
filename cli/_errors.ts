/**
 * Error messages and exit codes of the CLI: `nfs: cannot VERB "PATH": REASON`, 0 success,
 * 1 failure, 2 usage error, 130 interrupted.
 *
 * @module
 */
import { NfsError } from "../mod.ts";
import { nfsStatusInfo } from "../nfs/errors.ts";

/** Everything worked. */
export const EXIT_OK = 0;
/** At least one operation failed. */
export const EXIT_FAILURE = 1;
/** Bad command line: unknown command or option, missing argument, malformed URL. */
export const EXIT_USAGE = 2;
/** Interrupted (SIGINT). */
export const EXIT_INTERRUPTED = 130;

/** A bad command line; the message is printed with a hint to `--help`. */
export class UsageError extends Error {
  /** The command whose help to point to, if known. */
  readonly command: string | undefined;

  /**
   * @param message What is wrong, lowercase, e.g. `missing the destination URL`.
   * @param command The command name, for the `--help` hint.
   */
  constructor(message: string, command?: string) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

/** A failure the CLI decided on itself (e.g. "file exists (use -f to overwrite)"). */
export class Refusal extends Error {
  /** @param reason Lowercase reason, shown after the path. */
  constructor(reason: string) {
    super(reason);
    this.name = "Refusal";
  }
}

/** An error tied to the operation and path it is about (wins over the caller's own). */
export class OpError extends Error {
  /** The verb, e.g. "write". */
  readonly verb: string;
  /** The path or URL as the user sees it. */
  readonly display: string;

  /**
   * @param verb The verb of the message.
   * @param display The path or URL.
   * @param cause The underlying error.
   */
  constructor(verb: string, display: string, cause: unknown) {
    super(`cannot ${verb} "${display}": ${reasonOf(cause)}`, { cause });
    this.name = "OpError";
    this.verb = verb;
    this.display = display;
  }
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** The part of a library message after `Cannot VERB "PATH": `, if it has one. */
function afterSubject(message: string, path: string | undefined): string {
  const marker = path === undefined ? null : `"${path}": `;
  const at = marker === null ? -1 : message.indexOf(marker);
  if (at !== -1) return message.slice(at + marker!.length);
  const m = /^Cannot [^"]*"[^"]*": /.exec(message);
  return m ? message.slice(m[0].length) : lowerFirst(message);
}

/**
 * The reason part of a message: `no such file or directory (NFS3ERR_NOENT)` for an NFS
 * status, the OS's wording for local errors, the message for anything else.
 *
 * @param e What was thrown.
 * @returns A lowercase reason without the subject.
 */
export function reasonOf(e: unknown): string {
  if (e instanceof OpError) return reasonOf(e.cause);
  if (e instanceof NfsError) {
    const info = e.statusName === undefined ? undefined : nfsStatusInfo(e.status);
    if (info !== undefined) return `${info.message} (${e.statusName})`;
    return afterSubject(e.message, e.path);
  }
  if (e instanceof DOMException && e.name === "AbortError") return "interrupted";
  if (e instanceof Error) {
    const os = /^(.*?) \(os error \d+\)/.exec(e.message);
    return lowerFirst(os ? os[1]! : e.message);
  }
  return String(e);
}

/**
 * The one-line message for a failed operation, without the `nfs: ` prefix.
 *
 * @param verb What could not be done, e.g. "get".
 * @param display The path or URL as the user wrote it.
 * @param e The error (an {@linkcode OpError} brings its own verb and path).
 * @returns E.g. `cannot get "a/b": no such file or directory (NFS3ERR_NOENT)`.
 */
export function failureMessage(verb: string, display: string, e: unknown): string {
  if (e instanceof OpError) return e.message;
  return `cannot ${verb} "${display}": ${reasonOf(e)}`;
}

/** Whether `e` is the abort of an interrupted command. */
export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === "AbortError";
}
