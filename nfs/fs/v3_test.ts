/**
 * The file API's own READDIRPLUS decoder (`decodePlusPage`) against the protocol codec's
 * (`decodeReaddirplus3Res` + `fromFattr3` + `toFileInfo`): the same entries, attributes,
 * invalid entries, cookie and errors, on replies made by the test server's encoder.
 */
import { assert, assertEquals, assertThrows } from "@std/assert";
import { XdrError, XdrReader, XdrWriter } from "../../xdr/mod.ts";
import { encodeLookup3Res, encodeReaddirplus3Res } from "../../testing/_nfs3_codec.ts";
import { decodeLookup3Res, decodeReaddirplus3Res } from "../v3/codec_procs.ts";
import {
  type Entryplus3,
  type Fattr3,
  Ftype3,
  type Lookup3Res,
  type Readdirplus3Res,
} from "../v3/types.ts";
import { toFileInfo } from "./info.ts";
import { checkServerName } from "./proto.ts";
import { decodeLookupInfo, decodePlusPage, fromFattr3, type PlusRes } from "./v3.ts";
import type { DirPage } from "./proto.ts";

function pageOf(r: PlusRes): DirPage {
  if (!("page" in r)) throw new Error(`status ${r.status}`);
  return r.page;
}

function fattr(i: number): Fattr3 {
  const types = [Ftype3.NF3REG, Ftype3.NF3DIR, Ftype3.NF3LNK, Ftype3.NF3CHR, Ftype3.NF3FIFO];
  return {
    type: types[i % types.length]!,
    mode: 0o100000 | (0o644 + i) & 0o7777,
    nlink: i + 1,
    uid: 4_294_967_295 - i,
    gid: i * 7,
    size: i % 3 === 0 ? (1n << 60n) + BigInt(i) : BigInt(i * 4096),
    used: BigInt(i) << 33n,
    rdev: { specdata1: i & 0xff, specdata2: (i * 3) & 0xff },
    fsid: (1n << 63n) | BigInt(i),
    fileid: (1n << 53n) + BigInt(i),
    atime: { seconds: 4_000_000_000 + i, nseconds: 999_999_999 - i },
    mtime: { seconds: 1_700_000_000 + i, nseconds: i * 1_000_001 },
    ctime: { seconds: i, nseconds: 0 },
  };
}

const NAMES = ["a", "f00001", "with space", "é-ü", "日本語", "\udcff raw byte", "x".repeat(200)];

function entries(n: number): Entryplus3[] {
  return Array.from({ length: n }, (_, i) => ({
    fileid: BigInt(i) << 40n,
    name: NAMES[i % NAMES.length]! + (i >= NAMES.length ? String(i) : ""),
    cookie: (BigInt(i) << 34n) + 1n,
    nameAttributes: i % 5 === 4 ? null : fattr(i),
    nameHandle: i % 4 === 3 ? null : Uint8Array.of(1, 2, 3, i & 0xff),
  }));
}

function reply(list: Entryplus3[], eof: boolean): Uint8Array {
  const res: Readdirplus3Res = {
    status: 0,
    dirAttributes: fattr(1),
    cookieverf: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8),
    reply: { entries: list, eof },
  };
  const w = new XdrWriter();
  encodeReaddirplus3Res(w, res);
  const chain = w.finish();
  const out = chain.toBytes();
  chain.release();
  return out;
}

/** What the old path made of a reply: per entry name, info fields or null. */
function viaCodec(b: Uint8Array, maxcount: number) {
  const r = new XdrReader(b);
  const res = decodeReaddirplus3Res(r, { maxcount });
  r.expectEnd();
  if (res.status !== 0) throw new Error("not ok");
  return res;
}

Deno.test("decodePlusPage: the entries and attributes the protocol codec decodes", () => {
  for (const n of [0, 1, 2, 57]) {
    for (const eof of [true, false]) {
      const b = reply(entries(n), eof);
      const r = new XdrReader(b);
      const page = pageOf(decodePlusPage(r, 1 << 20, "/d"));
      r.expectEnd();
      const want = viaCodec(b, 1 << 20);
      assertEquals(page.eof, eof);
      assertEquals(page.verf, want.cookieverf);
      const last = want.reply.entries[want.reply.entries.length - 1];
      assertEquals(page.cookie, last === undefined ? null : last.cookie);
      assertEquals(page.entries.length, n);
      for (const [i, e] of page.entries.entries()) {
        const w = want.reply.entries[i]!;
        assertEquals(e.name, w.name);
        assertEquals(e.invalid, undefined);
        const a = w.nameAttributes;
        assertEquals(e.info, a === null ? null : toFileInfo(fromFattr3(a)));
      }
    }
  }
});

