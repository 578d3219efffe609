/**
 * The file API suite against the embedded test server (`testing/mod.ts`), over NFSv3 and,
 * once the client speaks it, NFSv2.
 */
import { assert, assertEquals, assertMatch, assertRejects, assertStrictEquals } from "@std/assert";
import {
  connect,
  IoError,
  NameTooLong,
  type NfsError,
  NoSpace,
  PermissionDenied,
  QuotaExceeded,
  ReadOnly,
  StaleHandle,
} from "../../mod.ts";
import { startTestServer } from "../../testing/mod.ts";
import type { TestServer } from "../servers/mod.ts";
import { apiSuite, assertNfsError, serverUrl } from "./suite.ts";

type Cls = abstract new (...a: never[]) => NfsError;

/** A fresh export directory served by a fresh embedded server; stop() removes both. */
async function start(): Promise<TestServer> {
  const dir = await Deno.makeTempDir({ prefix: "nfs-embedded-" });
  await Deno.chmod(dir, 0o755); // as export directories are: the uid tests search it
  const server = await startTestServer({ dir });
  const stop = async () => {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  };
  return {
    name: server.name,
    host: server.host,
    nfsPort: server.nfsPort,
    mountPort: server.mountPort,
    exportPath: server.exportPath,
    exportDir: server.exportDir,
    url: server.url,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** Whether our client speaks NFSv2 yet (nfs/fs/v2.ts). */
async function clientSpeaksV2(): Promise<string | null> {
  const server = await start();
  try {
    const u = new URL(server.url);
    u.searchParams.set("version", "2");
    await (await connect(u.href)).close();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await server.stop();
  }
}

// The server runs in this process: its own copies would land in the copy counters.
apiSuite("file API [embedded, NFSv3]", start, {
  version: 3,
  copyCounters: false,
  byteNames: false,
});

const noV2 = await clientSpeaksV2();
if (noV2 === null) {
  apiSuite("file API [embedded, NFSv2]", start, {
    version: 2,
    copyCounters: false,
    byteNames: false,
  });
} else {
  Deno.test({
    name: `file API [embedded, NFSv2] (skipped: ${noV2})`,
    ignore: true,
    fn() {},
  });
}

Deno.test("connect() is cancelled by its signal while the server does not answer [embedded]", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nfs-embedded-" });
  try {
    for (const proc of ["MOUNT3 EXPORT", "MOUNT3 MNT", "NFS3 FSINFO"]) {
      await using server = await startTestServer({ dir, faults: { silent: { [proc]: true } } });
      const ac = new AbortController();
      const reason = new Error(`gave up waiting for ${proc}`);
      const timer = setTimeout(() => ac.abort(reason), 200);
      try {
        const t0 = performance.now();
        const e = await assertRejects(() =>
          connect(serverUrl(server, "", { version: "3" }), { signal: ac.signal })
        );
        assertStrictEquals(e, reason);
        assert(performance.now() - t0 < 5000);
      } finally {
        clearTimeout(timer);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

for (const version of [3, 2] as const) {
  Deno.test(`server statuses become the matching error classes [embedded, NFSv${version}]`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "nfs-embedded-" });
    try {
      await Deno.writeTextFile(`${dir}/f.txt`, "data");
      const st = (x: string) => version === 3 ? `NFS3ERR_${x}` : `NFSERR_${x}`;
      const proc = (p: string) => `NFS${version} ${p}`;
      {
        await using server = await startTestServer({ dir });
        await using nfs = await connect(serverUrl(server, "", { version: String(version) }));
        const cases: [string, number, () => Promise<unknown>, Cls, string, string][] = [
          ["WRITE", 28, () => nfs.writeTextFile("w.txt", "x"), NoSpace, "ENOSPC", "NOSPC"],
          [
            "LOOKUP",
            13,
            () => nfs.stat("not-looked-up-yet.txt"),
            PermissionDenied,
            "EACCES",
            "ACCES",
          ],
          ["READ", 5, () => nfs.readFile("f.txt"), IoError, "EIO", "IO"],
          ["CREATE", 69, () => nfs.writeTextFile("new.txt", "x"), QuotaExceeded, "EDQUOT", "DQUOT"],
          ["MKDIR", 63, () => nfs.mkdir("long"), NameTooLong, "ENAMETOOLONG", "NAMETOOLONG"],
          ["GETATTR", 70, () => nfs.stat("f.txt"), StaleHandle, "ESTALE", "STALE"],
        ];
        for (const [p, status, op, cls, code, name] of cases) {
          server.faults = { status: { [p]: status } };
          const e = await assertNfsError(op(), cls, { code, statusName: st(name) });
          assertEquals(e.status, status);
          assertEquals(e.proc, proc(p));
          assertMatch(e.message, new RegExp(`^Cannot \\w[\\w ]* "[^"]+": .* \\(${st(name)}\\)$`));
          server.faults = {};
        }
        assertEquals(await nfs.readTextFile("f.txt"), "data", "fine again without the fault");
      }
      {
        await using server = await startTestServer({ dir, readOnly: true });
        await using nfs = await connect(serverUrl(server, "", { version: String(version) }));
        const ro = { code: "EROFS", statusName: st("ROFS") };
        await assertNfsError(nfs.writeTextFile("f.txt", "x"), ReadOnly, {
          ...ro,
          message: `Cannot write "f.txt": read-only file system (${st("ROFS")})`,
        });
        await assertNfsError(nfs.mkdir("d"), ReadOnly, ro);
        await assertNfsError(nfs.remove("f.txt"), ReadOnly, ro);
        await assertNfsError(nfs.rename("f.txt", "g.txt"), ReadOnly, ro);
        assertEquals(await nfs.readTextFile("f.txt"), "data");
        assertEquals(await Deno.readTextFile(`${dir}/f.txt`), "data");
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("sync() writes again what a restarted server may have lost [embedded]", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nfs-embedded-" });
  try {
    await using server = await startTestServer({ dir });
    await using nfs = await connect(serverUrl(server, "", { version: "3", wsize: "65536" }));
    const data = new Uint8Array(300_000).map((_, i) => i * 13);
    const f = await nfs.open("u.bin", { write: true, create: true });
    await f.write(data);
    const before = server.stats().calls["NFS3 WRITE"] ?? 0;
    server.restart(); // a new write verifier: the UNSTABLE writes may be lost
    assertEquals(await f.sync(), 5, "every UNSTABLE range written again");
    assertEquals((server.stats().calls["NFS3 WRITE"] ?? 0) - before, 5);
    assertEquals(await f.sync(), 0, "nothing left to commit");
    await f.close();
    assertEquals(await Deno.readFile(`${dir}/u.bin`), data);
    // writeFile does the same before it resolves.
    const calls = server.stats().calls["NFS3 WRITE"] ?? 0;
    const p = nfs.writeFile("w.bin", data);
    server.restart();
    await p;
    assert((server.stats().calls["NFS3 WRITE"] ?? 0) - calls >= 5);
    assertEquals(await Deno.readFile(`${dir}/w.bin`), data);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
