/**
 * The few libc calls the FUSE layer needs, through `Deno.dlopen` (no C code of ours):
 * `open`/`close`/`read`/`writev` on `/dev/fuse`, `poll` (a `nonblocking` call, run on a
 * worker thread, so the event loop keeps running while the device has nothing to say),
 * and `mount`/`umount2` for the mount step (or `socketpair`/`recvmsg`, to receive the
 * device from `fusermount3` when not root).
 *
 * `errno` is read with `__errno_location()` right after a synchronous call, on the same
 * thread; the only call made on another thread is `poll`, whose errors are not needed (a
 * failed or timed-out poll just leads to a `read`, which says what is wrong).
 *
 * @module
 */

const SYMBOLS = {
  open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  writev: { parameters: ["i32", "buffer", "i32"], result: "isize" },
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32", nonblocking: true },
  mount: {
    parameters: ["buffer", "buffer", "buffer", "u64", "buffer"],
    result: "i32",
  },
  umount2: { parameters: ["buffer", "i32"], result: "i32" },
  socketpair: { parameters: ["i32", "i32", "i32", "buffer"], result: "i32" },
  recvmsg: { parameters: ["i32", "buffer", "i32"], result: "isize", nonblocking: true },
  __errno_location: { parameters: [], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

type Lib = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let lib: Lib | undefined;

/** Opens libc once (throws a clear error where FFI or libc is not available). */
function libc(): Lib {
  if (lib !== undefined) return lib;
  if (Deno.build.os !== "linux") {
    throw new Error(`FUSE mounts need Linux (this is ${Deno.build.os})`);
  }
  let last: unknown;
  for (const name of ["libc.so.6", "libc.so"]) {
    try {
      lib = Deno.dlopen(name, SYMBOLS).symbols;
      return lib;
    } catch (e) {
      last = e;
    }
  }
  throw new Error(`Cannot load libc through FFI: ${(last as Error)?.message ?? last}`);
}

/** Linux errno numbers used here and in the NFS status mapping. */
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  EFBIG: 27,
  ENOSPC: 28,
  EROFS: 30,
  EMLINK: 31,
  ERANGE: 34,
  ENAMETOOLONG: 36,
  ENOSYS: 38,
  ENOTEMPTY: 39,
  ELOOP: 40,
  ENODATA: 61,
  EPROTO: 71,
  EREMOTE: 66,
  EOPNOTSUPP: 95,
  ENOTSUP: 95,
  ECONNRESET: 104,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EDQUOT: 122,
  ESTALE: 116,
} as const;

const NAMES: Record<number, string> = {};
for (const [k, v] of Object.entries(ERRNO)) NAMES[v] ??= k;

/** The name of an errno number, e.g. `ENOENT`, or `errno N`. */
export function errnoName(n: number): string {
  return NAMES[n] ?? `errno ${n}`;
}

/** A failed libc call, with its errno. */
export class LibcError extends Error {
  /** The errno number. */
  readonly errno: number;
  /** Its name, e.g. `EBUSY`. */
  readonly code: string;

  /**
   * @param what What failed, e.g. `mount /mnt/x`.
   * @param errno The errno number.
   */
  constructor(what: string, errno: number) {
    super(`${what}: ${errnoName(errno)}`);
    this.name = "LibcError";
    this.errno = errno;
    this.code = errnoName(errno);
  }
}

function errno(): number {
  const p = libc().__errno_location();
  if (p === null) return ERRNO.EIO;
  return new Deno.UnsafePointerView(p).getInt32();
}

/** A NUL-terminated C string. */
function cstr(s: string): Uint8Array<ArrayBuffer> {
  const b = new TextEncoder().encode(s + "\0");
  const out = new Uint8Array(new ArrayBuffer(b.length));
  out.set(b);
  return out;
}

/** `O_RDWR | O_NONBLOCK | O_CLOEXEC`: how `/dev/fuse` is opened. */
const O_RDWR = 0o2;
const O_NONBLOCK = 0o4000;
const O_CLOEXEC = 0o2000000;

/**
 * Opens a device read-write, non-blocking (reads are awaited with {@linkcode pollIn}).
 *
 * @param path The device, e.g. `/dev/fuse`.
 * @returns The file descriptor.
 */
export function openDevice(path: string): number {
  const fd = libc().open(cstr(path), O_RDWR | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0) throw new LibcError(`open ${path}`, errno());
  return fd;
}

/** Closes a file descriptor (errors ignored: there is nothing left to do about them). */
export function closeFd(fd: number): void {
  libc().close(fd);
}

/**
 * One non-blocking `read`.
 *
 * @returns Bytes read, or a negative errno (`-EAGAIN` when nothing is ready).
 */
export function readFd(fd: number, buf: Uint8Array<ArrayBuffer>): number {
  const n = Number(libc().read(fd, buf, BigInt(buf.length)));
  return n >= 0 ? n : -errno();
}

/**
 * `writev` of the given buffers in one system call (the kernel takes a FUSE reply whole).
 *
 * @returns Bytes written, or a negative errno.
 */
export function writevFd(fd: number, parts: readonly Uint8Array[]): number {
  const iov = new BigUint64Array(new ArrayBuffer(16 * parts.length));
  for (const [i, p] of parts.entries()) {
    const ptr = p.length === 0 ? null : Deno.UnsafePointer.of(p as Uint8Array<ArrayBuffer>);
    iov[2 * i] = ptr === null ? 0n : BigInt(Deno.UnsafePointer.value(ptr));
    iov[2 * i + 1] = BigInt(p.length);
  }
  const n = Number(libc().writev(fd, iov, parts.length));
  return n >= 0 ? n : -errno();
}

/** `POLLIN`, `POLLERR`, `POLLHUP`, `POLLNVAL`. */
const POLLIN = 1;

/**
 * Waits until `fd` is readable or `timeoutMs` passes, on a worker thread.
 *
 * @returns The `revents` bits (0 on a time-out).
 */
export async function pollIn(fd: number, timeoutMs: number): Promise<number> {
  const pfd = new Uint8Array(new ArrayBuffer(8));
  const v = new DataView(pfd.buffer);
  v.setInt32(0, fd, true);
  v.setInt16(4, POLLIN, true);
  const r = await libc().poll(pfd, 1n, timeoutMs);
  return r > 0 ? v.getInt16(6, true) : 0;
}

/** `mount(2)` flags. */
export const MS_RDONLY = 1;
/** No set-uid programs. */
export const MS_NOSUID = 2;
/** No device files. */
export const MS_NODEV = 4;

/** `mount(2)`; throws {@linkcode LibcError}. */
export function mount(
  source: string,
  target: string,
  fstype: string,
  flags: number,
  data: string,
): void {
  const r = libc().mount(cstr(source), cstr(target), cstr(fstype), BigInt(flags), cstr(data));
  if (r !== 0) throw new LibcError(`mount ${target}`, errno());
}

/** `umount2` flag: detach now, clean up when no longer busy. */
export const MNT_DETACH = 2;

/** `umount2(2)`; throws {@linkcode LibcError}. */
export function umount2(target: string, flags: number): void {
  const r = libc().umount2(cstr(target), flags);
  if (r !== 0) throw new LibcError(`umount ${target}`, errno());
}

/**
 * A connected pair of Unix stream sockets. Neither end is close-on-exec, so a child process
 * inherits them (`fusermount3` gets one end as `_FUSE_COMMFD`).
 *
 * @returns The two descriptors.
 */
export function socketPair(): [number, number] {
  const sv = new Int32Array(new ArrayBuffer(8));
  if (libc().socketpair(1, /* AF_UNIX */ 1, /* SOCK_STREAM */ 0, sv) !== 0) {
    throw new LibcError("socketpair", errno());
  }
  return [sv[0]!, sv[1]!];
}

/**
 * Receives one file descriptor sent with SCM_RIGHTS on a Unix socket (waits on a worker
 * thread, so the event loop keeps running).
 *
 * @param sock The socket.
 * @returns The descriptor, or null if the peer closed without sending one.
 */
export async function receiveFd(sock: number): Promise<number | null> {
  const data = new Uint8Array(new ArrayBuffer(1));
  const iov = new BigUint64Array(new ArrayBuffer(16));
  iov[0] = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(data)));
  iov[1] = 1n;
  const control = new Uint8Array(new ArrayBuffer(24)); // CMSG_SPACE(sizeof(int))
  const msg = new Uint8Array(new ArrayBuffer(56)); // struct msghdr (x86-64, aarch64)
  const v = new DataView(msg.buffer);
  v.setBigUint64(16, BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(iov))), true);
  v.setBigUint64(24, 1n, true);
  v.setBigUint64(32, BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(control))), true);
  v.setBigUint64(40, 24n, true);
  const n = Number(await libc().recvmsg(sock, msg, 0));
  if (n <= 0) return null;
  const c = new DataView(control.buffer);
  const len = Number(c.getBigUint64(0, true));
  const level = c.getInt32(8, true);
  const type = c.getInt32(12, true);
  if (len < 20 || level !== 1 /* SOL_SOCKET */ || type !== 1 /* SCM_RIGHTS */) return null;
  // Keep the buffers alive until here: the kernel wrote into them on another thread.
  void [data, iov, control];
  return c.getInt32(16, true);
}
