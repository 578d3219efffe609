import { assert, assertEquals } from "@std/assert";
import { parseMountInfo } from "../fuse/_mountinfo.ts";
import { isLocalDir, isLocalType, mountOf } from "./_localfs.ts";

const TABLE = [
  "22 27 0:21 / /proc rw,relatime - proc proc rw",
  "27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
  "25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683568k",
  "40 27 0:40 / /mnt/with\\040space rw - nfs4 srv:/export rw,vers=4.2",
  "41 27 0:41 / /home/u/remote rw,nosuid - fuse.sshfs u@h: rw,user_id=0",
  "42 41 0:42 / /home/u/remote/inner rw - tmpfs tmpfs rw",
  "43 27 0:43 / /mnt rw - xfs /dev/sdb rw",
  "not a mount line",
  "",
].join("\n");

Deno.test("parseMountInfo: points unescaped, types after the separator", () => {
  const m = parseMountInfo(TABLE);
  assertEquals(m.length, 7);
  assertEquals(m[3], {
    target: "/mnt/with space",
    fstype: "nfs4",
    source: "srv:/export",
    device: "0:40",
  });
  assertEquals(m[4], {
    target: "/home/u/remote",
    fstype: "fuse.sshfs",
    source: "u@h:",
    device: "0:41",
  });
});

Deno.test("mountOf: the last mount covering the path, not a name prefix", () => {
  const m = parseMountInfo(TABLE);
  assertEquals(mountOf(m, "/dev/shm/x/y")?.fstype, "tmpfs");
  assertEquals(mountOf(m, "/dev/shmem")?.fstype, "ext4"); // "/dev/shm" is not its parent
  assertEquals(mountOf(m, "/home/u/remote/a")?.fstype, "fuse.sshfs");
  assertEquals(mountOf(m, "/home/u/remote/inner/a")?.fstype, "tmpfs");
  // /mnt was mounted after /mnt/with space: it hides it.
  assertEquals(mountOf(m, "/mnt/with space/f")?.fstype, "xfs");
  assertEquals(mountOf(m, "/etc")?.fstype, "ext4");
  assertEquals(mountOf(parseMountInfo(TABLE.split("\n").slice(2).join("\n")), "/proc"), null);
});

Deno.test("isLocalType: disks and memory, not network or FUSE", () => {
  for (const t of ["ext4", "xfs", "btrfs", "tmpfs", "overlay"]) assert(isLocalType(t), t);
  for (const t of ["nfs", "nfs4", "fuse.sshfs", "fuse", "cifs", "9p", "ceph", "unknown"]) {
    assert(!isLocalType(t), t);
  }
});

Deno.test({
  name: "isLocalDir: this machine's tmpfs is local; a missing directory is not",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const shm = await Deno.stat("/dev/shm").then(() => true, () => false);
    if (shm) assert(await isLocalDir("/dev/shm"));
    assertEquals(await isLocalDir("/no/such/dir/here"), false);
  },
});
