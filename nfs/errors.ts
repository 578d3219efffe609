/**
 * The one status table of the NFS family (NFSv3 `nfsstat3`, NFSv2 `nfsstat`, MOUNT v3
 * `mountstat3` share one number space) and the {@linkcode NfsError} classes built from it.
 *
 * @module
 */
import { RpcConnectionError, RpcError, RpcTimeoutError } from "../rpc/errors.ts";

/**
 * The status numbers of the NFS family by their shared suffix (`NfsStatus.NOENT` is
 * NFS3ERR_NOENT, NFSERR_NOENT and MNT3ERR_NOENT): NFSv3, NFSv2 and MOUNT share one number
 * space. The per-protocol objects (`Nfsstat3`, `Nfsstat`, `Mountstat3`) hold the RFC names.
 */
export const NfsStatus = {
  OK: 0,
  PERM: 1,
  NOENT: 2,
  IO: 5,
  NXIO: 6,
  ACCES: 13,
  EXIST: 17,
  XDEV: 18,
  NODEV: 19,
  NOTDIR: 20,
  ISDIR: 21,
  INVAL: 22,
  FBIG: 27,
  NOSPC: 28,
  ROFS: 30,
  MLINK: 31,
  NAMETOOLONG: 63,
  NOTEMPTY: 66,
  DQUOT: 69,
  STALE: 70,
  REMOTE: 71,
  WFLUSH: 99,
  BADHANDLE: 10001,
  NOT_SYNC: 10002,
  BAD_COOKIE: 10003,
  NOTSUPP: 10004,
  TOOSMALL: 10005,
  SERVERFAULT: 10006,
  BADTYPE: 10007,
  JUKEBOX: 10008,
} as const;

/**
 * The `code` of an {@linkcode NfsError}: the POSIX name closest to the failure. The status
 * table's codes, plus those of failures that carry no NFS status (`ETIMEDOUT`,
 * `ECONNRESET`, `ECONNREFUSED`; `EPROTO` for a reply no server may send; `EBADF`, `ELOOP`
 * and the like for what the client itself refuses).
 */
export type NfsErrorCode =
  | "OK"
  | "EPERM"
  | "ENOENT"
  | "EIO"
  | "ENXIO"
  | "EACCES"
  | "EEXIST"
  | "EXDEV"
  | "ENODEV"
  | "ENOTDIR"
  | "EISDIR"
  | "EINVAL"
  | "EFBIG"
  | "ENOSPC"
  | "EROFS"
  | "EMLINK"
  | "ENAMETOOLONG"
  | "ENOTEMPTY"
  | "EDQUOT"
  | "ESTALE"
  | "EREMOTE"
  | "EBUSY"
  | "ENOTSUP"
  | "EAGAIN"
  | "ETIMEDOUT"
  | "ECONNRESET"
  | "ECONNREFUSED"
  | "EPROTO"
  | "EBADF"
  | "ELOOP";

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
  code: NfsErrorCode;
}

