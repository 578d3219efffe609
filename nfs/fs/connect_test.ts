import { assertEquals, assertRejects } from "@std/assert";
import { connect, pickExport } from "./connect.ts";

Deno.test("pickExport() picks the longest export that is a component-wise prefix", () => {
  const exports = ["/", "/srv", "/srv/nfs", "/srv/nfs/data/", "/srv/nf"];
  assertEquals(pickExport(exports, "/srv/nfs/data/x/y"), {
    exportPath: "/srv/nfs/data",
    rest: "/x/y",
  });
  assertEquals(pickExport(exports, "/srv/nfs/database"), {
    exportPath: "/srv/nfs",
    rest: "/database",
  });
  assertEquals(pickExport(exports, "/srv/nfs"), { exportPath: "/srv/nfs", rest: "/" });
  assertEquals(pickExport(exports, "/srv/nfx"), { exportPath: "/srv", rest: "/nfx" });
  assertEquals(pickExport(exports, "/home/a"), { exportPath: "/", rest: "/home/a" });
  assertEquals(pickExport(["/a", "/b/c"], "/b"), null);
  assertEquals(pickExport([], "/a"), null);
  assertEquals(pickExport(["/x//y/"], "/x/y/z"), { exportPath: "/x/y", rest: "/z" });
});

Deno.test("connect() refuses a bad URL before connecting", async () => {
  await assertRejects(
    () => connect("nfs://127.0.0.1/e?bogus=1"),
    TypeError,
    'unknown parameter "bogus"',
  );
  await assertRejects(() => connect("http://127.0.0.1/e"), TypeError, "must start with nfs://");
  const e = await assertRejects(
    () => connect("nfs://127.0.0.1/e?nfsport=1&mountport=1", { signal: AbortSignal.abort() }),
    DOMException,
  );
  assertEquals(e.name, "AbortError");
});
