/**
 * ONC RPC v2 (RFC 5531) over TCP (or UDP, `proto: "udp"`) for Deno: record marking, AUTH_NONE and AUTH_SYS,
 * pipelined calls with timeouts, reconnection and retransmission, zero-copy receive of bulk
 * reply data into callers' buffers, and a portmapper v2 client (RFC 1833).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { RpcClient } from "@nfs/client/rpc";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const spec = { prog: 100003, vers: 3, proc: 0, encode() {}, decode: () => "pong" };
 * assertEquals(await Promise.all([rpc.call(spec), rpc.call(spec)]), ["pong", "pong"]);
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
export {
  UDP_DEFAULT_RETRANS,
  UDP_DEFAULT_TIMEOUT,
  UDP_MAX_DATAGRAM,
  UDP_MAX_TRANSFER,
  udpBackoff,
  type UdpTransportStats,
} from "./_udp_transport.ts";
