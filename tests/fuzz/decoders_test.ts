/**
 * Every reply decoder (RPC reply header, NFSv3, NFSv2, MOUNT v3, MOUNT v1, portmapper) on
 * real replies (captures, the embedded server) and on mutations of them, with fixed seeds:
 * only values, typed RPC errors and XdrErrors may come out (see `_fuzz.ts` for the checks).
 * A longer run: `deno task fuzz --seconds 600 --seed 7`.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { captureSeeds, generatedSeeds, recordedSeeds } from "./_corpus.ts";
import { allDecoders, type Decoder, fuzz, prepare } from "./_fuzz.ts";
import { words } from "../_util/rpc_peer.ts";

const captured = await captureSeeds();
if (captured.skipped) console.log(`tests/fuzz: capture seeds skipped: ${captured.skipped}`);

Deno.test("fuzz: every reply decoder survives mutated real replies (fixed seeds)", async () => {
  const seeds = [...captured.seeds, ...await recordedSeeds(), ...generatedSeeds()];
  const prepared = prepare(allDecoders(), seeds);
  const withSeeds = prepared.filter((p) => p.seeds.some((s) => s.origin !== "bare header"));
  assert(withSeeds.length >= 50, `only ${withSeeds.length} decoders have real seeds`);
  for (const seed of [1, 2, 3]) {
    const stats = fuzz(prepared, { seed, runsPerDecoder: 300 });
    const shown = stats.failures.slice(0, 5).map((f) =>
      `${f.decoder}: ${f.what}\n    from ${f.origin}: ${f.input.slice(0, 400)}`
    );
    assertEquals(shown, [], `seed ${seed}: ${stats.failures.length} failures`);
    assert(stats.values > 0 && stats.xdrErrors > 0 && stats.rpcErrors > 0);
  }
});

Deno.test("fuzz: the fuzzer reports a decoder that throws something else than XdrError", () => {
  const broken: Decoder = {
    label: "BROKEN",
    prog: 1,
    vers: 1,
    proc: 1,
    decode: (r) => {
      const n = r.uint("n");
      if (n > 0x7fffffff) throw new TypeError(`cannot handle ${n}`);
      return r.opaqueFixed(4 * Math.min(n, 4), "words");
    },
  };
  const seed = {
    prog: 1,
    vers: 1,
    proc: 1,
    args: undefined,
    reply: words(5, 1, 0, 0, 0, 0, 2, 7, 8),
    origin: "test",
  };
  const stats = fuzz(prepare([broken], [seed]), { seed: 1, runsPerDecoder: 2000 });
  assert(stats.failures.length > 0, "the TypeError went unnoticed");
  assertMatch(stats.failures[0]!.what, /threw TypeError: cannot handle/);
});
