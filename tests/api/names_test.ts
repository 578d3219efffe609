/**
 * The file API's rule for names it sends (nfs/_names.ts through nfs/fs/proto.ts checkName),
 * over NFSv3 and NFSv2 against the embedded server: too long is NameTooLong before LOOKUP or
 * CREATE sends it, ".." or the root where an operation names an object is InvalidArgument.
 */
import { assertEquals, assertRejects } from "@std/assert";
import { connect, InvalidArgument, NameTooLong } from "../../mod.ts";
import { startTestServer } from "../../testing/mod.ts";

for (const version of [3, 2] as const) {
  Deno.test(`names the file API sends are checked once [embedded, NFSv${version}]`, async () => {
    await using server = await startTestServer();
    await using nfs = await connect(server.url, { version });
    const calls = nfs.rpc.stats().calls;
    const long = "x".repeat(256);
    const e = await assertRejects(() => nfs.mkdir(long), NameTooLong);
    assertEquals([e.code, e.status, e.path], ["ENAMETOOLONG", 63, `/${long}`]);
    await assertRejects(() => nfs.stat(`${long}/a`), NameTooLong, "256 bytes: maximum is 255");
    await assertRejects(() => nfs.writeTextFile("é".repeat(128), "x"), NameTooLong);
    await assertRejects(() => nfs.mkdir(".."), InvalidArgument, '(the name is "..")');
    await assertRejects(() => nfs.remove("/"), InvalidArgument, "(the name is empty)");
    await assertRejects(() => nfs.rename("a", "/"), InvalidArgument);
    assertEquals(nfs.rpc.stats().calls, calls, "none of them was sent");
    await nfs.mkdir("x".repeat(255)); // the limit itself is fine
    assertEquals((await nfs.stat("x".repeat(255))).isDirectory, true);
  });
}
