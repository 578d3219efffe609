/**
 * A real mount of an NFS export through FUSE, in pure Deno: the FUSE kernel protocol is
 * spoken over `/dev/fuse` in TypeScript, libc is reached through `Deno.dlopen` (no C code,
 * no native addon). Needs Linux, root (for `mount(2)`), and `--allow-ffi`.
 *
 * ```ts ignore
 * import { connect } from "@nfs/client";
 * import { mountNfs } from "@nfs/client/fuse";
 * const nfs = await connect("nfs://server/export");
 * const m = await mountNfs(nfs, "/mnt/export");
 * await m.done; // until `nfs umount /mnt/export` (or m.unmount())
 * ```
 *
 * @module
 */
import type { NfsClient } from "../mod.ts";
import { FuseFs, type FuseFsOptions } from "./fs.ts";
import {
  checkMountPoint,
  mountAt,
  MountError,
  mountFuse,
  setReadahead,
  unmountFuse,
} from "./mount.ts";

export {
  errnoOf,
  FuseFs,
  type FuseFsOptions,
  MAX_WRITE,
  SMALL_WRITE,
  WRITE_BEHIND_BYTES,
} from "./fs.ts";
export {
  checkFuseAvailable,
  checkMountPoint,
  FSTYPE,
  fuseDevice,
  mountAt,
  type MountEntry,
  MountError,
  mounts,
  unmountFuse,
} from "./mount.ts";

/** Options of {@linkcode mountNfs}. */
export interface MountNfsOptions extends FuseFsOptions {
  /** Source shown in the mount table (default `nfs`). */
  source?: string;
  /** Let other users in (`allow_other` with `default_permissions`). */
  allowOther?: boolean;
  /** Mount over a directory that has entries. */
  nonEmpty?: boolean;
  /** Kernel readahead in KiB (default 4096; 0 keeps the kernel's). */
  readaheadKib?: number;
}

/** A live mount from {@linkcode mountNfs}. */
export interface NfsMount {
  /** The absolute mount point. */
  readonly dir: string;
  /** The file system being served. */
  readonly fs: FuseFs;
  /** Resolves once the mount is gone and everything is committed and closed. */
  readonly done: Promise<void>;
  /**
   * Unmounts (detaching lazily if busy, then closing the device so busy users get
   * ENOTCONN) and waits for {@linkcode NfsMount.done}.
   *
   * @returns How it went: `"unmounted"`, `"detached"` (was busy) or `"gone"` (already).
   */
  unmount(): Promise<"unmounted" | "detached" | "gone">;
}

/**
 * Mounts `nfs` (its directory) at `dir` and serves it.
 *
 * @param nfs The client; the caller closes it after {@linkcode NfsMount.done}.
 * @param dir An empty directory (see {@linkcode checkMountPoint}).
 * @param o Options.
 * @returns The mount.
 * @throws {MountError} When `dir` cannot be mounted on, or FUSE is not available.
 */
export async function mountNfs(
  nfs: NfsClient,
  dir: string,
  o: MountNfsOptions = {},
): Promise<NfsMount> {
  const abs = checkMountPoint(dir, o.nonEmpty ?? false);
  const fd = await mountFuse(abs, {
    source: o.source ?? "nfs",
    ...(o.readOnly !== undefined ? { readOnly: o.readOnly } : {}),
    ...(o.allowOther !== undefined ? { allowOther: o.allowOther } : {}),
  });
  const fs = new FuseFs(fd, nfs, { stillMounted: () => mountAt(abs) !== undefined, ...o });
  const done = fs.serve(5_000);
  const ra = o.readaheadKib ?? 4096;
  // After INIT: its reply sets the readahead (to at most max_readahead), then sysfs can raise it.
  if (ra > 0) fs.initialized.then(() => setReadahead(abs, ra));
  let unmounting: Promise<"unmounted" | "detached" | "gone"> | undefined;
  const unmount = async (): Promise<"unmounted" | "detached" | "gone"> => {
    let how: "unmounted" | "detached" | "gone" = "gone";
    if (mountAt(abs) !== undefined) {
      try {
        how = await unmountFuse(abs, true);
      } catch (e) {
        if (!(e instanceof MountError && e.kind === "not-mounted")) {
          fs.stop();
          await done.catch(() => {});
          throw e;
        }
      }
    }
    fs.stop();
    await done;
    return how;
  };
  return { dir: abs, fs, done, unmount: () => unmounting ??= unmount() };
}
