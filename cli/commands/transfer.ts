/**
 * Commands that move file contents: `cat`, `get`, `put`, `cp`.
 *
 * @module
 */
import { type CommandSpec, type Flags, PROGRESS_OPTIONS } from "../_args.ts";
import type { Ctx } from "../_context.ts";
import type { CopyOptions } from "../_copy.ts";
import { Refusal, UsageError } from "../_errors.ts";
import { Excludes } from "../_glob.ts";
import { stdinLoc } from "../_fs.ts";
import { MAX_DEPTH_OPTION, maxDepth } from "../_walk.ts";

const RESUME_OPTIONS = [
  {
    long: "checksum",
    short: "c",
    help: "with -u: compare contents, not sizes and times (reads both sides)",
  },
  { long: "continue", help: "keep partial files on failure; continue them on the next run" },
  { long: "dry-run", help: "say what would be copied (on stdout), copy nothing" },
];

const COPY_OPTIONS = [
  { long: "recursive", short: "r", help: "copy directories and their contents" },
  { long: "preserve", short: "p", help: "keep permission bits and times" },
  { long: "force", short: "f", help: "replace existing files" },
  {
    long: "update",
    short: "u",
    help: "skip files already complete (same size and time); replace changed ones",
  },
  ...RESUME_OPTIONS,
  { long: "parents", help: "create missing directories above the destination (as mkdir -p)" },
  { long: "jobs", short: "j", value: "N", help: "copy N files of a tree at once (default 1)" },
  {
    long: "exclude",
    value: "PATTERN",
    multiple: true,
    help: 'leave out names matching PATTERN (*, ?, [..]; with "/": paths in the tree)',
  },
  MAX_DEPTH_OPTION,
  ...PROGRESS_OPTIONS,
];

const COPY_DESCRIPTION = "Copies into the destination when it is a directory (each source " +
  "under its own name), else to the destination itself (one source only). A destination " +
  'ending in "/" must be a directory: a missing one is an error, or is created with ' +
  "--parents (as are missing directories above any destination). Each file is " +
  "written as .NAME.nfs-partial-XXXXXXXX next to its final name and renamed when complete. " +
  "Existing files are kept unless -f; with -u, complete ones (same size and time, or " +
  "content with -c) are skipped and changed ones replaced; --continue keeps a partial file " +
  "(.NAME.nfs-partial) after a failure or Ctrl-C and the next run continues it. In a tree, symlinks are recreated (never followed) and " +
  'entry names that are not plain names ("..", "a/b") are refused with a warning. New files ' +
  "get the source's mode minus the umask; -p keeps modes and times.";

function jobs(flags: Flags): number {
  if (flags.jobs === undefined) return 1;
  const n = Number(flags.jobs);
  if (typeof flags.jobs !== "string" || !/^\d+$/.test(flags.jobs) || n < 1 || n > 64) {
    throw new UsageError(`invalid -j "${flags.jobs}" (a number from 1 to 64)`);
  }
  return n;
}

/**
 * The copy engine, loaded when a command copies (`nfs cat` does not: each module loaded is
 * start-up time).
 */
async function copy(...args: Parameters<typeof import("../_copy.ts").copy>): Promise<void> {
  return await (await import("../_copy.ts")).copy(...args);
}

function copyOptions(verb: string, flags: Flags): CopyOptions {
  const patterns = Array.isArray(flags.exclude) ? flags.exclude : [];
  return {
    jobs: jobs(flags),
    maxDepth: maxDepth(flags),
    exclude: new Excludes(patterns),
    verb,
    recursive: flags.recursive === true,
    preserve: flags.preserve === true,
    force: flags.force === true,
    parents: flags.parents === true,
    update: flags.update === true || flags.checksum === true || flags.continue === true,
    checksum: flags.checksum === true,
    resume: flags.continue === true,
    dryRun: flags["dry-run"] === true,
  };
}

async function cat(ctx: Ctx, _flags: Flags, args: string[]): Promise<void> {
  await ctx.each(await ctx.glob(args, "remote"), (a) => ctx.remote(a), "read", async (loc) => {
    for await (const chunk of loc.side.read(loc.path)) {
      ctx.check();
      await ctx.out(chunk);
    }
  });
}

