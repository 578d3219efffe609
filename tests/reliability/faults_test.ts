/**
 * Faulty and hostile servers of issue 17: an endless file, a READ that returns nothing
 * before end of file, a server that drops every connection, a reply dribbled byte by byte.
 * Each case must end, well inside its guard, in a correct result or a clear error, with
 * memory bounded. No timing is asserted: each case prints its time and peak RSS, and a
 * guard fails a case that does not settle at all.
 */
import { assert, assertEquals, assertMatch, fail } from "@std/assert";
import { connect, type NfsClient, NfsError, TimedOut } from "../../mod.ts";
import { NFS3_PROCEDURES as P } from "../../nfs/v3/procedures.ts";
import { concat, record, type SeenCall, words } from "../_util/rpc_peer.ts";
import { fattr, fh, type HostileOptions, HostileServer, nfs3Args, nfs3Reply } from "./_hostile.ts";
import { measure, mib } from "./_mem.ts";

const MIB = 1 << 20;
/** A case that has not settled after this long hangs (each should take a few seconds). */
const GUARD_MS = 9000;

/** Rejects when `p` has not settled within {@linkcode GUARD_MS}. */
async function guarded<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not settle within ${GUARD_MS} ms`)),
      GUARD_MS,
    );
  });
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one case against a fresh hostile server; prints its time and peak RSS. */
function fault(
  name: string,
  options: HostileOptions,
  run: (nfs: NfsClient, server: HostileServer) => Promise<void>,
  limits: { peak?: number; query?: string } = {},
): void {
  Deno.test(`faulty server: ${name}`, async () => {
    await using server = new HostileServer(options);
    const m = await measure(() =>
      guarded(
        name,
        (async () => {
          await using nfs = await connect(server.url(limits.query));
          await run(nfs, server);
        })(),
      ).then(() => null, (e: unknown) => ({ e }))
    );
    const how = m.value === null ? "ok" : "FAILED";
    console.log(
      `  [fault] ${name}: ${how} ${m.ms.toFixed(0)} ms, peak RSS ${mib(m.peakRss)}, ` +
        `peak growth ${mib(m.peakGrowth)}`,
    );
    if (m.value !== null) throw m.value.e;
    const peak = limits.peak ?? 48 * MIB;
    assert(m.peakGrowth < peak, `memory grew by ${mib(m.peakGrowth)} at the peak`);
  });
}

/** Asserts that `p` rejects with an NfsError of `code` whose message matches `re`. */
async function rejectsWith(p: Promise<unknown>, code: string, re: RegExp): Promise<NfsError> {
  try {
    await p;
  } catch (e) {
    assert(e instanceof NfsError, `expected an NfsError, got ${e}`);
    assertEquals(e.code, code, `code of: ${e.message}`);
    assertMatch(e.message, re);
    assert(e.proc !== undefined && !e.proc.includes("undefined"), `no procedure: ${e.message}`);
    return e;
  }
  fail(`expected an error with code ${code}`);
}

/** A READ3 reply: `dataLen` bytes of "a", `count`, `eof`, no attributes. */
function readReply(c: SeenCall, count: number, dataLen: number, eof: boolean): Uint8Array {
  const data = new Uint8Array((dataLen + 3) & ~3);
  data.fill(0x61, 0, dataLen);
  return record(concat(words(c.xid, 1, 0, 0, 0, 0, 0, 0, count, eof ? 1 : 0, dataLen), data));
}

/**
 * A file whose READs never set eof: each returns all it was asked for, past any size,
 * until `cap` bytes were served (so that even a client that never stops ends).
 */
function endless(cap: number, onServed?: (served: number) => void) {
  const s = { served: 0 };
  const options: HostileOptions = {
    tree: {
      endless: { fh: fh(20), attrs: fattr("file", 6n, 20n) },
      huge: { fh: fh(21), attrs: fattr("file", 0xffffffffffffffffn, 21n) },
    },
    nfs: (c) => {
      if (c.proc !== P.READ.proc) return undefined;
      const { count } = nfs3Args<{ count: number }>(c);
      const n = Math.min(count, Math.max(0, cap - s.served));
      s.served += n;
      onServed?.(s.served);
      return readReply(c, n, n, n === 0);
    },
  };
  return { s, options };
}

// --- 1, 9: an endless file -------------------------------------------------------------------

{
  const { s, options } = endless(64 * MIB);
  fault(
    "an endless file: readFile's maxSize bounds the bytes actually read",
    options,
    async (nfs) => {
      await rejectsWith(
        nfs.readFile("endless", { maxSize: MIB }),
        "EFBIG",
        /"endless".*more than readFile's limit of 1048576 bytes/,
      );
      // What was asked for past the limit is at most one window of READs.
      assert(s.served < 8 * MIB, `the server sent ${mib(s.served)}`);
    },
  );
}

{
  const { s, options } = endless(64 * MIB);
  fault(
    "a file claiming 2^64-1 bytes whose data goes on fails with EFBIG once past maxSize",
    options,
    async (nfs) => {
      await rejectsWith(nfs.readFile("huge", { maxSize: 3 * MIB }), "EFBIG", /"huge"/);
      assert(s.served > 3 * MIB, "refused before reading");
      assert(s.served < 10 * MIB, `the server sent ${mib(s.served)}`);
    },
  );
}

fault(
  "a 6-byte file claiming 2^64-1 bytes is read to its end",
  {
    tree: { huge: { fh: fh(21), attrs: fattr("file", 0xffffffffffffffffn, 21n) } },
    nfs: (c) => {
      if (c.proc !== P.READ.proc) return undefined;
      const { offset, count } = nfs3Args<{ offset: bigint; count: number }>(c);
      const n = Math.max(0, Math.min(count, 6 - Number(offset)));
      return readReply(c, n, n, true);
    },
  },
  async (nfs) => {
    const got = await nfs.readFile("huge");
    assertEquals(new TextDecoder().decode(got), "aaaaaa");
    assertEquals(got.buffer.byteLength, 6, "the buffer grown for the claim is kept");
  },
);

{
  const ac = new AbortController();
  const { s, options } = endless(64 * MIB, (n) => {
    if (n >= 8 * MIB && !ac.signal.aborted) ac.abort(new Error("stop reading"));
  });
  let atAbort = 0;
  ac.signal.addEventListener("abort", () => atAbort = s.served);
  fault(
    "an endless file: an AbortSignal ends readFile promptly",
    options,
    async (nfs) => {
      try {
        await nfs.readFile("endless", { signal: ac.signal });
        fail("readFile of an endless file resolved");
      } catch (e) {
        assertEquals((e as Error).message, "stop reading");
      }
      assert(s.served - atAbort < 4 * MIB, `${mib(s.served - atAbort)} read after the abort`);
    },
  );
}

// --- 2: READ count=0 without eof ---------------------------------------------------------------

{
  let reads = 0;
  fault(
    "READ answering count=0, eof=false fails with EIO naming the file and offset",
    {
      tree: { zero: { fh: fh(22), attrs: fattr("file", 6n, 22n) } },
      nfs: (c) => {
        if (c.proc !== P.READ.proc) return undefined;
        reads++;
        return readReply(c, 0, 0, false);
      },
    },
    async (nfs) => {
      await rejectsWith(
        nfs.readFile("zero"),
        "EIO",
        /"zero".*the server returned no data at offset 0 before end of file/,
      );
      assert(reads >= 2 && reads <= 8, `${reads} READs`);
      // The stream of an open file says the same, instead of ending empty.
      await using f = await nfs.open("zero");
      await rejectsWith(
        new Response(f.readable).arrayBuffer(),
        "EIO",
        /no data at offset 0 before end of file/,
      );
    },
  );
}

{
  let zeros = 2;
  fault(
    "READ answering count=0, eof=false twice, then data: the READ is asked again",
    {
      tree: { f: { fh: fh(23), attrs: fattr("file", 6n, 23n) } },
      nfs: (c) => {
        if (c.proc !== P.READ.proc) return undefined;
        if (zeros-- > 0) return readReply(c, 0, 0, false);
        const { offset } = nfs3Args<{ offset: bigint }>(c);
        const n = Math.max(0, 6 - Number(offset));
        return readReply(c, n, n, true);
      },
    },
    async (nfs) => {
      assertEquals(new TextDecoder().decode(await nfs.readFile("f")), "aaaaaa");
    },
  );
}

// --- 3: a server that drops every NFS connection ------------------------------------------------

{
  let drop = false;
  fault(
    "every NFS connection dropped at once: a soft call fails within its bound, with back-off",
    { dropNfs: () => drop },
    async (nfs, server) => {
      drop = true;
      server.dropAll();
      const before = server.connections;
      const t0 = performance.now();
      const e = await rejectsWith(Array.fromAsync(nfs.readDir(".")), "ETIMEDOUT", /READDIRPLUS/);
      assert(e instanceof TimedOut);
      const s = (performance.now() - t0) / 1000;
      const made = server.connections - before;
      console.log(`  ${made} connections in ${s.toFixed(1)} s`);
      // timeo=1 s, retrans=1: 3 s of timeouts; reconnects 0.1, 0.2, 0.4 ... s apart: a client
      // without back-off makes 10 a second.
      assert(made <= 4 + 2 * s, `${made} connections in ${s.toFixed(1)} s`);
    },
    { query: "soft=1&timeo=10&retrans=1" },
  );
}

Deno.test("faulty server: connect() to a server dropping every NFS connection fails in its bound, naming FSINFO", async () => {
  await using server = new HostileServer({ dropNfs: () => true });
  const m = await measure(() =>
    guarded(
      "connect()",
      rejectsWith(
        connect(server.url("soft=1&timeo=10&retrans=1")),
        "ETIMEDOUT",
        /FSINFO/,
      ),
    ).then((e) => ({ e, ok: true }), (e: unknown) => ({ e, ok: false }))
  );
  const how = m.value.ok ? "ok" : "FAILED";
  console.log(
    `  [fault] connect() dropped: ${how} ${m.ms.toFixed(0)} ms, peak RSS ${mib(m.peakRss)}`,
  );
  if (!m.value.ok) throw m.value.e;
  const e = m.value.e as NfsError;
  assertEquals(e.proc, "NFS3 FSINFO");
  // MOUNT worked: the message must not say the export cannot be mounted.
  assert(!/cannot mount/i.test(e.message), e.message);
  assert(server.dropped <= 12, `${server.dropped} connections`);
});

{
  let dropUntil = 0;
  fault(
    "every NFS connection dropped for a while: a hard call backs off, then succeeds",
    { dropNfs: () => performance.now() < dropUntil },
    async (nfs, server) => {
      dropUntil = performance.now() + 2000;
      server.dropAll();
      assertEquals((await nfs.stat("/")).isDirectory, true);
      // 2 s of dropped connections: 0.1 + 0.2 + 0.4 + 0.8 + 1.6 s of back-off at most 6.
      assert(server.dropped <= 8, `${server.dropped} connections dropped in 2 s`);
    },
    { query: "soft=0&timeo=10" },
  );
}

// --- 4: a reply dribbled a byte at a time ----------------------------------------------------

/** Writes the start of a 2000-byte reply to `c`, one byte every 100 ms, until closed. */
function dribble(c: SeenCall): (conn: Deno.Conn) => Promise<void> {
  return async (conn) => {
    const bytes = concat(words(0x80000000 | 2000, c.xid, 1, 0, 0, 0, 0), new Uint8Array(1976));
    for (let i = 0; i < bytes.length; i++) {
      await conn.write(bytes.subarray(i, i + 1));
      await new Promise((r) => setTimeout(r, 100));
    }
  };
}

fault(
  "a dribbled READDIRPLUS reply: the soft call times out, and the next call still works",
  {
    nfs: (c) => (c.proc === P.READDIRPLUS.proc ? dribble(c) : undefined),
  },
  async (nfs) => {
    await rejectsWith(Array.fromAsync(nfs.readDir(".")), "ETIMEDOUT", /READDIRPLUS/);
    assertEquals((await nfs.stat("/")).isDirectory, true);
    assertEquals((await nfs.stat("/")).isDirectory, true);
  },
  { query: "soft=1&timeo=10&retrans=0" },
);

{
  let armed = false;
  fault(
    "a dribbled GETATTR reply: the hard call is sent again on a new connection",
    {
      nfs: (c) => {
        if (c.proc !== P.GETATTR.proc || !armed) return undefined;
        armed = false;
        return dribble(c);
      },
    },
    async (nfs) => {
      armed = true;
      assertEquals((await nfs.stat("/")).isDirectory, true);
      assert(nfs.rpc.stats().reconnects >= 1, "no new connection");
    },
    { query: "soft=0&timeo=10" },
  );
}

// --- Minor items -----------------------------------------------------------------------------

fault(
  "a LOOKUP reply with a 0-byte file handle fails at decode, naming LOOKUP",
  {
    nfs: (c) =>
      c.proc === P.LOOKUP.proc
        ? record(words(c.xid, 1, 0, 0, 0, 0, /* OK */ 0, /* fh length */ 0, 0, 0))
        : undefined,
  },
  async (nfs) => {
    const e = await rejectsWith(nfs.stat("f"), "EPROTO", /LOOKUP.*file handle of 0 bytes/);
    assertEquals(e.proc, "NFS3 LOOKUP");
  },
);

Deno.test("faulty server: a refused TCP connection is ECONNREFUSED", async () => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  await rejectsWith(
    connect(`nfs://127.0.0.1/export?nfsport=${port}&mountport=${port}&version=3&soft=1`),
    "ECONNREFUSED",
    /refused/i,
  );
});

