import {
  assert,
  assertEquals,
  assertMatch,
  assertNotStrictEquals,
  assertRejects,
} from "@std/assert";
import { XdrReader, XdrWriter } from "../../xdr/mod.ts";
import { authSys } from "../../rpc/auth.ts";
import { RpcClient } from "../../rpc/client.ts";
import {
  RpcAuthError,
  RpcGarbageArgs,
  RpcMismatch,
  RpcProcUnavailable,
  RpcProgMismatch,
  RpcProgUnavailable,
  RpcSystemError,
  RpcTimeoutError,
} from "../../rpc/errors.ts";
import { decodeReplyHeader } from "../../rpc/message.ts";
import { NO_REPLY, parseCred, type RpcCallContext, RpcServer } from "../../testing/_rpc_server.ts";

const PROG = 400123;

/** Echo program: proc 1 adds one, proc 2 echoes a string, proc 3 reports the credential. */
function echo(server: RpcServer, vers = 1): void {
  server.register(PROG, vers, (proc, args, ctx) => {
    switch (proc) {
      case 0:
        return () => {};
      case 1: {
        const n = args.uint("n");
        return (w) => w.uint(n + 1);
      }
      case 2: {
        const s = args.string(1000, "s");
        return (w) => w.string(s);
      }
      case 3:
        return (w) => w.string(JSON.stringify({ cred: ctx.cred, conn: ctx.conn, vers: ctx.vers }));
      default:
        return new RpcProcUnavailable(`proc ${proc}`);
    }
  });
}

function call<T>(
  rpc: RpcClient,
  proc: number,
  encode: (w: XdrWriter) => void,
  decode: (r: XdrReader) => T,
  extra: { vers?: number; prog?: number; timeout?: number } = {},
): Promise<T> {
  return rpc.call({
    prog: extra.prog ?? PROG,
    vers: extra.vers ?? 1,
    proc,
    encode,
    decode,
    ...(extra.timeout !== undefined ? { timeout: extra.timeout } : {}),
  });
}

/** Sends raw bytes on a fresh connection and returns the first reply record (after the mark). */
async function rawExchange(port: number, record: Uint8Array, fragments = 1): Promise<Uint8Array> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const step = Math.ceil(record.length / fragments);
    for (let off = 0; off < record.length; off += step) {
      const part = record.subarray(off, Math.min(record.length, off + step));
      const mark = new Uint8Array(4);
      const last = off + step >= record.length;
      new DataView(mark.buffer).setUint32(0, (last ? 0x80000000 : 0) | part.length);
      await conn.write(mark);
      await conn.write(part);
    }
    const head = await readN(conn, 4);
    const len = new DataView(head.buffer).getUint32(0) & 0x7fffffff;
    return await readN(conn, len);
  } finally {
    conn.close();
  }
}

async function readN(conn: Deno.Conn, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let off = 0;
  while (off < n) {
    const k = await conn.read(out.subarray(off));
    if (k === null) throw new Error(`stream ended after ${off} of ${n} bytes`);
    off += k;
  }
  return out;
}

function callRecord(
  o: { xid: number; rpcvers?: number; prog?: number; vers?: number; proc: number },
  cred: { flavor: number; body: Uint8Array } = { flavor: 0, body: new Uint8Array(0) },
  args: (w: XdrWriter) => void = () => {},
): Uint8Array {
  const w = new XdrWriter();
  w.uint(o.xid);
  w.uint(0);
  w.uint(o.rpcvers ?? 2);
  w.uint(o.prog ?? PROG);
  w.uint(o.vers ?? 1);
  w.uint(o.proc);
  w.uint(cred.flavor);
  w.opaque(cred.body);
  w.uint(0);
  w.uint(0);
  args(w);
  const chain = w.finish();
  const b = chain.toBytes();
  chain.release();
  return b;
}

function replyError(reply: Uint8Array): unknown {
  const r = new XdrReader(reply);
  r.uint("xid");
  const out = decodeReplyHeader(r, "raw");
  return out.ok ? null : out.error;
}

Deno.test("RpcServer answers calls from RpcClient on a free loopback port", async () => {
  await using server = RpcServer.listen();
  echo(server);
  assert(server.port > 0);
  assertEquals(server.addr.hostname, "127.0.0.1");
  await using rpc = await RpcClient.connect({ port: server.port });
  await call(rpc, 0, () => {}, () => {});
  assertEquals(await call(rpc, 1, (w) => w.uint(41), (r) => r.uint()), 42);
  const big = "x".repeat(999);
  assertEquals(await call(rpc, 2, (w) => w.string(big), (r) => r.string(1000)), big);
  const st = server.stats();
  assertEquals(st.calls, 3);
  assertEquals(st.replies, 3);
  assertEquals(st.connections, 1);
  assertEquals(st.openConnections, 1);
});

