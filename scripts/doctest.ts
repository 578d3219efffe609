/**
 * Runs the JSDoc examples (`deno test --doc`) of the library files that have any: mod.ts,
 * mbuf/, xdr/, rpc/, nfs/, testing/, cli/ — not the test files, so their tests do not run
 * twice, and not the files without an example (`deno test --doc` would only type-check them,
 * which `deno task ok` already does). `scripts/check_examples.ts` finds the examples and checks
 * that each asserts its claims. Examples fenced as `ts ignore` do not run.
 *
 * Usage: `deno run --allow-all scripts/doctest.ts [FILE...]` (paths relative to the project
 * root; default: every library file).
 *
 * @module
 */
import { findExamples, libraryFiles } from "./check_examples.ts";

const root = new URL("..", import.meta.url).pathname;
const candidates = Deno.args.length ? Deno.args : await libraryFiles(root);
const files: string[] = [];
let examples = 0;
for (const file of candidates) {
  const found = findExamples(file, await Deno.readTextFile(`${root}/${file}`))
    .filter((e) => !/(^|[\s,])ignore\b/.test(e.info));
  if (found.length === 0) continue;
  files.push(file);
  examples += found.length;
}
console.log(`doctest: ${examples} examples in ${files.length} of ${candidates.length} files`);
if (files.length === 0) Deno.exit(0);
const cmd = new Deno.Command(Deno.execPath(), {
  args: ["test", "--allow-all", "--doc", "--parallel", ...files],
  cwd: root,
  stdout: "inherit",
  stderr: "inherit",
});
Deno.exit((await cmd.output()).code);