{
  let jukebox = 0;
  let getattrs = 0;
  const F = { fh: fh(24), attrs: fattr("file", 6n, 24n) };
  fault(
    "NFS3ERR_JUKEBOX is waited out and retried, a bounded number of times",
    {
      tree: { f: F },
      nfs: (c) => {
        if (c.proc !== P.GETATTR.proc) return undefined;
        if (nfs3Args<{ object: Uint8Array }>(c).object[7] !== 24) return undefined;
        getattrs++;
        if (jukebox-- > 0) return nfs3Reply(c.xid, c.proc, { status: 10008 });
        return undefined;
      },
    },
    async (nfs) => {
      await using f = await nfs.open("f");
      jukebox = 2;
      getattrs = 0;
      assertEquals((await f.stat()).size, 6);
      assertEquals(getattrs, 3, "two JUKEBOX answers, then the attributes");
      jukebox = Infinity;
      getattrs = 0;
      const e = await rejectsWith(f.stat(), "EAGAIN", /NFS3ERR_JUKEBOX/);
      assertEquals(e.proc, "NFS3 GETATTR");
      assertEquals(getattrs, 6, "one call and 5 retries");
    },
  );
}

{
  const reported: NfsError[] = [];
  fault(
    "an invalid directory entry: an error by default, skipped and reported with onInvalidEntry",
    {
      tree: { ok: { fh: fh(25), attrs: fattr("file", 1n, 25n) } },
      nfs: (c) =>
        c.proc === P.READDIRPLUS.proc
          ? dirReply(c, [["ok", 1], ["a/b", 2], ["", 3], ["typed", 4, 1], ["odd", 5, 9]])
          : undefined,
    },
    async (nfs) => {
      await rejectsWith(Array.fromAsync(nfs.readDir(".")), "EPROTO", /invalid entry name/);
      const names = (await Array.fromAsync(nfs.readDir(".", {
        onInvalidEntry: (e) => reported.push(e),
      }))).map((e) => e.name);
      assertEquals(names, ["ok", "typed"]);
      assertEquals(reported.length, 3);
      assertMatch(reported[0]!.message, /invalid entry name "a\/b"/);
      assertMatch(reported[2]!.message, /entry "odd" with unknown file type 9/);
      assertEquals(reported.map((e) => [e.code, e.proc]), [
        ["EPROTO", "NFS3 READDIRPLUS"],
        ["EPROTO", "NFS3 READDIRPLUS"],
        ["EPROTO", "NFS3 READDIRPLUS"],
      ]);
    },
  );
}

