import { IPPROTO, PMAP_PORT, PmapClient, RpcClient } from "../../rpc/mod.ts";
import { Mount3Client } from "../mount3/client.ts";
import { wrapRpcError } from "./proto.ts";

/**
 * One exported directory and the clients allowed to mount it; {@linkcode listExports}
 * returns them.
 *
 * @example
 * ```ts
 * import { type ExportEntry, listExports } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ exportPath: "/srv" });
 * const list: ExportEntry[] = await listExports(server.url); // a URL's mountport is used
 * for (const e of list) console.log(e.dir, e.groups.length === 0 ? "(everyone)" : e.groups);
 * // => /srv (everyone)
 * ```
 */
export interface ExportEntry {
  /** The exported path. */
  dir: string;
  /** Host names, netgroups or networks allowed (empty: everyone). */
  groups: string[];
}

/**
 * Options of {@linkcode listExports}.
 *
 * @example
 * ```ts
 * import { listExports, type ListExportsOptions } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ exportPath: "/srv" });
 * const o: ListExportsOptions = { mountport: server.port, timeout: 2000 };
 * console.log((await listExports("127.0.0.1", o)).map((e) => e.dir)); // => [ "/srv" ]
 * ```
 */
export interface ListExportsOptions {
  /** MOUNT port; skips the portmapper. */
  mountport?: number;
  /** Time limit in ms (default 10 000). */
  timeout?: number;
  /** Cancels the call. */
  signal?: AbortSignal;
}

/**
 * Lists a server's exports (MOUNT EXPORT, like `showmount -e`).
 *
 * @param host Server name or address (an `nfs://host` URL is accepted too).
 * @param options The MOUNT port if the portmapper is not to be asked (taken from a URL's
 * `mountport` too), a timeout and a signal.
 * @returns The exports, in the server's order.
 * @throws {ConnectionError} When the server cannot be reached; {@linkcode TimedOut} when it
 * does not answer in time; {@linkcode NfsError} (code "EPROTO") when MOUNT v3 is refused.
 * @example
 * ```ts
 * import { listExports } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await using server = await startTestServer({ dir, exportPath: "/export" });
 * const exports = await listExports("127.0.0.1", { mountport: server.port });
 * console.log(exports); // [ { dir: "/export", groups: [] } ]
 * ```
 */
export async function listExports(
  host: string,
  options: ListExportsOptions = {},
): Promise<ExportEntry[]> {
  let h = host;
  let port = options.mountport;
  if (/^nfs:\/\//i.test(host)) {
    const u = new URL(host);
    h = u.hostname.replace(/^\[(.*)\]$/, "$1");
    const mp = u.searchParams.get("mountport");
    if (port === undefined && mp !== null) port = Number(mp);
  }
  const timeout = options.timeout ?? 10_000;
  const ctx = { path: h, verb: "list exports of", signal: options.signal };
  const common = { host: h, hard: false, timeout, retrans: 0, reconnect: false } as const;
  try {
    if (port === undefined) {
      const p = await RpcClient.connect({ ...common, port: PMAP_PORT });
      try {
        port = await new PmapClient(p).getPort(100005, 3, IPPROTO.TCP);
      } finally {
        await p.close();
      }
      if (port === 0) throw new Error("MOUNT v3 is not registered with the portmapper");
    }
    const rpc = await RpcClient.connect({ ...common, port });
    try {
      const list = await new Mount3Client(rpc).export(
        options.signal ? { signal: options.signal } : {},
      );
      return list.map((e) => ({ dir: e.exDir, groups: [...e.exGroups] }));
    } finally {
      await rpc.close();
    }
  } catch (e) {
    throw wrapRpcError(e, "MOUNT3 EXPORT", ctx);
  }
}
