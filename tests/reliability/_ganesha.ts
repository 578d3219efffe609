/**
 * An nfs-ganesha that can be killed and started again on the same ports and export, for
 * server-restart tests. Built from the harness's exported pieces (`ganeshaConfig`, the
 * process helpers and the rpcbind lock of `tests/servers/`), since `startGanesha()` picks
 * new ports for every start.
 *
 * @module
 */
import { ganeshaAvailability, ganeshaConfig } from "../../harness/ganesha.ts";
import { freePorts } from "../../harness/_ports.ts";
import { logTail, removeAll, type Spawned, spawnLogged, waitUntil } from "../../harness/_proc.ts";
import { mountExports, rpcPing } from "../../harness/_rpc_ping.ts";
import { ensureRpcbindLocked, withRpcbindLock } from "../../harness/rpcbind.ts";

/** Whether ganesha can run here, and if not, why (for `ignore`). */
export function ganeshaMissing(): string | undefined {
  const a = ganeshaAvailability();
  return a.available ? undefined : a.reason;
}

/** A ganesha instance with fixed ports that survives `kill()` + `restart()`. */
export class RestartableGanesha {
  readonly nfsPort: number;
  readonly mountPort: number;
  readonly workDir: string;
  readonly exportDir: string;
  readonly #config: string;
  readonly #log: string;
  #proc: Spawned | null = null;
  #starts = 0;

  private constructor(workDir: string, nfsPort: number, mountPort: number) {
    this.workDir = workDir;
    this.exportDir = `${workDir}/export`;
    this.nfsPort = nfsPort;
    this.mountPort = mountPort;
    this.#config = `${workDir}/ganesha.conf`;
    this.#log = `${workDir}/ganesha.log`;
  }

  /** Starts a fresh instance on free ports with an empty export. */
  static async start(): Promise<RestartableGanesha> {
    const missing = ganeshaMissing();
    if (missing) throw new Error(`Could not start ganesha: ${missing}`);
    const workDir = await Deno.makeTempDir({ prefix: "nfs-reliability-" });
    const [nfsPort, mountPort] = freePorts(2) as [number, number];
    const g = new RestartableGanesha(workDir, nfsPort, mountPort);
    await Deno.mkdir(g.exportDir);
    await Deno.writeTextFile(
      g.#config,
      ganeshaConfig({
        nfsPort,
        mountPort,
        exportPath: g.exportDir,
        recoveryRoot: `${workDir}/recovery`,
        ccacheDir: `${workDir}/ccache`,
        fsal: "VFS",
      }),
    );
    try {
      await g.restart();
    } catch (e) {
      await removeAll(workDir);
      throw e;
    }
    return g;
  }

  /** The URL of the export, with extra query parameters. */
  url(query = ""): string {
    return `nfs://127.0.0.1${this.exportDir}?nfsport=${this.nfsPort}&mountport=${this.mountPort}` +
      `&version=3${query ? `&${query}` : ""}`;
  }

  /** Whether the server process runs. */
  get running(): boolean {
    return this.#proc !== null && this.#proc.exited() === undefined;
  }

  /** Kills the server at once (SIGKILL: no clean shutdown, as a crash). */
  async kill(): Promise<void> {
    const p = this.#proc;
    if (p === null) return;
    p.kill("SIGKILL");
    await p.status;
    this.#proc = null;
  }

  /**
   * Starts the server (again) on the same ports and export; retries while the old
   * listening sockets are still being torn down. Resolves once NFS and MOUNT answer.
   */
  async restart(deadlineMs = 45_000): Promise<void> {
    if (this.running) throw new Error("Could not restart ganesha: it is running");
    const until = Date.now() + deadlineMs;
    for (;;) {
      const n = ++this.#starts;
      await Deno.writeTextFile(this.#log, `=== start ${n}\n`, { append: true });
      const proc = await withRpcbindLock(async () => {
        await ensureRpcbindLocked();
        return await spawnLogged("ganesha.nfsd", [
          "-F",
          "-f",
          this.#config,
          "-L",
          this.#log,
          "-p",
          `${this.workDir}/ganesha.pid`,
          "-N",
          "NIV_EVENT",
        ], {
          name: "ganesha",
          logFile: this.#log,
          cwd: this.workDir,
          env: {
            DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${this.workDir}/no-dbus`,
            BLKID_FILE: `${this.workDir}/blkid.tab`,
          },
        });
      });
      const failure = await waitUntil(async () => {
        const nfs = await rpcPing({ port: this.nfsPort, prog: 100003, vers: 3, timeoutMs: 1000 });
        if (!nfs.ok) return `NFS: ${nfs.reason}`;
        const list = await mountExports(this.mountPort);
        if (!list.ok) return `MOUNT: ${list.reason}`;
        return list.exports.includes(this.exportDir) ? undefined : "export not listed yet";
        // One attempt gets 15 s: on a saturated machine a ganesha was seen stuck in its
        // start-up for 20 s (log ending at lower_my_caps); a fresh one then starts.
      }, { timeoutMs: Math.max(1000, Math.min(15_000, until - Date.now())), proc });
      if (failure === undefined) {
        this.#proc = proc;
        return;
      }
      await proc.stop(2000);
      const tail = await logTail(this.#log);
      const retry = failure.kind === "exited"
        ? /Address already in use/i.test(tail)
        : failure.kind === "timeout";
      if (retry && Date.now() < until - 1000) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      throw new Error(`Could not restart ganesha (${failure.lastReason})\n${tail}`);
    }
  }

  /** Stops the server (cleanly, under the rpcbind lock) and removes its files. */
  async stop(): Promise<void> {
    const p = this.#proc;
    this.#proc = null;
    try {
      if (p !== null) await withRpcbindLock(() => p.stop().then(() => {}));
    } finally {
      await removeAll(this.workDir);
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}
