/**
 * Reading the shell's command lines: a small line editor with history on a terminal (raw
 * mode), plain lines from a pipe; and splitting a line into words with shell quoting.
 *
 * @module
 */
import { UsageError } from "./_errors.ts";
import { columns } from "./_output.ts";

function terminalWidth(): number {
  try {
    return Deno.consoleSize().columns || 80;
  } catch {
    return 80;
  }
}

/** Where command lines come from. */
export interface LineSource {
  /** Whether a person is typing (prompts, history, Ctrl-C cancels a line). */
  readonly interactive: boolean;
  /**
   * Reads one line.
   *
   * @param prompt Shown first (interactive sources only).
   * @returns The line without its newline, or null at end of input.
   */
  read(prompt: string): Promise<string | null>;
  /** Sets what Tab completes (terminals only). */
  setCompleter?(complete: Completer): void;
}

/**
 * Completes the word before the cursor: its start in `before`, and the words that may
 * replace it (escaped as typed; a directory ends with "/").
 */
export type Completer = (before: string) => Promise<{ start: number; candidates: string[] }>;

/** Options of {@linkcode TerminalEditor}. */
export interface EditorOptions {
  /**
   * Where history is kept between sessions (null: not kept). Default: `$NFS_HISTFILE`, or
   * `~/.nfs_history`; an empty `NFS_HISTFILE` keeps none.
   */
  historyFile?: string | null;
}

/** Lines kept in the history file. */
const HISTORY_MAX = 1000;

function defaultHistoryFile(): string | null {
  try {
    const env = Deno.env.get("NFS_HISTFILE");
    if (env !== undefined) return env === "" ? null : env;
    const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE");
    return home ? `${home}/.nfs_history` : null;
  } catch {
    return null; // no --allow-env
  }
}

