/**
 * Test helpers of `@nfs/client`: an embedded NFS server **for tests and demos**, serving a
 * local directory over NFSv3 + MOUNT v3 and NFSv2 + MOUNT v1 on one loopback port, with
 * fault hooks (delayed, dropped, failed and unanswered replies) for reliability tests.
 *
 * It is not a production server: it runs in the test's own process on Deno's file APIs,
 * answers as the server process (plus mode-bit checks for AUTH_SYS callers other than
 * root), and trades speed for exactness (attributes are read fresh for every reply).
 *
 * @example
 * ```ts
 * import { startTestServer } from "@nfs/client/testing";
 * import { connect } from "@nfs/client";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/hello.txt`, "hello");
 * await using server = await startTestServer({ dir, exportPath: "/export" });
 * await using nfs = await connect(server.url); // nfs://127.0.0.1/export?nfsport=…&mountport=…
 * console.log(await nfs.readTextFile("hello.txt")); // "hello"
 * await nfs.writeTextFile("new.txt", "written over NFS");
 * console.log(await Deno.readTextFile(`${dir}/new.txt`)); // "written over NFS"
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./test_server.ts";
