/**
 * The install paths cli/README.md documents (issue 22, item 10): the one file JSR ships
 * (`deno task build:cli`, scripts/build_cli.ts) and `deno install` of it or of `cli/main.ts`
 * into a bin directory, each then run against the servers. (`deno compile` downloads
 * `denort`, which this machine cannot: it is documented, not tested.) The whole CLI suite can
 * run against the built file with `NFS_TEST_CLI` (tests/cli/_cli.ts).
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { CLI_DENO_FLAGS } from "../../cli/_runtime.ts";
import { join } from "node:path";
import { buildCli, HEADER } from "../../scripts/build_cli.ts";
import { CLI, cliSuite, nfs, tempDir } from "./_cli.ts";

/** The checkout's deno.json: a local `deno install` needs it for the import map. */
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

async function run(cmd: string, args: string[], cwd?: string) {
  const o = await new Deno.Command(cmd, {
    args,
    ...(cwd ? { cwd } : {}),
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: o.code, stdout: text(o.stdout), stderr: text(o.stderr) };
}

cliSuite("install paths", async (t, s) => {
  await Deno.writeTextFile(`${s.exportDir}/installed.txt`, "it works\n");
  await using dir = await tempDir();

  const bundle = join(dir.path, "dist", "nfs.js");
  await t.step("build:cli makes one file that imports nothing and runs the CLI", async () => {
    const size = await buildCli(bundle);
    const code = await Deno.readTextFile(bundle);
    assertEquals(code.length, size);
    assert(code.startsWith(HEADER), "the header names the source and the types");
    assertMatch(await Deno.readTextFile(join(dir.path, "dist", "nfs.d.ts")), /function main\(/);
    const r = await run(Deno.execPath(), [
      "run",
      "-A",
      ...CLI_DENO_FLAGS,
      bundle,
      "cat",
      s.url("installed.txt"),
    ]);
    assertEquals([r.code, r.stdout, r.stderr], [0, "it works\n", ""]);
    const v = await run(Deno.execPath(), ["run", "-A", bundle, "--version"]);
    assertMatch(v.stdout, /^nfs \(@nfs\/client\) \d+\.\d+\.\d+\n$/);
  });

  await t.step("the built file says what cli/main.ts says, errors and exit codes too", async () => {
    await Deno.mkdir(`${s.exportDir}/same`, { recursive: true });
    await Deno.writeTextFile(`${s.exportDir}/same/a.txt`, "a\n");
    const cases = [
      ["ls", "-l", s.url("same")],
      ["stat", s.url("same/a.txt")],
      ["cat", s.url("same/missing.txt")],
      ["rmdir", s.url("same")],
      ["ls", "--no-such-flag", s.url("same")],
    ];
    for (const args of cases) {
      const want = await nfs(args);
      const got = await run(Deno.execPath(), ["run", "-A", bundle, ...args]);
      assertEquals(
        [got.code, got.stdout, got.stderr],
        [want.code, want.stdout, want.stderr],
        args.join(" "),
      );
    }
  });

  await t.step("minified, the error classes keep their names", async () => {
    // The bundle is minified: nfs/errors.ts sets each class's name (NfsError reads it with
    // new.target.name) rather than relying on the class's own, which a minifier renames.
    const errors = new URL("../../nfs/errors.ts", import.meta.url).pathname;
    const entry = join(dir.path, "names.ts");
    await Deno.writeTextFile(
      entry,
      `import * as E from ${JSON.stringify(errors)};\n` +
        "const out: Record<string, string> = {};\n" +
        "for (const [k, v] of Object.entries(E)) {\n" +
        "  if (typeof v === 'function' && (v === E.NfsError || v.prototype instanceof E.NfsError)) {\n" +
        "    out[k] = new (v as typeof E.NfsError)('m', { code: 'EIO', status: 5 }).name;\n" +
        "  }\n" +
        "}\n" +
        "console.log(JSON.stringify(out));\n",
    );
    const out = join(dir.path, "names.js");
    const b = await run(Deno.execPath(), ["bundle", "-q", "--minify", "-o", out, entry]);
    assertEquals(b.code, 0, b.stderr);
    const r = await run(Deno.execPath(), ["run", out]);
    assertEquals(r.code, 0, r.stderr);
    const names = JSON.parse(r.stdout) as Record<string, string>;
    assert(Object.keys(names).length >= 20, r.stdout);
    for (const [k, name] of Object.entries(names)) assertEquals(name, k);
  });

  /** `deno install`s `entry` with the flags into `root/bin/nfs`, checks the shim, runs cat. */
  const install = async (root: string, config: string[], entry: string) => {
    const i = await run(Deno.execPath(), [
      "install",
      "-gA",
      ...CLI_DENO_FLAGS,
      "--root",
      root,
      "-n",
      "nfs",
      ...config,
      entry,
    ]);
    assertEquals(i.code, 0, i.stderr);
    // The shim runs the module with the documented flags.
    const shim = await Deno.readTextFile(join(root, "bin", "nfs"));
    for (const f of CLI_DENO_FLAGS) assert(shim.includes(f), `the shim has ${f}:\n${shim}`);
    return await run(join(root, "bin", "nfs"), ["cat", s.url("installed.txt")]);
  };

  await t.step("deno install of the built file, as from JSR, with the flags", async () => {
    const r = await install(join(dir.path, "jsr-root"), ["--no-config"], bundle);
    assertEquals([r.code, r.stdout, r.stderr], [0, "it works\n", ""]);
  });

  await t.step("deno install puts an nfs command in a bin directory", async () => {
    const r = await install(join(dir.path, "root"), ["--config", CONFIG], CLI);
    // Where scripts/link_std.ts linked the offline @std copies, the installed copy of the
    // config is not the workspace root, and Deno warns that it ignores the links there.
    const stderr = r.stderr.replace(/^Warning "links" field can only be specified.*\n.*\n/m, "");
    assertEquals([r.code, r.stdout, stderr], [0, "it works\n", ""]);
  });
});
