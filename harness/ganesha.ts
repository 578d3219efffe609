/**
 * Starts a real nfs-ganesha (Debian 12: 4.3, packages nfs-ganesha,
 * nfs-ganesha-vfs, nfs-ganesha-mem) for one test, serving NFSv3 + MOUNT v3
 * over TCP on 127.0.0.1 only.
 *
 * What several instances share, and how this file keeps them apart (found by
 * reading the 4.3 sources and by running several at once):
 *
 * - Ports: every instance gets its own free NFS_Port and MNT_Port, bound to
 *   127.0.0.1 only; UDP (unless `udp`), NLM, RQUOTA and NFSACL are off, so nothing else
 *   (875 for RQUOTA, random NLM ports) is bound.
 * - rpcbind: ganesha always registers NFS v3 and MOUNT v1/v3 and dies (exit 2)
 *   when that fails, so rpcbind must run even for tests that never use it
 *   (`ensureRpcbind()` in `rpcbind.ts`); starts and stops are serialized across
 *   parallel tests with a lock file (see `rpcbind.ts`). With `{ rpcbind: true }`
 *   an instance keeps the lock for its lifetime, so the portmapper points to
 *   it until it stops.
 * - Pid file: default `/var/run/ganesha/ganesha.pid`; each instance gets `-p`
 *   in its own temp dir.
 * - NFSv4 recovery (created even with `Protocols = 3`): default root
 *   `/var/lib/nfs/ganesha`; each instance gets its own `RecoveryRoot`.
 * - Grace period: `Graceless = true` ("NFS Server skipping GRACE"), so writes
 *   work at once after start.
 * - D-Bus: every instance would claim the bus name `org.ganesha.nfsd`; D-Bus
 *   is disabled by pointing `DBUS_SYSTEM_BUS_ADDRESS` at a missing socket
 *   (ganesha logs a CRIT line and carries on) and `heartbeat_freq = 0`.
 * - Kerberos: `Active_krb5 = false`; the NFSv4 callback code still creates
 *   its credential cache dir (default `/var/run/ganesha`), so `CCacheDir`
 *   points into the instance's temp dir.
 * - libblkid cache: FSAL_VFS looks up the exported file system with libblkid,
 *   which rewrites `/run/blkid/blkid.tab`; `BLKID_FILE` moves it into the
 *   instance's temp dir.
 * - Attribute and directory caches: `Attr_Expiration_Time = 0` and
 *   `Use_Getattr_Directory_Invalidation = true`, so files that tests create
 *   through the local file system show up over NFS at once.
 *
 * - Lifetime: ganesha runs under `setpriv --pdeathsig SIGKILL`, so it dies
 *   with the test run even when that is interrupted.
 *
 * Readiness is not "the process runs": some config errors make ganesha carry
 * on with built-in defaults (port 2049 on all addresses, NLM, NFSv4,
 * `/var/lib/nfs/ganesha`), and a broken EXPORT block leaves it running with
 * no export. So a start waits for RPC NULL answers from NFS v3 and MOUNT v3,
 * checks MOUNT's EXPORT list, and watches the log for config errors.
 *
 * FSAL_MEM keeps file data only up to {@linkcode MEM_INODE_SIZE} bytes per
 * file (its default is 0: no data, reads return `a` bytes).
 *
 * Must run as root (FSAL_VFS uses open_by_handle_at).
 *
 * @module
 */

import type { TestServer } from "./types.ts";
import {
  describeStartFailure,
  logTail,
  onUnload,
  removeAll,
  type Spawned,
  spawnLogged,
  waitUntil,
  which,
} from "./_proc.ts";
import { freePorts } from "./_ports.ts";
import { nfsReadyProbe } from "./_rpc_ping.ts";
import {
  ensureRpcbindLocked,
  holdRpcbindLock,
  rpcbindOwnedHere,
  withRpcbindLock,
} from "./rpcbind.ts";

