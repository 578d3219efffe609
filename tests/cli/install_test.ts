/**
 * The install paths cli/README.md documents (issue 22, item 10): `deno bundle` into one file
 * and `deno install` into a bin directory, each then run against the servers. (`deno compile`
 * downloads `denort`, which this machine cannot: it is documented, not tested.)
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { CLI_DENO_FLAGS } from "../../cli/_runtime.ts";
import { join } from "node:path";
import { CLI, cliSuite, tempDir } from "./_cli.ts";

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

  await t.step("deno bundle makes one file that runs the CLI", async () => {
    const out = join(dir.path, "nfs.js");
    const b = await run(Deno.execPath(), ["bundle", "-o", out, CLI]);
    assertEquals(b.code, 0, b.stderr);
    const r = await run(Deno.execPath(), ["run", "-A", out, "cat", s.url("installed.txt")]);
    assertEquals([r.code, r.stdout, r.stderr], [0, "it works\n", ""]);
    const v = await run(Deno.execPath(), ["run", "-A", out, "--version"]);
    assertMatch(v.stdout, /^nfs \(@nfs\/client\) \d+\.\d+\.\d+\n$/);
  });

  await t.step("deno install puts an nfs command in a bin directory", async () => {
    const root = join(dir.path, "root");
    const i = await run(Deno.execPath(), [
      "install",
      "-gA",
      ...CLI_DENO_FLAGS,
      "--root",
      root,
      "-n",
      "nfs",
      "--config",
      CONFIG,
      CLI,
    ]);
    assertEquals(i.code, 0, i.stderr);
    // The shim runs the module with the documented flags.
    const shim = await Deno.readTextFile(join(root, "bin", "nfs"));
    for (const f of CLI_DENO_FLAGS) assert(shim.includes(f), `the shim has ${f}:\n${shim}`);
    const r = await run(join(root, "bin", "nfs"), ["cat", s.url("installed.txt")]);
    // Where scripts/link_std.ts linked the offline @std copies, the installed copy of the
    // config is not the workspace root, and Deno warns that it ignores the links there.
    const stderr = r.stderr.replace(/^Warning "links" field can only be specified.*\n.*\n/m, "");
    assertEquals([r.code, r.stdout, stderr], [0, "it works\n", ""]);
  });
});
