/**
 * Starts unfs3's `unfsd` (a user-space NFSv3 server) for one test. It is not
 * packaged for Debian 12, so it is used only when an `unfsd` executable is on
 * PATH, the environment variable `UNFSD` names one, or `NFS_PEERS_PREFIX` holds one.
 *
 * Written from unfsd(8) and unfs3's `daemon.c` option parser:
 * `-d` stay in the foreground and log to stdout, `-p` do not register with
 * the portmapper, `-t` TCP only, `-l ADDR` bind address, `-n PORT` NFS port,
 * `-m PORT` MOUNT port, `-e FILE` exports file (absolute path). No `-i`
 * (pid file): older releases lack it, and the harness has the pid anyway.
 * Exports options it does not know (`insecure` before 0.10) are ignored.
 *
 * Instances share nothing but rpcbind, and only with `{ rpcbind: true }`
 * (without it `-p` keeps unfsd away from rpcbind entirely).
 *
 * @module
 */

import type { TestServer } from "./types.ts";
import {
  describeStartFailure,
  logTail,
  onUnload,
  removeAll,
  spawnLogged,
  stopOnce,
  waitUntil,
} from "./_proc.ts";
import { locatePeer, peerTempDir } from "./_peers.ts";
import { freePorts } from "./_ports.ts";
import { nfsReadyProbe } from "./_rpc_ping.ts";
import { ensureRpcbind, holdRpcbindLock } from "./rpcbind.ts";

/** Options for {@linkcode startUnfsd}. */
export interface UnfsdOptions {
  /** Export this existing directory instead of a fresh temp directory. It is not removed on stop. */
  dir?: string;
  /**
   * Register with rpcbind and keep it pointing to this instance for its whole
   * life (other rpcbind-touching servers wait meanwhile).
   */
  rpcbind?: boolean;
  /** Readiness deadline in milliseconds. Default 20000. */
  timeoutMs?: number;
  /**
   * Serve UDP as well (leave out `-t`), on the same port numbers as TCP. Default false.
   * The ports are chosen free for TCP; a UDP port taken by someone else fails the start.
   */
  udp?: boolean;
}

/** A running unfsd; {@linkcode TestServer} plus details. */
export interface UnfsdServer extends TestServer {
  /** The server process id. */
  readonly pid: number;
  /** The temp directory with the exports file and the log. */
  readonly workDir: string;
  /** The server log (unfsd's stdout/stderr). */
  readonly logFile: string;
}

/**
 * The unfsd executable: `$UNFSD` if set, else `$NFS_PEERS_PREFIX/bin/unfsd` if that is set,
 * else `unfsd` on PATH, else `undefined`.
 */
export function unfsdPath(): string | undefined {
  const p = locatePeer("unfsd", "UNFSD", true);
  return "path" in p ? p.path : undefined;
}

/** Says whether unfsd can run here, and if not, why. */
export function unfsdAvailability(): { available: boolean; reason?: string } {
  const p = locatePeer("unfsd", "UNFSD", true);
  if ("path" in p) return { available: true };
  return { available: false, reason: `${p.reason}; unfs3 is not packaged for Debian 12` };
}

const PORT_ATTEMPTS = 3;

/**
 * Starts unfsd on free ports with a fresh export and waits until RPC NULL to
 * NFS v3 and MOUNT v3 is answered and the export is listed. Throws, with the
 * tail of the server log, when the process exits early or the deadline passes.
 */
export async function startUnfsd(opts: UnfsdOptions = {}): Promise<UnfsdServer> {
  const bin = unfsdPath();
  if (!bin) throw new Error(`Could not start unfsd: ${unfsdAvailability().reason}`);
  const workDir = await peerTempDir("nfs-unfsd-");
  const cleanupSync = onUnload(() => {
    try {
      Deno.removeSync(workDir, { recursive: true });
    } catch { /* best effort */ }
  });
  let release: (() => void) | undefined;
  try {
    if (opts.rpcbind) {
      await ensureRpcbind();
      release = await holdRpcbindLock();
    }
    const exportDir = opts.dir ?? `${workDir}/export`;
    // unfsd works by path and acts as the calling user: every directory down to the export
    // must be searchable by the uids tests use (Deno.makeTempDir makes a 0700 directory).
    await Deno.chmod(workDir, 0o755);
    if (!opts.dir) await Deno.mkdir(exportDir, { mode: 0o755 });
    const exportsFile = `${workDir}/exports`;
    await Deno.writeTextFile(
      exportsFile,
      `${JSON.stringify(exportDir)} 127.0.0.1(rw,no_root_squash,insecure)\n`,
    );
    const logFile = `${workDir}/unfsd.log`;
    const timeoutMs = opts.timeoutMs ?? 20_000;
    for (let attempt = 1;; attempt++) {
      const [nfsPort, mountPort] = freePorts(2) as [number, number];
      await Deno.writeTextFile(
        logFile,
        `=== attempt ${attempt}: unfsd on NFS ${nfsPort}, MOUNT ${mountPort}\n`,
        { append: true },
      );
      const args = [
        "-d",
        ...(opts.rpcbind ? [] : ["-p"]),
        ...(opts.udp ? [] : ["-t"]),
        "-l",
        "127.0.0.1",
        "-n",
        String(nfsPort),
        "-m",
        String(mountPort),
        "-e",
        exportsFile,
      ];
      const proc = await spawnLogged(bin, args, { name: "unfsd", logFile, cwd: workDir });
      const probe = nfsReadyProbe({ nfsPort, mountPort, nfsVers: 3, exportDir, daemon: "unfsd" });
      const failure = await waitUntil(probe, { timeoutMs, proc });

      if (!failure) {
        const releaseLock = release;
        const stop = stopOnce(() => proc.stop(), async () => {
          releaseLock?.();
          await removeAll(workDir);
          cleanupSync();
        });
        return {
          name: "unfsd",
          host: "127.0.0.1",
          nfsPort,
          mountPort,
          exportPath: exportDir,
          exportDir,
          url: `nfs://127.0.0.1${exportDir}?nfsport=${nfsPort}&mountport=${mountPort}&version=3`,
          pid: proc.pid,
          workDir,
          logFile,
          stop,
          [Symbol.asyncDispose]: stop,
        };
      }

      const tail = await logTail(logFile);
      await proc.stop(2000);
      const inUse = failure.kind === "exited" && /address already in use/i.test(tail);
      if (inUse && attempt < PORT_ATTEMPTS) continue;
      const what = describeStartFailure("unfsd", failure, timeoutMs);
      throw new Error(`Could not start unfsd: ${what}\n${tail}`);
    }
  } catch (e) {
    release?.();
    await removeAll(workDir);
    cleanupSync();
    throw e;
  }
}
