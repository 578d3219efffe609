/**
 * The test server's NFS version 2 procedures (RFC 1094 §2.2): each runs the NFSv3
 * implementation and converts arguments, attributes and statuses; READDIR has its own
 * 32-bit cookies.
 *
 * @module
 */
import type { Nfs2Procedures } from "../nfs/v2/procedures.ts";
import {
  type Fattr,
  Ftype,
  NFS_MAXDATA,
  NFS_PROGRAM,
  NFS_V2,
  Nfsstat,
  type NfsstatFail,
  type Sattr,
  type Timeval,
} from "../nfs/v2/types.ts";
import {
  type Fattr3,
  Ftype3,
  Nfsstat3,
  type Sattr3,
  type SetTime,
  StableHow,
} from "../nfs/v3/types.ts";
import { errnoStatus, fail, type Obj, R, requirePerm } from "./_export.ts";
import { nfs3Impl } from "./_nfs3.ts";
import { NFS2_SERVER_LIST } from "./_nfs2_codec.ts";
import type { Impl, ProgramVersion, ServerState } from "./_program.ts";

/** Statuses NFSv2 servers send as is (RFC 1094 plus the errno values Linux uses). */
const V2_STATUSES = new Set<number>([...Object.values(Nfsstat), 18, 22, 31]);

/** nfsstat3 → NFSv2 `stat`. */
function v2Status(s: number): NfsstatFail {
  if (V2_STATUSES.has(s) && s !== 0) return s as NfsstatFail;
  if (s === Nfsstat3.NFS3ERR_BADHANDLE || s === Nfsstat3.NFS3ERR_BAD_COOKIE) {
    return Nfsstat.NFSERR_STALE;
  }
  return Nfsstat.NFSERR_IO;
}

const TYPE: Readonly<Record<number, [Ftype, number]>> = {
  [Ftype3.NF3REG]: [Ftype.NFREG, 0o100000],
  [Ftype3.NF3DIR]: [Ftype.NFDIR, 0o040000],
  [Ftype3.NF3BLK]: [Ftype.NFBLK, 0o060000],
  [Ftype3.NF3CHR]: [Ftype.NFCHR, 0o020000],
  [Ftype3.NF3LNK]: [Ftype.NFLNK, 0o120000],
  [Ftype3.NF3SOCK]: [Ftype.NFSOCK, 0o140000],
  [Ftype3.NF3FIFO]: [Ftype.NFFIFO, 0o010000],
};

const U32 = 0xffffffff;

function u32(v: bigint): number {
  return v > BigInt(U32) ? U32 : Number(v);
}

/** fattr3 → NFSv2 `fattr` (32-bit sizes and ids, mode with the type bits, microseconds). */
function fattr2(a: Fattr3): Fattr {
  const [type, ifmt] = TYPE[a.type] ?? [Ftype.NFBAD, 0];
  const tv = (t: { seconds: number; nseconds: number }): Timeval => ({
    seconds: t.seconds,
    useconds: Math.floor(t.nseconds / 1000),
  });
  return {
    type,
    mode: ifmt | a.mode,
    nlink: a.nlink,
    uid: a.uid,
    gid: a.gid,
    size: u32(a.size),
    blocksize: 4096,
    rdev: ((a.rdev.specdata1 << 8) | (a.rdev.specdata2 & 0xff)) >>> 0,
    blocks: u32((a.used + 4095n) / 4096n),
    fsid: Number(a.fsid & BigInt(U32)),
    fileid: Number(a.fileid & BigInt(U32)),
    atime: tv(a.atime),
    mtime: tv(a.mtime),
    ctime: tv(a.ctime),
  };
}

