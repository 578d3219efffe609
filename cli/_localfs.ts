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

/** One mount: where it is, and its file system type. */
export interface Mount {
  /** The mount point (absolute, unescaped). */
  point: string;
  /** The file system type ("ext4", "nfs4", "fuse.sshfs"...). */
  type: string;
}

/** `\040`-style escapes of /proc/self/mountinfo (space, tab, newline, backslash). */
function unescape(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/**
 * Parses /proc/self/mountinfo (proc(5)): mount point is field 5, the type the first field
 * after the " - " separator. Lines that do not parse are left out.
 *
 * @param text The file's content.
 * @returns The mounts, in the file's order (later ones cover earlier ones).
 */
export function parseMountInfo(text: string): Mount[] {
  const out: Mount[] = [];
  for (const line of text.split("\n")) {
    const f = line.split(" ");
    const sep = f.indexOf("-", 6);
    if (f.length < 7 || sep === -1 || sep + 1 >= f.length) continue;
    const point = unescape(f[4]!);
    if (!point.startsWith("/")) continue;
    out.push({ point, type: f[sep + 1]! });
  }
  return out;
}

/**
 * The mount an absolute, resolved path is on: the last listed mount whose point is the
 * path or one of its parents.
 *
 * @param mounts From {@linkcode parseMountInfo}.
 * @param path An absolute path without symlinks (`Deno.realPathSync`).
 * @returns The mount, or null if none covers it.
 */
export function mountOf(mounts: readonly Mount[], path: string): Mount | null {
  for (let i = mounts.length - 1; i >= 0; i--) {
    const m = mounts[i]!;
    const p = m.point;
    if (path === p || p === "/" || path.startsWith(p.endsWith("/") ? p : `${p}/`)) return m;
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

let mounts: Mount[] | null | undefined;

function mountTable(): Mount[] | null {
  if (mounts === undefined) {
    try {
      mounts = Deno.build.os === "linux"
        ? parseMountInfo(Deno.readTextFileSync("/proc/self/mountinfo"))
        : null;
    } catch {
      mounts = null;
    }
  }
  return mounts;
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
    return m !== null && isLocalType(m.type);
  } catch {
    return false;
  }
}
