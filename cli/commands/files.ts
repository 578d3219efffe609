/**
 * Commands that change the tree: `mkdir`, `rm`, `rmdir`, `mv`, `ln`, `chmod`, `touch`,
 * `truncate`.
 *
 * @module
 */
import { AlreadyExists, NotFound } from "../../mod.ts";
import { type CommandSpec, type Flags, parseMode, parseSize } from "../_args.ts";
import type { Ctx } from "../_context.ts";
import { lastComponent } from "../_resolve.ts";
import { OpError, Refusal, UsageError } from "../_errors.ts";
import { child, type Remote, umask } from "../_fs.ts";
import { enter, MAX_DEPTH_OPTION, maxDepth, type WalkPath, walkTop } from "../_walk.ts";

function remotes(ctx: Ctx) {
  return (a: string) => ctx.remote(a);
}

async function mkdir(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  const mode = typeof flags.mode === "string"
    ? parseMode(flags.mode).apply(0o777, true)
    : 0o777 & ~umask();
  await ctx.each(
    args,
    remotes(ctx),
    "mkdir",
    (loc) => loc.client.mkdir(loc.path, { recursive: flags.parents === true, mode }),
  );
}

function refuseRoot(loc: Remote): void {
  if (lastComponent(loc.path) === "") throw new Refusal("refusing to remove the export's root");
}

/**
 * Removes the tree `dir` depth first, one listing per level held; a subdirectory too deep
 * or that is a directory above (a loop) is reported and left, and so are the directories
 * above it. Failures are reported; returns whether everything went.
 */
async function removeTree(
  ctx: Ctx,
  dir: Remote,
  path: WalkPath,
  limit: number,
  force: boolean,
): Promise<boolean> {
  ctx.check();
  const entries: { name: string; isDir: boolean; id: string }[] = [];
  let ok = true;
  const onInvalidEntry = (e: Error) => {
    ok = false;
    ctx.warn(`skipping an entry of "${dir.display}": ${e.message}`, true);
  };
  for await (const e of dir.client.readDir(dir.path, { onInvalidEntry })) {
    entries.push({ name: e.name, isDir: e.info.isDirectory, id: `${e.info.dev}:${e.info.fileid}` });
  }
  for (const e of entries) {
    const sub = child(dir, e.name);
    try {
      if (e.isDir) {
        if (!(await removeTree(ctx, sub, enter(path, e.id, sub.display, limit), limit, force))) {
          ok = false;
        }
      } else {
        await sub.client.remove(sub.path);
      }
    } catch (err) {
      if (force && err instanceof NotFound) continue;
      ok = false;
      ctx.fail("remove", sub.display, err);
    }
  }
  if (ok) await dir.client.remove(dir.path);
  return ok;
}

async function rm(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  const force = flags.force === true;
  const limit = maxDepth(flags);
  await ctx.each(await ctx.glob(args, "remote"), remotes(ctx), "remove", async (loc) => {
    refuseRoot(loc);
    try {
      const info = await loc.client.lstat(loc.path);
      if (info.isDirectory && flags.recursive !== true) {
        throw new Refusal("is a directory (use -r)");
      }
      if (info.isDirectory) {
        // Walked here, not by the library's recursive remove: bounded depth, loops caught.
        await removeTree(
          ctx,
          loc,
          walkTop(`${info.dev}:${info.fileid}`, loc.display),
          limit,
          force,
        );
      } else {
        await loc.client.remove(loc.path);
      }
    } catch (e) {
      if (!(force && e instanceof NotFound)) throw e;
    }
  });
}

async function rmdir(ctx: Ctx, _flags: Flags, args: string[]): Promise<void> {
  await ctx.each(await ctx.glob(args, "remote"), remotes(ctx), "remove", async (loc) => {
    refuseRoot(loc);
    if (!(await loc.client.lstat(loc.path)).isDirectory) throw new Refusal("not a directory");
    await loc.client.remove(loc.path);
  });
}

