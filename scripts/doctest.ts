/**
 * Runs the JSDoc examples (`deno test --doc`) of every library file: mod.ts, mbuf/, xdr/,
 * rpc/, nfs/, testing/, cli/ — not the test files, so their tests do not run twice.
 * Examples fenced as `ts ignore` are type-checked only where Deno does so, not run.
 */
const roots = ["mbuf", "xdr", "rpc", "nfs", "testing", "cli"];
const files = ["mod.ts"];
async function walk(dir: string): Promise<void> {
  for await (const e of Deno.readDir(dir)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) await walk(p);
    else if (p.endsWith(".ts") && !p.endsWith("_test.ts") && !p.endsWith("_bench.ts")) {
      files.push(p);
    }
  }
}
for (const r of roots) await walk(r);
files.sort();
const cmd = new Deno.Command(Deno.execPath(), {
  args: ["test", "--allow-all", "--doc", "--parallel", ...files],
  stdout: "inherit",
  stderr: "inherit",
});
Deno.exit((await cmd.output()).code);