/**
 * A READDIRPLUS reply (eof, no handles) listing `[name, cookie, type?]`: with a type, the
 * entry has attributes of that ftype3 number (1 a file), else none.
 */
function dirReply(c: SeenCall, entries: [string, number, number?][]): Uint8Array {
  const parts: Uint8Array[] = [words(c.xid, 1, 0, 0, 0, 0, /* OK */ 0, /* no attrs */ 0, 0, 1)];
  for (const [name, cookie, type] of entries) {
    const b = new TextEncoder().encode(name);
    const padded = new Uint8Array((b.length + 3) & ~3);
    padded.set(b);
    parts.push(words(1, 0, cookie, b.length), padded, words(0, cookie));
    if (type === undefined) parts.push(words(0));
    else {
      // fattr3: type, mode, nlink, uid, gid, size, used, rdev, fsid, fileid, 3 times
      const attrs = words(
        type,
        0o644,
        1,
        0,
        0,
        0,
        5,
        0,
        0,
        0,
        0,
        0,
        1,
        0,
        cookie,
        0,
        0,
        0,
        0,
        0,
        0,
      );
      parts.push(words(1), attrs);
    }
    parts.push(words(0)); // no handle
  }
  parts.push(words(0, 1));
  return record(concat(...parts));
}

/**
 * A file "w" whose WRITEs land in `content`: each WRITE accepts at most `ack` bytes and
 * answers `committed(stable)`; each COMMIT answers the next verifier of `verfs`.
 */