Deno.test("RpcServer parses AUTH_SYS and AUTH_NONE credentials", async () => {
  await using server = RpcServer.listen();
  echo(server);
  const cred = authSys({ uid: 1000, gid: 100, gids: [27, 44], machineName: "box", stamp: 7 });
  await using sys = await RpcClient.connect({ port: server.port, auth: cred });
  await using none = await RpcClient.connect({ port: server.port });
  const a = JSON.parse(await call(sys, 3, () => {}, (r) => r.string(1000)));
  assertEquals(a.cred, {
    flavor: 1,
    stamp: 7,
    machineName: "box",
    uid: 1000,
    gid: 100,
    gids: [27, 44],
  });
  const b = JSON.parse(await call(none, 3, () => {}, (r) => r.string(1000)));
  assertEquals(b.cred, { flavor: 0 });
  assertNotStrictEquals(a.conn, b.conn);
  assertEquals(parseCred(1, new Uint8Array([0, 0, 0, 1])), null, "truncated AUTH_SYS body");
  assertEquals(parseCred(6, new Uint8Array(0)), null, "RPCSEC_GSS is not supported");
});

Deno.test("RpcServer replies PROG_UNAVAIL, PROG_MISMATCH with the registered range, PROC_UNAVAIL", async () => {
  await using server = RpcServer.listen();
  echo(server, 2);
  echo(server, 4);
  await using rpc = await RpcClient.connect({ port: server.port });
  await assertRejects(
    () => call(rpc, 0, () => {}, () => {}, { prog: PROG + 1 }),
    RpcProgUnavailable,
  );
  const e = await call(rpc, 0, () => {}, () => {}, { vers: 3 }).catch((e) => e);
  assert(e instanceof RpcProgMismatch);
  assertEquals([e.low, e.high], [2, 4]);
  await assertRejects(() => call(rpc, 9, () => {}, () => {}, { vers: 4 }), RpcProcUnavailable);
  assertEquals(await call(rpc, 1, (w) => w.uint(1), (r) => r.uint(), { vers: 4 }), 2);
  server.unregister(PROG, 4);
  const e2 = await call(rpc, 0, () => {}, () => {}, { vers: 4 }).catch((e) => e);
  assert(e2 instanceof RpcProgMismatch);
  assertEquals([e2.low, e2.high], [2, 2]);
  server.unregister(PROG);
  await assertRejects(() => call(rpc, 0, () => {}, () => {}, { vers: 2 }), RpcProgUnavailable);
});

Deno.test("RpcServer turns XdrError into GARBAGE_ARGS and other exceptions into SYSTEM_ERR", async () => {
  const errors: string[] = [];
  await using server = RpcServer.listen({ onError: (e, call) => errors.push(`${call}: ${e}`) });
  server.register(PROG, 1, (proc, args) => {
    if (proc === 1) args.uint("n"); // no argument sent: XdrError
    if (proc === 2) throw new Error("boom");
    if (proc === 3) return () => args.string(4); // thrown while encoding
    if (proc === 4) throw new RpcSystemError("handler");
    return Promise.resolve(() => {});
  });
  await using rpc = await RpcClient.connect({ port: server.port });
  await assertRejects(() => call(rpc, 1, () => {}, () => {}), RpcGarbageArgs);
  await assertRejects(() => call(rpc, 2, () => {}, () => {}), RpcSystemError);
  await assertRejects(() => call(rpc, 3, () => {}, () => {}), RpcSystemError);
  await assertRejects(() => call(rpc, 4, () => {}, () => {}), RpcSystemError);
  await call(rpc, 5, () => {}, () => {});
  assertEquals(errors.length, 2);
  assertMatch(errors[0]!, /^RPC 400123\/1\/2 xid 0x[0-9a-f]+: Error: boom$/);
  assertMatch(errors[1]!, /^RPC 400123\/1\/3 .*XdrError/);
  assertEquals(server.stats().systemErrors, 2);
});

Deno.test("RpcServer runs calls of one connection concurrently; replies may go out of order", async () => {
  await using server = RpcServer.listen();
  const order: number[] = [];
  server.register(PROG, 1, async (_proc, args) => {
    const ms = args.uint("ms");
    await new Promise((r) => setTimeout(r, ms));
    order.push(ms);
    return (w) => w.uint(ms);
  });
  await using rpc = await RpcClient.connect({ port: server.port });
  const slow = call(rpc, 1, (w) => w.uint(80), (r) => r.uint());
  const fast = call(rpc, 1, (w) => w.uint(1), (r) => r.uint());
  assertEquals(await Promise.all([slow, fast]), [80, 1]);
  assertEquals(order, [1, 80]);
});

