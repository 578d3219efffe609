import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "@std/assert";
import { XdrError } from "../../xdr/mod.ts";
import { bytes, decoded, encoded, FakeCaller, opaque, str, u32 } from "../_bytes_test.ts";
import { Mount3Client } from "./client.ts";
import { decodeExports, decodeMountlist } from "../_mount.ts";
import { decodeMountres3 } from "./codec.ts";
import { encodeExports, encodeMountres3 } from "../../testing/_mount_codec.ts";
import { MOUNT3_PROCEDURES } from "./procedures.ts";

const FH = [0x01, 0x00, 0x07, 0x00, 0xaa, 0xbb, 0xcc, 0xdd, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78];

Deno.test("decodeMountres3() reads an MNT reply: fhandle3 and auth_flavors (RFC 1813 §5.2.1)", () => {
  const b = bytes(u32(0), opaque(FH), u32(2, 1, 0));
  const res = { status: 0 as const, fhandle: new Uint8Array(FH), authFlavors: [1, 0] };
  assertEquals(decoded(b, decodeMountres3), res);
  assertEquals(encoded((w) => encodeMountres3(w, res)), b);
  assertEquals(decoded(bytes(u32(13)), decodeMountres3), { status: 13 });
  assertThrows(
    () => decoded(bytes(u32(0), opaque(new Array(65).fill(0)), u32(0)), decodeMountres3),
    XdrError,
  );
  assertMatch(
    assertThrows(() => decoded(bytes(u32(0), opaque(FH), u32(1000)), decodeMountres3), Error)
      .message,
    /auth_flavors.*length 1000 exceeds 64/,
  );
});

Deno.test("exports and mountlist are linked lists bounded by the bytes left", () => {
  const b = bytes(
    u32(1),
    str("/export"),
    u32(1),
    str("*"),
    u32(1),
    str("@trusted"),
    u32(0), // node 1, 2 groups
    u32(1),
    str("/home"),
    u32(0), // node 2, no groups
    u32(0),
  );
  const ex = [{ exDir: "/export", exGroups: ["*", "@trusted"] }, { exDir: "/home", exGroups: [] }];
  assertEquals(decoded(b, decodeExports), ex);
  assertEquals(encoded((w) => encodeExports(w, ex)), b);
  // A list whose terminator never comes fails at the end of the bytes, not in a loop.
  assertMatch(
    assertThrows(() => decoded(b.subarray(0, b.length - 4), decodeExports), Error).message,
    /exports\.next.*need 4 bytes, 0 left/,
  );
  const dump = bytes(u32(1), str("client1"), str("/export"), u32(0));
  assertEquals(decoded(dump, decodeMountlist), [{
    mlHostname: "client1",
    mlDirectory: "/export",
  }]);
  assertMatch(
    assertThrows(
      () => decoded(bytes(u32(1), str("x".repeat(256)), str("/e"), u32(0)), decodeMountlist),
      Error,
    )
      .message,
    /ml_hostname.*256 exceeds 255/,
  );
  assertMatch(
    assertThrows(
      () => decoded(bytes(u32(1), str("/".repeat(1025)), u32(0, 0)), decodeExports),
      Error,
    ).message,
    /ex_dir.*1025 exceeds 1024/,
  );
});

Deno.test("Mount3Client sends MOUNT v3 calls and returns the decoded results", async () => {
  const fake = new FakeCaller();
  const mnt = new Mount3Client(fake);
  fake.reply(bytes());
  await mnt.null();
  assertEquals([fake.last.spec.prog, fake.last.spec.vers, fake.last.spec.proc], [100005, 3, 0]);
  fake.reply(bytes(u32(0), opaque(FH), u32(1, 1)));
  const res = await mnt.mnt("/export");
  assertStrictEquals(fake.last.spec.name, "MOUNT3 MNT");
  assertEquals(fake.last.bytes, bytes(str("/export")));
  assert(res.status === 0);
  assertEquals(res.fhandle, new Uint8Array(FH));
  assertEquals(res.authFlavors, [1]);
  fake.reply(bytes(u32(0)));
  assertEquals(await mnt.dump(), []);
  fake.reply(bytes());
  await mnt.umnt("/export");
  assertStrictEquals(fake.last.spec.proc, 3);
  fake.reply(bytes());
  await mnt.umntall();
  assertStrictEquals(fake.last.spec.proc, 4);
  fake.reply(bytes(u32(1), str("/export"), u32(0, 0)));
  assertEquals(await mnt.export(), [{ exDir: "/export", exGroups: [] }]);
  assertStrictEquals(fake.last.spec.proc, 5);
  await assertRejects(() => mnt.mnt("/".repeat(1025)), RangeError);
  assertEquals(Object.values(MOUNT3_PROCEDURES).map((p) => p.proc), [0, 1, 2, 3, 4, 5]);
});
