/**
 * CLI start-up (issue 19, goal 2): start to exit of `nfs cat` of a 1 MiB file against Deno's
 * own hello world, alternated in one run, on ganesha VFS over loopback.
 *
 * ```sh
 * deno run -A bench/startup.ts [--runs 15] [--no-json]
 * ```
 *
 * Rows: `hello` (`deno run` of a one-line script outside any config), `nfs --help` (from
 * source: every command module loaded), `nfs cat (source)` (as `deno task nfs` runs it, from
 * the ~70 modules of cli/main.ts), `nfs cat (installed)` (what `deno install -gA <flags> -n nfs
 * jsr:@nfs/client/bin` gives: the one file `deno task build:cli` makes, scripts/build_cli.ts,
 * installed by `deno install` with the flags of cli/_runtime.ts; here from a local copy, since
 * this machine cannot reach JSR), and libnfs's `nfs-cat`. Every row of ours runs with the
 * flags. Each run's ratio to the hello world of the same round is printed as min/median/max,
 * and each row's mean CPU time (user + system of the reaped children, from
 * `/proc/self/stat`, in 10 ms ticks: a mean over the runs; less noisy than wall time on a
 * shared machine). The target line is the installed command at most 2x hello; the source
 * row's ratio is printed beside it.
 *
 * @module
 */
import { CLI_DENO_FLAGS } from "../cli/_runtime.ts";
import { startGanesha } from "../harness/mod.ts";
import { buildCli } from "../scripts/build_cli.ts";

const args = Deno.args;
const runs = Number(args[args.indexOf("--runs") + 1] || 15) || 15;
const root = new URL("..", import.meta.url).pathname;
const main = `${root}cli/main.ts`;

const work = await Deno.makeTempDir({ prefix: "nfs-startup-" });
const hello = `${work}/hello.ts`;
await Deno.writeTextFile(hello, 'console.log("hello");\n');
// The installed command: the bundle JSR ships (built here), installed as the README says.
await buildCli(`${work}/dist/nfs.js`);
const inst = await new Deno.Command(Deno.execPath(), {
  args: [
    "install",
    "-g",
    "-A",
    ...CLI_DENO_FLAGS,
    "-q",
    "-n",
    "nfs",
    "--root",
    work,
    "--no-config",
    `${work}/dist/nfs.js`,
  ],
  stdout: "null",
  stderr: "piped",
}).output();
if (!inst.success) throw new Error(`deno install failed: ${new TextDecoder().decode(inst.stderr)}`);
const installed = `${work}/bin/nfs`;

/** CPU time (user + system, ms) of this process's reaped children so far. */
function childrenCpuMs(): number {
  const stat = Deno.readTextFileSync("/proc/self/stat");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 16 and 17 (cutime, cstime), counted from 1 with the pid and the name first.
  return ((Number(f[13]) + Number(f[14])) * 1000) / 100;
}

const dir = await Deno.makeTempDir({ dir: Deno.env.get("VFS_DIR") ?? "/dev/shm" });
try {
  await using server = await startGanesha({ dir });
  await Deno.writeFile(`${dir}/one.bin`, new Uint8Array(1 << 20).fill(7));
  const url = server.url.replace("?", "/one.bin?");
  const deno = Deno.execPath();
  const cmds: Record<string, string[]> = {
    "hello": [deno, "run", hello],
    "nfs --help": [deno, "run", "-A", ...CLI_DENO_FLAGS, main, "--help"],
    "nfs cat (source)": [deno, "run", "-A", ...CLI_DENO_FLAGS, main, "cat", url],
    "nfs cat (installed)": [installed, "cat", url],
    "nfs-cat": ["nfs-cat", url],
  };
  const cpu: Record<string, number[]> = {};
  const time = async (c: string[], k?: string): Promise<number> => {
    const c0 = childrenCpuMs();
    const t = performance.now();
    const o = await new Deno.Command(c[0]!, { args: c.slice(1), stdout: "piped", stderr: "piped" })
      .output();
    const ms = performance.now() - t;
    if (k !== undefined) (cpu[k] ??= []).push(childrenCpuMs() - c0);
    if (!o.success) throw new Error(`${c.join(" ")}: ${new TextDecoder().decode(o.stderr)}`);
    if (c.includes("cat") && o.stdout.length !== 1 << 20) {
      throw new Error(`${c.join(" ")} wrote ${o.stdout.length} bytes`);
    }
    return ms;
  };
  for (const c of Object.values(cmds)) await time(c); // warm-up (and content length check)
  const ms: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) {
    for (const [k, c] of Object.entries(cmds)) (ms[k] ??= []).push(await time(c, k));
  }
  const stats = (a: number[]) => {
    const s = [...a].sort((x, y) => x - y);
    return { min: s[0]!, med: s[s.length >> 1]!, max: s[s.length - 1]! };
  };
  const load = (await Deno.readTextFile("/proc/loadavg").catch(() => "?")).split(" ")[0];
  console.log(`${runs} alternated runs, load average ${load} (1 min) at the end`);
  console.log(
    "client                wall ms med (min-max)   / hello: min  med  max  CPU ms mean",
  );
  for (const [k, a] of Object.entries(ms)) {
    const s = stats(a);
    const r = stats(a.map((x, i) => x / ms.hello![i]!));
    console.log(
      `${k.padEnd(20)}  ${s.med.toFixed(1).padStart(6)} (${s.min.toFixed(1)}-${s.max.toFixed(1)})`
        .padEnd(44) +
        `${r.min.toFixed(2)}  ${r.med.toFixed(2)}  ${r.max.toFixed(2)}` +
        `${(cpu[k]!.reduce((x, y) => x + y, 0) / cpu[k]!.length).toFixed(1).padStart(8)}`,
    );
  }
  const ratio = (k: string) => stats(ms[k]!.map((x, i) => x / ms.hello![i]!)).med;
  const r = ratio("nfs cat (installed)");
  const rSource = ratio("nfs cat (source)");
  const out = new URL("./results/", import.meta.url).pathname;
  const date = new Date().toISOString().slice(0, 10);
  const json = {
    bench: "startup",
    date: new Date().toISOString(),
    runs,
    loadAverageEnd: load,
    deno: Deno.version.deno,
    file: "1 MiB on ganesha VFS, loopback",
    rows: Object.entries(ms).map(([client, a]) => ({
      client,
      wallMs: stats(a),
      perHello: stats(a.map((x, i) => x / ms.hello![i]!)),
      cpuMsMean: cpu[client]!.reduce((x, y) => x + y, 0) / cpu[client]!.length,
    })),
    target: {
      what: "installed nfs cat (the JSR bundle) start to exit / hello world, median",
      goal: 2,
      value: r,
      source: rSource,
    },
  };
  if (!args.includes("--no-json")) {
    await Deno.writeTextFile(`${out}startup-${date}.json`, JSON.stringify(json, null, 2) + "\n");
    console.log(`wrote bench/results/startup-${date}.json`);
  }
  console.log(
    `${r <= 2 ? "[met]" : "[MISSED]"} nfs cat 1 MiB start to exit ${r.toFixed(2)}x Deno's hello ` +
      `world, installed (goal <= 2x; from source ${rSource.toFixed(2)}x)`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(work, { recursive: true });
}
