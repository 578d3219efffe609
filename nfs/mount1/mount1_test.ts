import assert from "node:assert/strict";
import { XdrError, type XdrReader } from "../../xdr/mod.ts";
import { bytes, decoded, encoded, FakeCaller, splitChain, str, u32 } from "../_bytes_test.ts";
import { nfsError } from "../errors.ts";
import { Mount1Client } from "./client.ts";
import { decodeFhstatus, encodeFhstatus } from "./codec.ts";
import { MOUNT1_PROCEDURE_LIST } from "./procedures.ts";

// The root handle of the MNT reply in nfsv2-udp-wireshark-sample.pcap (frame 4).
const FH = [
  ...u32(0x00101085, 0x000003e7, 0x000a0000, 0x0000b25a),
  ...u32(0x00000029, 0x000a0000, 0x0000b25a, 0x00000029),
];

Deno.test("decodeFhstatus() reads an MNT reply: status 0 then a 32-byte fhandle", () => {
  const b = bytes(u32(0), FH);
  assert.equal(b.length, 36);
  const res = { status: 0 as const, directory: new Uint8Array(FH) };
  assert.deepEqual(decoded(b, decodeFhstatus), res);
  assert.deepEqual(encoded((w) => encodeFhstatus(w, res)), b);
  // A failure is a UNIX errno and has no body.
  assert.deepEqual(decoded(bytes(u32(13)), decodeFhstatus), { status: 13 });
  assert.deepEqual(encoded((w) => encodeFhstatus(w, { status: 13 })), bytes(u32(13)));
  assert.throws(() => decoded(bytes(u32(0), FH.slice(0, 16)), decodeFhstatus), XdrError);
  assert.throws(
    () => encoded((w) => encodeFhstatus(w, { status: 0, directory: new Uint8Array(64) })),
    /fhandle of 64 bytes: must be 32/,
  );
  assert.match(nfsError({ status: 13, proc: "MOUNT1 MNT", path: "/x" }).message, /permission/);
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
  assert.deepEqual(MOUNT1_PROCEDURE_LIST.map((p) => p.proc), [0, 1, 2, 3, 4, 5]);
  for (const p of MOUNT1_PROCEDURE_LIST) {
    const [args, results] = SAMPLES[p.name]!;
    assert.deepEqual(decoded(encoded((w) => p.encode(w, args)), p.decodeArgs), args, p.name);
    for (const res of results) {
      const b = encoded((w) => p.encodeRes(w, res));
      for (let at = 0; at <= b.length; at++) {
        const r = decoded(splitChain(b, at), (r: XdrReader) => p.decode(r, args));
        assert.deepEqual(r, res, `${p.name} res split at ${at}`);
      }
    }
  }
});

Deno.test("Mount1Client sends MOUNT v1 calls and returns the decoded results", async () => {
  const fake = new FakeCaller();
  const mnt = new Mount1Client(fake);
  fake.reply(bytes());
  await mnt.null();
  assert.deepEqual([fake.last.spec.prog, fake.last.spec.vers, fake.last.spec.proc], [100005, 1, 0]);
  fake.reply(bytes(u32(0), FH));
  const res = await mnt.mnt("/home/girlich/export");
  assert.equal(fake.last.spec.name, "MOUNT1 MNT");
  assert.deepEqual(fake.last.bytes, bytes(str("/home/girlich/export")));
  assert.ok(res.status === 0);
  assert.deepEqual(res.directory, new Uint8Array(FH));
  fake.reply(bytes(u32(1), str("host"), str("/export"), u32(0)));
  assert.deepEqual(await mnt.dump(), [{ mlHostname: "host", mlDirectory: "/export" }]);
  assert.equal(fake.last.spec.proc, 2);
  fake.reply(bytes());
  await mnt.umnt("/export");
  assert.deepEqual([fake.last.spec.proc, fake.last.bytes], [3, bytes(str("/export"))]);
  fake.reply(bytes());
  await mnt.umntall();
  assert.equal(fake.last.spec.proc, 4);
  fake.reply(bytes(u32(1), str("/export"), u32(0, 0)));
  assert.deepEqual(await mnt.export({ timeout: 5 }), [{ exDir: "/export", exGroups: [] }]);
  assert.deepEqual([fake.last.spec.proc, fake.last.spec.timeout], [5, 5]);
  const before = fake.calls.length;
  await assert.rejects(mnt.mnt("/".repeat(1025)), RangeError);
  await assert.rejects(mnt.mnt(""), RangeError);
  assert.equal(fake.calls.length, before, "nothing was sent");
});
