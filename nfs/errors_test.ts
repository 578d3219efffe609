import { assert, assertMatch, assertStrictEquals } from "@std/assert";
import { RpcConnectionError, RpcGarbageArgs, RpcTimeoutError } from "../rpc/errors.ts";
import {
  ConnectionError,
  FileTooLarge,
  InvalidArgument,
  Jukebox,
  localError,
  NFS_STATUS_TABLE,
  NfsError,
  nfsError,
  NfsStatus,
  nfsStatusName,
  NotFound,
  PermissionDenied,
  protocolError,
  StaleHandle,
  TimedOut,
  wrapRpcError,
} from "./errors.ts";
import { Nfsstat } from "./v2/types.ts";
import { Nfsstat3 } from "./v3/types.ts";
import { Mountstat3 } from "./mount3/types.ts";

Deno.test("nfsError() builds the subclass with code, names and message", () => {
  const result = { status: 2, dirAttributes: null };
  const e = nfsError({ status: 2, proc: "NFS3 LOOKUP", path: "a/b.txt", result });
  assert(e instanceof NotFound && e instanceof NfsError && e instanceof Error);
  assertStrictEquals(
    e.message,
    'Cannot LOOKUP "a/b.txt": no such file or directory (NFS3ERR_NOENT)',
  );
  assertStrictEquals(e.name, "NotFound");
  assertStrictEquals(e.code, "ENOENT");
  assertStrictEquals(e.status, 2);
  assertStrictEquals(e.statusName, "NFS3ERR_NOENT");
  assertStrictEquals(e.proc, "NFS3 LOOKUP");
  assertStrictEquals(e.path, "a/b.txt");
  assertStrictEquals(e.result, result);
});

Deno.test("nfsError() takes a verb, a handle, and names v2 / MOUNT statuses", () => {
  const open = nfsError({ status: 13, proc: "NFS3 ACCESS", path: "x", verb: "open" });
  assert(open instanceof PermissionDenied);
  assertStrictEquals(open.message, 'Cannot open "x": permission denied (NFS3ERR_ACCES)');
  const fh = nfsError({ status: 70, proc: "NFS3 GETATTR", path: new Uint8Array([1, 0xab]) });
  assert(fh instanceof StaleHandle);
  assertStrictEquals(
    fh.message,
    "Cannot GETATTR file handle 0x01ab: stale file handle (NFS3ERR_STALE)",
  );
  assertStrictEquals(fh.path, "0x01ab");
  assertStrictEquals(nfsError({ status: 27, proc: "NFS2 WRITE" }).statusName, "NFSERR_FBIG");
  assert(nfsError({ status: 27, proc: "NFS2 WRITE" }) instanceof FileTooLarge);
  assertStrictEquals(
    nfsError({ status: 99, proc: "NFS2 WRITE" }).message,
    "Cannot WRITE: write cache flushed (NFSERR_WFLUSH)",
  );
  assertStrictEquals(
    nfsError({ status: 2, proc: "MOUNT3 MNT", path: "/x" }).statusName,
    "MNT3ERR_NOENT",
  );
  assert(nfsError({ status: 10008, proc: "NFS3 READ" }) instanceof Jukebox);
});

Deno.test("nfsError() maps an unknown status to a generic NfsError", () => {
  const e = nfsError({ status: 4242, proc: "NFS3 READ", path: "f" });
  assertStrictEquals(e.constructor, NfsError);
  assertStrictEquals(e.message, 'Cannot READ "f": unknown status 4242');
  assertStrictEquals(e.code, "EIO");
  assertStrictEquals(e.statusName, undefined);
});

Deno.test("TimedOut and ConnectionError are NfsErrors without a status", () => {
  const t = new TimedOut("Cannot READ: no reply in 30000 ms", { proc: "NFS3 READ" });
  assert(t instanceof NfsError);
  assertStrictEquals(t.code, "ETIMEDOUT");
  assertStrictEquals(t.status, 0);
  assertStrictEquals(t.statusName, undefined);
  const c = new ConnectionError("Cannot connect", {
    cause: new Error("refused"),
    code: "ECONNREFUSED",
  });
  assert(c instanceof NfsError);
  assertStrictEquals(c.code, "ECONNREFUSED");
  assert(c.cause instanceof Error);
});

