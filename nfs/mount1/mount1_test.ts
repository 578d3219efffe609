import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "@std/assert";
import { XdrError, type XdrReader } from "../../xdr/mod.ts";
import { bytes, decoded, encoded, FakeCaller, splitChain, str, u32 } from "../_bytes_test.ts";
import { nfsError } from "../errors.ts";
import { Mount1Client } from "./client.ts";
import { decodeFhstatus } from "./codec.ts";
import { encodeFhstatus, MOUNT1_SERVER_LIST } from "../../testing/_mount_codec.ts";

// The root handle of the MNT reply in nfsv2-udp-wireshark-sample.pcap (frame 4).
const FH = [
  ...u32(0x00101085, 0x000003e7, 0x000a0000, 0x0000b25a),
  ...u32(0x00000029, 0x000a0000, 0x0000b25a, 0x00000029),
];

Deno.test("decodeFhstatus() reads an MNT reply: status 0 then a 32-byte fhandle", () => {
  const b = bytes(u32(0), FH);
  assertStrictEquals(b.length, 36);
  const res = { status: 0 as const, directory: new Uint8Array(FH) };
  assertEquals(decoded(b, decodeFhstatus), res);
  assertEquals(encoded((w) => encodeFhstatus(w, res)), b);
  // A failure is a UNIX errno and has no body.
  assertEquals(decoded(bytes(u32(13)), decodeFhstatus), { status: 13 });
  assertEquals(encoded((w) => encodeFhstatus(w, { status: 13 })), bytes(u32(13)));
  assertThrows(() => decoded(bytes(u32(0), FH.slice(0, 16)), decodeFhstatus), XdrError);
  assertThrows(
    () => encoded((w) => encodeFhstatus(w, { status: 0, directory: new Uint8Array(64) })),
    Error,
    "fhandle of 64 bytes: must be 32",
  );
  assertMatch(nfsError({ status: 13, proc: "MOUNT1 MNT", path: "/x" }).message, /permission/);
});

const SAMPLES: Record<string, [unknown, unknown[]]> = {
  NULL: [undefined, [undefined]],
  MNT: ["/home/girlich/export", [{ status: 0, directory: new Uint8Array(FH) }, { status: 2 }]],
  DUMP: [undefined, [[], [{ mlHostname: "client1", mlDirectory: "/export" }]]],
  UMNT: ["/export", [undefined]],
  UMNTALL: [undefined, [undefined]],
  EXPORT: [undefined, [[{ exDir: "/export", exGroups: ["*", "@trusted"] }, {
    exDir: "/home",
    exGroups: [],
  }]]],
};

Deno.test("every MOUNT v1 procedure's args and results round-trip through the table", () => {
  assertEquals(MOUNT1_SERVER_LIST.map((p) => p.proc), [0, 1, 2, 3, 4, 5]);
  for (const p of MOUNT1_SERVER_LIST) {
    const [args, results] = SAMPLES[p.name]!;
    assertEquals(decoded(encoded((w) => p.encode(w, args)), p.decodeArgs), args, p.name);
    for (const res of results) {
      const b = encoded((w) => p.encodeRes(w, res));
      for (let at = 0; at <= b.length; at++) {
        const r = decoded(splitChain(b, at), (r: XdrReader) => p.decode(r, args));
        assertEquals(r, res, `${p.name} res split at ${at}`);
      }
    }
  }
});

Deno.test("Mount1Client sends MOUNT v1 calls and returns the decoded results", async () => {
  const fake = new FakeCaller();
  const mnt = new Mount1Client(fake);
  fake.reply(bytes());
  await mnt.null();
  assertEquals([fake.last.spec.prog, fake.last.spec.vers, fake.last.spec.proc], [100005, 1, 0]);
  fake.reply(bytes(u32(0), FH));
  const res = await mnt.mnt("/home/girlich/export");
  assertStrictEquals(fake.last.spec.name, "MOUNT1 MNT");
  assertEquals(fake.last.bytes, bytes(str("/home/girlich/export")));
  assert(res.status === 0);
  assertEquals(res.directory, new Uint8Array(FH));
  fake.reply(bytes(u32(1), str("host"), str("/export"), u32(0)));
  assertEquals(await mnt.dump(), [{ mlHostname: "host", mlDirectory: "/export" }]);
  assertStrictEquals(fake.last.spec.proc, 2);
  fake.reply(bytes());
  await mnt.umnt("/export");
  assertEquals([fake.last.spec.proc, fake.last.bytes], [3, bytes(str("/export"))]);
  fake.reply(bytes());
  await mnt.umntall();
  assertStrictEquals(fake.last.spec.proc, 4);
  fake.reply(bytes(u32(1), str("/export"), u32(0, 0)));
  assertEquals(await mnt.export({ timeout: 5 }), [{ exDir: "/export", exGroups: [] }]);
  assertEquals([fake.last.spec.proc, fake.last.spec.timeout], [5, 5]);
  const before = fake.calls.length;
  await assertRejects(() => mnt.mnt("/".repeat(1025)), RangeError);
  await assertRejects(() => mnt.mnt(""), RangeError);
  assertStrictEquals(fake.calls.length, before, "nothing was sent");
});
