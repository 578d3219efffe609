/**
 * Starts go-nfs (the Go NFSv3 server library behind `rclone serve nfs`) for one test, as its
 * example server `osnfs DIR PORT`: NFSv3 and MOUNT v3 on one TCP port, no portmapper. Built by
 * `peers/build.sh PREFIX` where Debian's golang-go is installed; found through `$OSNFS`,
 * `$NFS_PEERS_PREFIX/bin/osnfs` or `PATH`.
 *
 * Where it listens: `osnfs` binds `:PORT`, every address of its network namespace, and has no
 * option to bind one. The harness runs it in the host's namespace on a free port, and the test
 * process reaches it on 127.0.0.1 directly. Justification: a private network namespace would
 * hide it from the test process too, and reaching it there needs a forwarding process inside
 * the namespace for every connection, which changes what the server sees (the client's port,
 * how a connection ends) and costs a copy of every byte; on the machines that run these
 * suites (CI: loopback only) every address is a loopback address anyway. On a machine with
 * other interfaces the fresh temporary export is reachable from the network for the length of
 * one test; go-nfs is used only when it is installed and named (`OSNFS`, `NFS_PEERS_PREFIX`).
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
} from "./_proc.ts";
import { freePorts } from "./_ports.ts";
import { nfsReadyProbe } from "./_rpc_ping.ts";
import { locatePeer, peerTempDir } from "./_peers.ts";

/** What go-nfs does differently (see {@linkcode ServerCaps}). */
export const GONFS_CAPS: ServerCaps = {
  ...STRICT_CAPS,
  version: 3,
  // No MOUNT EXPORT procedure: it answers PROG_MISMATCH with no mismatch_info.
  exportList: false,
  // MNT of any path answers with the root.
  mntChecksPath: false,
  // MNT lists AUTH_NONE only (it accepts AUTH_SYS all the same).
  mntListsAuthSys: false,
  // CREATE EXCLUSIVE is NFS3ERR_NOTSUPP.
  exclusiveCreate: false,
  // LINK decodes its arguments as SYMLINK's; its failure reply lacks file_attributes.
  hardLinks: false,
  // READDIR with count < 1024 is NFS3ERR_TOOSMALL, however many entries would fit.
  minReaddirCount: 1024,
  // READDIRPLUS with maxcount < 4096 (or dircount < 512) is NFS3ERR_TOOSMALL.
  minReaddirplusMaxcount: 4096,
  // RMDIR is REMOVE is os.Remove; a failure but NOENT/ACCES is NFS3ERR_IO.
  osRemove: true,
  // SETATTR mode goes through os.FileMode: setuid, setgid and sticky are lost.
  modeBits: 0o777,
  // Its chroot file system stores an absolute target below the export directory.
  absoluteSymlinks: "rebased",
  // FSSTAT: 2^62 bytes total, whatever the disk.
  fsstatFromDisk: false,
  // Handles name paths: a deleted file's handle is NFS3ERR_NOENT.
  goneHandle: "NOENT",
  // Everything is done as the server's own user; AUTH_SYS credentials are ignored.
  honorsCredentials: false,
  // Its existence check follows symlinks; the OS's EEXIST then becomes NFS3ERR_ACCES.
  danglingSymlinkExists: "ACCES",
  // libnfs 7 cannot mount it: its mount asks for EXPORT first and cannot decode go-nfs's
  // PROG_MISMATCH without mismatch_info ("libnfs_rpc_reply_body failed to decode ACCEPTED").
  libnfs: false,
};

/** Options for {@linkcode startGonfs}. */
export interface GonfsOptions {
  /** Export this existing directory instead of a fresh temp directory. It is not removed on stop. */
  dir?: string;
  /** Readiness deadline in milliseconds. Default 20000. */
  timeoutMs?: number;
}

/** A running go-nfs; {@linkcode HarnessServer} plus details. */
export interface GonfsServer extends HarnessServer {
  /** The server process id. */
  readonly pid: number;
  /** The temp directory with the log (and the export, unless `dir` was given). */
  readonly workDir: string;
  /** The server log. */
  readonly logFile: string;
}

/** The osnfs executable, or why there is none. */
export function gonfsPath(): { path: string } | { reason: string } {
  return locatePeer("osnfs", "OSNFS", true);
}

/** Says whether go-nfs can run here, and if not, why. */
export function gonfsAvailability(): { available: boolean; reason?: string } {
  const p = gonfsPath();
  return "reason" in p ? { available: false, reason: p.reason } : { available: true };
}

const PORT_ATTEMPTS = 3;

/**
 * Starts osnfs on a free port with a fresh export and waits until NFS v3 and MOUNT v3 answer
 * RPC NULL. go-nfs mounts its root for any path; the harness names it `/export`, as the user
 * of issue 21 did. (With `/`, as `rclone serve nfs` documents, a URL whose first component is
 * missing from the root, `nfs://h/nope`, cannot be told from a name for the export itself, and
 * the client reads it as the latter: see nfs/fs/_resolve_export.ts.)
 */
export async function startGonfs(opts: GonfsOptions = {}): Promise<GonfsServer> {
  const bin = gonfsPath();
  if ("reason" in bin) throw new Error(`Could not start go-nfs: ${bin.reason}`);
  const workDir = await peerTempDir("nfs-gonfs-");
  const cleanupSync = onUnload(() => {
    try {
      Deno.removeSync(workDir, { recursive: true });
    } catch { /* best effort */ }
  });
  try {
    const exportDir = opts.dir ?? `${workDir}/export`;
    await Deno.chmod(workDir, 0o755);
    if (!opts.dir) await Deno.mkdir(exportDir, { mode: 0o755 });
    const logFile = `${workDir}/osnfs.log`;
    const timeoutMs = opts.timeoutMs ?? 20_000;
    for (let attempt = 1;; attempt++) {
      const [port] = freePorts(1) as [number];
      await Deno.writeTextFile(logFile, `=== attempt ${attempt}: osnfs on ${port}\n`, {
        append: true,
      });
      const proc = await spawnLogged(bin.path, [exportDir, String(port)], {
        name: "osnfs",
        logFile,
        cwd: workDir,
      });
      // No EXPORT procedure (go-nfs bug 7): NULL on both programs is all it can tell.
      const probe = nfsReadyProbe({ nfsPort: port, mountPort: port, nfsVers: 3, daemon: "osnfs" });
      const failure = await waitUntil(probe, { timeoutMs, proc });
      if (!failure) {
        const stop = stopOnce(() => proc.stop(), async () => {
          await removeAll(workDir);
          cleanupSync();
        });
        return {
          name: "go-nfs",
          kind: "go-nfs",
          caps: GONFS_CAPS,
          host: "127.0.0.1",
          nfsPort: port,
          mountPort: port,
          exportPath: "/export",
          exportDir,
          url: `nfs://127.0.0.1/export?nfsport=${port}&mountport=${port}&version=3`,
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
      const what = describeStartFailure("osnfs", failure, timeoutMs);
      throw new Error(`Could not start go-nfs: ${what}\n${tail}`);
    }
  } catch (e) {
    await removeAll(workDir);
    cleanupSync();
    throw e;
  }
}
