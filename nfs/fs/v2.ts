/**
 * NFSv2 (RFC 1094) and MOUNT v1 behind the version-neutral {@linkcode Proto}: the
 * {@linkcode NFS_V2} entry of the version table. The same shape as `v3.ts`. v2 has 32-bit
 * sizes and offsets, 8 KiB transfers, no COMMIT (every WRITE is stable) and no READDIRPLUS.
 *
 * @module
 */
import { NfsError, NfsStatus, quoteName } from "../errors.ts";
import { Mount1Client } from "../mount1/client.ts";
import { Nfs2Client } from "../v2/client.ts";
import { type NfsFileInfo, toFileInfo } from "./info.ts";
import { READ2_REPLY_HINT } from "../v2/codec_procs.ts";
import { type Fattr, Ftype, NFS_MAXDATA, NFS_MAXNAMLEN, type Sattr } from "../v2/types.ts";
import {
  type Attrs,
  BaseProto,
  type CallOpts,
  type Ctx,
  type DirPage,
  type FileType,
  type FsLimits,
  type FsStat,
  mountCalls,
  nameEntry,
  type Proto,
  type ProtoVersion,
  type SetAttrs,
  type WriteResult,
} from "./proto.ts";

const FTYPE2: Record<number, FileType> = {
  [Ftype.NFREG]: "file",
  [Ftype.NFDIR]: "directory",
  [Ftype.NFBLK]: "block",
  [Ftype.NFCHR]: "char",
  [Ftype.NFLNK]: "symlink",
  [Ftype.NFSOCK]: "socket",
  [Ftype.NFFIFO]: "fifo",
};

/** Converts RFC 1094 attributes. */
export function fromFattr(a: Fattr): Attrs {
  const t = (v: { seconds: number; useconds: number }) => ({
    seconds: v.seconds,
    nseconds: v.useconds * 1000,
  });
  return {
    type: FTYPE2[a.type] ?? "file",
    mode: a.mode & 0o7777,
    nlink: a.nlink,
    uid: a.uid,
    gid: a.gid,
    size: BigInt(a.size),
    used: BigInt(a.blocks) * BigInt(a.blocksize || 512),
    rdev: [(a.rdev >>> 8) & 0xff, a.rdev & 0xff],
    fsid: BigInt(a.fsid),
    fileid: BigInt(a.fileid),
    atime: t(a.atime),
    mtime: t(a.mtime),
    ctime: t(a.ctime),
  };
}

const U32 = 0xffffffff;

function toSattr(s: SetAttrs, c: Ctx): Sattr {
  const out: Sattr = {};
  if (s.mode !== undefined) out.mode = s.mode;
  if (s.uid !== undefined) out.uid = s.uid;
  if (s.gid !== undefined) out.gid = s.gid;
  if (s.size !== undefined) {
    if (s.size > BigInt(U32 - 1)) {
      throw new NfsError(
        `Cannot set the size of ${quoteName(c.path ?? "")} to ${s.size}: NFSv2 sizes are 32-bit`,
        {
          code: "EFBIG",
          status: NfsStatus.FBIG,
          path: c.path,
          proc: "NFS2 SETATTR",
        },
      );
    }
    out.size = Number(s.size);
  }
  const now = () => {
    const ms = Date.now();
    return { seconds: Math.floor(ms / 1000), useconds: (ms % 1000) * 1000 };
  };
  const tv = (t: SetAttrs["atime"]) =>
    t === "server" ? now() : { seconds: t!.seconds, useconds: Math.floor(t!.nseconds / 1000) };
  if (s.atime !== undefined) out.atime = tv(s.atime);
  if (s.mtime !== undefined) out.mtime = tv(s.mtime);
  return out;
}

function cookieBytes(c: bigint): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, Number(c & 0xffffffffn));
  return b;
}

function cookieNumber(b: Uint8Array): bigint {
  return BigInt(new DataView(b.buffer, b.byteOffset, 4).getUint32(0));
}