/** `get URL -`: one file's content to stdout (`./-` names a local file called "-"). */
async function toStdout(ctx: Ctx, flags: Flags, srcArgs: string[]): Promise<void> {
  if (srcArgs.length !== 1 || flags.recursive === true) {
    throw new UsageError('"-" (stdout) takes one file, without -r', "get");
  }
  await ctx.each(srcArgs, (a) => ctx.remote(a), "get", async (loc) => {
    if ((await loc.side.stat(loc.path)).kind === "directory") {
      throw new Refusal("is a directory (stdout takes one file)");
    }
    for await (const chunk of loc.side.read(loc.path)) {
      ctx.check();
      await ctx.out(chunk);
    }
  });
}

/** Splits `SOURCE... [DEST]`: the last argument is the destination when `isDest` says so. */
function split(args: string[], isDest: (last: string) => boolean): [string[], string | null] {
  const last = args.at(-1)!;
  return args.length >= 2 && isDest(last) ? [args.slice(0, -1), last] : [args, null];
}

async function get(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  const [srcArgs, destArg] = split(args, (a) => ctx.resolver.looksRemote(a) !== true);
  if (destArg === "-") return await toStdout(ctx, flags, srcArgs);
  const dest = ctx.local(destArg ?? ".");
  const globbed = await ctx.glob(srcArgs, "remote");
  const sources = await ctx.resolveAll(globbed, (a) => ctx.remote(a), "get");
  if (sources.length > 0) {
    await copy(ctx, sources, dest, copyOptions("get", flags), ctx.progress(flags));
  }
}

async function put(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  const [srcArgs, destArg] = split(args, (a) => ctx.resolver.looksRemote(a) !== false);
  if (srcArgs.includes("-") && (srcArgs.length > 1 || flags.recursive === true)) {
    throw new UsageError('"-" (stdin) is the only source, without -r', "put");
  }
  const sources = srcArgs[0] === "-"
    ? [stdinLoc()]
    : (await ctx.glob(srcArgs, "local")).map((a) => ctx.local(a));
  const dest = destArg === null ? await ctx.resolver.defaultRemote() : await ctx.remote(destArg);
  await copy(ctx, sources, dest, copyOptions("put", flags), ctx.progress(flags));
}

async function cp(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  if (args.every((a) => ctx.resolver.looksRemote(a) === false)) {
    throw new UsageError("nothing is an nfs:// URL: use cp(1) for local copies", "cp");
  }
  const dest = await ctx.any(args.at(-1)!);
  const globbed = await ctx.glob(args.slice(0, -1), "any");
  const sources = await ctx.resolveAll(globbed, (a) => ctx.any(a), "copy");
  if (sources.length > 0) {
    await copy(ctx, sources, dest, copyOptions("copy", flags), ctx.progress(flags));
  }
}

async function sync(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  const [srcArg, destArg] = args as [string, string];
  if ([srcArg, destArg].every((a) => ctx.resolver.looksRemote(a) === false)) {
    throw new UsageError("nothing is an nfs:// URL: use rsync(1) for local trees", "sync");
  }
  const [src] = await ctx.resolveAll([srcArg], (a) => ctx.any(a), "sync");
  if (src === undefined) return;
  const dest = await ctx.any(destArg);
  const o = {
    ...copyOptions("sync", flags),
    recursive: true,
    update: true,
    tree: true,
    delete: flags.delete === true,
  };
  await copy(ctx, [src], dest, o, ctx.progress(flags));
}

