/**
 * `nfs`: the command-line client of `@nfs/client`.
 *
 * ```sh
 * deno task nfs ls -l nfs://server/export
 * deno install -gA -n nfs jsr:@nfs/client/cli
 * ```
 *
 * See `cli/README.md` for every command, the `--json` formats and the exit statuses.
 *
 * @module
 */
import { commandHelp, type CommandSpec, parseCommand } from "./_args.ts";
import { Ctx, INTERRUPTS, reportError } from "./_context.ts";
import { type ResolverOptions, UrlResolver } from "./_resolve.ts";
import { reasonOf } from "./_errors.ts";
import { VERSION } from "./_version.ts";

import { EXIT_OK, EXIT_USAGE, UsageError } from "./_errors.ts";
import { printable, writeStderr, writeStdout } from "./_output.ts";
import { COMMANDS, findCommand } from "./commands/mod.ts";

/** `--debug`: one stderr line per RPC call as it ends. */
function traceCall(call: string, ms: number, error: unknown): void {
  // Escaped as every other line: an error's message may carry what a server sent.
  const outcome = error === undefined ? "" : `: ${printable(reasonOf(error))}`;
  writeStderr(`nfs: debug: ${printable(call)} ${ms.toFixed(1)} ms${outcome}\n`);
}

/**
 * The commands whose modules are loaded only when one of them runs, or for the help and the
 * completion scripts: the shell (line editor), mount/umount (FUSE) and completions. `nfs cat`
 * loads none of them (each module costs start-up time: ~0.2 ms apiece here).
 */
const LAZY: Record<string, () => Promise<CommandSpec[]>> = {
  shell: async () => [(await import("./shell.ts")).SHELL],
  mount: async () => [(await import("./commands/mount.ts")).MOUNT],
  umount: async () => [(await import("./commands/mount.ts")).UMOUNT],
  completions: async () => [(await allCommands()).at(-1)!],
  __complete: async () => [(await import("./_completions.ts")).COMPLETE_COMMAND],
};

let all: Promise<CommandSpec[]> | undefined;

/** Every command of the help, in its order (loads the lazy ones). */
function allCommands(): Promise<CommandSpec[]> {
  return all ??= (async () => {
    const [{ SHELL }, { MOUNT, UMOUNT }, { completionsCommand }] = await Promise.all([
      import("./shell.ts"),
      import("./commands/mount.ts"),
      import("./_completions.ts"),
    ]);
    const table: CommandSpec[] = [...COMMANDS, SHELL, MOUNT, UMOUNT];
    table.push(completionsCommand(() => table));
    return table;
  })();
}

/** The command named `name` (or an alias), loading its module if it is a lazy one. */
async function lookUp(name: string): Promise<CommandSpec | undefined> {
  const spec = findCommand(COMMANDS, name);
  if (spec !== undefined) return spec;
  return Object.hasOwn(LAZY, name) ? (await LAZY[name]!())[0] : undefined;
}

async function mainHelp(): Promise<string> {
  const table = await allCommands();
  const w = Math.max(...table.map((c) => c.name.length));
  return [
    "nfs: an NFSv3/NFSv2 client",
    "",
    "Usage: nfs [-q] [--progress] [-v] COMMAND [OPTIONS] ARGS...",
    "       nfs COMMAND --help",
    "",
    "Commands:",
    ...table.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    "",
    "Remote files are URLs: nfs://host[:port]/export/path[?version=3&nfsport=N&mountport=M&uid=U&gid=G]",
    "Anything else is a local path. URLs on one server and export share a connection.",
    "",
    "Options before COMMAND:",
    "  -q, --quiet     no progress bars or summaries",
    "      --progress  progress bars even when stderr is not a terminal",
    "  -v, --debug     show each RPC call on stderr as it ends (also after COMMAND)",
    "      --version   print the version",
    "  -h, --help      this help",
    "",
    "Exit status: 0 success, 1 failure, 2 usage error (bad option or URL), 130 interrupted.",
    "",
    "Examples:",
    "  nfs exports server",
    "  nfs ls -l nfs://server/export",
    "  nfs get -r nfs://server/export/photos ./photos",
    "  nfs put -r ./site nfs://server/export/www",
    "  nfs sync ./site nfs://server/export/www      # again: copies only what changed",
    "  nfs get 'nfs://server/export/docs/*.pdf' .",
    "  nfs cat nfs://server/export/notes.txt | less",
    "  nfs shell nfs://server/export",
    "  nfs mount nfs://server/export /mnt/export   # FUSE; nfs umount /mnt/export",
  ].join("\n") + "\n";
}

