import { assertEquals } from "@std/assert";
import { connect } from "../mod.ts";
import { startTestServer } from "../testing/mod.ts";
import { LOCAL, RemoteSide, type Side } from "./_fs.ts";

async function chunks(side: Side, path: string, offset?: number, size?: number) {
  const out: number[] = [];
  let bytes = new Uint8Array(0);
  for await (const c of side.read(path, offset, size)) {
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
    const sides: [Side, string][] = [[LOCAL, dir], [new RemoteSide(client), ""]];
    for (const [side, root] of sides) {
      const what = side === LOCAL ? "local" : "remote";
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
