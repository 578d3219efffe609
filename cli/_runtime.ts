/**
 * The Deno flags the `nfs` command runs with: in `deno task nfs`, in the `deno install` line
 * of README.md and cli/README.md (tests/cli/usability_test.ts checks that they agree), for the
 * background server of `nfs mount`, and in the benchmarks that run the command. A module
 * cannot set them for itself: V8 reads them when the process starts.
 *
 * `--max-semi-space-size=4` caps each of V8's young-generation semi-spaces at 4 MiB (16 here
 * by default). Any long copy fills the default ones: `nfs get -r -j 8` of 20k small files
 * peaked at 154-161 MiB resident with them and 112-114 MiB with this, 4% slower (three
 * runs each); the start-up of `nfs cat` did not change measurably.
 *
 * @module
 */

/** The flags, as `deno run` and `deno install` take them. */
export const CLI_DENO_FLAGS: readonly string[] = ["--v8-flags=--max-semi-space-size=4"];
