/**
 * Turning arguments into locations: `nfs://` URLs on the command line (one connection per
 * server and export), paths under the current directory in the shell.
 *
 * @module
 */
import {
  connect,
  listExports,
  type NfsClient,
  type NfsUrl,
  parseNfsUrl,
  pickExport,
} from "../mod.ts";
import { OpError, UsageError } from "./_errors.ts";
import { explainConnectError } from "./_connect_errors.ts";
import { type Remote, RemoteSide } from "./_fs.ts";

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
  const o = Object.entries(u.options).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([u.host, u.port ?? null, u.user ?? null, o]);
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
 * the same server and export share one connection (the export is found with one MOUNT
 * EXPORT call per server).
 */
export class UrlResolver implements Resolver {
  readonly #o: ResolverOptions;
  readonly #parsed = new Map<string, NfsUrl>();
  readonly #exports = new Map<string, Promise<string[] | null>>();
  readonly #clients = new Map<string, Promise<NfsClient>>();
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
   * The exports of a URL's server, asked once per server (null when it hides them): they
   * tell which part of each URL is the export, so that URLs on one export share a
   * connection and paths are absolute inside it.
   */
  #exportsOf(u: NfsUrl): Promise<string[] | null> {
    const key = serverKey(u);
    let dirs = this.#exports.get(key);
    if (dirs === undefined) {
      this.#started.set(key, performance.now());
      const mp = u.options.mountport;
      const signal = this.#o.signal;
      const opts = {
        timeout: 5000,
        ...(mp ? { mountport: mp } : {}),
        ...(signal ? { signal } : {}),
      };
      dirs = listExports(u.host, opts).then(
        (list) => list.map((e) => e.dir),
        () => null, // connect() reports what is wrong, if anything
      );
      this.#exports.set(key, dirs);
    }
    return dirs;
  }

  async remote(arg: string): Promise<Remote> {
    if (!this.looksRemote(arg)) throw new UsageError(`"${arg}" is not an nfs:// URL`);
    const u = this.#parse(arg);
    const dirs = await this.#exportsOf(u);
    const exportPath = dirs === null ? undefined : pickExport(dirs, u.path)?.exportPath;
    const key = serverKey(u) + (exportPath === undefined ? `=${u.path}` : `@${exportPath}`);
    let pending = this.#clients.get(key);
    if (pending === undefined) {
      let target = arg;
      if (exportPath !== undefined) {
        const url = new URL(arg);
        url.pathname = exportPath;
        target = url.href;
      }
      const { signal, onResponding, onCallEnd } = this.#o;
      const host = u.host;
      pending = connect(target, {
        ...(signal ? { signal } : {}),
        ...(onCallEnd ? { onCallEnd } : {}),
        ...(onResponding ? { onResponding: (ok, call) => onResponding(host, ok, call) } : {}),
      });
      this.#clients.set(key, pending);
      pending.catch(() => {});
    }
    const display = displayUrl(arg);
    let client: NfsClient;
    try {
      client = await pending;
    } catch (e) {
      if (this.#o.signal?.aborted) throw this.#o.signal.reason;
      const since = this.#started.get(serverKey(u)) ?? performance.now();
      throw new OpError("mount", display, explainConnectError(e, u, performance.now() - since));
    }
    const path = exportPath === undefined
      ? "."
      : exportPath === "/"
      ? u.path
      : u.path.slice(exportPath.length) || "/";
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
