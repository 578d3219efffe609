/**
 * Turning arguments into locations: `nfs://` URLs on the command line (one connection per
 * server and export), paths under the current directory in the shell.
 *
 * @module
 */
import {
  connect,
  type ConnectOptions,
  type NfsClient,
  NfsError,
  type NfsUrl,
  parseNfsUrl,
} from "../mod.ts";
import { connectListed, pickExport } from "../nfs/fs/connect.ts";
import { OpError, UsageError } from "./_errors.ts";
import { explainConnectError } from "./_connect_errors.ts";
import { type Remote, RemoteSide } from "./_fs.ts";
import { printable, writeStderr } from "./_output.ts";

/** Turns arguments into locations. */
export interface Resolver {
  /**
   * Whether an argument names a remote file by its syntax (an `nfs://` URL); null where
   * only its position tells (the shell).
   */
  looksRemote(arg: string): boolean | null;
  /** Checks every argument first (a malformed URL is a usage error before anything runs). */
  check(args: readonly string[]): void;
  /** A remote file named by an argument. */
  remote(arg: string): Promise<Remote>;
  /** The remote directory used when a command's remote argument is left out. */
  defaultRemote(): Promise<Remote>;
}

/**
 * The components of a path after lexical normalization: no empty or "." components, and
 * ".." removes the one before it (never going above the root).
 *
 * @param path A POSIX path.
 * @returns The components.
 */
export function components(path: string): string[] {
  const parts: string[] = [];
  for (const c of path.split("/")) {
    if (c === "" || c === ".") continue;
    if (c === "..") parts.pop();
    else parts.push(c);
  }
  return parts;
}

/** The last path component, lexically ("" for the root). */
export function lastComponent(path: string): string {
  return components(path).at(-1) ?? "";
}

const sides = new WeakMap<NfsClient, RemoteSide>();

/**
 * A remote location on a client (one {@linkcode RemoteSide} per client, so locations on the
 * same connection compare equal by side).
 *
 * @param client The client.
 * @param path The path for the client.
 * @param display How to show it.
 * @param name Its last component.
 * @returns The location.
 */
export function remoteLoc(client: NfsClient, path: string, display: string, name: string): Remote {
  let side = sides.get(client);
  if (side === undefined) {
    side = new RemoteSide(client);
    sides.set(client, side);
  }
  return { side, client, path, display, name };
}

/**
 * An `nfs://` URL without its query string, for messages.
 *
 * @param url The URL as given.
 * @returns E.g. `nfs://server/export/a.txt`.
 */
