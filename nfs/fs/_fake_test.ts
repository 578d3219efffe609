// Fixtures for the nfs/fs tests that run over a fake protocol adapter (no tests in this file).
import type { Attrs, Proto } from "./proto.ts";
import { Session, type SessionLimits } from "./session.ts";

const T = { seconds: 0, nseconds: 0 };

/** A regular file's attributes of `size` bytes (mode 0644, file id 2, all times 0). */
export function fileAttrs(size: number): Attrs {
  return {
    type: "file",
    mode: 0o644,
    nlink: 1,
    uid: 0,
    gid: 0,
    size: BigInt(size),
    used: 0n,
    rdev: [0, 0],
    fsid: 1n,
    fileid: 2n,
    atime: T,
    mtime: T,
    ctime: T,
  };
}

const no = () => Promise.reject(new Error("not in this fake"));

/** An NFSv3 adapter whose every procedure rejects, but those `over` gives. */
export function fakeProto<P extends Partial<Proto>>(over: P): Proto & P {
  return {
    version: 3,
    maxNameBytes: 255,
    getattr: no,
    setattr: no,
    lookup: no,
    lookupInfo: no,
    readlink: no,
    read: no,
    write: no,
    commit: no,
    create: no,
    mkdir: no,
    symlink: no,
    link: no,
    remove: no,
    rmdir: no,
    rename: no,
    readdir: no,
    fsstat: no,
    fsinfo: no,
    ...over,
  };
}

/** A session over `proto` on root handle [1], with small transfer limits unless `limits` says. */
export function fakeSession(proto: Proto, limits: Partial<SessionLimits> = {}): Session {
  return new Session(proto, Uint8Array.of(1), "/", {
    rsize: 8192,
    wsize: 8192,
    readWindow: 4,
    writeWindow: 4,
    dircount: 8192,
    maxcount: 65536,
    timeResolutionNs: 1,
    maxFileSize: 2n ** 63n - 1n,
    nameCacheMs: 3000,
    rttMs: 0.1,
    ...limits,
  });
}

/** `n` bytes of a fixed pattern. */
export function bytes(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);
}
