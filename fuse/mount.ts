/**
 * Mounting and unmounting a FUSE file system: checks of the mount point, `mount(2)` of
 * `/dev/fuse` (as root, through FFI), `umount2(2)` or `fusermount3 -u`, and the mount table.
 *
 * @module
 */
import { type MountEntry, readMounts } from "./_mountinfo.ts";
export type { MountEntry } from "./_mountinfo.ts";
import {
  closeFd,
  ERRNO,
  LibcError,
  MNT_DETACH,
  mount,
  MS_NODEV,
  MS_NOSUID,
  MS_RDONLY,
  openDevice,
  receiveFd,
  socketPair,
  umount2,
} from "./_libc.ts";

/** The FUSE device (override with `NFS_FUSE_DEVICE`, for tests). */
export function fuseDevice(): string {
  return Deno.env.get("NFS_FUSE_DEVICE") ?? "/dev/fuse";
}

/** Why a mount or unmount could not be done; `exitCode` is what the CLI exits with. */
export class MountError extends Error {
  /** Always `MountError`. */
  override name = "MountError";
  /** What kind of problem: for callers and tests. */
  readonly kind:
    | "missing"
    | "not-directory"
    | "not-empty"
    | "mounted"
    | "stale"
    | "no-device"
    | "not-root"
    | "busy"
    | "not-mounted"
    | "failed";

  /**
   * Creates the error.
   *
   * @param kind The kind.
   * @param message The message, naming the path.
   */
  constructor(kind: MountError["kind"], message: string) {
    super(message);
    this.kind = kind;
  }
}

/** The current mounts (from `/proc/self/mountinfo`). */
export function mounts(): MountEntry[] {
  return readMounts();
}

/** The mount at exactly `dir` (absolute), if any (the last one, which hides the others). */
export function mountAt(dir: string): MountEntry | undefined {
  return mounts().findLast((m) => m.target === dir);
}

function absolute(dir: string): string {
  const abs = dir.startsWith("/") ? dir : `${Deno.cwd()}/${dir}`;
  const out: string[] = [];
  for (const p of abs.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") out.pop();
    else out.push(p);
  }
  return "/" + out.join("/");
}

/**
 * Checks that `dir` can be mounted on: it exists, is a directory, is empty (unless
 * `nonEmpty`), and nothing (not even a dead FUSE mount) is mounted there.
 *
 * @returns The absolute, resolved path.
 * @throws {MountError} Naming the problem and, for a stale mount, the command that clears it.
 */
export function checkMountPoint(dir: string, nonEmpty = false): string {
  const abs = absolute(dir);
  const m = mountAt(abs);
  if (m !== undefined) {
    let alive = true;
    try {
      Deno.statSync(abs);
    } catch (e) {
      if (e instanceof Deno.errors.NotConnected || (e as { code?: string }).code === "ENOTCONN") {
        alive = false;
      }
    }
    if (!alive) {
      throw new MountError(
        "stale",
        `${dir}: a dead FUSE mount is left there (its server process is gone); clear it with ` +
          `"nfs umount ${dir}" or "fusermount3 -u ${dir}"`,
      );
    }
    throw new MountError("mounted", `${dir}: already a mount point (${m.fstype} ${m.source})`);
  }
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(abs);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new MountError("missing", `${dir}: no such directory (create it first)`);
    }
    throw new MountError("failed", `${dir}: ${(e as Error).message}`);
  }
  if (!info.isDirectory) throw new MountError("not-directory", `${dir}: not a directory`);
  if (!nonEmpty) {
    for (const _ of Deno.readDirSync(abs)) {
      throw new MountError(
        "not-empty",
        `${dir}: directory not empty (use --nonempty to mount over it)`,
      );
    }
  }
  return Deno.realPathSync(abs);
}

/** Options of {@linkcode mountFuse}. */
export interface MountFuseOptions {
  /** The source shown in the mount table, e.g. `host:/export`. */
  source: string;
  /** Mount read-only (MS_RDONLY). */
  readOnly?: boolean;
  /** Let other users in (`allow_other`; `default_permissions` is then set too). */
  allowOther?: boolean;
}

/** The FUSE file system type shown in the mount table. */
export const FSTYPE = "fuse.nfs";

/** The FUSE device's path, once it is known to exist. */
function existingDevice(): string {
  const dev = fuseDevice();
  try {
    Deno.statSync(dev);
  } catch {
    throw new MountError(
      "no-device",
      `${dev} is missing: load the fuse module (modprobe fuse) or run where FUSE is available`,
    );
  }
  return dev;
}

/**
 * Opens `/dev/fuse` and mounts it at `dir`: with `mount(2)` as root, else through the
 * set-uid `fusermount3`, which mounts and hands the device over a Unix socket.
 *
 * @param dir An absolute mount point (from {@linkcode checkMountPoint}).
 * @param o Options.
 * @returns The device descriptor to serve.
 * @throws {MountError} When there is no FUSE device, not root and no `fusermount3`, or the
 * mount fails.
 */
export async function mountFuse(dir: string, o: MountFuseOptions): Promise<number> {
  const dev = existingDevice();
  if (Deno.uid() !== 0) return await fusermount(dir, o);
  let fd: number;
  try {
    fd = openDevice(dev);
  } catch (e) {
    throw new MountError("no-device", `cannot open ${dev}: ${(e as Error).message}`);
  }
  const data = [
    `fd=${fd}`,
    "rootmode=40000",
    `user_id=${Deno.uid()}`,
    `group_id=${Deno.gid()}`,
    ...(o.allowOther ? ["allow_other", "default_permissions"] : []),
  ].join(",");
  try {
    mount(o.source, dir, FSTYPE, MS_NOSUID | MS_NODEV | (o.readOnly ? MS_RDONLY : 0), data);
  } catch (e) {
    closeFd(fd);
    throw new MountError("failed", `cannot mount ${dir}: ${(e as Error).message}`);
  }
  return fd;
}

