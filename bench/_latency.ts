/**
 * The latency proxy as the benchmark starts it: spawned in front of a server and calibrated
 * with NULL calls until it adds the asked delay each way; and its throughput ceiling.
 *
 * Two proxies: `proxy/latency_proxy.c` (epoll, one ring per direction, sleeps until the next
 * due byte with a nanosecond timeout), compiled on demand into `tmp/` with `cc -O2`; and
 * `_proxy.ts` (Deno), used when there is no C compiler. The Deno one carries only about
 * 1 GB/s here (2026-12-02: 954 MiB/s to our client at 0 ms), less than the clients need.
 *
 * @module
 */
import { RpcClient } from "../rpc/mod.ts";
import type { TestServer } from "../harness/mod.ts";
import { median } from "./_measure.ts";
import {
  type ProxyCeiling,
  proxyCeilings,
  type ProxyInfo,
  proxyInfos,
  proxyNotes,
} from "./_results.ts";
import { type Ctx, log, procCpu, PROXY, ROOT } from "./_run.ts";

const C_SOURCE = `${ROOT}bench/proxy/latency_proxy.c`;
const C_BINARY = `${ROOT}tmp/latency_proxy`;

/** Which proxy runs: the C one (its binary's path) or the Deno one, and why. */
export interface ProxyImpl {
  kind: "c" | "deno";
  /** The C binary, when kind is "c". */
  binary?: string;
  /** Why the Deno proxy is used, when it is. */
  reason?: string;
}

let implCache: Promise<ProxyImpl> | undefined;

/**
 * The proxy to use: the C one, compiled when its binary is missing or older than its source;
 * the Deno one when that fails (the reason is logged and kept in the JSON).
 */
export function proxyImpl(): Promise<ProxyImpl> {
  return implCache ??= (async (): Promise<ProxyImpl> => {
    if (Deno.env.get("NFS_BENCH_PROXY") === "deno") return deno("NFS_BENCH_PROXY=deno");
    try {
      const src = Deno.statSync(C_SOURCE).mtime!.getTime();
      let bin = 0;
      try {
        bin = Deno.statSync(C_BINARY).mtime!.getTime();
      } catch { /* not built yet */ }
      if (bin < src) {
        await Deno.mkdir(`${ROOT}tmp`, { recursive: true });
        const tmp = `${C_BINARY}.${Deno.pid}`;
        const out = await new Deno.Command("cc", {
          args: ["-O2", "-o", tmp, C_SOURCE],
          stdout: "piped",
          stderr: "piped",
        }).output();
        if (!out.success) {
          throw new Error(`cc failed: ${new TextDecoder().decode(out.stderr).trim()}`);
        }
        await Deno.rename(tmp, C_BINARY);
        log(`built ${C_BINARY} (cc -O2)`);
      }
      return { kind: "c", binary: C_BINARY };
    } catch (e) {
      return deno(
        e instanceof Deno.errors.NotFound
          ? "no C compiler (cc) on PATH"
          : (e instanceof Error ? e.message : String(e)),
      );
    }
  })();
}

/** The Deno proxy, said so (in the log and the report) with the reason. */
function deno(reason: string): ProxyImpl {
  const note =
    `the Deno latency proxy (_proxy.ts, about 1 GB/s at most here) is used, not the C one: ${reason}`;
  log(note);
  proxyNotes.push(note);
  return { kind: "deno", reason };
}

export async function nullRtt(port: number, n = 300): Promise<number> {
  const rpc = await RpcClient.connect({ port });
  const spec = {
    prog: 100003,
    vers: 3,
    proc: 0,
    name: "NULL",
    encode: () => {},
    decode: () => undefined,
  };
  try {
    const xs: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await rpc.call(spec);
      xs.push(performance.now() - t);
    }
    return median(xs);
  } finally {
    await rpc.close();
  }
}

export interface RunningProxy {
  pid: number;
  ports: number[];
  impl: ProxyImpl;
  stop(): Promise<void>;
}

