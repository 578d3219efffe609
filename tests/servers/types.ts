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
