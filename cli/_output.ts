/**
 * Formatting for people (ls -l lines, human sizes, columns) and for scripts (the stable
 * `--json` records), and the stdout writer.
 *
 * @module
 */
import type { FileType, NfsFileInfo, NfsFsStat } from "../mod.ts";
import { quoteName } from "../nfs/errors.ts";

const TYPE_CHAR: Record<FileType, string> = {
  file: "-",
  directory: "d",
  symlink: "l",
  block: "b",
  char: "c",
  socket: "s",
  fifo: "p",
};

/**
 * The `ls -l` mode column, e.g. `drwxr-xr-x` or `-rwsr-x--T`.
 *
 * @param type The file type.
 * @param mode Permission bits with setuid/setgid/sticky.
 * @returns Ten characters.
 */
export function modeString(type: FileType, mode: number): string {
  const rwx = (bits: number, special: boolean, lower: string, upper: string) =>
    (bits & 4 ? "r" : "-") + (bits & 2 ? "w" : "-") +
    (special ? (bits & 1 ? lower : upper) : bits & 1 ? "x" : "-");
  return TYPE_CHAR[type] +
    rwx(mode >> 6, (mode & 0o4000) !== 0, "s", "S") +
    rwx(mode >> 3, (mode & 0o2000) !== 0, "s", "S") +
    rwx(mode, (mode & 0o1000) !== 0, "t", "T");
}

/** Permission bits as a four-digit octal string, e.g. `0644`. */
export function octalMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, "0");
}

/**
 * A size in powers of 1024 as `ls -h` and `df -h` show it: `512`, `1.5K`, `23M`, `4.0G`.
 *
 * @param n Bytes.
 * @returns At most four characters plus the unit.
 */
export function humanSize(n: number | bigint): string {
  let v = Number(n);
  if (v < 1024) return String(v);
  let unit = -1;
  while (v >= 1024 && unit < 5) {
    v /= 1024;
    unit++;
  }
  const units = "KMGTPE";
  const tenths = Math.ceil(v * 10);
  if (tenths < 100) return (tenths / 10).toFixed(1) + units.charAt(unit);
  const whole = Math.ceil(v);
  // Rounding up may reach 1024: show the next unit instead.
  return whole >= 1024 && unit < 5 ? `1.0${units.charAt(unit + 1)}` : whole + units.charAt(unit);
}

/**
 * A size for transfer lines (progress, summaries) with its IEC unit: `512 B`, `1.5 KiB`,
 * `23 MiB`, `4.0 GiB` (powers of 1024, as {@linkcode humanSize} counts).
 *
 * @param n Bytes.
 * @returns The text.
 */
export function iecSize(n: number | bigint): string {
  const h = humanSize(n);
  return /\d$/.test(h) ? `${h} B` : `${h.slice(0, -1)} ${h.slice(-1)}iB`;
}

/**
 * A local timestamp as `2024-01-02 15:04` (ls's long-iso style, the same for any locale).
 *
 * @param d The time.
 * @returns Sixteen characters.
 */
export function shortTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * A local timestamp with seconds, milliseconds and the UTC offset, as GNU `stat` shows it:
 * `2024-01-02 15:04:05.123 +0100`.
 *
 * @param d The time.
 * @returns The text.
 */
export function fullTime(d: Date): string {
  const p = (n: number, w = 2) => String(Math.abs(n)).padStart(w, "0");
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? "-" : "+";
  return `${shortTime(d)}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)} ` +
    `${sign}${p(Math.floor(Math.abs(off) / 60))}${p(Math.abs(off) % 60)}`;
}

/** One row of a listing: a name, its attributes, and a symlink's target. */
export interface ListEntry {
  /** The name (a relative path in a recursive JSON listing). */
  name: string;
  /** Attributes, not following symlinks. */
  info: NfsFileInfo;
  /** The symlink's target, when it is one and could be read. */
  target?: string | undefined;
}

/** The attributes an `ls` line or `--json` record shows (what cli/_listing.ts keeps). */
export type ListInfo = Pick<
  NfsFileInfo,
  | "type"
  | "isSymlink"
  | "isDirectory"
  | "mode"
  | "nlink"
  | "uid"
  | "gid"
  | "size64"
  | "mtime"
  | "fileid"