/** The longest common prefix of some words. */
export function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return "";
  let p = words[0]!;
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** A word as typed: blanks, quotes and backslashes escaped with a backslash. */
export function escapeWord(word: string): string {
  return word.replace(/[\s'"\\]/g, "\\$&");
}

const encoder = new TextEncoder();

function writeErr(text: string): void {
  const buf = encoder.encode(text);
  for (let p = buf; p.length > 0;) p = p.subarray(Deno.stderr.writeSync(p));
}

/** Lines from a stream (a pipe or a file), `\n` or `\r\n` separated. */
export class StreamLines implements LineSource {
  readonly interactive: boolean;
  readonly #reader: ReadableStreamDefaultReader<string>;
  #buffer = "";
  #done = false;

  /**
   * @param stream The bytes.
   * @param interactive Whether to print prompts (a terminal in cooked mode).
   */
  constructor(stream: ReadableStream<Uint8Array>, interactive = false) {
    this.#reader = stream.pipeThrough(new TextDecoderStream()).getReader();
    this.interactive = interactive;
  }

  async read(prompt: string): Promise<string | null> {
    if (this.interactive) writeErr(prompt);
    for (;;) {
      const nl = this.#buffer.indexOf("\n");
      if (nl !== -1) {
        const line = this.#buffer.slice(0, nl);
        this.#buffer = this.#buffer.slice(nl + 1);
        return line.endsWith("\r") ? line.slice(0, -1) : line;
      }
      if (this.#done) {
        if (this.#buffer === "") return null;
        const line = this.#buffer;
        this.#buffer = "";
        return line;
      }
      const { value, done } = await this.#reader.read();
      if (done) this.#done = true;
      else this.#buffer += value;
    }
  }
}

/** A line editor on a terminal: arrows, Home/End, Ctrl-A/E/K/U/W/L, history with up/down. */
export class TerminalEditor implements LineSource {
  readonly interactive = true;
  readonly #history: string[] = [];
  readonly #pending: number[] = [];
  readonly #decoder = new TextDecoder();
  readonly #historyFile: string | null;
  #complete: Completer | null = null;

  /** @param o Where history is kept. */
  constructor(o: EditorOptions = {}) {
    this.#historyFile = o.historyFile === undefined ? defaultHistoryFile() : o.historyFile;
    if (this.#historyFile === null) return;
    try {
      const lines = Deno.readTextFileSync(this.#historyFile).split("\n").filter((l) => l !== "");
      this.#history.push(...lines.slice(-HISTORY_MAX));
    } catch { /* no history yet */ }
  }

  setCompleter(complete: Completer): void {
    this.#complete = complete;
  }

  #remember(text: string): void {
    this.#history.push(text);
    if (this.#historyFile === null) return;
    try {
      if (this.#history.length > HISTORY_MAX * 2) {
        this.#history.splice(0, this.#history.length - HISTORY_MAX);
        Deno.writeTextFileSync(this.#historyFile, this.#history.join("\n") + "\n", { mode: 0o600 });
      } else {
        Deno.writeTextFileSync(this.#historyFile, text + "\n", { append: true, mode: 0o600 });
      }
    } catch { /* history is a convenience */ }
  }

  async #byte(): Promise<number | null> {
    if (this.#pending.length === 0) {
      const buf = new Uint8Array(256);
      const n = await Deno.stdin.read(buf);
      if (n === null) return null;
      this.#pending.push(...buf.subarray(0, n));
    }
    return this.#pending.shift() ?? null;
  }

  /** The next key: a character, or a name such as "up", "home", "ctrl-c". */
  async #key(): Promise<string | null> {
    const b = await this.#byte();
    if (b === null) return null;
    if (b === 0x1b) {
      const b1 = await this.#byte();
      if (b1 !== 0x5b && b1 !== 0x4f) return "escape";
      let seq = "";
      for (;;) {
        const c = await this.#byte();
        if (c === null) return null;
        seq += String.fromCharCode(c);
        if (c >= 0x40 && c <= 0x7e) break;
      }
      const keys: Record<string, string> = {
        A: "up",
        B: "down",
        C: "right",
        D: "left",
        H: "home",
        F: "end",
        "1~": "home",
        "7~": "home",
        "4~": "end",
        "8~": "end",
        "3~": "delete",
      };
      return keys[seq] ?? "escape";
    }
    if (b < 0x20 || b === 0x7f) {
      const names: Record<number, string> = {
        1: "home",
        2: "left",
        3: "ctrl-c",
        4: "ctrl-d",
        5: "end",
        6: "right",
        8: "backspace",
        9: "tab",
        11: "kill-end",
        12: "clear",
        13: "enter",
        10: "enter",
        14: "down",
        16: "up",
        21: "kill-start",
        23: "kill-word",
        127: "backspace",
      };
      return names[b] ?? "ignore";
    }
    // UTF-8: gather the continuation bytes of one character.
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    const bytes = [b];
    while (bytes.length < len) {
      const c = await this.#byte();
      if (c === null) break;
      bytes.push(c);
    }
    return this.#decoder.decode(new Uint8Array(bytes));
  }

  async read(prompt: string): Promise<string | null> {
    Deno.stdin.setRaw(true);
    try {
      return await this.#edit(prompt);
    } finally {
      Deno.stdin.setRaw(false);
    }
  }

  async #edit(prompt: string): Promise<string | null> {
    let line: string[] = [];
    let cursor = 0;
    let index = this.#history.length;
    let draft: string[] = [];
    const draw = () => {
      const back = line.length - cursor;
      writeErr(`\r${prompt}${line.join("")}\x1b[K${back > 0 ? `\x1b[${back}D` : ""}`);
    };
    const recall = (i: number) => {
      if (index === this.#history.length) draft = line;
      index = i;
      line = index === this.#history.length ? draft : [...this.#history[index]!];
      cursor = line.length;
    };
    draw();
    for (;;) {
      const key = await this.#key();
      switch (key) {
        case null:
          writeErr("\r\n");
          return null;
        case "enter": {
          writeErr("\r\n");
          const text = line.join("");
          if (text.trim() !== "" && this.#history.at(-1) !== text) this.#remember(text);
          return text;
        }
        case "ctrl-c":
          writeErr("^C\r\n");
          return "";
        case "ctrl-d":
          if (line.length === 0) {
            writeErr("\r\n");
            return null;
          }
          line.splice(cursor, 1);
          break;
        case "backspace":
          if (cursor > 0) line.splice(--cursor, 1);
          break;
        case "delete":
          line.splice(cursor, 1);
          break;
        case "left":
          cursor = Math.max(0, cursor - 1);
          break;
        case "right":
          cursor = Math.min(line.length, cursor + 1);
          break;
        case "home":
          cursor = 0;
          break;
        case "end":
          cursor = line.length;
          break;
        case "kill-end":
          line.splice(cursor);
          break;
        case "kill-start":
          line.splice(0, cursor);
          cursor = 0;
          break;
        case "kill-word": {
          let start = cursor;
          while (start > 0 && line[start - 1] === " ") start--;
          while (start > 0 && line[start - 1] !== " ") start--;
          line.splice(start, cursor - start);
          cursor = start;
          break;
        }
        case "clear":
          writeErr("\x1b[H\x1b[2J");
          break;
        case "up":
          if (index > 0) recall(index - 1);
          break;
        case "down":
          if (index < this.#history.length) recall(index + 1);
          break;
        case "tab": {
          if (this.#complete === null) break;
          const before = line.slice(0, cursor).join("");
          let done: { start: number; candidates: string[] };
          try {
            done = await this.#complete(before);
          } catch {
            done = { start: cursor, candidates: [] };
          }
          const { start, candidates } = done;
          const typed = before.slice(start);
          const prefix = candidates.length === 1
            ? candidates[0]! + (candidates[0]!.endsWith("/") ? "" : " ")
            : commonPrefix(candidates);
          if (candidates.length === 0) {
            writeErr("\x07");
          } else if (prefix.length > typed.length || candidates.length === 1) {
            const head = [...before.slice(0, start)];
            const rest = line.slice(cursor);
            line = [...head, ...prefix, ...rest];
            cursor = head.length + [...prefix].length;
          } else {
            // Nothing more in common: show the choices under the line.
            const shown = candidates.map((c) => c.slice(c.lastIndexOf("/", c.length - 2) + 1));
            writeErr(`\r\n${columns(shown, terminalWidth()).join("\r\n")}\r\n`);
          }
          break;
        }
        case "escape":
        case "ignore":
          break;
        default:
          line.splice(cursor++, 0, key);
      }
      draw();
    }
  }
}

/**
 * The line source for stdin: the editor on a terminal, plain lines otherwise.
 *
 * @returns The source.
 */
export function stdinLines(): LineSource {
  if (Deno.stdin.isTerminal()) {
    return Deno.stderr.isTerminal()
      ? new TerminalEditor()
      : new StreamLines(Deno.stdin.readable, true);
  }
  return new StreamLines(Deno.stdin.readable);
}

/**
 * Splits a command line into words as a POSIX shell would for plain words: blanks separate,
 * `'...'` is literal, `"..."` allows `\"` and `\\`, a backslash escapes the next character.
 *
 * @param line The line.
 * @returns The words.
 * @throws {UsageError} On an unterminated quote.
 */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === " " || c === "\t") {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new UsageError("unterminated quote (')");
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let text = "";
      for (i++;; i++) {
        if (i >= line.length) throw new UsageError('unterminated quote (")');
        const d = line[i]!;
        if (d === '"') break;
        if (d === "\\" && (line[i + 1] === '"' || line[i + 1] === "\\")) text += line[++i];
        else text += d;
      }
      word = (word ?? "") + text;
    } else if (c === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line[++i];
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}
