/**
 * Zeroed transport counters, shared by the RPC client and the UDP transport.
 *
 * @module
 */
import type { TransportStats } from "./transport.ts";

/** Counters of a transport that has moved nothing (a client with no connection yet). */
export function noTransportStats(): TransportStats {
  return {
    records: 0,
    sinkRecords: 0,
    sinkFallbacks: 0,
    directBytes: 0,
    clusterBytes: 0,
    reads: 0,
    writes: 0,
    bytesSent: 0,
  };
}
