/**
 * The latency proxy (`_proxy.ts`, a child process) as the benchmark starts it: spawned in
 * front of a server and calibrated with NULL calls until it adds the asked delay each way.
 *
 * @module
 */
import { RpcClient } from "../rpc/mod.ts";
import type { TestServer } from "../harness/mod.ts";
import { median } from "./_measure.ts";
import { type ProxyInfo, proxyInfos } from "./_results.ts";
import { type Ctx, log, PROXY } from "./_run.ts";

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
  ports: { nfs: number; mount: number };
  stop(): Promise<void>;
}

export async function spawnProxy(server: TestServer, delay: number): Promise<RunningProxy> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      PROXY,
      "--delay",
      String(delay),
      "--to",
      String(server.nfsPort),
      "--to",
      String(server.mountPort),
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("The latency proxy exited before it listened");
    text += value;
  }
  reader.releaseLock();
  void child.stdout.cancel().catch(() => {});
  const { ports } = JSON.parse(text.split("\n")[0]!) as { ports: [number, number] };
  return {
    pid: child.pid,
    ports: { nfs: ports[0], mount: ports[1] },
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* exited */ }
      await child.stdin.close().catch(() => {});
      await child.status;
    },
  };
}

/**
 * Starts the proxy and calibrates it: the worker timer wakes the proxy a little late, so
 * the delay parameter is lowered until NULL calls through the proxy take `2 * delayMs`
 * longer than direct ones (median of `pings`; a few rounds).
 */
export async function startProxy(ctx: Ctx, delayMs: number, pings: number): Promise<RunningProxy> {
  const direct = await nullRtt(ctx.server.nfsPort, pings);
  let param = delayMs;
  let best: { p: RunningProxy; err: number; info: ProxyInfo } | undefined;
  for (let round = 0; round < 4; round++) {
    const p = await spawnProxy(ctx.server, param);
    const via = await nullRtt(p.ports.nfs, pings);
    const added = (via - direct) / 2;
    const info: ProxyInfo = {
      server: ctx.label,
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
    log(`  proxy delay parameter ${param.toFixed(3)} ms: ${added.toFixed(3)} ms added each way`);
    if (err <= 0.05 * delayMs + 0.02) break;
    // Noisy machines: clamp, so one bad measurement cannot send the parameter far off.
    param = Math.min(delayMs, Math.max(0.3 * delayMs, param + (delayMs - added)));
  }
  proxyInfos.push(best!.info);
  return best!.p;
}
