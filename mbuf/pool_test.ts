import { assertEquals, assertNotStrictEquals, assertThrows } from "@std/assert";
import { ClusterPool, DEFAULT_CLUSTER_SIZE, defaultPool } from "./mod.ts";

Deno.test("ClusterPool.alloc() reuses freed clusters and counts them", () => {
  const pool = new ClusterPool({ clusterSize: 32 });
  const a = pool.alloc();
  const b = pool.alloc();
  assertEquals(a.length, 32);
  assertNotStrictEquals(a, b);
  pool.free(a);
  assertEquals(pool.alloc(), a);
  pool.free(a);
  pool.free(b);
  assertEquals(pool.stats(), {
    clusterSize: 32,
    allocated: 2,
    inUse: 0,
    free: 2,
    reused: 1,
    dropped: 0,
  });
});

Deno.test("ClusterPool.free() keeps at most maxFree clusters", () => {
  const pool = new ClusterPool({ clusterSize: 16, maxFree: 1 });
  const a = pool.alloc();
  const b = pool.alloc();
  pool.free(a);
  pool.free(b);
  const st = pool.stats();
  assertEquals(st.free, 1);
  assertEquals(st.dropped, 1);
  assertEquals(st.inUse, 0);
});

Deno.test("ClusterPool.free() rejects a buffer that is not one of its clusters", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  assertThrows(() => pool.free(new Uint8Array(32)), RangeError, "Cannot return buffer of 32");
  assertThrows(() => pool.free(pool.alloc().subarray(1)), RangeError);
  assertThrows(() => pool.free(new Uint8Array(20).subarray(4)), RangeError);
});

Deno.test("ClusterPool() rejects bad sizes", () => {
  for (const clusterSize of [0, 8, 17, 18, 15.5, -16]) {
    assertThrows(() => new ClusterPool({ clusterSize }), RangeError, "Cannot create cluster pool");
  }
  assertThrows(() => new ClusterPool({ maxFree: -1 }), RangeError, "maxFree -1");
  assertEquals(new ClusterPool({ clusterSize: 16 }).clusterSize, 16);
  assertEquals(defaultPool.clusterSize, DEFAULT_CLUSTER_SIZE);
});
