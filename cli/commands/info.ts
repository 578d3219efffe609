/**
 * Commands that show things: `ls`, `stat`, `df`, `exports`.
 *
 * @module
 */
import { listExports, type NfsFileInfo } from "../../mod.ts";
import type { CommandSpec, Flags } from "../_args.ts";
import type { Ctx } from "../_context.ts";
import { displayUrl } from "../_resolve.ts";
import { UsageError } from "../_errors.ts";
import { child, type Remote } from "../_fs.ts";
import { enter, MAX_DEPTH_OPTION, maxDepth, type WalkPath, walkTop } from "../_walk.ts";
import {
  columns,
  fullTime,
  humanSize,
  jsonEntry,
  jsonFsStat,
  jsonStat,
  type ListEntry,
  longLines,
  modeString,
  octalMode,
  printable,
} from "../_output.ts";

const JSON_OPTION = { long: "json", help: "print JSON (see cli/README.md)" };
const ISO_OPTION = { long: "iso", help: "times as ISO 8601 UTC (default: local time)" };

/** The one optional remote operand (the shell's current directory when left out). */
function operand(ctx: Ctx, arg: string | undefined): Promise<Remote> {
  return arg === undefined ? ctx.resolver.defaultRemote() : ctx.remote(arg);
}

async function withTarget(loc: Remote, info: NfsFileInfo, name: string): Promise<ListEntry> {
  const entry: ListEntry = { name, info };
  if (info.isSymlink) entry.target = await loc.client.readLink(loc.path).catch(() => undefined);
  return entry;
}

async function readEntries(
  ctx: Ctx,
  dir: Remote,
  all: boolean,
  targets: boolean,
): Promise<ListEntry[]> {
  const out: ListEntry[] = [];
  // An invalid entry (a name with "/", an unknown type) is left out with a warning: the
  // others are listed, and the command fails.
  const onInvalidEntry = (e: Error) =>
    ctx.warn(`skipping an entry of "${dir.display}": ${e.message}`, true);
  for await (const e of dir.client.readDir(dir.path, { onInvalidEntry })) {
    if (all || !e.name.startsWith(".")) out.push({ name: e.name, info: e.info });
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (targets) {
    await Promise.all(out.map(async (e) => {
      if (e.info.isSymlink) Object.assign(e, await withTarget(child(dir, e.name), e.info, e.name));
    }));
  }
  return out;
}

function terminalWidth(): number | null {
  if (!Deno.stdout.isTerminal()) return null;
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 80;
  }
}

function textLines(entries: ListEntry[], flags: Flags): string[] {
  const tty = terminalWidth();
  // Names are escaped on a terminal and in a pipe alike (a listing saved to a file is
  // printed later); --json gives them exactly.
  const shown = entries.map((e) => ({
    ...e,
    name: printable(e.name),
    target: e.target === undefined ? undefined : printable(e.target),
  }));
  if (flags.long === true) return longLines(shown, flags.human === true, flags.iso === true);
  const names = shown.map((e) => e.name);
  return tty === null ? names : columns(names, tty);
}

async function ls(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  const loc = await operand(ctx, args[0]);
  const json = flags.json === true;
  const targets = json || flags.long === true;
  let top: NfsFileInfo;
  try {
    top = await loc.client.stat(loc.path).catch(() => loc.client.lstat(loc.path));
  } catch (e) {
    return ctx.fail("list", loc.display, e);
  }
  if (!top.isDirectory) {
    const info = await loc.client.lstat(loc.path);
    const entry = targets ? await withTarget(loc, info, loc.name) : { name: loc.name, info };
    await ctx.out(
      json
        ? JSON.stringify([jsonEntry(entry)]) + "\n"
        : textLines([entry], flags).join("\n") + "\n",
    );
    return;
  }
  // The walk is streamed: one listing per level of the current path is held, and JSON is
  // written as the array's elements come (with -R, loops and depth are checked: _walk.ts).
  const limit = maxDepth(flags);
  let first = true;
  let jsonItems = 0;
  const walk = async (dir: Remote, rel: string, path: WalkPath): Promise<void> => {
    ctx.check();
    let entries: ListEntry[];
    try {
      entries = await readEntries(ctx, dir, flags.all === true, targets);
    } catch (e) {
      return ctx.fail("list", dir.display, e);
    }
    if (json) {
      const items = entries.map((e) =>
        JSON.stringify(jsonEntry({ ...e, name: rel === "" ? e.name : `${rel}/${e.name}` }))
      );
      if (items.length > 0) await ctx.out((jsonItems > 0 ? "," : "") + items.join(","));
      jsonItems += items.length;
    } else {
      const header = flags.recursive === true
        ? `${first ? "" : "\n"}${printable(rel || ".")}:\n`
        : "";
      const lines = textLines(entries, flags);
      await ctx.out(header + lines.map((l) => l + "\n").join(""));
    }
    first = false;
    if (flags.recursive !== true) return;
    for (const e of entries) {
      if (!e.info.isDirectory) continue;
      const sub = child(dir, e.name);
      let below: WalkPath;
      try {
        below = enter(path, `${e.info.dev}:${e.info.fileid}`, sub.display, limit);
      } catch (err) {
        ctx.fail("list", sub.display, err);
        continue;
      }
      await walk(sub, rel === "" ? e.name : `${rel}/${e.name}`, below);
    }
  };
  if (json) await ctx.out("[");
  try {
    await walk(loc, "", walkTop(`${top.dev}:${top.fileid}`, loc.display));
  } finally {
    if (json) await ctx.out("]\n");
  }
}

