/**
 * The project's own embedded test server (`@nfs/client/testing`) as harness server kinds, so
 * the suites written for real servers also check it: `embedded` (NFSv3 + MOUNT v3) and
 * `embedded-v2` (NFSv2 + MOUNT v1).
 *
 * @module
 */
import { startTestServer } from "../testing/mod.ts";
import type { TestServer } from "./types.ts";

/** Always available: it is ours, in-process. */
export function embeddedAvailability(): { available: boolean; reason?: string } {
  return { available: true };
}

/**
 * Starts the embedded server for one NFS version on a fresh temp directory (removed on stop),
 * serving UDP too with `udp`.
 */
export async function startEmbedded(
  version: 2 | 3 = 3,
  opts: { udp?: boolean } = {},
): Promise<TestServer> {
  const dir = await Deno.makeTempDir({ prefix: "nfs-embedded-" });
  await Deno.chmod(dir, 0o755); // as export directories are: the uids tests use search it
  const srv = await startTestServer({
    dir,
    versions: [version],
    exportPath: "/export",
    udp: opts.udp ?? false,
  });
  const stop = async () => {
    await srv.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  return {
    name: version === 3 ? "embedded" : "embedded-v2",
    host: srv.host,
    nfsPort: srv.nfsPort,
    mountPort: srv.mountPort,
    exportPath: srv.exportPath,
    exportDir: srv.exportDir,
    url: `${srv.url}${srv.url.includes("?") ? "&" : "?"}version=${version}`,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
