/**
 * What the I/O benchmark measured: one row per configuration and client, each with its
 * samples, collected here by the tests and read by the summary and the report.
 *
 * @module
 */

/** One measured client process. */
export interface Sample {
  /** Seconds, spawn to exit. */
  wall: number;
  /** CPU seconds (user, sys). */
  user: number;
  sys: number;
  /** Peak RSS, KiB. */
  maxRssKiB: number;
  /** Bytes (bulk) or entries/files (metadata) handled. */
  amount: number;
  /** Ours only: seconds of the operation inside the process (after connect). */
  inProc?: number;
  /** Ours only: payload / header bytes copied by JavaScript during the operation. */
  payloadCopied?: number;
  headerCopied?: number;
  /** Server and proxy CPU seconds during the run (from /proc). */
  serverCpu: number;
  proxyCpu?: number;
}

export interface BulkRow {
  server: string;
  net: string;
  op: "read" | "write";
  /** `ours` (default window), `ours w=N`, or `libnfs`. */
  client: string;
  tool: string;
  verified: string;
  samples: Sample[];
}

export interface MetaRow {
  server: string;
  net: string;
  test: string;
  client: "ours" | "libnfs";
  tool: string;
  verified: string;
  samples: Sample[];
}

export interface ProxyInfo {
  server: string;
  /** Which proxy: the C one (`proxy/latency_proxy.c`) or the Deno one (`_proxy.ts`). */
  impl: "c" | "deno";
  /** The delay asked for, each way. */
  delayMs: number;
  delayParamMs: number;
  rttDirectMs: number;
  rttProxyMs: number;
  addedPerDirectionMs: number;
}

/** The proxy's 0 ms throughput ceiling: one TCP stream through it against the same direct. */
export interface ProxyCeiling {
  impl: "c" | "deno";
  bytes: number;
  runs: number;
  /** MiB/s of the stream direct (blaster to sink), median. */
  directMibs: number;
  /** MiB/s through the proxy at 0 ms, median. */
  viaProxyMibs: number;
  /** The proxy's CPU seconds per GiB carried. */
  proxyCpuPerGiB: number;
  /** What one CPU second of proxy carries (1024 / proxyCpuPerGiB). */
  proxyMibsPerCpuSecond: number;
  /** MiB/s of the stream into a Deno process (`_tcp_sink.ts`, 1 MiB buffer), direct. */
  denoSinkMibs: number;
  /** That Deno process's CPU seconds per GiB, its start included: a Deno client's floor. */
  denoSinkCpuPerGiB: number;
}

/** Bulk transfer rows, in the order measured. */
export const bulkRows: BulkRow[] = [];
/** Metadata rows. */
export const metaRows: MetaRow[] = [];
/** Proxy calibrations, one per server. */
export const proxyInfos: ProxyInfo[] = [];
/** Proxy throughput ceilings measured (one per run). */
export const proxyCeilings: ProxyCeiling[] = [];
/** Notes about the proxy (which one ran, and why), printed and kept in the JSON. */
export const proxyNotes: string[] = [];
/** Servers skipped, and why. */
export const skipped: { what: string; reason: string }[] = [];
/** Tests that failed; the run went on. */
export const failures: { what: string; reason: string }[] = [];