>;

/** A row as `ls` prints it: {@linkcode ListEntry} with only the shown attributes. */
export interface ListRow {
  /** The name (a relative path in a recursive JSON listing). */
  name: string;
  /** Attributes, not following symlinks. */
  info: ListInfo;
  /** The symlink's target, when it is one and could be read. */
  target?: string | undefined;
}

/** Column widths of `ls -l`: links, uid, gid, size. */
export type LongWidths = [number, number, number, number];

/** The size column of `ls -l`. */
export function sizeColumn(size: bigint, human: boolean): string {
  return human ? humanSize(size) : String(size);
}

/**
 * One `ls -l` line with the given column widths (see {@linkcode longLines}).
 *
 * @param e The row (its name and target already escaped for printing).
 * @param w The widths of the links, uid, gid and size columns.
 * @param human Sizes as {@linkcode humanSize}.
 * @param iso Times as ISO 8601 UTC.
 * @returns The line, without a newline.
 */
export function longLine(e: ListRow, w: LongWidths, human: boolean, iso: boolean): string {
  const i = e.info;
  const name = e.target === undefined ? e.name : `${e.name} -> ${e.target}`;
  return `${modeString(i.type, i.mode)} ${String(i.nlink).padStart(w[0])} ` +
    `${String(i.uid).padEnd(w[1])} ${String(i.gid).padEnd(w[2])} ` +
    `${sizeColumn(i.size64, human).padStart(w[3])} ` +
    `${iso ? i.mtime.toISOString() : shortTime(i.mtime)} ${name}`;
}

/**
 * `ls -l` lines with aligned columns: mode, links, uid, gid, size, time, name [-> target].
 *
 * @param entries The rows.
 * @param human Sizes as {@linkcode humanSize}.
 * @param iso Times as ISO 8601 UTC (`--iso`) rather than local `2024-01-02 15:04`.
 * @returns One line per entry, without newlines.
 */
export function longLines(
  entries: readonly ListRow[],
  human: boolean,
  iso = false,
): string[] {
  const w: LongWidths = [0, 0, 0, 0];
  for (const e of entries) {
    w[0] = Math.max(w[0], String(e.info.nlink).length);
    w[1] = Math.max(w[1], String(e.info.uid).length);
    w[2] = Math.max(w[2], String(e.info.gid).length);
    w[3] = Math.max(w[3], sizeColumn(e.info.size64, human).length);
  }
  return entries.map((e) => longLine(e, w, human, iso));
}

/**
 * Names in columns filling down first, as `ls` shows them on a terminal.
 *
 * @param names The names, in order.
 * @param width The terminal width.
 * @returns Lines without newlines.
 */
export function columns(names: readonly string[], width: number): string[] {
  if (names.length === 0) return [];
  const colWidth = Math.max(...names.map((n) => n.length)) + 2;
  const cols = Math.max(1, Math.floor((width + 2) / colWidth));
  const rows = Math.ceil(names.length / cols);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = "";
    for (let c = 0; c < cols; c++) {
      const name = names[c * rows + r];
      if (name === undefined) break;
      const last = (c + 1) * rows + r >= names.length;
      line += last ? name : name.padEnd(colWidth);
    }
    lines.push(line);
  }
  return lines;
}