/** NFSv2 `sattr` → sattr3; useconds 1000000 means "the server's time" (Sun convention). */
function sattr3(s: Sattr): Sattr3 {
  const time = (t: Timeval | undefined): SetTime | undefined =>
    t === undefined
      ? undefined
      : t.useconds === 1_000_000
      ? "server"
      : { seconds: t.seconds, nseconds: t.useconds * 1000 };
  const out: Sattr3 = {};
  if (s.mode !== undefined) out.mode = s.mode & 0o7777;
  if (s.uid !== undefined) out.uid = s.uid;
  if (s.gid !== undefined) out.gid = s.gid;
  if (s.size !== undefined) out.size = s.size;
  const at = time(s.atime);
  if (at !== undefined) out.atime = at;
  const mt = time(s.mtime);
  if (mt !== undefined) out.mtime = mt;
  return out;
}

/** A v3 result with attributes → an NFSv2 `attrstat`/`diropres`. */
function attrs(a: Fattr3 | null | undefined): Fattr {
  if (a == null) fail(Nfsstat3.NFS3ERR_IO, "No attributes");
  return fattr2(a);
}

/** Cookie layout: listing sequence (low 12 bits) << 20 | index (up to 2^20 entries). */
const SEQ_BITS = 12;
const INDEX_BITS = 20;
const INDEX_MASK = (1 << INDEX_BITS) - 1;
const utf8 = new TextEncoder();

/**
 * The NFSv2 program of the test server.
 *
 * @param state The server state.
 * @returns The program version.
 */
