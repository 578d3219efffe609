/**
 * The one status table of the NFS family (NFSv3 `nfsstat3`, NFSv2 `nfsstat`, MOUNT v3
 * `mountstat3` share one number space) and the {@linkcode NfsError} classes built from it.
 *
 * @module
 */
import { RpcConnectionError, RpcTimeoutError } from "../rpc/errors.ts";

/**
 * One row of {@linkcode NFS_STATUS_TABLE}: a status number with its names per protocol.
 *
 * @example
 * ```ts
 * import { type NfsStatusInfo, nfsStatusInfo } from "@nfs/client";
 * const row: NfsStatusInfo | undefined = nfsStatusInfo(70);
 * console.log(row?.nfs3, row?.nfs2, row?.mnt3, row?.code); // => NFS3ERR_STALE NFSERR_STALE undefined ESTALE
 * console.log(row?.message); // => stale file handle
 * ```
 */
export interface NfsStatusInfo {
  /** The status number on the wire. */
  status: number;
  /** The RFC 1813 `nfsstat3` name, e.g. "NFS3ERR_NOENT" (absent for NFSv2-only statuses). */
  nfs3?: string;
  /** The RFC 1094 `nfsstat` name, e.g. "NFSERR_NOENT", where NFSv2 defines it. */
  nfs2?: string;
  /** The RFC 1813 Appendix I `mountstat3` name, e.g. "MNT3ERR_NOENT", where MOUNT v3 defines it. */
  mnt3?: string;
  /** A short lowercase description, e.g. "no such file or directory". */
  message: string;
  /** The closest POSIX error code name, e.g. "ENOENT". */
  code: string;
}

/**
 * The shared status table: RFC 1813 §2.5 `nfsstat3`, RFC 1094 §2.3.1 `stat`, RFC 1813 §5.1.5.
 * @example
 * ```ts
 * import { NFS_STATUS_TABLE } from "@nfs/client";
 * const row = NFS_STATUS_TABLE.find((r) => r.code === "ENOTEMPTY");
 * console.log(row?.status, row?.nfs3); // => 66 NFS3ERR_NOTEMPTY
 * ```
 */
export const NFS_STATUS_TABLE: readonly NfsStatusInfo[] = [
  { status: 0, nfs3: "NFS3_OK", nfs2: "NFS_OK", mnt3: "MNT3_OK", message: "success", code: "OK" },
  row(1, "PERM", 7, "operation not permitted", "EPERM"),
  row(2, "NOENT", 7, "no such file or directory", "ENOENT"),
  row(5, "IO", 7, "input/output error", "EIO"),
  row(6, "NXIO", 3, "no such device or address", "ENXIO"),
  row(13, "ACCES", 7, "permission denied", "EACCES"),
  row(17, "EXIST", 3, "file exists", "EEXIST"),
  row(18, "XDEV", 1, "cross-device link", "EXDEV"),
  row(19, "NODEV", 3, "no such device", "ENODEV"),
  row(20, "NOTDIR", 7, "not a directory", "ENOTDIR"),
  row(21, "ISDIR", 3, "is a directory", "EISDIR"),
  row(22, "INVAL", 5, "invalid argument", "EINVAL"),
  row(27, "FBIG", 3, "file too large", "EFBIG"),
  row(28, "NOSPC", 3, "no space left on device", "ENOSPC"),
  row(30, "ROFS", 3, "read-only file system", "EROFS"),
  row(31, "MLINK", 1, "too many links", "EMLINK"),
  row(63, "NAMETOOLONG", 7, "file name too long", "ENAMETOOLONG"),
  row(66, "NOTEMPTY", 3, "directory not empty", "ENOTEMPTY"),
  row(69, "DQUOT", 3, "disk quota exceeded", "EDQUOT"),
  row(70, "STALE", 3, "stale file handle", "ESTALE"),
  row(71, "REMOTE", 1, "too many levels of remote in path", "EREMOTE"),
  row(99, "WFLUSH", 2, "write cache flushed", "EIO"),
  row(10001, "BADHANDLE", 1, "illegal file handle", "ESTALE"),
  row(10002, "NOT_SYNC", 1, "update synchronization mismatch", "EBUSY"),
  row(10003, "BAD_COOKIE", 1, "stale directory cookie", "EINVAL"),
  row(10004, "NOTSUPP", 5, "operation not supported", "ENOTSUP"),
  row(10005, "TOOSMALL", 1, "buffer or request too small", "EINVAL"),
  row(10006, "SERVERFAULT", 5, "server fault", "EIO"),
  row(10007, "BADTYPE", 1, "object type not supported", "ENOTSUP"),
  row(10008, "JUKEBOX", 1, "resource temporarily unavailable, retry later", "EAGAIN"),
];

