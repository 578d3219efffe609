/**
 * The Deno flags the `nfs` command runs with: in `deno task nfs`, in the `deno install` line
 * of README.md and cli/README.md (tests/cli/usability_test.ts checks that they agree), for the
 * background server of `nfs mount`, and in the benchmarks that run the command. A module
 * cannot set them for itself: V8 reads them when the process starts.
 *
 * - `--max-semi-space-size=4` caps each of V8's young-generation semi-spaces at 4 MiB (16 here
 *   by default). Any long copy fills the default ones: `nfs get -r -j 8` of 20k small files
 *   peaked at 154-161 MiB resident with them and 112-114 MiB with this, 4% slower (three runs
 *   each).
 * - `--min-semi-space-size=4` starts them at that size: a command's start-up then runs no
 *   scavenge (one of 1-4 ms came in the middle of `nfs cat`'s connect).
 * - `--no-lazy` compiles every function of a module when it is first compiled rather than on
 *   its first call, so Deno's code cache (made on the first run) holds them all: `nfs cat` of
 *   1 MiB from the installed bundle (scripts/build_cli.ts) 2.40x Deno's hello world without
 *   it, 1.97x with it, 1.88x with both (31 alternated runs each, bench/startup.ts's method).
 *   It costs a few MiB of bytecode in a long copy (RSS within the noise of 110-130 MiB at
 *   `get -r -j 32` of 20k files).
 *
 * @module
 */

/** The flags, as `deno run` and `deno install` take them. */
export const CLI_DENO_FLAGS: readonly string[] = [
  "--v8-flags=--max-semi-space-size=4,--min-semi-space-size=4,--no-lazy",
];
