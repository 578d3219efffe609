import assert from "node:assert/strict";
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
  assert.ok(e instanceof NotFound && e instanceof NfsError && e instanceof Error);
  assert.equal(e.message, 'Cannot LOOKUP "a/b.txt": no such file or directory (NFS3ERR_NOENT)');
  assert.equal(e.name, "NotFound");
  assert.equal(e.code, "ENOENT");
  assert.equal(e.status, 2);
  assert.equal(e.statusName, "NFS3ERR_NOENT");
  assert.equal(e.proc, "NFS3 LOOKUP");
  assert.equal(e.path, "a/b.txt");
  assert.equal(e.result, result);
});

Deno.test("nfsError() takes a verb, a handle, and names v2 / MOUNT statuses", () => {
  const open = nfsError({ status: 13, proc: "NFS3 ACCESS", path: "x", verb: "open" });
  assert.ok(open instanceof PermissionDenied);
  assert.equal(open.message, 'Cannot open "x": permission denied (NFS3ERR_ACCES)');
  const fh = nfsError({ status: 70, proc: "NFS3 GETATTR", path: new Uint8Array([1, 0xab]) });
  assert.ok(fh instanceof StaleHandle);
  assert.equal(fh.message, "Cannot GETATTR file handle 0x01ab: stale file handle (NFS3ERR_STALE)");
  assert.equal(fh.path, "0x01ab");
  assert.equal(nfsError({ status: 27, proc: "NFS2 WRITE" }).statusName, "NFSERR_FBIG");
  assert.ok(nfsError({ status: 27, proc: "NFS2 WRITE" }) instanceof FileTooLarge);
  assert.equal(
    nfsError({ status: 99, proc: "NFS2 WRITE" }).message,
    "Cannot WRITE: write cache flushed (NFSERR_WFLUSH)",
  );
  assert.equal(nfsError({ status: 2, proc: "MOUNT3 MNT", path: "/x" }).statusName, "MNT3ERR_NOENT");
  assert.ok(nfsError({ status: 10008, proc: "NFS3 READ" }) instanceof Jukebox);
});

Deno.test("nfsError() maps an unknown status to a generic NfsError", () => {
  const e = nfsError({ status: 4242, proc: "NFS3 READ", path: "f" });
  assert.equal(e.constructor, NfsError);
  assert.equal(e.message, 'Cannot READ "f": unknown status 4242');
  assert.equal(e.code, "EIO");
  assert.equal(e.statusName, undefined);
});

Deno.test("TimedOut and ConnectionError are NfsErrors without a status", () => {
  const t = new TimedOut("Cannot READ: no reply in 30000 ms", { proc: "NFS3 READ" });
  assert.ok(t instanceof NfsError);
  assert.equal(t.code, "ETIMEDOUT");
  assert.equal(t.status, 0);
  assert.equal(t.statusName, undefined);
  const c = new ConnectionError("Cannot connect", {
    cause: new Error("refused"),
    code: "ECONNREFUSED",
  });
  assert.ok(c instanceof NfsError);
  assert.equal(c.code, "ECONNREFUSED");
  assert.ok(c.cause instanceof Error);
});

Deno.test("the status table covers every nfsstat3 and mountstat3 with its RFC name", () => {
  for (const [name, n] of Object.entries(Nfsstat3)) {
    assert.equal(NFS_STATUS_TABLE.find((r) => r.status === n)?.nfs3, name);
    assert.equal(nfsStatusName(n, "NFS3 X"), name);
  }
  for (const [name, n] of Object.entries(Mountstat3)) {
    assert.equal(nfsStatusName(n, "MOUNT3 MNT"), name);
  }
  for (const r of NFS_STATUS_TABLE) {
    assert.match(r.message, /^[a-z]/);
    assert.match(r.code, /^(E[A-Z]+|OK)$/);
  }
});

Deno.test("fromRpcError() maps RPC timeouts and connection losses to NfsErrors", () => {
  const t = fromRpcError(new RpcTimeoutError("NFS3 READ", 60000), "NFS3 READ", "a.txt");
  assert.ok(t instanceof TimedOut);
  assert.equal(t.message, 'Cannot READ "a.txt": NFS3 READ: no reply after 60000 ms');
  assert.ok(t.cause instanceof RpcTimeoutError);
  const c = fromRpcError(new RpcConnectionError("connection reset"), "NFS3 GETATTR");
  assert.ok(c instanceof ConnectionError && c.code === "ECONNRESET");
  const other = new Error("x");
  assert.equal(fromRpcError(other, "NFS3 READ"), other);
});
