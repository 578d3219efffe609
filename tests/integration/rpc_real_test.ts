/**
 * The RPC layer against real servers: rpcbind (portmapper v2) and nfs-ganesha.
 */
import { assert, assertEquals, assertRejects } from "@std/assert";
import { copyStats } from "../../mbuf/mod.ts";
import {
  AUTH_NONE,
  connectReservedPort,
  IPPROTO,
  PmapClient,
  RpcClient,
  RpcProgMismatch,
} from "../../rpc/mod.ts";
import { ganeshaAvailability, startGanesha } from "../servers/mod.ts";

const avail = ganeshaAvailability();
const ignore = !avail.available;
const nullSpec = (prog: number, vers: number) => ({
  prog,
  vers,
  proc: 0,
  name: `NULL ${prog}/${vers}`,
  encode: () => {},
  decode: () => "ok",
});

Deno.test({
  name: `rpcbind: NULL, DUMP and GETPORT find ganesha's NFS v3 and MOUNT v3${
    ignore ? ` (skipped: ${avail.reason})` : ""
  }`,
  ignore,
  fn: async () => {
    await using srv = await startGanesha({ rpcbind: true });
    await using rpc = await RpcClient.connect({ port: 111, auth: AUTH_NONE });
    const pmap = new PmapClient(rpc);
    await pmap.null();
    const maps = await pmap.dump();
    const has = (prog: number, vers: number, port: number) =>
      maps.some((m) =>
        m.prog === prog && m.vers === vers && m.prot === IPPROTO.TCP && m.port === port
      );
    assert(
      has(100003, 3, srv.nfsPort),
      `DUMP lacks NFS v3 on ${srv.nfsPort}: ${JSON.stringify(maps)}`,
    );
    assert(has(100005, 3, srv.mountPort), `DUMP lacks MOUNT v3 on ${srv.mountPort}`);
    assertEquals(await pmap.getPort(100003, 3), srv.nfsPort);
    assertEquals(await pmap.getPort(100005, 3), srv.mountPort);
    // An unregistered program has no port. (For a missing *version* of a registered program
    // rpcbind returns that program's port: PROG_MISMATCH then comes from the server.)
    assertEquals(await pmap.getPort(399999, 1), 0);
  },
});

Deno.test({
  name: `ganesha: NFS NULL, MOUNT NULL, and PROG_MISMATCH for NFS version 2${
    ignore ? " (skipped)" : ""
  }`,
  ignore,
  fn: async () => {
    await using srv = await startGanesha();
    await using nfs = await RpcClient.connect({ port: srv.nfsPort });
    assertEquals(await nfs.call(nullSpec(100003, 3)), "ok");
    const e = await assertRejects(() => nfs.call(nullSpec(100003, 2)), RpcProgMismatch);
    assertEquals(e.low, 3);
    assert(e.high >= 3 && e.high <= 4, `high ${e.high}`);
    await using mnt = await RpcClient.connect({ port: srv.mountPort });
    assertEquals(await mnt.call(nullSpec(100005, 3)), "ok");
    // Pipelined NULLs all complete on one connection.
    const many = await Promise.all(
      Array.from({ length: 200 }, () => nfs.call(nullSpec(100003, 3))),
    );
    assertEquals(many.length, 200);
  },
});

Deno.test({
  name: `resvport: a call from a privileged source port works, and its receive copies are counted${
    ignore ? " (skipped)" : ""
  }`,
  ignore: ignore || Deno.uid() !== 0,
  fn: async () => {
    await using srv = await startGanesha();
    const before = copyStats().payloadBytes;
    await using nfs = await RpcClient.connect({
      port: srv.nfsPort,
      connect: () => connectReservedPort({ host: "127.0.0.1", port: srv.nfsPort }),
    });
    assertEquals(await nfs.call(nullSpec(100003, 3)), "ok");
    // The node:net adapter copies every received byte once, and says so.
    assert(copyStats().payloadBytes - before >= 24);
  },
});
