/**
 * The interface every test NFS server implements.
 *
 * @module
 */

/** A running NFS server for a test; stop it (or `await using` it) when done. */
export interface TestServer {
  /** Kind and variant, e.g. `ganesha-vfs`, `unfsd`. */
  name: string;
  /** Address the server listens on (always `127.0.0.1`). */
  host: string;
  /** TCP port of NFS (program 100003). */
  nfsPort: number;
  /** TCP port of MOUNT (program 100005). */
  mountPort: number;
  /** The path to pass to MOUNT MNT. */
  exportPath: string;
  /**
   * The local directory behind the export: files created here are visible
   * over NFS and vice versa (except for ganesha's MEM FSAL, which keeps its
   * files in memory and leaves this directory empty).
   */
  exportDir: string;
  /**
   * A libnfs URL for the export:
   * `nfs://127.0.0.1/<exportPath>?nfsport=N&mountport=M&version=3`
   * (accepted by `nfs-ls`, `nfs-cat`, `nfs-cp`).
   */
  url: string;
  /** Stops the server and removes its temp files. Safe to call twice. */
  stop(): Promise<void>;
  /** Same as {@linkcode TestServer.stop}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * What one server kind legitimately does differently, stated once per kind (in
 * {@linkcode SERVER_TABLE}'s entries) so that every suite asserts what is right for that server
 * instead of skipping. A field is a fact about the server, never a switch to turn a check off:
 * a suite that meets a difference not recorded here must fail.
 */
export interface ServerCaps {
  /** The NFS version the suites speak to it: 3 (with MOUNT v3) or 2 (with MOUNT v1). */
  version: 2 | 3;
  /**
   * True when a file's `fileid` is its inode number on disk. The Universal NFS Server makes
   * file ids up (from the device and inode numbers, folded into 32 bits) by design.
   */
  diskFileIds: boolean;
  /**
   * The granularity of the times it reports, in ns: 1e9 for whole seconds (unfsd, the
   * Universal NFS Server), 1 for ns. (What it stores is FSINFO's `time_delta`, in
   * `nfs.limits.timeResolutionNs`; the Universal NFS Server stores microseconds.)
   */
  timeResolutionNs: number;
  /** NFSv3 READDIRPLUS served; false when it answers NFS3ERR_NOTSUPP (unfsd, allowed by RFC 1813). */
  readdirplus: boolean;
  /** The most bytes one READ or WRITE moves: 8192 for NFSv2 (RFC 1094 MAXDATA). */
  maxTransfer: number;
  /**
   * MOUNT EXPORT lists the export, and DUMP answers. False for go-nfs, which has neither
   * procedure (and answers with PROG_MISMATCH and no body where PROC_UNAVAIL is meant).
   */
  exportList: boolean;
  /**
   * MNT of a path that is not exported is refused. False for go-nfs, which mounts its root
   * whatever path is asked for.
   */
  mntChecksPath: boolean;
  /**
   * Names are kept as bytes (false for the embedded server, which goes through Deno's string
   * paths and turns bytes that are not UTF-8 into U+FFFD).
   */
  byteNames: boolean;
  /** The server runs in this process, so its own copies land in the process-wide copy counters. */
  inProcess: boolean;
  /**
   * MNT's reply lists AUTH_SYS among the flavors it accepts. go-nfs lists only AUTH_NONE
   * (and accepts AUTH_SYS all the same).
   */
  mntListsAuthSys: boolean;
  /**
   * NFSv3 CREATE EXCLUSIVE is served; false when it answers NFS3ERR_NOTSUPP (go-nfs), which
   * RFC 1813 §3.3.8 allows.
   */
  exclusiveCreate: boolean;
  /**
   * LINK works. False for go-nfs, whose LINK decodes LINK3args as if they were SYMLINK3args
   * (directory handle and name first) and whose failure reply lacks `file_attributes`: every
   * LINK fails (with a malformed reply), and must fail, leaving the disk as it was.
   */
  hardLinks: boolean;
  /**
   * The smallest READDIR `count` it serves; below it, NFS3ERR_TOOSMALL. 1024 for go-nfs (RFC
   * 1813 means TOOSMALL for a count that holds no entry at all); 0 where there is no floor.
   */
  minReaddirCount: number;
  /**
   * The smallest READDIRPLUS `maxcount` it serves (below it, NFS3ERR_TOOSMALL): 4096 for
   * go-nfs (which also wants `dircount` >= 512); 0 where there is no floor.
   */
  minReaddirplusMaxcount: number;
  /**
   * REMOVE and RMDIR are both the OS's remove(): RMDIR of a file removes it, REMOVE of an
   * empty directory removes it, and every failure but NOENT and ACCES is NFS3ERR_IO (a
   * directory that is not empty too). True for go-nfs; false where they are as RFC 1813 says.
   */
  osRemove: boolean;
  /**
   * The mode bits SETATTR keeps: 0o7777, or 0o777 for go-nfs, which passes the mode through
   * Go's `os.FileMode` and so drops setuid, setgid and sticky.
   */
  modeBits: number;
  /**
   * What an absolute SYMLINK target becomes on disk: `"as-given"` (RFC 1813: the text is
   * stored as sent), or `"rebased"` for go-nfs, whose chroot file system stores `/a/b` as
   * `<export dir>/a/b` (READLINK still answers `/a/b`).
   */
  absoluteSymlinks: "as-given" | "rebased";
  /**
   * FSSTAT reports the export's file system (`true`), or made-up numbers (go-nfs: total 2^62
   * bytes, whatever the disk).
   */
  fsstatFromDisk: boolean;
  /**
   * What the handle of a file deleted behind the server's back answers: NFS3ERR_STALE, or
   * NFS3ERR_NOENT for go-nfs, whose handles name paths (so a handle also follows a name to
   * the file that replaced it, with no STALE to re-resolve).
   */
  goneHandle: "STALE" | "NOENT";
  /**
   * The server acts as the caller's AUTH_SYS uid/gid: new files get those owners, and
   * permissions are checked against them. False for go-nfs, which does everything as its own
   * process user (new files are root's here) and checks no permission.
   */
  honorsCredentials: boolean;
  /**
   * What creating a name that is an existing dangling symlink answers: NFS3ERR_EXIST, or
   * NFS3ERR_ACCES for go-nfs (its existence check follows the link, and the OS's EEXIST is
   * then reported as ACCES).
   */
  danglingSymlinkExists: "EXIST" | "ACCES";
  /**
   * libnfs's `nfs-ls` can serve as an independent oracle: not for NFSv2 (libnfs 7 refuses
   * NFSv2 mounts) nor go-nfs (libnfs cannot mount it); the export directory on disk is the
   * oracle everywhere.
   */
  libnfs: boolean;
  /**
   * How many entries the file API suite's big-directory step lists (default 10,000). The
   * Universal NFS Server keeps a 2,000-entry file-handle cache, and listing 10,000 entries over
   * NFSv2 (a LOOKUP per entry) overflows it; now and then that left its hash chains circular
   * and rpc.nfsd spinning forever in `fh_lookup()` (seen under gdb in a CI run), so the suite
   * stays below the cache size there.
   */
  bigDirectory?: number;
}

/** A server started by the harness's table: a {@linkcode TestServer} with its kind and caps. */
export interface HarnessServer extends TestServer {
  /** The kind name used in `NFS_TEST_SERVERS` and test names, e.g. `unfsd`. */
  kind: string;
  /** What this kind does differently. */
  caps: ServerCaps;
}

/**
 * The protocol's strictest reading: a server that does everything the suites check as RFC 1813
 * says (nfs-ganesha 4.3 does). The other kinds' records start from it and state what differs.
 */
export const STRICT_CAPS: ServerCaps = {
  version: 3,
  diskFileIds: true,
  timeResolutionNs: 1,
  readdirplus: true,
  maxTransfer: 1 << 20,
  exportList: true,
  mntChecksPath: true,
  byteNames: true,
  inProcess: false,
  mntListsAuthSys: true,
  exclusiveCreate: true,
  hardLinks: true,
  minReaddirCount: 0,
  minReaddirplusMaxcount: 0,
  osRemove: false,
  modeBits: 0o7777,
  absoluteSymlinks: "as-given",
  fsstatFromDisk: true,
  goneHandle: "STALE",
  honorsCredentials: true,
  danglingSymlinkExists: "EXIST",
  libnfs: true,
};
