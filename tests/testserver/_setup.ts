/**
 * Shared setup of the test server suites: a temp directory, a server on it, and clients.
 */
import { assert, assertEquals } from "@std/assert";
import { type Auth, authSys, RpcClient, type RpcClientOptions } from "../../rpc/mod.ts";
import { Mount3Client, Nfs3Client, type NfsFh3, unwrap } from "../../nfs/mod.ts";
import { startTestServer, type TestServer, type TestServerOptions } from "../../testing/mod.ts";

/** Root's AUTH_SYS credential. */
export const ROOT: Auth = authSys({ uid: 0, gid: 0 });

/** One running server and an NFSv3 session on it. */
export interface Session {
  dir: string;
  server: TestServer;
  rpc: RpcClient;
  nfs: Nfs3Client;
  mount: Mount3Client;
  root: NfsFh3;
  /** Absolute path of `rel` in the exported directory. */
  path(rel: string): string;
  /** The handle of `rel` (looked up component by component). */
  fh(rel: string): Promise<NfsFh3>;
  /** Another RPC client on the same server (closed with the session). */
  client(options?: Partial<RpcClientOptions>): Promise<RpcClient>;
}

/**
 * Runs `fn` with a fresh directory, a server and a mounted NFSv3 client; cleans up after.
 *
 * @param fn The test body.
 * @param options Server options (besides `dir`) and RPC client options.
 */
export async function withSession(
  fn: (s: Session) => Promise<void>,
  options: Partial<TestServerOptions> & { client?: Partial<RpcClientOptions> } = {},
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "nfs-testserver-" });
  const { client: clientOptions, ...serverOptions } = options;
  const server = await startTestServer({ exportPath: "/export", ...serverOptions, dir });
  const extra: RpcClient[] = [];
  const rpc = await RpcClient.connect({ port: server.port, auth: ROOT, ...clientOptions });
  try {
    const mount = new Mount3Client(rpc);
    const res = await mount.mnt(server.exportPath);
    assert(res.status === 0, `MNT status ${res.status}`);
    const nfs = new Nfs3Client(rpc);
    const root = res.fhandle;
    const s: Session = {
      dir: server.exportDir,
      server,
      rpc,
      nfs,
      mount,
      root,
      path: (rel) => `${server.exportDir}/${rel}`,
      async fh(rel) {
        let fh = root;
        for (const c of rel.split("/").filter((c) => c !== "")) {
          fh = unwrap(await nfs.lookup(fh, c), "NFS3 LOOKUP", rel).object;
        }
        return fh;
      },
      async client(o = {}) {
        const c = await RpcClient.connect({ port: server.port, auth: ROOT, ...o });
        extra.push(c);
        return c;
      },
    };
    await fn(s);
  } finally {
    for (const c of extra) await c.close();
    await rpc.close();
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Asserts a result's status, naming it on failure. */
export function assertStatus(res: { status: number }, status: number, what = ""): void {
  assertEquals(res.status, status, `${what}: expected status ${status}, got ${res.status}`);
}
