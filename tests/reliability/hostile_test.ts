/**
 * A hostile server: `connect()` mounts a scripted peer that speaks MOUNT and NFSv3 well
 * enough, then answers one call badly. Every case must end in a clear error (an
 * `NfsError` with a code and a message saying what was wrong) or a correct result, within a
 * few seconds, with the client's memory bounded.
 */
import { assert, assertEquals, assertMatch, assertRejects, fail } from "@std/assert";
import { connect, type NfsClient, NfsError, TimedOut } from "../../mod.ts";
import { defaultPool } from "../../mbuf/mod.ts";
import { NFS3_PROCEDURES as P } from "../../nfs/v3/procedures.ts";
import { concat, record, type SeenCall, words, writeAll } from "../_util/rpc_peer.ts";
import { mulberry32, randBytes } from "../_split.ts";
import {
  fattr,
  fh,
  type HostileOptions,
  HostileServer,
  nfs3Args,
  nfs3Reply,
  thenClose,
} from "./_hostile.ts";
import { measure, mib, settledMemory } from "./_mem.ts";

const MIB = 1 << 20;
/** Longest a case may take (it must not hang: the soft timeout is 5 s, longer than this). */
const CASE_MS = 4000;

/** Runs one case against a fresh hostile server and checks time, memory and cleanup. */
function hostile(
  name: string,
  options: HostileOptions,
  run: (nfs: NfsClient, server: HostileServer) => Promise<void>,
  limits: { ms?: number; peak?: number; query?: string; pending?: string } = {},
): void {
  const pending = limits.pending;
  Deno.test({
    name: `hostile server: ${name}${pending ? ` (pending: ${pending})` : ""}`,
    ignore: pending !== undefined,
  }, async () => {
    const poolBefore = defaultPool.stats();
    await using server = new HostileServer(options);
    const m = await measure(async () => {
      await using nfs = await connect(server.url(limits.query));
      await run(nfs, server);
    });
    const ms = limits.ms ?? CASE_MS;
    assert(m.ms < ms, `took ${m.ms.toFixed(0)} ms, more than ${ms}`);
    // The pool keeps up to 16 MiB of free clusters for reuse: that is not the case's doing.
    const pooled = (defaultPool.stats().free - poolBefore.free) * poolBefore.clusterSize;
    const kept = m.after.heapUsed + m.after.external - m.before.heapUsed - m.before.external -
      pooled;
    assert(kept < 4 * MIB, `kept ${mib(kept)} after the case`);
    const peak = limits.peak ?? 48 * MIB;
    assert(m.peakGrowth < peak, `memory grew by ${mib(m.peakGrowth)} at the peak`);
    assertEquals(defaultPool.stats().inUse, poolBefore.inUse, "clusters not returned to the pool");
  });
}

/** Asserts that `p` rejects with an NfsError of `code` whose message matches `re`. */
async function rejectsWith(p: Promise<unknown>, code: string, re: RegExp): Promise<NfsError> {
  try {
    await p;
  } catch (e) {
    assert(e instanceof NfsError, `expected an NfsError, got ${e}`);
    assert(!(e instanceof TimedOut), `timed out instead of a clear error: ${e.message}`);
    assertEquals(e.code, code, `code of: ${e.message}`);
    assertMatch(e.message, re);
    // Every error names the procedure (or file API operation) that failed.
    assert(e.proc !== undefined && !e.proc.includes("undefined"), `no procedure: ${e.message}`);
    return e;
  }
  fail(`expected an error with code ${code}`);
}

const FILE = { fh: fh(2), attrs: fattr("file", 100n, 2n) };
const LINK = { fh: fh(3), attrs: fattr("symlink", 4n, 3n) };

