/**
 * NFSv3 (RFC 1813) and MOUNT v3 behind the version-neutral {@linkcode Proto}: the
 * {@linkcode NFS_V3} entry of the version table. The same shape as `v2.ts`.
 *
 * @module
 */
import { copyBytes } from "../../mbuf/mod.ts";
import type { RpcCaller } from "../../rpc/types.ts";
import { XdrError, type XdrReader } from "../../xdr/mod.ts";
import { receivedNameProblem } from "../_names.ts";
import { callProcedure, NFS_PROGRAM, ownBytes, procedure } from "../_program.ts";
import { Mount3Client } from "../mount3/client.ts";
import { Nfs3Client } from "../v3/client.ts";
import { encodeLookup3Args, encodeReaddirplus3Args, READ3_REPLY_HINT } from "../v3/codec_procs.ts";
import {
  decodeFilename3,
  decodeFtype3,
  decodePostOpAttr,
  decodeVerf3,
  FATTR3_BYTES,
} from "../v3/codec_types.ts";
import { NFS3_PROCEDURES } from "../v3/procedures.ts";
import {
  Createmode3,
  type Fattr3,
  Ftype3,
  type Lookup3Args,
  NFS3_FHSIZE,
  NFS3_MAXNAMLEN,
  NFS_V3 as NFS_VERSION_3,
  type PostOpAttr,
  type Readdirplus3Args,
  type Sattr3,
  StableHow,
} from "../v3/types.ts";
import type { NfsError } from "../errors.ts";
import { ATTR_WORDS, FileInfo } from "./info.ts";
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
  nameEntry,
  type Proto,
  type ProtoVersion,
  type RawEntry,
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

/**
 * Smallest encoded `entryplus3` that carries attributes: value_follows, fileid, an empty
 * name, cookie, attributes_follow, the 84 bytes of `fattr3`, handle_follows.
 */
const MIN_ENTRYPLUS_WITH_ATTRS = 4 + 8 + 4 + 8 + 4 + FATTR3_BYTES + 4;

/** What {@linkcode decodePlusPage} returns: the page, or the failure status. */
export type PlusRes = { status: 0; page: DirPage } | { status: number; dirAttributes: PostOpAttr };

/**
 * RFC 1813 §3.3.17 READDIRPLUS3res, decoded for the file API in one pass, as
 * `decodeReaddirplus3Res` does (the same checks, labels and errors) but without its
 * intermediate objects: each entry's `fattr3` words go into one `Uint32Array` for the page
 * and become a lazy {@linkcode FileInfo}; the 64-bit fields stay two words until read; the
 * file handles are checked, and kept (copied out of the clusters) only with `handles`; only
 * the last cookie becomes a bigint.
 *
 * @param r The reader, at the results (after `accept_stat`).
 * @param maxcount The call's `maxcount`: the entries may not take more.
 * @param where The directory listed, for the messages of invalid entries.
 * @param handles Keep each valid entry's handle (`RawEntry.fh`), for
 *   `NfsClient.openListed`.
 * @returns The page, or the failure status with the directory's attributes.
 * @throws {XdrError} If the entries take more than `maxcount` bytes, or the reply is
 *   malformed or truncated.
 */
export function decodePlusPage(
  r: XdrReader,
  maxcount: number,
  where: string,
  handles = false,
): PlusRes {
  const status = r.enum("nfsstat3");
  if (status !== 0) {
    return { status, dirAttributes: decodePostOpAttr(r, "dir_attributes") };
  }
  decodePostOpAttr(r, "READDIRPLUS3resok.dir_attributes");
  const verf = decodeVerf3(r, "READDIRPLUS3resok.cookieverf");
  const start = r.position;
  // Room for as many records as the bytes left could hold: one allocation per page.
  const words = new Uint32Array(
    Math.ceil(r.remaining / MIN_ENTRYPLUS_WITH_ATTRS) * ATTR_WORDS,
  );
  const entries: RawEntry[] = [];
  let handleBytes = 0;
  let k = 0;
  let hi = -1;
  let lo = 0;
  while (r.bool("entryplus3.value_follows")) {
    r.uint("entryplus3.fileid");
    r.uint("entryplus3.fileid");
    const name = decodeFilename3(r, "entryplus3.name");
    hi = r.uint("entryplus3.cookie");
    lo = r.uint("entryplus3.cookie");
    let info: FileInfo | null = null;
    let unknownType = 0;
    if (r.bool("entryplus3.name_attributes.attributes_follow")) {
      const type = r.uint("entryplus3.name_attributes.type");
      if (type >= 1 && type <= 7) {
        words[k] = type;
        for (let j = 1; j < ATTR_WORDS; j++) words[k + j] = r.uint("entryplus3.name_attributes");
        info = new FileInfo(words, k);
        k += ATTR_WORDS;
      } else {
        // fattr3 has a fixed size: an unknown type spoils this entry only.
        r.skip(FATTR3_BYTES - 4, "entryplus3.name_attributes");
        unknownType = type;
      }
    }
    let fh: Uint8Array | undefined;
    if (r.bool("post_op_fh3.handle_follows")) {
      const at = r.position;
      const view = r.opaqueView(NFS3_FHSIZE, "post_op_fh3.handle");
      if (view.length === 0) {
        throw new XdrError("post_op_fh3.handle", at, "a file handle of 0 bytes");
      }
      if (handles && info !== null) fh = view;
    }
    let invalid: NfsError | undefined;
    if (receivedNameProblem(name) !== null) {
      invalid = checkServerName(name, where, "NFS3 READDIRPLUS");
    } else if (unknownType !== 0) {
      const why = `unknown file type ${unknownType}`;
      invalid = invalidEntry(name, why, where, "NFS3 READDIRPLUS");
    }
    if (invalid !== undefined) {
      entries.push({ name, info, invalid });
    } else if (fh === undefined) {
      entries.push({ name, info });
    } else {
      entries.push({ name, info, fh });
      handleBytes += fh.length;
    }
    if (r.position - start > maxcount) {
      throw new XdrError(
        "entryplus3",
        start,
        `${entries.length} entries take more than the ${maxcount} bytes requested`,
      );
    }
  }
  const eof = r.bool("entryplus3.eof");
  if (handleBytes > 0) ownHandles(entries, handleBytes);
  const cookie = hi < 0 ? null : hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
  return { status: 0, page: { entries, cookie, eof, verf } };
}

