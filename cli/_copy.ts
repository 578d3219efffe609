/**
 * The one copy routine behind `get`, `put` and `cp`: files, and with `-r` trees, between any
 * two sides. Files are written under a temporary name and renamed when complete; names from
 * a listing are checked before use; symlinks are recreated, never followed; existing files
 * are kept unless `force`.
 *
 * @module
 */
import { AlreadyExists, NotFound, quoteName } from "../nfs/errors.ts";
import { receivedNameProblem } from "../nfs/_names.ts";
import { hasLoneSurrogate } from "../xdr/mod.ts";
import type { Ctx } from "./_context.ts";
import { OpError, Refusal } from "./_errors.ts";
import { child, type Loc, type Meta, parentPath, type Sink, umask } from "./_fs.ts";
import { iecSize, printable } from "./_output.ts";
import { isInside } from "./_path.ts";
import type { Excludes } from "./_glob.ts";
import type { Progress } from "./_progress.ts";
import { DEFAULT_MAX_DEPTH, enter, type WalkPath, walkTop } from "./_walk.ts";

/** How to copy. */
export interface CopyOptions {
  /** The verb of messages: "get", "put", "copy". */
  verb: string;
  /** Copy directories and their contents. */
  recursive: boolean;
  /** Keep mode and times. */
  preserve: boolean;
  /** Replace existing files and symlinks. */
  force: boolean;
  /** Create missing directories above the destination (`--parents`). */
  parents?: boolean;
  /** Files copied at once in a tree (`-j N`, default 1). */
  jobs?: number;
  /** Directories walked below each source at most (`--max-depth N`; default 256). */
  maxDepth?: number;
  /** Entries of a tree left out (`--exclude`). */
  exclude?: Excludes;
  /**
   * Skip files whose destination is complete (same size and mtime within a second, or same
   * content with `checksum`); replace the others, without needing `force`. Times are kept
   * on what is written, so that the next run can tell (`-u`, `sync`).
   */
  update?: boolean;
  /** With `update`: compare contents, not mtimes (`--checksum`). */
  checksum?: boolean;
  /** Keep a partial file on failure, and continue it on the next run (`--continue`). */
  resume?: boolean;
  /** Only say what would be copied (`--dry-run`), on stdout. */
  dryRun?: boolean;
  /** `dest` is the copy of the one source itself, never a directory to copy into (`sync`). */
  tree?: boolean;
  /**
   * Remove what a destination directory holds that its source does not (`sync --delete`):
   * not names `exclude` leaves out, and nothing in a directory whose source listing skipped a
   * name (an invalid or unsafe entry) or that was not entered (too deep, a loop).
   */
  delete?: boolean;
}

/** Entries of the progress plan's listings kept for the copy (about 200 bytes each). */
const PLAN_KEPT = 100_000;

/** With -j N, directories walked at once: this many per job, while their listings are small. */
const DIR_WALKS_PER_JOB = 4;

/**
 * With -j N, directories walked alongside at once: at least this many, and more only while
 * they hold few entries. Each walk holds its whole (sorted) listing: a tree of 100
 * directories of 1,000 files at -j 8 held 32 of them (155 MiB peak; 110-116 MiB with 8),
 * whereas directories of a few entries gain from many listings in flight.
 */
const DIR_WALKS_MIN = 8;
/** The entries that walks alongside may hold, by the mean listing of the subdirectories so far. */
const HELD_ENTRIES_MAX = 4096;

/** Times within this are the same (servers and file systems keep different precisions). */
const MTIME_WINDOW_MS = 1000;

/** A directory's checked entries, and the warnings listing it gave. */
interface Listing {
  entries: { name: string; meta: Meta }[];
  warnings: string[];
  excluded: number;
  /** Names the listing left out for being invalid or unsafe (not the excluded ones). */
  skipped: number;
}

/** At most N holders at once. */
class Slots {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(n: number) {
    this.#free = n;
  }

  async acquire(signal: AbortSignal): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return;
    }
    await abortable(new Promise<void>((r) => this.#waiting.push(r)), signal);
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next();
    else this.#free++;
  }
}

