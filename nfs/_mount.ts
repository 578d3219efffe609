/**
 * What MOUNT v1 (RFC 1094 Appendix A) and MOUNT v3 (RFC 1813 Appendix I) share: the limits,
 * `dirpath`, the mount and export lists, the procedure table's shape and one client body.
 * The two versions differ only in MNT's result (`fhstatus` vs `mountres3`).
 *
 * @module
 */
import type { RpcCaller } from "../rpc/types.ts";
import type { XdrReader, XdrWriter } from "../xdr/mod.ts";
import {
  type CallOptions,
  callProcedure,
  decodeVoid,
  encodeVoid,
  MOUNT_PROGRAM,
  type Procedure,
  procedure,
} from "./_program.ts";

/** RFC 1813 §5.1.4: MNTPATHLEN, the longest `dirpath` in bytes. */
export const MNTPATHLEN = 1024;
/** RFC 1813 §5.1.4: MNTNAMLEN, the longest host or group `name` in bytes. */
export const MNTNAMLEN = 255;

/** RFC 1813 §5.2.2 `mountbody`: one entry of the mount list. */
export interface Mountbody {
  /** `ml_hostname`: the client host. */
  mlHostname: string;
  /** `ml_directory`: the directory it mounted. */
  mlDirectory: string;
}
/** RFC 1813 §5.2.2 `mountlist` (DUMP's result), as an array. */
export type Mountlist = Mountbody[];
/** RFC 1813 §5.2.5 `exportnode`: one exported directory and the groups allowed to mount it. */
export interface Exportnode {
  /** `ex_dir`: the exported directory. */
  exDir: string;
  /** `ex_groups`: host or netgroup names (empty: everyone). */
  exGroups: string[];
}
/** RFC 1813 §5.2.5 `exports` (EXPORT's result), as an array. */
export type Exports = Exportnode[];

/*
 * typedef string dirpath<MNTPATHLEN>;
 */
/**
 * Encodes `dirpath`.
 *
 * @throws {RangeError} If the path is empty or longer than {@linkcode MNTPATHLEN} bytes.
 */
export function encodeDirpath(w: XdrWriter, path: string): void {
  if (typeof path !== "string" || path.length === 0) {
    throw new RangeError("Cannot encode dirpath: the path is empty");
  }
  w.stringEscaped(path, MNTPATHLEN);
}
/** Decodes `dirpath`. */
export function decodeDirpath(r: XdrReader, what = "dirpath"): string {
  return r.stringEscaped(MNTPATHLEN, what);
}
/*
 * typedef string name<MNTNAMLEN>;
 */
/** Decodes `name`. */
export function decodeMntName(r: XdrReader, what = "name"): string {
  return r.stringEscaped(MNTNAMLEN, what);
}

/** Reads a linked list of optional-data; each node consumes its bytes, so the list is bounded. */
function decodeList<T>(r: XdrReader, what: string, node: (r: XdrReader) => T): T[] {
  const out: T[] = [];
  while (r.bool(`${what}.next`)) out.push(node(r));
  return out;
}

/*
 * typedef struct mountbody *mountlist;
 * struct mountbody {
 *      name       ml_hostname;
 *      dirpath    ml_directory;
 *      mountlist  ml_next;
 * };
 */
/** Decodes `mountlist` (DUMP's result). */
export function decodeMountlist(r: XdrReader): Mountlist {
  return decodeList(r, "mountlist", (r) => {
    const mlHostname = decodeMntName(r, "mountbody.ml_hostname");
    return { mlHostname, mlDirectory: decodeDirpath(r, "mountbody.ml_directory") };
  });
}

/*
 * typedef struct groupnode *groups;
 * struct groupnode {
 *      name     gr_name;
 *      groups   gr_next;
 * };
 * typedef struct exportnode *exports;
 * struct exportnode {
 *      dirpath  ex_dir;
 *      groups   ex_groups;
 *      exports  ex_next;
 * };
 */
/** Decodes `exports` (EXPORT's result). */
export function decodeExports(r: XdrReader): Exports {
  return decodeList(r, "exports", (r) => {
    const exDir = decodeDirpath(r, "exportnode.ex_dir");
    return {
      exDir,
      exGroups: decodeList(r, "groups", (r) => decodeMntName(r, "groupnode.gr_name")),
    };
  });
}