/** Answers GETATTR of the root with `bytes` the first time, normally afterwards. */
function onFirstGetattr(
  bytes: (c: SeenCall) => Uint8Array | ((conn: Deno.Conn) => Promise<void>),
): HostileOptions {
  let done = false;
  return {
    nfs: (c) => {
      if (c.proc !== P.GETATTR.proc || done) return undefined;
      done = true;
      return bytes(c);
    },
  };
}

// --- Record marking -------------------------------------------------------------------

hostile(
  "a record mark of 2 GiB fails the call clearly, and the client recovers",
  onFirstGetattr(() => words(0xffffffff)),
  async (nfs) => {
    await rejectsWith(nfs.stat("/"), "EPROTO", /record of 2147483647 bytes, more than/);
    assertEquals((await nfs.stat("/")).isDirectory, true); // a new connection works
  },
);

hostile(
  "a first fragment of 2 GiB (not the last) fails clearly",
  onFirstGetattr(() => words(0x7fffffff)),
  async (nfs) => {
    await rejectsWith(nfs.stat("/"), "EPROTO", /more than the maximum/);
  },
);

hostile(
  "fragments adding up past the record limit fail clearly",
  onFirstGetattr(() => async (conn) => {
    const frag = concat(words(MIB), new Uint8Array(MIB));
    for (let i = 0; i < 10; i++) await writeAll(conn, frag);
  }),
  async (nfs) => {
    await rejectsWith(nfs.stat("/"), "EPROTO", /more than the maximum of 8388608/);
  },
);

hostile(
  "an endless run of empty fragments fails clearly",
  onFirstGetattr(() => async (conn) => {
    const empties = new Uint8Array(65536); // 16384 record marks: not last, length 0
    for (;;) await writeAll(conn, empties);
  }),
  async (nfs) => {
    await rejectsWith(
      nfs.stat("/"),
      "EPROTO",
      /fragments, whose headers alone exceed 8388608 bytes/,
    );
  },
);

hostile(
  "a record too short for an XID fails clearly",
  onFirstGetattr(() => words(0x80000002, 0)),
  async (nfs) => {
    await rejectsWith(nfs.stat("/"), "EPROTO", /too short for an XID/);
  },
);

// --- Malformed replies ------------------------------------------------------------------

hostile(
  "a reply with msg_type CALL, a bad reply_stat or accept_stat fails that call clearly",
  {
    nfs: (c, i) => {
      if (c.proc !== P.GETATTR.proc) return undefined;
      const bad = [
        words(c.xid, 0, 0, 0, 0, 0), // msg_type CALL
        words(c.xid, 1, 7), // reply_stat 7
        words(c.xid, 1, 0, 0, 0, 99), // accept_stat 99
        words(c.xid, 1, 0, 0, 401), // verifier body of 401 bytes
        words(c.xid, 1, 1, 9), // reject_stat 9
      ];
      return i - 1 < bad.length ? record(bad[i - 1]!) : undefined;
    },
  },
  async (nfs) => {
    for (let k = 0; k < 5; k++) await rejectsWith(nfs.stat("/"), "EPROTO", /GETATTR/);
    assertEquals((await nfs.stat("/")).isDirectory, true);
  },
);

hostile(
  "trailing bytes after a result fail the call clearly in strict mode",
  onFirstGetattr((c) => {
    const ok = nfs3Reply(c.xid, P.GETATTR.proc, { status: 0, objAttributes: fattr("dir", 0n, 1n) });
    return record(concat(ok.subarray(4), words(0xdead)));
  }),
  async (nfs) => {
    await rejectsWith(nfs.stat("/"), "EPROTO", /trailing/);
  },
  { query: "soft=1&timeo=50&retrans=0&strict=1" },
);

hostile(
  "trailing bytes after a complete result are ignored and counted (not strict)",
  onFirstGetattr((c) => {
    const ok = nfs3Reply(c.xid, P.GETATTR.proc, { status: 0, objAttributes: fattr("dir", 0n, 1n) });
    return record(concat(ok.subarray(4), words(0xdead)));
  }),
  async (nfs) => {
    assertEquals((await nfs.stat("/")).isDirectory, true);
    assertEquals(nfs.rpc.stats().deviations.trailingBytes, 1);
  },
);