/** The shared status table: RFC 1813 §2.5 `nfsstat3`, RFC 1094 §2.3.1 `stat`, RFC 1813 §5.1.5. */
export const NFS_STATUS_TABLE: readonly NfsStatusInfo[] = [
  {
    status: NfsStatus.OK,
    nfs3: "NFS3_OK",
    nfs2: "NFS_OK",
    mnt3: "MNT3_OK",
    message: "success",
    code: "OK",
  },
  row("PERM", 7, "operation not permitted", "EPERM"),
  row("NOENT", 7, "no such file or directory", "ENOENT"),
  row("IO", 7, "input/output error", "EIO"),
  row("NXIO", 3, "no such device or address", "ENXIO"),
  row("ACCES", 7, "permission denied", "EACCES"),
  row("EXIST", 3, "file exists", "EEXIST"),
  row("XDEV", 1, "cross-device link", "EXDEV"),
  row("NODEV", 3, "no such device", "ENODEV"),
  row("NOTDIR", 7, "not a directory", "ENOTDIR"),
  row("ISDIR", 3, "is a directory", "EISDIR"),
  row("INVAL", 5, "invalid argument", "EINVAL"),
  row("FBIG", 3, "file too large", "EFBIG"),
  row("NOSPC", 3, "no space left on device", "ENOSPC"),
  row("ROFS", 3, "read-only file system", "EROFS"),
  row("MLINK", 1, "too many links", "EMLINK"),
  row("NAMETOOLONG", 7, "file name too long", "ENAMETOOLONG"),
  row("NOTEMPTY", 3, "directory not empty", "ENOTEMPTY"),
  row("DQUOT", 3, "disk quota exceeded", "EDQUOT"),
  row("STALE", 3, "stale file handle", "ESTALE"),
  row("REMOTE", 1, "too many levels of remote in path", "EREMOTE"),
  row("WFLUSH", 2, "write cache flushed", "EIO"),
  row("BADHANDLE", 1, "illegal file handle", "ESTALE"),
  row("NOT_SYNC", 1, "update synchronization mismatch", "EBUSY"),
  row("BAD_COOKIE", 1, "stale directory cookie", "EINVAL"),
  row("NOTSUPP", 5, "operation not supported", "ENOTSUP"),
  row("TOOSMALL", 1, "buffer or request too small", "EINVAL"),
  row("SERVERFAULT", 5, "server fault", "EIO"),
  row("BADTYPE", 1, "object type not supported", "ENOTSUP"),
  row("JUKEBOX", 1, "resource temporarily unavailable, retry later", "EAGAIN"),
];

