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

/**
 * A fresh temporary directory for a third-party server's export and files, kept out of `/tmp`.
 * unfs3 turns a handle it has not cached back into a path by walking from `/` and `lstat`ing
 * every entry of each directory on the way (`fh_rec` in its `fh.c`): one entry of `/tmp` that
 * blocks (seen: another test run's FUSE mount whose server hung) blocks the whole server. So
 * the exports live under `$NFS_TEST_PEER_TMPDIR`, default `/var/tmp` (the default temp
 * directory where that does not exist).
 */
export async function peerTempDir(prefix: string): Promise<string> {
  const parent = Deno.env.get("NFS_TEST_PEER_TMPDIR") ?? "/var/tmp";
  try {
    if (Deno.statSync(parent).isDirectory) return await Deno.makeTempDir({ prefix, dir: parent });
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return await Deno.makeTempDir({ prefix });
}