function statText(e: ListEntry, display: string, iso: boolean): string {
  const i = e.info;
  const time = (d: Date) => (iso ? d.toISOString() : fullTime(d));
  const name = e.target === undefined ? display : `${display} -> ${e.target}`;
  return [
    `  File: ${printable(name)}`,
    `  Type: ${i.type}  Size: ${i.size64}  Blocks: ${i.blocks}  Links: ${i.nlink}`,
    `  Mode: ${octalMode(i.mode)} (${modeString(i.type, i.mode)})  Uid: ${i.uid}  Gid: ${i.gid}`,
    ` Inode: ${i.fileid}  Device: ${i.dev}`,
    `Access: ${time(i.atime)}`,
    `Modify: ${time(i.mtime)}`,
    `Change: ${time(i.ctime)}`,
  ].join("\n") + "\n";
}

async function stat(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  let n = 0;
  const operands = args.length === 0 ? [undefined] : await ctx.glob(args, "remote");
  for (const arg of operands) {
    ctx.check();
    let loc: Remote | undefined;
    try {
      loc = await operand(ctx, arg);
      const info = flags.dereference === true
        ? await loc.client.stat(loc.path)
        : await loc.client.lstat(loc.path);
      const entry = await withTarget(loc, info, loc.name);
      const text = flags.json === true
        ? JSON.stringify(jsonStat(entry)) + "\n"
        : (n++ > 0 ? "\n" : "") + statText(entry, loc.display, flags.iso === true);
      await ctx.out(text);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      ctx.fail("stat", loc?.display ?? displayUrl(arg ?? "."), e);
    }
  }
}

async function df(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  const human = flags.human === true;
  const rows: string[][] = [[
    "Filesystem",
    human ? "Size" : "1K-blocks",
    "Used",
    human ? "Avail" : "Available",
    "Use%",
    "Inodes",
    "IFree",
  ]];
  const json: unknown[] = [];
  const locs = args.length === 0
    ? [await operand(ctx, undefined)]
    : await ctx.resolveAll(args, (a) => ctx.remote(a), "stat");
  for (const loc of locs) {
    try {
      const s = await loc.client.statfs(loc.path);
      if (flags.json === true) {
        // Which operand each line is about, as the text's first column says.
        json.push({ filesystem: loc.display, ...jsonFsStat(s) });
        continue;
      }
      const used = s.totalBytes - s.freeBytes;
      const size = (v: bigint) => (human ? humanSize(v) : String((v + 1023n) / 1024n));
      const base = used + s.availBytes;
      const pct = base === 0n ? "-" : `${(used * 100n + base - 1n) / base}%`;
      const files = (v: bigint) => (human ? humanSize(v) : String(v));
      rows.push([
        printable(loc.display),
        size(s.totalBytes),
        size(used),
        size(s.availBytes),
        pct,
        files(s.totalFiles),
        files(s.freeFiles),
      ]);
    } catch (e) {
      ctx.fail("stat", loc.display, e);
    }
  }
  if (flags.json === true) {
    for (const j of json) await ctx.out(JSON.stringify(j) + "\n");
    return;
  }
  if (rows.length === 1) return;
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const text = rows.map((r) =>
    r.map((c, i) => (i === 0 ? c.padEnd(w[0]!) : c.padStart(w[i]!))).join("  ")
  ).join("\n");
  await ctx.out(text + "\n");
}

