/**
 * The harness's third-party server kinds start, run side by side, leave the host alone and
 * stop everything they started (each is skipped, or fails when named in NFS_TEST_SERVERS, where
 * it cannot run).
 */
import { assert, assertEquals, assertNotEquals } from "@std/assert";
import {
  forEachKind,
  type NfsUserServer,
  pmapGetPort,
  rpcPing,
  startGonfs,
  startNfsUserServer,
} from "./mod.ts";
import { freePorts } from "../../harness/_ports.ts";

/** The pids whose process group is `pgid`, from /proc. */
function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
      // pid (comm) state ppid pgrp ...: comm may hold spaces, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") out.push(Number(e.name));
    } catch { /* gone meanwhile */ }
  }
  return out;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

forEachKind("harness: two instances side by side, host rpcbind untouched", {
  kinds: ["nfs-user-server"],
}, async () => {
  const [a, b] = await Promise.all([startNfsUserServer(), startNfsUserServer()]);
  const both: NfsUserServer[] = [a, b];
  try {
    assertNotEquals(a.nfsPort, b.nfsPort);
    for (const s of both) {
      assert((await rpcPing({ port: s.nfsPort, prog: 100003, vers: 2, timeoutMs: 2000 })).ok);
      assert((await rpcPing({ port: s.mountPort, prog: 100005, vers: 1, timeoutMs: 2000 })).ok);
      // rpcbind, rpc.mountd and rpc.nfsd run in the instance's process group.
      assert(groupMembers(s.pgid).length >= 4, `members of ${s.pgid}: ${groupMembers(s.pgid)}`);
    }
    // Their registrations went to their private rpcbinds, not to the host's (if it runs).
    for (const [prog, vers] of [[100003, 2], [100005, 1], [100005, 2]] as const) {
      const host = await pmapGetPort(prog, vers);
      if (host.ok) {
        for (const s of both) {
          assert(![s.nfsPort, s.mountPort].includes(host.port), `host rpcbind: ${prog} v${vers}`);
        }
      }
    }
  } finally {
    await Promise.all(both.map((s) => s.stop()));
  }
  for (const s of both) {
    assertEquals(groupMembers(s.pgid), [], "every process of the instance is gone");
    assertEquals(await exists(s.workDir), false, "its temp files are removed");
    assertEquals(
      (await rpcPing({ port: s.nfsPort, prog: 100003, vers: 2, timeoutMs: 500 })).ok,
      false,
    );
  }
});

forEachKind("harness: a port taken by someone else means new ports, at once", {
  kinds: ["nfs-user-server"],
}, async () => {
  // rpc.nfsd logs "Could not bind ... Address already in use" and carries on without its
  // port: the start must notice that and try new ports, not wait for its deadline.
  using taken = Deno.listen({ hostname: "0.0.0.0", port: 0 });
  const port = (taken.addr as Deno.NetAddr).port;
  const other = freePorts(1)[0]!;
  await using s = await startNfsUserServer({ _firstPorts: [port, other], timeoutMs: 60_000 });
  assertNotEquals(s.nfsPort, port);
  const log = await Deno.readTextFile(s.logFile);
  assert(/Could not bind .*Address already in use/.test(log), log);
  assert(log.includes("=== attempt 2"), log);
  assert((await rpcPing({ port: s.nfsPort, prog: 100003, vers: 2, timeoutMs: 2000 })).ok);
});

forEachKind("harness: go-nfs starts, answers on one port, and stops", {
  kinds: ["go-nfs"],
}, async () => {
  const s = await startGonfs();
  try {
    assertEquals(s.nfsPort, s.mountPort);
    assert((await rpcPing({ port: s.nfsPort, prog: 100003, vers: 3, timeoutMs: 2000 })).ok);
    assert((await rpcPing({ port: s.nfsPort, prog: 100005, vers: 3, timeoutMs: 2000 })).ok);
  } finally {
    await s.stop();
  }
  await s.stop(); // idempotent
  assertEquals(await exists(s.workDir), false);
  assertEquals(
    (await rpcPing({ port: s.nfsPort, prog: 100003, vers: 3, timeoutMs: 500 })).ok,
    false,
  );
});
