import { IPPROTO, PMAP_PORT, PmapClient, RpcClient, RpcProcUnavailable } from "../../rpc/mod.ts";
import { localError } from "../errors.ts";
import { Mount3Client } from "../mount3/client.ts";
import { wrapRpcError } from "./proto.ts";
import { isVersionRefusal } from "./_resolve_export.ts";

/**
 * One exported directory and the clients allowed to mount it; {@linkcode listExports}
 * returns them.
 */
export interface ExportEntry {
  /** The exported path. */
  dir: string;
  /** Host names, netgroups or networks allowed (empty: everyone). */
  groups: string[];
}

/** Options of {@linkcode listExports}. */
export interface ListExportsOptions {
  /** MOUNT port; skips the portmapper. */
  mountport?: number;
  /** Time limit in ms (default 10 000). */
  timeout?: number;
  /** Cancels the call. */
  signal?: AbortSignal;
  /**
   * The NFS version the list is for: 2 asks MOUNT v1 only (an NFSv2 server may not speak
   * MOUNT v3); 3 or undefined asks MOUNT v3 first, then MOUNT v1 if v3 is not served.
   */
  version?: 2 | 3;
  /** Refuse harmless protocol deviations instead of counting them (see `ConnectOptions`). */
  strict?: boolean;
  /** Told of the first harmless protocol deviation of each kind (see `ConnectOptions`). */
  onDeviation?: (message: string) => void;
  /** "tcp" (default) or "udp", for the portmapper and MOUNT (taken from a URL's `proto` too). */
  proto?: "tcp" | "udp";
}

/**
 * Lists a server's exports (MOUNT EXPORT, like `showmount -e`): with MOUNT v3, or MOUNT v1
 * when v3 is not served (PROG_MISMATCH or PROG_UNAVAIL, or not registered with the
 * portmapper), as on an NFSv2-only server.
 *
 * @param host Server name or address (an `nfs://host` URL is accepted too).
 * @param options The MOUNT port if the portmapper is not to be asked (taken from a URL's
 * `mountport` too), a timeout and a signal.
 * @returns The exports, in the server's order.
 * @throws {ConnectionError} When the server cannot be reached; {@linkcode TimedOut} when it
 * does not answer in time; {@linkcode NfsError} (code "EPROTO") when neither MOUNT v3 nor
 * MOUNT v1 is served; {@linkcode NotSupported} (code "ENOTSUP") when the server has no EXPORT
 * procedure (go-nfs).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { listExports } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ exportPath: "/export" });
 * const exports = await listExports("127.0.0.1", { mountport: server.port, timeout: 2000 });
 * assertEquals(exports, [{ dir: "/export", groups: [] }]); // groups: [] = everyone
 * assertEquals(await listExports(server.url), exports); // a URL's mountport is used
 * ```
 */
export async function listExports(
  host: string,
  options: ListExportsOptions = {},
): Promise<ExportEntry[]> {
  let h = host;
  let port = options.mountport;
  let version = options.version;
  let udp = options.proto === "udp";
  if (/^nfs:\/\//i.test(host)) {
    const u = new URL(host);
    h = u.hostname.replace(/^\[(.*)\]$/, "$1");
    const mp = u.searchParams.get("mountport");
    if (port === undefined && mp !== null) port = Number(mp);
    if (version === undefined && u.searchParams.get("version") === "2") version = 2;
    if (options.proto === undefined && u.searchParams.get("proto") === "udp") udp = true;
  }
  const timeout = options.timeout ?? 10_000;
  const ctx = { path: h, verb: "list exports of", signal: options.signal };
  // Over UDP: 1 s, doubling, retransmitted until about `timeout` has passed.
  const udpRetrans = Math.max(0, Math.ceil(Math.log2(timeout / 1000 + 1)) - 1);
  const common = {
    host: h,
    hard: false,
    ...(udp
      ? { proto: "udp" as const, timeout: Math.min(1000, timeout), retrans: udpRetrans }
      : { timeout, retrans: 0 }),
    reconnect: false,
    strict: options.strict ?? false,
    ...(options.onDeviation ? { debug: options.onDeviation } : {}),
  } as const;
  const mountVersions: (1 | 3)[] = version === 2 ? [1] : [3, 1];
  let ports: (number | undefined)[] = mountVersions.map(() => port);
  let proc = `MOUNT${mountVersions[0]} EXPORT`;
  try {
    if (port === undefined) {
      const p = await RpcClient.connect({ ...common, port: PMAP_PORT });
      try {
        const pmap = new PmapClient(p);
        ports = [];
        for (const mv of mountVersions) {
          ports.push(await pmap.getPort(100005, mv, udp ? IPPROTO.UDP : IPPROTO.TCP));
        }
      } finally {
        await p.close();
      }
      if (ports.every((x) => x === 0)) {
        throw new Error(
          `MOUNT ${
            mountVersions.map((v) => `v${v}`).join(" or ")
          } is not registered with the portmapper`,
        );
      }
    }
    let refusal: unknown;
    for (const [i, mv] of mountVersions.entries()) {
      const at = ports[i];
      if (at === undefined || at === 0) continue;
      proc = `MOUNT${mv} EXPORT`;
      const rpc = await RpcClient.connect({ ...common, port: at });
      try {
        // MOUNT v1's modules only when asked for (start-up: nfs/fs/versions.ts).
        const m = mv === 3
          ? new Mount3Client(rpc)
          : new (await import("../mount1/client.ts")).Mount1Client(rpc);
        const list = await m.export(options.signal ? { signal: options.signal } : {});
        return list.map((e) => ({ dir: e.exDir, groups: [...e.exGroups] }));
      } catch (e) {
        if (!isVersionRefusal(e) || i === mountVersions.length - 1) throw e;
        refusal = e; // MOUNT v3 is not served here: ask MOUNT v1
      } finally {
        await rpc.close();
      }
    }
    throw refusal;
  } catch (e) {
    if (e instanceof RpcProcUnavailable) {
      throw localError(
        "ENOTSUP",
        `Cannot list exports of ${JSON.stringify(h)}: the server does not list its exports ` +
          `(it has no ${proc} procedure: PROC_UNAVAIL); URLs naming a path still work`,
        { proc, path: h, cause: e },
      );
    }
    throw wrapRpcError(e, proc, ctx);
  }
}
