/**
 * Wire check of the UDP transport: every NFSv3 + MOUNT v3 procedure and an NFSv2 + MOUNT v1
 * session over UDP to the embedded server, captured with tshark on loopback. tshark must
 * dissect every datagram as exactly one RPC message (no record mark), find nothing malformed,
 * and see every call answered.
 */
import { assert, assertEquals } from "@std/assert";
import { authSys, RpcClient } from "../../rpc/mod.ts";
import { startTestServer } from "../../testing/mod.ts";
import { haveTshark, sessionV2, sessionV3 } from "../_util/wire.ts";

const td = new TextDecoder();

Deno.test({
  name: "udp: our calls on the wire, one RPC message per datagram, nothing malformed",
  ignore: !haveTshark || Deno.uid() !== 0,
  async fn() {
    await using server = await startTestServer({ udp: true, exportPath: "/export" });
    const port = server.port;
    const file = await Deno.makeTempFile({ suffix: ".pcapng" });
    const auth = authSys({ uid: 0, gid: 0 });
    try {
      const child = new Deno.Command("tshark", {
        args: ["-i", "lo", "-f", `udp port ${port}`, "-w", file, "-P", "-l"],
        stdout: "piped",
        stderr: "null",
      }).spawn();
      let out = "";
      const outDone = (async () => {
        for await (const b of child.stdout) out += td.decode(b);
      })();
      {
        // Probe with NULL calls until tshark prints a packet: then it really captures.
        await using probe = await RpcClient.connect({ port, proto: "udp", timeout: 200 });
        const deadline = performance.now() + 10_000;
        while (out.trim() === "" && performance.now() < deadline) {
          await probe.call({ prog: 100003, vers: 3, proc: 0, encode() {}, decode() {} });
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      assert(out.trim() !== "", "tshark printed no packet");
      {
        await using mrpc = await RpcClient.connect({ port, proto: "udp", auth });
        await using rpc = await RpcClient.connect({ port, proto: "udp", auth });
        await sessionV3(mrpc, rpc, server.exportPath, 32 * 1024);
        await sessionV2(mrpc, rpc, server.exportPath);
        assertEquals(rpc.stats().retransmits, 0, "no retransmission to confuse the check");
      }
      let seen = -1;
      while (out.length !== seen) {
        seen = out.length;
        await new Promise((r) => setTimeout(r, 300));
      }
      child.kill("SIGINT");
      await child.status;
      await outDone;

      const fields = [
        "frame.number",
        "frame.protocols",
        "rpc.xid",
        "rpc.msgtyp",
        "rpc.fraglen",
        "nfs.procedure_v3",
        "_ws.malformed",
      ];
      const o = await new Deno.Command("tshark", {
        args: [
          "-r",
          file,
          "-d",
          `udp.port==${port},rpc`,
          "-T",
          "fields",
          "-E",
          "occurrence=a",
          "-E",
          "aggregator=,",
          ...fields.flatMap((f) => ["-e", f]),
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert(o.success, td.decode(o.stderr));
      const rows = td.decode(o.stdout).split("\n").filter((l) => /^\d+\t/.test(l)).map((l) =>
        Object.fromEntries(fields.map((f, i) => [f, l.split("\t")[i] ?? ""]))
      );
      assert(rows.length > 60, `${rows.length} datagrams`);
      const calls = new Set<string>();
      const replies = new Set<string>();
      const procs = new Set<string>();
      for (const r of rows) {
        const n = r["frame.number"];
        assertEquals(r["_ws.malformed"], "", `frame ${n} is malformed`);
        assert(r["frame.protocols"]!.includes(":udp:rpc"), `frame ${n}: ${r["frame.protocols"]}`);
        const xids = r["rpc.xid"]!.split(",");
        assertEquals(xids.length, 1, `frame ${n}: one RPC message per datagram`);
        assertEquals(r["rpc.fraglen"], "", `frame ${n}: no record mark over UDP`);
        (r["rpc.msgtyp"] === "0" ? calls : replies).add(xids[0]!);
        for (const p of r["nfs.procedure_v3"]!.split(",")) if (p !== "") procs.add(p);
      }
      assertEquals([...calls].filter((x) => !replies.has(x)), [], "calls without reply");
      for (let p = 0; p <= 21; p++) assert(procs.has(String(p)), `NFSv3 procedure ${p}`);
    } finally {
      await Deno.remove(file);
    }
  },
});