/** `cat`, `get`, `put`, `cp`, `sync`. */
export const TRANSFER_COMMANDS: CommandSpec[] = [
  {
    name: "cat",
    summary: "Write files to stdout",
    usage: "cat URL...",
    shellUsage: "cat PATH...",
    options: [],
    args: { min: 1, max: Infinity },
    examples: ["cat nfs://server/export/notes.txt", "cat nfs://server/export/log.gz | gunzip"],
    run: cat,
  },
  {
    name: "get",
    aliases: ["mget"],
    summary: "Download files (directories with -r)",
    usage: "get [-r] [-p] [-f|-u] [-q] URL... [LOCAL]",
    shellUsage: "get [-r] [-p] [-f] [-q] PATH [LOCAL]",
    description: COPY_DESCRIPTION +
      '\n\nLOCAL defaults to the current directory; "-" writes one file to stdout ' +
      '(name a local file called "-" as ./-).',
    options: COPY_OPTIONS,
    args: { min: 1, max: Infinity },
    examples: [
      "get nfs://server/export/report.pdf",
      "get -rp nfs://server/export/photos ~/backup/",
      "get -f nfs://server/export/a.txt nfs://server/export/b.txt /tmp",
      "get nfs://server/export/notes.txt - | less",
    ],
    run: get,
  },
  {
    name: "put",
    aliases: ["mput"],
    summary: "Upload files (directories with -r)",
    usage: "put [-r] [-p] [-f|-u] [-q] LOCAL... URL",
    shellUsage: "put [-r] [-p] [-f] [-q] LOCAL [PATH]",
    description: COPY_DESCRIPTION + "\n\nLocal files are streamed, never read whole into memory. " +
      '"-" reads stdin (name the destination file; a local file called "-" is ./-).',
    options: COPY_OPTIONS,
    args: { min: 1, max: Infinity },
    examples: [
      "put report.pdf nfs://server/export/docs/",
      "put -r ./site nfs://server/export/www",
      "put -f big.iso nfs://server/export/isos/big.iso",
      "put -r -j 8 --exclude '*.o' --exclude .git ./src nfs://server/export/src",
      "put - nfs://server/export/dump.sql < dump.sql",
    ],
    run: put,
  },
  {
    name: "cp",
    summary: "Copy between local and NFS, or between NFS locations",
    usage: "cp [-r] [-p] [-f|-u] [-q] SRC... DST",
    shellUsage: "cp [-r] [-p] [-f] [-q] PATH... PATH",
    description: COPY_DESCRIPTION +
      "\n\nAn nfs:// URL is remote, anything else is local; at least one must be a URL.",
    options: COPY_OPTIONS,
    args: { min: 2, max: Infinity },
    examples: [
      "cp -r nfs://server/export/src nfs://other/backup/src",
      "cp notes.txt nfs://server/export/notes.txt",
      "cp nfs://server/export/notes.txt .",
    ],
    run: cp,
  },
  {
    name: "sync",
    summary: "Make a tree like another: copy only what is missing or changed",
    usage: "sync [-c] [-n] [--delete] [-j N] [--exclude PATTERN] [-q] SRC DST",
    shellUsage: "sync [-c] [-n] [--delete] [-j N] [--exclude PATTERN] [-q] PATH PATH",
    description: "DST becomes a copy of SRC itself (never SRC inside DST, so running it " +
      "again is safe): missing files are copied, files of another size or time (or other " +
      "content, with -c) are replaced, complete ones are skipped. Times are kept so that " +
      "the next run can tell. Nothing at DST is deleted unless --delete: then what DST holds " +
      "and SRC does not goes (not what --exclude leaves out; nothing in a directory whose " +
      "SRC listing skipped a name). Either side may be local or an " +
      "nfs:// URL. Same as get/put/cp -r -u, with DST named as the tree itself.",
    options: [
      { long: "preserve", short: "p", help: "keep permission bits, and directory times" },
      { long: "checksum", short: "c", help: "compare contents, not sizes and times" },
      { long: "dry-run", short: "n", help: "say what would be copied (on stdout)" },
      { long: "delete", help: "remove from DST what SRC does not have (try -n first)" },
      { long: "continue", help: "keep partial files on failure; continue them next time" },
      ...COPY_OPTIONS.filter((o) =>
        o.long === "jobs" || o.long === "exclude" || o.long === "max-depth"
      ),
      ...PROGRESS_OPTIONS,
    ],
    args: { min: 2, max: 2 },
    examples: [
      "sync nfs://server/export/photos ~/photos",
      "sync -n ./site nfs://server/export/www",
      "sync --delete ./site nfs://server/export/www",
      "sync -c -j 8 nfs://server/export/src nfs://backup/export/src",
    ],
    run: sync,
  },
];