/** The destination of `mv`/`ln`: inside `dest` when it is a directory. */
async function into(dest: Remote, name: string, many: boolean): Promise<Remote> {
  let isDir = false;
  try {
    isDir = (await dest.client.stat(dest.path)).isDirectory;
  } catch (e) {
    if (!(e instanceof NotFound)) throw e;
  }
  if (many && !isDir) throw new Refusal("not a directory");
  return isDir ? child(dest, name) : dest;
}

async function mv(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  const dest = await ctx.remote(args.at(-1)!);
  const sources = await ctx.glob(args.slice(0, -1), "remote");
  const many = sources.length > 1;
  await ctx.each(sources, remotes(ctx), "move", async (src) => {
    if (src.client !== dest.client) {
      throw new Refusal("cannot move to another export or server (use cp, then rm)");
    }
    const target = await into(dest, src.name, many);
    if (flags.force !== true) {
      // NFS RENAME always replaces: look first (another client may still race us).
      const existing = await src.client.lstat(target.path).catch((e) => {
        if (e instanceof NotFound) return null;
        throw e;
      });
      if (existing !== null) {
        const what = existing.isDirectory ? "directory" : "file";
        throw new OpError(
          "move to",
          target.display,
          new Refusal(`${what} exists (use -f to replace it)`),
        );
      }
    }
    await src.client.rename(src.path, target.path);
  });
}

async function ln(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  const [targetArg, linkArg] = args as [string, string];
  await ctx.each([linkArg], remotes(ctx), "link", async (link) => {
    if (flags.symbolic === true) {
      const at = await into(link, lastComponent(targetArg), false);
      await link.client.symlink(targetArg, at.path);
      return;
    }
    const existing = await ctx.remote(targetArg);
    if (existing.client !== link.client) throw new Refusal("cannot link across exports or servers");
    const at = await into(link, existing.name, false);
    await link.client.link(existing.path, at.path);
  });
}

async function chmod(ctx: Ctx, _flags: Flags, args: string[]): Promise<void> {
  const [modeText, ...paths] = args as [string, ...string[]];
  const mode = parseMode(modeText);
  await ctx.each(await ctx.glob(paths, "remote"), remotes(ctx), "chmod", async (loc) => {
    let next = mode.apply(0, false);
    if (mode.relative) {
      const info = await loc.client.stat(loc.path);
      next = mode.apply(info.mode, info.isDirectory);
    }
    await loc.client.chmod(loc.path, next);
  });
}

/** Runs `op`; if the file is missing, creates it empty and runs `op` again. */
async function orCreate(loc: Remote, op: () => Promise<void>): Promise<void> {
  try {
    return await op();
  } catch (e) {
    if (!(e instanceof NotFound)) throw e;
  }
  try {
    await loc.client.writeFile(loc.path, new Uint8Array(0), {
      createNew: true,
      mode: 0o666 & ~umask(),
    });
  } catch (e) {
    if (!(e instanceof AlreadyExists)) throw e;
  }
  await op();
}

async function touch(ctx: Ctx, _flags: Flags, args: string[]): Promise<void> {
  await ctx.each(args, remotes(ctx), "touch", (loc) =>
    orCreate(loc, () => {
      const now = new Date();
      return loc.client.utime(loc.path, now, now);
    }));
}

async function truncate(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  if (typeof flags.size !== "string") throw new UsageError("missing -s SIZE", "truncate");
  const size = parseSize(flags.size);
  await ctx.each(
    args,
    remotes(ctx),
    "truncate",
    (loc) => orCreate(loc, () => loc.client.truncate(loc.path, size)),
  );
}

const PATHS = "PATH...";