/** The MOUNT procedures of either version; `M` is MNT's result. */
export interface MountProcedures<M> {
  /** MOUNTPROC_NULL = 0. */
  readonly NULL: Procedure<void, void>;
  /** MOUNTPROC_MNT = 1. */
  readonly MNT: Procedure<string, M>;
  /** MOUNTPROC_DUMP = 2. */
  readonly DUMP: Procedure<void, Mountlist>;
  /** MOUNTPROC_UMNT = 3. */
  readonly UMNT: Procedure<string, void>;
  /** MOUNTPROC_UMNTALL = 4. */
  readonly UMNTALL: Procedure<void, void>;
  /** MOUNTPROC_EXPORT = 5. */
  readonly EXPORT: Procedure<void, Exports>;
}

/** Builds the MOUNT procedure table of a version from its MNT result decoder. */
export function mountProcedures<M>(decodeMnt: (r: XdrReader) => M): MountProcedures<M> {
  const p = procedure;
  // deno-fmt-ignore
  return {
    NULL:    p("NULL", 0, encodeVoid, decodeVoid),
    MNT:     p("MNT", 1, encodeDirpath, decodeMnt),
    DUMP:    p("DUMP", 2, encodeVoid, decodeMountlist),
    UMNT:    p("UMNT", 3, encodeDirpath, decodeVoid),
    UMNTALL: p("UMNTALL", 4, encodeVoid, decodeVoid),
    EXPORT:  p("EXPORT", 5, encodeVoid, decodeExports),
  };
}

/**
 * The body of the MOUNT v1 and v3 clients: one method per procedure over any
 * {@linkcode RpcCaller}. A mount status is returned, not thrown.
 */
export class MountClient<M> {
  readonly #caller: RpcCaller;
  readonly #vers: number;
  readonly #label: string;
  readonly #procs: MountProcedures<M>;

  /** A client of MOUNT version `vers` whose calls are named `label` ("MOUNT3 MNT"). */
  constructor(caller: RpcCaller, vers: number, label: string, procs: MountProcedures<M>) {
    this.#caller = caller;
    this.#vers = vers;
    this.#label = label;
    this.#procs = procs;
  }

  #call<A, R>(p: Procedure<A, R>, args: A, opts?: CallOptions): Promise<R> {
    return callProcedure(this.#caller, MOUNT_PROGRAM, this.#vers, this.#label, p, args, opts);
  }

  /**
   * NULL: does nothing (a ping).
   *
   * @throws {RpcError} On an RPC-level failure (timeout, lost connection, malformed reply).
   */
  null(opts?: CallOptions): Promise<void> {
    return this.#call(this.#procs.NULL, undefined, opts);
  }

  /**
   * MNT: the root handle of export `dirpath` (or of a directory below it), and a mount list
   * entry on the server.
   *
   * @throws {RpcError} On an RPC-level failure.
   * @throws {RangeError} If `dirpath` is empty or longer than {@linkcode MNTPATHLEN} bytes.
   */
  mnt(dirpath: string, opts?: CallOptions): Promise<M> {
    return this.#call(this.#procs.MNT, dirpath, opts);
  }

  /**
   * DUMP: the server's mount list (which hosts mounted what).
   *
   * @throws {RpcError} On an RPC-level failure.
   */
  dump(opts?: CallOptions): Promise<Mountlist> {
    return this.#call(this.#procs.DUMP, undefined, opts);
  }

  /**
   * UMNT: removes this host's mount list entry for `dirpath`.
   *
   * @throws {RpcError} On an RPC-level failure.
   */
  umnt(dirpath: string, opts?: CallOptions): Promise<void> {
    return this.#call(this.#procs.UMNT, dirpath, opts);
  }

  /**
   * UMNTALL: removes all of this host's mount list entries.
   *
   * @throws {RpcError} On an RPC-level failure.
   */
  umntall(opts?: CallOptions): Promise<void> {
    return this.#call(this.#procs.UMNTALL, undefined, opts);
  }

  /**
   * EXPORT: the exported directories and the groups allowed to mount each.
   *
   * @throws {RpcError} On an RPC-level failure.
   */
  export(opts?: CallOptions): Promise<Exports> {
    return this.#call(this.#procs.EXPORT, undefined, opts);
  }
}
