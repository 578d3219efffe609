import { assertEquals, assertRejects } from "@std/assert";
import { MountRefused, NoListedExport, resolveExport, type ResolveIo } from "./_resolve_export.ts";
import type { Attrs } from "./proto.ts";

/** A fake server: MNT answers from `mounts` (path -> fileid, or a status), LOOKUP from `names`. */
function fake(o: {
  exports?: string[];
  mounts: (path: string) => number | { status: number };
  types?: Record<number, Attrs["type"]>;
  names?: string[];
}): ResolveIo & { log: string[] } {
  const log: string[] = [];
  const fh = (id: number) => new Uint8Array([id]);
  return {
    log,
    exports: () => {
      log.push("EXPORT");
      return o.exports ? Promise.resolve(o.exports) : Promise.reject(new Error("no EXPORT"));
    },
    mnt: (p) => {
      log.push(`MNT ${p}`);
      const r = o.mounts(p);
      return Promise.resolve(typeof r === "number" ? { status: 0, fhandle: fh(r) } : r);
    },
    umnt: (p) => {
      log.push(`UMNT ${p}`);
      return Promise.resolve();
    },
    getattr: (h) =>
      Promise.resolve(
        { type: o.types?.[h[0]!] ?? "directory", fsid: 1n, fileid: BigInt(h[0]!) } as Attrs,
      ),
    exists: (_dir, name) => Promise.resolve(o.names?.includes(name) ?? false),
  };
}

Deno.test("resolveExport: the EXPORT list decides when it holds the path", async () => {
  const io = fake({ exports: ["/srv", "/srv/nfs"], mounts: () => 7 });
  const r = await resolveExport(io, "/srv/nfs/a/b");
  assertEquals([r.exportPath, r.rest, r.how], ["/srv/nfs", "/a/b", "list"]);
  assertEquals(io.log, ["EXPORT", "MNT /srv/nfs"]);
});

Deno.test("resolveExport: listOnly tells the list and mounts only a listed export", async () => {
  const lists: (readonly string[] | null)[] = [];
  const onList = (l: readonly string[] | null) => lists.push(l);
  const io = fake({ exports: ["/srv"], mounts: () => 7 });
  const r = await resolveExport(io, "/srv/a", { listOnly: true, onList });
  assertEquals([r.exportPath, r.rest], ["/srv", "/a"]);
  const elsewhere = await assertRejects(
    () => resolveExport(io, "/other/a", { listOnly: true, onList }),
    NoListedExport,
  );
  assertEquals(elsewhere.list, ["/srv"]);
  const none = fake({ mounts: () => 1 }); // no EXPORT: no MNT probing either
  assertEquals(
    (await assertRejects(
      () => resolveExport(none, "/x", { listOnly: true, onList }),
      NoListedExport,
    ))
      .list,
    null,
  );
  assertEquals(lists, [["/srv"], ["/srv"], null]);
  assertEquals(io.log, ["EXPORT", "MNT /srv", "EXPORT"]);
  assertEquals(none.log, ["EXPORT"]);
});

Deno.test("resolveExport: aliases of one root are walked up, and the mounts not kept are undone", async () => {
  const io = fake({ mounts: () => 1 }); // go-nfs: every path is the root
  const r = await resolveExport(io, "/export/a/b");
  assertEquals([r.exportPath, r.rest, r.how], ["/export", "/a/b", "mnt"]);
  assertEquals(io.log, [
    "EXPORT",
    "MNT /export/a/b",
    "MNT /export/a",
    "UMNT /export/a/b",
    "MNT /export",
    "UMNT /export/a",
    "MNT /",
    "UMNT /",
  ]);
});

Deno.test('resolveExport: a first component the root holds makes the export "/"', async () => {
  const io = fake({ mounts: () => 1, names: ["photos"] });
  const r = await resolveExport(io, "/photos/2024");
  assertEquals([r.exportPath, r.rest], ["/", "/photos/2024"]);
  assertEquals(io.log.at(-1), "UMNT /photos");
});

Deno.test("resolveExport: a real deeper mount is kept; a mounted file is not an export", async () => {
  const ids: Record<string, number> = { "/srv": 1, "/srv/d": 2, "/srv/d/f.txt": 3 };
  const io = fake({ mounts: (p) => ids[p] ?? { status: 2 }, types: { 3: "file" } });
  const r = await resolveExport(io, "/srv/d/f.txt");
  assertEquals([r.exportPath, r.rest], ["/srv/d", "/f.txt"]);
  assertEquals(io.log, [
    "EXPORT",
    "MNT /srv/d/f.txt",
    "UMNT /srv/d/f.txt",
    "MNT /srv/d",
    "MNT /srv",
    "UMNT /srv",
  ]);
});

Deno.test("resolveExport: refused at every depth: the longest path's status", async () => {
  const io = fake({ exports: ["/export"], mounts: () => ({ status: 13 }) });
  const e = await assertRejects(() => resolveExport(io, "/other/x"), MountRefused);
  assertEquals([e.status, e.path], [13, "/other/x"]);
});
