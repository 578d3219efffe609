import {
  authSys,
  connectReservedPort,
  IPPROTO,
  PMAP_PORT,
  PmapClient,
  RpcClient,
  type RpcClientOptions,
  RpcProgMismatch,
  RpcProgUnavailable,
} from "../../rpc/mod.ts";
import { ConnectionError, NfsError, nfsError } from "../errors.ts";
import { Mount3Client } from "../mount3/client.ts";
import { Nfs3Client } from "../v3/client.ts";
import { NfsClient } from "./client.ts";
import { type Proto, V3Proto, wrapRpcError } from "./proto.ts";
import { NAME_CACHE_TTL_MS, Session, type SessionLimits } from "./session.ts";
import { type NfsUrl, type NfsUrlOptions, parseNfsUrl } from "./url.ts";
import { V2_SUPPORT } from "./v2.ts";

/**
 * Options of {@linkcode connect}: the URL's parameters, plus a few a URL cannot carry.
 * Fields given here override the URL's query parameters.
 *
 * @example
 * ```ts
 * import { connect, type ConnectOptions } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * const options: ConnectOptions = {
 *   version: 2, // overrides the URL's (absent) version
 *   machineName: "builder-7",
 *   readWindow: 8,
 *   signal: AbortSignal.timeout(10_000),
 * };
 * await using nfs = await connect(server.url, options);
 * console.log(nfs.version, nfs.limits.readWindow); // => 2 8
 * ```
 */
export interface ConnectOptions extends NfsUrlOptions {
  /** Machine name in AUTH_SYS credentials (default: this host's name). */
  machineName?: string;
  /** RPC calls in flight on the connection (default 64). */
  maxInFlight?: number;
  /**
   * READs in flight for one transfer. Default: {@linkcode DEFAULT_READ_WINDOW} (4), or more
   * on a long round trip (measured at connect: about 1 MiB in flight per ms, at most 64).
   */
  readWindow?: number;
  /** WRITEs in flight for one transfer. Default: {@linkcode DEFAULT_WINDOW} (16), or more on a long round trip, as for reads. */
  writeWindow?: number;
  /**
   * How long a name → handle lookup is trusted, in ms (default 3000, like a short
   * `lookupcache`). 0 looks every name up again on every call: a file renamed or replaced
   * by another client is never seen under its old name, at one LOOKUP per path component.
   */
  nameCacheMs?: number;
  /** Cancels connecting. */
  signal?: AbortSignal;
  /**
   * Told when the server stops answering (a call timed out and is sent again: `false`) and
   * when it answers again (`true`), on the MOUNT and NFS connections, for as long as the
   * client lives: the CLI prints "server not responding, still trying" / "server OK".
   */
  onResponding?: (responding: boolean, call: string) => void;
  /** Told when each RPC call ends, with its time and error (if any): a trace for debugging. */
  onCallEnd?: (call: string, ms: number, error: unknown) => void;
}

/**
 * Largest transfer size (`rsize`/`wsize`) asked for by default, 1 MiB; the server's FSINFO
 * may lower it.
 * @example
 * ```ts
 * import { DEFAULT_TRANSFER_SIZE } from "@nfs/client";
 * console.log(DEFAULT_TRANSFER_SIZE); // 1048576
 * ```
 */
export const DEFAULT_TRANSFER_SIZE = 1 << 20;
/**
 * Default number of WRITE calls in flight per transfer (`writeWindow`).
 *
 * @example
 * ```ts
 * import { DEFAULT_WINDOW } from "@nfs/client";
 * console.log(DEFAULT_WINDOW); // 16
 * ```
 */
export const DEFAULT_WINDOW = 16;
/**
 * Default number of READ calls in flight per transfer (`readWindow`). Measured with
 * `deno task bench:io` on loopback ganesha (2 shared cores): 1 GiB reads at windows 2/4/8/16
 * gave 536/463/417/268 MiB/s, and 366/321/247/246 MiB/s through a 1 ms-each-way proxy at
 * 4/8/16/32: more READs in flight made the server fault in more pages per GiB. Writes keep
 * {@linkcode DEFAULT_WINDOW}. Both are floors: on a long round trip (measured at connect,
 * `nfs.limits.rttMs`) the default window grows to keep about 1 MiB in flight per ms of round
 * trip, up to 64 calls.
 *
 * @example
 * ```ts
 * import { DEFAULT_READ_WINDOW } from "@nfs/client";
 * console.log(DEFAULT_READ_WINDOW); // 4
 * ```
 */