function writable(
  size: number,
  o: { ack?: number; committed?: (stable: number) => number; verfs?: number[] } = {},
) {
  const st = { content: new Uint8Array(size), writes: 0, bytes: 0, commits: 0 };
  const verf = (n: number) => words(0, n);
  let now = 1;
  const options: HostileOptions = {
    tree: { w: { fh: fh(30), attrs: fattr("file", 0n, 30n) } },
    nfs: (c) => {
      if (c.proc === P.WRITE.proc) {
        const a = nfs3Args<{ offset: bigint; stable: number; data: Uint8Array }>(c);
        const n = Math.min(a.data.length, o.ack ?? Infinity);
        st.content.set(a.data.subarray(0, n), Number(a.offset));
        st.writes++;
        st.bytes += a.data.length;
        return nfs3Reply(c.xid, c.proc, {
          status: 0,
          fileWcc: { before: null, after: null },
          count: n,
          committed: o.committed?.(a.stable) ?? a.stable,
          verf: verf(now),
        });
      }
      if (c.proc === P.COMMIT.proc) {
        now = o.verfs?.[st.commits] ?? now;
        st.commits++;
        return nfs3Reply(c.xid, c.proc, {
          status: 0,
          fileWcc: { before: null, after: null },
          verf: verf(now),
        });
      }
      return undefined;
    },
  };
  return { st, options };
}

