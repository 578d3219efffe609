/**
 * File API cases that need nfs-ganesha itself: portmapper discovery (a ganesha registered with
 * rpcbind), a stopped server, a server that is gone. The file API suite runs on every server
 * kind in kind_<kind>_test.ts.
 */
import { assert, assertEquals, assertNotMatch, assertRejects } from "@std/assert";
import { connect, ConnectionError, TimedOut } from "../../mod.ts";
import { ganeshaAvailability, startGanesha } from "../servers/mod.ts";
import { assertNfsError, serverUrl } from "./suite.ts";

const noGanesha = !ganeshaAvailability().available;

Deno.test(
  "connect() finds the ports with the portmapper [ganesha]",
  { ignore: noGanesha },
  async () => {
    await using server = await startGanesha({ rpcbind: true });
    await Deno.mkdir(`${server.exportDir}/sub`);
    await Deno.writeTextFile(`${server.exportDir}/sub/hello.txt`, "via rpcbind");
    for (const version of [null, "3"]) {
      const url = serverUrl(server, "sub", { nfsport: null, mountport: null, version });
      assertNotMatch(url, /port=/);
      await using nfs = await connect(url);
      assertEquals(nfs.version, 3);
      assertEquals(await nfs.readTextFile("hello.txt"), "via rpcbind");
      await nfs.writeTextFile(`w${version}.txt`, "back");
      assertEquals(await Deno.readTextFile(`${server.exportDir}/sub/w${version}.txt`), "back");
    }
    // Only one port given: the portmapper supplies the other.
    for (const keep of ["nfsport", "mountport"]) {
      const drop = keep === "nfsport" ? "mountport" : "nfsport";
      await using nfs = await connect(serverUrl(server, "sub", { [drop]: null }));
      assertEquals(await nfs.readTextFile("hello.txt"), "via rpcbind");
    }
    // Explicit ports win over the portmapper: a wrong one fails even though rpcbind knows.
    const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const dead = (l.addr as Deno.NetAddr).port;
    l.close();
    await assertRejects(
      () => connect(serverUrl(server, "sub", { nfsport: String(dead) })),
      ConnectionError,
    );
  },
);

Deno.test(
  "soft calls time out with TimedOut, then work again [ganesha]",
  { ignore: noGanesha },
  async () => {
    await using server = await startGanesha();
    await Deno.writeTextFile(`${server.exportDir}/f.txt`, "x");
    await using nfs = await connect(serverUrl(server, "", { soft: "1", timeo: "2", retrans: "1" }));
    assertEquals(await nfs.readTextFile("f.txt"), "x");
    Deno.kill(server.pid, "SIGSTOP");
    try {
      // SIGSTOP reaches ganesha's threads asynchronously: wait until all of them have stopped.
      const stopped = () =>
        [...Deno.readDirSync(`/proc/${server.pid}/task`)].every((t) =>
          /^State:\s+T/m.test(Deno.readTextFileSync(`/proc/${server.pid}/task/${t.name}/status`))
        );
      for (let i = 0; !stopped(); i++) {
        assert(i < 1000, "ganesha did not stop");
        await new Promise((r) => setTimeout(r, 1));
      }
      const t0 = performance.now();
      await assertNfsError(nfs.stat("f.txt"), TimedOut, {
        code: "ETIMEDOUT",
        message: /^Cannot stat "f\.txt": /,
        path: "f.txt",
      });
      // timeo=2 (200 ms), one retransmission 400 ms later.
      const ms = performance.now() - t0;
      assert(ms >= 500 && ms < 5000, `timed out after ${ms} ms`);
    } finally {
      Deno.kill(server.pid, "SIGCONT");
    }
    assertEquals(await nfs.readTextFile("f.txt"), "x", "works again once the server answers");
  },
);

Deno.test(
  "with autoreconnect=0, calls after the server is gone fail with ConnectionError [ganesha]",
  { ignore: noGanesha },
  async () => {
    await using server = await startGanesha();
    await Deno.writeTextFile(`${server.exportDir}/f.txt`, "x");
    // soft, so that the bug this catches (the call waits for a reconnection that never comes)
    // shows as a TimedOut after 0.6 s rather than a hang.
    await using nfs = await connect(
      serverUrl(server, "", { autoreconnect: "0", soft: "1", timeo: "2", retrans: "1" }),
    );
    assertEquals(await nfs.readTextFile("f.txt"), "x");
    await server.stop();
    await assertNfsError(nfs.stat("f.txt"), ConnectionError, { code: "ECONNRESET" });
  },
);
