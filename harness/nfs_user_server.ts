/**
 * Starts the Universal NFS Server 2.2beta47 (Debian's old `nfs-user-server`: `rpc.nfsd` and
 * `rpc.mountd`, NFSv2 + MOUNT v1/v2, user space) for one test. Debian 12 does not package it;
 * `peers/build.sh PREFIX` builds it, and `NFS_USER_SERVER=DIR` (the directory holding both
 * daemons) or `NFS_PEERS_PREFIX=PREFIX` points the harness at it.
 *
 * Both daemons always register with the portmapper under the fixed program numbers, and two
 * instances (or one and nfs-ganesha, which unsets MOUNT v1 at its start) would overwrite each
 * other's mappings on the host's rpcbind. Serializing them on the host rpcbind lock would make
 * every suite on this server wait for every other one and for every ganesha start. Instead
 * each instance gets its own rpcbind, and the daemons stay in the host's network namespace:
 *
 * - the whole instance runs in a private mount namespace (`unshare -m --propagation private`)
 *   with a fresh tmpfs on `/run`;
 * - its `rpcbind -w -f` runs there in a private network namespace as well (`unshare -n`, lo
 *   up), so it binds port 111 without meeting the host's rpcbind, and creates
 *   `/run/rpcbind.sock` in the private `/run`;
 * - the daemons (host network namespace, ports chosen with `-P`) register through libtirpc,
 *   which tries the local socket `/run/rpcbind.sock` before any network address, so they find
 *   the private rpcbind and never touch the host's (checked below: a start fails when the
 *   host's rpcbind has learnt our ports).
 *
 * So instances run in parallel with each other and with every other server kind, the test
 * process reaches them on 127.0.0.1 directly (no forwarding), and a start takes about as long
 * as the daemons need to bind (measured: ~80 ms to ready, ~3 ms to stop, on a loaded 2-core
 * machine). The alternatives: a private network namespace for the daemons too would hide them
 * from the test process, which would then need a forwarding process inside the namespace for
 * each port; the host rpcbind lock would serialize the nine suites on this server (tens of
 * seconds each) with each other and with every ganesha start.
 *
 * The daemons listen on every address (they have no bind-address option); their exports file
 * admits 127.0.0.1 only, so another host is refused at MNT.
 *
 * Stopping: the instance is one process group (`setsid`), signalled as a whole (SIGTERM, then
 * SIGKILL); every process in it also runs under `setpriv --pdeathsig SIGKILL`, so a killed test
 * run leaves nothing behind.
 *
 * Needs root (mount and network namespaces, a tmpfs mount).
 *
 * @module
 */

import { type HarnessServer, type ServerCaps, STRICT_CAPS } from "./types.ts";
import {
  describeStartFailure,
  logTail,
  onUnload,
  removeAll,
  spawnLogged,
  stopOnce,
  waitUntil,
  which,
} from "./_proc.ts";
import { freePorts } from "./_ports.ts";
import { nfsReadyProbe, pmapGetPort } from "./_rpc_ping.ts";
import { peerTempDir } from "./_peers.ts";

/** What the Universal NFS Server does differently (see {@linkcode ServerCaps}). */
export const NFS_USER_SERVER_CAPS: ServerCaps = {
  ...STRICT_CAPS,
  version: 2,
  // It hands out its own file ids (a hash of device and inode), by design.
  diskFileIds: false,
  // NFSv2 times carry microseconds, but it sends whole seconds (useconds always 0).
  timeResolutionNs: 1e9,
  readdirplus: false, // NFSv2 has none
  maxTransfer: 8192,
  exclusiveCreate: false, // NFSv2 has no exclusive CREATE
  libnfs: false, // libnfs 7 refuses NFSv2 mounts
  bigDirectory: 1_000, // below its 2,000-entry handle cache (see ServerCaps.bigDirectory)
};

/** Options for {@linkcode startNfsUserServer}. */
export interface NfsUserServerOptions {
  /** Export this existing directory instead of a fresh temp directory. It is not removed on stop. */
  dir?: string;
  /** Readiness deadline in milliseconds. Default 20000. */
  timeoutMs?: number;
  /** For tests of the harness: the NFS and MOUNT ports of the first attempt. */
  _firstPorts?: [number, number];
}