/** Builds a row; `inSet` is a bit set: 1 = NFSv3, 2 = NFSv2, 4 = MOUNT v3. */
function row(
  status: number,
  suffix: string,
  inSet: number,
  message: string,
  code: string,
): NfsStatusInfo {
  const r: NfsStatusInfo = { status, message, code };
  if (inSet & 1) r.nfs3 = `NFS3ERR_${suffix}`;
  if (inSet & 2) r.nfs2 = `NFSERR_${suffix}`;
  if (inSet & 4) r.mnt3 = `MNT3ERR_${suffix}`;
  return r;
}

const BY_STATUS = new Map(NFS_STATUS_TABLE.map((r) => [r.status, r]));

/**
 * Looks a status number up in {@linkcode NFS_STATUS_TABLE}.
 *
 * @param status The wire status.
 * @returns The row, or undefined for a number no RFC defines.
 * @example
 * ```ts
 * import { nfsStatusInfo } from "@nfs/client";
 * console.log(nfsStatusInfo(13)?.message); // => permission denied
 * console.log(nfsStatusInfo(12345)); // => undefined
 * ```
 */
export function nfsStatusInfo(status: number): NfsStatusInfo | undefined {
  return BY_STATUS.get(status);
}

/**
 * The protocol-specific name of a status, picked by the procedure label's prefix
 * ("NFS2 …" → NFSERR_*, "MOUNT3 …" → MNT3ERR_*, else NFS3ERR_*).
 *
 * @param status The wire status.
 * @param proc A procedure label such as "NFS3 LOOKUP".
 * @returns The name, or undefined when that protocol does not define the number.
 * @example
 * ```ts
 * import { nfsStatusName } from "@nfs/client";
 * console.log(nfsStatusName(2, "NFS3 LOOKUP")); // => NFS3ERR_NOENT
 * console.log(nfsStatusName(2, "NFS2 LOOKUP")); // => NFSERR_NOENT
 * console.log(nfsStatusName(2, "MOUNT3 MNT")); // => MNT3ERR_NOENT
 * ```
 */
export function nfsStatusName(status: number, proc = "NFS3"): string | undefined {
  const r = BY_STATUS.get(status);
  if (r === undefined) return undefined;
  if (proc.startsWith("NFS2")) return r.nfs2;
  // MOUNT v1 statuses are plain UNIX errno values without RFC names: use the POSIX code.
  if (proc.startsWith("MOUNT1")) return r.code;
  if (proc.startsWith("MOUNT")) return r.mnt3 ?? r.nfs3;
  return r.nfs3 ?? r.nfs2;
}

/**
 * What {@linkcode NfsError} carries besides its message.
 *
 * @example
 * ```ts
 * import { NfsError, type NfsErrorInit } from "@nfs/client";
 * const init: NfsErrorInit = { code: "ENOENT", status: 2, statusName: "NFS3ERR_NOENT", path: "a.txt" };
 * const e = new NfsError(`Cannot open "a.txt": no such file or directory`, init);
 * console.log(e.name, e.code, e.status, e.statusName, e.path); // => NfsError ENOENT 2 NFS3ERR_NOENT a.txt
 * ```
 */
