/**
 * Progress bars on stderr: shown for transfers that last more than half a second when
 * stderr is a terminal (always with `--progress`, never with `-q`), redrawn at most ten times
 * a second, with bytes (in KiB, MiB, GiB: powers of 1024), percent, rate and ETA; for a
 * recursive copy, of the whole tree (files done of all, bytes of all).
 *
 * @module
 */
import { iecSize, printable, setStatusLine } from "./_output.ts";

/** When to draw: on a terminal only, always (`--progress`), or never (`-q`). */
export type ProgressMode = "auto" | "always" | "never";

/** What one bar line shows. */
export interface BarState {
  /** The item's name. */
  label: string;
  /** Bytes of the item done. */
  done: number;
  /** The item's size, or null when unknown. */
  total: number | null;
  /** Bytes per second over the whole operation. */
  rate: number;
  /** The whole tree of a recursive copy, when known: percent and ETA are of it. */
  overall?: { filesDone: number; files: number; bytesDone: number; bytes: number };
}

/** A delay before the bar appears in `auto` mode, in ms. */
export const SHOW_AFTER_MS = 500;
const REDRAW_MS = 100;

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  // Rounded up: "0:00" only once nothing is left.
  const s = Math.ceil(seconds);
  const hms = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  const mm = String(hms[1]).padStart(2, "0");
  const ss = String(hms[2]).padStart(2, "0");
  return hms[0]! > 0 ? `${hms[0]}:${mm}:${ss}` : `${hms[1]}:${ss}`;
}

/**
 * One bar line: `name  45% [=====>     ] 45.0 MiB/100 MiB 120 MiB/s ETA 0:01`; for a tree,
 * `[3/20] name  45% [=====>     ] 45.0 MiB/100 MiB ...` with the tree's bytes.
 *
 * @param s What to show.
 * @param width The line's width (one column is left free to avoid wrapping).
 * @returns The line, without a newline.
 */
export function renderBar(s: BarState, width: number): string {
  const rate = `${iecSize(Math.round(s.rate))}/s`;
  const o = s.overall;
  const label = o ? `[${Math.min(o.files, o.filesDone + 1)}/${o.files}] ${s.label}` : s.label;
  const [done, total] = o ? [o.bytesDone, o.bytes] : [s.done, s.total];
  if (total === null) return fit(label, `${iecSize(done)} ${rate}`, width);
  const frac = total === 0 ? 1 : Math.min(1, done / total);
  const eta = done >= total ? "" : ` ETA ${clock((total - done) / s.rate)}`;
  const pct = `${Math.floor(frac * 100)}%`.padStart(4);
  const tail = `${iecSize(done)}/${iecSize(total)} ${rate}${eta}`;
  const avail = width - 1 - pct.length - tail.length - 5;
  const labelWidth = Math.min(label.length, Math.max(8, Math.floor(avail * 0.4)));
  const barWidth = Math.max(5, avail - labelWidth);
  const full = Math.floor(frac * barWidth);
  const bar = frac >= 1
    ? "=".repeat(barWidth)
    : "=".repeat(full) + ">" + " ".repeat(barWidth - full - 1);
  return `${shorten(label, labelWidth)} ${pct} [${bar}] ${tail}`;
}

function shorten(label: string, width: number): string {
  return label.length <= width ? label : "…" + label.slice(label.length - width + 1);
}

function fit(label: string, tail: string, width: number): string {
  return `${shorten(label, Math.max(8, width - 2 - tail.length))} ${tail}`;
}

/** Options of {@linkcode Progress}, for tests. */
export interface ProgressOptions {
  /** Milliseconds clock (default `performance.now`). */
  now?: () => number;
  /** Where lines go (default stderr). */
  write?: (text: string) => void;
  /** Whether the output is a terminal (default: stderr's). */
  terminal?: boolean;
  /** Line width (default: the terminal's, else 80). */
  width?: number;
}

/** The progress of one command: items (files) one after another, and a final summary. */
export class Progress {
  readonly #mode: ProgressMode;
  readonly #now: () => number;
  readonly #write: (text: string) => void;
  readonly #terminal: boolean;
  readonly #width: number;
  #start = -1;
  #lastDraw = -Infinity;
  #shown = false;
  #lastLength = 0;
  #bytes = 0;
  #label = "";
  #done = 0;
  #total: number | null = null;
  #plan: { files: number; bytes: number } | null = null;
  #filesDone = 0;
  #skipped = 0;