// --- Lengths beyond the record ------------------------------------------------------------

hostile(
  "a file handle length beyond the record fails clearly",
  {
    nfs: (c) =>
      c.proc === P.LOOKUP.proc
        ? record(words(c.xid, 1, 0, 0, 0, 0, /* NFS3_OK */ 0, 0xfffffff0, 1, 2))
        : undefined,
  },
  async (nfs) => {
    await rejectsWith(nfs.stat("f"), "EPROTO", /exceeds/);
  },
);

hostile(
  "a symlink text length beyond the record fails clearly",
  {
    tree: { l: LINK },
    nfs: (c) =>
      c.proc === P.READLINK.proc
        ? record(words(c.xid, 1, 0, 0, 0, 0, 0, /* no attrs */ 0, 0x80000000))
        : undefined,
  },
  async (nfs) => {
    await rejectsWith(nfs.readLink("l"), "EPROTO", /exceeds/);
  },
);

hostile(
  "a directory entry name length beyond the record fails clearly",
  {
    nfs: (c) =>
      c.proc === P.READDIRPLUS.proc
        ? record(words(c.xid, 1, 0, 0, 0, 0, 0, 0, 0, 0, /* entry */ 1, 0, 5, 0x7fffffff, 0))
        : undefined,
  },
  async (nfs) => {
    await rejectsWith(Array.fromAsync(nfs.readDir(".")), "EPROTO", /exceeds/);
  },
);

Deno.test("hostile server: a MNT reply with a 2 GiB file handle makes connect() fail clearly", async () => {
  await using server = new HostileServer({
    mount: (c) => (c.proc === 1 ? record(words(c.xid, 1, 0, 0, 0, 0, 0, 0x80000000)) : undefined),
  });
  await rejectsWith(connect(server.url()), "EPROTO", /MNT.*exceeds/);
});

Deno.test("hostile server: a MNT reply claiming 2^30 auth flavors makes connect() fail clearly", async () => {
  await using server = new HostileServer({
    mount: (c) =>
      c.proc === 1
        ? record(words(c.xid, 1, 0, 0, 0, 0, 0, 8, 0xfe000000, 1, 0x40000000, 1))
        : undefined,
  });
  await rejectsWith(connect(server.url()), "EPROTO", /auth_flavors.*exceeds/);
});

Deno.test("hostile server: an EXPORT list with a 1 GiB group name is ignored; the mount works", async () => {
  await using server = new HostileServer({
    mount: (c) =>
      c.proc === 5
        ? record(words(c.xid, 1, 0, 0, 0, 0, 1, 7, 0x2f657870, 0x6f727400, 1, 0x40000000))
        : undefined,
  });
  await using nfs = await connect(server.url());
  assertEquals((await nfs.stat("/")).isDirectory, true);
});

Deno.test("hostile server: an unanswered UMNT holds close() a second, hard mount or not", async () => {
  // UMNT is best effort: close() gives up on its reply after 1 s (a per-call deadline), even
  // on a hard mount, where every other call would wait for its reply as long as it takes.
  let umnts = 0;
  await using server = new HostileServer({
    // (A function that writes nothing: null would fall back to the default answer.)
    mount: (c) => (c.proc === 3 ? (umnts++, () => Promise.resolve()) : undefined),
  });
  const nfs = await connect(server.url("timeo=50"));
  assertEquals((await nfs.stat("/")).isDirectory, true);
  const t = performance.now();
  let guard: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<"hung">((r) => (guard = setTimeout(() => r("hung"), 10_000)));
  try {
    assertEquals(await Promise.race([nfs.close().then(() => "closed" as const), hung]), "closed");
  } finally {
    clearTimeout(guard);
  }
  const ms = performance.now() - t;
  assert(ms >= 900 && ms < 5000, `close() took ${ms.toFixed(0)} ms`);
  assert(umnts >= 1, "UMNT was sent");
});

