/**
 * The mount table, `/proc/self/mountinfo` (proc(5)), parsed: no other import, so that the
 * CLI's copy routine (which asks whether a directory is on a local file system) can use it
 * without loading the FUSE layer.
 *
 * @module
 */

/** One line of `/proc/self/mountinfo`. */
export interface MountEntry {
  /** Mount point (unescaped). */
  target: string;
  /** File system type, e.g. `fuse.nfs`. */
  fstype: string;
  /** Source, e.g. `host:/export`. */
  source: string;
  /** `major:minor` of the mounted device. */
  device: string;
}

/** `\040`-style escapes of the table (space, tab, newline, backslash). */
function unescape(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/**
 * Parses the table: the mount point is field 5, the device field 3, the type and source the
 * two fields after the " - " separator (which follows the optional fields, from field 7).
 * Lines that do not parse are left out.
 *
 * @param text The file's content.
 * @returns The mounts, in the table's order (a later one hides earlier ones below it).
 */
export function parseMountInfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split("\n")) {
    const f = line.split(" ");
    const dash = f.indexOf("-", 6);
    if (dash < 0 || f.length < dash + 3) continue;
    const target = unescape(f[4]!);
    if (!target.startsWith("/")) continue;
    out.push({ target, fstype: f[dash + 1]!, source: unescape(f[dash + 2]!), device: f[2]! });
  }
  return out;
}

/**
 * The current mounts (empty where the table cannot be read).
 *
 * @returns {@linkcode parseMountInfo} of this process's table.
 */
export function readMounts(): MountEntry[] {
  try {
    return parseMountInfo(Deno.readTextFileSync("/proc/self/mountinfo"));
  } catch {
    return [];
  }
}
