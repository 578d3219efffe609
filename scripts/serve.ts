/**
 * `deno task serve [DIR]`: runs the embedded NFS test server (`@nfs/client/testing`) in the
 * foreground, exporting DIR (default: a fresh temporary directory, removed at the end) as
 * `/export`, and prints the full URL to use with the `nfs` CLI or `connect()`. Ctrl-C stops it.
 *
 * `NFS_SERVE_PORT` picks the TCP port (default: a free one). It serves NFSv3 and NFSv2 on
 * 127.0.0.1 only, with no portmapper: the URL carries `nfsport=` and `mountport=`.
 *
 * @module
 */
import { startTestServer } from "../testing/mod.ts";

const given = Deno.args[0];
const dir = given ?? await Deno.makeTempDir({ prefix: "nfs-serve-" });
const port = Number(Deno.env.get("NFS_SERVE_PORT") ?? 0);
const server = await startTestServer({ dir, exportPath: "/export", port });
const stopped = Promise.withResolvers<void>();
Deno.addSignalListener("SIGINT", () => stopped.resolve());
const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
console.log(
  [
    `Serving ${dir} as /export on 127.0.0.1:${server.port} (NFSv3 and NFSv2). Ctrl-C stops it.`,
    "",
    `URL: ${server.url}`,
    "",
    "Try, in another terminal:",
    `  deno task nfs ls -l ${q(server.url)}`,
    `  deno task nfs put README.md ${q(server.url.replace("/export?", "/export/?"))}`,
    `  deno task nfs shell ${q(server.url)}`,
  ].join("\n"),
);
await stopped.promise;
await server.stop();
if (given === undefined) await Deno.remove(dir, { recursive: true });
console.log("stopped");