// --- READ ---------------------------------------------------------------------------------

function readReply(c: SeenCall, count: number, dataLen: number, eof = true): Uint8Array {
  const data = new Uint8Array((dataLen + 3) & ~3);
  data.fill(0x61, 0, dataLen);
  return record(concat(words(c.xid, 1, 0, 0, 0, 0, 0, 0, count, eof ? 1 : 0, dataLen), data));
}

hostile(
  "a READ reply with a count above the one requested fails clearly",
  {
    tree: { f: FILE },
    nfs: (c) => {
      if (c.proc !== P.READ.proc) return undefined;
      const { count } = nfs3Args<{ count: number }>(c);
      return readReply(c, count + 8, count + 8);
    },
  },
  async (nfs) => {
    await rejectsWith(nfs.readFile("f"), "EPROTO", /exceeds the 100 requested/);
  },
);

hostile(
  "a READ reply whose data is longer than its count fails clearly",
  {
    tree: { f: FILE },
    nfs: (c) => (c.proc === P.READ.proc ? readReply(c, 100, 104) : undefined),
  },
  async (nfs) => {
    await rejectsWith(nfs.readFile("f"), "EPROTO", /differs from count|exceeds/);
  },
);

hostile(
  "a READ reply whose data is shorter than its count fails clearly",
  {
    tree: { f: FILE },
    nfs: (c) => (c.proc === P.READ.proc ? readReply(c, 100, 60) : undefined),
  },
  async (nfs) => {
    await rejectsWith(nfs.readFile("f"), "EPROTO", /differs from count/);
  },
);

hostile(
  "READ replies of one byte each still give the right content",
  {
    tree: { f: FILE },
    nfs: (c) => {
      if (c.proc !== P.READ.proc) return undefined;
      const { offset } = nfs3Args<{ offset: bigint }>(c);
      return readReply(c, 1, 1, offset >= 99n);
    },
  },
  async (nfs) => {
    const got = await nfs.readFile("f");
    assertEquals(got, new Uint8Array(100).fill(0x61));
  },
);

// --- Attributes -----------------------------------------------------------------------------

const HUGE = { fh: fh(4), attrs: fattr("file", 0xffffffffffffffffn, 0xffffffffffffffffn) };

hostile(
  "attributes with size and fileid 2^64-1 are reported exactly",
  { tree: { huge: HUGE } },
  async (nfs) => {
    const st = await nfs.stat("huge");
    assertEquals(st.size64, 0xffffffffffffffffn);
    assertEquals(st.fileid, 0xffffffffffffffffn);
    assertEquals(st.size, Number.MAX_SAFE_INTEGER);
    await using f = await nfs.open("huge");
    assertEquals((await assertRejects(() => f.seek(0, 2), NfsError)).code, "EINVAL");
  },
);

hostile(
  "readFile() of a file claiming 2^64-1 bytes allocates nothing for the claim",
  { tree: { huge: HUGE } },
  async (nfs) => {
    const before = Deno.memoryUsage().rss;
    await assertRejects(() => nfs.readFile("huge"), Error);
    assert(
      Deno.memoryUsage().rss - before < 64 << 20,
      "readFile allocated for the claimed size",
    );
  },
);

hostile(
  "readFile() of a file claiming 2^64-1 bytes with data past maxSize fails with EFBIG naming it",
  {
    tree: { huge: HUGE },
    nfs: (c) => {
      if (c.proc !== P.READ.proc) return undefined;
      const { count } = nfs3Args<{ count: number }>(c);
      return readReply(c, count, count, false);
    },
  },
  async (nfs) => {
    await rejectsWith(nfs.readFile("huge", { maxSize: 1 << 20 }), "EFBIG", /huge/);
  },
);