Deno.test("RpcServer sends nothing for NO_REPLY: a soft client times out", async () => {
  await using server = RpcServer.listen();
  server.register(PROG, 1, () => NO_REPLY);
  await using rpc = await RpcClient.connect({
    port: server.port,
    hard: false,
    timeout: 50,
    retrans: 1,
  });
  await assertRejects(() => call(rpc, 1, () => {}, () => {}), RpcTimeoutError);
  assertEquals(server.stats().unanswered, 2); // the call and its retransmission
});

Deno.test("RpcServer rejects RPC version 3 with RPC_MISMATCH and unknown flavors with AUTH_BADCRED", async () => {
  await using server = RpcServer.listen();
  echo(server);
  const e1 = replyError(
    await rawExchange(server.port, callRecord({ xid: 1, rpcvers: 3, proc: 0 })),
  );
  assert(e1 instanceof RpcMismatch);
  assertEquals([e1.low, e1.high], [2, 2]);
  const gss = { flavor: 6, body: new Uint8Array(8) };
  const e2 = replyError(await rawExchange(server.port, callRecord({ xid: 2, proc: 0 }, gss)));
  assert(e2 instanceof RpcAuthError);
  assertEquals(e2.authStatName, "AUTH_BADCRED");
});

Deno.test("RpcServer reassembles a call sent in several fragments", async () => {
  await using server = RpcServer.listen();
  echo(server);
  const rec = callRecord({ xid: 77, proc: 2 }, undefined, (w) => w.string("fragmented"));
  const reply = await rawExchange(server.port, rec, 5);
  const r = new XdrReader(reply);
  assertEquals(r.uint(), 77);
  assert(decodeReplyHeader(r, "raw").ok);
  assertEquals(r.string(100), "fragmented");
});

Deno.test("RpcServer ignores records that are not calls", async () => {
  await using server = RpcServer.listen();
  echo(server);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  // A REPLY record, then a valid call on the same connection.
  const bogus = new Uint8Array([0x80, 0, 0, 8, 0, 0, 0, 9, 0, 0, 0, 1]);
  await conn.write(bogus);
  const rec = callRecord({ xid: 5, proc: 1 }, undefined, (w) => w.uint(1));
  const mark = new Uint8Array(4);
  new DataView(mark.buffer).setUint32(0, 0x80000000 | rec.length);
  await conn.write(mark);
  await conn.write(rec);
  const len = new DataView((await readN(conn, 4)).buffer).getUint32(0) & 0x7fffffff;
  const r = new XdrReader(await readN(conn, len));
  conn.close();
  assertEquals(r.uint(), 5);
  assert(decodeReplyHeader(r, "raw").ok);
  assertEquals(r.uint(), 2);
  assertEquals(server.stats().malformed, 1);
});

Deno.test("RpcServer.close() ends connections, aborts pending handlers and leaks nothing", async () => {
  const server = RpcServer.listen();
  let seen: RpcCallContext | undefined;
  const aborted = Promise.withResolvers<void>();
  server.register(PROG, 1, (_proc, _args, ctx) => {
    seen = ctx;
    return new Promise((resolve) => {
      ctx.signal.addEventListener("abort", () => {
        aborted.resolve();
        resolve(() => {});
      });
    });
  });
  const rpc = await RpcClient.connect({ port: server.port, reconnect: false });
  const pending = call(rpc, 1, () => {}, () => {}).catch((e) => e);
  while (seen === undefined) await new Promise((r) => setTimeout(r, 5));
  await server.close();
  await aborted.promise;
  assert(server.closed);
  assert((await pending) instanceof Error);
  await rpc.close();
  await server.close(); // twice is fine
});

Deno.test("RpcServer wrapStream sees each connection", async () => {
  const seen: number[] = [];
  let written = 0;
  await using server = RpcServer.listen({
    wrapStream: (s, info) => {
      seen.push(info.id);
      return {
        read: (p) => s.read(p),
        write: async (p) => {
          const n = await s.write(p);
          written += n;
          return n;
        },
        close: () => s.close(),
      };
    },
  });
  echo(server);
  await using a = await RpcClient.connect({ port: server.port });
  await using b = await RpcClient.connect({ port: server.port });
  await call(a, 0, () => {}, () => {});
  await call(b, 1, (w) => w.uint(1), (r) => r.uint());
  assertEquals(seen, [1, 2]);
  assertEquals(written, 4 + 24 + 4 + 28); // two framed replies
});
