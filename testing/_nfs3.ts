/**
 * The test server's NFS version 3 procedures (RFC 1813 §3.3) on top of Deno's file APIs.
 *
 * @module
 */
import { lchownSync, lutimesSync } from "node:fs";
import type { Nfs3Procedures } from "../nfs/v3/procedures.ts";
import {
  Createmode3,
  type Entry3,
  type Entryplus3,
  type Fattr3,
  Fsf3,
  Ftype3,
  NFS_PROGRAM,
  NFS_V3,
  Nfsstat3 as S,
  type Nfsstat3Fail,
  type Rename3Res,
  type Sattr3,
  type SetTime,
  StableHow,
  type Uint64,
  type WccAttr,
  type WccData,
} from "../nfs/v3/types.ts";
import {
  accessBits,
  errnoStatus,
  type Export,
  fail,
  fattr,
  hex,
  keyOf,
  NO_WCC,
  type Obj,
  R,
  requirePerm,
  sameTime,
  sys,
  W,
  wccAttr,
  type Who,
  X,
} from "./_export.ts";
import { NFS3_SERVER_LIST } from "./_nfs3_codec.ts";
import type { Call, Impl, ProgramVersion, ServerState } from "./_program.ts";

const MAX_FILE_SIZE = (1n << 63n) - 1n;
const utf8 = new TextEncoder();

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** `lstat`, or null when the path does not exist. */
export function tryLstat(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || (e as { code?: string }).code === "ENOTDIR") {
      return null;
    }
    throw e;
  }
}

/** `lstat` that fails with the mapped status. */
export function lstat(path: string): Deno.FileInfo {
  return sys(() => Deno.lstatSync(path));
}

/** post_op_attr of a path: its attributes, or null if it cannot be read. */
export function postOp(path: string): Fattr3 | null {
  const st = tryLstatQuiet(path);
  return st === null ? null : fattr(st);
}

function tryLstatQuiet(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch {
    return null;
  }
}

/** wcc_data: `before` as given, `after` read now from `path`. */
export function wcc(before: WccAttr | null, path: string | null): WccData {
  return { before, after: path === null ? null : postOp(path) };
}

function toSeconds(t: SetTime, now: number): number {
  return t === "server" ? now : t.seconds + t.nseconds / 1e9;
}

function statusOf(e: unknown): Nfsstat3Fail {
  const s = errnoStatus(e);
  return (s === 0 ? S.NFS3ERR_SERVERFAULT : s) as Nfsstat3Fail;
}

/**
 * Applies a sattr3 to an object (RFC 1813 §2.5, SETATTR semantics).
 *
 * Checks for an identity other than root: changing mode, owner, group or setting a time to
 * a client value needs ownership (NFS3ERR_PERM); changing the size needs write permission
 * (NFS3ERR_ACCES); setting times to the server's time needs ownership or write permission.
 *
 * @param path The object.
 * @param st Its `lstat`.
 * @param s What to set.
 * @param who The caller (null = unchecked).
 */
