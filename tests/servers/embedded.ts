/**
 * The project's own embedded test server (`@nfs/client/testing`) as a harness server kind, so
 * the suites written for real servers also check it (NFSv3 + MOUNT v3 here).
 *
 * @module
 */
import { startTestServer } from "../../testing/mod.ts";
import type { TestServer } from "./types.ts";

/** Always available: it is ours, in-process. */
export function embeddedAvailability(): { available: boolean; reason?: string } {
  return { available: true };
}

/** Starts the embedded server on a fresh temp directory (removed on stop). */
export async function startEmbedded(): Promise<TestServer> {
  const dir = await Deno.makeTempDir({ prefix: "nfs-embedded-" });
  const srv = await startTestServer({ dir, versions: [3] });
  const stop = async () => {
    await srv.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  return {
    name: "embedded",
    host: srv.host,
    nfsPort: srv.nfsPort,
    mountPort: srv.mountPort,
    exportPath: srv.exportPath,
    exportDir: srv.exportDir,
    url: `${srv.url}${srv.url.includes("?") ? "&" : "?"}version=3`,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
