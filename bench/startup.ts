/**
 * CLI start-up (issue 19, goal 2): start to exit of `nfs cat` of a 1 MiB file against Deno's
 * own hello world, alternated in one run, on ganesha VFS over loopback.
 *
 * ```sh
 * deno run -A bench/startup.ts [--runs 15] [--no-bundle] [--no-json] [--no-install]
 * ```
 *
 * Rows: `hello` (`deno run` of a one-line script outside any config), `nfs --help` (every
 * command module loaded), `nfs cat` (from source, as `deno task nfs` runs it: with the flags
 * of cli/_runtime.ts, as every row of ours), `nfs cat (installed)` (the shell script
 * `deno install -gA --v8-flags=… -n nfs --config deno.json cli/main.ts` writes, as
 * cli/README.md says to install from a checkout; from JSR the modules would be
 * `jsr:` ones in Deno's cache, which this machine cannot fetch), `nfs cat (bundle)` (the
 * same `cli/main.ts` as one file from `deno bundle`, when that works), and libnfs's
 * `nfs-cat`. Each run's ratio to the hello world of the same round is printed as
 * min/median/max, and each row's mean CPU time (user + system of the reaped children, from
 * `/proc/self/stat`, in 10 ms ticks: a mean over the runs; less noisy than wall time on a
 * shared machine); the target
 * line is `nfs cat` (source) at most 2x hello.
 *
 * @module
 */
import { CLI_DENO_FLAGS } from "../cli/_runtime.ts";
import { startGanesha } from "../harness/mod.ts";

const args = Deno.args;
const runs = Number(args[args.indexOf("--runs") + 1] || 15) || 15;
const withBundle = !args.includes("--no-bundle");
const withInstall = !args.includes("--no-install");
const root = new URL("..", import.meta.url).pathname;
const main = `${root}cli/main.ts`;

const work = await Deno.makeTempDir({ prefix: "nfs-startup-" });
const hello = `${work}/hello.ts`;
await Deno.writeTextFile(hello, 'console.log("hello");\n');
let bundle: string | undefined;
if (withBundle) {
  const out = `${work}/nfs.js`;
  const b = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "-q", "-o", out, main],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (b.success) bundle = out;
  else console.error(`deno bundle failed, no bundle row: ${new TextDecoder().decode(b.stderr)}`);
}

let installed: string | undefined;
if (withInstall) {
  const i = await new Deno.Command(Deno.execPath(), {
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
      "--config",
      `${root}deno.json`,
      main,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (i.success) installed = `${work}/bin/nfs`;
  else {console.error(
      `deno install failed, no installed row: ${new TextDecoder().decode(i.stderr)}`,
    );}
}

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
    "nfs cat": [deno, "run", "-A", ...CLI_DENO_FLAGS, main, "cat", url],
    ...(installed ? { "nfs cat (installed)": [installed, "cat", url] } : {}),
    ...(bundle
      ? { "nfs cat (bundle)": [deno, "run", "-A", ...CLI_DENO_FLAGS, bundle, "cat", url] }
      : {}),
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
  const r = stats(ms["nfs cat"]!.map((x, i) => x / ms.hello![i]!)).med;
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
    target: { what: "nfs cat start to exit / hello world, median", goal: 2, value: r },
  };
  if (!args.includes("--no-json")) {
    await Deno.writeTextFile(`${out}startup-${date}.json`, JSON.stringify(json, null, 2) + "\n");
    console.log(`wrote bench/results/startup-${date}.json`);
  }
  console.log(
    `${r <= 2 ? "[met]" : "[MISSED]"} nfs cat 1 MiB start to exit ${r.toFixed(2)}x Deno's hello ` +
      `world (goal <= 2x)`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(work, { recursive: true });
}
