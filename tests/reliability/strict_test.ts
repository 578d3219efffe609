/**
 * The strictness policy (docs/ARCHITECTURE.md, "Strictness"): harmless deviations that the
 * Linux client and libnfs accept are accepted, counted and reported once; `strict` turns them
 * into errors. What protects memory or data is refused either way (hostile_test.ts).
 */
import { assertEquals, assertInstanceOf, assertMatch, assertRejects } from "@std/assert";
import { connect, NfsError } from "../../mod.ts";
import { RpcClient, RpcProcUnavailable, RpcProgMismatch, RpcProtocolError } from "../../rpc/mod.ts";
import type { XdrReader } from "../../xdr/mod.ts";
import { NFS3_PROCEDURES as P } from "../../nfs/v3/procedures.ts";
import { concat, readCall, record, RpcPeer, words, writeAll } from "../_util/rpc_peer.ts";
import { HostileServer, nfs3Reply } from "./_hostile.ts";

const spec = (proc: number) => ({
  prog: 400000,
  vers: 1,
  proc,
  name: `TEST ${proc}`,
  encode: () => {},
  decode: (r: XdrReader) => r.uint(),
});

/** A peer answering call N with `bodies[N]` after the XID (accepted header included). */
function scripted(bodies: Uint8Array[]): RpcPeer {
  let i = 0;
  return new RpcPeer(async (conn) => {
    for (;;) {
      const c = await readCall(conn);
      if (c === null) break;
      await writeAll(conn, record(concat(words(c.xid), bodies[i++ % bodies.length]!)));
    }
  });
}

const OK_WITH_TRAILING = words(1, 0, 0, 0, 0, 7, 0xdead); // result 7, then 4 more bytes
const MISMATCH_NO_INFO = words(1, 0, 0, 0, 2); // PROG_MISMATCH, no mismatch_info (go-nfs)

Deno.test("strictness: bytes after a complete result are ignored, counted and reported once", async () => {
  await using peer = scripted([OK_WITH_TRAILING]);
  const logged: string[] = [];
  await using rpc = await RpcClient.connect({
    port: peer.port,
    debug: (m) => logged.push(m),
  });
  assertEquals(await rpc.call(spec(1)), 7);
  assertEquals(await rpc.call(spec(2)), 7);
  assertEquals(rpc.stats().deviations, { trailingBytes: 2, progMismatchWithoutInfo: 0 });
  assertEquals(logged.length, 1);
  assertMatch(logged[0]!, /TEST 1: 4 bytes after a complete result/);
});

Deno.test("strictness: strict refuses bytes after a complete result", async () => {
  await using peer = scripted([OK_WITH_TRAILING]);
  await using rpc = await RpcClient.connect({ port: peer.port, strict: true, debug: () => {} });
  const e = await assertRejects(() => rpc.call(spec(1)), RpcProtocolError);
  assertMatch(e.message, /TEST 1 .*4 unexpected trailing bytes/);
  assertEquals(rpc.stats().deviations.trailingBytes, 0);
});

Deno.test("strictness: PROG_MISMATCH without mismatch_info is PROC_UNAVAIL, counted", async () => {
  await using peer = scripted([MISMATCH_NO_INFO, words(1, 0, 0, 0, 2, 3, 3)]);
  const logged: string[] = [];
  await using rpc = await RpcClient.connect({ port: peer.port, debug: (m) => logged.push(m) });
  await assertRejects(() => rpc.call(spec(1)), RpcProcUnavailable);
  // A real PROG_MISMATCH (with its range) is still one.
  const e = await assertRejects(() => rpc.call(spec(2)), RpcProgMismatch);
  assertEquals([e.low, e.high], [3, 3]);
  assertEquals(rpc.stats().deviations.progMismatchWithoutInfo, 1);
  assertEquals(logged.length, 1);
  assertMatch(logged[0]!, /PROG_MISMATCH without mismatch_info, taken as PROC_UNAVAIL/);
});

