/**
 * Real NFS servers for integration tests.
 *
 * ```ts
 * import { forEachServer } from "../tests/servers/mod.ts";
 *
 * forEachServer("reads a file", async (_t, server) => {
 *   await Deno.writeTextFile(`${server.exportDir}/a.txt`, "hello");
 *   // ... mount server.exportPath at 127.0.0.1:server.mountPort, read a.txt ...
 * });
 * ```
 *
 * `NFS_TEST_SERVERS` (comma-separated, default: every kind of {@linkcode SERVER_TABLE}) chooses
 * the server kinds, for every integration suite (NFSv3 and NFSv2 conformance, file API, CLI):
 * each suite runs on every chosen kind that speaks its NFS version. A kind that cannot run here
 * (unfsd, go-nfs and the Universal NFS Server are not packaged for Debian 12) is skipped with a
 * one-line reason in the test name; a kind named explicitly in `NFS_TEST_SERVERS` fails
 * instead, so a CI job that asks for it notices that it is missing.
 *
 * What a kind legitimately does differently is its {@linkcode ServerCaps} record, stated once
 * in {@linkcode SERVER_TABLE}; the suites assert what is right for it instead of skipping.
 *
 * @module
 */

import {
  embeddedAvailability,
  ganeshaAvailability,
  GONFS_CAPS,
  gonfsAvailability,
  type HarnessServer,
  NFS_USER_SERVER_CAPS,
  nfsUserServerAvailability,
  type ServerCaps,
  startEmbedded,
  startGanesha,
  startGonfs,
  startNfsUserServer,
  startUnfsd,
  STRICT_CAPS,
  type TestServer,
  unfsdAvailability,
} from "../../harness/mod.ts";

// Everything the harness has: the launchers, their records, RPC probes, the libnfs tools.
export * from "../../harness/mod.ts";

/** A row of {@linkcode SERVER_TABLE}: how to check for and start one kind of server. */
export interface ServerTableEntry {
  /** The name used in `NFS_TEST_SERVERS` and in test names. */
  kind: string;
  /** What it does differently from the protocol's strictest reading. */
  caps: ServerCaps;
  /** Says whether the server can run here, and if not, why. */
  availability(): { available: boolean; reason?: string };
  /** Starts a fresh instance with its default options. */
  start(): Promise<TestServer>;
}

/** What nfs-ganesha 4.3 (FSAL_VFS) does differently: nothing the suites know of. */
export const GANESHA_CAPS: ServerCaps = STRICT_CAPS;

/** What unfs3 0.11.0 does differently. */
export const UNFSD_CAPS: ServerCaps = {
  ...GANESHA_CAPS,
  // It keeps whole seconds (FSINFO time_delta 1 s).
  timeResolutionNs: 1e9,
  // NFS3ERR_NOTSUPP, which RFC 1813 allows; the file API falls back to READDIR + LOOKUP.
  readdirplus: false,
  maxTransfer: 64 * 1024,
};

/** What the embedded test server (`@nfs/client/testing`) does differently, over NFSv3. */
export const EMBEDDED_CAPS: ServerCaps = {
  ...GANESHA_CAPS,
  // It goes through Deno's string paths: bytes that are not UTF-8 become U+FFFD.
  byteNames: false,
  inProcess: true,
};

/** The embedded test server over NFSv2 and MOUNT v1. */
export const EMBEDDED_V2_CAPS: ServerCaps = {
  ...EMBEDDED_CAPS,
  version: 2,
  readdirplus: false,
  maxTransfer: 8192,
  libnfs: false, // libnfs 7 refuses NFSv2 mounts
};

/**
 * Every server kind the integration suites know, with its capability record. A kind's
 * `caps.version` says which suites run on it: the NFSv3 ones or the NFSv2 ones.
 */
export const SERVER_TABLE: readonly ServerTableEntry[] = [
  {
    kind: "ganesha",
    caps: GANESHA_CAPS,
    availability: ganeshaAvailability,
    start: () => startGanesha(),
  },
  { kind: "unfsd", caps: UNFSD_CAPS, availability: unfsdAvailability, start: () => startUnfsd() },
  { kind: "go-nfs", caps: GONFS_CAPS, availability: gonfsAvailability, start: () => startGonfs() },
  {
    kind: "embedded",
    caps: EMBEDDED_CAPS,
    availability: embeddedAvailability,
    start: () => startEmbedded(3),
  },
  {
    kind: "nfs-user-server",
    caps: NFS_USER_SERVER_CAPS,
    availability: nfsUserServerAvailability,
    start: () => startNfsUserServer(),
  },
  {
    kind: "embedded-v2",
    caps: EMBEDDED_V2_CAPS,
    availability: embeddedAvailability,
    start: () => startEmbedded(2),
  },
];

