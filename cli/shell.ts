/**
 * `nfs shell URL`: an interactive session on one connection, like an sftp
 * client. Reads commands from a terminal (with line editing and history) or from a pipe
 * (a script: it stops at the first failing command, unless the line starts with `-`).
 *
 * @module
 */
import type { NfsClient } from "../mod.ts";
import {
  commandHelp,
  type CommandSpec,
  type Flags,
  parseCommand,
  PROGRESS_OPTIONS,
} from "./_args.ts";
import { Ctx, INTERRUPTS, reportError } from "./_context.ts";
import { components, lastComponent, remoteLoc, type Resolver } from "./_resolve.ts";
import { EXIT_OK, Refusal, UsageError } from "./_errors.ts";
import type { Remote } from "./_fs.ts";
import { printable, StdoutClosed } from "./_output.ts";
import {
  type Completer,
  escapeWord,
  type LineSource,
  splitWords,
  stdinLines,
} from "./_readline.ts";
import { COMMANDS, findCommand } from "./commands/mod.ts";

/**
 * Joins and normalizes a shell path against the current directory, lexically ("..", ".").
 *
 * @param cwd The current directory (absolute inside the export).
 * @param arg The path typed.
 * @returns An absolute path without "." or ".." components.
 */
export function shellPath(cwd: string, arg: string): string {
  return "/" + components(arg.startsWith("/") ? arg : `${cwd}/${arg}`).join("/");
}

/** Paths of the shell: relative to the current directory, all on the one connection. */
class ShellResolver implements Resolver {
  readonly client: NfsClient;
  cwd: string;
  readonly home: string;

  constructor(client: NfsClient, cwd: string) {
    this.client = client;
    this.cwd = cwd;
    this.home = cwd;
  }

  looksRemote(): null {
    return null;
  }

  check(): void {}

  remote(arg: string): Promise<Remote> {
    const path = shellPath(this.cwd, arg);
    return Promise.resolve(remoteLoc(this.client, path, arg, lastComponent(path)));
  }

  defaultRemote(): Promise<Remote> {
    return Promise.resolve(remoteLoc(this.client, this.cwd, this.cwd, lastComponent(this.cwd)));
  }
}

/** The state of one session. */
interface Session {
  resolver: ShellResolver;
  commands: CommandSpec[];
  exit: number | null;
}

function builtins(s: Session): CommandSpec[] {
  const none = { options: [], examples: [], args: { min: 0, max: 0 } };
  return [
    {
      ...none,
      name: "cd",
      summary: "Change the remote directory (to the starting one without PATH)",
      usage: "cd [PATH]",
      args: { min: 0, max: 1 },
      run: async (ctx, _f, args) => {
        const loc = args[0] === undefined
          ? remoteLoc(s.resolver.client, s.resolver.home, s.resolver.home, "")
          : await ctx.remote(args[0]);
        try {
          if (!(await loc.client.stat(loc.path)).isDirectory) throw new Refusal("not a directory");
          s.resolver.cwd = await loc.client.realPath(loc.path);
        } catch (e) {
          ctx.fail("cd", loc.display, e);
        }
      },
    },
    {
      ...none,
      name: "pwd",
      summary: "Show the remote directory",
      usage: "pwd",
      run: (ctx) => ctx.out(printable(s.resolver.cwd) + "\n"),
    },
    {
      ...none,
      name: "lcd",
      summary: "Change the local directory (to $HOME without DIR)",
      usage: "lcd [DIR]",
      args: { min: 0, max: 1 },
      run: (ctx, _f, args) => {
        const dir = args[0] ?? Deno.env.get("HOME") ?? ".";
        try {
          Deno.chdir(dir);
        } catch (e) {
          ctx.fail("cd", dir, e);
        }
        return Promise.resolve();
      },
    },
    {
      ...none,
      name: "lpwd",
      summary: "Show the local directory",
      usage: "lpwd",
      run: (ctx) => ctx.out(Deno.cwd() + "\n"),
    },
    {
      ...none,
      name: "help",
      aliases: ["?"],
      summary: "List commands, or show one command's help",
      usage: "help [COMMAND]",
      args: { min: 0, max: 1 },
      run: (ctx, _f, args) => {
        if (args[0] === undefined) return ctx.out(shellHelp(s.commands));
        const spec = findCommand(s.commands, args[0]);
        if (spec === undefined) throw new UsageError(`unknown command "${args[0]}"`);
        return ctx.out(commandHelp(spec, true));
      },
    },
    {
      ...none,
      name: "exit",
      aliases: ["quit", "bye"],
      summary: "End the session",
      usage: "exit [STATUS]",
      args: { min: 0, max: 1 },
      run: (_ctx, _f, args) => {
        const code = Number(args[0] ?? 0);
        if (!Number.isInteger(code) || code < 0 || code > 255) {
          throw new UsageError(`invalid status "${args[0]}"`);
        }
        s.exit = code;
        return Promise.resolve();
      },
    },
  ];
}