Deno.test("decodePlusPage: invalid names and unknown types are marked, the rest listed", () => {
  const list = entries(4);
  list[1]!.name = "aXb";
  list[2]!.name = "cYd";
  const b = reply(list, true);
  // The encoder refuses such names: patch them into the bytes ("a/b", "c\0d").
  const find = (s: string) => {
    const t = new TextEncoder().encode(s);
    for (let i = 0; i + t.length <= b.length; i++) {
      if (t.every((x, k) => b[i + k] === x)) return i;
    }
    throw new Error(`${s} not found`);
  };
  b[find("aXb") + 1] = 0x2f;
  b[find("cYd") + 1] = 0;
  const r = new XdrReader(b);
  const [e0, e1, e2, e3] = pageOf(decodePlusPage(r, 1 << 20, "/d")).entries;
  assertEquals([e0!.invalid, e3!.invalid], [undefined, undefined]);
  assertEquals(e1!.name, "a/b");
  assertEquals(e1!.invalid?.message, checkServerName("a/b", "/d", "NFS3 READDIRPLUS")?.message);
  assertEquals(e2!.invalid?.code, "EPROTO");
  assert(e2!.invalid?.message.includes("NUL"));
  assert(e1!.info !== null, "an entry with a bad name keeps its attributes (for the report)");

  // Patch entry 0's type to 9: find its attributes after the name "a" and its cookie.
  const patched = reply(entries(2), true);
  const dv = new DataView(patched.buffer);
  // status 4, dir attrs 4+84, verf 8, value_follows 4, fileid 8, name 4+4, cookie 8, follows 4
  const at = 4 + 4 + 84 + 8 + 4 + 8 + 8 + 8 + 4;
  assertEquals(dv.getUint32(at), Ftype3.NF3REG);
  dv.setUint32(at, 9);
  const p = pageOf(decodePlusPage(new XdrReader(patched), 1 << 20, "/d"));
  assertEquals(p.entries[0]!.info, null);
  assertEquals(p.entries[0]!.invalid?.code, "EPROTO");
  assert(p.entries[0]!.invalid?.message.includes("unknown file type 9"));
  assert(p.entries[1]!.info !== null, "the next entry is still decoded");
});

Deno.test("decodePlusPage: truncation, oversize pages and a failure status", () => {
  const b = reply(entries(5), true);
  for (let cut = 0; cut < b.length; cut += 3) {
    assertThrows(() => decodePlusPage(new XdrReader(b.subarray(0, cut)), 1 << 20, "/d"), XdrError);
    assertThrows(() => viaCodec(b.subarray(0, cut), 1 << 20));
  }
  assertThrows(() => decodePlusPage(new XdrReader(b), 200, "/d"), XdrError, "bytes requested");
  // NFS3ERR_NOTDIR (20) with no directory attributes.
  const fail = decodePlusPage(new XdrReader(Uint8Array.of(0, 0, 0, 20, 0, 0, 0, 0)), 1024, "/d");
  assertEquals(fail, { status: 20, dirAttributes: null });
});

Deno.test("decodeLookupInfo: what decodeLookup3Res + toFileInfo make, without the copies", () => {
  for (const [obj, dir] of [[true, true], [true, false], [false, true], [false, false]]) {
    const res: Lookup3Res = {
      status: 0,
      object: Uint8Array.of(9, 8, 7, 6, 5),
      objAttributes: obj ? fattr(3) : null,
      dirAttributes: dir ? fattr(1) : null,
    };
    const w = new XdrWriter();
    encodeLookup3Res(w, res);
    const chain = w.finish();
    const b = chain.toBytes();
    chain.release();
    const r = new XdrReader(b);
    const got = decodeLookupInfo(r);
    r.expectEnd();
    if (!("info" in got)) throw new Error(`status ${got.status}`);
    assertEquals(got.info, obj ? toFileInfo(fromFattr3(fattr(3))) : null);
    assertEquals(got.fh, obj ? null : Uint8Array.of(9, 8, 7, 6, 5));
    for (let cut = 0; cut < b.length; cut += 4) {
      assertThrows(() => decodeLookupInfo(new XdrReader(b.subarray(0, cut))), XdrError);
    }
    if (obj) {
      // An unknown ftype3 fails the call, as decodeLookup3Res does.
      const bad = b.slice();
      new DataView(bad.buffer).setUint32(4 + 4 + 8 + 4, 9);
      assertThrows(
        () => decodeLookupInfo(new XdrReader(bad)),
        XdrError,
        "9 is not a valid fattr3.type",
      );
      assertThrows(() => decodeLookup3Res(new XdrReader(bad)), XdrError);
    }
  }
  const fail = decodeLookupInfo(new XdrReader(Uint8Array.of(0, 0, 0, 2, 0, 0, 0, 0)));
  assertEquals(fail, { status: 2, dirAttributes: null });
});
