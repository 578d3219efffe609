/**
 * Running one measured client process, and the context of the server it runs against.
 *
 * @module
 */
import type { NfsClient } from "../mod.ts";
import type { TestServer } from "../harness/mod.ts";
import type { ClientResult } from "./_client.ts";
import { type ProcRun, runTimed, sh } from "./_measure.ts";
import type { Sample } from "./_results.ts";

/** The project root. */
export const ROOT = new URL("../", import.meta.url).pathname;
const CLIENT = new URL("./_client.ts", import.meta.url).pathname;
/** The latency proxy's program. */
export const PROXY = new URL("./_proxy.ts", import.meta.url).pathname;
export const GiB = 1 << 30;
export const MiB = 1 << 20;

export function log(msg: string): void {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

/** `url` with `name` appended to its path and the ports replaced when given. */
export function fileUrl(
  server: TestServer,
  name: string,
  ports?: { nfs: number; mount: number },
): string {
  const [base, query = ""] = server.url.split("?", 2) as [string, string?];
  const params = new URLSearchParams(query);
  if (ports) {
    params.set("nfsport", String(ports.nfs));
    params.set("mountport", String(ports.mount));
  }
  return `${base}${name ? `/${name}` : ""}?${params.toString()}`;
}

/** CPU seconds (user + sys) a process used so far, or 0 when it is gone. */
export function procCpu(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0;
  }
}

export interface Ctx {
  server: TestServer;
  label: string;
  /** Local directory behind the export, or null (MEM). */
  localDir: string | null;
  pid: number | undefined;
  admin: NfsClient;
  net: string;
  ports: { nfs: number; mount: number } | undefined;
  proxyPid: number | undefined;
}

export async function ours(args: string[]): Promise<{ run: ProcRun; result: ClientResult }> {
  const run = await runTimed(Deno.execPath(), ["run", "--allow-all", CLIENT, ...args], {
    captureStdout: true,
  });
  const line = run.stdout.trim().split("\n").pop() ?? "";
  return { run, result: JSON.parse(line) as ClientResult };
}

export function sample(
  ctx: Ctx,
  run: ProcRun,
  amount: number,
  cpu0: { server: number; proxy: number },
  r?: ClientResult,
): Sample {
  const s: Sample = {
    wall: run.wall,
    user: run.user,
    sys: run.sys,
    maxRssKiB: run.maxRssKiB,
    amount,
    serverCpu: procCpu(ctx.pid) - cpu0.server,
  };
  if (ctx.proxyPid !== undefined) s.proxyCpu = procCpu(ctx.proxyPid) - cpu0.proxy;
  if (r) {
    s.inProc = r.seconds;
    s.payloadCopied = r.copies.payloadBytes;
    s.headerCopied = r.copies.headerBytes;
  }
  return s;
}

export function cpuNow(ctx: Ctx): { server: number; proxy: number } {
  return { server: procCpu(ctx.pid), proxy: procCpu(ctx.proxyPid) };
}

export async function sha256File(path: string): Promise<string> {
  return (await sh(`sha256sum ${JSON.stringify(path)}`)).split(" ")[0]!;
}

/**
 * Removes a file through the server (NFS REMOVE). Not through the local directory: ganesha
 * keeps deleted files open in its descriptor cache, so on tmpfs every 1 GiB file removed
 * behind its back would keep its memory until ganesha stops, and the later runs of a
 * benchmark would be measured under growing memory pressure (seen: runs 4-5 of every write
 * test slowed to a third).
 */
export async function removeRemote(ctx: Ctx, name: string): Promise<void> {
  await ctx.admin.remove(name).catch(() => {});
}

/** MiB/s of a bulk sample, from the process's wall time. */
export function mibs(s: Sample): number {
  return s.amount / MiB / s.wall;
}

/** Our client's label for a window setting: `ours` (library default) or `ours w=N`. */
export function oursLabel(window: number | undefined): string {
  return window === undefined ? "ours" : `ours w=${window}`;
}