/** Spawns a proxy forwarding to `targets` (ports on 127.0.0.1) with `delay` ms each way. */
export async function spawnProxyTo(targets: number[], delay: number): Promise<RunningProxy> {
  const impl = await proxyImpl();
  const to = targets.flatMap((t) => ["--to", String(t)]);
  const child = new Deno.Command(
    impl.kind === "c" ? impl.binary! : Deno.execPath(),
    {
      args: impl.kind === "c"
        ? ["--delay", String(delay), ...to]
        : ["run", "--allow-net", PROXY, "--delay", String(delay), ...to],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    },
  ).spawn();
  const line = await firstLine(child.stdout, "The latency proxy exited before it listened");
  const { ports } = JSON.parse(line) as { ports: number[] };
  return {
    pid: child.pid,
    ports,
    impl,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* exited */ }
      await child.stdin.close().catch(() => {});
      await child.status;
    },
  };
}

/** The first line a child prints; the rest of its output is dropped. */
async function firstLine(out: ReadableStream<Uint8Array>, ended: string): Promise<string> {
  const reader = out.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(ended);
    text += value;
  }
  reader.releaseLock();
  void out.cancel().catch(() => {});
  return text.split("\n")[0]!;
}

/** A proxy in front of a server's NFS and MOUNT ports. */
export async function spawnProxy(
  server: TestServer,
  delay: number,
): Promise<RunningProxy & { nfs: number; mount: number }> {
  const p = await spawnProxyTo([server.nfsPort, server.mountPort], delay);
  return { ...p, nfs: p.ports[0]!, mount: p.ports[1]! };
}

/**
 * Starts the proxy and calibrates it: the NULL-call round trip through the proxy must be
 * `2 * delayMs` longer than the direct one (median of `pings`). The Deno proxy's timer
 * thread wakes it late, so its delay parameter is lowered over a few rounds; the C one is
 * usually right at once. Every calibration is kept (`proxyInfos`, the JSON's `proxy`).
 */
export async function startProxy(
  ctx: Ctx,
  delayMs: number,
  pings: number,
): Promise<RunningProxy & { nfs: number; mount: number }> {
  let param = delayMs;
  type P = RunningProxy & { nfs: number; mount: number };
  let best: { p: P; err: number; info: ProxyInfo } | undefined;
  for (let round = 0; round < 4; round++) {
    // Direct again each round: on a loaded machine it moves too.
    const direct = await nullRtt(ctx.server.nfsPort, pings);
    const p = await spawnProxy(ctx.server, param);
    const via = await nullRtt(p.nfs, pings);
    const added = (via - direct) / 2;
    const info: ProxyInfo = {
      server: ctx.label,
      impl: p.impl.kind,
      delayMs,
      delayParamMs: +param.toFixed(3),
      rttDirectMs: +direct.toFixed(3),
      rttProxyMs: +via.toFixed(3),
      addedPerDirectionMs: +added.toFixed(3),
    };
    const err = Math.abs(added - delayMs);
    if (best === undefined || err < best.err) {
      await best?.p.stop();
      best = { p, err, info };
    } else {
      await p.stop();
    }
    log(
      `  ${p.impl.kind} proxy, delay parameter ${param.toFixed(3)} ms: ${
        added.toFixed(3)
      } ms added each way (NULL RTT ${direct.toFixed(3)} direct, ${via.toFixed(3)} via proxy)`,
    );
    if (err <= 0.05 * delayMs + 0.02) break;
    // Noisy machines: clamp, so one bad measurement cannot send the parameter far off. The
    // Deno proxy wakes ~0.4 ms late by itself; the C one adds ~0.02 ms, so what it shows
    // beyond is the machine's load (wake-ups waiting for a core), not to be taken off the
    // delay wholesale (under load 10: parameter 0.3 ms measured 0.69 ms each way).
    const floor = p.impl.kind === "c" ? 0.75 : 0.3;
    param = Math.min(delayMs, Math.max(floor * delayMs, param + (delayMs - added)));
  }
  proxyInfos.push(best!.info);
  return best!.p;
}

const DENO_SINK = `${ROOT}bench/_tcp_sink.ts`;

/**
 * One TCP stream of `bytes` from the C blaster to a sink, through `via` or direct. The sink
 * is the C one, or with `denoSink` a Deno process (`_tcp_sink.ts`) whose CPU time is taken.
 */