Deno.test("strictness: strict refuses PROG_MISMATCH without mismatch_info", async () => {
  await using peer = scripted([MISMATCH_NO_INFO]);
  await using rpc = await RpcClient.connect({ port: peer.port, strict: true, debug: () => {} });
  const e = await assertRejects(() => rpc.call(spec(1)), RpcProtocolError);
  assertMatch(e.message, /mismatch_info/);
});

/** go-nfs's FSSTAT: `invarsec` as 8 bytes instead of 4 (a complete result, then 4 bytes). */
function gonfsFsstat(c: { xid: number; proc: number }): Uint8Array {
  const ok = nfs3Reply(c.xid, c.proc, {
    status: 0,
    objAttributes: null,
    tbytes: 1n << 62n,
    fbytes: 1n << 62n,
    abytes: 1n << 62n,
    tfiles: 1n << 62n,
    ffiles: 1n << 62n,
    afiles: 1n << 62n,
    invarsec: 0,
  });
  return record(concat(ok.subarray(4), words(0)));
}

Deno.test("strictness: go-nfs's 8-byte invarsec in FSSTAT: statfs works and it is counted", async () => {
  await using server = new HostileServer({
    nfs: (c) => (c.proc === P.FSSTAT.proc ? gonfsFsstat(c) : undefined),
  });
  await using nfs = await connect(server.url());
  const st = await nfs.statfs("/");
  assertEquals(st.totalBytes, 1n << 62n);
  assertEquals(nfs.rpc.stats().deviations.trailingBytes, 1);
});

Deno.test("strictness: strict=1 in the URL refuses go-nfs's FSSTAT", async () => {
  await using server = new HostileServer({
    nfs: (c) => (c.proc === P.FSSTAT.proc ? gonfsFsstat(c) : undefined),
  });
  await using nfs = await connect(server.url("soft=1&timeo=50&retrans=0&strict=1"));
  const e = await assertRejects(() => nfs.statfs("/"), NfsError);
  assertInstanceOf(e, NfsError);
  assertEquals(e.code, "EPROTO");
  assertMatch(e.message, /FSSTAT.*4 unexpected trailing bytes/);
});

Deno.test("strictness: NFS_DEBUG=1 reports a deviation once, on stderr, and the command works", async () => {
  await using server = new HostileServer({
    nfs: (c) => (c.proc === P.FSSTAT.proc ? gonfsFsstat(c) : undefined),
  });
  const cli = new URL("../../cli/main.ts", import.meta.url).pathname;
  const run = (env: Record<string, string>) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", cli, "df", server.url()],
      env: { NO_COLOR: "1", ...env },
      stdout: "piped",
      stderr: "piped",
    }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  const on = await run({ NFS_DEBUG: "1" });
  assertEquals(on.code, 0, text(on.stderr));
  assertMatch(text(on.stdout), /^Filesystem/);
  const lines = text(on.stderr).split("\n").filter((l) => l !== "");
  assertEquals(lines.length, 1, text(on.stderr));
  assertMatch(
    lines[0]!,
    /^nfs debug: 127\.0\.0\.1:\d+: NFS3 FSSTAT: 4 bytes after a complete result, ignored$/,
  );
  const off = await run({});
  assertEquals([off.code, text(off.stderr)], [0, ""]);
  assertEquals(text(off.stdout), text(on.stdout));
});

Deno.test("strictness: the CLI's --debug shows a deviation with the calls", async () => {
  await using server = new HostileServer({
    nfs: (c) => (c.proc === P.FSSTAT.proc ? gonfsFsstat(c) : undefined),
  });
  const cli = new URL("../../cli/main.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", cli, "--debug", "df", server.url()],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 0, stderr);
  const deviations = stderr.split("\n").filter((l) => l.includes("after a complete result"));
  assertEquals(deviations.length, 1, stderr);
  assertMatch(deviations[0]!, /^nfs: debug: 127\.0\.0\.1:\d+: NFS3 FSSTAT: 4 bytes after/);
  assertMatch(stderr, /^nfs: debug: NFS3 FSSTAT \d+\.\d ms$/m);
});
