/**
 * ONC RPC v2 (RFC 5531) over TCP for Deno: record marking, AUTH_NONE and AUTH_SYS,
 * pipelined calls with timeouts, reconnection and retransmission, zero-copy receive of bulk
 * reply data into callers' buffers, and a portmapper v2 client (RFC 1833).
 *
 * @example
 * ```ts ignore
 * import { PmapClient, RpcClient } from "@nfs/client/rpc";
 * await using pmap = await RpcClient.connect({ host: "127.0.0.1", port: 111 });
 * console.log(await new PmapClient(pmap).getPort(100003, 3)); // e.g. 2049
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./constants.ts";
export * from "./errors.ts";
export * from "./auth.ts";
export * from "./message.ts";
export * from "./transport.ts";
export * from "./client.ts";
export * from "./portmap.ts";
export * from "./node_stream.ts";