export function applySattr(path: string, st: Deno.FileInfo, s: Sattr3, who: Who | null): void {
  const owner = who === null || st.uid === who.uid;
  if (who !== null) {
    if (
      (s.mode !== undefined || s.uid !== undefined || s.gid !== undefined) && !owner
    ) {
      fail(S.NFS3ERR_PERM, "Only the owner may change mode, owner or group");
    }
    if (s.uid !== undefined && s.uid !== st.uid) fail(S.NFS3ERR_PERM, "Only root may chown");
    if (
      (s.atime !== undefined && s.atime !== "server") ||
      (s.mtime !== undefined && s.mtime !== "server")
    ) {
      if (!owner) fail(S.NFS3ERR_PERM, "Only the owner may set times");
    }
    if ((s.atime === "server" || s.mtime === "server") && !owner) {
      requirePerm(st, who, W, "set times");
    }
    if (s.size !== undefined) requirePerm(st, who, W, "truncate");
  }
  const link = st.isSymlink;
  if (s.uid !== undefined || s.gid !== undefined) {
    const uid = s.uid ?? st.uid ?? 0;
    const gid = s.gid ?? st.gid ?? 0;
    sys(() => link ? lchownSync(path, uid, gid) : Deno.chownSync(path, uid, gid));
  }
  if (s.mode !== undefined && !link) {
    const mode = s.mode & 0o7777;
    sys(() => Deno.chmodSync(path, mode));
  }
  if (s.size !== undefined) {
    if (st.isDirectory) fail(S.NFS3ERR_ISDIR, "Cannot set the size of a directory");
    if (!st.isFile) fail(S.NFS3ERR_INVAL, "Cannot set the size of a non-regular file");
    const size = BigInt(s.size);
    if (size > BigInt(Number.MAX_SAFE_INTEGER)) fail(S.NFS3ERR_FBIG, "Size too large");
    sys(() => Deno.truncateSync(path, Number(size)));
  }
  if (s.atime !== undefined || s.mtime !== undefined) {
    const now = Date.now() / 1000;
    const at = s.atime !== undefined ? toSeconds(s.atime, now) : (st.atime?.getTime() ?? 0) / 1000;
    const mt = s.mtime !== undefined ? toSeconds(s.mtime, now) : (st.mtime?.getTime() ?? 0) / 1000;
    sys(() => link ? lutimesSync(path, at, mt) : Deno.utimeSync(path, at, mt));
  }
}

/** Gives a new object to the caller (AUTH_SYS) when the server runs as root. */
function chownNew(state: ServerState, path: string, call: Call, link = false): void {
  const { cred } = call;
  if (!state.canChown || cred.uid === undefined || cred.gid === undefined) return;
  const uid = cred.uid, gid = cred.gid;
  sys(() => link ? lchownSync(path, uid, gid) : Deno.chownSync(path, uid, gid));
}

/** Sattr3 without the fields already applied at creation. */
function rest(s: Sattr3, omit: readonly (keyof Sattr3)[]): Sattr3 {
  const out: Sattr3 = { ...s };
  for (const k of omit) delete out[k];
  return out;
}

function isEmpty(s: Sattr3): boolean {
  return Object.values(s).every((v) => v === undefined);
}

function offsetOf(v: Uint64): bigint {
  return typeof v === "bigint" ? v : BigInt(v);
}

/** Every field name any NFSv3 resfail uses: a failure result that fits every procedure. */
function failResult(status: number): Record<string, unknown> {
  return {
    status,
    objAttributes: null,
    dirAttributes: null,
    fileAttributes: null,
    symlinkAttributes: null,
    objWcc: NO_WCC,
    fileWcc: NO_WCC,
    dirWcc: NO_WCC,
    fromdirWcc: NO_WCC,
    todirWcc: NO_WCC,
    linkdirWcc: NO_WCC,
  };
}

/** The dir-modifying procedures' shared preamble: directory, permissions, read-only. */
function openDir(ex: Export, fh: Uint8Array, who: Who | null): Obj {
  const dir = ex.resolveDir(fh);
  ex.writable();
  requirePerm(dir.st, who, W | X, `modify ${dir.path}`);
  return dir;
}

/** Bytes of READDIR3resok/READDIRPLUS3resok around the entries (RFC 1813 §3.3.16-17). */
const READDIR_BASE = 4 + 84 + 8 + 4 + 4; // dir_attributes, cookieverf, final value_follows, eof
/** entry3: value_follows, fileid, name length, name (padded), cookie. */
function entry3Size(nameBytes: number): number {
  return 4 + 8 + 4 + pad4(nameBytes) + 8;
}
/** entryplus3 adds post_op_attr (4 + 84) and post_op_fh3 (4 + 4 + handle). */
function entryplus3Extra(fhBytes: number): number {
  return 4 + 84 + 4 + 4 + pad4(fhBytes);
}

interface Page {
  verf: Uint8Array;
  entries: { name: string; cookie: bigint; path: string; st: Deno.FileInfo }[];
  eof: boolean;
}