export interface NfsErrorInit {
  /** The POSIX code name, e.g. "ENOENT". */
  code: string;
  /** The wire status (0 when the failure is not an NFS status). */
  status: number;
  /** The status name, e.g. "NFS3ERR_NOENT", if any. */
  statusName?: string | undefined;
  /** The procedure, e.g. "NFS3 LOOKUP". */
  proc?: string | undefined;
  /** The path or hex file handle the call was about. */
  path?: string | undefined;
  /** The decoded failure result (with its wcc_data / post-op attributes). */
  result?: unknown;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Any failure of an NFS-family call: a status other than OK, a timeout or a lost connection.
 * Callers branch with `instanceof` on the subclasses ({@linkcode NotFound}, …) or on `code`;
 * the message says which call, which path and which status.
 *
 * @example
 * ```ts
 * import { connect, NfsError, NotFound } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * const e = await nfs.stat("missing.txt").catch((e) => e);
 * console.log(e instanceof NotFound, e instanceof NfsError, e.code); // => true true ENOENT
 * console.log(e.message); // => Cannot stat "missing.txt": no such file or directory (NFS3ERR_NOENT)
 * ```
 */
export class NfsError extends Error {
  /** The closest POSIX code name, e.g. "ENOENT". */
  readonly code: string;
  /** The wire status number (0 for {@linkcode TimedOut} and {@linkcode ConnectionError}). */
  readonly status: number;
  /** The RFC name of the status, e.g. "NFS3ERR_NOENT"; undefined for non-NFS failures. */
  readonly statusName: string | undefined;
  /** The procedure, e.g. "NFS3 LOOKUP". */
  readonly proc: string | undefined;
  /** The path (or hex file handle) the call was about. */
  readonly path: string | undefined;
  /** The decoded failure result, with whatever wcc_data / attributes the server returned. */
  readonly result: unknown;

