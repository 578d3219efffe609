/**
 * `remove(path, { recursive: true })` against hostile trees (issue 17's last partial item):
 * an endless chain of subdirectories stops at `maxDepth`, and a directory loop (a
 * subdirectory with an ancestor's fsid and fileid) is refused, both with an `ELOOP` error and
 * before any REMOVE or RMDIR of what lies below (`loop/sub` also holds a file, listed after
 * `back`: it is not reached). The tree server answers those two with
 * NFS3ERR_NOTSUPP, so a walk that tried to remove anything would fail differently.
 */
import { assertEquals, assertMatch, assertRejects, assertThrows } from "@std/assert";
import { connect, NfsError } from "../../mod.ts";
import { chainTree, loopTree, treeServer } from "../cli/_tree_server.ts";

/** A bound, so that a walk that never ends fails the test instead of hanging it. */
const bounded = () => ({ signal: AbortSignal.timeout(10_000) });

/** The REMOVE (12) and RMDIR (13) calls the server saw. */
function removals(server: { calls: { proc: number }[] }): number {
  return server.calls.filter((c) => c.proc === 12 || c.proc === 13).length;
}

Deno.test("remove({ recursive }) stops an endless chain at maxDepth, removing nothing", async () => {
  await using server = treeServer({ node: chainTree });
  await using nfs = await connect(server.url());
  const e = await assertRejects(
    () => nfs.remove("chain", { recursive: true, ...bounded() }),
    NfsError,
  );
  assertEquals(e.code, "ELOOP");
  assertMatch(e.message, /"\/chain(\/d){256}": the tree goes deeper than maxDepth directories/);
  const shallow = await assertRejects(
    () => nfs.remove("chain", { recursive: true, maxDepth: 3, ...bounded() }),
    NfsError,
  );
  assertMatch(shallow.message, /"\/chain\/d\/d\/d": the tree goes deeper/);
  assertEquals(removals(server), 0);
  assertThrows(() => nfs.remove("chain", { recursive: true, maxDepth: -1 }), RangeError);
});

Deno.test("remove({ recursive }) refuses a directory loop, removing nothing", async () => {
  await using server = treeServer({ node: loopTree });
  await using nfs = await connect(server.url());
  const e = await assertRejects(
    () => nfs.remove("loop", { recursive: true, ...bounded() }),
    NfsError,
  );
  assertEquals(e.code, "ELOOP");
  assertMatch(e.message, /"\/loop\/sub\/back": it is "\/loop", a directory above it/);
  assertEquals(removals(server), 0);
});