async function blast(
  bin: string,
  bytes: number,
  via: ((sinkPort: number) => Promise<RunningProxy>) | null,
  denoSink = false,
): Promise<{ mibs: number; proxyCpu: number | null; sinkCpu: number | null }> {
  const sink = new Deno.Command(
    denoSink ? Deno.execPath() : bin,
    {
      args: denoSink ? ["run", "--allow-net", DENO_SINK, String(1 << 20)] : ["--sink"],
      stdin: denoSink ? "piped" : "null",
      stdout: "piped",
      stderr: "inherit",
    },
  ).spawn();
  let proxy: RunningProxy | undefined;
  try {
    const { port } = JSON.parse(await firstLine(sink.stdout, "The sink exited")) as {
      port: number;
    };
    proxy = via ? await via(port) : undefined;
    const cpu0 = procCpu(proxy?.pid);
    const out = await new Deno.Command(bin, {
      args: ["--blast", String(proxy ? proxy.ports[0] : port), "--bytes", String(bytes)],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(`The TCP blast failed: ${new TextDecoder().decode(out.stderr).trim()}`);
    }
    const r = JSON.parse(new TextDecoder().decode(out.stdout)) as { seconds: number };
    return {
      mibs: bytes / 2 ** 20 / r.seconds,
      proxyCpu: proxy ? procCpu(proxy.pid) - cpu0 : null,
      // The sink has answered and waits for its stdin to close: its whole life, start included.
      sinkCpu: denoSink ? procCpu(sink.pid) : null,
    };
  } finally {
    await proxy?.stop();
    if (denoSink) await sink.stdin.close().catch(() => {});
    try {
      sink.kill("SIGTERM");
    } catch { /* exited */ }
    await sink.status;
  }
}

/**
 * The proxy's throughput ceiling at 0 ms: one TCP stream of `bytes` pushed by the C blaster
 * (`latency_proxy --blast`) through the proxy into a sink, against the same stream direct,
 * `runs` times alternated (medians). Also what the proxy costs: its CPU seconds per GiB, and
 * the rate one CPU second of it carries; and the floor of a Deno client: the CPU seconds per
 * GiB of a Deno process receiving the stream direct (`_tcp_sink.ts`, 1 MiB buffer). Needs
 * the C binary (for the blaster); null without.
 */
export async function proxyCeiling(bytes: number, runs: number): Promise<ProxyCeiling | null> {
  const impl = await proxyImpl();
  if (impl.kind !== "c") {
    // No blaster without cc. The Deno proxy can still be measured by our client through it.
    return null;
  }
  const via: number[] = [];
  const direct: number[] = [];
  const cpu: number[] = [];
  const deno: number[] = [];
  const denoCpu: number[] = [];
  const gib = bytes / 2 ** 30;
  for (let i = 0; i < runs; i++) {
    direct.push((await blast(impl.binary!, bytes, null)).mibs);
    const r = await blast(impl.binary!, bytes, (port) => spawnProxyTo([port], 0));
    via.push(r.mibs);
    cpu.push(r.proxyCpu! / gib);
    const d = await blast(impl.binary!, bytes, null, true);
    deno.push(d.mibs);
    denoCpu.push(d.sinkCpu! / gib);
  }
  const c: ProxyCeiling = {
    impl: impl.kind,
    bytes,
    runs,
    directMibs: median(direct),
    viaProxyMibs: median(via),
    proxyCpuPerGiB: median(cpu),
    // GiB/s one core of proxy carries: 1 / (CPU s per GiB); /proc CPU ticks are 10 ms.
    proxyMibsPerCpuSecond: median(cpu) > 0 ? 1024 / median(cpu) : Infinity,
    denoSinkMibs: median(deno),
    denoSinkCpuPerGiB: median(denoCpu),
  };
  proxyCeilings.push(c);
  log(
    `proxy ceiling (TCP blast, ${runs} runs): ${
      c.viaProxyMibs.toFixed(0)
    } MiB/s through the ${c.impl} proxy at 0 ms, ${
      c.directMibs.toFixed(0)
    } MiB/s direct; proxy CPU ${c.proxyCpuPerGiB.toFixed(2)} s/GiB; into a Deno process ${
      c.denoSinkMibs.toFixed(0)
    } MiB/s, ${c.denoSinkCpuPerGiB.toFixed(2)} CPU s/GiB`,
  );
  return c;
}