/** A bigint as an exact JSON number (`JSON.rawJSON`), even above 2^53. */
function exact(v: bigint): unknown {
  return (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(v.toString());
}

/**
 * The `--json` record of `ls`: `{ name, type, size, mode, uid, gid, nlink, mtime, fileid,
 * target? }`.
 *
 * @param e The row.
 * @returns A plain object for `JSON.stringify`.
 */
export function jsonEntry(e: ListRow): Record<string, unknown> {
  const i = e.info;
  return {
    name: e.name,
    type: i.type,
    size: exact(i.size64),
    mode: octalMode(i.mode),
    uid: i.uid,
    gid: i.gid,
    nlink: i.nlink,
    mtime: i.mtime.toISOString(),
    fileid: i.fileid.toString(),
    ...(e.target !== undefined ? { target: e.target } : {}),
  };
}

/**
 * The `--json` record of `stat`: {@linkcode jsonEntry}'s fields plus `atime`, `ctime`, `dev`.
 *
 * @param e The row.
 * @returns A plain object for `JSON.stringify`.
 */
export function jsonStat(e: ListEntry): Record<string, unknown> {
  return {
    ...jsonEntry(e),
    atime: e.info.atime.toISOString(),
    ctime: e.info.ctime.toISOString(),
    dev: e.info.dev,
  };
}

/**
 * The `--json` record of `df`: the six counters as exact JSON numbers.
 *
 * @param s The FSSTAT result.
 * @returns A plain object for `JSON.stringify`.
 */
export function jsonFsStat(s: NfsFsStat): Record<string, unknown> {
  return {
    totalBytes: exact(s.totalBytes),
    freeBytes: exact(s.freeBytes),
    availBytes: exact(s.availBytes),
    totalFiles: exact(s.totalFiles),
    freeFiles: exact(s.freeFiles),
    availFiles: exact(s.availFiles),
  };
}

/**
 * Shows control characters (which could drive the terminal: C0, DEL and C1, where 0x9b is
 * CSI) as `\xNN`, as names from a server may contain any byte but `/` and NUL; and the
 * bytes of a server name that are not UTF-8 (kept as lone surrogates by the client) as
 * `\xNN` too, rather than as U+FFFD.
 *
 * @param text The text.
 * @returns The text with control characters and undecodable bytes escaped.
 */
export function printable(text: string): string {
  // Most names have nothing to escape: no new strings for them (a listing prints millions).
  if (!MAYBE_UNPRINTABLE.test(text)) return text;
  return quoteName(text).slice(1, -1);
}

/** Every character quoteName() may escape (surrogates: pairs are kept, checked there). */
// deno-lint-ignore no-control-regex -- control characters are what it looks for
const MAYBE_UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\ud800-\udfff]/;

/** Raised when stdout's reader went away (`nfs cat ... | head`): stop quietly. */
export class StdoutClosed extends Error {
  constructor() {
    super("stdout is closed");
    this.name = "StdoutClosed";
  }
}

const encoder = new TextEncoder();

/**
 * Where text for stdout is encoded, reused: a fresh buffer per write (a listing's 1024 lines
 * at a time) is memory outside V8's heap that only a garbage collection gives back, and V8
 * lets tens of MiB of it pile up before it collects.
 */
const textBuffer = new Uint8Array(64 * 1024);
let textBufferBusy = false;

async function writeAll(buf: Uint8Array): Promise<void> {
  try {
    while (buf.length > 0) buf = buf.subarray(await Deno.stdout.write(buf));
  } catch (e) {
    if (e instanceof Deno.errors.BrokenPipe) throw new StdoutClosed();
    throw e;
  }
}

/**
 * Writes all of `data` to stdout.
 *
 * @param data Bytes, or text (UTF-8).
 * @throws {StdoutClosed} When the reader closed the pipe.
 */
export async function writeStdout(data: Uint8Array | string): Promise<void> {
  if (typeof data !== "string") return await writeAll(data);
  if (textBufferBusy || data.length > 1 << 22) return await writeAll(encoder.encode(data));
  textBufferBusy = true;
  try {
    // encodeInto stops before a character that does not fit: the rest goes in the next round.
    for (let at = 0; at < data.length;) {
      const { read, written } = encoder.encodeInto(at === 0 ? data : data.slice(at), textBuffer);
      at += read;
      await writeAll(textBuffer.subarray(0, written));
    }
  } finally {
    textBufferBusy = false;
  }
}

let endStatusLine: (() => void) | null = null;

/**
 * Registers how to end the line a progress bar is drawn on (null: no bar showing), so that
 * {@linkcode writeStderr} starts messages on a line of their own.
 *
 * @param end Ends the bar's line.
 */
export function setStatusLine(end: (() => void) | null): void {
  endStatusLine = end;
}

/**
 * Writes text to stderr, ignoring a closed stderr; a progress bar's line is ended first.
 *
 * @param text The text, with its newline.
 */
export function writeStderr(text: string): void {
  const end = endStatusLine;
  endStatusLine = null;
  end?.();
  let buf = encoder.encode(text);
  try {
    while (buf.length > 0) buf = buf.subarray(Deno.stderr.writeSync(buf));
  } catch { /* nowhere left to complain */ }
}