/** The `fusermount3` program (override with `NFS_FUSERMOUNT`, for tests). */
export function fusermountProgram(): string {
  return Deno.env.get("NFS_FUSERMOUNT") ?? "fusermount3";
}

function onPath(prog: string): boolean {
  const dirs = prog.includes("/") ? [""] : (Deno.env.get("PATH") ?? "/usr/bin:/bin").split(":");
  for (const d of dirs) {
    try {
      if (Deno.statSync(d ? `${d}/${prog}` : prog).isFile) return true;
    } catch { /* next */ }
  }
  return false;
}

/**
 * Checks that FUSE can be used here before anything is connected: the device exists and
 * this process is root or has `fusermount3`.
 *
 * @throws {MountError} Naming what is missing.
 */
export function checkFuseAvailable(): void {
  existingDevice();
  const prog = fusermountProgram();
  if (Deno.uid() !== 0 && !onPath(prog)) {
    throw new MountError(
      "not-root",
      `mounting needs root, or ${prog} (Debian package fuse3) to mount as this user`,
    );
  }
}

async function fusermount(dir: string, o: MountFuseOptions): Promise<number> {
  const prog = fusermountProgram();
  const opts = [
    "nosuid",
    "nodev",
    o.readOnly ? "ro" : "rw",
    `fsname=${o.source.replace(/[,\\]/g, "_")}`,
    `subtype=${FSTYPE.slice("fuse.".length)}`,
    ...(o.allowOther ? ["allow_other", "default_permissions"] : []),
  ].join(",");
  const [mine, theirs] = socketPair();
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(prog, {
      args: ["-o", opts, "--", dir],
      env: { _FUSE_COMMFD: String(theirs) },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    closeFd(mine);
    closeFd(theirs);
    if (e instanceof Deno.errors.NotFound) {
      throw new MountError(
        "not-root",
        `mounting needs root, or ${prog} (Debian package fuse3) to mount as this user`,
      );
    }
    throw new MountError("failed", `cannot run ${prog}: ${(e as Error).message}`);
  }
  closeFd(theirs); // the child has it; without our copy, its exit ends recvmsg
  const stderr = new Response(child.stderr).text();
  const fd = await receiveFd(mine);
  closeFd(mine);
  const status = await child.status;
  const msg = (await stderr).trim();
  if (fd === null || !status.success) {
    if (fd !== null) closeFd(fd);
    throw new MountError(
      "failed",
      `cannot mount ${dir}: ${prog} ${msg || `exited with status ${status.code}`}`,
    );
  }
  return fd;
}

/**
 * Raises the kernel's readahead for the mount at `dir` (best effort, root only): the FUSE
 * backing device starts at 128 KiB, so sequential reads would have one or two READs in
 * flight; at 4 MiB, several 1 MiB READs pipeline. Reads the device number from the mount
 * table (a `stat` of the mount point would wait for INIT, which this thread answers).
 *
 * @param dir The absolute mount point.
 * @param kib The readahead in KiB.
 * @returns Whether it was set.
 */
export function setReadahead(dir: string, kib: number): boolean {
  try {
    const dev = mountAt(dir)?.device;
    if (dev === undefined) return false;
    Deno.writeTextFileSync(`/sys/class/bdi/${dev}/read_ahead_kb`, `${kib}\n`);
    return true;
  } catch {
    return false; // not root, or no sysfs: keep the default
  }
}

/**
 * Unmounts `dir`: `umount2(2)` as root, else `fusermount3 -u`. A busy mount is detached
 * lazily with `lazy` (MNT_DETACH), else reported.
 *
 * @param dir The mount point.
 * @param lazy Detach even if busy.
 * @returns `"unmounted"` or `"detached"` (lazy, was busy).
 * @throws {MountError} Naming the problem.
 */
export async function unmountFuse(dir: string, lazy = false): Promise<"unmounted" | "detached"> {
  const abs = absolute(dir);
  if (mountAt(abs) === undefined) {
    throw new MountError("not-mounted", `${dir}: not a mount point`);
  }
  if (Deno.uid() === 0) {
    try {
      umount2(abs, 0);
      return "unmounted";
    } catch (e) {
      if (!(e instanceof LibcError) || e.errno !== ERRNO.EBUSY) {
        throw new MountError("failed", `cannot unmount ${dir}: ${(e as Error).message}`);
      }
      if (!lazy) {
        throw new MountError(
          "busy",
          `cannot unmount ${dir}: busy (a process has a file open or its working directory ` +
            `there); use "nfs umount --lazy ${dir}" to detach it now`,
        );
      }
      try {
        umount2(abs, MNT_DETACH);
        return "detached";
      } catch (e2) {
        throw new MountError("failed", `cannot detach ${dir}: ${(e2 as Error).message}`);
      }
    }
  }
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("fusermount3", {
      args: ["-u", ...(lazy ? ["-z"] : []), abs],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
  } catch {
    throw new MountError("not-root", `cannot unmount ${dir}: not root and no fusermount3`);
  }
  if (!out.success) {
    const msg = new TextDecoder().decode(out.stderr).trim();
    throw new MountError("failed", `cannot unmount ${dir}: ${msg || "fusermount3 failed"}`);
  }
  return lazy ? "detached" : "unmounted";
}