/**
 * One page of a directory listing, sized exactly: entries are added while the encoded
 * resok stays within `maxBytes` and the directory information within `dirBytes`.
 */
function readdirPage(
  ex: Export,
  dir: Obj,
  cookie: Uint64,
  verf: Uint8Array,
  maxBytes: number,
  dirBytes: number,
  extra: number,
): Page {
  const c = offsetOf(cookie);
  let names: string[];
  let outVerf: Uint8Array;
  if (c === 0n) {
    ({ verf: outVerf, names } = ex.newListing(dir));
  } else {
    const l = ex.listing(dir, verf);
    if (l === null) fail(S.NFS3ERR_BAD_COOKIE, "Unknown cookie verifier");
    if (c > BigInt(l.length)) fail(S.NFS3ERR_BAD_COOKIE, `Cookie ${c} past the listing`);
    names = l;
    outVerf = verf;
  }
  let size = READDIR_BASE;
  let dirSize = 0;
  const entries: Page["entries"] = [];
  let i = Number(c);
  for (; i < names.length; i++) {
    const name = names[i]!;
    const base = entry3Size(utf8.encode(name).length);
    if (size + base + extra > maxBytes) break;
    if (entries.length > 0 && dirSize + base > dirBytes) break;
    const path = name === "."
      ? dir.path
      : name === ".."
      ? ex.parentPath(dir.path)
      : `${dir.path}/${name}`;
    const st = tryLstatQuiet(path);
    if (st === null) continue; // removed since the snapshot: skip it, its cookie stays valid
    entries.push({ name, cookie: BigInt(i + 1), path, st });
    size += base + extra;
    dirSize += base;
  }
  const eof = i >= names.length;
  if (entries.length === 0 && !eof) fail(S.NFS3ERR_TOOSMALL, "No entry fits in the count");
  if (maxBytes < READDIR_BASE) fail(S.NFS3ERR_TOOSMALL, "Count smaller than an empty reply");
  return { verf: outVerf, entries, eof };
}

/**
 * The NFSv3 procedures of the test server (also the engine behind its NFSv2 procedures).
 *
 * @param state The server state.
 * @returns One implementation per procedure.
 */
