/**
 * The file API suite (tests/api/suite.ts) over UDP (`proto=udp`): on ganesha (with
 * `Enable_UDP`), unfsd, the Universal NFS Server (NFSv2) and the embedded server, each where
 * tests/servers can run it, one kind per test module (`api_<kind>_test.ts`) so that
 * `deno test --parallel` runs them side by side.
 *
 * unfsd 0.11 says rtmax/wtmax 32 KiB over UDP but creates its UDP transport with
 * `svc_dg_create(sock, 0, 0)`, which gives libtirpc's 8 800-byte buffers: a 16 KiB WRITE is
 * GARBAGE_ARGS and a 32 KiB READ SYSTEM_ERR. So it runs with `rsize=8192&wsize=8192`, as a
 * user of that server must.
 */
import { runApiSuite } from "../api/suite.ts";
import {
  forEachKind,
  startGanesha,
  startNfsUserServer,
  startUnfsd,
  type TestServer,
} from "../servers/mod.ts";
import { startEmbedded } from "../../harness/embedded.ts";

function overUdp(server: TestServer, extra = ""): TestServer {
  // timeo=3: 0.3 s, doubling; a dead port (one step checks it) times out in 4.5 s.
  const url = `${server.url}&proto=udp&timeo=3${extra}`;
  return {
    name: server.name,
    host: server.host,
    nfsPort: server.nfsPort,
    mountPort: server.mountPort,
    exportPath: server.exportPath,
    exportDir: server.exportDir,
    url,
    stop: () => server.stop(),
    [Symbol.asyncDispose]: () => server.stop(),
  };
}

const START = {
  "ganesha": async () => overUdp(await startGanesha({ udp: true })),
  "unfsd": async () => overUdp(await startUnfsd({ udp: true }), "&rsize=8192&wsize=8192"),
  "nfs-user-server": async () => overUdp(await startNfsUserServer()),
  "embedded": async () => overUdp(await startEmbedded(3, { udp: true })),
} satisfies Record<string, () => Promise<TestServer>>;

/**
 * Registers the file API suite over UDP for one server kind.
 *
 * @param kind "ganesha", "unfsd", "nfs-user-server" or "embedded".
 */
export function udpApiSuite(kind: keyof typeof START): void {
  forEachKind("file API over UDP", { kinds: [kind] }, async (t, k) => {
    const server = await START[kind]();
    try {
      await runApiSuite(t, server, { caps: k.caps, udp: true });
    } finally {
      await server.stop();
    }
  });
}