// --- Directory listings ----------------------------------------------------------------------

interface Ent {
  name: string | Uint8Array;
  cookie: bigint;
}

/** A READDIRPLUS reply (no attributes) with the given entries. */
function dirReply(c: SeenCall, entries: Ent[], eof: boolean): Uint8Array {
  const parts: Uint8Array[] = [words(c.xid, 1, 0, 0, 0, 0, /* OK */ 0, /* no attrs */ 0, 0, 1)];
  for (const e of entries) {
    const name = typeof e.name === "string" ? new TextEncoder().encode(e.name) : e.name;
    const padded = new Uint8Array((name.length + 3) & ~3);
    padded.set(name);
    parts.push(
      words(1, 0, Number(e.cookie), name.length),
      padded,
      words(Number(e.cookie >> 32n), Number(e.cookie & 0xffffffffn), /* attrs */ 1),
      fattrWords(e.cookie),
      words(/* no handle */ 0),
    );
  }
  parts.push(words(0, eof ? 1 : 0));
  return record(concat(...parts));
}

function fattrWords(id: bigint): Uint8Array {
  // type REG, mode, nlink, uid, gid, size, used, rdev, fsid, fileid, atime, mtime, ctime
  return words(1, 0o644, 1, 0, 0, 0, 10, 0, 0, 0, 0, 0, 1, 0, Number(id), 0, 0, 0, 0, 0, 0);
}

function cookieOf(c: SeenCall): bigint {
  return nfs3Args<{ cookie: bigint }>(c).cookie;
}

hostile(
  "a listing that repeats the same cookie fails clearly instead of looping",
  {
    nfs: (c) =>
      c.proc === P.READDIRPLUS.proc
        ? dirReply(c, [{ name: "a", cookie: 7n }, { name: "b", cookie: 7n }], false)
        : undefined,
  },
  async (nfs) => {
    await rejectsWith(Array.fromAsync(nfs.readDir(".")), "EPROTO", /repeated cookie 7/);
  },
);

hostile(
  "a listing whose cookies cycle (1, 2, 3, 1, ...) fails clearly",
  {
    nfs: (c) => {
      if (c.proc !== P.READDIRPLUS.proc) return undefined;
      const next = (cookieOf(c) % 3n) + 1n;
      return dirReply(c, [{ name: `n${next}`, cookie: next }], false);
    },
  },
  async (nfs) => {
    await rejectsWith(Array.fromAsync(nfs.readDir(".")), "EPROTO", /repeated cookie/);
  },
);

hostile(
  "an empty page without EOF fails clearly",
  { nfs: (c) => (c.proc === P.READDIRPLUS.proc ? dirReply(c, [], false) : undefined) },
  async (nfs) => {
    await rejectsWith(Array.fromAsync(nfs.readDir(".")), "EPROTO", /empty page/);
  },
);

for (
  const [what, name, re] of [
    ["a slash", "a/b", /invalid entry name/],
    ["a NUL", "a\0b", /invalid entry name/],
    ["nothing (empty)", "", /invalid entry name/],
  ] as const
) {
  hostile(
    `an entry name with ${what} fails the listing clearly`,
    {
      nfs: (c) =>
        c.proc === P.READDIRPLUS.proc
          ? dirReply(c, [{ name: "ok", cookie: 1n }, { name, cookie: 2n }], true)
          : undefined,
    },
    async (nfs) => {
      await rejectsWith(Array.fromAsync(nfs.readDir(".")), "EPROTO", re);
    },
  );
}

