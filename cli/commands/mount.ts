/**
 * `nfs mount URL DIR`: a real mount through FUSE (see `fuse/`), and `nfs umount DIR`.
 *
 * @module
 */
import { CLI_DENO_FLAGS } from "../_runtime.ts";
import { connect, parseNfsUrl } from "../../mod.ts";
import {
  checkFuseAvailable,
  checkMountPoint,
  mountAt,
  MountError,
  mountNfs,
  type MountNfsOptions,
  unmountFuse,
} from "../../fuse/mod.ts";
import type { CommandSpec, Flags } from "../_args.ts";
import { type Ctx, INTERRUPTS } from "../_context.ts";
import { Refusal, UsageError } from "../_errors.ts";
import { printable, writeStderr } from "../_output.ts";

/** Options of `-o LIST`, as mount(8) and FUSE programs take them. */
function parseO(list: string, into: Record<string, string | boolean>): void {
  for (const item of list.split(",").map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf("=");
    const k = eq === -1 ? item : item.slice(0, eq);
    const v = eq === -1 ? undefined : item.slice(eq + 1);
    switch (k) {
      case "ro":
        into["read-only"] = true;
        break;
      case "rw":
        into["read-only"] = false;
        break;
      case "allow_other":
        into["allow-other"] = true;
        break;
      case "nonempty":
        into.nonempty = true;
        break;
      case "debug":
        into.debug = true;
        break;
      case "actimeo":
      case "attr_timeout":
      case "entry_timeout":
        if (v === undefined) throw new UsageError(`-o ${k} needs a value (seconds)`, "mount");
        into[k === "actimeo" ? "actimeo" : k.replace("_", "-")] = v;
        break;
      default:
        throw new UsageError(`unknown -o option "${item}"`, "mount");
    }
  }
}

function seconds(flags: Record<string, unknown>, name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !/^\d+(\.\d+)?$/.test(v) || !Number.isFinite(n)) {
    throw new UsageError(`--${name} wants seconds (e.g. 1 or 0.5), not "${v}"`, "mount");
  }
  return n;
}

function waitForSignal(signal: AbortSignal): { promise: Promise<string>; dispose(): void } {
  const names: Deno.Signal[] = ["SIGTERM", "SIGHUP"];
  INTERRUPTS.terminations = false; // they unmount here, rather than abort the command
  let resolve!: (s: string) => void;
  const promise = new Promise<string>((r) => resolve = r);
  const handlers = names.map((n) => [n, () => resolve(n)] as const);
  for (const [n, h] of handlers) {
    try {
      Deno.addSignalListener(n, h);
    } catch { /* not on this OS */ }
  }
  const onAbort = () => resolve("SIGINT");
  signal.addEventListener("abort", onAbort, { once: true });
  return {
    promise,
    dispose() {
      for (const [n, h] of handlers) {
        try {
          Deno.removeSignalListener(n, h);
        } catch { /* ignore */ }
      }
      signal.removeEventListener("abort", onAbort);
      INTERRUPTS.terminations = true;
    },
  };
}

