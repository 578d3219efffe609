/**
 * Which local paths live on a disk or memory file system, where the copy routine calls the
 * file system synchronously. An asynchronous Deno file operation runs on a thread pool: for
 * a 4 KiB file, the hand-offs (futex, eventfd, epoll) of its five operations cost more CPU
 * than the copy (`get -r` of 10k files: 5.0 s, 1.7 s of it system time; 3.0 s with
 * synchronous calls). A call that blocks is worse than a slow one where the file system is
 * remote or user-space (NFS, FUSE, SMB): those, and anything unknown, stay asynchronous.
 *
 * @module
 */
import { type MountEntry, readMounts } from "../fuse/_mountinfo.ts";
import { isInside } from "./_path.ts";

/** File systems whose calls return without waiting on a network or another process. */
const LOCAL_TYPES = new Set([
  "btrfs",
  "ext2",
  "ext3",
  "ext4",
  "f2fs",
  "jfs",
  "overlay",
  "ramfs",
  "reiserfs",
  "tmpfs",
  "xfs",
]);

/**
 * The mount an absolute, resolved path is on: the last listed mount whose point is the
 * path or one of its parents.
 *
 * @param mounts From the mount table (`fuse/_mountinfo.ts`).
 * @param path An absolute path without symlinks (`Deno.realPathSync`).
 * @returns The mount, or null if none covers it.
 */
export function mountOf(mounts: readonly MountEntry[], path: string): MountEntry | null {
  for (let i = mounts.length - 1; i >= 0; i--) {
    const m = mounts[i]!;
    if (isInside(path, m.target)) return m;
  }
  return null;
}

/**
 * Whether a file system type answers without a network or another process.
 *
 * @param type A type from the mount table.
 * @returns True for disk and memory file systems.
 */
export function isLocalType(type: string): boolean {
  return LOCAL_TYPES.has(type);
}

let table: MountEntry[] | null | undefined;

function mountTable(): MountEntry[] | null {
  if (table === undefined) {
    const all = Deno.build.os === "linux" ? readMounts() : [];
    table = all.length > 0 ? all : null;
  }
  return table;
}

/**
 * Whether calls on the directory `dir` may be synchronous: it is on a disk or memory file
 * system, by the mount table (Linux only; elsewhere, or when anything cannot be read,
 * false). Its path is resolved asynchronously (a symlink may lead onto a remote mount).
 *
 * @param dir A directory (absolute or relative).
 * @returns True when its file system is local.
 */
export async function isLocalDir(dir: string): Promise<boolean> {
  const table = mountTable();
  if (table === null) return false;
  try {
    const m = mountOf(table, await Deno.realPath(dir));
    return m !== null && isLocalType(m.fstype);
  } catch {
    return false;
  }
}