/** Options for {@linkcode startGanesha}. */
export interface GaneshaOptions {
  /** Which FSAL backs the export. Default `VFS`. */
  fsal?: "VFS" | "MEM";
  /**
   * Export this existing directory (VFS) instead of a fresh temp directory.
   * It is not removed on stop.
   */
  dir?: string;
  /**
   * Keep rpcbind pointing to this instance for its whole life (portmapper
   * discovery tests). Meanwhile other ganesha instances, in any test module or
   * process, wait before starting or stopping.
   */
  rpcbind?: boolean;
  /**
   * Readiness deadline of one attempt in milliseconds. Default 15000, and then an attempt
   * that hangs is made again on fresh ports (3 attempts in all, as for a port taken
   * meanwhile); given explicitly, a hang fails at once.
   */
  timeoutMs?: number;
  /** Serve UDP as well, on the same ports (tests/udp). Default false. */
  udp?: boolean;
  /**
   * Internal, for the harness's own tests: rewrites the generated config text
   * before ganesha reads it (e.g. to break it on purpose).
   */
  _editConfig?: (config: string) => string;
}

/** A running ganesha; {@linkcode TestServer} plus ganesha details. */
export interface GaneshaServer extends TestServer {
  /** The FSAL backing the export. */
  readonly fsal: "VFS" | "MEM";
  /** The server process id. */
  readonly pid: number;
  /** The temp directory with the config, log, pid file and recovery dir. */
  readonly workDir: string;
  /** The generated config file. */
  readonly configFile: string;
  /** The server log (ganesha's own log plus its stdout/stderr). */
  readonly logFile: string;
}

/** Parameters of {@linkcode ganeshaConfig}. */
export interface GaneshaConfigParams {
  /** NFS port. */
  nfsPort: number;
  /** MOUNT port. */
  mountPort: number;
  /** Exported path (a real directory for VFS, a name for MEM). */
  exportPath: string;
  /** NFSv4 recovery root, private to the instance. */
  recoveryRoot: string;
  /** Kerberos credential cache dir (created even without Kerberos), private to the instance. */
  ccacheDir: string;
  /** FSAL name. */
  fsal: "VFS" | "MEM";
  /** Serve UDP as well as TCP (`Enable_UDP`, the export's `Transports`). Default false. */
  udp?: boolean;
}

/**
 * Bytes of real data a MEM file can hold (`MEM { Inode_Size }`, allocated
 * lazily by the kernel). FSAL_MEM's default is 0: it stores no data at all
 * and reads return `a` bytes; beyond this size they still do.
 */
export const MEM_INODE_SIZE = 2 * 1024 * 1024; // the maximum FSAL_MEM accepts

/** Renders the config of one test instance. */
export function ganeshaConfig(p: GaneshaConfigParams): string {
  const q = (s: string): string => JSON.stringify(s);
  return `# Generated by harness/ganesha.ts for one test instance.
NFS_CORE_PARAM {
  Protocols = 3;
  Bind_addr = 127.0.0.1;
  NFS_Port = ${p.nfsPort};
  MNT_Port = ${p.mountPort};
  Enable_UDP = ${p.udp ? "true" : "false"};
  Enable_NLM = false;
  Enable_RQUOTA = false;
  Enable_NFSACL = false;
  heartbeat_freq = 0;
  mount_path_pseudo = false;
}

NFS_KRB5 {
  Active_krb5 = false;
  CCacheDir = ${q(p.ccacheDir)};
}

NFSV4 {
  Graceless = true;
  RecoveryBackend = fs;
  RecoveryRoot = ${q(p.recoveryRoot)};
}

MDCACHE {
  Use_Getattr_Directory_Invalidation = true;
}

${
    p.fsal === "MEM"
      ? `MEM {
  Inode_Size = ${MEM_INODE_SIZE};
  UP_Test_Interval = 0;
}

`
      : ""
  }EXPORT {
  Export_Id = 1;
  Path = ${q(p.exportPath)};
  Pseudo = ${q(p.exportPath)};
  Protocols = 3;
  Transports = ${p.udp ? "TCP, UDP" : "TCP"};
  Access_Type = RW;
  Squash = No_Root_Squash;
  SecType = sys;
  Attr_Expiration_Time = 0;
  FSAL {
    Name = ${p.fsal};
  }
}
`;
}

