/**
 * Where the third-party servers that Debian 12 does not package are found: the build script
 * `peers/build.sh PREFIX` (kept outside this repository) puts them in `PREFIX/bin`, and
 * `NFS_PEERS_PREFIX=PREFIX` points the harness there. Each binary can also be named by its own
 * environment variable, and unfsd and osnfs are also looked up on `PATH` (`rpc.nfsd` is not:
 * on `PATH` it is the kernel server's control program, not the Universal NFS Server).
 *
 * @module
 */
import { which } from "./_proc.ts";

/** Where a binary was found, or why it was not. */
export type Located = { path: string } | { reason: string };

/**
 * Looks for `name`: `$envVar` (a path; a set but wrong one is reported, not passed over),
 * then `$NFS_PEERS_PREFIX/bin/name`, then `PATH` when `onPath`.
 */
export function locatePeer(name: string, envVar: string, onPath: boolean): Located {
  const env = Deno.env.get(envVar);
  if (env) {
    const p = which(env);
    return p ? { path: p } : { reason: `${envVar}=${env} is not an executable file` };
  }
  const prefix = Deno.env.get("NFS_PEERS_PREFIX");
  if (prefix) {
    const p = which(`${prefix.replace(/\/+$/, "")}/bin/${name}`);
    return p ? { path: p } : { reason: `NFS_PEERS_PREFIX=${prefix} has no executable bin/${name}` };
  }
  const p = onPath ? which(name) : undefined;
  if (p) return { path: p };
  return {
    reason: `${name} not found: set ${envVar} or NFS_PEERS_PREFIX (built by peers/build.sh)` +
      (onPath ? ", or put it on PATH" : ""),
  };
}
