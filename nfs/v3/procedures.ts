/**
 * The NFS version 3 procedure table (RFC 1813 §3.3): number, name and client codecs of each
 * of the 22 procedures. The server halves live in the test server (`testing/`).
 *
 * @module
 */
import { decodeVoid, encodeVoid, type Procedure, procedure as p } from "../_program.ts";
import * as c from "./codec_procs.ts";
import type * as t from "./types.ts";

/** The type of {@linkcode NFS3_PROCEDURES}: one typed entry per RFC 1813 procedure. */
export interface Nfs3Procedures {
  /** §3.3.0 NFSPROC3_NULL = 0. */
  readonly NULL: Procedure<void, void>;
  /** §3.3.1 NFSPROC3_GETATTR = 1. */
  readonly GETATTR: Procedure<t.Getattr3Args, t.Getattr3Res>;
  /** §3.3.2 NFSPROC3_SETATTR = 2. */
  readonly SETATTR: Procedure<t.Setattr3Args, t.Setattr3Res>;
  /** §3.3.3 NFSPROC3_LOOKUP = 3. */
  readonly LOOKUP: Procedure<t.Lookup3Args, t.Lookup3Res>;
  /** §3.3.4 NFSPROC3_ACCESS = 4. */
  readonly ACCESS: Procedure<t.Access3Args, t.Access3Res>;
  /** §3.3.5 NFSPROC3_READLINK = 5. */
  readonly READLINK: Procedure<t.Readlink3Args, t.Readlink3Res>;
  /** §3.3.6 NFSPROC3_READ = 6. */
  readonly READ: Procedure<t.Read3Args, t.Read3Res>;
  /** §3.3.7 NFSPROC3_WRITE = 7. */
  readonly WRITE: Procedure<t.Write3Args, t.Write3Res>;
  /** §3.3.8 NFSPROC3_CREATE = 8. */
  readonly CREATE: Procedure<t.Create3Args, t.Create3Res>;
  /** §3.3.9 NFSPROC3_MKDIR = 9. */
  readonly MKDIR: Procedure<t.Mkdir3Args, t.Mkdir3Res>;
  /** §3.3.10 NFSPROC3_SYMLINK = 10. */
  readonly SYMLINK: Procedure<t.Symlink3Args, t.Symlink3Res>;
  /** §3.3.11 NFSPROC3_MKNOD = 11. */
  readonly MKNOD: Procedure<t.Mknod3Args, t.Mknod3Res>;
  /** §3.3.12 NFSPROC3_REMOVE = 12. */
  readonly REMOVE: Procedure<t.Remove3Args, t.Remove3Res>;
  /** §3.3.13 NFSPROC3_RMDIR = 13. */
  readonly RMDIR: Procedure<t.Rmdir3Args, t.Rmdir3Res>;
  /** §3.3.14 NFSPROC3_RENAME = 14. */
  readonly RENAME: Procedure<t.Rename3Args, t.Rename3Res>;
  /** §3.3.15 NFSPROC3_LINK = 15. */
  readonly LINK: Procedure<t.Link3Args, t.Link3Res>;
  /** §3.3.16 NFSPROC3_READDIR = 16. */
  readonly READDIR: Procedure<t.Readdir3Args, t.Readdir3Res>;
  /** §3.3.17 NFSPROC3_READDIRPLUS = 17. */
  readonly READDIRPLUS: Procedure<t.Readdirplus3Args, t.Readdirplus3Res>;
  /** §3.3.18 NFSPROC3_FSSTAT = 18. */
  readonly FSSTAT: Procedure<t.Fsstat3Args, t.Fsstat3Res>;
  /** §3.3.19 NFSPROC3_FSINFO = 19. */
  readonly FSINFO: Procedure<t.Fsinfo3Args, t.Fsinfo3Res>;
  /** §3.3.20 NFSPROC3_PATHCONF = 20. */
  readonly PATHCONF: Procedure<t.Pathconf3Args, t.Pathconf3Res>;
  /** §3.3.21 NFSPROC3_COMMIT = 21. */
  readonly COMMIT: Procedure<t.Commit3Args, t.Commit3Res>;
}

/** The NFSv3 procedure table, keyed by RFC name. */
// deno-fmt-ignore
export const NFS3_PROCEDURES: Nfs3Procedures = {
  NULL:        p("NULL", 0, encodeVoid, decodeVoid),
  GETATTR:     p("GETATTR", 1, c.encodeGetattr3Args, c.decodeGetattr3Res),
  SETATTR:     p("SETATTR", 2, c.encodeSetattr3Args, c.decodeSetattr3Res),
  LOOKUP:      p("LOOKUP", 3, c.encodeLookup3Args, c.decodeLookup3Res),
  ACCESS:      p("ACCESS", 4, c.encodeAccess3Args, c.decodeAccess3Res),
  READLINK:    p("READLINK", 5, c.encodeReadlink3Args, c.decodeReadlink3Res),
  READ:        p("READ", 6, c.encodeRead3Args, c.decodeRead3Res),
  WRITE:       p("WRITE", 7, c.encodeWrite3Args, c.decodeWrite3Res),
  CREATE:      p("CREATE", 8, c.encodeCreate3Args, c.decodeCreate3Res),
  MKDIR:       p("MKDIR", 9, c.encodeMkdir3Args, c.decodeCreate3Res),
  SYMLINK:     p("SYMLINK", 10, c.encodeSymlink3Args, c.decodeCreate3Res),
  MKNOD:       p("MKNOD", 11, c.encodeMknod3Args, c.decodeCreate3Res),
  REMOVE:      p("REMOVE", 12, c.encodeLookup3Args, c.decodeRemove3Res),
  RMDIR:       p("RMDIR", 13, c.encodeLookup3Args, c.decodeRemove3Res),
  RENAME:      p("RENAME", 14, c.encodeRename3Args, c.decodeRename3Res),
  LINK:        p("LINK", 15, c.encodeLink3Args, c.decodeLink3Res),
  READDIR:     p("READDIR", 16, c.encodeReaddir3Args, c.decodeReaddir3Res),
  READDIRPLUS: p("READDIRPLUS", 17, c.encodeReaddirplus3Args, c.decodeReaddirplus3Res),
  FSSTAT:      p("FSSTAT", 18, c.encodeFsroot3Args, c.decodeFsstat3Res),
  FSINFO:      p("FSINFO", 19, c.encodeFsroot3Args, c.decodeFsinfo3Res),
  PATHCONF:    p("PATHCONF", 20, c.encodePathconf3Args, c.decodePathconf3Res),
  COMMIT:      p("COMMIT", 21, c.encodeCommit3Args, c.decodeCommit3Res),
};
