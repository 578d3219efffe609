/**
 * Makes `@std/assert` and `@std/bytes` resolve offline, on machines that cannot reach JSR but
 * hold a copy of them in `shared/std` beside the checkout (CI and the project's own machines).
 *
 * The committed `deno.json` imports `jsr:@std/assert@^1` and `jsr:@std/bytes@^1`, which is what
 * a user's fresh clone and the published package resolve. Deno's `links` would point them at
 * local folders, but a `links` entry whose folder is missing breaks every `deno` command, so
 * links cannot live in the committed file. Instead this script writes a workspace root one
 * folder up (`../deno.json`) that has this checkout as its only member and links the local
 * copies. Deno finds that root from anywhere inside the checkout, subprocesses included, and
 * the checkout itself stays untouched. Where no `shared/std` is found it does nothing.
 *
 * Usage: `deno run --allow-read --allow-write scripts/link_std.ts [--check]`
 * (`.ci/run` runs it before the tests). `--check` only reports what it would do.
 *
 * @module
 */

const MARK = "written by scripts/link_std.ts";
const PACKAGES = ["assert", "bytes", "internal"];

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

const repo = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const parent = repo.replace(/\/[^/]+$/, "") || "/";
const member = repo.slice(parent.length + 1);
const std = `${parent}/shared/std`;
const root = `${parent}/deno.json`;
const check = Deno.args.includes("--check");

if (!PACKAGES.every((p) => exists(`${std}/${p}/deno.json`))) {
  console.log(`link_std: no ${std}; @std packages resolve from JSR`);
  Deno.exit(0);
}
if (exists(root) && !Deno.readTextFileSync(root).includes(MARK)) {
  console.error(`link_std: ${root} exists and was not written by this script; left alone`);
  Deno.exit(1);
}
const text = `// ${MARK}: links the offline @std copies for the checkout "${member}"
${
  JSON.stringify(
    { workspace: [`./${member}`], links: PACKAGES.map((p) => `./shared/std/${p}`) },
    null,
    2,
  )
}
`;
if (check) {
  console.log(`link_std: would write ${root}:\n${text}`);
} else if (!exists(root) || Deno.readTextFileSync(root) !== text) {
  Deno.writeTextFileSync(root, text);
  console.log(`link_std: wrote ${root} (links ${PACKAGES.map((p) => `@std/${p}`).join(", ")})`);
} else {
  console.log(`link_std: ${root} is up to date`);
}