export function nfs3Impl(state: ServerState): Impl<Nfs3Procedures> {
  const ex = state.ex;
  return {
    NULL: () => {},

    GETATTR: ({ object }) => {
      try {
        return { status: S.NFS3_OK, objAttributes: fattr(ex.resolve(object).st) };
      } catch (e) {
        return { status: statusOf(e) };
      }
    },

    SETATTR: ({ object, newAttributes, guard }, call) => {
      let o: Obj;
      try {
        o = ex.resolve(object);
      } catch (e) {
        return { status: statusOf(e), objWcc: NO_WCC };
      }
      const before = wccAttr(o.st);
      try {
        if (guard !== null && !sameTime(guard, fattr(o.st).ctime)) {
          fail(S.NFS3ERR_NOT_SYNC, "ctime guard mismatch");
        }
        if (!isEmpty(newAttributes)) ex.writable();
        applySattr(o.path, o.st, newAttributes, call.who);
        return { status: S.NFS3_OK, objWcc: wcc(before, o.path) };
      } catch (e) {
        return { status: statusOf(e), objWcc: wcc(before, o.path) };
      }
    },

    LOOKUP: ({ dir: dfh, name }, call) => {
      let dir: Obj;
      try {
        dir = ex.resolveDir(dfh);
      } catch (e) {
        return { status: statusOf(e), dirAttributes: null };
      }
      try {
        requirePerm(dir.st, call.who, X, `search ${dir.path}`);
        let path: string;
        if (name === ".") path = dir.path;
        else if (name === "..") path = ex.parentPath(dir.path);
        else path = ex.child(dir, name);
        const st = lstat(path);
        const node = ex.register(path, st);
        return {
          status: S.NFS3_OK,
          object: ex.handle(node),
          objAttributes: fattr(st),
          dirAttributes: fattr(dir.st),
        };
      } catch (e) {
        return { status: statusOf(e), dirAttributes: postOp(dir.path) };
      }
    },

    ACCESS: ({ object, access }, call) => {
      try {
        const o = ex.resolve(object);
        return {
          status: S.NFS3_OK,
          objAttributes: fattr(o.st),
          access: access & accessBits(o.st, call.who, ex.readOnly),
        };
      } catch (e) {
        return { status: statusOf(e), objAttributes: null };
      }
    },

    READLINK: ({ symlink }) => {
      let o: Obj;
      try {
        o = ex.resolve(symlink);
      } catch (e) {
        return { status: statusOf(e), symlinkAttributes: null };
      }
      try {
        if (!o.st.isSymlink) fail(S.NFS3ERR_INVAL, "Not a symbolic link");
        const data = sys(() => Deno.readLinkSync(o.path));
        return { status: S.NFS3_OK, symlinkAttributes: fattr(o.st), data };
      } catch (e) {
        return { status: statusOf(e), symlinkAttributes: fattr(o.st) };
      }
    },

    READ: ({ file, offset, count }, call) => {
      let o: Obj;
      try {
        o = ex.resolve(file);
      } catch (e) {
        return { status: statusOf(e), fileAttributes: null };
      }
      try {
        if (o.st.isDirectory) fail(S.NFS3ERR_ISDIR, "Cannot READ a directory");
        if (!o.st.isFile) fail(S.NFS3ERR_INVAL, "Cannot READ a non-regular file");
        requirePerm(o.st, call.who, R, `read ${o.path}`);
        const off = offsetOf(offset);
        const want = Math.min(count, state.io.rtmax);
        if (off >= BigInt(o.st.size) || want === 0) {
          return {
            status: S.NFS3_OK,
            fileAttributes: fattr(o.st),
            count: 0,
            eof: off >= BigInt(o.st.size),
            data: new Uint8Array(0),
          };
        }
        // The buffer is attached to the reply as is (opaqueExternal): no copy on send.
        const buf = new Uint8Array(want);
        let n = 0;
        let after: Deno.FileInfo;
        const f = sys(() => Deno.openSync(o.path, { read: true }));
        try {
          sys(() => f.seekSync(Number(off), Deno.SeekMode.Start));
          while (n < want) {
            const k = sys(() => f.readSync(buf.subarray(n)));
            if (k === null || k === 0) break;
            n += k;
          }
          after = sys(() => f.statSync());
        } finally {
          f.close();
        }
        return {
          status: S.NFS3_OK,
          fileAttributes: fattr(after),
          count: n,
          eof: off + BigInt(n) >= BigInt(after.size),
          data: buf.subarray(0, n),
        };
      } catch (e) {
        return { status: statusOf(e), fileAttributes: postOp(o.path) };
      }
    },

    WRITE: ({ file, offset, stable, data }, call) => {
      let o: Obj;
      try {
        o = ex.resolve(file);
      } catch (e) {
        return { status: statusOf(e), fileWcc: NO_WCC };
      }
      const before = wccAttr(o.st);
      try {
        if (o.st.isDirectory) fail(S.NFS3ERR_ISDIR, "Cannot WRITE a directory");
        if (!o.st.isFile) fail(S.NFS3ERR_INVAL, "Cannot WRITE a non-regular file");
        ex.writable();
        requirePerm(o.st, call.who, W, `write ${o.path}`);
        const off = offsetOf(offset);
        if (off + BigInt(data.length) > MAX_FILE_SIZE) {
          fail(S.NFS3ERR_FBIG, "Past the maximum size");
        }
        if (off > BigInt(Number.MAX_SAFE_INTEGER)) fail(S.NFS3ERR_FBIG, "Offset too large here");
        let after: Deno.FileInfo;
        const f = sys(() => Deno.openSync(o.path, { write: true }));
        try {
          sys(() => f.seekSync(Number(off), Deno.SeekMode.Start));
          let n = 0;
          while (n < data.length) n += sys(() => f.writeSync(data.subarray(n)));
          if (stable === StableHow.FILE_SYNC) sys(() => f.syncSync());
          else if (stable === StableHow.DATA_SYNC) sys(() => f.syncDataSync());
          after = sys(() => f.statSync());
        } finally {
          f.close();
        }
        return {
          status: S.NFS3_OK,
          fileWcc: { before, after: fattr(after) },
          count: data.length,
          committed: stable,
          verf: state.writeVerf,
        };
      } catch (e) {
        return { status: statusOf(e), fileWcc: wcc(before, o.path) };
      }
    },

    CREATE: ({ where, how }, call) => {
      let dir: Obj;
      try {
        dir = ex.resolveDir(where.dir);
      } catch (e) {
        return { status: statusOf(e), dirWcc: NO_WCC };
      }
      const before = wccAttr(dir.st);
      try {
        openDir(ex, where.dir, call.who);
        const path = ex.child(dir, where.name);
        const existing = tryLstat(path);
        let fresh = false;
        if (existing !== null) {
          if (how.mode === Createmode3.GUARDED) fail(S.NFS3ERR_EXIST, "Exists (GUARDED)");
          if (how.mode === Createmode3.EXCLUSIVE) {
            // A retransmitted EXCLUSIVE CREATE finds its own file: same verifier.
            if (ex.exclusive.get(keyOf(existing)) !== hex(how.verf)) {
              fail(S.NFS3ERR_EXIST, "Exists (EXCLUSIVE, other verifier)");
            }
          } else {
            if (!existing.isFile) fail(S.NFS3ERR_EXIST, "Exists and is not a regular file");
            const size = how.objAttributes.size;
            if (size !== undefined) applySattr(path, existing, { size }, call.who);
          }
        } else {
          const attrs = how.mode === Createmode3.EXCLUSIVE ? {} : how.objAttributes;
          const mode = (attrs.mode ?? 0o644) & 0o7777;
          sys(() => Deno.openSync(path, { write: true, createNew: true, mode }).close());
          fresh = true;
          sys(() => Deno.chmodSync(path, mode)); // exactly, whatever the umask
          chownNew(state, path, call);
          const more = rest(attrs, ["mode"]);
          if (!isEmpty(more)) applySattr(path, lstat(path), more, null);
        }
        const st = lstat(path);
        const node = ex.register(path, st, fresh);
        if (how.mode === Createmode3.EXCLUSIVE) ex.exclusive.set(node.key, hex(how.verf));
        return {
          status: S.NFS3_OK,
          obj: ex.handle(node),
          objAttributes: fattr(st),
          dirWcc: wcc(before, dir.path),
        };
      } catch (e) {
        return { status: statusOf(e), dirWcc: wcc(before, dir.path) };
      }
    },

    MKDIR: ({ where, attributes }, call) =>
      makeNode(state, where.dir, where.name, call, (path) => {
        const mode = (attributes.mode ?? 0o755) & 0o7777;
        sys(() => Deno.mkdirSync(path, { mode }));
        sys(() => Deno.chmodSync(path, mode));
        chownNew(state, path, call);
        const more = rest(attributes, ["mode"]);
        if (!isEmpty(more)) applySattr(path, lstat(path), more, null);
      }),

    SYMLINK: ({ where, symlink }, call) =>
      makeNode(state, where.dir, where.name, call, (path) => {
        sys(() => Deno.symlinkSync(symlink.symlinkData, path));
        chownNew(state, path, call, true);
        const more = rest(symlink.symlinkAttributes, ["mode", "size"]);
        if (!isEmpty(more)) applySattr(path, lstat(path), more, null);
      }),

    MKNOD: ({ where, what }, call) =>
      makeNode(state, where.dir, where.name, call, (path) => {
        if (
          what.type === Ftype3.NF3REG || what.type === Ftype3.NF3DIR ||
          what.type === Ftype3.NF3LNK
        ) {
          fail(S.NFS3ERR_BADTYPE, "MKNOD creates devices, sockets and FIFOs only");
        }
        if (what.type !== Ftype3.NF3FIFO) {
          fail(S.NFS3ERR_NOTSUPP, "The test server creates FIFOs only");
        }
        const mode = (what.pipeAttributes.mode ?? 0o644) & 0o7777;
        mkfifo(path, mode);
        chownNew(state, path, call);
      }),

    REMOVE: ({ dir: dfh, name }, call) =>
      unlink(ex, dfh, name, call, (path, st) => {
        if (st.isDirectory) fail(S.NFS3ERR_ISDIR, "REMOVE of a directory");
        sys(() => Deno.removeSync(path));
      }),

    RMDIR: ({ dir: dfh, name }, call) =>
      unlink(ex, dfh, name, call, (path, st) => {
        if (!st.isDirectory) fail(S.NFS3ERR_NOTDIR, "RMDIR of a non-directory");
        try {
          Deno.removeSync(path);
        } catch (e) {
          const s = errnoStatus(e);
          fail(s === S.NFS3ERR_EXIST ? S.NFS3ERR_NOTEMPTY : s, "rmdir failed");
        }
      }),

    RENAME: ({ from, to }, call) => {
      let fdir: Obj, tdir: Obj;
      try {
        fdir = ex.resolveDir(from.dir);
      } catch (e) {
        return { status: statusOf(e), fromdirWcc: NO_WCC, todirWcc: NO_WCC };
      }
      const fbefore = wccAttr(fdir.st);
      try {
        tdir = ex.resolveDir(to.dir);
      } catch (e) {
        return { status: statusOf(e), fromdirWcc: wcc(fbefore, fdir.path), todirWcc: NO_WCC };
      }
      const tbefore = wccAttr(tdir.st);
      const result = (status: number): Rename3Res => ({
        status: status as Nfsstat3Fail,
        fromdirWcc: wcc(fbefore, fdir.path),
        todirWcc: wcc(tbefore, tdir.path),
      });
      try {
        openDir(ex, from.dir, call.who);
        openDir(ex, to.dir, call.who);
        const src = ex.child(fdir, from.name, S.NFS3ERR_INVAL);
        const dst = ex.child(tdir, to.name, S.NFS3ERR_INVAL);
        const sst = lstat(src);
        const dstSt = tryLstat(dst);
        if (dstSt !== null) {
          if (dstSt.dev === sst.dev && dstSt.ino === sst.ino) return result(S.NFS3_OK);
          if (sst.isDirectory && !dstSt.isDirectory) fail(S.NFS3ERR_NOTDIR, "Target is no dir");
          if (!sst.isDirectory && dstSt.isDirectory) fail(S.NFS3ERR_ISDIR, "Target is a dir");
        }
        try {
          Deno.renameSync(src, dst);
        } catch (e) {
          const s = errnoStatus(e);
          // Renaming onto a non-empty directory: ENOTEMPTY, or EEXIST on some file systems.
          fail(s === S.NFS3ERR_EXIST && dstSt?.isDirectory ? S.NFS3ERR_NOTEMPTY : s, "rename");
        }
        if (dstSt !== null) ex.unlinked(dst, dstSt);
        ex.renamed(src, dst, lstat(dst));
        return result(S.NFS3_OK);
      } catch (e) {
        return result(statusOf(e));
      }
    },

    LINK: ({ file, link }, call) => {
      let o: Obj;
      try {
        o = ex.resolve(file);
      } catch (e) {
        return { status: statusOf(e), fileAttributes: null, linkdirWcc: NO_WCC };
      }
      let dir: Obj;
      try {
        dir = ex.resolveDir(link.dir);
      } catch (e) {
        return { status: statusOf(e), fileAttributes: fattr(o.st), linkdirWcc: NO_WCC };
      }
      const before = wccAttr(dir.st);
      try {
        openDir(ex, link.dir, call.who);
        const path = ex.child(dir, link.name);
        if (o.st.isDirectory) fail(S.NFS3ERR_ISDIR, "Cannot hard-link a directory");
        sys(() => Deno.linkSync(o.path, path));
        ex.register(path, lstat(path));
        return {
          status: S.NFS3_OK,
          fileAttributes: postOp(path),
          linkdirWcc: wcc(before, dir.path),
        };
      } catch (e) {
        return {
          status: statusOf(e),
          fileAttributes: postOp(o.path),
          linkdirWcc: wcc(before, dir.path),
        };
      }
    },

    READDIR: ({ dir: dfh, cookie, cookieverf, count }, call) => {
      let dir: Obj;
      try {
        dir = ex.resolveDir(dfh);
      } catch (e) {
        return { status: statusOf(e), dirAttributes: null };
      }
      try {
        requirePerm(dir.st, call.who, R, `list ${dir.path}`);
        const page = readdirPage(ex, dir, cookie, cookieverf, count, Infinity, 0);
        const entries: Entry3[] = page.entries.map((e) => ({
          fileid: BigInt(e.st.ino ?? 0),
          name: e.name,
          cookie: e.cookie,
        }));
        return {
          status: S.NFS3_OK,
          dirAttributes: fattr(dir.st),
          cookieverf: page.verf,
          reply: { entries, eof: page.eof },
        };
      } catch (e) {
        return { status: statusOf(e), dirAttributes: postOp(dir.path) };
      }
    },

    READDIRPLUS: ({ dir: dfh, cookie, cookieverf, dircount, maxcount }, call) => {
      let dir: Obj;
      try {
        dir = ex.resolveDir(dfh);
      } catch (e) {
        return { status: statusOf(e), dirAttributes: null };
      }
      try {
        requirePerm(dir.st, call.who, R | X, `list ${dir.path}`);
        const extra = entryplus3Extra(ex.rootHandle.length);
        const page = readdirPage(ex, dir, cookie, cookieverf, maxcount, dircount, extra);
        const entries: Entryplus3[] = page.entries.map((e) => ({
          fileid: BigInt(e.st.ino ?? 0),
          name: e.name,
          cookie: e.cookie,
          nameAttributes: fattr(e.st),
          nameHandle: ex.handle(ex.register(e.path, e.st)),
        }));
        return {
          status: S.NFS3_OK,
          dirAttributes: fattr(dir.st),
          cookieverf: page.verf,
          reply: { entries, eof: page.eof },
        };
      } catch (e) {
        return { status: statusOf(e), dirAttributes: postOp(dir.path) };
      }
    },

    FSSTAT: ({ fsroot }) => {
      try {
        const o = ex.resolve(fsroot);
        const { tbytes, fbytes, abytes, tfiles, ffiles, afiles } = ex.statfs();
        return {
          status: S.NFS3_OK,
          objAttributes: fattr(o.st),
          tbytes,
          fbytes,
          abytes,
          tfiles,
          ffiles,
          afiles,
          invarsec: 0,
        };
      } catch (e) {
        return { status: statusOf(e), objAttributes: null };
      }
    },

    FSINFO: ({ fsroot }) => {
      try {
        const o = ex.resolve(fsroot);
        return {
          status: S.NFS3_OK,
          objAttributes: fattr(o.st),
          rtmax: state.io.rtmax,
          rtpref: state.io.rtpref,
          rtmult: 4096,
          wtmax: state.io.wtmax,
          wtpref: state.io.wtpref,
          wtmult: 4096,
          dtpref: state.io.dtpref,
          maxfilesize: MAX_FILE_SIZE,
          timeDelta: { seconds: 0, nseconds: 1_000_000 }, // Deno reports milliseconds
          properties: Fsf3.FSF3_LINK | Fsf3.FSF3_SYMLINK | Fsf3.FSF3_HOMOGENEOUS |
            Fsf3.FSF3_CANSETTIME,
        };
      } catch (e) {
        return { status: statusOf(e), objAttributes: null };
      }
    },

    PATHCONF: ({ object }) => {
      try {
        const o = ex.resolve(object);
        return {
          status: S.NFS3_OK,
          objAttributes: fattr(o.st),
          linkmax: 65000,
          nameMax: ex.nameMax,
          noTrunc: true,
          chownRestricted: true,
          caseInsensitive: false,
          casePreserving: true,
        };
      } catch (e) {
        return { status: statusOf(e), objAttributes: null };
      }
    },

    COMMIT: ({ file }) => {
      let o: Obj;
      try {
        o = ex.resolve(file);
      } catch (e) {
        return { status: statusOf(e), fileWcc: NO_WCC };
      }
      const before = wccAttr(o.st);
      try {
        if (o.st.isDirectory) fail(S.NFS3ERR_ISDIR, "Cannot COMMIT a directory");
        if (!o.st.isFile) fail(S.NFS3ERR_INVAL, "Cannot COMMIT a non-regular file");
        const f = sys(() => Deno.openSync(o.path, { read: true }));
        try {
          sys(() => f.syncSync());
        } finally {
          f.close();
        }
        return { status: S.NFS3_OK, fileWcc: wcc(before, o.path), verf: state.writeVerf };
      } catch (e) {
        return { status: statusOf(e), fileWcc: wcc(before, o.path) };
      }
    },
  };
}

