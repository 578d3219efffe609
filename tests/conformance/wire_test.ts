/**
 * Wire check of our client against nfs-ganesha: every NFSv3 and MOUNT v3 procedure (our
 * encoders) captured with tshark on loopback; tshark must decode every packet as
 * RPC/NFS/MOUNT with no malformed packet and no expert error.
 */
import { authSys, RpcClient } from "../../rpc/mod.ts";
import { ganeshaAvailability, startGanesha } from "../servers/mod.ts";
import { captureAndCheck, haveTshark, sessionV3 } from "../_util/wire.ts";

const avail = ganeshaAvailability();

Deno.test({
  name: "our NFSv3 and MOUNT v3 calls to ganesha on the wire: tshark finds nothing malformed",
  ignore: !haveTshark || !avail.available,
  async fn(t) {
    const skipped = await captureAndCheck(
      t,
      async () => {
        const server = await startGanesha();
        return {
          ports: [server.nfsPort, server.mountPort],
          async session() {
            const auth = authSys({ uid: 0, gid: 0 });
            await using mrpc = await RpcClient.connect({ port: server.mountPort, auth });
            await using rpc = await RpcClient.connect({ port: server.nfsPort, auth });
            await sessionV3(mrpc, rpc, server.exportPath);
          },
          [Symbol.asyncDispose]: () => server[Symbol.asyncDispose](),
        };
      },
      ["100003/3", "100005/3"],
      true,
    );
    if (skipped !== undefined) console.log(`tests/conformance/wire_test.ts: skipped: ${skipped}`);
  },
});