function pattern(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + (i >> 9)) & 0xff;
  return out;
}

{
  const { st, options } = writable(MIB, { ack: 1000 });
  fault(
    "a server acking at most 1000 bytes per WRITE: later WRITEs are cut to what it accepts",
    options,
    async (nfs) => {
      const data = pattern(MIB);
      await nfs.writeFile("w", data);
      assertEquals(st.content, data);
      console.log(`  ${st.writes} WRITEs, ${mib(st.bytes)} sent for 1 MiB`);
      // Resending the rest of each 64 KiB piece after each short ack sends about 33 MiB.
      assert(st.bytes < 4 * MIB, `${mib(st.bytes)} of WRITE data sent for 1 MiB`);
    },
  );
}

{
  // The first COMMIT's verifier differs (a "restart"): the data is written again FILE_SYNC,
  // and the server answers those WRITEs UNSTABLE, so they need a COMMIT of their own.
  const { st, options } = writable(200_000, {
    committed: () => 0,
    verfs: [2, 2],
  });
  fault(
    "a FILE_SYNC WRITE answered UNSTABLE is committed, its verifier checked",
    options,
    async (nfs) => {
      const data = pattern(200_000);
      await nfs.writeFile("w", data);
      assertEquals(st.content, data);
      assertEquals(st.commits, 2, "the FILE_SYNC rewrite answered UNSTABLE was not committed");
    },
  );
}

{
  // A RENAME done by its first transmission, whose reply was lost: sent again (to a server
  // that restarted, or on a new connection past its duplicate request cache) it is NOENT.
  const tree: Record<string, { fh: Uint8Array; attrs: ReturnType<typeof fattr> }> = {
    a: { fh: fh(40), attrs: fattr("file", 3n, 40n) },
  };
  fault(
    "a RENAME answered NOENT after it was done: the names are not trusted from the cache",
    {
      tree,
      nfs: (c) => {
        if (c.proc !== P.RENAME.proc) return undefined;
        tree.b = tree.a!;
        delete tree.a;
        const wcc = { before: null, after: null };
        return nfs3Reply(c.xid, c.proc, { status: 2, fromdirWcc: wcc, todirWcc: wcc });
      },
    },
    async (nfs) => {
      assertEquals((await nfs.stat("a")).size, 3); // caches "a"
      await rejectsWith(nfs.rename("a", "b"), "ENOENT", /rename/);
      await rejectsWith(nfs.stat("a"), "ENOENT", /"a"/);
      assertEquals((await nfs.stat("b")).size, 3);
    },
  );
}

fault(
  "a dribbled READDIRPLUS reply: aborting the call frees the connection for the next one",
  {
    nfs: (c) => (c.proc === P.READDIRPLUS.proc ? dribble(c) : undefined),
  },
  async (nfs) => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error("enough")), 300);
    try {
      await Array.fromAsync(nfs.readDir(".", { signal: ac.signal }));
      fail("the dribbled listing resolved");
    } catch (e) {
      assertEquals((e as Error).message, "enough");
    }
    // Hard, with a 60 s timeo: only dropping the connection lets GETATTR through in time.
    assertEquals((await nfs.stat("/")).isDirectory, true);
  },
  { query: "soft=0" },
);
