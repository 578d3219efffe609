/**
 * NFSv3 (RFC 1813) and MOUNT v3 behind the version-neutral {@linkcode Proto}: the
 * {@linkcode NFS_V3} entry of the version table. The same shape as `v2.ts`.
 *
 * @module
 */
import { Mount3Client } from "../mount3/client.ts";
import { Nfs3Client } from "../v3/client.ts";
import { READ3_REPLY_HINT } from "../v3/codec_procs.ts";
import {
  Createmode3,
  type Fattr3,
  Ftype3,
  NFS3_MAXNAMLEN,
  type Sattr3,
  StableHow,
} from "../v3/types.ts";
import {
  type Attrs,
  BaseProto,
  checkServerName,
  type Ctx,
  type DirPage,
  type FileType,
  type FsLimits,
  type FsStat,
  invalidEntry,
  mountCalls,
  type Proto,
  type ProtoVersion,
  type SetAttrs,
  type WriteResult,
} from "./proto.ts";

const FTYPE3: Record<number, FileType> = {
  [Ftype3.NF3REG]: "file",
  [Ftype3.NF3DIR]: "directory",
  [Ftype3.NF3BLK]: "block",
  [Ftype3.NF3CHR]: "char",
  [Ftype3.NF3LNK]: "symlink",
  [Ftype3.NF3SOCK]: "socket",
  [Ftype3.NF3FIFO]: "fifo",
};

/** Converts RFC 1813 attributes. */
export function fromFattr3(a: Fattr3): Attrs {
  return {
    type: FTYPE3[a.type] ?? "file",
    mode: a.mode & 0o7777,
    nlink: a.nlink,
    uid: a.uid,
    gid: a.gid,
    size: a.size,
    used: a.used,
    rdev: [a.rdev.specdata1, a.rdev.specdata2],
    fsid: a.fsid,
    fileid: a.fileid,
    atime: a.atime,
    mtime: a.mtime,
    ctime: a.ctime,
  };
}

function attrsOrNull(a: Fattr3 | null): Attrs | null {
  return a ? fromFattr3(a) : null;
}

function toSattr3(s: SetAttrs): Sattr3 {
  const out: Sattr3 = {};
  if (s.mode !== undefined) out.mode = s.mode;
  if (s.uid !== undefined) out.uid = s.uid;
  if (s.gid !== undefined) out.gid = s.gid;
  if (s.size !== undefined) out.size = s.size;
  if (s.atime !== undefined) out.atime = s.atime;
  if (s.mtime !== undefined) out.mtime = s.mtime;
  return out;
}

/** NFSv3 behind {@linkcode Proto}. */
export class V3Proto extends BaseProto<Nfs3Client> implements Proto {
  readonly version = 3 as const;
  readonly maxNameBytes = NFS3_MAXNAMLEN;

  /** GETATTR: the attributes of `fh`. */
  getattr(fh: Uint8Array, c: Ctx): Promise<Attrs> {
    return this.call(
      "GETATTR",
      c,
      (o) => this.nfs.getattr(fh, o),
      (r) => fromFattr3(r.objAttributes),
    );
  }

  /** SETATTR: changes the attributes of `fh`. */
  setattr(fh: Uint8Array, s: SetAttrs, c: Ctx): Promise<void> {
    return this.call("SETATTR", c, (o) => this.nfs.setattr(fh, toSattr3(s), null, o), () => {});
  }

  /** LOOKUP: the handle of `name` in `dir`, with its attributes when the server sends them. */
  lookup(dir: Uint8Array, name: string, c: Ctx): Promise<{ fh: Uint8Array; attrs: Attrs | null }> {
    return this.call("LOOKUP", c, (o) => this.nfs.lookup(dir, name, o), (r) => ({
      fh: r.object,
      attrs: attrsOrNull(r.objAttributes),
    }));
  }

  /** READLINK: the target of the symlink `fh`. */
  readlink(fh: Uint8Array, c: Ctx): Promise<string> {
    return this.call("READLINK", c, (o) => this.nfs.readlink(fh, o), (r) => r.data);
  }

  /** READ: up to `count` bytes of `fh` at `offset`, straight into `dest`. */
  read(
    fh: Uint8Array,
    offset: number,
    count: number,
    dest: Uint8Array,
    c: Ctx,
  ): Promise<{ count: number; eof: boolean; attrs: Attrs | null }> {
    return this.call("READ", c, (o) => this.nfs.read(fh, offset, count, dest, o), (r) => ({
      count: r.count,
      eof: r.eof,
      attrs: attrsOrNull(r.fileAttributes),
    }));
  }

  /** WRITE: `data` to `fh` at `offset`; FILE_SYNC if `stable`, else UNSTABLE. */
  write(
    fh: Uint8Array,
    offset: number,
    data: Uint8Array,
    stable: boolean,
    c: Ctx,
  ): Promise<WriteResult> {
    const how = stable ? StableHow.FILE_SYNC : StableHow.UNSTABLE;
    return this.call("WRITE", c, (o) => this.nfs.write(fh, offset, data, how, o), (r) => ({
      count: r.count,
      committed: r.committed,
      verf: r.verf,
    }));
  }

