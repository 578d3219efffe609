/**
 * A URL asking for an NFS version the server does not speak gets a clear "this server does
 * not speak NFSvN", whatever MOUNT said: go-nfs answers MOUNT v1 with MOUNT v3 replies (it
 * never looks at the version), ganesha answers MOUNT v1 MNT with PROC_UNAVAIL, unfsd with
 * status 22, and a server without the MOUNT version says PROG_MISMATCH.
 */
import { assertEquals, assertMatch, assertRejects } from "@std/assert";
import { connect, NfsError } from "../../mod.ts";
import { startTestServer } from "../../testing/mod.ts";
import {
  concat,
  readCall,
  record,
  RpcPeer,
  type SeenCall,
  words,
  writeAll,
} from "../_util/rpc_peer.ts";
import { HostileServer } from "./_hostile.ts";

/** A MOUNT v3 `mountres3` (status 0, an 8-byte handle, AUTH_NONE) for a MOUNT v1 MNT. */
function v3ReplyToV1(c: SeenCall): Uint8Array | undefined {
  if (c.vers !== 1 || c.proc !== 1) return undefined;
  return record(concat(words(c.xid, 1, 0, 0, 0, 0), words(0, 8, 0xfe000000, 1, 1, 0)));
}

const url = (s: HostileServer) =>
  `nfs://127.0.0.1/export?nfsport=${s.port}&mountport=${s.port}&version=2&soft=1&timeo=50&retrans=0`;

Deno.test("version=2 on a MOUNT v3-only server that answers v1 with v3 replies: does not speak NFSv2", async () => {
  await using server = new HostileServer({ mount: (c) => v3ReplyToV1(c) });
  const e = await assertRejects(() => connect(url(server)), NfsError);
  assertEquals(e.code, "EPROTO");
  assertMatch(e.message, /^Cannot mount "\/export": this server does not speak NFSv2/);
  assertMatch(e.message, /leave out version=2/);
  assertMatch(e.message, /Malformed reply to MOUNT1 MNT/);
});

Deno.test("version=2, a malformed MOUNT v1 reply and no MOUNT v3 either: the decoder's message", async () => {
  await using server = new HostileServer({
    mount: (c) =>
      v3ReplyToV1(c) ?? (c.vers === 3 ? record(words(c.xid, 1, 0, 0, 0, 1)) : undefined),
  });
  const e = await assertRejects(() => connect(url(server)), NfsError);
  assertEquals(e.code, "EPROTO");
  assertMatch(e.message, /^Cannot mount "\/export": NFSv2: Malformed reply to MOUNT1 MNT/);
});

const ask = (port: number, v: 2 | 3) =>
  `nfs://127.0.0.1/export?nfsport=${port}&mountport=${port}&version=${v}&soft=1&timeo=50&retrans=0`;

Deno.test("a version the embedded server does not serve: does not speak NFSvN (both ways)", async () => {
  for (const [serves, other] of [[3, 2], [2, 3]] as const) {
    await using server = await startTestServer({ exportPath: "/export", versions: [serves] });
    const e = await assertRejects(() => connect(ask(server.port, other)), NfsError);
    assertEquals(e.code, "EPROTO");
    assertMatch(
      e.message,
      new RegExp(
        `^Cannot mount "/export": this server does not speak NFSv${other} \\(NFS${other} NULL: .*\\(PROG_MISMATCH\\)\\)$`,
      ),
    );
  }
});

/**
 * MOUNT v1 that answers without NFSv2 behind it: MNT v1 refused with `mntStatus` or, when
 * null, PROC_UNAVAIL (ganesha); NFS v2 NULL gets PROG_MISMATCH 3..3; v3 is served.
 */
function mount1WithoutNfs2(mntStatus: number | null): RpcPeer {
  return new RpcPeer(async (conn) => {
    for (;;) {
      const c = await readCall(conn);
      if (c === null) break;
      let body: Uint8Array;
      if (c.prog === 100005 && c.vers === 1 && c.proc === 5) {
        body = words(0, 1, 7, 0x2f657870, 0x6f727400, 0, 0); // ["/export"], no groups
      } else if (c.prog === 100005 && c.vers === 1 && c.proc === 1) {
        body = mntStatus === null ? words(3) : words(0, mntStatus);
      } else if (c.prog === 100003 && c.vers === 2) {
        body = words(2, 3, 3);
      } else body = words(0);
      await writeAll(conn, record(concat(words(c.xid, 1, 0, 0, 0), body)));
    }
  });
}

Deno.test("version=2 where MOUNT v1 answers but NFSv2 is not served (unfsd, ganesha): does not speak NFSv2", async () => {
  for (const mnt of [22, null]) {
    await using peer = mount1WithoutNfs2(mnt);
    const e = await assertRejects(() => connect(ask(peer.port, 2)), NfsError);
    assertMatch(
      e.message,
      /^Cannot mount "\/export": this server does not speak NFSv2 \(NFS2 NULL: .*3\.\.3 \(PROG_MISMATCH\)\)$/,
      `MNT ${mnt ?? "PROC_UNAVAIL"}`,
    );
  }
});

Deno.test("a missing export on a server that speaks the version is still NotFound", async () => {
  await using server = await startTestServer({ exportPath: "/export", versions: [2] });
  const url = ask(server.port, 2).replace("/export?", "/nowhere?");
  const e = await assertRejects(() => connect(url), NfsError);
  assertEquals(e.code, "ENOENT");
});