export const DEFAULT_READ_WINDOW = 4;

const MOUNT_PROG = 100005;
const NFS_PROG = 100003;

function isVersionRefusal(e: unknown): boolean {
  return e instanceof RpcProgMismatch || e instanceof RpcProgUnavailable;
}

/**
 * Picks the export that is the longest component-wise prefix of `path`: how
 * {@linkcode connect} splits a URL path into the export and the directory inside it.
 *
 * @param exports The server's export paths.
 * @param path An absolute path on the server.
 * @returns The export and the rest of the path (absolute inside the export), or null if no
 * export contains `path`.
 * @example
 * ```ts
 * import { pickExport } from "@nfs/client";
 * console.log(pickExport(["/srv", "/srv/nfs"], "/srv/nfs/photos/2024"));
 * // => { exportPath: "/srv/nfs", rest: "/photos/2024" }
 * console.log(pickExport(["/srv"], "/home")); // null
 * ```
 */
export function pickExport(
  exports: readonly string[],
  path: string,
): { exportPath: string; rest: string } | null {
  let best: string | null = null;
  for (const ex of exports) {
    const e = "/" + ex.split("/").filter((x) => x !== "").join("/");
    if (path === e || e === "/" || path.startsWith(e + "/")) {
      if (best === null || e.length > best.length) best = e;
    }
  }
  if (best === null) return null;
  return { exportPath: best, rest: best === "/" ? path : path.slice(best.length) || "/" };
}

/** Bytes a transfer keeps in flight per ms of round trip: enough for about 1 GiB/s. */
const BYTES_PER_RTT_MS = 1 << 20;
/** Most calls one transfer keeps in flight by default. */
const MAX_DEFAULT_WINDOW = 64;

/**
 * The default window of a transfer: at least `floor` (measured best on loopback), more on a
 * long round trip so that about 1 GiB/s can be in flight (bandwidth x delay, plus 2 for the
 * server's own time): 4 READs of 1 MiB on loopback, 22 at 20 ms, 64 (the cap) from 62 ms.
 */
function windowFor(rttMs: number, size: number, floor: number, slots: number): number {
  const bdp = Math.ceil((rttMs * BYTES_PER_RTT_MS) / size) + 2;
  return Math.max(1, Math.min(Math.max(floor, bdp), MAX_DEFAULT_WINDOW, slots));
}

/** Options a URL cannot carry are checked here (a window of 0 would never move a byte). */
function checkCounts(o: ConnectOptions): void {
  const whole = (name: string, v: number | undefined, min: number) => {
    if (v !== undefined && !(Number.isSafeInteger(v) && v >= min)) {
      throw new RangeError(`Cannot connect: ${name} must be a whole number >= ${min}, got ${v}`);
    }
  };
  whole("readWindow", o.readWindow, 1);
  whole("writeWindow", o.writeWindow, 1);
  whole("maxInFlight", o.maxInFlight, 1);
  if (o.nameCacheMs !== undefined && !(o.nameCacheMs >= 0 && Number.isFinite(o.nameCacheMs))) {
    throw new RangeError(`Cannot connect: nameCacheMs must be >= 0, got ${o.nameCacheMs}`);
  }
}

/**
 * Connects to an NFS server and mounts the export named by the URL (`nfs://` URLs with
 * libnfs-compatible parameters).
 *
 * Steps: portmapper lookups (unless `nfsport`/`mountport` are given), MOUNT's export list to
 * find which part of the URL path is the export (the longest matching export; the rest
 * becomes the directory relative paths start from), MNT, then FSINFO for the transfer sizes.
 * Without `version`, NFSv3 is tried first, then NFSv2.
 *
 * @param url `nfs://[user@]host[:port]/export/path[?params]` (see {@linkcode parseNfsUrl}).
 * @param options Overrides of the URL's parameters.
 * @returns A client; close it when done (or `await using`).
 * @throws {TypeError} On a malformed URL; {@linkcode RangeError} on a parameter out of range;
 * {@linkcode ConnectionError} when the server cannot be reached; {@linkcode TimedOut} when it
 * does not answer; an {@linkcode NfsError} subclass when the export cannot be mounted
 * ({@linkcode NotFound}, {@linkcode PermissionDenied}, ...); the signal's reason when
 * `signal` aborts.
 * @example
 * ```ts
 * import { connect } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * // server.url is e.g. "nfs://127.0.0.1/tmp/x?nfsport=40123&mountport=40123"
 * await using nfs = await connect(server.url, { version: 3 });
 * console.log(nfs.version, (await nfs.stat("/")).isDirectory); // 3 true
 * ```
 */
