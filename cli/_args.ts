/**
 * Command specifications, argument parsing (the rules of `node:util` `parseArgs` in strict
 * mode, without importing it: the first `node:` import of a process costs 15-35 ms of start-up
 * here), help texts, and the value parsers for sizes and modes.
 *
 * @module
 */
import type { Ctx } from "./_context.ts";
import { UsageError } from "./_errors.ts";

/** One option of a command. */
export interface OptionDef {
  /** Long name, without `--`. */
  long: string;
  /** One-letter name, without `-`. */
  short?: string;
  /** A value placeholder (e.g. `SIZE`) for options that take one. */
  value?: string;
  /** One line of help. */
  help: string;
  /** It may be given more than once (its value is then a list). */
  multiple?: boolean;
}

/** Parsed options: booleans for flags, strings for options with a value (lists if repeatable). */
export type Flags = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** A command: its help, its options and arguments, and what it does. */
export interface CommandSpec {
  /** The name. */
  name: string;
  /** Other names. */
  aliases?: string[];
  /** One line for the command list. */
  summary: string;
  /** The synopsis after `nfs `, e.g. `get [-r] [-p] [-f] URL... [LOCAL]`. */
  usage: string;
  /** The synopsis in the interactive shell, where it differs. */
  shellUsage?: string;
  /** More help text, if any. */
  description?: string;
  /** Its options (`--help` is added to every command). */
  options: OptionDef[];
  /** How many arguments it takes (`max` may be Infinity). */
  args: { min: number; max: number };
  /** Example command lines (without the leading `nfs `). */
  examples: string[];
  /** Not available in the interactive shell. */
  cliOnly?: boolean;
  /** Runs it; failures of single operands are reported on `ctx`, not thrown. */
  run(ctx: Ctx, flags: Flags, args: string[]): Promise<void>;
}

/** Options every transfer command has. */
export const PROGRESS_OPTIONS: OptionDef[] = [
  { long: "quiet", short: "q", help: "no progress bar or summary" },
  { long: "progress", help: "show progress even when stderr is not a terminal" },
];

/**
 * `--debug` (and `-v` unless the command uses it), on every command that does not define a
 * `--debug` of its own (`mount`'s also logs the FUSE operations).
 */
function debugOptions(spec: CommandSpec): OptionDef[] {
  if (spec.options.some((o) => o.long === "debug")) return [];
  const taken = spec.options.some((o) => o.short === "v");
  return [{
    long: "debug",
    ...(taken ? {} : { short: "v" }),
    help: "show each RPC call as it ends",
  }];
}

/** `--help` (and `-h` unless the command uses `-h` itself). */
function helpOption(spec: CommandSpec): OptionDef {
  const taken = spec.options.some((o) => o.short === "h");
  return { long: "help", ...(taken ? {} : { short: "h" }), help: "show this help" };
}

/** The parsed command line of one command. */
export interface ParsedCommand {
  /** Options. */
  flags: Flags;
  /** Positional arguments. */
  args: string[];
  /** `--help` was given. */
  help: boolean;
}

/** One option as the parser sees it. */
interface ParseDef {
  long: string;
  string: boolean;
  multiple: boolean;
}

/**
 * Options and positionals, by `parseArgs`'s strict rules: `--long`, `--long=V`, `--long V`,
 * `-s`, `-sV`, `-s V`, groups of short flags (`-lR`; a short option with a value ends the
 * group, the rest being its value), `--` ends the options, `-` alone is a positional. A value
 * that looks like an option must be given inline (`--name=-x`).
 */
function parseOptions(
  defs: readonly OptionDef[],
  argv: readonly string[],
): { values: Record<string, string | boolean | string[]>; positionals: string[] } {
  const byLong = new Map<string, ParseDef>();
  const byShort = new Map<string, ParseDef>();
  for (const d of defs) {
    const def = { long: d.long, string: d.value !== undefined, multiple: d.multiple === true };
    byLong.set(d.long, def);
    if (d.short) byShort.set(d.short, def);
  }
  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  const set = (def: ParseDef, value: string | boolean) => {
    if (!def.multiple) values[def.long] = value;
    else ((values[def.long] ??= []) as (string | boolean)[]).push(value);
  };
  const valueAfter = (i: number, shown: string): string => {
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`option "${shown}" needs a value`);
    if (v.length > 1 && v.startsWith("-")) {
      throw new Error(
        `option "${shown}" needs a value (write ${shown}=${v} for one that starts with "-")`,
      );
    }
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const def = byLong.get(name);
      if (def === undefined) throw new Error(`unknown option "--${name}"`);
      if (!def.string) {
        if (eq >= 0) throw new Error(`option "--${name}" does not take a value`);
        set(def, true);
      } else if (eq >= 0) set(def, a.slice(eq + 1));
      else set(def, valueAfter(i++, `--${name}`));
    } else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const def = byShort.get(c);
        if (def === undefined) throw new Error(`unknown option "-${c}"`);
        if (!def.string) {
          set(def, true);
          continue;
        }
        if (j + 1 < a.length) set(def, a.slice(j + 1));
        else set(def, valueAfter(i++, `-${c}`));
        break;
      }
    } else positionals.push(a);
  }
  return { values, positionals };
}