{
  const lookups: Uint8Array[] = [];
  hostile(
    "names that are not UTF-8 are listed byte-faithfully and name the same file back",
    {
      tree: { "caf\udce9": { fh: new Uint8Array([9, 9, 9, 9]), attrs: fattr("file", 77n, 9n) } },
      nfs: (c) => {
        if (c.proc === P.LOOKUP.proc) lookups.push(c.args.slice());
        if (c.proc !== P.READDIRPLUS.proc) return undefined;
        return dirReply(c, [
          { name: new Uint8Array([0x63, 0x61, 0x66, 0xe9]), cookie: 1n }, // Latin-1 "café"
          { name: new Uint8Array([0x61, 0xc0, 0xaf, 0x62]), cookie: 2n }, // overlong "/"
          { name: "ok", cookie: 3n },
        ], true);
      },
    },
    async (nfs) => {
      const names = (await Array.fromAsync(nfs.readDir("."))).map((e) => e.name);
      // Each byte that is not UTF-8 is kept as U+DC80..U+DCFF; an overlong "/" stays two
      // escaped bytes, never a path separator.
      assertEquals(names, ["caf\udce9", "a\udcc0\udcafb", "ok"]);
      // The escaped name goes back as the server's bytes: it finds the file.
      assertEquals((await nfs.stat(names[0]!)).size, 77);
      const sent = lookups.at(-1)!;
      assertEquals([...sent.subarray(sent.length - 8)], [0, 0, 0, 4, 0x63, 0x61, 0x66, 0xe9]);
      // Errors show the name readably (the byte as \xe9), not as U+FFFD.
      const err = await rejectsWith(nfs.stat("caf\udce9/x"), "ENOTDIR", /caf\\xe9\/x/);
      assertEquals(err.path, "caf\udce9/x");
      // A lone surrogate that stands for no byte is refused before anything is sent.
      const before = lookups.length;
      assertMatch(
        (await assertRejects(() => nfs.stat("x\ud800"), Error)).message,
        /lone surrogate/,
      );
      assertEquals(lookups.length, before);
    },
  );
}

{
  // unfsd on tmpfs: after "f" is replaced, its old handle names whatever took its inode (a
  // directory here, with another file id) instead of being STALE.
  let replaced = false;
  let lookups = 0;
  const NEW = { fh: fh(9), attrs: fattr("file", 7n, 9n) };
  hostile(
    "an old handle that now names another object (type changed) is treated as STALE",
    {
      tree: { f: FILE },
      nfs: (c) => {
        if (c.proc === P.LOOKUP.proc) {
          lookups++;
          if (!replaced) return undefined;
          return nfs3Reply(c.xid, c.proc, {
            status: 0,
            object: NEW.fh,
            objAttributes: NEW.attrs,
            dirAttributes: null,
          });
        }
        if (c.proc === P.GETATTR.proc && replaced) {
          const { object } = nfs3Args<{ object: Uint8Array }>(c);
          const attrs = object[object.length - 1] === 2 ? fattr("dir", 4096n, 2n) : NEW.attrs;
          return nfs3Reply(c.xid, c.proc, { status: 0, objAttributes: attrs });
        }
        return undefined;
      },
    },
    async (nfs) => {
      assertEquals((await nfs.stat("f")).size, 100); // caches f's handle
      replaced = true;
      const before = lookups;
      const st = await nfs.stat("f");
      assertEquals(st.isFile, true, "the directory behind the old handle was believed");
      assertEquals(st.ino, 9);
      assertEquals(lookups - before, 1, "looked up afresh once");
    },
  );
}

{
  // ganesha, loaded, once answered GETATTR of a just-replaced file's old handle with IO.
  let ioOnce = false;
  let lookups = 0;
  let setattrs = 0;
  hostile(
    "NFS3ERR_IO on a cached handle: reads look the name up again once, changes do not",
    {
      tree: { f: FILE },
      nfs: (c) => {
        if (c.proc === P.LOOKUP.proc) lookups++;
        if (c.proc === P.GETATTR.proc && ioOnce) {
          ioOnce = false;
          return nfs3Reply(c.xid, c.proc, { status: 5 });
        }
        if (c.proc === P.SETATTR.proc) {
          setattrs++;
          return nfs3Reply(c.xid, c.proc, { status: 5, objWcc: { before: null, after: null } });
        }
        return undefined;
      },
    },
    async (nfs) => {
      await nfs.stat("f"); // caches f
      ioOnce = true;
      const before = lookups;
      assertEquals((await nfs.stat("f")).size, 100);
      assertEquals(lookups - before, 1, "looked up afresh once");
      ioOnce = true;
      await rejectsWith(nfs.chmod("f", 0o600), "EIO", /input\/output error/);
      assertEquals(setattrs, 1, "a change was sent twice after IO");
    },
  );
}