function check32(offset: number, count: number, c: Ctx, proc: string): void {
  if (offset + count > U32) {
    throw new NfsError(
      `Cannot access ${
        quoteName(c.path ?? "")
      } at offset ${offset}: NFSv2 offsets are 32-bit (use NFSv3)`,
      { code: "EFBIG", status: NfsStatus.FBIG, path: c.path, proc },
    );
  }
}

/** NFSv2 behind {@linkcode Proto}. */
export class V2Proto extends BaseProto<Nfs2Client> implements Proto {
  readonly version = 2 as const;
  readonly maxNameBytes = NFS_MAXNAMLEN;

  /** GETATTR: the attributes of `fh`. */
  getattr(fh: Uint8Array, c: Ctx): Promise<Attrs> {
    return this.call(
      "GETATTR",
      c,
      (o) => this.nfs.getattr(fh, o),
      (r) => fromFattr(r.attributes),
    );
  }

  /** SETATTR: changes the attributes of `fh`. */
  setattr(fh: Uint8Array, s: SetAttrs, c: Ctx): Promise<void> {
    return this.call("SETATTR", c, (o) => this.nfs.setattr(fh, toSattr(s, c), o), () => {});
  }

  /** LOOKUP: the handle of `name` in `dir`, with its attributes when the server sends them. */
  lookup(dir: Uint8Array, name: string, c: Ctx): Promise<{ fh: Uint8Array; attrs: Attrs | null }> {
    return this.call("LOOKUP", c, (o) => this.nfs.lookup(dir, name, o), (r) => ({
      fh: r.file,
      attrs: fromFattr(r.attributes) as Attrs | null,
    }));
  }

  /** LOOKUP as file information (NFSv2 always sends the attributes). */
  async lookupInfo(
    dir: Uint8Array,
    name: string,
    c: Ctx,
  ): Promise<{ info: NfsFileInfo | null; fh: Uint8Array | null }> {
    const r = await this.lookup(dir, name, c);
    return r.attrs === null ? { info: null, fh: r.fh } : { info: toFileInfo(r.attrs), fh: null };
  }

  /** READLINK: the target of the symlink `fh`. */
  readlink(fh: Uint8Array, c: Ctx): Promise<string> {
    return this.call("READLINK", c, (o) => this.nfs.readlink(fh, o), (r) => r.data);
  }

  /** READ: up to `count` bytes of `fh` at `offset`, straight into `dest`. */
  async read(
    fh: Uint8Array,
    offset: number,
    count: number,
    dest: Uint8Array,
    c: Ctx,
  ): Promise<{ count: number; eof: boolean; attrs: Attrs | null }> {
    check32(offset, 0, c, "NFS2 READ");
    const n = Math.min(count, NFS_MAXDATA, U32 - offset);
    return await this.call("READ", c, (o) => this.nfs.read(fh, offset, n, dest, o), (r) => {
      const attrs = fromFattr(r.attributes);
      // v2 has no eof flag: the end is where the file ends.
      const eof = r.data.length === 0 || BigInt(offset + r.data.length) >= attrs.size;
      return { count: r.data.length, eof, attrs: attrs as Attrs | null };
    });
  }

  /** WRITE (always stable in NFSv2; `stable` is ignored): up to 8 KiB of `data` at `offset`. */
  async write(
    fh: Uint8Array,
    offset: number,
    data: Uint8Array,
    _stable: boolean,
    c: Ctx,
  ): Promise<WriteResult> {
    check32(offset, data.length, c, "NFS2 WRITE");
    const piece = data.length > NFS_MAXDATA ? data.subarray(0, NFS_MAXDATA) : data;
    return await this.call("WRITE", c, (o) => this.nfs.write(fh, offset, piece, o), () => ({
      count: piece.length,
      committed: 2, // NFSv2 writes are stable (FILE_SYNC) by definition
      verf: null,
    }));
  }

  /** COMMIT: NFSv2 writes are stable, so there is nothing to commit; resolves with null. */
  commit(): Promise<Uint8Array | null> {
    return Promise.resolve(null);
  }

