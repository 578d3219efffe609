import { assertEquals } from "@std/assert";
import { afterUnref } from "./_timer.ts";

Deno.test("afterUnref() fires once after its delay, and not at all when cancelled", async () => {
  // A pending accept keeps this test's event loop alive, as a socket read does for the RPC
  // client (the timer alone does not).
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept().catch(() => null);
  try {
    const fired: string[] = [];
    const t0 = performance.now();
    let at = 0;
    const done = Promise.withResolvers<void>();
    afterUnref(() => {
      fired.push("a");
      at = performance.now() - t0;
      done.resolve();
    }, 30);
    const cancel = afterUnref(() => fired.push("b"), 10);
    cancel();
    cancel();
    const late = afterUnref(() => fired.push("c"), 0);
    await done.promise;
    late(); // after it fired: nothing
    assertEquals(fired, ["c", "a"]);
    assertEquals(at >= 29, true, `fired after ${at} ms`);
  } finally {
    listener.close();
    await accepted;
  }
});