export function displayUrl(url: string): string {
  const q = url.search(/[?#]/);
  return q === -1 ? url : url.slice(0, q);
}

function serverKey(u: NfsUrl): string {
  // Not localeCompare: its first call loads ICU's collation, ~10 ms of `nfs cat` here.
  const o = Object.entries(u.options).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
  return JSON.stringify([u.host, u.port ?? null, u.user ?? null, o]);
}

/** The URL `arg` with its last path component cut off (the query kept), or null at the top. */
function parentUrl(arg: string): string | null {
  const q = arg.search(/[?#]/);
  const base = q === -1 ? arg : arg.slice(0, q);
  const rest = q === -1 ? "" : arg.slice(q);
  const m = /^(nfs:\/\/[^/]*)(\/.*)$/i.exec(base.replace(/\/+$/, ""));
  if (m === null) return null;
  const cut = m[2]!.lastIndexOf("/");
  if (cut <= 0) return null;
  return m[1]! + m[2]!.slice(0, cut) + rest;
}

/** Options of {@linkcode UrlResolver}. */
export interface ResolverOptions {
  /** Cancels connecting (the command's Ctrl-C). */
  signal?: AbortSignal;
  /** Told when a server stops answering and when it answers again. */
  onResponding?: (host: string, responding: boolean, call: string) => void;
  /** Told when each RPC call ends (`--debug`); read when a connection is made. */
  onCallEnd?: (call: string, ms: number, error: unknown) => void;
}

/**
 * Arguments of the command line: `nfs://` URLs are remote, anything else is local. URLs on
 * the same server and export share one connection. The export is found with one MOUNT
 * EXPORT call per server (MOUNT v3, else v1), on the MOUNT connection that also mounts the
 * first URL's export (`connectListed`: EXPORT and MNT, no connection of its own for the
 * list); on a server without a usable list (go-nfs has no EXPORT), `connect()` asks MNT
 * (nfs/fs/_resolve_export.ts), for the URL's parent directory first, so that the export is
 * never the very file or directory a command removes or renames; the exports found so are
 * reused for the server's other URLs.
 */
export class UrlResolver implements Resolver {
  readonly #o: ResolverOptions;
  readonly #parsed = new Map<string, NfsUrl>();
  readonly #exports = new Map<string, Promise<string[] | null>>();
  readonly #clients = new Map<string, Promise<NfsClient>>();
  /** Per server: exports found by asking MNT, and the chain that asks one URL at a time. */
  readonly #found = new Map<string, { dirs: string[]; chain: Promise<unknown> }>();

  readonly #started = new Map<string, number>();

  /** @param o Cancellation and the server-status callback, passed to every connect(). */
  constructor(o: ResolverOptions = {}) {
    this.#o = o;
  }

  looksRemote(arg: string): boolean {
    return /^nfs:\/\//i.test(arg);
  }

  #parse(arg: string): NfsUrl {
    let u = this.#parsed.get(arg);
    if (u === undefined) {
      try {
        u = parseNfsUrl(arg);
      } catch (e) {
        const m = e instanceof Error ? e.message : String(e);
        throw new UsageError(m.charAt(0).toLowerCase() + m.slice(1));
      }
      this.#parsed.set(arg, u);
    }
    return u;
  }

  check(args: readonly string[]): void {
    for (const arg of args) if (this.looksRemote(arg)) this.#parse(arg);
  }

  /**
   * The first URL of a server: connects with `connectListed`, which asks EXPORT and MNTs the
   * listed export holding the URL on one MOUNT connection. The list (null when the server
   * hides it or has no EXPORT) is kept: it tells which part of each later URL is the export,
   * so that URLs on one export share a connection and paths are absolute inside it. The
   * client (null when no listed export holds the URL) is registered before the list is
   * handed to the server's other URLs.
   */
  #first(key: string, u: NfsUrl, arg: string): Promise<NfsClient | null> {
    this.#started.set(key, performance.now());
    let list: string[] | null = null;
    const client = connectListed(arg, this.#connectOptions(u), (l) => {
      list = l === null ? null : [...l];
    });
    const dirs = client.then((c) => {
      if (c !== null) this.#clients.set(`${key}@${c.exportPath}`, Promise.resolve(c));
      return list;
    }, () => list);
    this.#exports.set(key, dirs);
    return client;
  }

  /** With `--debug`, protocol deviations a server commits are shown like the calls. */
  #deviations(): { onDeviation?: (message: string) => void } {
    return this.#o.onCallEnd
      ? { onDeviation: (m) => writeStderr(`nfs: debug: ${printable(m)}\n`) }
      : {};
  }

  /** What every connect() of this resolver is given: the signal and the status callbacks. */
  #connectOptions(u: NfsUrl): ConnectOptions {
    const { signal, onResponding, onCallEnd } = this.#o;
    const host = u.host;
    return {
      ...(signal ? { signal } : {}),
      ...(onCallEnd ? { onCallEnd } : {}),
      ...this.#deviations(),
      ...(onResponding
        ? { onResponding: (ok: boolean, call: string) => onResponding(host, ok, call) }
        : {}),
    };
  }

  /** The connection to `exportPath` on the URL's server (made once). */
  #clientFor(key: string, u: NfsUrl, arg: string, exportPath: string): Promise<NfsClient> {
    const k = `${key}@${exportPath}`;
    let pending = this.#clients.get(k);
    if (pending === undefined) {
      const url = new URL(arg);
      url.pathname = exportPath;
      pending = connect(url.href, this.#connectOptions(u));
      this.#clients.set(k, pending);
      pending.catch(() => {});
    }
    return pending;
  }

  /** Connects where MNT says the URL's export is (one URL of a server at a time). */
  #probe(key: string, u: NfsUrl, arg: string): Promise<NfsClient> {
    let f = this.#found.get(key);
    if (f === undefined) {
      f = { dirs: [], chain: Promise.resolve() };
      this.#found.set(key, f);
    }
    const found = f;
    const run = found.chain.catch(() => {}).then(async () => {
      const known = pickExport(found.dirs, u.path);
      if (known !== null) return await this.#clientFor(key, u, arg, known.exportPath);
      const parent = parentUrl(arg);
      let client: NfsClient | null = null;
      if (parent !== null) {
        try {
          client = await connect(parent, this.#connectOptions(u));
        } catch (e) {
          // MNT refused the parent at every depth: the URL itself may be the export.
          if (!(e instanceof NfsError && e.status !== 0)) throw e;
        }
      }
      client ??= await connect(arg, this.#connectOptions(u));
      const k = `${key}@${client.exportPath}`;
      const same = this.#clients.get(k);
      if (same !== undefined) {
        await client.close();
        return await same;
      }
      this.#clients.set(k, Promise.resolve(client));
      found.dirs.push(client.exportPath);
      return client;
    });
    found.chain = run;
    return run;
  }

  async remote(arg: string): Promise<Remote> {
    if (!this.looksRemote(arg)) throw new UsageError(`"${arg}" is not an nfs:// URL`);
    const u = this.#parse(arg);
    const key = serverKey(u);
    const display = displayUrl(arg);
    let client: NfsClient;
    try {
      const first = this.#exports.has(key) ? null : await this.#first(key, u, arg);
      if (first !== null) client = first;
      else {
        const dirs = await this.#exports.get(key)!;
        const listed = dirs === null ? undefined : pickExport(dirs, u.path)?.exportPath;
        client = listed !== undefined
          ? await this.#clientFor(key, u, arg, listed)
          : await this.#probe(key, u, arg);
      }
    } catch (e) {
      if (this.#o.signal?.aborted) throw this.#o.signal.reason;
      const since = this.#started.get(serverKey(u)) ?? performance.now();
      throw new OpError("mount", display, explainConnectError(e, u, performance.now() - since));
    }
    const exportPath = client.exportPath;
    const path = exportPath === "/" ? u.path : u.path.slice(exportPath.length) || "/";
    return remoteLoc(client, path, display, lastComponent(u.path));
  }

  defaultRemote(): Promise<Remote> {
    return Promise.reject(new UsageError("missing the nfs:// URL"));
  }

  /** Closes every connection made. */
  async close(): Promise<void> {
    const all = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(all.map(async (p) => {
      try {
        await (await p).close();
      } catch { /* failed to connect, or already gone */ }
    }));
  }
}