function shellHelp(commands: readonly CommandSpec[]): string {
  const usages = commands.map((c) => c.shellUsage ?? c.usage);
  const w = Math.max(...usages.map((u) => u.length));
  const lines = commands.map((c, i) => `  ${usages[i]!.padEnd(w)}  ${c.summary}`);
  return [
    "Commands (paths are relative to the remote directory; LOCAL paths to the local one):",
    ...lines,
    "",
    'Quote names with spaces ("a b" or a\\ b). "help COMMAND" shows its options.',
    'In a script, a line starting with "-" may fail without ending the script.',
  ].join("\n") + "\n";
}

/** Where the word before the cursor starts (after the last blank not escaped or quoted). */
function wordStart(before: string): number {
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < before.length; i++) {
    const c = before[i]!;
    if (quote !== null) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"') i++;
    } else if (c === "\\") i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === " " || c === "\t") start = i + 1;
  }
  return start;
}

/** Which operands of a command are local paths (the rest are remote). */
function isLocalOperand(command: string, index: number): boolean {
  return command === "lcd" || (command === "put" && index === 0) ||
    (command === "get" && index >= 1);
}

/** Tab completion: command names first, then remote or local names. */
function completer(s: Session): Completer {
  return async (before) => {
    const start = wordStart(before);
    let words: string[];
    let partial: string;
    try {
      words = splitWords(before.slice(0, start));
      partial = splitWords(before.slice(start) + "x")[0]!.slice(0, -1);
    } catch {
      return { start, candidates: [] }; // inside an unfinished quote
    }
    if (words.length === 0) {
      const names = s.commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
      return { start, candidates: names.filter((n) => n.startsWith(partial)).sort() };
    }
    const index = words.slice(1).filter((w) => !w.startsWith("-")).length;
    const at = partial.lastIndexOf("/");
    const dir = partial.slice(0, at + 1);
    const leaf = partial.slice(at + 1);
    const found: { name: string; dir: boolean }[] = [];
    if (isLocalOperand(words[0]!, index)) {
      for await (const e of Deno.readDir(dir === "" ? "." : dir)) {
        found.push({ name: e.name, dir: e.isDirectory });
      }
    } else {
      const path = shellPath(s.resolver.cwd, dir === "" ? "." : dir);
      for await (const e of s.resolver.client.readDir(path, { onInvalidEntry: () => {} })) {
        found.push({ name: e.name, dir: e.info.isDirectory });
      }
    }
    // A name with control characters is not offered: it would reach the terminal raw.
    const candidates = found
      .filter((e) => e.name.startsWith(leaf) && (leaf.startsWith(".") || !e.name.startsWith(".")))
      .filter((e) => printable(e.name) === e.name)
      .map((e) => escapeWord(dir + e.name) + (e.dir ? "/" : ""))
      .sort();
    return { start, candidates };
  };
}

