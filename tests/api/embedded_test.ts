/**
 * File API cases only the embedded test server (`testing/mod.ts`) can stage: injected faults,
 * silence, restarts. The file API suite itself runs on it as the `embedded` and `embedded-v2`
 * kinds (kind_embedded_test.ts, kind_embedded-v2_test.ts).
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
import { assertNfsError, serverUrl } from "./suite.ts";

type Cls = abstract new (...a: never[]) => NfsError;

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
          // The export root: a name's LOOKUP brings its attributes, and stat() sends no GETATTR.
          ["GETATTR", 70, () => nfs.stat("."), StaleHandle, "ESTALE", "STALE"],
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
