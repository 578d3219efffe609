import {
  authSys,
  connectReservedPort,
  IPPROTO,
  PMAP_PORT,
  PmapClient,
  RpcClient,
  type RpcClientOptions,
  type RpcError,
  RpcProcUnavailable,
  RpcProtocolError,
  RpcTimeoutError,
  UDP_MAX_TRANSFER,
} from "../../rpc/mod.ts";
import { ConnectionError, NfsError, nfsError, protocolError, refused } from "../errors.ts";
import { Mount3Client } from "../mount3/client.ts";
import { NfsClient } from "./client.ts";
import { type Proto, wrapRpcError } from "./proto.ts";
import { NAME_CACHE_TTL_MS, Session, type SessionLimits } from "./session.ts";
import { type NfsUrl, type NfsUrlOptions, parseNfsUrl } from "./url.ts";
import { MOUNT_VERSION, VERSIONS } from "./versions.ts";
import {
  isVersionRefusal,
  longestExport,
  MountRefused,
  NoListedExport,
  type ResolvedExport,
  resolveExport,
  type ResolveOptions,
} from "./_resolve_export.ts";

/**
 * Options of {@linkcode connect}: the URL's parameters, plus a few a URL cannot carry.
 * Fields given here override the URL's query parameters.
 */
export interface ConnectOptions extends NfsUrlOptions {
  /** Machine name in AUTH_SYS credentials (default: this host's name). */
  machineName?: string;
  /** RPC calls in flight on the connection (default 64). */
  maxInFlight?: number;
  /**
   * READs in flight for one transfer. Default 4 (`DEFAULT_READ_WINDOW`), or more
   * on a long round trip (measured at connect: about 1 MiB in flight per ms, at most 64).
   */
  readWindow?: number;
  /** WRITEs in flight for one transfer. Default 16 (`DEFAULT_WINDOW`), or more on a long round trip. */
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
  /**
   * Told of the first harmless protocol deviation of each kind on each connection (counted in
   * `nfs.rpc.stats().deviations`; see `strict`). Default: a stderr line when `NFS_DEBUG` is set.
   */
  onDeviation?: (message: string) => void;
}

/**
 * Largest transfer size (`rsize`/`wsize`) asked for by default, 1 MiB; the server's FSINFO
 * may lower it.
 */
export const DEFAULT_TRANSFER_SIZE = 1 << 20;
/** Default number of WRITE calls in flight per transfer (`writeWindow`). */
export const DEFAULT_WINDOW = 16;
/**
 * Default number of READ calls in flight per transfer (`readWindow`). Measured with
 * `deno task bench:io` on loopback ganesha (2 shared cores): 1 GiB reads at windows 2/4/8/16
 * gave 536/463/417/268 MiB/s, and 366/321/247/246 MiB/s through a 1 ms-each-way proxy at
 * 4/8/16/32: more READs in flight made the server fault in more pages per GiB. Writes keep
 * {@linkcode DEFAULT_WINDOW}. Both are floors: on a long round trip (measured at connect,
 * `nfs.limits.rttMs`) the default window grows to keep about 1 MiB in flight per ms of round
 * trip, up to 64 calls.
 */
export const DEFAULT_READ_WINDOW = 4;

const MOUNT_PROG = 100005;
const NFS_PROG = 100003;

/**
 * Picks the export that is the longest component-wise prefix of `path`: how
 * {@linkcode connect} splits a URL path into the export and the directory inside it.
 *
 * @param exports The server's export paths.
 * @param path An absolute path on the server.
 * @returns The export and the rest of the path (absolute inside the export), or null if no
 * export contains `path`.
 */
export function pickExport(
  exports: readonly string[],
  path: string,
): { exportPath: string; rest: string } | null {
  return longestExport(exports, path);
}

/** Most calls a transfer keeps in flight by default over UDP. */
const UDP_DEFAULT_WINDOW = 16;
/**
 * The largest READDIRPLUS reply asked for by default (capped by FSINFO rtmax). 256 KiB: a
 * 10k-entry listing on ganesha is 6 calls (64 KiB: 24); 1 MiB pages (2 calls) raised peak RSS
 * at 1M entries from 61 to 113 MiB (readDir) and from 126 to 165 MiB (`nfs ls -l`).
 */