/** Runs one command line; returns its status. */
async function execute(s: Session, words: string[], inherited: Flags): Promise<number> {
  const [name, ...argv] = words as [string, ...string[]];
  const spec = findCommand(s.commands, name);
  if (spec === undefined) {
    return reportError(new UsageError(`unknown command "${name}"`), undefined, true);
  }
  const signal = INTERRUPTS.begin();
  const ctx = new Ctx(s.resolver, signal);
  try {
    const parsed = parseCommand(spec, argv);
    if (parsed.help) {
      await ctx.out(commandHelp(spec, true));
      return EXIT_OK;
    }
    await spec.run(ctx, { ...parsed.flags, ...inherited }, parsed.args);
    return ctx.code;
  } catch (e) {
    if (e instanceof StdoutClosed) throw e;
    return reportError(e, spec.name, true);
  } finally {
    INTERRUPTS.end();
  }
}

/**
 * Runs a session on `client` until `exit`, end of input, or (in a script) a failure.
 *
 * @param client The connection.
 * @param start The starting directory (absolute inside the export).
 * @param lines Where commands come from.
 * @param inherited Options given to `shell` that every command gets (`-q`, `--progress`).
 * @returns The exit status: `exit N`'s, else 0 interactively, else the first failure's.
 */
export async function runSession(
  client: NfsClient,
  start: string,
  lines: LineSource,
  inherited: Flags,
): Promise<number> {
  const s: Session = { resolver: new ShellResolver(client, start), commands: [], exit: null };
  s.commands = [...builtins(s), ...COMMANDS.filter((c) => !c.cliOnly)];
  lines.setCompleter?.(completer(s));
  for (;;) {
    const line = await lines.read(`nfs:${printable(s.resolver.cwd)}> `);
    if (line === null) return EXIT_OK;
    let text = line.trim();
    if (text === "" || text.startsWith("#")) continue;
    const mayFail = text.startsWith("-");
    if (mayFail) text = text.slice(1);
    let code: number;
    try {
      const words = splitWords(text);
      code = words.length === 0 ? EXIT_OK : await execute(s, words, inherited);
    } catch (e) {
      if (e instanceof StdoutClosed) return EXIT_OK;
      code = reportError(e, undefined, true);
    }
    if (s.exit !== null) return s.exit;
    if (code !== EXIT_OK && !mayFail && !lines.interactive) return code;
  }
}

async function shell(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  const loc = await ctx.remote(args[0]!);
  let start: string;
  try {
    if (!(await loc.client.stat(loc.path)).isDirectory) throw new Refusal("not a directory");
    start = await loc.client.realPath(loc.path);
  } catch (e) {
    return ctx.fail("cd", loc.display, e);
  }
  const inherited: Record<string, boolean> = {};
  if (flags.quiet === true) inherited.quiet = true;
  if (flags.progress === true) inherited.progress = true;
  const lines = stdinLines();
  INTERRUPTS.end(); // each command of the session gets its own interruption
  INTERRUPTS.interactive = lines.interactive;
  ctx.setCode(await runSession(loc.client, start, lines, inherited));
}

/** `shell URL` (before the FUSE mount existed, `nfs mount URL` opened it). */
export const SHELL: CommandSpec = {
  name: "shell",
  summary: "Open an interactive session on a directory (like sftp)",
  usage: "shell [-q] [--progress] URL",
  description: "Commands: cd, pwd, ls, lcd, lpwd, get (mget), put (mput), cat, cp, sync, " +
    "mkdir, rm, rmdir, mv, " +
    "ln, chmod, touch, truncate, stat, df, help, exit. Paths are relative to the remote " +
    "directory. On a terminal, lines can be edited (arrows, Home/End, Ctrl-A/E/K/U/W), " +
    "recalled (up/down; kept in ~/.nfs_history, or $NFS_HISTFILE, empty for none), and " +
    "completed with Tab (commands, remote names, local names for lcd and put); Ctrl-C cancels a line or stops a running command; Ctrl-D ends the " +
    "session.\n\nWhen stdin is not a terminal, it is a script: it stops at the first failing " +
    'command (exit status 1, or 2 for a usage error) unless that line starts with "-".',
  options: PROGRESS_OPTIONS,
  args: { min: 1, max: 1 },
  examples: [
    "shell nfs://server/export/home",
    "shell 'nfs://server/export?version=3&uid=1000' < commands.txt",
  ],
  cliOnly: true,
  run: shell,
};
