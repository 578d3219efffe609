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
 * `NFS_TEST_SERVERS` (comma-separated, default `ganesha,unfsd,embedded`) chooses the
 * server kinds. A kind that cannot run here (unfsd is not packaged for
 * Debian 12) is skipped with its reason in the test name; a kind named
 * explicitly in `NFS_TEST_SERVERS` fails instead, so a CI job that asks for
 * it notices that it is missing.
 *
 * @module
 */

import type { TestServer } from "./types.ts";
import { ganeshaAvailability, startGanesha } from "./ganesha.ts";
import { startUnfsd, unfsdAvailability } from "./unfsd.ts";
import { embeddedAvailability, startEmbedded } from "./embedded.ts";

export type { TestServer } from "./types.ts";
export {
  ganeshaAvailability,
  ganeshaConfig,
  type GaneshaConfigParams,
  type GaneshaOptions,
  type GaneshaServer,
  MEM_INODE_SIZE,
  startGanesha,
} from "./ganesha.ts";
export { startUnfsd, unfsdAvailability, type UnfsdOptions, type UnfsdServer } from "./unfsd.ts";
export {
  ensureRpcbind,
  pingPortmapper,
  PORTMAPPER_PORT,
  PORTMAPPER_PROG,
  rpcbindOwnedHere,
} from "./rpcbind.ts";
export {
  mountExports,
  type MountExportsResult,
  pmapGetPort,
  type PmapGetPortResult,
  rpcPing,
  type RpcPingResult,
  type RpcTarget,
} from "./_rpc_ping.ts";
export { nfsCat, nfsCp, nfsLs, type NfsLsEntry, nfsUrl } from "./libnfs.ts";

/** A row of {@linkcode SERVER_TABLE}: how to check for and start one kind of server. */
export interface ServerTableEntry {
  /** The name used in `NFS_TEST_SERVERS` and in test names. */
  kind: string;
  /** Says whether the server can run here, and if not, why. */
  availability(): { available: boolean; reason?: string };
  /** Starts a fresh instance with its default options. */
  start(): Promise<TestServer>;
}

/**
 * Every server kind the integration suites know. Add new kinds (e.g. the
 * embedded test server) here.
 */
export const SERVER_TABLE: readonly ServerTableEntry[] = [
  { kind: "ganesha", availability: ganeshaAvailability, start: () => startGanesha() },
  { kind: "unfsd", availability: unfsdAvailability, start: () => startUnfsd() },
  { kind: "embedded", availability: embeddedAvailability, start: () => startEmbedded() },
];

/** The default of `NFS_TEST_SERVERS`. */
export const DEFAULT_SERVER_KINDS = "ganesha,unfsd,embedded";

/** A server kind chosen for this run. */
export interface ServerKind {
  /** Kind name, e.g. `ganesha`. */
  kind: string;
  /** Whether it can run here. */
  available: boolean;
  /** Why not, when it cannot. */
  reason?: string;
  /** True when `NFS_TEST_SERVERS` names it explicitly (then unavailability fails). */
  required: boolean;
  /** Starts a fresh instance. */
  start: () => Promise<TestServer>;
}

/** The server kinds chosen by `NFS_TEST_SERVERS` (default `ganesha,unfsd`), in that order. */
export function serverKinds(): ServerKind[] {
  const env = Deno.env.get("NFS_TEST_SERVERS")?.trim();
  const names = (env || DEFAULT_SERVER_KINDS).split(",").map((s) => s.trim()).filter(Boolean);
  const required = Boolean(env);
  return [...new Set(names)].map((kind): ServerKind => {
    const entry = SERVER_TABLE.find((e) => e.kind === kind);
    if (!entry) {
      const known = SERVER_TABLE.map((e) => e.kind).join(", ");
      const reason = `unknown server kind in NFS_TEST_SERVERS (known: ${known})`;
      return {
        kind,
        available: false,
        reason,
        required: true,
        start: () => Promise.reject(new Error(`Could not start ${kind}: ${reason}`)),
      };
    }
    const avail = entry.availability();
    return {
      kind,
      available: avail.available,
      ...(avail.reason !== undefined ? { reason: avail.reason } : {}),
      required,
      start: entry.start,
    };
  });
}

const announced = new Set<string>();

/**
 * Registers one `Deno.test` per chosen server kind, named `name [kind]`. Each
 * test starts a fresh server, runs `fn`, and stops the server in `finally`.
 * An unavailable kind gets an ignored test whose name carries the reason (or,
 * when `NFS_TEST_SERVERS` asked for it explicitly, a failing test).
 */
export function forEachServer(
  name: string,
  fn: (t: Deno.TestContext, server: TestServer) => Promise<void>,
): void {
  for (const k of serverKinds()) {
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
    Deno.test(testName, async (t) => {
      const server = await k.start();
      try {
        await fn(t, server);
      } finally {
        await server.stop();
      }
    });
  }
}