const READDIR_MAXCOUNT = 256 << 10;
/** How long close() waits for UMNT (a courtesy) on each try. */
const UMNT_TIMEOUT_MS = 1000;

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
 * A server without a usable export list (go-nfs has no EXPORT) is asked with MNT instead:
 * the longest prefix of the path it mounts as a directory, made shorter while the shorter
 * prefix mounts the very same directory (a server that answers every path with its root).
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
 *
 * @example
 * ```ts
 * import { assertEquals, assertRejects } from "@std/assert";
 * import { connect, NotFound } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ rtmax: 65536, exportPath: "/export" });
 * // server.url is e.g. "nfs://127.0.0.1/export?nfsport=40123&mountport=40123"
 * await using nfs = await connect(server.url, { version: 2, readWindow: 8 });
 * assertEquals([nfs.version, nfs.cwd], [2, "/"]);
 * assertEquals(nfs.limits.rsize, 8192); // NFSv2 moves at most 8 KiB per call
 * assertEquals(nfs.limits.readWindow, 8);
 * await using v3 = await connect(server.url); // NFSv3 first, NFSv2 if refused
 * assertEquals([v3.version, v3.limits.rsize], [3, 65536]); // the server's FSINFO rtmax
 * const elsewhere = server.url.replace("/export?", "/elsewhere?"); // not exported
 * await assertRejects(() => connect(elsewhere), NotFound, 'Cannot mount "/elsewhere"');
 * ```
 */
export function connect(url: string | URL, options: ConnectOptions = {}): Promise<NfsClient> {
  return connectWith(url, options, {});
}

/**
 * {@linkcode connect} for a caller that also wants the server's export list (the CLI: which
 * export each of its URLs is on), asked on the same MOUNT connection: `onList` is told the
 * list (null: none usable), and only an export the list names is mounted. Resolves to null
 * when the list is unusable or names no export holding the path (then nothing stays open,
 * and the caller may find the export by asking MNT, with {@linkcode connect}).
 *
 * @param url As for {@linkcode connect}.
 * @param options As for {@linkcode connect}.
 * @param onList Told the list as soon as EXPORT has answered.
 * @returns The client, or null.
 */
export async function connectListed(
  url: string | URL,
  options: ConnectOptions,
  onList: (list: readonly string[] | null) => void,
): Promise<NfsClient | null> {
  try {
    return await connectWith(url, options, { listOnly: true, onList });
  } catch (e) {
    if (e instanceof NoListedExport) return null;
    throw e;
  }
}

