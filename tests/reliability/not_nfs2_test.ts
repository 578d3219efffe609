/**
 * `version=2` against a server that serves MOUNT v3 only and answers MOUNT v1 with MOUNT v3
 * replies, as go-nfs does (it never looks at the version): a clear "this server does not
 * speak NFSv2", not just the decoder's complaint about a short `fhstatus`.
 */
import { assertEquals, assertMatch, assertRejects } from "@std/assert";
import { connect, NfsError } from "../../mod.ts";
import { concat, record, type SeenCall, words } from "../_util/rpc_peer.ts";
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
