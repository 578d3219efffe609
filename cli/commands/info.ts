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
import type { Listing } from "../_listing.ts";

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

/** Entries formatted (and symlinks read) at once; with -U, also how many are held. */
const BATCH = 1024;

interface LsOptions {
  long: boolean;
  human: boolean;
  iso: boolean;
  json: boolean;
  all: boolean;
  unsorted: boolean;
  recursive: boolean;
  /** The terminal's width (names in columns), or null. */
  tty: number | null;
}

/** What a walk carries from one directory to the next. */
interface LsState {
  jsonItems: number;
  first: boolean;
}

/**
 * Prints entries `order` of a listing (one directory's, or one -U batch of it): names, -l
 * lines, names in columns, or JSON array elements. Symlink targets are read a batch at a
 * time, so that only one batch's rows exist at once.
 */
async function printEntries(
  ctx: Ctx,
  dir: Remote,
  l: Listing,
  order: Uint32Array,
  o: LsOptions,
  rel: string,
  state: LsState,
): Promise<void> {
  const targets = o.long || o.json;
  const w = o.long ? l.widths(order, o.human) : null;
  if (o.tty !== null && !o.long && !o.json) {
    // Columns, filled down first, as columns() lays them out, written 16 Ki characters at a time.
    let max = 0;
    for (let k = 0; k < order.length; k++) max = Math.max(max, printable(l.name(order[k]!)).length);
    const colWidth = max + 2;
    const cols = Math.max(1, Math.floor((o.tty + 2) / colWidth));
    const rows = Math.ceil(order.length / cols);
    let text = "";
    for (let r = 0; r < rows; r++) {
      let line = "";
      for (let c = 0; c < cols; c++) {
        const k = c * rows + r;
        if (k >= order.length) break;
        const name = printable(l.name(order[k]!));
        line += (c + 1) * rows + r >= order.length ? name : name.padEnd(colWidth);
      }
      text += line + "\n";
      if (text.length >= 16384 || r === rows - 1) {
        ctx.check();
        await ctx.out(text);
        text = "";
      }
    }
    return;
  }
  // Text is written every 16 Ki characters or so, and nothing else lives across a write: the
  // garbage stays young (a string over 128 KiB, or objects alive while a write is awaited,
  // would be tenured, and V8 lets tenured garbage grow the heap by tens of MiB).
  let text = "";
  let items = state.jsonItems;
  const flush = async () => {
    if (text !== "") await ctx.out(text);
    text = "";
  };
  for (let from = 0; from < order.length; from += BATCH) {
    ctx.check();
    const batch = order.subarray(from, Math.min(order.length, from + BATCH));
    let targetOf: Map<number, string | undefined> | null = null;
    if (targets) {
      const links = [...batch].filter((i) => l.type(i) === "symlink");
      if (links.length > 0) {
        targetOf = new Map(
          await Promise.all(links.map(async (i) => {
            const link = child(dir, l.name(i));
            return [i, await link.client.readLink(link.path).catch(() => undefined)] as const;
          })),
        );
      }
    }
    for (const i of batch) {
      const name = l.name(i);
      const target = targetOf?.get(i);
      if (o.json) {
        text += (items++ > 0 ? "," : "") + l.json(i, rel === "" ? name : `${rel}/${name}`, target);
      } else if (w !== null) {
        const shown = target === undefined ? undefined : printable(target);
        text += l.longLine(i, printable(name), shown, w, o.human, o.iso) + "\n";
      } else text += printable(name) + "\n";
      if (text.length >= 16384) await flush();
    }
  }
  await flush();
  state.jsonItems = items;
}