function join(rel: string, name: string): string {
  return rel === "" ? name : `${rel}/${name}`;
}

/**
 * Why a name from a directory listing must not be used as a local (or remote) file name:
 * empty, `.` or `..`, containing `/` or NUL (on Windows also `\` or `:`). Null when it is safe.
 *
 * @param name The name as the server (or file system) sent it.
 * @param os The operating system whose rules apply.
 * @returns The reason, or null.
 */
export function unsafeNameReason(name: string, os: string = Deno.build.os): string | null {
  const why = receivedNameProblem(name);
  if (why !== null) return why;
  if (name === "." || name === "..") return `the name is "${name}"`;
  if (os === "windows" && /[\\:]/.test(name)) return 'the name contains "\\" or ":"';
  return null;
}

function randomHex(): string {
  const b = crypto.getRandomValues(new Uint8Array(4));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * The temporary name a file is written under before it is renamed into place:
 * `.NAME.nfs-partial-RANDOM` (the name cut to 200 characters).
 *
 * @param name The final name.
 * @param random The random part (tests).
 * @returns The temporary name.
 */
export function partialName(name: string, random: string = randomHex()): string {
  return `.${name.slice(0, 200)}.nfs-partial-${random}`;
}

/** How long removing a partial file may take after Ctrl-C. */
const CLEANUP_MS = 3000;

function partialLeaf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
}

/** `p`, or the signal's reason as soon as it aborts (`p` itself is left to settle). */
export function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    p.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** `p`'s value, or false when it takes longer than `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T | false> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

function isNotFound(e: unknown): boolean {
  return e instanceof NotFound || e instanceof Deno.errors.NotFound;
}

