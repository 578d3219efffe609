import { assertAlmostEquals, assertEquals } from "@std/assert";
import { RTO_MIN_DEVIATION, RTT_MIN_SAMPLES, RttEstimator } from "./_rtt.ts";

Deno.test("RttEstimator: srtt + max(100 ms, 4 rttvar), once a name has enough samples", () => {
  const e = new RttEstimator(60_000);
  for (let i = 0; i < RTT_MIN_SAMPLES - 1; i++) e.sample("A", 10);
  assertEquals(e.rto("A"), undefined, "too few samples");
  e.sample("A", 10);
  assertAlmostEquals(e.rto("A")!, 10 + RTO_MIN_DEVIATION, 1e-9); // steady: the floor
  for (let i = 0; i < 50; i++) e.sample("B", i % 2 === 0 ? 100 : 300); // jittery: 4 rttvar
  const b = e.rto("B")!;
  assertEquals(b > 200 + RTO_MIN_DEVIATION && b < 1000, true, `rto ${b}`);
  assertEquals(e.rto("C"), undefined);
  assertEquals(Object.keys(e.snapshot()).sort(), ["A", "B"]);
});

Deno.test("RttEstimator: capped at its maximum; nonsense samples ignored", () => {
  const e = new RttEstimator(500);
  for (let i = 0; i < 8; i++) e.sample("slow", 2000);
  assertEquals(e.rto("slow"), 500);
  for (const bad of [-1, NaN, Infinity]) e.sample("bad", bad);
  assertEquals(e.snapshot().bad, undefined);
});