function identity(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/**
 * Lists one directory. Sorted (the default): the whole listing is read into a compact
 * {@linkcode Listing}, sorted, and printed a batch at a time. With -U: printed in the
 * server's order every {@linkcode BATCH} entries (only the subdirectories are kept, for -R).
 * Returns the subdirectories to walk into (with -R), in printing order.
 */
async function listDir(
  ctx: Ctx,
  dir: Remote,
  o: LsOptions,
  rel: string,
  state: LsState,
): Promise<{ l: Listing; order: ArrayLike<number> } | null> {
  const fields = {
    attrs: o.long || o.json || o.recursive,
    fileid: o.json || o.recursive,
    dev: o.recursive,
  };
  // An invalid entry (a name with "/", an unknown type) is left out with a warning: the
  // others are listed, and the command fails.
  const onInvalidEntry = (e: Error) =>
    ctx.warn(`skipping an entry of "${dir.display}": ${e.message}`, true);
  const header = () => {
    const h = o.recursive && !o.json ? `${state.first ? "" : "\n"}${printable(rel || ".")}:\n` : "";
    state.first = false;
    return h;
  };
  // Loaded here: `nfs cat` and the other commands do not need it (start-up time).
  const { Listing } = await import("../_listing.ts");
  if (!o.unsorted) {
    const l = new Listing(fields);
    try {
      for await (const e of dir.client.readDir(dir.path, { onInvalidEntry })) {
        if (o.all || !e.name.startsWith(".")) l.add(e.name, e.info);
      }
    } catch (e) {
      ctx.fail("list", dir.display, e);
      return null;
    }
    const order = l.sorted();
    const h = header();
    if (h !== "") await ctx.out(h);
    await printEntries(ctx, dir, l, order, o, rel, state);
    return { l, order };
  }
  const dirs = new Listing({ attrs: true, fileid: true, dev: true });
  const batch = new Listing(fields);
  let started = false;
  const flush = async () => {
    if (!started) {
      started = true;
      const h = header();
      if (h !== "") await ctx.out(h);
    }
    await printEntries(ctx, dir, batch, identity(batch.length), o, rel, state);
    batch.clear();
  };
  try {
    for await (const e of dir.client.readDir(dir.path, { onInvalidEntry })) {
      if (!o.all && e.name.startsWith(".")) continue;
      batch.add(e.name, e.info);
      if (o.recursive && e.info.isDirectory) dirs.add(e.name, e.info);
      if (batch.length >= BATCH) await flush();
    }
  } catch (e) {
    ctx.fail("list", dir.display, e);
    return null;
  }
  if (batch.length > 0 || !started) await flush();
  return { l: dirs, order: identity(dirs.length) };
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
  const o: LsOptions = {
    long: flags.long === true,
    human: flags.human === true,
    iso: flags.iso === true,
    json,
    all: flags.all === true,
    unsorted: flags.unsorted === true,
    recursive: flags.recursive === true,
    tty: json || flags.long === true ? null : terminalWidth(),
  };
  // The walk is streamed: one compact listing per level of the current path is held (with
  // -U only its subdirectories), and JSON is written as the array's elements come (with -R,
  // loops and depth are checked: _walk.ts).
  const limit = maxDepth(flags);
  const state: LsState = { jsonItems: 0, first: true };
  const walk = async (dir: Remote, rel: string, path: WalkPath): Promise<void> => {
    ctx.check();
    const listed = await listDir(ctx, dir, o, rel, state);
    if (listed === null || !o.recursive) return;
    const { l, order } = listed;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      if (l.type(i) !== "directory") continue;
      const name = l.name(i);
      const sub = child(dir, name);
      let below: WalkPath;
      try {
        below = enter(path, l.key(i), sub.display, limit);
      } catch (err) {
        ctx.fail("list", sub.display, err);
        continue;
      }
      await walk(sub, rel === "" ? name : `${rel}/${name}`, below);
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
    usage: "ls [-l] [-a] [-R] [-h] [-U] [--json] URL",
    shellUsage: "ls [-l] [-a] [-R] [-h] [-U] [--json] [PATH]",
    description: 'Entries are sorted by name; names starting with "." are shown with -a. ' +
      "-U prints them in the server's order as they come, holding only 1024 at a time " +
      "(-l columns are then aligned per 1024 lines). " +
      "Times are local (as stat shows them), or ISO 8601 UTC with --iso. " +
      "With -R and --json, each name is the path relative to the listed directory.",
    options: [
      { long: "long", short: "l", help: "long format: mode, links, uid, gid, size, time, name" },
      { long: "all", short: "a", help: 'include names starting with "."' },
      { long: "recursive", short: "R", help: "list subdirectories too" },
      { long: "human", short: "h", help: "sizes like 1.5K, 23M, 4.0G" },
      {
        long: "unsorted",
        short: "U",
        help: "do not sort: the server's order, printed as it comes",
      },
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
