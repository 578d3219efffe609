/**
 * Wire check of our client against nfs-ganesha: every NFSv3 and MOUNT v3 procedure (our
 * encoders) captured with tshark on loopback; tshark must decode every packet as
 * RPC/NFS/MOUNT with no malformed packet and no expert error.
 */
import { authSys, RpcClient } from "../../rpc/mod.ts";
import { ganeshaAvailability, startGanesha } from "../servers/mod.ts";
import { checkCapture, haveTshark, sessionV3, startCapture } from "../_util/wire.ts";

const avail = ganeshaAvailability();

Deno.test({
  name: "our NFSv3 and MOUNT v3 calls to ganesha on the wire: tshark finds nothing malformed",
  ignore: !haveTshark || !avail.available,
  async fn(t) {
    const file = await Deno.makeTempFile({ suffix: ".pcapng" });
    try {
      await using server = await startGanesha();
      const ports = [server.nfsPort, server.mountPort];
      const cap = await startCapture(ports, file);
      if (typeof cap === "string") {
        console.log(`tests/conformance/wire_test.ts: skipped: ${cap}`);
        return;
      }
      try {
        const auth = authSys({ uid: 0, gid: 0 });
        await using mrpc = await RpcClient.connect({ port: server.mountPort, auth });
        await using rpc = await RpcClient.connect({ port: server.nfsPort, auth });
        await sessionV3(mrpc, rpc, server.exportPath);
      } finally {
        await cap.stop();
      }
      await checkCapture(t, file, ports, ["100003/3", "100005/3"], true);
    } finally {
      await Deno.remove(file);
    }
  },
});
