/**
 * Builds the `nfs` command as one JavaScript file, `cli/dist/nfs.js`: what the package's
 * `./bin` export is and what `deno install … jsr:@nfs/client/bin` installs.
 *
 * Why: `nfs cat` from the ~70 TypeScript modules of `cli/main.ts` spends ~25 ms of its start-up
 * resolving, reading and instantiating them one by one (bench/startup.ts: 3.3x Deno's hello
 * world, against 2.0x for the one file). The file is `deno bundle --minify` of `cli/main.ts`
 * (the names of the error classes are set explicitly, see nfs/errors.ts; `--keep-names` cost
 * 7% of the start-up), with nothing imported from outside it, and a declaration file beside it
 * (`nfs.d.ts`: the `main` it exports). It is made before publishing (`deno task publish`), not committed: it is
 * listed in .gitignore and un-ignored for `deno publish` in deno.json.
 *
 * Usage: `deno run -A scripts/build_cli.ts [--out FILE]` (`deno task build:cli`) (default `cli/dist/nfs.js`).
 *
 * @module
 */

const root = new URL("..", import.meta.url).pathname;
const args = Deno.args;
const at = args.indexOf("--out");
const out = at >= 0 && args[at + 1] ? args[at + 1]! : `${root}cli/dist/nfs.js`;

/** The header the built file starts with. */
export const HEADER = "// nfs: the @nfs/client command, built by scripts/build_cli.ts from " +
  'cli/main.ts. Do not edit.\n/* @ts-self-types="./nfs.d.ts" */\n';

/** The declarations of what the file exports (cli/main.ts's `main`). */
const TYPES =
  "// Built by scripts/build_cli.ts: the types of nfs.js, the bundle of cli/main.ts.\n" +
  "/** Runs the nfs command with `argv` (no program name) and resolves to its exit code. */\n" +
  "export declare function main(argv: readonly string[]): Promise<number>;\n";

/**
 * Bundles `cli/main.ts` into `file` and checks that it imports nothing.
 *
 * @param file Where to write the bundle (`nfs.d.ts` goes beside it).
 * @returns Its size in bytes.
 * @throws {Error} When `deno bundle` fails or the output imports a module.
 */
export async function buildCli(file: string): Promise<number> {
  const dir = file.slice(0, file.lastIndexOf("/") + 1) || ".";
  await Deno.mkdir(dir, { recursive: true });
  const tmp = `${file}.tmp`;
  const o = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "-q", "--minify", "-o", tmp, `${root}cli/main.ts`],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!o.success) {
    await Deno.remove(tmp).catch(() => {});
    throw new Error(`deno bundle failed: ${new TextDecoder().decode(o.stderr)}`);
  }
  const code = await Deno.readTextFile(tmp);
  // A static or dynamic import left in the output would load a module from outside the file
  // (from wherever the bundle was copied to): everything but Deno's `node:` built-ins must be
  // inside.
  const imports =
    (code.match(/(?:^|[;}\s(,])import\s*\(?\s*["'][^"']+["']|\bfrom\s*["'][^"']+["']/g) ?? [])
      .filter((i) => !/["']node:/.test(i));
  if (imports.length > 0) {
    await Deno.remove(tmp);
    throw new Error(`the bundle imports modules: ${imports.slice(0, 5).join(", ")}`);
  }
  await Deno.writeTextFile(tmp, HEADER + code);
  await Deno.writeTextFile(`${dir}nfs.d.ts`, TYPES);
  await Deno.rename(tmp, file);
  return HEADER.length + code.length;
}

if (import.meta.main) {
  const size = await buildCli(out);
  console.log(`${out.replace(root, "")}: ${(size / 1024).toFixed(0)} KiB`);
}