/** Says whether ganesha can run here, and if not, why. */
export function ganeshaAvailability(): { available: boolean; reason?: string } {
  if (!which("ganesha.nfsd")) {
    return {
      available: false,
      reason: "ganesha.nfsd is not installed (Debian packages nfs-ganesha nfs-ganesha-vfs)",
    };
  }
  if (Deno.uid() !== 0) {
    return { available: false, reason: "ganesha needs root (FSAL_VFS uses open_by_handle_at)" };
  }
  return { available: true };
}

const PORT_ATTEMPTS = 3;

/**
 * Starts ganesha on free ports with a fresh export and waits until NFS v3
 * and MOUNT v3 answer an RPC NULL call and MOUNT's EXPORT list has the
 * export. Throws, with the tail of the server log, when the process exits
 * early, its log reports a config error, or the deadline passes. Retries
 * with new ports when a port was taken in the meantime.
 */
export async function startGanesha(opts: GaneshaOptions = {}): Promise<GaneshaServer> {
  const avail = ganeshaAvailability();
  const bin = which("ganesha.nfsd");
  if (!avail.available || !bin) throw new Error(`Could not start ganesha: ${avail.reason}`);
  if (rpcbindOwnedHere()) {
    throw new Error(
      "Could not start ganesha: an rpcbind-registered server of this test module runs, " +
        "and a new ganesha would replace its rpcbind registration",
    );
  }
  const fsal = opts.fsal ?? "VFS";
  const workDir = await Deno.makeTempDir({ prefix: "nfs-ganesha-" });
  const cleanupSync = onUnload(() => {
    try {
      Deno.removeSync(workDir, { recursive: true });
    } catch { /* best effort */ }
  });
  let releaseLifetime: (() => void) | undefined;
  try {
    if (opts.rpcbind) releaseLifetime = await holdRpcbindLock();
    const exportDir = opts.dir ?? `${workDir}/export`;
    if (!opts.dir) await Deno.mkdir(exportDir);
    for (let attempt = 1;; attempt++) {
      const run = () => startOnce(bin, fsal, workDir, exportDir, attempt, opts);
      try {
        const started = releaseLifetime ? await run() : await withRpcbindLock(run);
        return makeServer(started, fsal, workDir, exportDir, releaseLifetime, cleanupSync);
      } catch (e) {
        if (!(e instanceof StartAgain) || attempt >= PORT_ATTEMPTS) throw e;
      }
    }
  } catch (e) {
    releaseLifetime?.();
    await removeAll(workDir);
    cleanupSync();
    throw e instanceof StartAgain ? e.cause : e;
  }
}

/** A start that failed in a way a fresh attempt on fresh ports may not (port taken, hang). */
class StartAgain extends Error {
  override cause: Error;
  constructor(cause: Error) {
    super(cause.message);
    this.cause = cause;
  }
}

interface Started {
  proc: Spawned;
  nfsPort: number;
  mountPort: number;
  configFile: string;
}