  /** CREATE: a file `name` in `dir`; `exclusive` is emulated with a LOOKUP first (racy). */
  create(
    dir: Uint8Array,
    name: string,
    mode: number,
    exclusive: boolean,
    c: Ctx,
  ): Promise<{ fh: Uint8Array; attrs: Attrs | null }> {
    const run = async (o: CallOpts) => {
      if (exclusive) {
        // v2 CREATE has no exclusive mode: look first (racy, documented).
        const probe = await this.nfs.lookup(dir, name, o);
        if (probe.status === 0) return { status: NfsStatus.EXIST };
      }
      return await this.nfs.create(dir, name, { mode }, o);
    };
    return this.call("CREATE", c, run, (r) => {
      const ok = r as unknown as { file: Uint8Array; attributes: Fattr };
      return { fh: ok.file, attrs: fromFattr(ok.attributes) as Attrs | null };
    });
  }

  /** MKDIR: a directory `name` in `dir`. */
  mkdir(
    dir: Uint8Array,
    name: string,
    mode: number,
    c: Ctx,
  ): Promise<{ fh: Uint8Array; attrs: Attrs | null }> {
    return this.call("MKDIR", c, (o) => this.nfs.mkdir(dir, name, { mode }, o), (r) => ({
      fh: r.file,
      attrs: fromFattr(r.attributes) as Attrs | null,
    }));
  }

  /** READDIR (NFSv2 has no READDIRPLUS nor cookie verifier): one page of `dir` after `cookie`. */
  readdir(
    dir: Uint8Array,
    cookie: bigint,
    _verf: Uint8Array,
    _plus: boolean,
    sizes: { dircount: number; maxcount: number },
    c: Ctx,
  ): Promise<DirPage> {
    const where = c.path ?? "";
    const count = Math.min(sizes.maxcount, NFS_MAXDATA);
    return this.call(
      "READDIR",
      c,
      (o) => this.nfs.readdir(dir, cookieBytes(cookie), count, o),
      (r) => {
        const last = r.entries[r.entries.length - 1];
        return {
          eof: r.eof,
          verf: new Uint8Array(8),
          cookie: last === undefined ? null : cookieNumber(last.cookie),
          entries: r.entries.map((e) => nameEntry(e.name, where, "NFS2 READDIR")),
        };
      },
    );
  }

  /** STATFS: the file system's usage (NFSv2 has no file counts: they are 0). */
  fsstat(fh: Uint8Array, c: Ctx): Promise<FsStat> {
    return this.call("STATFS", c, (o) => this.nfs.statfs(fh, o), (r) => ({
      totalBytes: BigInt(r.blocks) * BigInt(r.bsize),
      freeBytes: BigInt(r.bfree) * BigInt(r.bsize),
      availBytes: BigInt(r.bavail) * BigInt(r.bsize),
      totalFiles: 0n,
      freeFiles: 0n,
      availFiles: 0n,
    }));
  }

  /** NFSv2's fixed limits (8 KiB transfers), with STATFS's preferred transfer size. */
  async fsinfo(fh: Uint8Array, c: Ctx): Promise<FsLimits> {
    const st = await this.call("STATFS", c, (o) => this.nfs.statfs(fh, o), (r) => r);
    const t = Math.min(st.tsize || NFS_MAXDATA, NFS_MAXDATA);
    return {
      rtmax: NFS_MAXDATA,
      rtpref: t,
      wtmax: NFS_MAXDATA,
      wtpref: t,
      dtpref: NFS_MAXDATA,
      maxfilesize: BigInt(U32),
      timeDeltaNs: 1000, // NFSv2 times are in microseconds
    };
  }
}

/** NFSv2 with MOUNT v1: the table entry `connect()` uses for `version=2`. */
export const NFS_V2: ProtoVersion = {
  version: 2,
  mountVersion: 1,
  readHint: READ2_REPLY_HINT,
  mount: (rpc) => mountCalls(new Mount1Client(rpc), (r) => r.directory),
  proto: (rpc) => new V2Proto(new Nfs2Client(rpc)),
};