/** Says on stderr when a server stops answering and when it is back, as Linux's client. */
function serverStatus(host: string, responding: boolean): void {
  writeStderr(
    responding ? `nfs: server ${host} OK\n` : `nfs: server ${host} not responding, still trying\n`,
  );
}

/**
 * Runs the CLI: parses `argv`, runs the command, prints to stdout/stderr, and returns the
 * exit status (it does not call `Deno.exit`; errors are reported, not thrown).
 *
 * @param argv The arguments (without the program name).
 * @returns The exit status: 0 success, 1 failure, 2 usage error, 130 interrupted.
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { main } from "@nfs/client/cli";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ exportPath: "/export" });
 * await Deno.writeTextFile(`${server.exportDir}/hello.txt`, "hello\n");
 * const url = server.url.replace("/export?", "/export/hello.txt?");
 * assertEquals(await main(["cat", url]), 0); // prints "hello"
 * assertEquals(await main(["no-such-command"]), 2); // after a usage message on stderr
 * ```
 */
export async function main(argv: readonly string[]): Promise<number> {
  const globals: Record<string, boolean> = {};
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-q" || a === "--quiet") globals.quiet = true;
    else if (a === "--progress") globals.progress = true;
    else if (a === "-v" || a === "--debug" || a === "--verbose") globals.debug = true;
    else if (a === "--version" || a === "-V") {
      await writeStdout(`nfs (@nfs/client) ${VERSION}\n`);
      return EXIT_OK;
    } else if (a === "-h" || a === "--help") {
      await writeStdout(await mainHelp());
      return EXIT_OK;
    } else if (a.startsWith("-")) {
      return reportError(new UsageError(`unknown option "${a}"`), undefined);
    } else break;
  }
  let name = argv[i];
  let rest = argv.slice(i + 1);
  if (name === undefined) {
    writeStderr(await mainHelp());
    return EXIT_USAGE;
  }
  if (name === "help") {
    if (rest.length === 0 || rest[0] === "--help" || rest[0] === "-h") {
      await writeStdout(await mainHelp());
      return EXIT_OK;
    }
    if (rest[0]!.startsWith("-")) {
      return reportError(new UsageError(`unknown option "${rest[0]}"`, "help"), undefined);
    }
    [name, rest] = [rest[0]!, ["--help"]];
  }
  const spec = await lookUp(name);
  if (spec === undefined) {
    return reportError(new UsageError(`unknown command "${name}"`), undefined);
  }
  INTERRUPTS.install();
  const signal = INTERRUPTS.begin();
  const options: ResolverOptions = { signal, onResponding: serverStatus };
  const resolver = new UrlResolver(options);
  const ctx = new Ctx(resolver, signal);
  try {
    const parsed = parseCommand(spec, rest);
    if (parsed.help) {
      await writeStdout(commandHelp(spec));
      return EXIT_OK;
    }
    if (globals.debug === true || parsed.flags.debug === true) options.onCallEnd = traceCall;
    resolver.check(parsed.args);
    await spec.run(ctx, { ...parsed.flags, ...globals }, parsed.args);
    return ctx.code;
  } catch (e) {
    return reportError(e, spec.name);
  } finally {
    INTERRUPTS.end();
    await resolver.close();
    INTERRUPTS.uninstall();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