function plural(n: number, one: string, many = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One copy operation (one command's worth). */
class Copier {
  readonly #ctx: Ctx;
  readonly #o: CopyOptions;
  readonly #progress: Progress;
  readonly counts = { files: 0, dirs: 0, links: 0, skipped: 0, resumedBytes: 0, deleted: 0 };
  /** Listings of the plan's walk, kept for the copy (at most PLAN_KEPT entries in all). */
  readonly #listed = new Map<string, Listing>();
  #listedEntries = 0;
  readonly #jobs: Slots | null;
  /** Directories being walked alongside (-j N): at most #walksAlongside(). */
  #dirWalks = 0;
  /** Subdirectories listed so far, and their entries. */
  #subdirs = 0;
  #subdirEntries = 0;
  /** Entries left out by `--exclude`. */
  excluded = 0;

  constructor(ctx: Ctx, o: CopyOptions, progress: Progress) {
    this.#ctx = ctx;
    this.#o = o;
    this.#progress = progress;
    this.#jobs = (o.jobs ?? 1) > 1 ? new Slots(o.jobs!) : null;
  }

  /** Runs a destination-side step; its failure names the destination. */
  async #dst<T>(dst: Loc, step: () => T | Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (e) {
      if (e instanceof OpError) throw e;
      throw new OpError("write", dst.display, e);
    }
  }

  #finalMode(meta: Meta): number {
    return this.#o.preserve ? meta.mode & 0o7777 : meta.mode & 0o777 & ~umask();
  }

  #times(meta: Meta): { atime: Date; mtime: Date } | undefined {
    if (!(this.#o.preserve || this.#o.update) || meta.mtime === null) return undefined;
    return { atime: meta.atime ?? meta.mtime, mtime: meta.mtime };
  }

  /** Checks what is at `dst` before a file or symlink is written there. */
  async #checkTarget(dst: Loc): Promise<Meta | null> {
    if (dst.inNewDir) return null;
    const existing = await this.#dst(dst, () => dst.side.lstat(dst.path));
    if (existing === null) return null;
    if (existing.kind === "directory") {
      throw new OpError("write", dst.display, new Refusal("is a directory"));
    }
    if (!this.#o.force && !this.#o.update) {
      throw new OpError("write", dst.display, new Refusal("file exists (use -f to overwrite)"));
    }
    return existing;
  }

  /** Why a file must be copied over `existing` (null: it is complete already). */
  async #difference(src: Loc, meta: Meta, dst: Loc, existing: Meta): Promise<string | null> {
    if (existing.kind !== "file") return `a ${existing.kind} is there`;
    if (existing.size !== meta.size) return "size differs";
    if (this.#o.checksum) return (await this.#sameContent(src, dst)) ? null : "content differs";
    if (meta.mtime === null || existing.mtime === null) return "no time to compare";
    const delta = Math.abs(meta.mtime.getTime() - existing.mtime.getTime());
    return delta < MTIME_WINDOW_MS ? null : "time differs";
  }

  /** Reads both files and compares them byte for byte (`--checksum`). */
  async #sameContent(a: Loc, b: Loc): Promise<boolean> {
    const ia = a.side.read(a.path)[Symbol.asyncIterator]();
    const ib = b.side.read(b.path)[Symbol.asyncIterator]();
    let ca: Uint8Array = new Uint8Array(0);
    let cb: Uint8Array = new Uint8Array(0);
    try {
      for (;;) {
        this.#ctx.check();
        if (ca.length === 0) {
          const n = await ia.next();
          ca = n.done ? ca : n.value;
          if (n.done) {
            if (cb.length > 0) return false;
            return (await ib.next()).done === true;
          }
        }
        if (cb.length === 0) {
          const n = await ib.next();
          if (n.done) return false;
          cb = n.value;
        }
        const k = Math.min(ca.length, cb.length);
        for (let i = 0; i < k; i++) if (ca[i] !== cb[i]) return false;
        ca = ca.subarray(k);
        cb = cb.subarray(k);
      }
    } finally {
      await ia.return?.();
      await ib.return?.();
    }
  }

  /** `--dry-run`: one line on stdout per change. */
  async #would(what: string, dst: Loc, why = ""): Promise<void> {
    await this.#ctx.out(`would ${what} ${printable(dst.display)}${why ? ` (${why})` : ""}\n`);
  }

  /** Where a directory's walk is: its top, or `enter`ed below `up` (depth, loops). */
  #walkPath(src: Loc, meta: Meta, up: WalkPath | null): WalkPath {
    const id = meta.id ?? null;
    if (up === null) return walkTop(id, src.display);
    try {
      return enter(up, id, src.display, this.#o.maxDepth ?? DEFAULT_MAX_DEPTH);
    } catch (e) {
      throw new Refusal((e as Error).message);
    }
  }

  /**
   * Copies one file, symlink or (with -r) directory tree. `up` is the directory it was
   * listed in (null for a source named on the command line).
   */
  async item(src: Loc, meta: Meta, dst: Loc, rel = "", up: WalkPath | null = null): Promise<void> {
    try {
      switch (meta.kind) {
        case "file":
          await this.#file(src, meta, dst);
          break;
        case "directory":
          if (!this.#o.recursive) throw new Refusal("is a directory (use -r)");
          await this.#dir(src, meta, dst, rel, this.#walkPath(src, meta, up));
          break;
        case "symlink":
          await this.#link(src, dst);
          break;
        default:
          this.#ctx.warn(`skipping "${src.display}": not a file, directory or symlink`);
      }
    } catch (e) {
      this.#ctx.fail(this.#o.verb, src.display, e);
    }
  }

  async #file(src: Loc, meta: Meta, dst: Loc): Promise<void> {
    if (this.#jobs === null) return await this.#fileNow(src, meta, dst);
    await this.#jobs.acquire(this.#ctx.signal);
    try {
      await this.#fileNow(src, meta, dst);
    } finally {
      this.#jobs.release();
    }
  }

  /** A file's copy in a slot already taken (-j); the slot is given back, failures reported. */
  async #fileInSlot(src: Loc, meta: Meta, dst: Loc): Promise<void> {
    try {
      await this.#fileNow(src, meta, dst);
    } catch (e) {
      this.#ctx.fail(this.#o.verb, src.display, e);
    } finally {
      this.#jobs!.release();
    }
  }

  async #fileNow(src: Loc, meta: Meta, dst: Loc): Promise<void> {
    const existing = await this.#checkTarget(dst);
    if (existing !== null && this.#o.update) {
      const why = await this.#difference(src, meta, dst, existing);
      if (why === null) {
        this.counts.skipped++;
        this.#progress.skip(meta.size);
        return;
      }
      if (this.#o.dryRun) return await this.#would("update", dst, why);
    } else if (this.#o.dryRun) {
      return await this.#would(existing ? "replace" : "copy", dst, existing ? "" : "new");
    }
    const mode = this.#finalMode(meta);
    const createMode = mode | 0o600;
    // --continue: one fixed partial name, kept on failure and continued from its end.
    const resume = this.#o.resume === true && dst.side.append !== undefined &&
      Number.isFinite(meta.size);
    const tmpName = resume ? `.${dst.name.slice(0, 200)}.nfs-partial` : partialName(dst.name);
    const tmp = await this.#dst(dst, () => dst.side.sibling(dst.path, tmpName));
    let offset = 0;
    let sink: Sink | undefined;
    if (resume) {
      const part = await this.#dst(dst, () => dst.side.lstat(tmp));
      if (part?.kind === "file" && part.size <= meta.size) {
        offset = part.size;
        sink = await this.#dst(dst, () => dst.side.append!(tmp));
      } else if (part !== null) {
        await this.#dst(dst, () => dst.side.remove(tmp));
      }
    }
    sink ??= await this.#dst(dst, () => dst.side.create(tmp, createMode));
    const size = Number.isFinite(meta.size) ? meta.size - offset : null;
    this.#progress.begin(dst.name, size);
    if (offset > 0) {
      this.counts.resumedBytes += offset;
      this.#progress.skip(offset, false);
    }
    const signal = this.#ctx.signal;
    // A local sink has written each chunk when its write returns; a remote one holds them.
    const o = { handle: meta.handle, lend: !dst.side.remote };
    const chunks = src.side.read(src.path, offset, meta.size, o)[Symbol.asyncIterator]();
    try {
      for (;;) {
        // A hard mount retries a silent server for ever: Ctrl-C must not wait for it.
        const next = await abortable(chunks.next(), signal);
        if (next.done) break;
        await this.#dst(dst, () => abortable(sink.write(next.value), signal));
        this.#progress.add(next.value.length);
      }
      await this.#dst(dst, () => abortable(sink.close(), signal));
      const times = this.#times(meta);
      if (times !== undefined || createMode !== mode) {
        await this.#dst(dst, () => dst.side.setMeta(tmp, { mode, ...(times ? { times } : {}) }));
      }
      await this.#dst(dst, () => dst.side.rename(tmp, dst.path));
    } catch (e) {
      void chunks.return?.().catch(() => {});
      const where = dst.display.slice(0, dst.display.length - dst.name.length);
      if (resume) {
        await within(sink.close().catch(() => sink!.abort()), CLEANUP_MS).catch(() => {});
        this.#ctx.warn(`kept the partial file "${where}${tmpName}": run again with --continue`);
        throw e;
      }
      const cleanup = (async () => {
        await sink.abort().catch(() => {});
        await dst.side.remove(tmp);
      })();
      // After Ctrl-C, a server that does not answer gets a few seconds, not for ever.
      const removed = await (signal.aborted ? within(cleanup, CLEANUP_MS) : cleanup)
        .then((done) => done !== false, () => false);
      if (!removed) {
        this.#ctx.warn(`could not remove the partial file "${where}${partialLeaf(tmp)}"`);
      }
      throw e;
    } finally {
      this.#progress.end();
    }
    this.counts.files++;
  }

  async #dir(src: Loc, meta: Meta, dst: Loc, rel: string, path: WalkPath): Promise<void> {
    if (src.side === dst.side && isInside(dst.path, src.path)) {
      throw new Refusal(`cannot copy a directory into itself ("${dst.display}")`);
    }
    const mode = this.#finalMode(meta);
    const existing = dst.inNewDir ? null : await this.#dst(dst, () => dst.side.lstat(dst.path));
    let created = false;
    if (existing === null && this.#o.dryRun) {
      await this.#would("create directory", dst);
    } else if (existing === null) {
      await this.#dst(dst, () => dst.side.mkdir(dst.path, mode | 0o700));
      created = true;
    } else if (existing.kind !== "directory") {
      const why = existing.kind === "symlink" ? "is a symlink (not followed)" : "not a directory";
      throw new OpError("write", dst.display, new Refusal(why));
    }
    this.counts.dirs++;
    const listing = await this.#entries(src, dst, rel);
    const entries = listing.entries;
    if (rel !== "") {
      this.#subdirs++;
      this.#subdirEntries += entries.length;
    }
    // In a directory this copy has just created there is nothing to check before writing.
    // (Another writer could add a name meanwhile, as it could between a check and the
    // rename that ends a file's copy: the check was never more than that.)
    const into = (name: string): Loc => ({ ...child(dst, name), inNewDir: created });
    const one = (e: { name: string; meta: Meta }) => {
      this.#ctx.check();
      return this.item(child(src, e.name), e.meta, into(e.name), join(rel, e.name), path);
    };
    if (this.#jobs === null) {
      for (const e of entries) await one(e);
    } else {
      // -j N: the files of the tree are copied N at a time (see #file). Subdirectories are
      // walked alongside while fewer than #walksAlongside() are, else one after another here:
      // the listings held at once stay bounded (not the whole tree's).
      // A file's copy starts once it has a slot: a directory of 1,000 files does not hold
      // 1,000 waiting copies (about 7 KiB each: put -r -j 8 of 10k files peaked at 229 MiB).
      const running: Promise<void>[] = [];
      for (const e of entries) {
        if (e.meta.kind === "file") {
          this.#ctx.check();
          await this.#jobs.acquire(this.#ctx.signal);
          running.push(this.#fileInSlot(child(src, e.name), e.meta, into(e.name)));
        } else if (e.meta.kind !== "directory") {
          running.push(one(e));
        } else if (this.#dirWalks < this.#walksAlongside()) {
          this.#dirWalks++;
          running.push(one(e).finally(() => this.#dirWalks--));
        } else {
          await one(e);
        }
      }
      await Promise.all(running);
    }
    if (this.#o.delete && existing !== null) await this.#deleteExtra(listing, dst, rel);
    // Directory times are kept with -p only (sync compares files, not directories).
    const times = this.#o.preserve ? this.#times(meta) : undefined;
    if (this.#o.dryRun) return;
    if (times !== undefined || (created && (mode | 0o700) !== mode)) {
      await this.#dst(dst, () => dst.side.setMeta(dst.path, { mode, ...(times ? { times } : {}) }));
    }
  }

  /**
   * `sync --delete`: removes what `dst` holds that the source listing does not, once the
   * directory's copy is done. Names `--exclude` leaves out are kept, and so is everything
   * when the source listing skipped a name (it may be one of these) or when `dst` cannot be
   * listed whole; names that are not safe to use are never touched.
   */
  async #deleteExtra(listing: Listing, dst: Loc, rel: string): Promise<void> {
    if (listing.skipped > 0) {
      this.#ctx.warn(
        `not deleting anything in "${dst.display}": its source listing skipped ${
          plural(listing.skipped, "name")
        }`,
        true,
      );
      return;
    }
    const keep = new Set(listing.entries.map((e) => e.name));
    // With --continue, a file whose copy failed leaves its fixed partial name for the next run.
    if (this.#o.resume) {
      for (const e of listing.entries) keep.add(`.${e.name.slice(0, 200)}.nfs-partial`);
    }
    const extra: string[] = [];
    let incomplete = false;
    const invalid = (err: Error) => {
      incomplete = true;
      this.#ctx.warn(`skipping an entry of "${dst.display}": ${err.message}`, true);
    };
    for await (const e of dst.side.list(dst.path, invalid)) {
      if (keep.has(e.name) || unsafeNameReason(e.name) !== null) continue;
      if (this.#o.exclude?.excludes(e.name, join(rel, e.name))) continue;
      extra.push(e.name);
    }
    if (incomplete) {
      this.#ctx.warn(`not deleting anything in "${dst.display}": it cannot be listed whole`, true);
      return;
    }
    extra.sort();
    for (const name of extra) {
      this.#ctx.check();
      const victim = child(dst, name);
      if (this.#o.dryRun) await this.#would("delete", victim);
      else await this.#dst(victim, () => dst.side.removeTree(victim.path));
      this.counts.deleted++;
    }
  }

  /**
   * How many directories may be walked alongside (-j N): DIR_WALKS_PER_JOB × N, but no more
   * than DIR_WALKS_MIN unless the subdirectories listed so far are small (their mean size
   * times the walks stays under HELD_ENTRIES_MAX). Before any is listed: DIR_WALKS_MIN.
   */
  #walksAlongside(): number {
    const most = DIR_WALKS_PER_JOB * this.#o.jobs!;
    if (this.#subdirs === 0) return Math.min(most, DIR_WALKS_MIN);
    const mean = Math.max(1, this.#subdirEntries / this.#subdirs);
    return Math.min(most, Math.max(DIR_WALKS_MIN, Math.floor(HELD_ENTRIES_MAX / mean)));
  }

  /**
   * A directory's entries, checked (unsafe names are skipped with a warning) and sorted;
   * from the plan's walk when there was one (each directory is listed once).
   */
  async #entries(
    src: Loc,
    dst: Loc,
    rel: string,
    quiet = false,
  ): Promise<Listing> {
    const key = `${src.side.remote ? "r" : "l"}:${src.path}`;
    const planned = this.#listed.get(key);
    if (planned !== undefined) {
      this.#listed.delete(key);
      this.#listedEntries -= planned.entries.length;
      for (const w of planned.warnings) this.#ctx.warn(w, true);
      this.excluded += planned.excluded;
      return planned;
    }
    const listing = await this.#list(src, dst, rel, quiet);
    if (quiet) this.#lastQuiet = listing;
    else this.excluded += listing.excluded;
    return listing;
  }

  /** The last quiet listing (the plan keeps its warnings with the entries). */
  #lastQuiet: Listing | null = null;

  async #list(src: Loc, dst: Loc, rel: string, quiet: boolean): Promise<Listing> {
    const warnings: string[] = [];
    let excluded = 0;
    let skipped = 0;
    const warn = (w: string) => quiet ? warnings.push(w) : this.#ctx.warn(w, true);
    const entries: { name: string; meta: Meta }[] = [];
    const seen = new Set<string>();
    const invalid = (err: Error) => {
      skipped++;
      warn(`skipping an entry of "${src.display}": ${err.message}`);
    };
    for await (const e of src.side.list(src.path, invalid)) {
      const why = unsafeNameReason(e.name) ??
        (seen.has(e.name) ? "the name is listed twice" : null) ??
        (!dst.side.remote && hasLoneSurrogate(e.name)
          ? "the name is not UTF-8, and a local file cannot be given those bytes from Deno"
          : null);
      if (why !== null) {
        skipped++;
        warn(`skipping ${quoteName(e.name)} in "${src.display}": ${why}`);
        continue;
      }
      seen.add(e.name);
      if (this.#o.exclude?.excludes(e.name, join(rel, e.name))) {
        excluded++;
        continue;
      }
      entries.push(e);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { entries, warnings, excluded, skipped };
  }

  /**
   * Walks what a recursive copy will copy, for the progress bar's totals (files and bytes of
   * the whole tree). The first PLAN_KEPT entries' listings are kept and used by the copy
   * itself; beyond that the copy lists those directories again (memory stays bounded).
   * Warnings (names refused, invalid entries) are given by the copy, not here; a directory
   * the copy will not enter (too deep, a loop) is not walked.
   */
  async plan(items: readonly { src: Loc; meta: Meta; dst: Loc }[]): Promise<void> {
    let files = 0;
    let bytes = 0;
    const walk = async (
      src: Loc,
      meta: Meta,
      dst: Loc,
      rel: string,
      up: WalkPath | null,
    ): Promise<void> => {
      this.#ctx.check();
      if (meta.kind === "file") {
        files++;
        bytes += meta.size;
      } else if (meta.kind === "directory" && this.#o.recursive) {
        let entries;
        let path;
        try {
          path = this.#walkPath(src, meta, up);
          entries = (await this.#entries(src, dst, rel, true)).entries;
        } catch {
          return; // the copy reports it
        }
        if (this.#listedEntries + entries.length <= PLAN_KEPT) {
          this.#listedEntries += entries.length;
          this.#listed.set(`${src.side.remote ? "r" : "l"}:${src.path}`, this.#lastQuiet!);
        }
        for (const e of entries) {
          await walk(child(src, e.name), e.meta, child(dst, e.name), join(rel, e.name), path);
        }
      }
    };
    for (const i of items) await walk(i.src, i.meta, i.dst, "", null);
    this.#progress.plan(files, bytes);
  }

  async #link(src: Loc, dst: Loc): Promise<void> {
    const target = await src.side.readLink(src.path);
    const existing = await this.#checkTarget(dst);
    if (existing?.kind === "symlink" && this.#o.update) {
      if ((await dst.side.readLink(dst.path)) === target) {
        this.counts.skipped++;
        return;
      }
    }
    if (this.#o.dryRun) return await this.#would(existing ? "update" : "copy", dst, "symlink");
    if (existing !== null) {
      await this.#dst(dst, () => dst.side.remove(dst.path));
    }
    await this.#dst(dst, () => dst.side.symlink(target, dst.path));
    this.counts.links++;
  }

  /** Whether anything was copied (no summary of nothing after an error). */
  get copiedAny(): boolean {
    const c = this.counts;
    return c.files + c.dirs + c.links + c.skipped > 0;
  }

  /**
   * The closing line: counts, bytes, time and rate. The rate is of the copy itself, from
   * its first byte: it leaves out starting the program and connecting.
   */
  summary(): string {
    const c = this.counts;
    const ms = Math.max(1, this.#progress.elapsedMs);
    const bytes = this.#progress.bytes;
    const rate = iecSize(Math.round(bytes / (ms / 1000)));
    const secs = (ms / 1000).toFixed(ms < 1000 ? 2 : 1);
    const what = this.#o.recursive
      ? `${plural(c.files, "file")}, ${plural(c.dirs, "directory", "directories")}, ` +
        `${plural(c.links, "symlink")}`
      : [
        ...(c.files > 0 ? [plural(c.files, "file")] : []),
        ...(c.links > 0 ? [plural(c.links, "symlink")] : []),
      ].join(", ");
    const skipped = (c.skipped > 0 ? `, ${c.skipped} up to date` : "") +
      (this.excluded > 0 ? `, ${this.excluded} excluded` : "") +
      (c.resumedBytes > 0 ? `, ${iecSize(c.resumedBytes)} continued` : "") +
      (this.#o.delete ? `, ${c.deleted} deleted` : "");
    return `${what}${skipped}, ${iecSize(bytes)} in ${secs} s (${rate}/s)`;
  }
}

/**
 * Copies `sources` to `dest` as `cp` does: into `dest` when it is a directory (each under its
 * own name), else to `dest` itself (one source only). Failures are reported on `ctx`.
 *
 * @param ctx The command's context.
 * @param sources What to copy.
 * @param dest Where to.
 * @param o Options.
 * @param progress The progress display.
 */
export async function copy(
  ctx: Ctx,
  sources: readonly Loc[],
  dest: Loc,
  o: CopyOptions,
  progress: Progress,
): Promise<void> {
  let destMeta: Meta | null = null;
  try {
    destMeta = await dest.side.stat(dest.path);
  } catch (e) {
    if (!isNotFound(e)) return ctx.fail("write", dest.display, e);
  }
  // "dir/" names a directory, as for cp(1): never a file called "dir".
  const wantsDir = !o.tree && (sources.length > 1 || dest.display.endsWith("/"));
  if (wantsDir && destMeta?.kind !== "directory") {
    if (destMeta !== null) {
      return ctx.fail("copy into", dest.display, new Refusal("not a directory"));
    }
    if (!(await ensureDir(ctx, dest, dest, o))) return;
    destMeta = { kind: "directory", mode: 0o755, size: 0, atime: null, mtime: null };
  } else if (destMeta === null && !(await ensureParent(ctx, dest, o))) return;
  const intoDir = !o.tree && destMeta?.kind === "directory";
  const copier = new Copier(ctx, o, progress);
  const items: { src: Loc; meta: Meta; dst: Loc }[] = [];
  for (const src of sources) {
    ctx.check();
    try {
      const meta = await src.side.stat(src.path);
      if (intoDir && src.name === "") throw new Refusal("it has no name: name the destination");
      items.push({ src, meta, dst: intoDir ? child(dest, src.name) : dest });
    } catch (e) {
      ctx.fail(o.verb, src.display, e);
    }
  }
  if (o.recursive && progress.enabled) await copier.plan(items);
  for (const { src, meta, dst } of items) {
    ctx.check();
    await copier.item(src, meta, dst);
  }
  // A tree's summary replaces the bar; a single file's bar stays, and a transfer too short
  // for a bar gets the summary instead.
  const c = copier.counts;
  const notable = c.skipped > 0 || c.resumedBytes > 0;
  const summarize = copier.copiedAny && (o.recursive || !progress.shown || notable);
  progress.finish(summarize ? copier.summary() : undefined);
}

/** `display` without its last `n` components (and trailing slashes). */
function upDisplay(display: string, n: number): string {
  let d = display.replace(/\/+$/, "");
  for (let i = 0; i < n; i++) d = d.slice(0, Math.max(0, d.lastIndexOf("/"))) || "/";
  return d;
}

/**
 * Makes sure the directory `dir` exists: with `parents`, creates it and what is missing
 * above it (as `mkdir -p`); else reports the first missing component and suggests
 * `--parents`. Returns whether the copy can go on.
 */
async function ensureDir(ctx: Ctx, dir: Loc, named: Loc, o: CopyOptions): Promise<boolean> {
  // The missing directories, from `dir` up to the first one that exists.
  const missing: string[] = [];
  for (let p: string | null = dir.path; p !== null; p = parentPath(dir.side, p)) {
    let meta: Meta | null;
    try {
      meta = await dir.side.lstat(p);
    } catch (e) {
      ctx.fail("write", named.display, e);
      return false;
    }
    if (meta === null) {
      missing.push(p);
      continue;
    }
    if (meta.kind === "directory" || (meta.kind === "symlink" && missing.length > 0)) break;
    const at = upDisplay(dir.display, missing.length);
    ctx.fail("write", named.display, new Refusal(`"${at}" is not a directory`));
    return false;
  }
  if (missing.length === 0) return true;
  if (!o.parents) {
    const top = upDisplay(dir.display, missing.length - 1);
    const [verb, why] = named === dir
      ? ["write into", missing.length === 1 ? "no such directory" : `no directory "${top}"`]
      : ["write", `directory "${top}" does not exist`];
    ctx.fail(verb, named.display, new Refusal(`${why} (use --parents to create it)`));
    return false;
  }
  for (const p of missing.reverse()) {
    try {
      await dir.side.mkdir(p, 0o777 & ~umask());
    } catch (e) {
      if (!(e instanceof AlreadyExists || e instanceof Deno.errors.AlreadyExists)) {
        ctx.fail("create directory", upDisplay(dir.display, 0), e);
        return false;
      }
    }
  }
  return true;
}

/** Makes sure the directory a new `dest` goes into exists (see {@linkcode ensureDir}). */
function ensureParent(ctx: Ctx, dest: Loc, o: CopyOptions): Promise<boolean> {
  const up = parentPath(dest.side, dest.path);
  if (up === null) return Promise.resolve(true);
  const display = upDisplay(dest.display, 1);
  return ensureDir(ctx, { ...dest, path: up, display, name: "" }, dest, o);
}
