import assert from "node:assert/strict";
import { connect, pickExport } from "./connect.ts";

Deno.test("pickExport() picks the longest export that is a component-wise prefix", () => {
  const exports = ["/", "/srv", "/srv/nfs", "/srv/nfs/data/", "/srv/nf"];
  assert.deepEqual(pickExport(exports, "/srv/nfs/data/x/y"), {
    exportPath: "/srv/nfs/data",
    rest: "/x/y",
  });
  assert.deepEqual(pickExport(exports, "/srv/nfs/database"), {
    exportPath: "/srv/nfs",
    rest: "/database",
  });
  assert.deepEqual(pickExport(exports, "/srv/nfs"), { exportPath: "/srv/nfs", rest: "/" });
  assert.deepEqual(pickExport(exports, "/srv/nfx"), { exportPath: "/srv", rest: "/nfx" });
  assert.deepEqual(pickExport(exports, "/home/a"), { exportPath: "/", rest: "/home/a" });
  assert.equal(pickExport(["/a", "/b/c"], "/b"), null);
  assert.equal(pickExport([], "/a"), null);
  assert.deepEqual(pickExport(["/x//y/"], "/x/y/z"), { exportPath: "/x/y", rest: "/z" });
});

Deno.test("connect() refuses a bad URL before connecting", async () => {
  await assert.rejects(connect("nfs://127.0.0.1/e?bogus=1"), /unknown parameter "bogus"/);
  await assert.rejects(connect("http://127.0.0.1/e"), TypeError);
  await assert.rejects(
    connect("nfs://127.0.0.1/e?nfsport=1&mountport=1", { signal: AbortSignal.abort() }),
    (e: unknown) => e instanceof DOMException && e.name === "AbortError",
  );
});