/** The default of `NFS_TEST_SERVERS`: every kind of {@linkcode SERVER_TABLE}. */
export const DEFAULT_SERVER_KINDS: string = SERVER_TABLE.map((e) => e.kind).join(",");

/** A server kind chosen for this run. */
export interface ServerKind {
  /** Kind name, e.g. `ganesha`. */
  kind: string;
  /** What it does differently. */
  caps: ServerCaps;
  /** Whether it can run here. */
  available: boolean;
  /** Why not, when it cannot. */
  reason?: string;
  /** True when `NFS_TEST_SERVERS` names it explicitly (then unavailability fails). */
  required: boolean;
  /** Starts a fresh instance. */
  start: () => Promise<HarnessServer>;
}

/** Which kinds a suite wants. */
export interface KindFilter {
  /** Only kinds serving this NFS version. */
  version?: 2 | 3;
  /** Only these kinds (still only when chosen by `NFS_TEST_SERVERS`). */
  kinds?: readonly string[];
}

/**
 * The server kinds chosen by `NFS_TEST_SERVERS` (default: all), in that order, that match
 * `filter`. An unknown name is a required, unavailable kind (its tests fail).
 */
export function serverKinds(filter: KindFilter = {}): ServerKind[] {
  const env = Deno.env.get("NFS_TEST_SERVERS")?.trim();
  const names = (env || DEFAULT_SERVER_KINDS).split(",").map((s) => s.trim()).filter(Boolean);
  const required = Boolean(env);
  const out: ServerKind[] = [];
  for (const kind of new Set(names)) {
    const entry = SERVER_TABLE.find((e) => e.kind === kind);
    if (!entry) {
      if (filter.kinds !== undefined) continue; // reported by the suites that take every kind
      const known = SERVER_TABLE.map((e) => e.kind).join(", ");
      const reason = `unknown server kind in NFS_TEST_SERVERS (known: ${known})`;
      out.push({
        kind,
        caps: GANESHA_CAPS,
        available: false,
        reason,
        required: true,
        start: () => Promise.reject(new Error(`Could not start ${kind}: ${reason}`)),
      });
      continue;
    }
    if (filter.version !== undefined && entry.caps.version !== filter.version) continue;
    if (filter.kinds !== undefined && !filter.kinds.includes(kind)) continue;
    const avail = entry.availability();
    out.push({
      kind,
      caps: entry.caps,
      available: avail.available,
      ...(avail.reason !== undefined ? { reason: avail.reason } : {}),
      required,
      start: async () => ({ ...(await entry.start()), kind, caps: entry.caps }),
    });
  }
  return out;
}

const announced = new Set<string>();

/**
 * Registers one `Deno.test` per chosen kind (of `filter`), named `name [kind]`, that calls
 * `run(t, kind)`. An unavailable kind gets an ignored test whose name carries the one-line
 * reason (or, when `NFS_TEST_SERVERS` asked for it explicitly, a failing test). The building
 * block of {@linkcode forEachServer} and of suites that start their servers themselves.
 */
export function forEachKind(
  name: string,
  filter: KindFilter,
  run: (t: Deno.TestContext, kind: ServerKind) => Promise<void>,
): void {
  for (const k of serverKinds(filter)) {
    const testName = `${name} [${k.kind}]`;
    if (!k.available) {
      if (k.required) {
        Deno.test(testName, () => {
          throw new Error(`Could not run on ${k.kind}: ${k.reason}`);
        });
        continue;
      }
      if (!announced.has(k.kind)) {
        announced.add(k.kind);
        console.error(`Skipping tests on ${k.kind}: ${k.reason}`);
      }
      Deno.test({ name: `${testName} (skipped: ${k.reason})`, ignore: true, fn() {} });
      continue;
    }
    Deno.test(testName, (t) => run(t, k));
  }
}

/**
 * Registers one `Deno.test` per chosen kind (of `filter`), named `name [kind]`. Each test
 * starts a fresh server, runs `fn`, and stops the server in `finally`.
 */
export function forEachServer(
  name: string,
  fn: (t: Deno.TestContext, server: HarnessServer) => Promise<void>,
  filter: KindFilter = {},
): void {
  forEachKind(name, filter, async (t, k) => {
    const server = await k.start();
    try {
      await fn(t, server);
    } finally {
      await server.stop();
    }
  });
}
