/**
 * Wire check of the embedded test server: a v3 and a v2 session captured with tshark (see
 * tests/_util/wire.ts). Skipped, with the reason printed, when tshark is missing or
 * capturing on `lo` is not permitted.
 */
import { RpcClient } from "../../rpc/mod.ts";
import { startTestServer } from "../../testing/mod.ts";
import { captureAndCheck, haveTshark, sessionV2, sessionV3 } from "../_util/wire.ts";
import { ROOT } from "./_setup.ts";

if (!haveTshark) console.log("tests/testserver/wire_test.ts: skipped: tshark is not installed");

Deno.test({
  name: "test server on the wire: tshark decodes every packet as RPC/NFS/MOUNT, nothing malformed",
  ignore: !haveTshark,
  async fn(t) {
    const skipped = await captureAndCheck(
      t,
      async () => {
        const dir = await Deno.makeTempDir({ prefix: "nfs-wire-" });
        const server = await startTestServer({ dir, exportPath: "/export" });
        return {
          ports: [server.port],
          async session() {
            await using rpc = await RpcClient.connect({ port: server.port, auth: ROOT });
            await sessionV3(rpc, rpc, server.exportPath);
            await sessionV2(rpc, rpc, server.exportPath);
          },
          async [Symbol.asyncDispose]() {
            await server[Symbol.asyncDispose]();
            await Deno.remove(dir, { recursive: true });
          },
        };
      },
      ["100003/3", "100005/3", "100003/2", "100005/1"],
      true,
    );
    if (skipped !== undefined) console.log(`tests/testserver/wire_test.ts: skipped: ${skipped}`);
  },
});