export function nfs2Program(state: ServerState): ProgramVersion {
  const v3 = nfs3Impl(state);
  const ex = state.ex;
  const impl: Impl<Nfs2Procedures> = {
    NULL: () => {},
    ROOT: () => {},
    WRITECACHE: () => {},

    GETATTR: async (file, call) => {
      const r = await v3.GETATTR({ object: file }, call);
      return r.status === 0
        ? { status: 0, attributes: fattr2(r.objAttributes) }
        : { status: v2Status(r.status) };
    },

    SETATTR: async ({ file, attributes }, call) => {
      const r = await v3.SETATTR(
        { object: file, newAttributes: sattr3(attributes), guard: null },
        call,
      );
      if (r.status !== 0) return { status: v2Status(r.status) };
      return { status: 0, attributes: attrs(r.objWcc.after) };
    },

    LOOKUP: async ({ dir, name }, call) => {
      const r = await v3.LOOKUP({ dir, name }, call);
      if (r.status !== 0) return { status: v2Status(r.status) };
      return { status: 0, file: r.object, attributes: attrs(r.objAttributes) };
    },

    READLINK: async (file, call) => {
      const r = await v3.READLINK({ symlink: file }, call);
      return r.status === 0 ? { status: 0, data: r.data } : { status: v2Status(r.status) };
    },

    READ: async ({ file, offset, count }, call) => {
      const r = await v3.READ({ file, offset, count: Math.min(count, NFS_MAXDATA) }, call);
      if (r.status !== 0) return { status: v2Status(r.status) };
      return { status: 0, attributes: attrs(r.fileAttributes), data: r.data };
    },

    WRITE: async ({ file, offset, data }, call) => {
      const r = await v3.WRITE({ file, offset, stable: StableHow.FILE_SYNC, data }, call);
      if (r.status !== 0) return { status: v2Status(r.status) };
      return { status: 0, attributes: attrs(r.fileWcc.after) };
    },

    CREATE: async ({ where, attributes }, call) => {
      const how = { mode: 0 as const, objAttributes: sattr3(attributes) };
      const r = await v3.CREATE({ where, how }, call);
      if (r.status !== 0) return { status: v2Status(r.status) };
      return { status: 0, file: r.obj!, attributes: attrs(r.objAttributes) };
    },

    MKDIR: async ({ where, attributes }, call) => {
      const r = await v3.MKDIR({ where, attributes: sattr3(attributes) }, call);
      if (r.status !== 0) return { status: v2Status(r.status) };
      return { status: 0, file: r.obj!, attributes: attrs(r.objAttributes) };
    },

    SYMLINK: async ({ from, to, attributes }, call) => {
      const symlink = { symlinkAttributes: sattr3(attributes), symlinkData: to };
      const r = await v3.SYMLINK({ where: from, symlink }, call);
      return { status: r.status === 0 ? 0 : v2Status(r.status) };
    },

    REMOVE: async (what, call) => {
      const r = await v3.REMOVE(what, call);
      return { status: r.status === 0 ? 0 : v2Status(r.status) };
    },

    RMDIR: async (what, call) => {
      const r = await v3.RMDIR(what, call);
      return { status: r.status === 0 ? 0 : v2Status(r.status) };
    },

    RENAME: async ({ from, to }, call) => {
      const r = await v3.RENAME({ from, to }, call);
      return { status: r.status === 0 ? 0 : v2Status(r.status) };
    },

    LINK: async ({ from, to }, call) => {
      const r = await v3.LINK({ file: from, link: to }, call);
      return { status: r.status === 0 ? 0 : v2Status(r.status) };
    },

    READDIR: ({ dir: fh, cookie, count }, call) => {
      try {
        const dir: Obj = ex.resolveDir(fh);
        requirePerm(dir.st, call.who, R, `list ${dir.path}`);
        const c = new DataView(cookie.buffer, cookie.byteOffset, 4).getUint32(0);
        let names: string[] | null = null;
        let seq: number;
        let start: number;
        if (c === 0) {
          const l = ex.newListing(dir);
          names = l.names;
          seq = l.seq & ((1 << SEQ_BITS) - 1);
          start = 0;
        } else {
          seq = c >>> INDEX_BITS;
          start = c & INDEX_MASK;
          names = ex.listingBySeq(dir, seq, (1 << SEQ_BITS) - 1);
          if (names === null) {
            // Forgotten listing (NFSv2 has no verifier to say so): resume in a fresh one.
            const l = ex.newListing(dir);
            names = l.names;
            seq = l.seq & ((1 << SEQ_BITS) - 1);
          }
        }
        // readdirok: entries (value_follows, fileid, name, cookie), end marker and eof.
        let size = 8;
        const entries = [];
        let i = start;
        for (; i < names.length && i < INDEX_MASK; i++) {
          const name = names[i]!;
          const esz = 4 + 4 + 4 + ((utf8.encode(name).length + 3) & ~3) + 4;
          if (size + esz > count) break;
          const path = name === "."
            ? dir.path
            : name === ".."
            ? ex.parentPath(dir.path)
            : `${dir.path}/${name}`;
          let ino: number;
          try {
            ino = Deno.lstatSync(path).ino ?? 0;
          } catch {
            continue;
          }
          const ck = new Uint8Array(4);
          new DataView(ck.buffer).setUint32(0, ((seq << INDEX_BITS) | (i + 1)) >>> 0);
          entries.push({ fileid: ino % 0x100000000, name, cookie: ck });
          size += esz;
        }
        const eof = i >= names.length;
        if (entries.length === 0 && !eof) fail(Nfsstat3.NFS3ERR_IO, "No entry fits in the count");
        return { status: 0, entries, eof };
      } catch (e) {
        return { status: v2Status(errnoStatus(e)) };
      }
    },

    STATFS: async (file, call) => {
      const r = await v3.FSSTAT({ fsroot: file }, call);
      if (r.status !== 0) return { status: v2Status(r.status) };
      const bsize = 4096n;
      return {
        status: 0,
        tsize: NFS_MAXDATA,
        bsize: Number(bsize),
        blocks: u32(r.tbytes / bsize),
        bfree: u32(r.fbytes / bsize),
        bavail: u32(r.abytes / bsize),
      };
    },
  };
  return {
    prog: NFS_PROGRAM,
    vers: NFS_V2,
    label: "NFS2",
    procs: NFS2_SERVER_LIST,
    impl: impl as unknown as ProgramVersion["impl"],
    failRes: (name, status) =>
      name === "NULL" || name === "ROOT" || name === "WRITECACHE" ? undefined : { status },
  };
}
