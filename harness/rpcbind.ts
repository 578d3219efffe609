/**
 * rpcbind (the portmapper, RFC 1833) for the test servers, and the lock
 * that keeps parallel tests from fighting over its registrations.
 *
 * What is shared: rpcbind holds one mapping per (program, version, netid).
 * nfs-ganesha as packaged by Debian 12 (4.3, built with RPCBIND) always talks
 * to it, whatever the config says:
 *
 * - at start it unsets 100003 v3-v4 and 100005 v1-v3 (whoever registered
 *   them), then sets its own ports; a failed set is fatal ("Cannot register
 *   NFS V3 on TCP", exit code 2), so ganesha cannot start at all without
 *   rpcbind, and two ganesha instances starting at the same moment can kill
 *   one another (unset A, unset B, set A, set B fails);
 * - at a clean stop (SIGTERM) it unsets them again, even if another instance
 *   has registered since.
 *
 * So the rpcbind mapping always points to the instance that started last and
 * vanishes when any instance stops. The harness therefore serializes all
 * starts and stops of rpcbind-touching servers with an exclusive `flock` on
 * {@linkcode RPCBIND_LOCK_PATH}, and a server started with `{ rpcbind: true }`
 * holds that lock for its whole life: while it runs, no other instance can
 * start or stop, so rpcbind keeps pointing to it. Other tests wait meanwhile
 * (they do not fail).
 *
 * `deno test --parallel` runs test modules in workers of one process, not in
 * separate processes; `flock` still excludes them from each other, because
 * each lock call opens its own file description. It also works between
 * processes (two `deno test` runs, `deno bench`, the demo). The per-worker
 * state below only guards against a worker waiting for itself.
 *
 * @module
 */

import { which } from "./_proc.ts";
import { rpcPing, type RpcPingResult } from "./_rpc_ping.ts";

/** The portmapper's well-known port. */
export const PORTMAPPER_PORT = 111;
/** The portmapper's program number. */
export const PORTMAPPER_PROG = 100000;
/** The lock file that serializes rpcbind registrations between tests. */
export const RPCBIND_LOCK_PATH = "/tmp/nfs-client-tests.rpcbind.lock";

/** Lifetime holds of the lock by servers started in this worker (0 or 1). */
let lifetimeHolds = 0;

/** Sends a portmapper v2 NULL call to 127.0.0.1:111. */
export function pingPortmapper(timeoutMs = 1000): Promise<RpcPingResult> {
  return rpcPing({ port: PORTMAPPER_PORT, prog: PORTMAPPER_PROG, vers: 2, timeoutMs });
}

/**
 * Makes sure rpcbind answers on 127.0.0.1:111, starting it (`rpcbind -w`,
 * which daemonizes, so it is not a child of the test process and keeps
 * running after the tests) when nothing answers. Idempotent and safe to call
 * from parallel tests.
 */
export async function ensureRpcbind(): Promise<void> {
  if ((await pingPortmapper()).ok) return;
  if (lifetimeHolds > 0) {
    throw new Error(
      "Could not start rpcbind: an rpcbind-registered server of this test module holds the " +
        "lock and rpcbind does not answer",
    );
  }
  await withRpcbindLock(ensureRpcbindLocked);
}

/** {@linkcode ensureRpcbind} for a caller that already holds the lock. */
export async function ensureRpcbindLocked(): Promise<void> {
  if ((await pingPortmapper()).ok) return;
  const bin = which("rpcbind");
  if (!bin) {
    throw new Error(
      "Could not start rpcbind: no rpcbind executable on PATH, /usr/sbin or /sbin " +
        "(Debian package rpcbind)",
    );
  }
  const out = await new Deno.Command(bin, {
    args: ["-w"],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr).trim();
  if (!out.success) {
    throw new Error(
      `Could not start rpcbind: ${bin} -w exited with code ${out.code}${
        stderr ? `: ${stderr}` : ""
      }`,
    );
  }
  const deadline = Date.now() + 10_000;
  let last: RpcPingResult = { ok: false, reason: "not tried" };
  while (Date.now() < deadline) {
    last = await pingPortmapper();
    if (last.ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `Could not start rpcbind: ${bin} -w ran but the portmapper does not answer on ` +
      `127.0.0.1:${PORTMAPPER_PORT} (${last.ok ? "" : last.reason})${stderr ? `: ${stderr}` : ""}`,
  );
}

/**
 * True while a server started with `{ rpcbind: true }` in this worker (test
 * module) holds the rpcbind lock for its lifetime (see
 * {@linkcode holdRpcbindLock}). Taking the lock again here would then wait
 * forever.
 */
export function rpcbindOwnedHere(): boolean {
  return lifetimeHolds > 0;
}

async function lockExclusive(): Promise<Deno.FsFile> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(RPCBIND_LOCK_PATH, { read: true, write: true, create: true });
  } catch (e) {
    // Created by another user: flock works on a read-only descriptor too.
    if (!(e instanceof Deno.errors.PermissionDenied)) {
      throw new Error(`Could not open ${RPCBIND_LOCK_PATH}: ${(e as Error).message}`);
    }
    file = await Deno.open(RPCBIND_LOCK_PATH, { read: true });
  }
  try {
    await file.lock(true);
  } catch (e) {
    file.close();
    throw new Error(`Could not lock ${RPCBIND_LOCK_PATH}: ${(e as Error).message}`);
  }
  return file;
}

/**
 * Takes the exclusive rpcbind lock for a server's lifetime, waiting for other
 * holders (in any worker or process) to release it. Returns a function that
 * releases it.
 */
export async function holdRpcbindLock(): Promise<() => void> {
  if (lifetimeHolds > 0) {
    throw new Error(
      "Could not take the rpcbind lock: another rpcbind-registered server of this test " +
        "module still runs",
    );
  }
  const file = await lockExclusive();
  lifetimeHolds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    lifetimeHolds--;
    file.close(); // closing the descriptor releases the flock
  };
}

/** Runs `fn` while holding the exclusive rpcbind lock (a short critical section). */
export async function withRpcbindLock<T>(fn: () => Promise<T>): Promise<T> {
  if (lifetimeHolds > 0) {
    throw new Error(
      "Could not take the rpcbind lock: an rpcbind-registered server of this test module " +
        "holds it",
    );
  }
  const file = await lockExclusive();
  try {
    return await fn();
  } finally {
    file.close();
  }
}