/** Builds a row; `inSet` is a bit set: 1 = NFSv3, 2 = NFSv2, 4 = MOUNT v3. */
function row(
  suffix: keyof typeof NfsStatus,
  inSet: number,
  message: string,
  code: NfsErrorCode,
): NfsStatusInfo {
  const status = NfsStatus[suffix];
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
  code: NfsErrorCode;
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
  readonly code: NfsErrorCode;
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

// Each class's name, set from these keys: the constructor's `new.target.name` reads it, and a
// minifier (cli/dist/nfs.js is minified by scripts/build_cli.ts) renames classes.
for (
  const [name, c] of Object.entries({
    NfsError,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    NotADirectory,
    IsADirectory,
    DirectoryNotEmpty,
    NoSpace,
    ReadOnly,
    StaleHandle,
    InvalidArgument,
    NameTooLong,
    NotSupported,
    IoError,
    QuotaExceeded,
    FileTooLarge,
    BadCookie,
    NotSync,
    ServerFault,
    Jukebox,
    TimedOut,
    ConnectionError,
  })
) Object.defineProperty(c, "name", { value: name });

type NfsErrorClass = new (message: string, init: NfsErrorInit) => NfsError;

/** The subclass of each status; statuses not listed give a plain NfsError. */
const CLASSES = new Map<number, NfsErrorClass>([
  [NfsStatus.PERM, PermissionDenied],
  [NfsStatus.NOENT, NotFound],
  [NfsStatus.IO, IoError],
  [NfsStatus.NXIO, IoError],
  [NfsStatus.ACCES, PermissionDenied],
  [NfsStatus.EXIST, AlreadyExists],
  [NfsStatus.NOTDIR, NotADirectory],
  [NfsStatus.ISDIR, IsADirectory],
  [NfsStatus.INVAL, InvalidArgument],
  [NfsStatus.FBIG, FileTooLarge],
  [NfsStatus.NOSPC, NoSpace],
  [NfsStatus.ROFS, ReadOnly],
  [NfsStatus.NAMETOOLONG, NameTooLong],
  [NfsStatus.NOTEMPTY, DirectoryNotEmpty],
  [NfsStatus.DQUOT, QuotaExceeded],
  [NfsStatus.STALE, StaleHandle],
  [NfsStatus.WFLUSH, IoError],
  [NfsStatus.BADHANDLE, StaleHandle],
  [NfsStatus.NOT_SYNC, NotSync],
  [NfsStatus.BAD_COOKIE, BadCookie],
  [NfsStatus.NOTSUPP, NotSupported],
  [NfsStatus.SERVERFAULT, ServerFault],
  [NfsStatus.BADTYPE, NotSupported],
  [NfsStatus.JUKEBOX, Jukebox],
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

/** What a client-side error says besides its message (its `code` comes separately). */
export interface LocalErrorInit {
  /** The procedure or operation, e.g. "readFile" or "MOUNT1 MNT". */
  proc?: string | undefined;
  /** The path the operation was about. */
  path?: string | undefined;
  /** The underlying error. */
  cause?: unknown;
}

/** Subclasses for the codes of failures the client finds itself. */
const LOCAL_CLASSES: Partial<Record<NfsErrorCode, NfsErrorClass>> = {
  EINVAL: InvalidArgument,
  ENOTSUP: NotSupported,
  EFBIG: FileTooLarge,
};

/**
 * An error the client detected itself, with no NFS status (`status` 0, no `statusName`):
 * a closed file (`EBADF`), a symlink loop (`ELOOP`), a size above a limit (`EFBIG`), ...
 * `EINVAL`, `ENOTSUP` and `EFBIG` give their subclass, other codes a plain `NfsError`.
 */
export function localError(
  code: NfsErrorCode,
  message: string,
  init: LocalErrorInit = {},
): NfsError {
  const Cls = LOCAL_CLASSES[code] ?? NfsError;
  return new Cls(message, { ...init, code, status: NfsStatus.OK });
}

/**
 * A server broke the protocol (a reply no correct server sends: more data than asked, an
 * empty directory page without EOF, an invalid entry name): `code` `EPROTO`, no status.
 */
export function protocolError(message: string, init: LocalErrorInit = {}): NfsError {
  return localError("EPROTO", message, init);
}

/**
 * Whether an error was caused by a refused TCP connection (nothing listening there).
 *
 * @param e An error, looked at with its chain of causes.
 * @returns True when a `Deno.errors.ConnectionRefused` is in the chain.
 */
export function refused(e: unknown): boolean {
  for (let c = e, i = 0; c instanceof Error && i < 8; c = c.cause, i++) {
    if (c instanceof Deno.errors.ConnectionRefused) return true;
  }
  return false;
}

/**
 * The one mapping from the RPC layer's errors to {@linkcode NfsError}s: a timeout becomes
 * {@linkcode TimedOut}, a lost connection {@linkcode ConnectionError} (code `ECONNREFUSED`
 * when nothing listened, else `ECONNRESET`), any other `RpcError`
 * (a malformed reply, a mismatch, a refused call) an `EPROTO` `NfsError`; the original is
 * kept as `cause`. An `NfsError` or any other value is returned unchanged.
 *
 * @param e What the call rejected with.
 * @param proc The procedure, e.g. "NFS3 READ".
 * @param c The path the call was about and a verb for the message ("read").
 * @returns The error to throw.
 */
export function wrapRpcError(
  e: unknown,
  proc: string,
  c: { path?: string | undefined; verb?: string | undefined } = {},
): unknown {
  if (e instanceof NfsError) return e;
  const path = c.path;
  const what = `Cannot ${c.verb ?? proc}${path !== undefined ? ` ${quoteName(path)}` : ""}`;
  const init = { proc, path, cause: e };
  if (e instanceof RpcTimeoutError) return new TimedOut(`${what}: ${e.message}`, init);
  if (e instanceof RpcConnectionError) {
    const code = refused(e) ? "ECONNREFUSED" : "ECONNRESET";
    return new ConnectionError(`${what}: ${e.message}`, { ...init, code });
  }
  if (e instanceof RpcError) return protocolError(`${what}: ${e.message}`, init);
  return e;
}
