import assert from "node:assert/strict";
import { ClusterPool, DEFAULT_CLUSTER_SIZE, defaultPool } from "./mod.ts";

Deno.test("ClusterPool.alloc() reuses freed clusters and counts them", () => {
  const pool = new ClusterPool({ clusterSize: 32 });
  const a = pool.alloc();
  const b = pool.alloc();
  assert.equal(a.length, 32);
  assert.notEqual(a, b);
  pool.free(a);
  assert.equal(pool.alloc(), a);
  pool.free(a);
  pool.free(b);
  assert.deepEqual(pool.stats(), {
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
  assert.equal(st.free, 1);
  assert.equal(st.dropped, 1);
  assert.equal(st.inUse, 0);
});

Deno.test("ClusterPool.free() rejects a buffer that is not one of its clusters", () => {
  const pool = new ClusterPool({ clusterSize: 16 });
  assert.throws(() => pool.free(new Uint8Array(32)), RangeError, "Cannot return buffer of 32");
  assert.throws(() => pool.free(pool.alloc().subarray(1)), RangeError);
  assert.throws(() => pool.free(new Uint8Array(20).subarray(4)), RangeError);
});

Deno.test("ClusterPool() rejects bad sizes", () => {
  for (const clusterSize of [0, 8, 17, 18, 15.5, -16]) {
    assert.throws(() => new ClusterPool({ clusterSize }), RangeError, "Cannot create cluster pool");
  }
  assert.throws(() => new ClusterPool({ maxFree: -1 }), RangeError, "maxFree -1");
  assert.equal(new ClusterPool({ clusterSize: 16 }).clusterSize, 16);
  assert.equal(defaultPool.clusterSize, DEFAULT_CLUSTER_SIZE);
});
