import { assert, assertEquals, assertRejects } from "@std/assert";
import { connect, type NfsEntryHandle, NotFound } from "../mod.ts";
import { startTestServer } from "../testing/mod.ts";
import { LOCAL, LocalSide, type Meta, RemoteSide, type Side } from "./_fs.ts";

async function chunks(
  side: Side,
  path: string,
  offset?: number,
  size?: number,
  handle?: NfsEntryHandle,
) {
  const out: number[] = [];
  let bytes = new Uint8Array(0);
  for await (const c of side.read(path, offset, size, { handle })) {
    out.push(c.length);
    const next = new Uint8Array(bytes.length + c.length);
    next.set(bytes);
    next.set(c, bytes.length);
    bytes = next;
  }
  return { lengths: out, bytes };
}

Deno.test("cli/_fs: reads are sized by the file's size, and still read a file that grew", async () => {
  await using server = await startTestServer();
  await using client = await connect(server.url);
  const dir = await Deno.makeTempDir();
  try {
    const data = new Uint8Array(3000).map((_, i) => i % 251);
    const grown = new Uint8Array((1 << 20) + 5000).map((_, i) => i % 253);
    await Deno.writeFile(`${dir}/small`, data);
    await Deno.writeFile(`${dir}/grown`, grown);
    await client.writeFile("/small", data);
    await client.writeFile("/grown", grown);
    const sides: [Side, string, string][] = [
      [LOCAL, dir, "local"],
      [new LocalSide(() => Promise.resolve(false)), dir, "local, asynchronous calls"],
      [new RemoteSide(client), "", "remote"],
    ];
    for (const [side, root, what] of sides) {
      // The size known: one chunk, the whole file.
      let r = await chunks(side, `${root}/small`, 0, data.length);
      assertEquals(r.lengths, [3000], what);
      assertEquals(r.bytes, data, what);
      // From an offset (a resumed copy).
      r = await chunks(side, `${root}/small`, 1000, data.length);
      assertEquals(r.bytes, data.subarray(1000), what);
      // Nothing left at the offset.
      r = await chunks(side, `${root}/small`, 3000, data.length);
      assertEquals(r.bytes.length, 0, what);
      // The file is larger than the size given (it grew): everything is still read.
      r = await chunks(side, `${root}/grown`, 0, 10);
      assertEquals(r.bytes, grown, what);
      assertEquals(r.lengths[0], 11, what);
      // No size: 1 MiB chunks.
      r = await chunks(side, `${root}/grown`);
      assertEquals(r.lengths, [1 << 20, 5000], what);
      assertEquals(r.bytes, grown, what);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli/_fs: the local side does the same with synchronous and asynchronous calls", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (
      const [what, side] of [
        ["sync", new LocalSide(() => Promise.resolve(true))],
        ["async", new LocalSide(() => Promise.resolve(false))],
      ] as const
    ) {
      const root = `${dir}/${what}`;
      await side.mkdir(root, 0o755);
      const big = new Uint8Array((1 << 20) + 3).map((_, i) => i % 249); // async write and read
      const sink = await side.create(`${root}/.tmp`, 0o600);
      await sink.write(new Uint8Array([1, 2, 3]));
      await sink.write(big);
      await sink.close();
      await side.setMeta(`${root}/.tmp`, {
        mode: 0o640,
        times: { atime: new Date(1e12), mtime: new Date(2e12) },
      });
      await side.rename(`${root}/.tmp`, `${root}/f`);
      await side.symlink("f", `${root}/l`);
      const f = await side.lstat(`${root}/f`);
      assertEquals([f?.kind, f?.mode, f?.size, f?.mtime?.getTime()], [
        "file",
        0o640,
        big.length + 3,
        2e12,
      ], what);
      assertEquals((await side.lstat(`${root}/l`))?.kind, "symlink", what);
      assertEquals(await side.lstat(`${root}/missing`), null, what);
      const names = [];
      for await (const e of side.list(root)) names.push(`${e.name}:${e.meta.kind}`);
      assertEquals(names.sort(), ["f:file", "l:symlink"], what);
      const r = await chunks(side, `${root}/f`, 0, big.length + 3);
      assertEquals(r.bytes.subarray(0, 3), new Uint8Array([1, 2, 3]), what);
      assertEquals(r.bytes.subarray(3), big, what);
      await side.remove(`${root}/l`);
      await side.remove(`${root}/f`);
      await side.remove(root);
      assertEquals(await side.lstat(root), null, what);
      // A call that fails fails the same way.
      await assertRejects(() => side.create(`${root}/no-dir/f`, 0o600), Deno.errors.NotFound);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli/_fs: a listed file is read through its handle, and by name once it is stale", async () => {
  await using server = await startTestServer();
  await using client = await connect(server.url);
  await Deno.mkdir(`${server.exportDir}/d`);
  await Deno.writeTextFile(`${server.exportDir}/d/a`, "first");
  await Deno.mkdir(`${server.exportDir}/d/sub`);
  const side = new RemoteSide(client);
  const listed = new Map<string, Meta>();
  for await (const e of side.list("/d")) listed.set(e.name, e.meta);
  const a = listed.get("a")!;
  assert(a.handle !== undefined, "a file gets its handle");
  assertEquals(listed.get("sub")!.handle, undefined, "a directory does not");
  const calls = (s: ReturnType<typeof server.stats>, name: string) => s.calls[name] ?? 0;
  let before = server.stats();
  let r = await chunks(side, "/d/a", 0, a.size, a.handle);
  assertEquals(new TextDecoder().decode(r.bytes), "first");
  let after = server.stats();
  assertEquals(calls(after, "NFS3 LOOKUP") - calls(before, "NFS3 LOOKUP"), 0);
  assertEquals(calls(after, "NFS3 GETATTR") - calls(before, "NFS3 GETATTR"), 0);
  assertEquals(calls(after, "NFS3 READ") - calls(before, "NFS3 READ"), 1);
  // Replaced since the listing: the old handle is STALE, the name gives the new file.
  await Deno.remove(`${server.exportDir}/d/a`);
  await Deno.writeTextFile(`${server.exportDir}/d/a`, "second");
  before = server.stats();
  r = await chunks(side, "/d/a", 0, a.size, a.handle);
  assertEquals(new TextDecoder().decode(r.bytes), "second");
  after = server.stats();
  assertEquals(calls(after, "NFS3 LOOKUP") - calls(before, "NFS3 LOOKUP") > 0, true);
  // Removed: the name is gone too.
  await Deno.remove(`${server.exportDir}/d/a`);
  await assertRejects(() => chunks(side, "/d/a", 0, a.size, a.handle), NotFound);
});

Deno.test("cli/_fs: lent reads use their small buffers again, and only those", async () => {
  await using server = await startTestServer();
  await using client = await connect(server.url);
  const side = new RemoteSide(client);
  const a = new Uint8Array(3000).fill(1);
  const b = new Uint8Array(2000).fill(2);
  const big = new Uint8Array(20_000).fill(3); // more than a lent buffer holds
  await client.writeFile("/a", a);
  await client.writeFile("/b", b);
  await client.writeFile("/big", big);
  const first = async (path: string, size: number, lend: boolean) => {
    const got: Uint8Array[] = [];
    for await (const c of side.read(path, 0, size, { lend })) got.push(c.slice());
    let buf: ArrayBufferLike | undefined;
    for await (const c of side.read(path, 0, size, { lend })) buf ??= c.buffer;
    return { bytes: got, buf };
  };
  const ra = await first("/a", a.length, true);
  const rb = await first("/b", b.length, true);
  assertEquals(ra.bytes, [a]);
  assertEquals(rb.bytes, [b]);
  assert(ra.buf === rb.buf, "the second file's read reused the first one's buffer");
  const plain = await first("/a", a.length, false);
  assert(plain.buf !== ra.buf && plain.buf !== (await first("/a", a.length, false)).buf);
  const rbig = await first("/big", big.length, true);
  assertEquals(rbig.bytes, [big]);
  assert(rbig.buf !== ra.buf, "a chunk larger than a lent buffer gets its own");
});