/** `mkdir`, `rm`, `rmdir`, `mv`, `ln`, `chmod`, `touch`, `truncate`. */
export const FILE_COMMANDS: CommandSpec[] = [
  {
    name: "mkdir",
    summary: "Create directories",
    usage: "mkdir [-p] [-m MODE] URL...",
    shellUsage: `mkdir [-p] [-m MODE] ${PATHS}`,
    options: [
      { long: "parents", short: "p", help: "create missing parents; no error if it exists" },
      {
        long: "mode",
        short: "m",
        value: "MODE",
        help: "permission bits (default 777 minus umask)",
      },
    ],
    args: { min: 1, max: Infinity },
    examples: ["mkdir nfs://server/export/new", "mkdir -p -m 700 nfs://server/export/a/b/c"],
    run: mkdir,
  },
  {
    name: "rm",
    summary: "Remove files (directories with -r)",
    usage: "rm [-r] [-f] URL...",
    shellUsage: `rm [-r] [-f] ${PATHS}`,
    description: "Symlinks are removed, never followed. The export's root is never removed.",
    options: [
      { long: "recursive", short: "r", help: "remove directories and their contents" },
      { long: "force", short: "f", help: "no error for missing files" },
      MAX_DEPTH_OPTION,
    ],
    args: { min: 1, max: Infinity },
    examples: ["rm nfs://server/export/old.txt", "rm -rf nfs://server/export/build"],
    run: rm,
  },
  {
    name: "rmdir",
    summary: "Remove empty directories",
    usage: "rmdir URL...",
    shellUsage: `rmdir ${PATHS}`,
    options: [],
    args: { min: 1, max: Infinity },
    examples: ["rmdir nfs://server/export/empty"],
    run: rmdir,
  },
  {
    name: "mv",
    summary: "Rename or move files on one export",
    usage: "mv [-f] SRC... DST",
    shellUsage: "mv [-f] PATH... PATH",
    description: "Into DST when it is a directory. As for get, put and cp, nothing is " +
      "replaced without -f: an existing file (or empty directory) at the target is an error. " +
      "NFS has no rename that refuses to replace, so the check is a lookup just before the " +
      "rename: a file another client creates in between is still replaced.",
    options: [{ long: "force", short: "f", help: "replace an existing target" }],
    args: { min: 2, max: Infinity },
    examples: [
      "mv nfs://server/export/a.txt nfs://server/export/b.txt",
      "mv nfs://s/e/x nfs://s/e/y nfs://s/e/dir/",
    ],
    run: mv,
  },
  {
    name: "ln",
    summary: "Create a symlink (-s) or a hard link",
    usage: "ln [-s] TARGET LINK",
    shellUsage: "ln [-s] TARGET LINK",
    description: "With -s, TARGET is the link's text, stored as given (not a URL). " +
      "Without -s, TARGET is an existing file on the same export as LINK.",
    options: [{ long: "symbolic", short: "s", help: "make a symbolic link" }],
    args: { min: 2, max: 2 },
    examples: [
      "ln -s ../data/current nfs://server/export/www/data",
      "ln nfs://s/e/a nfs://s/e/a.bak",
    ],
    run: ln,
  },
  {
    name: "chmod",
    summary: "Change permission bits",
    usage: "chmod MODE URL...",
    shellUsage: `chmod MODE ${PATHS}`,
    description: "MODE is octal (755) or symbolic (u+x,go-w, a=rX, +t). " +
      'A mode starting with "-" needs "--" first.',
    options: [],
    args: { min: 2, max: Infinity },
    examples: ["chmod 644 nfs://server/export/a.txt", "chmod -- -w nfs://server/export/a.txt"],
    run: chmod,
  },
  {
    name: "touch",
    summary: "Set times to now, creating empty files if missing",
    usage: "touch URL...",
    shellUsage: `touch ${PATHS}`,
    options: [],
    args: { min: 1, max: Infinity },
    examples: ["touch nfs://server/export/.stamp"],
    run: touch,
  },
  {
    name: "truncate",
    summary: "Shrink or extend files to a size, creating them if missing",
    usage: "truncate -s SIZE URL...",
    shellUsage: `truncate -s SIZE ${PATHS}`,
    description: "SIZE is bytes, or with K, M, G, T (powers of 1024) or KB, MB, GB (of 1000).",
    options: [{ long: "size", short: "s", value: "SIZE", help: "the new size" }],
    args: { min: 1, max: Infinity },
    examples: [
      "truncate -s 0 nfs://server/export/log.txt",
      "truncate -s 1G nfs://server/export/disk.img",
    ],
    run: truncate,
  },
];