/**
 * The NFSv3 program of the test server.
 *
 * @param state The server state.
 * @returns The program version.
 */
export function nfs3Program(state: ServerState): ProgramVersion {
  return {
    prog: NFS_PROGRAM,
    vers: NFS_V3,
    label: "NFS3",
    procs: NFS3_SERVER_LIST,
    impl: nfs3Impl(state) as unknown as ProgramVersion["impl"],
    failRes: (name, status) => name === "NULL" ? undefined : failResult(status),
  };
}

/** Creates `mode` FIFO at `path` with mkfifo(1). */
function mkfifo(path: string, mode: number): void {
  let out: Deno.CommandOutput;
  try {
    out = new Deno.Command("mkfifo", {
      args: ["-m", mode.toString(8), "--", path],
      stdout: "null",
      stderr: "piped",
    }).outputSync();
  } catch {
    fail(S.NFS3ERR_NOTSUPP, "mkfifo is not available");
  }
  if (!out.success) {
    const msg = new TextDecoder().decode(out.stderr);
    fail(/exists/i.test(msg) ? S.NFS3ERR_EXIST : S.NFS3ERR_IO, `mkfifo: ${msg.trim()}`);
  }
}

/** MKDIR, SYMLINK and MKNOD: check the name, create with `make`, return CREATE3res. */
function makeNode(
  state: ServerState,
  dfh: Uint8Array,
  name: string,
  call: Call,
  make: (path: string) => void,
) {
  const ex = state.ex;
  let dir: Obj;
  try {
    dir = ex.resolveDir(dfh);
  } catch (e) {
    return { status: statusOf(e), dirWcc: NO_WCC };
  }
  const before = wccAttr(dir.st);
  try {
    openDir(ex, dfh, call.who);
    const path = ex.child(dir, name);
    if (tryLstat(path) !== null) fail(S.NFS3ERR_EXIST, "Exists");
    make(path);
    const st = lstat(path);
    const node = ex.register(path, st, true);
    return {
      status: S.NFS3_OK as 0,
      obj: ex.handle(node),
      objAttributes: fattr(st),
      dirWcc: wcc(before, dir.path),
    };
  } catch (e) {
    return { status: statusOf(e), dirWcc: wcc(before, dir.path) };
  }
}

/** REMOVE and RMDIR: check the name, remove with `remove`, update the handle table. */
function unlink(
  ex: Export,
  dfh: Uint8Array,
  name: string,
  call: Call,
  remove: (path: string, st: Deno.FileInfo) => void,
) {
  let dir: Obj;
  try {
    dir = ex.resolveDir(dfh);
  } catch (e) {
    return { status: statusOf(e), dirWcc: NO_WCC };
  }
  const before = wccAttr(dir.st);
  try {
    openDir(ex, dfh, call.who);
    const path = ex.child(dir, name, S.NFS3ERR_INVAL);
    const st = lstat(path);
    remove(path, st);
    ex.unlinked(path, st);
    return { status: S.NFS3_OK as 0, dirWcc: wcc(before, dir.path) };
  } catch (e) {
    return { status: statusOf(e), dirWcc: wcc(before, dir.path) };
  }
}
