/**
 * What `NfsClient.writeFile` sends, over a fake protocol adapter that records the calls:
 * one FILE_SYNC WRITE and no COMMIT for data that fits one WRITE; UNSTABLE WRITEs and a
 * COMMIT for more; a COMMIT after all when the server answers a FILE_SYNC WRITE UNSTABLE.
 */
import { assertEquals } from "@std/assert";
import type { RpcClient } from "../../rpc/mod.ts";
import { NfsClient } from "./client.ts";
import { toFileInfo } from "./info.ts";
import type { WriteResult } from "./proto.ts";
import { bytes, fakeProto, fakeSession, fileAttrs } from "./_fake_test.ts";

const VERF = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);

/** A one-file server in memory; `calls` lists what was asked, e.g. "WRITE 0+4096 FILE_SYNC". */
function fake(o: { answerStable?: number } = {}) {
  const calls: string[] = [];
  let content = new Uint8Array(0);
  const proto = fakeProto({
    getattr: () => Promise.resolve(fileAttrs(content.length)),
    lookup: () => Promise.reject(new Error("no LOOKUP expected")),
    write(_fh, offset, data, stable): Promise<WriteResult> {
      calls.push(`WRITE ${offset}+${data.length} ${stable ? "FILE_SYNC" : "UNSTABLE"}`);
      if (offset + data.length > content.length) {
        const next = new Uint8Array(offset + data.length);
        next.set(content);
        content = next;
      }
      content.set(data, offset);
      const committed = stable ? (o.answerStable ?? 2) : 0;
      return Promise.resolve({ count: data.length, committed, verf: VERF });
    },
    commit: () => {
      calls.push("COMMIT");
      return Promise.resolve(VERF);
    },
    create: (_dir, name, _mode, exclusive) => {
      calls.push(`CREATE ${name} ${exclusive ? "GUARDED" : "UNCHECKED"}`);
      return Promise.resolve({ fh: Uint8Array.of(2), attrs: fileAttrs(0) });
    },
  });
  const session = fakeSession(proto);
  const rpc = { close: () => Promise.resolve() } as unknown as RpcClient;
  const nfs = new NfsClient(session, rpc, () => Promise.resolve());
  return { nfs, calls, session, content: () => content };
}

Deno.test("writeFile: data that fits one WRITE is one FILE_SYNC WRITE, no COMMIT", async () => {
  for (const n of [1, 4096, 8192]) {
    const f = fake();
    await f.nfs.writeFile("f", bytes(n), { createNew: true });
    assertEquals(f.calls, ["CREATE f GUARDED", `WRITE 0+${n} FILE_SYNC`]);
    assertEquals(f.content(), bytes(n));
  }
  const empty = fake();
  await empty.nfs.writeFile("f", new Uint8Array(0), { createNew: true });
  assertEquals(empty.calls, ["CREATE f GUARDED"]);
});

Deno.test("writeFile: more than one WRITE goes UNSTABLE, then one COMMIT", async () => {
  const f = fake();
  await f.nfs.writeFile("f", bytes(8193), { createNew: true });
  assertEquals(f.calls.slice(0, 1), ["CREATE f GUARDED"]);
  assertEquals(f.calls.slice(1, 3).sort(), ["WRITE 0+8192 UNSTABLE", "WRITE 8192+1 UNSTABLE"]);
  assertEquals(f.calls.slice(3), ["COMMIT"]);
  assertEquals(f.content(), bytes(8193));
});

Deno.test("writeFile: a FILE_SYNC WRITE answered UNSTABLE (or DATA_SYNC) is handled", async () => {
  const f = fake({ answerStable: 0 });
  await f.nfs.writeFile("f", bytes(100), { createNew: true });
  assertEquals(f.calls, ["CREATE f GUARDED", "WRITE 0+100 FILE_SYNC", "COMMIT"]);
  // DATA_SYNC to a FILE_SYNC WRITE breaks RFC 1813 §3.3.7 as well: committed too.
  const d = fake({ answerStable: 1 });
  await d.nfs.writeFile("f", bytes(100), { createNew: true });
  assertEquals(d.calls, ["CREATE f GUARDED", "WRITE 0+100 FILE_SYNC", "COMMIT"]);
});

Deno.test("readDir without READDIRPLUS: the next READDIR goes out before this page's LOOKUPs", async () => {
  const f = fake();
  const calls = f.calls;
  const pages = [["a", "b", "c"], ["d", "e"], ["f"]];
  const proto = f.session.proto;
  proto.readdir = (_dir, cookie) => {
    const i = Number(cookie);
    calls.push(`READDIR ${i}`);
    const names = pages[i]!;
    return Promise.resolve({
      entries: names.map((name) => ({ name, info: null })),
      cookie: BigInt(i + 1),
      eof: i === pages.length - 1,
      verf: new Uint8Array(8),
    });
  };
  proto.lookupInfo = (_dir, name) => {
    calls.push(`LOOKUP ${name}`);
    return Promise.resolve({ info: toFileInfo(fileAttrs(name.charCodeAt(0))), fh: null });
  };
  const got = [];
  for await (const e of f.nfs.readDir("/")) got.push(`${e.name}:${e.info.size}`);
  assertEquals(got, ["a:97", "b:98", "c:99", "d:100", "e:101", "f:102"]);
  assertEquals(calls, [
    "READDIR 0",
    "READDIR 1", // before page 0's LOOKUPs
    "LOOKUP a",
    "LOOKUP b",
    "LOOKUP c",
    "READDIR 2", // page 1 came in while page 0 was looked up: its successor first
    "LOOKUP d",
    "LOOKUP e",
    "LOOKUP f",
  ]);
});