  /**
   * Creates an error; prefer {@linkcode nfsError}, which picks the subclass and message.
   *
   * @param message The full message.
   * @param init The error's fields.
   * @example
   * ```ts
   * import { NfsError } from "@nfs/client";
   * const e = new NfsError("Cannot read \"a.txt\": the file is closed", { code: "EBADF", status: 0 });
   * console.log(e instanceof Error, e.name, e.code, e.statusName); // => true NfsError EBADF undefined
   * ```
   */
  constructor(message: string, init: NfsErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status;
    this.statusName = init.statusName;
    this.proc = init.proc;
    this.path = init.path;
    this.result = init.result;
  }
}

/**
 * NFS3ERR_NOENT: no such file or directory.
 * @example
 * ```ts
 * import { connect, NotFound } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * const e = await nfs.readTextFile("missing.txt").catch((e) => e);
 * console.log(e instanceof NotFound); // => true
 * ```
 */
export class NotFound extends NfsError {}
/**
 * NFS3ERR_EXIST: the name already exists.
 * @example
 * ```ts
 * import { AlreadyExists, connect } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.mkdir("dir");
 * const e = await nfs.mkdir("dir").catch((e) => e);
 * console.log(e instanceof AlreadyExists, e.code); // => true EEXIST
 * ```
 */
export class AlreadyExists extends NfsError {}
/**
 * NFS3ERR_PERM or NFS3ERR_ACCES: the caller's credentials do not allow the operation.
 *
 * @example
 * ```ts
 * import { connect, PermissionDenied } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/secret.txt`, "s");
 * await Deno.chmod(`${dir}/secret.txt`, 0o600);
 * await using server = await startTestServer({ dir });
 * await using nfs = await connect(server.url, { uid: 12345, gid: 12345 }); // not the owner
 * const e = await nfs.readTextFile("secret.txt").catch((e) => e);
 * console.log(e instanceof PermissionDenied, e.code, e.statusName); // => true EACCES NFS3ERR_ACCES
 * ```
 */
export class PermissionDenied extends NfsError {}
/**
 * NFS3ERR_NOTDIR: a path component is not a directory.
 *
 * @example
 * ```ts
 * import { connect, NotADirectory } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.writeTextFile("a.txt", "hello");
 * const e = await nfs.stat("a.txt/b").catch((e) => e);
 * console.log(e instanceof NotADirectory, e.code); // => true ENOTDIR
 * console.log(e.message); // => Cannot stat "a.txt/b": not a directory (NFS3ERR_NOTDIR)
 * ```
 */
export class NotADirectory extends NfsError {}
/**
 * NFS3ERR_ISDIR: a file operation on a directory.
 * @example
 * ```ts
 * import { connect, IsADirectory } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * const e = await nfs.readFile(".").catch((e) => e);
 * console.log(e instanceof IsADirectory); // => true
 * ```
 */
export class IsADirectory extends NfsError {}
/**
 * NFS3ERR_NOTEMPTY: removing a directory that still has entries.
 * @example
 * ```ts
 * import { connect, DirectoryNotEmpty } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.mkdir("a/b", { recursive: true });
 * const e = await nfs.remove("a").catch((e) => e);
 * console.log(e instanceof DirectoryNotEmpty); // => true
 * ```
 */
export class DirectoryNotEmpty extends NfsError {}
/**
 * NFS3ERR_NOSPC: no space left on the server's device.
 *
 * @example
 * ```ts
 * import { connect, NoSpace } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * server.faults = { status: { "NFS3 WRITE": 28 } }; // the disk is full
 * const e = await nfs.writeTextFile("a.txt", "hello").catch((e) => e);
 * console.log(e instanceof NoSpace, e.code, e.statusName); // => true ENOSPC NFS3ERR_NOSPC
 * ```
 */
export class NoSpace extends NfsError {}
/**
 * NFS3ERR_ROFS: a change on a read-only file system (or export).
 *
 * @example
 * ```ts
 * import { connect, ReadOnly } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ readOnly: true });
 * await using nfs = await connect(server.url);
 * const e = await nfs.mkdir("new").catch((e) => e);
 * console.log(e instanceof ReadOnly, e.code); // => true EROFS
 * console.log(await nfs.exists("new")); // => false
 * ```
 */
export class ReadOnly extends NfsError {}
/**
 * NFS3ERR_STALE or NFS3ERR_BADHANDLE: the file handle no longer works, e.g. the file was
 * deleted (by another client) while it was open.
 *
 * @example
 * ```ts
 * import { connect, StaleHandle } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * await using server = await startTestServer({ dir });
 * await using nfs = await connect(server.url);
 * await nfs.writeTextFile("a.txt", "hello");
 * await using f = await nfs.open("a.txt");
 * await Deno.remove(`${dir}/a.txt`); // deleted behind the client's back
 * const e = await f.read(new Uint8Array(5)).catch((e) => e);
 * console.log(e instanceof StaleHandle, e.code); // => true ESTALE
 * ```
 */
export class StaleHandle extends NfsError {}
/**
 * NFS3ERR_INVAL: an invalid argument, e.g. READLINK of a file that is not a symlink.
 *
 * @example
 * ```ts
 * import { connect, InvalidArgument } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.writeTextFile("a.txt", "hello");
 * const e = await nfs.readLink("a.txt").catch((e) => e);
 * console.log(e instanceof InvalidArgument, e.code); // => true EINVAL
 * ```
 */
export class InvalidArgument extends NfsError {}
/**
 * NFS3ERR_NAMETOOLONG: a name longer than the server accepts.
 *
 * @example
 * ```ts
 * import { connect, NameTooLong } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer({ nameMax: 8 });
 * await using nfs = await connect(server.url);
 * const e = await nfs.writeTextFile("much-too-long.txt", "x").catch((e) => e);
 * console.log(e instanceof NameTooLong, e.code); // => true ENAMETOOLONG
 * ```
 */
export class NameTooLong extends NfsError {}
/**
 * NFS3ERR_NOTSUPP or NFS3ERR_BADTYPE: the server does not support the operation or the
 * object type (e.g. hard links on a file system without them).
 *
 * @example
 * ```ts
 * import { connect, NotSupported } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.writeTextFile("a.txt", "hello");
 * server.faults = { status: { "NFS3 LINK": 10004 } }; // no hard links here
 * const e = await nfs.link("a.txt", "b.txt").catch((e) => e);
 * console.log(e instanceof NotSupported, e.code, e.statusName); // => true ENOTSUP NFS3ERR_NOTSUPP
 * ```
 */
export class NotSupported extends NfsError {}
/**
 * NFS3ERR_IO, NFS3ERR_NXIO or NFSERR_WFLUSH: the server's storage failed.
 *
 * @example
 * ```ts
 * import { connect, IoError } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.writeTextFile("a.txt", "hello");
 * server.faults = { status: { "NFS3 READ": 5 } }; // a bad disk block
 * const e = await nfs.readTextFile("a.txt").catch((e) => e);
 * console.log(e instanceof IoError, e.code, e.statusName); // => true EIO NFS3ERR_IO
 * ```
 */
export class IoError extends NfsError {}
/**
 * NFS3ERR_DQUOT: the caller's disk quota is exceeded.
 *
 * @example
 * ```ts
 * import { connect, QuotaExceeded } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * server.faults = { status: { "NFS3 CREATE": 69 } }; // over quota
 * const e = await nfs.writeTextFile("a.txt", "hello").catch((e) => e);
 * console.log(e instanceof QuotaExceeded, e.code, e.statusName); // => true EDQUOT NFS3ERR_DQUOT
 * ```
 */
export class QuotaExceeded extends NfsError {}
/**
 * NFS3ERR_FBIG: the file is too large, from the server, or above
 * {@linkcode NfsClient.readFile}'s `maxSize` (status 0 then).
 *
 * @example
 * ```ts
 * import { connect, FileTooLarge } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.writeTextFile("a.txt", "hello");
 * const e = await nfs.readFile("a.txt", { maxSize: 4 }).catch((e) => e);
 * console.log(e instanceof FileTooLarge, e.code, e.status); // => true EFBIG 0
 * ```
 */
export class FileTooLarge extends NfsError {}
/**
 * NFS3ERR_BAD_COOKIE: the server forgot the directory listing (e.g. it restarted between
 * two pages); list the directory again from the start.
 *
 * @example
 * ```ts
 * import { BadCookie, connect } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * const dir = await Deno.makeTempDir();
 * for (let i = 0; i < 20; i++) await Deno.writeTextFile(`${dir}/f${i}`, "");
 * await using server = await startTestServer({ dir });
 * await using nfs = await connect(server.url, { readdirBuffer: { dircount: 512, maxcount: 512 } });
 * const e = await (async () => {
 *   for await (const _ of nfs.readDir(".")) server.restart(); // the server reboots mid-listing
 * })().catch((e) => e);
 * console.log(e instanceof BadCookie, e.code, e.statusName); // => true EINVAL NFS3ERR_BAD_COOKIE
 * ```
 */
export class BadCookie extends NfsError {}
/**
 * NFS3ERR_NOT_SYNC: the SETATTR guard did not match the object's ctime (someone else
 * changed the object in between).
 *
 * @example
 * ```ts
 * import { connect, NotSync } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.writeTextFile("a.txt", "hello");
 * server.faults = { status: { "NFS3 SETATTR": 10002 } };
 * const e = await nfs.chmod("a.txt", 0o600).catch((e) => e);
 * console.log(e instanceof NotSync, e.code, e.statusName); // => true EBUSY NFS3ERR_NOT_SYNC
 * ```
 */
export class NotSync extends NfsError {}
/**
 * NFS3ERR_SERVERFAULT: the server failed in a way no other status describes.
 *
 * @example
 * ```ts
 * import { nfsError, ServerFault } from "@nfs/client";
 * const e = nfsError({ status: 10006, proc: "NFS3 GETATTR", path: "a.txt" });
 * console.log(e instanceof ServerFault, e.code, e.statusName); // => true EIO NFS3ERR_SERVERFAULT
 * console.log(e.message); // => Cannot GETATTR "a.txt": server fault (NFS3ERR_SERVERFAULT)
 * ```
 */
export class ServerFault extends NfsError {}
/**
 * NFS3ERR_JUKEBOX: the server is busy (e.g. recalling from tape); retry later.
 *
 * @example
 * ```ts
 * import { connect, Jukebox } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url);
 * await nfs.writeTextFile("a.txt", "hello");
 * server.faults = { status: { "NFS3 READ": 10008 } }; // the data is still on tape
 * const e = await nfs.readTextFile("a.txt").catch((e) => e);
 * console.log(e instanceof Jukebox, e.code); // => true EAGAIN
 * server.faults = {}; // the tape arrived: retrying works
 * if (e instanceof Jukebox) console.log(await nfs.readTextFile("a.txt")); // => hello
 * ```
 */
export class Jukebox extends NfsError {}

/**
 * The call got no reply in time (no NFS status): a soft mount's retransmissions ran out.
 * @example
 * ```ts
 * import { connect, TimedOut } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 * await using server = await startTestServer();
 * await using nfs = await connect(server.url, { soft: true, timeo: 1, retrans: 0 });
 * server.faults = { silent: { "NFS3 GETATTR": true } };
 * const e = await nfs.stat(".").catch((e) => e);
 * console.log(e instanceof TimedOut, e.code); // => true ETIMEDOUT
 * ```
 */
export class TimedOut extends NfsError {
  /**
   * Creates a timeout error.
   *
   * @param message The full message.
   * @param init Optional fields (code defaults to "ETIMEDOUT", status to 0).
   * @example
   * ```ts
   * import { NfsError, TimedOut } from "@nfs/client";
   * const e = new TimedOut(`Cannot read "a.txt": no reply`, { proc: "NFS3 READ" });
   * console.log(e instanceof NfsError, e.code, e.status, e.proc); // => true ETIMEDOUT 0 NFS3 READ
   * ```
   */
  constructor(message: string, init: Partial<NfsErrorInit> = {}) {
    super(message, { ...init, code: init.code ?? "ETIMEDOUT", status: 0 });
  }
}

/**
 * The connection failed or was lost (no NFS status).
 * @example
 * ```ts
 * import { connect, ConnectionError } from "@nfs/client";
 * // Nothing listens on port 1 here: the connection is refused.
 * const e = await connect("nfs://127.0.0.1/export?nfsport=1&mountport=1").catch((e) => e);
 * console.log(e instanceof ConnectionError); // => true
 * ```
 */
export class ConnectionError extends NfsError {
  /**
   * Creates a connection error.
   *
   * @param message The full message.
   * @param init Optional fields (code defaults to "ECONNRESET", status to 0).
   * @example
   * ```ts
   * import { ConnectionError } from "@nfs/client";
   * const e = new ConnectionError("Cannot connect to server:2049: refused", { code: "ECONNREFUSED" });
   * console.log(e.name, e.code, e.status); // => ConnectionError ECONNREFUSED 0
   * ```
   */
  constructor(message: string, init: Partial<NfsErrorInit> = {}) {
    super(message, { ...init, code: init.code ?? "ECONNRESET", status: 0 });
  }
}

type NfsErrorClass = new (message: string, init: NfsErrorInit) => NfsError;

const CLASSES = new Map<number, NfsErrorClass>([
  [1, PermissionDenied],
  [2, NotFound],
  [5, IoError],
  [6, IoError],
  [13, PermissionDenied],
  [17, AlreadyExists],
  [20, NotADirectory],
  [21, IsADirectory],
  [22, InvalidArgument],
  [27, FileTooLarge],
  [28, NoSpace],
  [30, ReadOnly],
  [63, NameTooLong],
  [66, DirectoryNotEmpty],
  [69, QuotaExceeded],
  [70, StaleHandle],
  [99, IoError],
  [10001, StaleHandle],
  [10002, NotSync],
  [10003, BadCookie],
  [10004, NotSupported],
  [10006, ServerFault],
  [10007, NotSupported],
  [10008, Jukebox],
]);

/**
 * Arguments of {@linkcode nfsError}.
 *
 * @example
 * ```ts
 * import { nfsError, type NfsErrorOptions } from "@nfs/client";
 * const opts: NfsErrorOptions = {
 *   status: 70,
 *   proc: "NFS2 READ",
 *   path: new Uint8Array([0xab, 0xcd]), // a file handle, shown in hex
 *   verb: "read",
 * };
 * console.log(nfsError(opts).message); // => Cannot read file handle 0xabcd: stale file handle (NFSERR_STALE)
 * ```
 */
export interface NfsErrorOptions {
  /** The wire status (non-zero). */
  status: number;
  /** The procedure label, e.g. "NFS3 LOOKUP" (its prefix picks NFS3/NFS2/MOUNT3 names). */
  proc: string;
  /** The path, or the file handle (shown in hex), the call was about. */
  path?: string | Uint8Array | undefined;
  /** A verb for the message instead of the procedure name, e.g. "open". */
  verb?: string | undefined;
  /** The decoded failure result. */
  result?: unknown;
}

/**
 * Renders a file handle as lowercase hex with a `0x` prefix.
 *
 * @param fh The handle.
 * @returns E.g. "0x01000700".
 * @example
 * ```ts
 * import { fhToHex } from "@nfs/client";
 * console.log(fhToHex(new Uint8Array([1, 0, 7, 0]))); // => 0x01000700
 * ```
 */
export function fhToHex(fh: Uint8Array): string {
  let s = "0x";
  for (const b of fh) s += b.toString(16).padStart(2, "0");
  return s;
}

/** Control characters (C0, DEL, C1) and lone surrogates. */
// deno-lint-ignore no-control-regex -- matching control characters is the point
const UNPRINTABLE = new RegExp(
  "[\\x00-\\x1f\\x7f-\\x9f]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]",
  "g",
);

/**
 * Quotes a path or name for a message: control characters (which could drive a terminal)
 * and the bytes a server name held that are not UTF-8 (kept as U+DC80..U+DCFF, see
 * `decodeEscapedUtf8` in `@nfs/client/xdr`) are shown as `\xNN`, other lone surrogates as
 * `\uXXXX`. Messages stay one readable line whatever a server sends.
 *
 * @param s The path or name.
 * @returns It in double quotes, escaped.
 * @example
 * ```ts
 * import { quoteName } from "@nfs/client";
 * console.log(quoteName("caf\udce9\n.txt")); // => "caf\xe9\x0a.txt"
 * ```
 */
export function quoteName(s: string): string {
  return `"${
    s.replace(UNPRINTABLE, (ch) => {
      const u = ch.charCodeAt(0);
      if (u < 0x100) return `\\x${u.toString(16).padStart(2, "0")}`;
      if (u >= 0xdc80 && u <= 0xdcff) return `\\x${(u - 0xdc00).toString(16)}`;
      return `\\u${u.toString(16)}`;
    })
  }"`;
}

/**
 * Builds the {@linkcode NfsError} subclass for a status, with a message such as
 * `Cannot LOOKUP "a/b.txt": no such file or directory (NFS3ERR_NOENT)`.
 *
 * @param opts Status, procedure, and optionally path, verb and failure result.
 * @returns The error (not thrown).
 * @example
 * ```ts
 * import { nfsError, NotFound } from "@nfs/client";
 * const e = nfsError({ status: 2, proc: "NFS3 LOOKUP", path: "a/b.txt" });
 * console.log(e instanceof NotFound, e.message);
 * // => true Cannot LOOKUP "a/b.txt": no such file or directory (NFS3ERR_NOENT)
 * ```
 */
export function nfsError(opts: NfsErrorOptions): NfsError {
  const { status, proc } = opts;
  const info = BY_STATUS.get(status);
  const statusName = nfsStatusName(status, proc);
  const path = opts.path instanceof Uint8Array ? fhToHex(opts.path) : opts.path;
  const verb = opts.verb ?? proc.slice(proc.indexOf(" ") + 1);
  const what = path === undefined
    ? ""
    : opts.path instanceof Uint8Array
    ? ` file handle ${path}`
    : ` ${quoteName(path)}`;
  const detail = info === undefined
    ? `unknown status ${status}`
    : `${info.message} (${statusName ?? `status ${status}`})`;
  const Cls = CLASSES.get(status) ?? NfsError;
  return new Cls(`Cannot ${verb}${what}: ${detail}`, {
    code: info?.code ?? "EIO",
    status,
    statusName,
    proc,
    path,
    result: opts.result,
  });
}

/**
 * Turns the RPC layer's timeout and connection errors into {@linkcode TimedOut} and
 * {@linkcode ConnectionError} (keeping the original as `cause`), so callers of the file API
 * catch one type; any other value is returned unchanged.
 *
 * @param e What a call threw.
 * @param proc The procedure label, e.g. "NFS3 READ".
 * @param path The path or handle the call was about.
 * @returns The NfsError, or `e` itself.
 * @example
 * ```ts
 * import { fromRpcError } from "@nfs/client";
 * const e = new Error("not an RPC failure");
 * console.log(fromRpcError(e, "NFS3 READ", "a.txt") === e); // => true
 * ```
 */
export function fromRpcError(e: unknown, proc?: string, path?: string | Uint8Array): unknown {
  if (!(e instanceof RpcTimeoutError) && !(e instanceof RpcConnectionError)) return e;
  const where = path instanceof Uint8Array ? fhToHex(path) : path;
  const verb = proc === undefined ? "call" : proc.slice(proc.indexOf(" ") + 1);
  const what = where === undefined
    ? ""
    : path instanceof Uint8Array
    ? ` file handle ${where}`
    : ` ${quoteName(where)}`;
  const init = { proc, path: where, cause: e };
  return e instanceof RpcTimeoutError
    ? new TimedOut(`Cannot ${verb}${what}: ${e.message}`, init)
    : new ConnectionError(`Cannot ${verb}${what}: ${e.message}`, init);
}