async function exports(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  const host = args[0]!;
  let mountport: number | undefined;
  if (typeof flags.mountport === "string") {
    mountport = Number(flags.mountport);
    if (!/^\d+$/.test(flags.mountport) || mountport < 1 || mountport > 65535) {
      throw new UsageError(`invalid port "${flags.mountport}"`, "exports");
    }
  }
  const shown = /^nfs:\/\//i.test(host) ? displayUrl(host) : host;
  try {
    const list = await listExports(host, mountport === undefined ? {} : { mountport });
    if (flags.json === true) {
      await ctx.out(JSON.stringify(list.map((e) => ({ dir: e.dir, groups: e.groups }))) + "\n");
      return;
    }
    // Export paths and group names come from the server: escaped, as every name.
    const dirs = list.map((e) => printable(e.dir));
    const w = Math.max(0, ...dirs.map((d) => d.length));
    const lines = list.map((e, i) =>
      `${dirs[i]!.padEnd(w)}  ${e.groups.length === 0 ? "*" : printable(e.groups.join(","))}`
    );
    await ctx.out([`Export list for ${printable(shown)}:`, ...lines].join("\n") + "\n");
  } catch (e) {
    ctx.fail("list exports of", shown, e);
  }
}

/** `ls`, `stat`, `df`, `exports`. */
export const INFO_COMMANDS: CommandSpec[] = [
  {
    name: "ls",
    summary: "List a directory (or show one file)",
    usage: "ls [-l] [-a] [-R] [-h] [--json] URL",
    shellUsage: "ls [-l] [-a] [-R] [-h] [--json] [PATH]",
    description: 'Entries are sorted by name; names starting with "." are shown with -a. ' +
      "Times are local (as stat shows them), or ISO 8601 UTC with --iso. " +
      "With -R and --json, each name is the path relative to the listed directory.",
    options: [
      { long: "long", short: "l", help: "long format: mode, links, uid, gid, size, time, name" },
      { long: "all", short: "a", help: 'include names starting with "."' },
      { long: "recursive", short: "R", help: "list subdirectories too" },
      { long: "human", short: "h", help: "sizes like 1.5K, 23M, 4.0G" },
      ISO_OPTION,
      JSON_OPTION,
      MAX_DEPTH_OPTION,
    ],
    args: { min: 0, max: 1 },
    examples: [
      "ls -l nfs://server/export/dir",
      "ls -laR nfs://server/export?version=3",
      "ls --json nfs://server/export | jq '.[] | select(.type == \"file\") | .name'",
    ],
    run: ls,
  },
  {
    name: "stat",
    summary: "Show attributes of files",
    usage: "stat [-L] [--json] URL...",
    shellUsage: "stat [-L] [--json] [PATH...]",
    description: "A symlink is shown itself unless -L. Times are local, as in ls -l " +
      "(with seconds and the UTC offset); --iso shows ISO 8601 UTC, as --json does. " +
      "With --json, one object per line.",
    options: [
      { long: "dereference", short: "L", help: "follow symlinks" },
      ISO_OPTION,
      JSON_OPTION,
    ],
    args: { min: 0, max: Infinity },
    examples: [
      "stat nfs://server/export/file.txt",
      "stat --json nfs://server/export/a nfs://server/export/b",
    ],
    run: stat,
  },
  {
    name: "df",
    summary: "Show file system usage of exports",
    usage: "df [-h] [--json] URL...",
    shellUsage: "df [-h] [--json] [PATH...]",
    options: [{ long: "human", short: "h", help: "sizes like 1.5K, 23M, 4.0G" }, JSON_OPTION],
    args: { min: 0, max: Infinity },
    examples: ["df -h nfs://server/export", "df --json nfs://server/export"],
    run: df,
  },
  {
    name: "exports",
    summary: "List a server's exports (like showmount -e)",
    usage: "exports [--mountport N] [--json] HOST",
    description: "HOST is a name, an address, or an nfs:// URL (its mountport= is used).",
    options: [
      { long: "mountport", value: "N", help: "MOUNT port (skips the portmapper)" },
      JSON_OPTION,
    ],
    args: { min: 1, max: 1 },
    examples: [
      "exports server",
      "exports --json 192.0.2.10",
      "exports 'nfs://server?mountport=20048'",
    ],
    cliOnly: true,
    run: exports,
  },
];