/**
 * Moves the handles of a page's entries (views of the reply's clusters, recycled once the
 * call completes) into one buffer of the page's own: one allocation, not one per entry.
 */
function ownHandles(entries: RawEntry[], bytes: number): void {
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const e of entries) {
    if (e.fh === undefined) continue;
    copyBytes(all, at, e.fh, "header");
    e.fh = all.subarray(at, at + e.fh.length);
    at += e.fh.length;
  }
}

/** What {@linkcode decodeLookupInfo} returns. */
export type LookupInfoRes =
  | { status: 0; info: FileInfo | null; fh: Uint8Array | null }
  | { status: number; dirAttributes: PostOpAttr };

/**
 * RFC 1813 §3.3.3 LOOKUP3res, decoded for a listing (READDIR + a LOOKUP per name): the
 * object's attributes straight into a {@linkcode FileInfo} record, the handle copied only
 * when there are no attributes (to ask GETATTR), the directory's attributes checked and
 * skipped. The same checks as `decodeLookup3Res`.
 *
 * @param r The reader, at the results (after `accept_stat`).
 * @returns The information or handle, or the failure status.
 * @throws {XdrError} If the reply is malformed or truncated.
 */
export function decodeLookupInfo(r: XdrReader): LookupInfoRes {
  const status = r.enum("nfsstat3");
  if (status !== 0) return { status, dirAttributes: decodePostOpAttr(r, "dir_attributes") };
  const at = r.position;
  const view = r.opaqueView(NFS3_FHSIZE, "LOOKUP3resok.object");
  if (view.length === 0) throw new XdrError("LOOKUP3resok.object", at, "a file handle of 0 bytes");
  let info: FileInfo | null = null;
  let fh: Uint8Array | null = null;
  if (r.bool("LOOKUP3resok.obj_attributes.attributes_follow")) {
    const w = new Uint32Array(ATTR_WORDS);
    w[0] = decodeFtype3(r, "fattr3.type");
    for (let j = 1; j < ATTR_WORDS; j++) w[j] = r.uint("fattr3");
    info = new FileInfo(w, 0);
  } else {
    fh = ownBytes(view);
  }
  if (r.bool("LOOKUP3resok.dir_attributes.attributes_follow")) {
    decodeFtype3(r, "fattr3.type");
    r.skip(FATTR3_BYTES - 4, "fattr3");
  }
  return { status: 0, info, fh };
}

const LOOKUP_INFO = procedure<Lookup3Args, LookupInfoRes>(
  "LOOKUP",
  NFS3_PROCEDURES.LOOKUP.proc,
  encodeLookup3Args,
  decodeLookupInfo,
);

/** NFSv3 behind {@linkcode Proto}. */
export class V3Proto extends BaseProto<Nfs3Client> implements Proto {
  readonly version = 3 as const;
  readonly maxNameBytes = NFS3_MAXNAMLEN;
  readonly #caller: RpcCaller;

  /**
   * Wraps a protocol client.
   *
   * @param nfs The NFSv3 client.
   * @param caller The RPC caller under it (for the listing's own READDIRPLUS decoder).
   */
  constructor(nfs: Nfs3Client, caller: RpcCaller) {
    super(nfs);
    this.#caller = caller;
  }

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

  /** LOOKUP for a listing: the attributes as file information, else the handle. */
  lookupInfo(
    dir: Uint8Array,
    name: string,
    c: Ctx,
  ): Promise<{ info: FileInfo | null; fh: Uint8Array | null }> {
    const args = { dir, name };
    return this.call(
      "LOOKUP",
      c,
      (o) => callProcedure(this.#caller, NFS_PROGRAM, NFS_VERSION_3, "NFS3", LOOKUP_INFO, args, o),
      (r) => ({ info: r.info, fh: r.fh }),
    );
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
    handles = false,
  ): Promise<DirPage> {
    const where = c.path ?? "";
    if (plus) {
      const { dircount, maxcount } = sizes;
      const args: Readdirplus3Args = { dir, cookie, cookieverf: verf, dircount, maxcount };
      const proc = procedure<Readdirplus3Args, PlusRes>(
        "READDIRPLUS",
        NFS3_PROCEDURES.READDIRPLUS.proc,
        encodeReaddirplus3Args,
        (r) => decodePlusPage(r, maxcount, where, handles),
      );
      return this.call(
        "READDIRPLUS",
        c,
        (o) => callProcedure(this.#caller, NFS_PROGRAM, NFS_VERSION_3, "NFS3", proc, args, o),
        (r) => r.page,
      );
    }
    return this.call(
      "READDIR",
      c,
      (o) => this.nfs.readdir(dir, cookie, verf, sizes.maxcount, o),
      (r) => {
        const e = r.reply.entries;
        return {
          eof: r.reply.eof,
          verf: r.cookieverf,
          cookie: e.length === 0 ? null : e[e.length - 1]!.cookie,
          entries: e.map((e) => nameEntry(e.name, where, "NFS3 READDIR")),
        };
      },
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
  proto: (rpc) => new V3Proto(new Nfs3Client(rpc), rpc),
};
