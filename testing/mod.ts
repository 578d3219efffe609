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
 * import { assertEquals } from "@std/assert";
 * import { connect } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 *
 * await using server = await startTestServer({ exportPath: "/export" });
 * await Deno.writeTextFile(`${server.exportDir}/hello.txt`, "hello");
 * await using nfs = await connect(server.url);
 * assertEquals(await nfs.readTextFile("hello.txt"), "hello");
 * await nfs.writeTextFile("new.txt", "written over NFS");
 * assertEquals(await Deno.readTextFile(`${server.exportDir}/new.txt`), "written over NFS");
 * ```
 *
 * @module
 */
export * from "./test_server.ts";