export async function connect(url: string | URL, options: ConnectOptions = {}): Promise<NfsClient> {
  const u = parseNfsUrl(url);
  const o: ConnectOptions = { ...u.options, ...options };
  checkCounts(o);
  const signal = options.signal;
  signal?.throwIfAborted();
  // Cancelling closes every connection opened so far: their pending calls fail at once,
  // whatever the hard/soft settings, and connect() rejects with the signal's reason.
  const opened = new Set<RpcClient>();
  let connecting = true;
  const track = (rpc: RpcClient): RpcClient => {
    if (!connecting) return rpc;
    opened.add(rpc);
    if (signal?.aborted) void rpc.close();
    return rpc;
  };
  const onAbort = () => {
    for (const rpc of opened) void rpc.close();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  let client: NfsClient;
  try {
    client = await connectTo(u, o, track);
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw e;
  } finally {
    connecting = false;
    opened.clear();
    signal?.removeEventListener("abort", onAbort);
  }
  if (signal?.aborted) {
    await client.close();
    throw signal.reason;
  }
  return client;
}

async function connectTo(
  u: NfsUrl,
  o: ConnectOptions,
  track: (rpc: RpcClient) => RpcClient,
): Promise<NfsClient> {
  const host = u.host;
  let machineName = o.machineName;
  if (machineName === undefined) {
    try {
      machineName = Deno.hostname();
    } catch {
      machineName = "localhost";
    }
  }
  const auth = authSys({
    uid: o.uid ?? Deno.uid() ?? 0,
    gid: o.gid ?? Deno.gid() ?? 0,
    gids: o.auxgids ?? [],
    machineName: machineName.slice(0, 255),
  });
  const base: Omit<RpcClientOptions, "port"> = {
    host,
    auth,
    timeout: (o.timeo ?? 600) * 100,
    retrans: o.retrans ?? 2,
    hard: !(o.soft ?? false),
    reconnect: (o.autoreconnect ?? -1) !== 0,
    maxInFlight: o.maxInFlight ?? 64,
    ...(o.onResponding ? { onResponding: o.onResponding } : {}),
    ...(o.onCallEnd ? { onCallEnd: o.onCallEnd } : {}),
  };
  const open = async (port: number, extra: Partial<RpcClientOptions> = {}) =>
    track(
      await RpcClient.connect({
        ...base,
        port,
        ...extra,
        ...(o.resvport ? { connect: () => connectReservedPort({ host, port }) } : {}),
      }),
    );

  const versions: (2 | 3)[] = o.version ? [o.version] : [3, 2];
  let nfsPort = o.nfsport ?? u.port;
  const mountPort = o.mountport;
  const portsFor = new Map<number, { nfs: number; mount: number }>();
  if (nfsPort === undefined || mountPort === undefined) {
    let pmapRpc: RpcClient | null = null;
    try {
      pmapRpc = track(
        await RpcClient.connect({
          host,
          port: PMAP_PORT,
          hard: false,
          timeout: 5000,
          retrans: 1,
          reconnect: false,
          ...(o.onCallEnd ? { onCallEnd: o.onCallEnd } : {}),
        }),
      );
      const pmap = new PmapClient(pmapRpc);
      for (const v of versions) {
        portsFor.set(v, {
          nfs: nfsPort ?? await pmap.getPort(NFS_PROG, v, IPPROTO.TCP),
          mount: mountPort ?? await pmap.getPort(MOUNT_PROG, v === 3 ? 3 : 1, IPPROTO.TCP),
        });
      }
    } catch (e) {
      if (mountPort === undefined) {
        throw new ConnectionError(
          `Cannot connect to "${host}": the portmapper (port 111) did not answer, and no mountport= was given (${
            e instanceof Error ? e.message : e
          })`,
          { cause: e },
        );
      }
      nfsPort ??= 2049;
    } finally {
      await pmapRpc?.close();
    }
  }

  let lastError: unknown;
  for (const v of versions) {
    const ports = portsFor.get(v) ?? { nfs: nfsPort ?? 2049, mount: mountPort! };
    if (ports.mount === 0 || ports.nfs === 0) {
      lastError = new ConnectionError(
        `Cannot mount "${u.path}" on "${host}": NFS version ${v} is not registered with the portmapper`,
      );
      continue;
    }
    try {
      return await mountAndOpen(v, ports, u.path, o, open);
    } catch (e) {
      lastError = e;
      if (
        versions.length > 1 &&
        (isVersionRefusal(e) || isVersionRefusal((e as { cause?: unknown }).cause))
      ) continue;
      throw e;
    }
  }
  throw lastError;
}

async function mountAndOpen(
  v: 2 | 3,
  ports: { nfs: number; mount: number },
  path: string,
  o: ConnectOptions,
  open: (port: number, extra?: Partial<RpcClientOptions>) => Promise<RpcClient>,
): Promise<NfsClient> {
  const mctx = { path, verb: "mount" };
  let mrpc: RpcClient;
  try {
    mrpc = await open(ports.mount, { reconnect: false });
  } catch (e) {
    throw wrapRpcError(e, "MOUNT", mctx);
  }
  let root: Uint8Array;
  let exportPath: string;
  let rest: string;
  try {
    const m = v === 3 ? new Mount3Client(mrpc) : V2_SUPPORT.mountClient(mrpc);
    let exports: string[] = [];
    try {
      exports = (await m.export()).map((e) => e.exDir);
    } catch (e) {
      if (isVersionRefusal(e)) throw e;
      // Some servers hide the export list: mount the whole path.
    }
    const pick = pickExport(exports, path) ?? { exportPath: path, rest: "/" };
    exportPath = pick.exportPath;
    rest = pick.rest;
    const res = await m.mnt(exportPath);
    if (res.status !== 0) {
      throw nfsError({
        status: res.status,
        proc: v === 3 ? "MOUNT3 MNT" : "MOUNT1 MNT",
        path: exportPath,
        verb: "mount",
      });
    }
    root = res.fhandle;
  } catch (e) {
    throw wrapRpcError(e, v === 3 ? "MOUNT3 MNT" : "MOUNT1 MNT", mctx);
  } finally {
    await mrpc.close();
  }

  let rpc: RpcClient;
  try {
    rpc = await open(ports.nfs, { lookahead: v === 3 ? 128 : 100 });
  } catch (e) {
    throw wrapRpcError(e, `NFS${v}`, mctx);
  }
  try {
    const proto: Proto = v === 3 ? new V3Proto(new Nfs3Client(rpc)) : V2_SUPPORT.proto(rpc);
    const t0 = performance.now();
    const fsinfo = await proto.fsinfo(root, { path: "/", verb: "mount" });
    // FSINFO is answered at once: its round trip measures the network, for free.
    const rttMs = performance.now() - t0;
    const want = (x: number | undefined) => x ?? DEFAULT_TRANSFER_SIZE;
    const clamp = (n: number) => Math.max(512, n - (n % 512) || n);
    const rsize = clamp(Math.min(want(o.rsize), fsinfo.rtmax || DEFAULT_TRANSFER_SIZE));
    const wsize = clamp(Math.min(want(o.wsize), fsinfo.wtmax || DEFAULT_TRANSFER_SIZE));
    const slots = o.maxInFlight ?? 64;
    const limits: SessionLimits = {
      rsize,
      wsize,
      readWindow: o.readWindow ?? windowFor(rttMs, rsize, DEFAULT_READ_WINDOW, slots),
      writeWindow: o.writeWindow ?? windowFor(rttMs, wsize, DEFAULT_WINDOW, slots),
      rttMs,
      dircount: o.readdirBuffer?.dircount ?? 8192,
      maxcount: o.readdirBuffer?.maxcount ?? 65536,
      timeResolutionNs: fsinfo.timeDeltaNs,
      nameCacheMs: o.nameCacheMs ?? NAME_CACHE_TTL_MS,
      maxFileSize: fsinfo.maxfilesize,
    };
    const session = new Session(proto, root, rest, limits);
    session.exportPath = exportPath;
    const umount = async () => {
      // Best effort: servers keep the mount list only as a courtesy (RFC 1813 §5.2.3).
      try {
        const m = await open(ports.mount, {
          reconnect: false,
          hard: false,
          timeout: 1000,
          retrans: 0,
        });
        try {
          await (v === 3 ? new Mount3Client(m) : V2_SUPPORT.mountClient(m)).umnt(exportPath);
        } finally {
          await m.close();
        }
      } catch { /* the server may be gone */ }
    };
    return new NfsClient(session, rpc, umount);
  } catch (e) {
    await rpc.close();
    if (e instanceof NfsError) throw e;
    throw wrapRpcError(e, `NFS${v}`, mctx);
  }
}