hostile(
  "entries named . and .. are skipped, the rest listed",
  {
    nfs: (c) =>
      c.proc === P.READDIRPLUS.proc
        ? dirReply(c, [
          { name: ".", cookie: 1n },
          { name: "..", cookie: 2n },
          { name: "x", cookie: 3n },
        ], true)
        : undefined,
  },
  async (nfs) => {
    assertEquals((await Array.fromAsync(nfs.readDir("."))).map((e) => e.name), ["x"]);
  },
);

/** Entries per READDIRPLUS page of the endless listing (about 60 KiB of reply). */
const PAGE = 480;
const LISTING = 10_000_000;
/** The whole listing takes minutes; CI streams this long and checks memory stays flat. */
const LISTING_MS = Deno.env.get("NFS_RELIABILITY_FULL") ? Infinity : 2000;

/**
 * The pages of a 10-million-entry directory, made lazily from one template: entry k is
 * named "e" + k in 8 digits, with cookie and fileid k.
 */
class EndlessListing {
  readonly #template: Uint8Array;
  readonly #dv: DataView;
  readonly #at: number[] = [];
  constructor() {
    const parts: Uint8Array[] = [words(0, 1, 0, 0, 0, 0, 0, 0, 0, 1)];
    let off = 4 + 40;
    for (let k = 0; k < PAGE; k++) {
      this.#at.push(off);
      parts.push(words(1, 0, 0, 9), new TextEncoder().encode("e00000000\0\0\0"));
      parts.push(words(0, 0, 1), fattrWords(0n), words(0));
      off += 16 + 12 + 12 + 84 + 4;
    }
    parts.push(words(0, 0));
    this.#template = record(concat(...parts));
    this.#dv = new DataView(this.#template.buffer);
  }

  /** The reply to a READDIRPLUS call resuming after `cookie`. */
  page(xid: number, cookie: bigint): Uint8Array {
    const t = this.#template;
    const dv = this.#dv;
    dv.setUint32(4, xid);
    const from = Number(cookie);
    for (let k = 0; k < PAGE; k++) {
      const id = from + k + 1;
      const at = this.#at[k]!;
      dv.setUint32(at + 8, id); // fileid (low word)
      let n = id;
      for (let d = 8; d >= 1; d--, n = Math.floor(n / 10)) t[at + 16 + d] = 48 + (n % 10);
      dv.setUint32(at + 32, id); // cookie (low word)
      dv.setUint32(at + 40 + 56, id); // fattr3.fileid (low word)
    }
    dv.setUint32(t.length - 4, from + PAGE >= LISTING ? 1 : 0);
    return t.slice();
  }
}