/** Starts a child serving the mount and returns once DIR is mounted (or the child failed). */
async function background(ctx: Ctx, argv: string[], dir: string, quiet: boolean): Promise<void> {
  const child = new Deno.Command(Deno.execPath(), {
    // The long-lived server runs with the command's flags (a small young generation).
    args: ["run", "-A", ...CLI_DENO_FLAGS, Deno.mainModule, "mount", "--foreground", ...argv],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let exited: Deno.CommandStatus | undefined;
  child.status.then((s) => exited = s);
  const deadline = Date.now() + 30_000;
  while (exited === undefined && mountAt(dir) === undefined && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (exited !== undefined || mountAt(dir) === undefined) {
    if (exited === undefined) child.kill("SIGTERM");
    throw new Refusal(
      `the background server did not mount ${dir} (exit status ${exited?.code ?? "none"}); ` +
        `run with --foreground to see why`,
    );
  }
  child.unref();
  if (!quiet) {
    writeStderr(`nfs: mounted at ${dir} (server pid ${child.pid}; stop: nfs umount ${dir})\n`);
  }
  ctx.setCode(0);
}

async function mount(ctx: Ctx, flags: Flags, args: string[]): Promise<void> {
  const f: Record<string, string | boolean> = {};
  for (const [k, v] of Object.entries(flags)) {
    if (typeof v === "string" || typeof v === "boolean") f[k] = v; // mount has no list flags
  }
  if (typeof f.o === "string") parseO(f.o, f);
  const [url, dir] = args as [string, string | undefined];
  if (dir === undefined) {
    throw new UsageError(
      "DIR missing: nfs mount URL DIR mounts the export through FUSE; for an interactive " +
        "session on URL, use nfs shell URL",
      "mount",
    );
  }
  if (!url.startsWith("nfs://")) throw new UsageError(`"${url}" is not an nfs:// URL`, "mount");
  const u = parseNfsUrl(url);
  const actimeo = seconds(f, "actimeo");
  const attrTimeout = seconds(f, "attr-timeout") ?? actimeo ?? 1;
  const entryTimeout = seconds(f, "entry-timeout") ?? actimeo ?? 1;
  if (f.foreground === true && f.background === true) {
    throw new UsageError("--foreground and --background exclude each other", "mount");
  }
  const quiet = f.quiet === true;
  // Checked before connecting, so a bad DIR is reported at once.
  const abs = checkMountPoint(dir, f.nonempty === true);
  checkFuseAvailable();
  if (f.background === true) {
    const argv = Deno.args.slice(Deno.args.indexOf("mount") + 1).filter((a) =>
      a !== "-b" && a !== "--background"
    );
    return await background(ctx, argv, abs, quiet);
  }
  // Listening before mounting: a SIGTERM right after the mount appears still unmounts.
  const stop = waitForSignal(ctx.signal);
  let nfs;
  try {
    nfs = await connect(url, {
      // The library's name cache trusts a name no longer than the kernel's entry cache does.
      nameCacheMs: Math.min(3000, entryTimeout * 1000),
      signal: ctx.signal,
    });
  } catch (e) {
    stop.dispose();
    throw e;
  }
  const debug = f.debug === true ? (l: string) => writeStderr(printable(l) + "\n") : undefined;
  const o: MountNfsOptions = {
    source: `${u.host}:${u.path}`,
    readOnly: f["read-only"] === true,
    allowOther: f["allow-other"] === true,
    nonEmpty: f.nonempty === true,
    attrTimeout,
    entryTimeout,
    ...(debug ? { debug } : {}),
    warn: (l) => writeStderr(printable(l) + "\n"),
  };
  let m;
  try {
    m = await mountNfs(nfs, abs, o);
  } catch (e) {
    stop.dispose();
    await nfs.close();
    throw e;
  }
  if (!quiet) {
    writeStderr(`nfs: mounted ${url} at ${abs} (stop: Ctrl-C or nfs umount ${dir})\n`);
  }
  try {
    const why = await Promise.race([m.done.then(() => null), stop.promise]);
    if (why !== null) {
      const how = await m.unmount();
      if (!quiet) {
        writeStderr(
          how === "detached"
            ? `nfs: ${why}: ${abs} was busy; detached it (programs still inside get errors)\n`
            : `nfs: ${why}: unmounted ${abs}\n`,
        );
      }
    } else if (!quiet) {
      writeStderr(`nfs: ${abs} was unmounted\n`);
    }
    await m.done;
  } finally {
    stop.dispose();
    await nfs.close();
  }
}

/** `mount URL DIR`. */
export const MOUNT: CommandSpec = {
  name: "mount",
  summary: "Mount an export (or a directory of it) at DIR through FUSE",
  usage: "mount [-r] [-f|-b] [-d] [-o OPTS] [--allow-other] [--actimeo S] URL DIR",
  description: "Serves the mount until Ctrl-C, SIGTERM, or nfs umount DIR (or umount DIR); " +
    "every way out unmounts. DIR must be an empty directory. Without DIR, nfs mount only " +
    "says so (the interactive session is nfs shell URL). Needs Linux, /dev/fuse, and root " +
    "(mount(2)) or fusermount3 (then it mounts as this user). " +
    "Credentials are the URL's uid= and gid= (AUTH_SYS), as for every command; soft=1 " +
    "makes a dead server an I/O error instead of a wait. -o takes mount(8)-style options: " +
    "ro, rw, allow_other, nonempty, debug, actimeo=S, attr_timeout=S, entry_timeout=S. " +
    "Exit status: 0 after a clean unmount, 1 when DIR or FUSE is not usable, 2 for usage.",
  options: [
    { long: "read-only", short: "r", help: "mount read-only (EROFS on every change)" },
    { long: "foreground", short: "f", help: "serve in this process (the default)" },
    { long: "background", short: "b", help: "serve in a background process; return once mounted" },
    { long: "debug", short: "d", help: "log every FUSE operation and RPC call on stderr" },
    { long: "allow-other", help: "let other users in (kernel permission checks on)" },
    { long: "nonempty", help: "mount over a directory that has entries" },
    { long: "actimeo", value: "S", help: "attribute and entry cache time in seconds (default 1)" },
    { long: "attr-timeout", value: "S", help: "attribute cache time in seconds" },
    { long: "entry-timeout", value: "S", help: "name lookup cache time in seconds" },
    { long: "o", short: "o", value: "OPTS", help: "comma-separated mount options (see above)" },
    { long: "quiet", short: "q", help: "no messages on mount and unmount" },
  ],
  args: { min: 1, max: 2 },
  examples: [
    "mount nfs://server/export /mnt/export",
    "mount -b -o ro,actimeo=5 'nfs://server/export/www?uid=33&gid=33' /srv/www",
    "umount /mnt/export",
  ],
  cliOnly: true,
  run: mount,
};

/** `umount DIR`. */
export const UMOUNT: CommandSpec = {
  name: "umount",
  aliases: ["unmount"],
  summary: "Unmount a FUSE mount made by nfs mount (also a stale one)",
  usage: "umount [-l] DIR",
  description: "Unmounts DIR (umount2 as root, else fusermount3 -u). The serving process " +
    "then commits, closes and exits. A mount left by a killed server process is removed " +
    "too. A busy mount is refused unless --lazy detaches it.",
  options: [{ long: "lazy", short: "l", help: "detach now even if busy (MNT_DETACH)" }],
  args: { min: 1, max: 1 },
  examples: ["umount /mnt/export", "umount -l /mnt/export"],
  cliOnly: true,
  run: async (ctx, flags, args) => {
    const dir = args[0]!;
    try {
      const how = await unmountFuse(dir, flags.lazy === true);
      if (how === "detached" && flags.quiet !== true) {
        writeStderr(`nfs: ${dir} was busy; detached it\n`);
      }
    } catch (e) {
      if (e instanceof MountError) throw new Refusal(e.message);
      throw e;
    }
    ctx.setCode(0);
  },
};