/**
 * Parses one command's arguments.
 *
 * @param spec The command.
 * @param argv Its arguments (after the command name).
 * @returns Options and positionals.
 * @throws {UsageError} On an unknown option, a missing value, or too few/many arguments.
 */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): ParsedCommand {
  const defs = [...spec.options, ...debugOptions(spec), helpOption(spec)];
  let parsed;
  try {
    parsed = parseOptions(defs, argv);
  } catch (e) {
    throw new UsageError((e as Error).message, spec.name);
  }
  const flags: Record<string, string | boolean | string[] | undefined> = parsed.values;
  const args = parsed.positionals;
  if (flags.help === true) return { flags, args, help: true };
  if (args.length < spec.args.min) {
    throw new UsageError(args.length === 0 ? "missing arguments" : "too few arguments", spec.name);
  }
  if (args.length > spec.args.max) throw new UsageError("too many arguments", spec.name);
  return { flags, args, help: false };
}

/**
 * The `--help` text of a command.
 *
 * @param spec The command.
 * @param shell Shell syntax (no `nfs ` prefix, paths instead of URLs).
 * @returns The text, ending with a newline.
 */
export function commandHelp(spec: CommandSpec, shell = false): string {
  const prefix = shell ? "" : "nfs ";
  const usage = shell ? spec.shellUsage ?? spec.usage : spec.usage;
  const lines = [`Usage: ${prefix}${usage}`, "", spec.summary + "."];
  if (spec.description) lines.push("", wrap(spec.description, 88));
  const defs = [...spec.options, ...debugOptions(spec), helpOption(spec)];
  const names = defs.map((d) =>
    `${d.short ? `-${d.short}, ` : "    "}--${d.long}${d.value ? ` ${d.value}` : ""}`
  );
  const w = Math.max(...names.map((n) => n.length));
  lines.push("", "Options:", ...defs.map((d, i) => `  ${names[i]!.padEnd(w)}  ${d.help}`));
  if (spec.aliases?.length) lines.push("", `Aliases: ${spec.aliases.join(", ")}`);
  if (!shell && spec.examples.length > 0) {
    lines.push("", "Examples:", ...spec.examples.map((e) => `  nfs ${e}`));
  }
  return lines.join("\n") + "\n";
}

/**
 * Wraps text at word boundaries; blank lines separate paragraphs.
 *
 * @param text The text.
 * @param width The longest line.
 * @returns The wrapped text.
 */
export function wrap(text: string, width: number): string {
  return text.split(/\n\s*\n/).map((para) => {
    const lines: string[] = [];
    let line = "";
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line !== "" && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line === "" ? word : `${line} ${word}`;
    }
    return [...lines, line].join("\n");
  }).join("\n\n");
}

const SIZE_UNITS = "KMGTPE";

/**
 * Parses a size: `1234`, `10K`, `5MiB` (powers of 1024), `5MB` (powers of 1000).
 *
 * @param text The size.
 * @returns Bytes.
 * @throws {UsageError} When it is not a size.
 */
export function parseSize(text: string): bigint {
  const m = /^(\d+)(?:([KMGTPE])(iB|B)?)?$/i.exec(text);
  if (!m) throw new UsageError(`invalid size "${text}"`);
  const n = BigInt(m[1]!);
  if (m[2] === undefined) return n;
  const power = BigInt(SIZE_UNITS.indexOf(m[2].toUpperCase()) + 1);
  const base = m[3]?.toUpperCase() === "B" ? 1000n : 1024n;
  return n * base ** power;
}

const WHO: Record<string, number> = { u: 0o4700, g: 0o2070, o: 0o1007, a: 0o7777 };

/**
 * Parses a `chmod` mode: octal (`755`) or symbolic (`u+x,go-w`, `a=rX`, `+t`).
 *
 * @param text The mode.
 * @returns A function from the current mode (and whether the file is a directory) to the new
 * one, and whether it needs the current mode at all.
 * @throws {UsageError} When it is not a mode.
 */
export function parseMode(
  text: string,
): { relative: boolean; apply(current: number, isDir: boolean): number } {
  if (/^[0-7]{1,4}$/.test(text)) {
    const v = parseInt(text, 8);
    return { relative: false, apply: () => v };
  }
  const clauses = text.split(",").map((c) => {
    const m = /^([ugoa]*)((?:[-+=](?:[ugo]|[rwxXst]*))+)$/.exec(c);
    if (!m) throw new UsageError(`invalid mode "${text}"`);
    const who = m[1] === "" ? 0o7777 : [...m[1]!].reduce((w, ch) => w | WHO[ch]!, 0);
    const ops = [...m[2]!.matchAll(/([-+=])([ugo]|[rwxXst]*)/g)].map((o) => ({
      op: o[1]!,
      perms: o[2]!,
    }));
    return { who, ops };
  });
  return {
    relative: true,
    apply(current, isDir) {
      let mode = current & 0o7777;
      for (const { who, ops } of clauses) {
        for (const { op, perms } of ops) {
          let bits = 0;
          if (/^[ugo]$/.test(perms)) {
            const shift = { u: 6, g: 3, o: 0 }[perms as "u" | "g" | "o"];
            const rwx = (mode >> shift) & 7;
            bits = (rwx << 6) | (rwx << 3) | rwx;
          } else {
            for (const p of perms) {
              if (p === "r") bits |= 0o444;
              else if (p === "w") bits |= 0o222;
              else if (p === "x") bits |= 0o111;
              else if (p === "X" && (isDir || (mode & 0o111) !== 0)) bits |= 0o111;
              else if (p === "s") bits |= 0o6000;
              else if (p === "t") bits |= 0o1000;
            }
          }
          bits &= who;
          if (op === "+") mode |= bits;
          else if (op === "-") mode &= ~bits;
          else mode = (mode & ~(who & 0o7777)) | bits;
        }
      }
      return mode & 0o7777;
    },
  };
}