  /**
   * @param mode When to draw.
   * @param o Clock, output and terminal overrides (tests).
   */
  constructor(mode: ProgressMode, o: ProgressOptions = {}) {
    this.#mode = mode;
    this.#now = o.now ?? (() => performance.now());
    this.#terminal = o.terminal ?? Deno.stderr.isTerminal();
    this.#write = o.write ?? ((text) => {
      const buf = new TextEncoder().encode(text);
      try {
        Deno.stderr.writeSync(buf);
      } catch { /* stderr gone */ }
    });
    let width = o.width ?? 80;
    if (o.width === undefined && this.#terminal) {
      try {
        width = Deno.consoleSize().columns || 80;
      } catch { /* not a console after all */ }
    }
    this.#width = width;
  }

  /** Whether anything (bars, summaries) is drawn at all. */
  get enabled(): boolean {
    return this.#mode === "always" || (this.#mode === "auto" && this.#terminal);
  }

  /** Bytes added so far, over all items. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Whether a bar is on the screen now. */
  get shown(): boolean {
    return this.#shown;
  }

  /**
   * Sets what the whole operation will copy (a recursive copy walks the tree first): the
   * bar then shows files done of all, and percent and ETA of all the bytes.
   *
   * @param files The number of files.
   * @param bytes Their total size.
   */
  plan(files: number, bytes: number): void {
    this.#plan = { files, bytes };
  }

  /** Milliseconds since the first item began. */
  get elapsedMs(): number {
    return this.#start < 0 ? 0 : this.#now() - this.#start;
  }

  /**
   * An item (file) starts.
   *
   * @param label Its name.
   * @param total Its size, or null when unknown.
   */
  begin(label: string, total: number | null): void {
    if (this.#start < 0) this.#start = this.#now();
    this.#label = printable(label); // a name from a server: never raw to the terminal
    this.#done = 0;
    this.#total = total;
    this.#maybeDraw(false);
  }

  /** @param n Bytes of the current item just done. */
  add(n: number): void {
    this.#done += n;
    this.#bytes += n;
    this.#maybeDraw(false);
  }

  /**
   * A planned file needs no copy (it is complete already, or continued from `n` bytes): its
   * bytes count as done for the whole, not for the rate.
   *
   * @param n Its bytes.
   * @param whole Whether the whole file is skipped (it counts as a file done).
   */
  skip(n: number, whole = true): void {
    this.#skipped += n;
    if (whole) this.#filesDone++;
  }

  /** The current item is complete: its bar is drawn at 100% if bars are showing. */
  end(): void {
    this.#maybeDraw(true);
    this.#filesDone++;
  }

  /**
   * The command is done: ends the bar line, or replaces it with a summary.
   *
   * @param summary A line for recursive transfers (printed whenever progress is enabled).
   */
  finish(summary?: string): void {
    if (!this.enabled) return;
    if (summary !== undefined) {
      this.#put(summary);
      this.#write("\n");
    } else if (this.#shown) {
      this.#write("\n");
    }
    this.#hide();
  }

  /** The bar line is left (ended by a newline): the next draw starts a fresh line. */
  #hide(): void {
    this.#shown = false;
    this.#lastLength = 0;
    setStatusLine(null);
  }

  #maybeDraw(force: boolean): void {
    if (!this.enabled || this.#start < 0) return;
    const now = this.#now();
    const elapsed = now - this.#start;
    if (this.#mode === "auto" && elapsed < SHOW_AFTER_MS) return;
    if (!force && now - this.#lastDraw < REDRAW_MS) return;
    if (force && !this.#shown && this.#mode === "auto") return;
    this.#lastDraw = now;
    const rate = elapsed > 0 ? this.#bytes / (elapsed / 1000) : 0;
    const state: BarState = { label: this.#label, done: this.#done, total: this.#total, rate };
    if (this.#plan !== null) {
      state.overall = {
        filesDone: this.#filesDone,
        files: this.#plan.files,
        bytesDone: this.#bytes + this.#skipped,
        bytes: this.#plan.bytes,
      };
    }
    this.#put(renderBar(state, this.#width));
    this.#shown = true;
    // A message on stderr (an error, Ctrl-C) first ends the bar's line.
    setStatusLine(() => {
      this.#write("\n");
      this.#hide();
    });
  }

  /** Overwrites the current line with `line`. */
  #put(line: string): void {
    if (this.#terminal) {
      this.#write(`\r${line}\x1b[K`);
    } else {
      this.#write(`\r${line.padEnd(this.#lastLength)}`);
    }
    this.#lastLength = line.length;
  }
}