/** One start attempt; the caller holds the rpcbind lock. */
async function startOnce(
  bin: string,
  fsal: "VFS" | "MEM",
  workDir: string,
  exportDir: string,
  attempt: number,
  opts: GaneshaOptions,
): Promise<Started> {
  await ensureRpcbindLocked();
  const [nfsPort, mountPort] = freePorts(2) as [number, number];
  const configFile = `${workDir}/ganesha-${attempt}.conf`;
  const logFile = `${workDir}/ganesha.log`;
  const recoveryRoot = `${workDir}/recovery`;
  let config = ganeshaConfig({
    nfsPort,
    mountPort,
    exportPath: exportDir,
    recoveryRoot,
    ccacheDir: `${workDir}/ccache`,
    fsal,
    udp: opts.udp ?? false,
  });
  if (opts._editConfig) config = opts._editConfig(config);
  await Deno.writeTextFile(configFile, config);
  await Deno.writeTextFile(
    logFile,
    `=== attempt ${attempt}: ganesha.nfsd on NFS ${nfsPort}, MOUNT ${mountPort}\n`,
    { append: true },
  );
  const proc = await spawnLogged(bin, [
    "-F",
    "-f",
    configFile,
    "-L",
    logFile,
    "-p",
    `${workDir}/ganesha.pid`,
    "-N",
    "NIV_EVENT",
  ], {
    name: "ganesha",
    logFile,
    cwd: workDir,
    env: {
      DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${workDir}/no-dbus`,
      BLKID_FILE: `${workDir}/blkid.tab`,
    },
  });
  // ganesha keeps running when an EXPORT block is broken ("No export entries found"), so the
  // probe also checks that the export is really there.
  const ready = nfsReadyProbe({
    nfsPort,
    mountPort,
    nfsVers: 3,
    exportDir,
    daemon: "ganesha.nfsd",
  });
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const failure = await waitUntil(async () => {
    await checkLogForConfigErrors(logFile, attempt);
    return await ready();
  }, { timeoutMs, proc });
  if (!failure) return { proc, nfsPort, mountPort, configFile };

  const tail = await logTail(logFile); // before stopping: the shutdown noise hides the cause
  await proc.stop(2000);
  const what = describeStartFailure("ganesha.nfsd", failure, timeoutMs);
  const err = new Error(`Could not start ganesha: ${what}\n${tail}`);
  if (failure.kind === "exited" && /Address already in use/i.test(tail)) {
    throw new StartAgain(err);
  }
  if (failure.kind === "timeout" && opts.timeoutMs === undefined) {
    // Seen once on a saturated machine: a ganesha stuck in its start-up for 20 s (its log
    // ending at lower_my_caps). A fresh process on fresh ports then starts.
    throw new StartAgain(err);
  }
  throw err;
}

/**
 * Lines that mean the config was not (fully) applied. After some syntax
 * errors ganesha carries on with built-in defaults (port 2049 on all
 * addresses, NLM, NFSv4, /var/lib/nfs/ganesha), which must not be mistaken
 * for a start, and which would collide with the next such instance.
 */
const CONFIG_ERROR =
  /Configuration syntax errors found|No export entries found|Errors processing block|Fatal errors/;

/** Throws if this attempt's part of the log reports a config error. */
async function checkLogForConfigErrors(logFile: string, attempt: number): Promise<void> {
  let text: string;
  try {
    text = await Deno.readTextFile(logFile);
  } catch {
    return;
  }
  const mine = text.slice(text.lastIndexOf(`=== attempt ${attempt}:`));
  const line = mine.split("\n").find((l) => CONFIG_ERROR.test(l));
  // Drop the "date : epoch : host : ganesha.nfsd-PID[thread] " prefix.
  if (line) throw new Error(`ganesha.nfsd reported a config error: ${line.replace(/^.*?\] /, "")}`);
}

function makeServer(
  started: Started,
  fsal: "VFS" | "MEM",
  workDir: string,
  exportDir: string,
  releaseLifetime: (() => void) | undefined,
  cleanupSync: () => void,
): GaneshaServer {
  const { proc, nfsPort, mountPort, configFile } = started;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      try {
        if (releaseLifetime) {
          await proc.stop(); // SIGTERM unregisters from rpcbind; we own it
        } else if (rpcbindOwnedHere()) {
          // An rpcbind-registered server of this test module runs: SIGTERM would
          // make this instance unset that server's registration, and the lock
          // cannot be taken, so kill without the clean shutdown.
          proc.kill("SIGKILL");
          await proc.status;
        } else {
          await withRpcbindLock(() => proc.stop().then(() => {}));
        }
      } finally {
        releaseLifetime?.();
        await removeAll(workDir);
        cleanupSync();
      }
    })();
    return stopping;
  };
  return {
    name: `ganesha-${fsal.toLowerCase()}`,
    host: "127.0.0.1",
    nfsPort,
    mountPort,
    exportPath: exportDir,
    exportDir,
    url: `nfs://127.0.0.1${exportDir}?nfsport=${nfsPort}&mountport=${mountPort}&version=3`,
    fsal,
    pid: proc.pid,
    workDir,
    configFile,
    logFile: proc.logFile,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