{
  const listing = new EndlessListing();
  hostile(
    "a listing of 10 million entries streams in bounded memory",
    {
      nfs: (c) => c.proc === P.READDIRPLUS.proc ? listing.page(c.xid, cookieOf(c)) : undefined,
    },
    async (nfs) => {
      let n = 0;
      let settled = 0;
      const t0 = performance.now();
      for await (const e of nfs.readDir(".")) {
        n++;
        if (n === 1 || n === 123_457) {
          assertEquals(e.name, `e${String(n).padStart(8, "0")}`);
          assertEquals(e.info.fileid, BigInt(n));
        }
        if (n === 20_000) settled = settledMemory().heapUsed;
        if (performance.now() - t0 > LISTING_MS) break;
      }
      const ms = performance.now() - t0;
      const growth = settledMemory().heapUsed - settled;
      console.log(
        `  ${n} entries in ${ms.toFixed(0)} ms (${(n / ms * 1000).toFixed(0)}/s); ` +
          `heap growth after the first 20,000: ${mib(growth)}`,
      );
      assert(n >= 20_000, `only ${n} entries`);
      assert(growth < 2 * MIB, `heap grew by ${mib(growth)} while streaming`);
      if (LISTING_MS === Infinity) assertEquals(n, LISTING);
    },
    // The loop stops itself after LISTING_MS; the rest is connect() and two forced GCs, which a
    // loaded 2-core machine has been seen to take more than 2 s for (the server always answers
    // here, so no soft timeout is involved and a generous bound still means "does not hang").
    { ms: LISTING_MS === Infinity ? Infinity : LISTING_MS + 8000, peak: 32 * MIB },
  );
}

// --- Symlinks --------------------------------------------------------------------------------

for (
  const [what, tree, target] of [
    ["to itself", "loop", "loop"],
    ["to itself by an absolute path", "loop", "/loop"],
    ["in a cycle of two", "a", "b"],
  ] as const
) {
  hostile(
    `a symlink loop ${what} fails with ELOOP`,
    {
      tree: {
        [tree]: { fh: fh(10), attrs: fattr("symlink", 4n, 10n) },
        b: { fh: fh(11), attrs: fattr("symlink", 4n, 11n) },
      },
      nfs: (c) => {
        if (c.proc !== P.READLINK.proc) return undefined;
        const { symlink } = nfs3Args<{ symlink: Uint8Array }>(c);
        const text = symlink[7] === 11 ? "a" : target;
        return nfs3Reply(c.xid, c.proc, { status: 0, symlinkAttributes: null, data: text });
      },
    },
    async (nfs) => {
      await rejectsWith(nfs.stat(tree), "ELOOP", /too many levels of symbolic links/);
    },
  );
}

// --- Stray and garbage replies -------------------------------------------------------------

hostile(
  "replies to XIDs never sent are dropped and the real reply still lands",
  onFirstGetattr((c) => {
    const rand = mulberry32(7);
    const stray: Uint8Array[] = [];
    for (let i = 0; i < 20_000; i++) {
      const xid = (Math.floor(rand() * 0xffffffff) ^ 0x5a5a) >>> 0;
      if (xid !== c.xid) stray.push(nfs3Reply(xid, P.GETATTR.proc, { status: 2 }));
    }
    stray.push(
      nfs3Reply(c.xid, P.GETATTR.proc, { status: 0, objAttributes: fattr("dir", 0n, 1n) }),
    );
    return concat(...stray);
  }),
  async (nfs) => {
    assertEquals((await nfs.stat("/")).isDirectory, true);
    assert(nfs.rpc.stats().unknownXids >= 19_000, `${nfs.rpc.stats().unknownXids}`);
  },
);

hostile(
  "an endless flood of random bytes fails the call clearly",
  onFirstGetattr(() => async (conn) => {
    const rand = mulberry32(11);
    for (;;) await writeAll(conn, randBytes(rand, 65536));
  }),
  async (nfs) => {
    await rejectsWith(nfs.stat("/"), "EPROTO", /./);
  },
);

hostile(
  "a reply cut short by the server closing the connection is retried",
  onFirstGetattr((c) =>
    thenClose(
      nfs3Reply(c.xid, P.GETATTR.proc, { status: 0, objAttributes: fattr("dir", 0n, 1n) })
        .subarray(0, 40),
    )
  ),
  async (nfs) => {
    assertEquals((await nfs.stat("/")).isDirectory, true);
    assertEquals(nfs.rpc.stats().reconnects, 1);
  },
);