/** A running Universal NFS Server; {@linkcode HarnessServer} plus details. */
export interface NfsUserServer extends HarnessServer {
  /** The process group id of the instance (its shell). */
  readonly pgid: number;
  /** The temp directory with the exports file and the log. */
  readonly workDir: string;
  /** The log of the instance (its shell, rpcbind and both daemons). */
  readonly logFile: string;
}

/** The two daemons: from `$NFS_USER_SERVER` (a directory) or `$NFS_PEERS_PREFIX/bin`. */
export function nfsUserServerPaths():
  | { nfsd: string; mountd: string }
  | { reason: string } {
  const dirEnv = Deno.env.get("NFS_USER_SERVER");
  const prefix = Deno.env.get("NFS_PEERS_PREFIX");
  const dir = dirEnv ?? (prefix ? `${prefix.replace(/\/+$/, "")}/bin` : undefined);
  const what = dirEnv ? `NFS_USER_SERVER=${dirEnv}` : `NFS_PEERS_PREFIX=${prefix}`;
  if (!dir) {
    return {
      reason:
        "the Universal NFS Server (rpc.nfsd, rpc.mountd) is not packaged for Debian 12: set " +
        "NFS_USER_SERVER (their directory) or NFS_PEERS_PREFIX (built by peers/build.sh)",
    };
  }
  const nfsd = which(`${dir}/rpc.nfsd`);
  const mountd = which(`${dir}/rpc.mountd`);
  if (!nfsd || !mountd) {
    return { reason: `${what}: no executable ${nfsd ? "rpc.mountd" : "rpc.nfsd"} in ${dir}` };
  }
  return { nfsd, mountd };
}

/** Says whether the Universal NFS Server can run here, and if not, why. */
export function nfsUserServerAvailability(): { available: boolean; reason?: string } {
  const paths = nfsUserServerPaths();
  if ("reason" in paths) return { available: false, reason: paths.reason };
  for (const tool of ["rpcbind", "unshare", "setsid", "setpriv", "ip", "bash"]) {
    if (!which(tool)) return { available: false, reason: `needs ${tool} (not on PATH)` };
  }
  if (Deno.uid() !== 0) {
    return { available: false, reason: "needs root (private mount and network namespaces)" };
  }
  return { available: true };
}

// Runs inside `unshare -m`: $1 exports file, $2 MOUNT port, $3 NFS port, $4 mountd, $5 nfsd.
// Any process exiting ends the shell (wait -n), and pdeathsig then ends the others. The
// daemons' output is line-buffered (stdbuf), so that "Could not bind" (after which they carry
// on without the port) reaches the log while they run.
const SCRIPT = `set -eu
mount -t tmpfs -o mode=0755 nfs-test-run /run
setpriv --pdeathsig SIGKILL unshare -n bash -c 'ip link set lo up && exec rpcbind -w -f' &
for _ in $(seq 1000); do [ -S /run/rpcbind.sock ] && break; sleep 0.005; done
[ -S /run/rpcbind.sock ] || { echo "private rpcbind made no /run/rpcbind.sock" >&2; exit 1; }
setpriv --pdeathsig SIGKILL stdbuf -oL -eL "$4" -F -n -f "$1" -P "$2" &
setpriv --pdeathsig SIGKILL stdbuf -oL -eL "$5" -F -n -f "$1" -P "$3" &
echo "started rpcbind, rpc.mountd on $2, rpc.nfsd on $3"
wait -n
echo "a process of the instance exited; stopping" >&2
exit 1
`;

const PORT_ATTEMPTS = 3;

/**
 * Starts the Universal NFS Server on free ports with a fresh export, and waits until NFS v2 and
 * MOUNT v1 answer RPC NULL and MOUNT v1 EXPORT lists the export. Throws, with the tail of the
 * log, when the instance exits early or the deadline passes.
 */
