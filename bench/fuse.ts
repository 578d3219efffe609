/**
 * FUSE mount benchmark: `dd` of a large file (default 1 GiB) written and read through
 * `nfs mount`, against the library used directly (`NfsFile.writeAt`/`readAt` with 16 MiB
 * buffers), in the same run, on the same ganesha export on loopback.
 *
 * - Direct: one process writes the file (UNSTABLE, COMMIT at close), then reads it.
 * - Mount: the CLI serves the mount in a child process; `dd bs=1M conv=fsync` writes a
 *   second file, then the mount is made again (a cold page cache) and `dd bs=1M` reads it.
 * - CPU: user+sys seconds per GiB of the process doing the NFS work (this process for
 *   direct, the mount's server process for FUSE; dd's own CPU is not counted), from
 *   `/proc/PID/stat`.
 * - Copies: the server process's `copyStats()` are not reachable from here; the FUSE layer
 *   copies no READ payload and copies only WRITE payloads under 64 KiB (see fuse/fs.ts).
 *
 * Rounds alternate (direct, mount, direct, mount, ...; `--runs`, default 3) and each figure
 * is the median of its rounds, since the machine may be shared.
 *
 * Prints a table and one `[met]`/`[MISSED]` line per direction for the goal: the mount
 * reaches at least 60% of the library's direct rate.
 *
 * ```
 * deno task bench:fuse [--mib 1024] [--runs 3] [--dir /dev/shm]
 * ```
 *
 * Needs root, /dev/fuse and nfs-ganesha.
 *
 * @module
 */
import { connect } from "../mod.ts";
import { CLI_DENO_FLAGS } from "../cli/_runtime.ts";
import { startGanesha } from "../harness/mod.ts";

const args = Deno.args;
const opt = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
};
const MIB = Number(opt("mib", "1024"));
const RUNS = Number(opt("runs", "3"));
const BYTES = MIB << 20;
const CLI = new URL("../cli/main.ts", import.meta.url).pathname;
const TICK = 100; // USER_HZ

function cpuOf(pid: number | "self"): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / TICK; // utime + stime (fields 14, 15)
}

function mountedAt(dir: string): boolean {
  return Deno.readTextFileSync("/proc/self/mountinfo").split("\n").some((l) =>
    l.split(" ")[4] === dir
  );
}

async function mount(url: string, dir: string): Promise<Deno.ChildProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...CLI_DENO_FLAGS, CLI, "mount", "-q", url, dir],
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const end = Date.now() + 30_000;
  while (!mountedAt(dir)) {
    if (Date.now() > end) throw new Error(`no mount at ${dir}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

async function umount(dir: string, child: Deno.ChildProcess): Promise<void> {
  const o = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...CLI_DENO_FLAGS, CLI, "umount", dir],
  }).output();
  if (!o.success) throw new Error(`umount ${dir} failed`);
  await child.status;
}

async function dd(args: string[]): Promise<number> {
  const t0 = performance.now();
  const o = await new Deno.Command("dd", { args: [...args, "status=none"] }).output();
  if (!o.success) throw new Error(`dd ${args.join(" ")}: ${new TextDecoder().decode(o.stderr)}`);
  return (performance.now() - t0) / 1000;
}

interface Row {
  what: string;
  seconds: number;
  cpu: number;
}

const shm = opt("dir", "/dev/shm");
const base = await Deno.makeTempDir({ dir: shm, prefix: "bench-fuse-" });
const rows: Row[] = [];
const server = await startGanesha({ dir: base });
const mnt = await Deno.makeTempDir({ prefix: "bench-fuse-mnt-" });
try {
  for (let round = 0; round < RUNS; round++) {
    // Direct.
    {
      const nfs = await connect(server.url);
      const buf = new Uint8Array(16 << 20);
      crypto.getRandomValues(buf.subarray(0, 65536));
      for (let i = 65536; i < buf.length; i += 65536) buf.copyWithin(i, 0, 65536);
      let c0 = cpuOf("self");
      let t0 = performance.now();
      const f = await nfs.open("direct.bin", { write: true, create: true, truncate: true });
      for (let at = 0; at < BYTES; at += buf.length) await f.writeAt(buf, at);
      await f.close();
      rows.push({
        what: "write direct",
        seconds: (performance.now() - t0) / 1000,
        cpu: cpuOf("self") - c0,
      });
      c0 = cpuOf("self");
      t0 = performance.now();
      const r = await nfs.open("direct.bin");
      let got = 0;
      for (;;) {
        const n = await r.readAt(buf, got);
        if (n === null) break;
        got += n;
      }
      await r.close();
      if (got !== BYTES) throw new Error(`direct read got ${got} bytes`);
      rows.push({
        what: "read direct",
        seconds: (performance.now() - t0) / 1000,
        cpu: cpuOf("self") - c0,
      });
      await nfs.remove("direct.bin");
      await nfs.close();
    }
    // Through the mount.
    {
      let child = await mount(server.url, mnt);
      let c0 = cpuOf(child.pid);
      const w = await dd([
        "if=/dev/zero",
        `of=${mnt}/fuse.bin`,
        "bs=1M",
        `count=${MIB}`,
        "conv=fsync",
      ]);
      rows.push({ what: "write via mount (dd bs=1M)", seconds: w, cpu: cpuOf(child.pid) - c0 });
      await umount(mnt, child);
      child = await mount(server.url, mnt); // cold page cache
      c0 = cpuOf(child.pid);
      const r = await dd([`if=${mnt}/fuse.bin`, "of=/dev/null", "bs=1M"]);
      rows.push({ what: "read via mount (dd bs=1M)", seconds: r, cpu: cpuOf(child.pid) - c0 });
      await Deno.remove(`${mnt}/fuse.bin`);
      await umount(mnt, child);
    }
  }
} finally {
  if (mountedAt(mnt)) {
    await new Deno.Command("umount", { args: ["-l", mnt] }).output();
  }
  await server.stop();
  await Deno.remove(base, { recursive: true }).catch(() => {});
  await Deno.remove(mnt, { recursive: true }).catch(() => {});
}

const gib = BYTES / 2 ** 30;
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const names = [...new Set(rows.map((r) => r.what))];
const summary: Row[] = names.map((what) => {
  const rs = rows.filter((r) => r.what === what);
  return { what, seconds: med(rs.map((r) => r.seconds)), cpu: med(rs.map((r) => r.cpu)) };
});
console.log(
  `FUSE mount vs library direct, ${MIB} MiB, ganesha VFS on ${shm}, loopback, ` +
    `median of ${RUNS}`,
);
console.log("what                          MiB/s   CPU s/GiB   (rounds, MiB/s)");
const rounds = (what: string): string =>
  rows.filter((x) => x.what === what).map((x) => (MIB / x.seconds).toFixed(0)).join(", ");
for (const r of summary) {
  console.log(
    `${r.what.padEnd(28)} ${(MIB / r.seconds).toFixed(0).padStart(6)}   ${
      (r.cpu / gib).toFixed(2).padStart(9)
    }   (${rounds(r.what)})`,
  );
}
for (const dir of ["write", "read"]) {
  const d = summary.find((r) => r.what === `${dir} direct`)!;
  const m = summary.find((r) => r.what.startsWith(`${dir} via mount`))!;
  const ratio = d.seconds / m.seconds;
  const ok = ratio >= 0.6;
  console.log(
    `${ok ? "[met]" : "[MISSED]"} ${dir} through the mount at ${(ratio * 100).toFixed(0)}% of ` +
      `direct (goal >= 60%)`,
  );
}