Deno.test("the status table covers every nfsstat3 and mountstat3 with its RFC name", () => {
  for (const [name, n] of Object.entries(Nfsstat3)) {
    assertStrictEquals(NFS_STATUS_TABLE.find((r) => r.status === n)?.nfs3, name);
    assertStrictEquals(nfsStatusName(n, "NFS3 X"), name);
  }
  for (const [name, n] of Object.entries(Mountstat3)) {
    assertStrictEquals(nfsStatusName(n, "MOUNT3 MNT"), name);
  }
  for (const r of NFS_STATUS_TABLE) {
    assertMatch(r.message, /^[a-z]/);
    assertMatch(r.code, /^(E[A-Z]+|OK)$/);
  }
});

Deno.test("wrapRpcError() is the one RPC -> NFS mapping: timeout, connection, protocol", () => {
  const c = { path: "a.txt", verb: "read" };
  const t = wrapRpcError(new RpcTimeoutError("NFS3 READ", 60000), "NFS3 READ", c);
  assert(t instanceof TimedOut);
  assertStrictEquals(t.message, 'Cannot read "a.txt": NFS3 READ: no reply after 60000 ms');
  assertStrictEquals(t.code, "ETIMEDOUT");
  assertStrictEquals(t.proc, "NFS3 READ");
  assert(t.cause instanceof RpcTimeoutError);
  const lost = wrapRpcError(new RpcConnectionError("connection reset"), "NFS3 GETATTR");
  assert(lost instanceof ConnectionError && lost.code === "ECONNRESET");
  assertStrictEquals(lost.message, "Cannot NFS3 GETATTR: connection reset");
  const garbage = wrapRpcError(new RpcGarbageArgs("NFS3 WRITE"), "NFS3 WRITE", c);
  assert(garbage instanceof NfsError && !(garbage instanceof TimedOut));
  assertStrictEquals(garbage.code, "EPROTO");
  assertStrictEquals(garbage.status, 0);
  assertMatch(garbage.message, /^Cannot read "a\.txt": /);
  const mine = nfsError({ status: 2, proc: "NFS3 LOOKUP" });
  assertStrictEquals(wrapRpcError(mine, "NFS3 LOOKUP"), mine);
  const other = new Error("x");
  assertStrictEquals(wrapRpcError(other, "NFS3 READ"), other);
});

Deno.test("localError() and protocolError(): no status, the code's subclass", () => {
  const bad = localError("EBADF", 'Cannot read "f": the file is closed', { path: "f" });
  assert(bad instanceof NfsError);
  assertStrictEquals(bad.name, "NfsError");
  assertStrictEquals(bad.code, "EBADF");
  assertStrictEquals(bad.status, 0);
  assertStrictEquals(bad.statusName, undefined);
  assertStrictEquals(bad.path, "f");
  assert(localError("EINVAL", "x") instanceof InvalidArgument);
  assert(localError("EFBIG", "x", { proc: "readFile" }) instanceof FileTooLarge);
  const p = protocolError('Cannot list "d": an empty page without EOF', { path: "d" });
  assertStrictEquals(p.code, "EPROTO");
  assertStrictEquals(p.status, 0);
  const cause = new Error("inner");
  assertStrictEquals(localError("ENOTSUP", "x", { cause }).cause, cause);
});

Deno.test("NfsStatus names each status once, with the numbers of the RFC tables", () => {
  for (const [k, v] of Object.entries(NfsStatus)) {
    const row = NFS_STATUS_TABLE.find((r) => r.status === v);
    assert(row !== undefined, k);
    const n3 = (Nfsstat3 as Record<string, number>)[k === "OK" ? "NFS3_OK" : `NFS3ERR_${k}`];
    const n2 = (Nfsstat as Record<string, number>)[k === "OK" ? "NFS_OK" : `NFSERR_${k}`];
    const m3 = (Mountstat3 as Record<string, number>)[k === "OK" ? "MNT3_OK" : `MNT3ERR_${k}`];
    assert(n3 !== undefined || n2 !== undefined, `${k} is in no RFC table`);
    for (const n of [n3, n2, m3]) if (n !== undefined) assertStrictEquals(n, v, k);
  }
  assertStrictEquals(new Set(Object.values(NfsStatus)).size, Object.keys(NfsStatus).length);
  assertStrictEquals(NFS_STATUS_TABLE.length, Object.keys(NfsStatus).length);
});