async function connectWith(
  url: string | URL,
  options: ConnectOptions,
  resolve: ResolveOptions,
): Promise<NfsClient> {
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
    client = await connectTo(u, o, track, resolve);
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
  resolve: ResolveOptions,
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
  const udp = o.proto === "udp";
  const base: Omit<RpcClientOptions, "port"> = {
    host,
    auth,
    ...(udp ? { proto: "udp" as const } : {}),
    timeout: (o.timeo ?? (udp ? 11 : 600)) * 100,
    retrans: o.retrans ?? (udp ? 3 : 2),
    hard: !(o.soft ?? false),
    reconnect: (o.autoreconnect ?? -1) !== 0,
    maxInFlight: o.maxInFlight ?? 64,
    strict: o.strict ?? false,
    ...(o.onResponding ? { onResponding: o.onResponding } : {}),
    ...(o.onCallEnd ? { onCallEnd: o.onCallEnd } : {}),
    ...(o.onDeviation ? { debug: o.onDeviation } : {}),
  };
  const open = async (port: number, extra: Partial<RpcClientOptions> = {}) =>
    track(
      await RpcClient.connect({
        ...base,
        port,
        ...extra,
        ...(o.resvport
          ? udp ? { resvport: true } : { connect: () => connectReservedPort({ host, port }) }
          : {}),
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
          // Over UDP: 1 s, 2 s, 4 s (doubling), as long as TCP's 5 s + 5 s in all.
          ...(udp ? { proto: "udp", timeout: 1000, retrans: 2 } : { timeout: 5000, retrans: 1 }),
          reconnect: false,
          ...(o.onCallEnd ? { onCallEnd: o.onCallEnd } : {}),
        }),
      );
      const pmap = new PmapClient(pmapRpc);
      const prot = udp ? IPPROTO.UDP : IPPROTO.TCP;
      for (const v of versions) {
        portsFor.set(v, {
          nfs: nfsPort ?? await pmap.getPort(NFS_PROG, v, prot),
          mount: mountPort ?? await pmap.getPort(MOUNT_PROG, MOUNT_VERSION[v], prot),
        });
      }
    } catch (e) {
      if (mountPort === undefined) {
        throw new ConnectionError(
          `Cannot connect to "${host}": the portmapper (port 111) did not answer, and no mountport= was given (${
            e instanceof Error ? e.message : e
          })`,
          { cause: e, code: refused(e) ? "ECONNREFUSED" : "ECONNRESET" },
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
        `Cannot mount "${u.path}": this server does not speak NFSv${v} (NFS version ${v} is not registered with the portmapper of "${host}")`,
      );
      continue;
    }
    try {
      return await mountAndOpen(v, ports, u.path, o, open, resolve);
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
  resolve: ResolveOptions,
): Promise<NfsClient> {
  const mctx = { path, verb: "mount" };
  const pv = await VERSIONS[v]();
  const mproc = `MOUNT${pv.mountVersion} MNT`;
  let mrpc: RpcClient;
  try {
    // Over UDP nothing tells a dead port from a slow server (no ICMP error reaches us from
    // node:dgram): MOUNT is soft there, so that connect() ends (TimedOut) whatever `soft`.
    mrpc = await open(ports.mount, {
      reconnect: false,
      ...(o.proto === "udp" ? { hard: false } : {}),
    });
  } catch (e) {
    throw wrapRpcError(e, "MOUNT", mctx);
  }
  // The NFS connection is opened while MOUNT answers (its TCP handshake overlaps EXPORT and
  // MNT: one round trip less before FSINFO), and closed again if the mount fails.
  let nfs: Promise<{ rpc: RpcClient; proto: Proto }> | null = null;
  const nfsConn = (): Promise<{ rpc: RpcClient; proto: Proto }> =>
    nfs ??= (async () => {
      let rpc: RpcClient;
      try {
        rpc = await open(ports.nfs, { lookahead: pv.readHint });
      } catch (e) {
        throw wrapRpcError(e, `NFS${v}`, mctx);
      }
      return { rpc, proto: pv.proto(rpc) };
    })();
  nfsConn().catch(() => {}); // awaited when the mount worked
  let found: ResolvedExport;
  try {
    const m = pv.mount(mrpc);
    found = await resolveExport(
      {
        exports: async () => (await m.export()).map((e) => e.exDir),
        mnt: (p) => m.mnt(p),
        umnt: async (p) => {
          try {
            await m.umnt(p);
          } catch { /* a courtesy only */ }
        },
        getattr: async (fh) => await (await nfsConn()).proto.getattr(fh, mctx),
        exists: async (dir, name) => {
          try {
            await (await nfsConn()).proto.lookup(dir, name, mctx);
            return true;
          } catch (e) {
            if (e instanceof NfsError && e.status !== 0) return false; // NOENT, NOTDIR, ACCES...
            throw e;
          }
        },
      },
      path,
      resolve,
    );
  } catch (e) {
    await nfsConn().then((c) => c.rpc.close(), () => {});
    await mrpc.close();
    if (e instanceof NoListedExport) throw e;
    // MOUNT said no in a way that may mean "not this version": NFS NULL tells plainly.
    if (
      isVersionRefusal(e) || e instanceof RpcProcUnavailable ||
      (v === 2 && e instanceof MountRefused)
    ) {
      const refusal = await nfsVersionRefusal(v, ports.nfs, open);
      if (refusal !== null) {
        throw protocolError(
          `Cannot mount ${
            JSON.stringify(path)
          }: this server does not speak NFSv${v} (${refusal.message})`,
          { proc: `NFS${v} NULL`, path, cause: refusal },
        );
      }
    }
    if (e instanceof MountRefused) {
      throw nfsError({ status: e.status, proc: mproc, path: e.path, verb: "mount" });
    }
    if (v === 2 && e instanceof RpcProtocolError && !(e instanceof NfsError)) {
      throw await notNfs2(e, ports.mount, path, open);
    }
    throw wrapRpcError(e, mproc, mctx);
  }
  const { root, exportPath, rest } = found;
  // Mounted: the MOUNT connection stays open for the UMNT at close(), unless this fails.
  const { rpc, proto } = await nfsConn().catch(async (e) => {
    await mrpc.close();
    throw e;
  });
  try {
    const t0 = performance.now();
    // MOUNT worked: a failure now is FSINFO's, not the mount's (the message says so).
    const fsinfo = await proto.fsinfo(root, {
      path: exportPath,
      verb: "get the limits (FSINFO) of the mounted export",
    });
    // FSINFO is answered at once: its round trip measures the network, for free.
    const rttMs = performance.now() - t0;
    // Over UDP one READ reply or WRITE call is one datagram: at most 32 KiB of data.
    const cap = o.proto === "udp" ? UDP_MAX_TRANSFER : Infinity;
    const want = (x: number | undefined) => Math.min(x ?? DEFAULT_TRANSFER_SIZE, cap);
    const clamp = (n: number) => Math.max(512, n - (n % 512) || n);
    const rsize = clamp(Math.min(want(o.rsize), fsinfo.rtmax || DEFAULT_TRANSFER_SIZE));
    const wsize = clamp(Math.min(want(o.wsize), fsinfo.wtmax || DEFAULT_TRANSFER_SIZE));
    // Over UDP the transport's congestion window keeps 3 to 7 calls in flight (what the socket
    // buffer holds): a longer default window would only queue (and read ahead) more.
    const slots = Math.min(o.maxInFlight ?? 64, o.proto === "udp" ? UDP_DEFAULT_WINDOW : Infinity);
    const limits: SessionLimits = {
      rsize,
      wsize,
      readWindow: o.readWindow ?? windowFor(rttMs, rsize, DEFAULT_READ_WINDOW, slots),
      writeWindow: o.writeWindow ?? windowFor(rttMs, wsize, DEFAULT_WINDOW, slots),
      rttMs,
      // READDIRPLUS pages of up to 256 KiB (or what READ may carry): a 10k-entry listing on
      // ganesha is 6 calls instead of 24 at 64 KiB (197 at libnfs's 8 KiB), for about the
      // same server CPU. FSINFO's dtpref (4-64 KiB here) is not what the servers can send.
      dircount: Math.min(o.readdirBuffer?.dircount ?? 8192, cap),
      maxcount: Math.min(
        o.readdirBuffer?.maxcount ?? Math.min(READDIR_MAXCOUNT, fsinfo.rtmax || READDIR_MAXCOUNT),
        cap,
      ),
      timeResolutionNs: fsinfo.timeDeltaNs,
      nameCacheMs: o.nameCacheMs ?? NAME_CACHE_TTL_MS,
      maxFileSize: fsinfo.maxfilesize,
    };
    const session = new Session(proto, root, rest, limits);
    session.exportPath = exportPath;
    // UMNT goes over the MOUNT connection kept from the mount (one TCP handshake less per
    // client; a CLI command's exit was a connect + UMNT). If the server has closed it since
    // (idle, restarted), over a new one. Either way a second at most: best effort, since
    // servers keep the mount list only as a courtesy (RFC 1813 §5.2.3).
    // (A call deadline, not AbortSignal.timeout: its first use costs ~0.5 ms, in the middle
    // of a CLI command's exit.)
    const umount = async () => {
      try {
        await pv.mount(mrpc).umnt(exportPath, UMNT_TIMEOUT_MS);
        return;
      } catch (e) {
        if (e instanceof RpcTimeoutError) return; // sent and not answered: slow or gone
      } finally {
        await mrpc.close();
      }
      try {
        const m = await open(ports.mount, {
          reconnect: false,
          hard: false,
          timeout: UMNT_TIMEOUT_MS,
          retrans: 0,
        });
        try {
          await pv.mount(m).umnt(exportPath);
        } finally {
          await m.close();
        }
      } catch { /* the server may be gone */ }
    };
    return new NfsClient(session, rpc, umount);
  } catch (e) {
    await mrpc.close();
    await rpc.close();
    if (e instanceof NfsError) throw e;
    throw wrapRpcError(e, `NFS${v}`, mctx);
  }
}

/**
 * NFS NULL of version `v` on the NFS port: the server's PROG_MISMATCH or PROG_UNAVAIL when it
 * does not serve that version (unfsd and ganesha answer MOUNT v1 without serving NFSv2), else
 * null (served, or no clear answer within 2 s).
 */
async function nfsVersionRefusal(
  v: 2 | 3,
  nfsPort: number,
  open: (port: number, extra?: Partial<RpcClientOptions>) => Promise<RpcClient>,
): Promise<RpcError | null> {
  try {
    const rpc = await open(nfsPort, { reconnect: false, hard: false, timeout: 2000, retrans: 0 });
    try {
      await rpc.call({
        prog: NFS_PROG,
        vers: v,
        proc: 0,
        name: `NFS${v} NULL`,
        encode: () => {},
        decode: () => undefined,
      });
    } finally {
      await rpc.close();
    }
  } catch (e) {
    if (isVersionRefusal(e)) return e as RpcError;
  }
  return null;
}

/**
 * The error for a MOUNT v1 MNT reply that cannot be decoded. go-nfs serves MOUNT v3 only and
 * answers a MOUNT v1 call with a v3 reply (a shorter handle): when MOUNT v3 MNT of the same
 * path is answered well, the server does not speak NFSv2, and the message says so.
 */
async function notNfs2(
  e: RpcProtocolError,
  mountPort: number,
  path: string,
  open: (port: number, extra?: Partial<RpcClientOptions>) => Promise<RpcClient>,
): Promise<NfsError> {
  let v3 = false;
  try {
    const m = await open(mountPort, { reconnect: false, hard: false, timeout: 2000, retrans: 0 });
    try {
      const res = await new Mount3Client(m).mnt(path);
      v3 = true;
      if (res.status === 0) await new Mount3Client(m).umnt(path).catch(() => {});
    } finally {
      await m.close();
    }
  } catch { /* not MOUNT v3 either: report the malformed reply alone */ }
  const why = v3
    ? "this server does not speak NFSv2: it answers MOUNT v1 with MOUNT v3 replies, and MOUNT v3 " +
      `works (leave out version=2). ${e.message}`
    : `NFSv2: ${e.message}`;
  return protocolError(`Cannot mount ${JSON.stringify(path)}: ${why}`, {
    proc: "MOUNT1 MNT",
    path,
    cause: e,
  });
}
