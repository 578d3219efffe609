/**
 * The `nfs` command the benchmarks run: by default the one file JSR ships
 * (`jsr:@nfs/client/bin`, made by scripts/build_cli.ts), built afresh into a temporary
 * directory, as an installed `nfs` runs it; with `--source`, `cli/main.ts` and its ~70
 * modules, as `deno task nfs` runs it. Both with the flags of cli/_runtime.ts.
 *
 * @module
 */
import { CLI_DENO_FLAGS } from "../cli/_runtime.ts";
import { buildCli } from "../scripts/build_cli.ts";

/** A command line prefix that runs the CLI, and what it is. */
export interface CliEntry extends AsyncDisposable {
  /** `deno run -A <flags> <entry>`: append the CLI's arguments. */
  readonly argv: readonly string[];
  /** "installed (bundle)" or "source", for the report. */
  readonly form: "installed (bundle)" | "source";
}

/**
 * Builds (unless `source`) and returns the CLI to benchmark.
 *
 * @param source Run cli/main.ts rather than the built file.
 * @returns The command prefix; dispose of it to remove the built file.
 */
export async function cliEntry(source: boolean): Promise<CliEntry> {
  const deno = Deno.execPath();
  if (source) {
    const main = new URL("../cli/main.ts", import.meta.url).pathname;
    return {
      argv: [deno, "run", "-A", ...CLI_DENO_FLAGS, main],
      form: "source",
      [Symbol.asyncDispose]: () => Promise.resolve(),
    };
  }
  const dir = await Deno.makeTempDir({ prefix: "nfs-bench-cli-" });
  const file = `${dir}/nfs.js`;
  await buildCli(file);
  return {
    argv: [deno, "run", "-A", ...CLI_DENO_FLAGS, file],
    form: "installed (bundle)",
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}
