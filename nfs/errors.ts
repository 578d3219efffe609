/**
 * The one status table of the NFS family (NFSv3 `nfsstat3`, NFSv2 `nfsstat`, MOUNT v3
 * `mountstat3` share one number space) and the {@linkcode NfsError} classes built from it.
 *
 * @module
 */
import { RpcConnectionError, RpcTimeoutError } from "../rpc/errors.ts";

/** One row of {@linkcode NFS_STATUS_TABLE}: a status number with its names per protocol. */
export interface NfsStatusInfo {
  /** The status number on the wire. */
  status: number;
  /** The RFC 1813 `nfsstat3` name, e.g. "NFS3ERR_NOENT" (absent for NFSv2-only statuses). */
  nfs3?: string;
  /** The RFC 1094 `nfsstat` name, e.g. "NFSERR_NOENT", where NFSv2 defines it. */
  nfs2?: string;
  /**
   * The RFC 1813 Appendix I `mountstat3` name, e.g. "MNT3ERR_NOENT", where MOUNT v3 defines it.
   */
  mnt3?: string;
  /** A short lowercase description, e.g. "no such file or directory". */
  message: string;
  /** The closest POSIX error code name, e.g. "ENOENT". */
  code: string;
}

/** The shared status table: RFC 1813 §2.5 `nfsstat3`, RFC 1094 §2.3.1 `stat`, RFC 1813 §5.1.5. */
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

/** Looks a status number up in {@linkcode NFS_STATUS_TABLE}. */
export function nfsStatusInfo(status: number): NfsStatusInfo | undefined {
  return BY_STATUS.get(status);
}

/**
 * The protocol-specific name of a status, picked by the procedure label's prefix
 * ("NFS2 …" → NFSERR_*, "MOUNT3 …" → MNT3ERR_*, else NFS3ERR_*).
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

/** What {@linkcode NfsError} carries besides its message. */
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

  /** Creates an error; prefer {@linkcode nfsError}, which picks the subclass and message. */
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

/** NFS3ERR_NOENT: no such file or directory. */
export class NotFound extends NfsError {}
/** NFS3ERR_EXIST: the name already exists. */
export class AlreadyExists extends NfsError {}
/** NFS3ERR_PERM or NFS3ERR_ACCES: the caller's credentials do not allow the operation. */
export class PermissionDenied extends NfsError {}
/** NFS3ERR_NOTDIR: a path component is not a directory. */
export class NotADirectory extends NfsError {}
/** NFS3ERR_ISDIR: a file operation on a directory. */
export class IsADirectory extends NfsError {}
/** NFS3ERR_NOTEMPTY: removing a directory that still has entries. */
export class DirectoryNotEmpty extends NfsError {}
/** NFS3ERR_NOSPC: no space left on the server's device. */
export class NoSpace extends NfsError {}
/** NFS3ERR_ROFS: a change on a read-only file system (or export). */
export class ReadOnly extends NfsError {}
/**
 * NFS3ERR_STALE or NFS3ERR_BADHANDLE: the file handle no longer works, e.g. the file was
 * deleted (by another client) while it was open.
 */
export class StaleHandle extends NfsError {}
/** NFS3ERR_INVAL: an invalid argument, e.g. READLINK of a file that is not a symlink. */
export class InvalidArgument extends NfsError {}
/** NFS3ERR_NAMETOOLONG: a name longer than the server accepts. */
export class NameTooLong extends NfsError {}
/**
 * NFS3ERR_NOTSUPP or NFS3ERR_BADTYPE: the server does not support the operation or the
 * object type (e.g. hard links on a file system without them).
 */
export class NotSupported extends NfsError {}
/** NFS3ERR_IO, NFS3ERR_NXIO or NFSERR_WFLUSH: the server's storage failed. */
export class IoError extends NfsError {}
/** NFS3ERR_DQUOT: the caller's disk quota is exceeded. */
export class QuotaExceeded extends NfsError {}
/**
 * NFS3ERR_FBIG: the file is too large, from the server, or above
 * {@linkcode NfsClient.readFile}'s `maxSize` (status 0 then).
 */
export class FileTooLarge extends NfsError {}
/**
 * NFS3ERR_BAD_COOKIE: the server forgot the directory listing (e.g. it restarted between
 * two pages); list the directory again from the start.
 */
export class BadCookie extends NfsError {}
/**
 * NFS3ERR_NOT_SYNC: the SETATTR guard did not match the object's ctime (someone else
 * changed the object in between).
 */
export class NotSync extends NfsError {}
/** NFS3ERR_SERVERFAULT: the server failed in a way no other status describes. */
export class ServerFault extends NfsError {}
/** NFS3ERR_JUKEBOX: the server is busy (e.g. recalling from tape); retry later. */
export class Jukebox extends NfsError {}

/** The call got no reply in time (no NFS status): a soft mount's retransmissions ran out. */
export class TimedOut extends NfsError {
  /** Creates a timeout error. */
  constructor(message: string, init: Partial<NfsErrorInit> = {}) {
    super(message, { ...init, code: init.code ?? "ETIMEDOUT", status: 0 });
  }
}

/** The connection failed or was lost (no NFS status). */
export class ConnectionError extends NfsError {
  /** Creates a connection error. */
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

/** Arguments of {@linkcode nfsError}. */
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

/** Renders a file handle as lowercase hex with a `0x` prefix. */
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
