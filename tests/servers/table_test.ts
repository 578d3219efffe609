/**
 * Every server kind of the harness's table is wired into the suites that run per kind: a new
 * kind without its file API module would silently run no file API suite.
 */
import { assert, assertEquals } from "@std/assert";
import { SERVER_TABLE, serverKinds } from "./mod.ts";

Deno.test("harness: every server kind has its file API module", () => {
  for (const { kind } of SERVER_TABLE) {
    const path = new URL(`../api/kind_${kind}_test.ts`, import.meta.url);
    const text = Deno.readTextFileSync(path);
    assert(text.includes(`apiSuiteForKind("${kind}")`), `${path.pathname} runs ${kind}`);
  }
});

Deno.test("harness: kinds are chosen by version and by NFS_TEST_SERVERS", () => {
  const before = Deno.env.get("NFS_TEST_SERVERS");
  try {
    Deno.env.set("NFS_TEST_SERVERS", "embedded-v2, unfsd,nope");
    assertEquals(serverKinds().map((k) => [k.kind, k.required]), [
      ["embedded-v2", true],
      ["unfsd", true],
      ["nope", true],
    ]);
    assertEquals(serverKinds({ version: 3 }).map((k) => k.kind), ["unfsd", "nope"]);
    assertEquals(serverKinds({ version: 2 }).map((k) => k.kind), ["embedded-v2", "nope"]);
    assertEquals(serverKinds({ kinds: ["unfsd"] }).map((k) => k.kind), ["unfsd"]);
    assert(!serverKinds().find((k) => k.kind === "nope")!.available);
    Deno.env.delete("NFS_TEST_SERVERS");
    assertEquals(serverKinds().map((k) => k.kind), SERVER_TABLE.map((e) => e.kind));
    assert(serverKinds().every((k) => !k.required));
  } finally {
    if (before === undefined) Deno.env.delete("NFS_TEST_SERVERS");
    else Deno.env.set("NFS_TEST_SERVERS", before);
  }
});
