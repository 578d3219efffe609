/**
 * Listing at scale (issue 19, goal 3): `readDir` and `nfs ls` of directories of 1k, 10k,
 * 100k (and, with `--sizes`, 1M) entries on ganesha VFS in tmpfs. Per entry time should stay
 * flat (within 1.5x across the sizes) and peak RSS under 128 MiB.
 *
 * ```sh
 * deno run -A bench/scale.ts [--sizes 1000,10000,100000] [--runs 3] [--no-cli] [--out bench/results/]
 * ```
 *
 * `--no-cli` leaves `nfs ls` out (it holds and sorts a whole directory, as ls does: ~1.9 KiB
 * of RSS per entry at 100k here, so over a GiB at 1M).
 *
 * Each size: the files are made in the export directory (empty files), ganesha is started on
 * it, and then, alternated, `bench/_client.ts ls` (readDir with attributes; the in-process
 * time after connect) and `nfs ls` from source (`cli/main.ts ls URL > /dev/null`, the whole
 * process), each under GNU time for the peak RSS. Figures are medians of `--runs`.
 *
 * @module
 */
import { startGanesha } from "../harness/mod.ts";

function flag(name: string, def: string): string {
  const i = Deno.args.indexOf(name);
  return i >= 0 && Deno.args[i + 1] !== undefined ? Deno.args[i + 1]! : def;
}
const sizes = flag("--sizes", "1000,10000,100000").split(",").map(Number);
const runs = Number(flag("--runs", "3"));
const noCli = Deno.args.includes("--no-cli");
const out = Deno.args.includes("--out") ? flag("--out", "bench/results/") : undefined;
const root = new URL("..", import.meta.url).pathname;
const vfsDir = Deno.env.get("VFS_DIR") ?? "/dev/shm";

interface Run {
  seconds: number;
  rssMiB: number;
}

async function timed(cmd: string[], inProc: boolean): Promise<Run> {
  const c = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "%e %M", ...cmd],
    stdout: inProc ? "piped" : "null",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(c.stderr).trim().split("\n");
  if (!c.success) throw new Error(`${cmd.join(" ")}: ${err.join("\n")}`);
  const [wall, rss] = err[err.length - 1]!.split(" ").map(Number) as [number, number];
  let seconds = wall;
  if (inProc) {
    const line = new TextDecoder().decode(c.stdout).trim().split("\n").pop()!;
    seconds = (JSON.parse(line) as { seconds: number }).seconds;
  }
  return { seconds, rssMiB: rss / 1024 };
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const rows: {
  entries: number;
  client: string;
  usPerEntry: number;
  usPerEntryRange: [number, number];
  peakRssMiB: number;
}[] = [];

for (const n of sizes) {
  const dir = await Deno.makeTempDir({ dir: vfsDir, prefix: "nfs-scale-" });
  try {
    await Deno.mkdir(`${dir}/d`);
    for (let i = 0; i < n; i++) {
      (await Deno.open(`${dir}/d/f${String(i).padStart(7, "0")}`, { createNew: true, write: true }))
        .close();
    }
    await using server = await startGanesha({ dir });
    const url = server.url.replace("?", "/d?");
    const deno = Deno.execPath();
    const clients: [string, string[], boolean][] = [
      ["readDir (in-process)", [deno, "run", "-A", `${root}bench/_client.ts`, "ls", url], true],
      ["nfs ls (process)", [deno, "run", "-A", `${root}cli/main.ts`, "ls", url], false],
    ];
    if (noCli) clients.pop();
    const got = new Map<string, Run[]>();
    for (let r = -1; r < runs; r++) {
      for (const [name, cmd, inProc] of clients) {
        const run = await timed(cmd, inProc);
        if (r >= 0) got.set(name, [...(got.get(name) ?? []), run]);
      }
    }
    for (const [name] of clients) {
      const a = got.get(name)!;
      const us = a.map((x) => x.seconds / n * 1e6);
      rows.push({
        entries: n,
        client: name,
        usPerEntry: median(us),
        usPerEntryRange: [Math.min(...us), Math.max(...us)],
        peakRssMiB: Math.max(...a.map((x) => x.rssMiB)),
      });
      const row = rows[rows.length - 1]!;
      console.log(
        `${String(n).padStart(8)} ${name.padEnd(22)} ${
          row.usPerEntry.toFixed(2).padStart(7)
        } µs/entry ` +
          `(${row.usPerEntryRange.map((x) => x.toFixed(2)).join("-")})  peak RSS ${
            row.peakRssMiB.toFixed(1)
          } MiB`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const load = (await Deno.readTextFile("/proc/loadavg").catch(() => "?")).split(" ")[0];
console.log(`load average ${load} (1 min) at the end; ${runs} runs per client and size`);
for (const client of new Set(rows.map((r) => r.client))) {
  const mine = rows.filter((r) => r.client === client);
  const us = mine.map((r) => r.usPerEntry);
  // Flatness is judged from 10k up: at 1k a whole process is mostly start-up, not entries.
  const big = mine.filter((r) => r.entries >= 10000).map((r) => r.usPerEntry);
  const spread = big.length > 1 ? Math.max(...big) / Math.min(...big) : NaN;
  const rss = Math.max(...mine.map((r) => r.peakRssMiB));
  const top = Math.max(...mine.map((r) => r.entries));
  console.log(
    `${spread <= 1.5 ? "[met]" : "[MISSED]"} ${client}: per entry ${
      spread.toFixed(2)
    }x from smallest to largest at >= 10k entries (goal <= 1.5x); all sizes: ${
      us.map((x) => x.toFixed(2)).join(", ")
    } µs`,
  );
  console.log(
    `${rss < 128 ? "[met]" : "[MISSED]"} ${client}: peak RSS ${rss.toFixed(1)} MiB at ${top} ` +
      `entries (goal < 128 MiB${top < 1_000_000 ? "; the goal is stated at 1M" : ""})`,
  );
}
if (out !== undefined) {
  const file = `${out.replace(/\/?$/, "/")}scale-${new Date().toISOString().slice(0, 10)}.json`;
  await Deno.writeTextFile(
    file,
    JSON.stringify(
      { date: new Date().toISOString(), load, runs, server: "ganesha-vfs", rows },
      null,
      2,
    ) +
      "\n",
  );
  console.log(`wrote ${file}`);
}
