/**
 * `remove(path, { recursive: true })` against hostile trees (issue 17's last partial item):
 * an endless chain of subdirectories stops at `maxDepth`, and a directory loop (a
 * subdirectory with an ancestor's fsid and fileid) is refused, both with an `ELOOP` error and
 * before any REMOVE or RMDIR of what lies below. The tree server answers those two with
 * NFS3ERR_NOTSUPP, so a walk that tried to remove anything would fail differently.
 */
import { assertEquals, assertMatch, assertRejects, assertThrows } from "@std/assert";
import { connect, NfsError } from "../../mod.ts";
import { type Node, treeServer } from "../cli/_tree_server.ts";

/** Object 1 is the root; `chain/` starts an endless chain of `d/` subdirectories. */
function chainTree(n: number): Node | undefined {
  if (n === 1) return { type: "dir", children: [["chain", 100]] };
  if (n >= 100) return { type: "dir", children: [["d", n + 1]] };
  return undefined;
}

/** `loop/sub/back` has the handle (and fileid) of `loop`, an ancestor. */
function loopTree(n: number): Node | undefined {
  switch (n) {
    case 1:
      return { type: "dir", children: [["loop", 2]] };
    case 2:
      return { type: "dir", children: [["sub", 3]] };
    case 3:
      return { type: "dir", children: [["back", 2]] };
  }
  return undefined;
}

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