export async function startNfsUserServer(
  opts: NfsUserServerOptions = {},
): Promise<NfsUserServer> {
  const paths = nfsUserServerPaths();
  if ("reason" in paths) {
    throw new Error(`Could not start the Universal NFS Server: ${paths.reason}`);
  }
  const workDir = await peerTempDir("nfs-user-server-");
  let pgid = 0;
  const cleanupSync = onUnload(() => {
    if (pgid) {
      try {
        Deno.kill(-pgid, "SIGKILL");
      } catch { /* gone */ }
    }
    try {
      Deno.removeSync(workDir, { recursive: true });
    } catch { /* best effort */ }
  });
  try {
    const exportDir = opts.dir ?? `${workDir}/export`;
    await Deno.chmod(workDir, 0o755);
    if (!opts.dir) await Deno.mkdir(exportDir, { mode: 0o755 });
    const exportsFile = `${workDir}/exports`;
    // Its exports parser takes a path up to the first blank, quotes included.
    if (/[\s"\\]/.test(exportDir)) {
      throw new Error(`Could not start the Universal NFS Server: cannot export ${exportDir}`);
    }
    await Deno.writeTextFile(exportsFile, `${exportDir} 127.0.0.1(rw,no_root_squash,insecure)\n`);
    const logFile = `${workDir}/server.log`;
    const timeoutMs = opts.timeoutMs ?? 20_000;
    for (let attempt = 1;; attempt++) {
      const [nfsPort, mountPort] = attempt === 1 && opts._firstPorts
        ? opts._firstPorts
        : freePorts(2) as [number, number];
      await Deno.writeTextFile(logFile, `=== attempt ${attempt}\n`, { append: true });
      const proc = await spawnLogged(
        "setsid",
        [
          "unshare",
          "-m",
          "--propagation",
          "private",
          "bash",
          "-c",
          SCRIPT,
          "nfs-user-server",
          exportsFile,
          String(mountPort),
          String(nfsPort),
          paths.mountd,
          paths.nfsd,
        ],
        { name: "nfs-user-server", logFile, cwd: workDir },
      );
      pgid = proc.pid;
      const killGroup = (sig: Deno.Signal) => {
        try {
          Deno.kill(-proc.pid, sig);
        } catch { /* gone */ }
      };
      const stopGroup = async (graceMs: number) => {
        killGroup("SIGTERM");
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise((r) => timer = setTimeout(r, graceMs));
        await Promise.race([proc.status, late]);
        clearTimeout(timer);
        killGroup("SIGKILL"); // the daemons, whatever the shell did
        await proc.status;
      };
      const ready = nfsReadyProbe({
        nfsPort,
        mountPort,
        nfsVers: 2,
        exportDir,
        daemon: "it",
      });
      const failure = await waitUntil(async () => {
        // A daemon that cannot bind its port says so and carries on without it.
        const log = await Deno.readTextFile(logFile).catch(() => "");
        const bind = /Could not bind .*/.exec(log.slice(log.lastIndexOf("=== attempt")));
        if (bind) throw new Error(bind[0]);
        return await ready();
      }, { timeoutMs, proc });

      if (!failure) {
        // The daemons must have registered with the private rpcbind, not the host's.
        const host = await pmapGetPort(100005, 1);
        if (host.ok && host.port === mountPort) {
          await stopGroup(2000);
          throw new Error(
            "Could not start the Universal NFS Server: it registered MOUNT v1 with the host's " +
              "rpcbind instead of its private one (libtirpc did not use /run/rpcbind.sock)",
          );
        }
        const stop = stopOnce(() => stopGroup(5000), async () => {
          pgid = 0;
          await removeAll(workDir); // the exports file and the log (not opts.dir)
          cleanupSync();
        });
        return {
          name: "nfs-user-server",
          kind: "nfs-user-server",
          caps: NFS_USER_SERVER_CAPS,
          host: "127.0.0.1",
          nfsPort,
          mountPort,
          exportPath: exportDir,
          exportDir,
          url: `nfs://127.0.0.1${exportDir}?nfsport=${nfsPort}&mountport=${mountPort}&version=2`,
          pgid: proc.pid,
          workDir,
          logFile,
          stop,
          [Symbol.asyncDispose]: stop,
        };
      }

      await stopGroup(2000);
      pgid = 0;
      const tail = await logTail(logFile);
      const inUse = /address already in use/i.test(failure.lastReason);
      if (inUse && attempt < PORT_ATTEMPTS) continue;
      const what = failure.kind === "exited"
        ? `${describeStartFailure("it", failure, timeoutMs, "")} (${failure.lastReason})`
        : describeStartFailure("it", failure, timeoutMs, "");
      throw new Error(`Could not start the Universal NFS Server: ${what}\n${tail}`);
    }
  } catch (e) {
    await removeAll(workDir).catch(() => {});
    cleanupSync();
    throw e;
  }
}