  /** COMMIT of the whole file: resolves with the server's write verifier. */
  commit(fh: Uint8Array, c: Ctx): Promise<Uint8Array | null> {
    return this.call("COMMIT", c, (o) => this.nfs.commit(fh, 0, 0, o), (r) => r.verf);
  }

  /** The new object of CREATE or MKDIR; RFC 1813 lets the server omit its handle: look it up. */
  #created(
    dir: Uint8Array,
    name: string,
    c: Ctx,
    r: { obj: Uint8Array | null; objAttributes: Fattr3 | null },
  ): Promise<{ fh: Uint8Array; attrs: Attrs | null }> {
    if (r.obj === null) return this.lookup(dir, name, c);
    return Promise.resolve({ fh: r.obj, attrs: attrsOrNull(r.objAttributes) });
  }

  /** CREATE: a regular file `name` in `dir` (GUARDED if `exclusive`, else UNCHECKED). */
  async create(
    dir: Uint8Array,
    name: string,
    mode: number,
    exclusive: boolean,
    c: Ctx,
  ): Promise<{ fh: Uint8Array; attrs: Attrs | null }> {
    const how = {
      mode: exclusive ? Createmode3.GUARDED : Createmode3.UNCHECKED,
      objAttributes: { mode },
    } as const;
    const r = await this.call("CREATE", c, (o) => this.nfs.create(dir, name, how, o), (r) => r);
    return this.#created(dir, name, c, r);
  }

  /** MKDIR: a directory `name` in `dir`. */
  async mkdir(
    dir: Uint8Array,
    name: string,
    mode: number,
    c: Ctx,
  ): Promise<{ fh: Uint8Array; attrs: Attrs | null }> {
    const r = await this.call("MKDIR", c, (o) => this.nfs.mkdir(dir, name, { mode }, o), (r) => r);
    return this.#created(dir, name, c, r);
  }

  /** READDIRPLUS (`plus`) or READDIR: one page of `dir`'s entries after `cookie`. */
  readdir(
    dir: Uint8Array,
    cookie: bigint,
    verf: Uint8Array,
    plus: boolean,
    sizes: { dircount: number; maxcount: number },
    c: Ctx,
  ): Promise<DirPage> {
    const where = c.path ?? "";
    if (plus) {
      const { dircount, maxcount } = sizes;
      return this.call(
        "READDIRPLUS",
        c,
        (o) => this.nfs.readdirplus(dir, cookie, verf, dircount, maxcount, o),
        (r) => ({
          eof: r.reply.eof,
          verf: r.cookieverf,
          entries: r.reply.entries.map((e) => {
            const checked = checkServerName(e.name, where, "NFS3 READDIRPLUS");
            const entry = {
              ...checked,
              fileid: e.fileid,
              cookie: e.cookie,
              attrs: attrsOrNull(e.nameAttributes),
              fh: e.nameHandle,
            };
            if (checked.invalid !== undefined || e.unknownType === undefined) return entry;
            const why = `unknown file type ${e.unknownType}`;
            return { ...entry, invalid: invalidEntry(e.name, why, where, "NFS3 READDIRPLUS") };
          }),
        }),
      );
    }
    return this.call(
      "READDIR",
      c,
      (o) => this.nfs.readdir(dir, cookie, verf, sizes.maxcount, o),
      (r) => ({
        eof: r.reply.eof,
        verf: r.cookieverf,
        entries: r.reply.entries.map((e) => ({
          ...checkServerName(e.name, where, "NFS3 READDIR"),
          fileid: e.fileid,
          cookie: e.cookie,
          attrs: null,
          fh: null,
        })),
      }),
    );
  }

  /** FSSTAT: the file system's usage. */
  fsstat(fh: Uint8Array, c: Ctx): Promise<FsStat> {
    return this.call("FSSTAT", c, (o) => this.nfs.fsstat(fh, o), (r) => ({
      totalBytes: r.tbytes,
      freeBytes: r.fbytes,
      availBytes: r.abytes,
      totalFiles: r.tfiles,
      freeFiles: r.ffiles,
      availFiles: r.afiles,
    }));
  }

  /** FSINFO: the transfer sizes and file size limit the server allows. */
  fsinfo(fh: Uint8Array, c: Ctx): Promise<FsLimits> {
    return this.call("FSINFO", c, (o) => this.nfs.fsinfo(fh, o), (r) => ({
      rtmax: r.rtmax,
      rtpref: r.rtpref,
      wtmax: r.wtmax,
      wtpref: r.wtpref,
      dtpref: r.dtpref,
      maxfilesize: r.maxfilesize,
      timeDeltaNs: r.timeDelta.seconds * 1e9 + r.timeDelta.nseconds,
    }));
  }
}

/** NFSv3 with MOUNT v3: the table entry `connect()` uses for `version=3`. */
export const NFS_V3: ProtoVersion = {
  version: 3,
  mountVersion: 3,
  readHint: READ3_REPLY_HINT,
  mount: (rpc) => mountCalls(new Mount3Client(rpc), (r) => r.fhandle),
  proto: (rpc) => new V3Proto(new Nfs3Client(rpc)),
};
