import { assert, assertMatch, assertStrictEquals } from "@std/assert";
import { RpcConnectionError, RpcTimeoutError } from "../rpc/errors.ts";
import {
  ConnectionError,
  FileTooLarge,
  fromRpcError,
  Jukebox,
  NFS_STATUS_TABLE,
  NfsError,
  nfsError,
  nfsStatusName,
  NotFound,
  PermissionDenied,
  StaleHandle,
  TimedOut,
} from "./errors.ts";
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

Deno.test("fromRpcError() maps RPC timeouts and connection losses to NfsErrors", () => {
  const t = fromRpcError(new RpcTimeoutError("NFS3 READ", 60000), "NFS3 READ", "a.txt");
  assert(t instanceof TimedOut);
  assertStrictEquals(t.message, 'Cannot READ "a.txt": NFS3 READ: no reply after 60000 ms');
  assert(t.cause instanceof RpcTimeoutError);
  const c = fromRpcError(new RpcConnectionError("connection reset"), "NFS3 GETATTR");
  assert(c instanceof ConnectionError && c.code === "ECONNRESET");
  const other = new Error("x");
  assertStrictEquals(fromRpcError(other, "NFS3 READ"), other);
});
