/**
 * {@linkcode startTestServer}: an embedded NFS server for tests and demos.
 *
 * @module
 */
import { NO_REPLY, type RpcHandler, RpcServer } from "./_rpc_server.ts";
import { RpcProcUnavailable } from "../rpc/errors.ts";
import type { ByteStream } from "../rpc/transport.ts";
import { Export, whoOf } from "./_export.ts";
import { mount1Program, mount3Program } from "./_mount.ts";
import { nfs2Program } from "./_nfs2.ts";
import { nfs3Program } from "./_nfs3.ts";
import type { Call, IoConfig, ProgramVersion, ServerState } from "./_program.ts";

/**
 * Faults the test server injects, for reliability tests. Procedure keys are RFC names,
 * either plain ("READ": every program that has it) or qualified with the program label
 * ("NFS3 READ", "NFS2 READ", "MOUNT3 MNT", "MOUNT1 MNT").
 */
export interface TestServerFaults {
  /** Delay the replies of these procedures by so many milliseconds. */
  delay?: Record<string, number>;
  /**
   * Cut the connection after this many more reply bytes were sent (counted from when the
   * fault was set, on any connection): the write is cut mid-record and the connection
   * closed. It fires once, then clears itself.
   */
  dropAfterBytes?: number;
  /** Answer these procedures with this NFS (or MOUNT) status instead of executing them. */
  status?: Record<string, number>;
  /** Never answer these procedures (the caller times out or retransmits). */
  silent?: Record<string, boolean>;
}

/**
 * Options for {@linkcode startTestServer}.
 */
export interface TestServerOptions {
  /**
   * The local directory to export (it must exist). Without it the server makes a fresh
   * temporary directory (mode 0755) and removes it, with its contents, when it stops.
   */
  dir?: string;
  /** NFS versions to serve (default [2, 3]): NFSv3 with MOUNT v3, NFSv2 with MOUNT v1. */
  versions?: readonly (2 | 3)[];
  /** The path clients mount (default: the absolute real path of `dir`), e.g. "/export". */
  exportPath?: string;
  /** Address to listen on (default "127.0.0.1"). */
  hostname?: string;
  /** TCP port for NFS and MOUNT (default 0: a free port). */
  port?: number;
  /**
   * Serve UDP too, on the same port number (default false; `startTestServer` only). Each
   * datagram is one call, answered by the same handlers; there is no duplicate request
   * cache, so a retransmitted REMOVE is carried out again (and answers NOENT).
   */
  udp?: boolean;
  /** Faults to inject from the start; change them later with {@linkcode TestServer.faults}. */
  faults?: TestServerFaults;
  /** Largest READ (FSINFO rtmax, default 1 MiB; NFSv2 always uses 8 KiB). */
  rtmax?: number;
  /** Preferred READ size (FSINFO rtpref, default 1 MiB). */
  rtpref?: number;
  /** Largest WRITE (FSINFO wtmax, default 1 MiB). */
  wtmax?: number;
  /** Preferred WRITE size (FSINFO wtpref, default 1 MiB). */
  wtpref?: number;
  /** Preferred READDIR size (FSINFO dtpref, default 64 KiB). */
  dtpref?: number;
  /** Longest name accepted, in bytes (PATHCONF name_max, default 255). */
  nameMax?: number;
  /** Refuse every change with NFS3ERR_ROFS (default false). */
  readOnly?: boolean;
}

/**
 * Counters of a {@linkcode TestServer}, from {@linkcode TestServer.stats}.
 */
export interface TestServerStats {
  /** Calls received per procedure, keyed by qualified name, e.g. `{ "NFS3 READ": 4 }`. */
  calls: Record<string, number>;
  /** Connections accepted. */
  connections: number;
  /** Reply bytes written. */
  bytesSent: number;
}

const MIB = 1 << 20;

function pick<T>(
  map: Record<string, T> | undefined,
  qualified: string,
  plain: string,
): T | undefined {
  if (map === undefined) return undefined;
  return Object.hasOwn(map, qualified)
    ? map[qualified]
    : Object.hasOwn(map, plain)
    ? map[plain]
    : undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

function canChown(): boolean {
  try {
    return Deno.uid() === 0;
  } catch {
    return false;
  }
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/**
 * An embedded NFS server **for tests and demos**: it serves one local directory over NFSv3
 * + MOUNT v3 and NFSv2 + MOUNT v1 on a single loopback TCP port, built on
 * {@linkcode RpcServer} and Deno's file APIs. It is structurally a `TestServer` of
 * `tests/servers/` (name, host, nfsPort, mountPort, exportPath, exportDir, url, stop).
 *
 * What it guarantees: handles survive renames and go STALE when their object is deleted
 * (also behind the server's back); READDIR/READDIRPLUS pages are sized exactly to
 * count/maxcount with cookies stable per listing (an unknown cookie verifier gives
 * BAD_COOKIE); errno values map to the matching NFS status; wcc_data and post_op_attr are
 * filled; UNSTABLE writes return a per-instance verifier ({@linkcode TestServer.restart}
 * changes it) and COMMIT fsyncs; CREATE honours UNCHECKED, GUARDED and EXCLUSIVE; SETATTR
 * honours the ctime guard (NOT_SYNC).
 *
 * Access control: calls are executed with the server process's rights. For AUTH_SYS calls
 * with a uid other than 0 the mode bits are checked as well (LOOKUP: search on the
 * directory; READ: read; WRITE and SETATTR size: write; READDIR: read; creating, removing
 * and renaming entries: write and search on the directory; chmod/chown/times: owner) and
 * new objects are given to the caller's uid/gid when the server runs as root. AUTH_NONE
 * and uid 0 are not checked. MKNOD creates FIFOs (with `mkfifo`); devices and sockets get
 * NFS3ERR_NOTSUPP. Times have millisecond precision (what Deno reports).
 */
export class TestServer {
  /** The server kind, for test names. */
  readonly name: string = "testserver";
  /** Address the server listens on. */
  readonly host: string;
  /** The TCP port of NFS and MOUNT. */
  readonly port: number;
  /** The exported directory (absolute real path). */
  readonly exportDir: string;
  /** The path to pass to MOUNT MNT. */
  readonly exportPath: string;
  /** The NFS versions served. */
  readonly versions: readonly (2 | 3)[];
  readonly #rpc: RpcServer;
  readonly #state: ServerState & { writeVerf: Uint8Array };
  readonly #calls: Record<string, number> = {};
  #faults: TestServerFaults;
  #dropBase: number | undefined;
  #bytesSent = 0;
  #stopped: Promise<void> | null = null;
  /** The temporary directory the server made (no `dir` given), removed on stop. */
  readonly #ownDir: string | null;

  /** Use {@linkcode startTestServer}. */
  private constructor(options: TestServerOptions) {
    this.#ownDir = options.dir === undefined ? ownTempDir() : null;
    const ex = new Export(options.dir ?? this.#ownDir!, {
      nameMax: options.nameMax ?? 255,
      readOnly: options.readOnly ?? false,
    });
    const io: IoConfig = {
      rtmax: options.rtmax ?? MIB,
      rtpref: options.rtpref ?? options.rtmax ?? MIB,
      wtmax: options.wtmax ?? MIB,
      wtpref: options.wtpref ?? options.wtmax ?? MIB,
      dtpref: options.dtpref ?? 65536,
    };
    this.exportDir = ex.root;
    this.exportPath = options.exportPath ?? ex.root;
    if (!this.exportPath.startsWith("/")) {
      throw new TypeError(
        `Cannot start the test server: exportPath "${this.exportPath}" is not absolute`,
      );
    }
    this.versions = [...new Set<2 | 3>(options.versions ?? [2, 3])].sort();
    this.#state = {
      ex,
      io,
      writeVerf: crypto.getRandomValues(new Uint8Array(8)),
      canChown: canChown(),
      exportPath: this.exportPath,
      mounts: new Set(),
    };
    this.#faults = options.faults ?? {};
    this.#rpc = RpcServer.listen({
      hostname: options.hostname ?? "127.0.0.1",
      port: options.port ?? 0,
      wrapStream: (s) => this.#wrap(s),
    });
    this.host = this.#rpc.addr.hostname;
    this.port = this.#rpc.port;
    const programs: ProgramVersion[] = [];
    if (this.versions.includes(3)) {
      programs.push(nfs3Program(this.#state), mount3Program(this.#state));
    }
    if (this.versions.includes(2)) {
      programs.push(nfs2Program(this.#state), mount1Program(this.#state));
    }
    for (const pv of programs) this.#rpc.register(pv.prog, pv.vers, this.#handler(pv));
  }

  /**
   * Starts a server synchronously (what {@linkcode startTestServer} does).
   *
   * @param options See {@linkcode TestServerOptions}.
   * @returns The running server.
   * @throws {TypeError} If `dir` is not a directory or `exportPath` is not absolute;
   * {@linkcode Deno.errors.NotFound} if `dir` does not exist.
   */
  static start(options: TestServerOptions = {}): TestServer {
    return new TestServer(options);
  }

  /**
   * Serves UDP as well, on {@linkcode TestServer.port} (what the `udp` option does).
   *
   * @returns Settles when the UDP socket is bound.
   * @throws {Error} If that UDP port is taken.
   */
  serveUdp(): Promise<void> {
    return this.#rpc.serveUdp();
  }

  /**
   * The TCP port of NFS (the same as {@linkcode TestServer.port}).
   */
  get nfsPort(): number {
    return this.port;
  }

  /**
   * The TCP port of MOUNT (the same as {@linkcode TestServer.port}).
   */
  get mountPort(): number {
    return this.port;
  }

  /**
   * The URL to pass to `connect`: `nfs://127.0.0.1/<exportPath>?nfsport=P&mountport=P`.
   */
  get url(): string {
    return `nfs://${this.host}${
      encodePath(this.exportPath)
    }?nfsport=${this.port}&mountport=${this.port}`;
  }

  /**
   * The root directory's file handle (what MNT returns).
   */
  get rootHandle(): Uint8Array {
    return this.#state.ex.rootHandle;
  }

  /**
   * The write verifier WRITE and COMMIT return now (a copy); {@linkcode TestServer.restart}
   * changes it.
   */
  get writeVerifier(): Uint8Array {
    return this.#state.writeVerf.slice();
  }

  /**
   * The faults in effect; assign a new object or change fields of this one at any time.
   */
  get faults(): TestServerFaults {
    return this.#faults;
  }

  /**
   * Replaces the faults in effect (and restarts the `dropAfterBytes` count).
   *
   * @param f The new faults; `{}` clears them all.
   */
  set faults(f: TestServerFaults) {
    this.#faults = f;
    this.#dropBase = undefined;
  }

  /**
   * Counters: calls per procedure, connections, reply bytes.
   *
   * @returns A snapshot of the counters.
   */
  stats(): TestServerStats {
    return {
      calls: { ...this.#calls },
      connections: this.#rpc.stats().connections,
      bytesSent: this.#bytesSent,
    };
  }

  /**
   * Simulates a server reboot as clients see it: a new write verifier (UNSTABLE data must
   * be written again) and every READDIR listing forgotten (old cookie verifiers give
   * BAD_COOKIE). File handles stay valid, as with a real server.
   */
  restart(): void {
    this.#state.writeVerf = crypto.getRandomValues(new Uint8Array(8));
    this.#state.ex.dropListings();
  }

  #handler(pv: ProgramVersion): RpcHandler {
    return async (proc, args, ctx) => {
      const p = pv.procs[proc];
      if (p === undefined) return new RpcProcUnavailable(`${pv.label} procedure ${proc}`);
      const name = `${pv.label} ${p.name}`;
      this.#calls[name] = (this.#calls[name] ?? 0) + 1;
      const f = this.#faults;
      if (pick(f.silent, name, p.name)) return NO_REPLY;
      const a = p.decodeArgs(args);
      const ms = pick(f.delay, name, p.name);
      if (ms !== undefined && ms > 0) {
        await sleep(ms, ctx.signal);
        if (ctx.signal.aborted) return NO_REPLY;
      }
      const status = pick(f.status, name, p.name);
      let res = status !== undefined ? pv.failRes(p.name, status) : undefined;
      if (res === undefined) {
        const call: Call = { cred: ctx.cred, who: whoOf(ctx.cred), remote: ctx.remote };
        res = await pv.impl[p.name]!(a, call);
      }
      return (w) => p.encodeRes(w, res);
    };
  }

  /** Counts reply bytes and cuts the stream for the `dropAfterBytes` fault. */
  #wrap(s: ByteStream): ByteStream {
    return {
      read: (p) => s.read(p),
      close: () => s.close(),
      write: async (p) => {
        const limit = this.#faults.dropAfterBytes;
        if (limit === undefined) {
          this.#dropBase = undefined;
          const n = await s.write(p);
          this.#bytesSent += n;
          return n;
        }
        this.#dropBase ??= this.#bytesSent;
        const left = Math.max(0, limit - (this.#bytesSent - this.#dropBase));
        if (left > p.length) {
          const n = await s.write(p);
          this.#bytesSent += n;
          return n;
        }
        // This write reaches the limit: send exactly `left` bytes, then cut the connection.
        delete this.#faults.dropAfterBytes;
        this.#dropBase = undefined;
        this.#bytesSent += left;
        let off = 0;
        try {
          while (off < left) off += await s.write(p.subarray(off, left));
        } finally {
          try {
            s.close();
          } catch { /* already closed */ }
        }
        throw new Deno.errors.ConnectionReset("Connection cut by the dropAfterBytes fault");
      },
    };
  }

  /**
   * Stops the server: closes the port and every connection, and waits for all calls; then
   * removes the temporary directory it made when no `dir` was given. Stopping twice is a
   * no-op.
   *
   * @returns A promise that resolves once the server is stopped.
   */
  stop(): Promise<void> {
    this.#stopped ??= this.#rpc.close().then(async () => {
      if (this.#ownDir !== null) await Deno.remove(this.#ownDir, { recursive: true });
    });
    return this.#stopped;
  }

  /**
   * Same as {@linkcode TestServer.stop}, for `await using`.
   *
   * @returns A promise that resolves once the server is stopped.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}

/** A fresh temporary export directory, searchable by other uids (as exports are). */
function ownTempDir(): string {
  const dir = Deno.makeTempDirSync({ prefix: "nfs-testserver-" });
  Deno.chmodSync(dir, 0o755);
  return dir;
}

/**
 * Starts an embedded NFS server **for tests and demos** that serves `dir` over NFSv3 +
 * MOUNT v3 and NFSv2 + MOUNT v1 on one loopback port (port 0 = a free one).
 *
 * @param options The directory, versions, export path, port, faults and limits.
 * @returns The running server; `stop()` it or use `await using`.
 * @throws {TypeError} If `dir` is not a directory or `exportPath` is not absolute;
 * {@linkcode Deno.errors.NotFound} if `dir` does not exist.
 * @example
 * ```ts
 * import { assertEquals, assertRejects } from "@std/assert";
 * import { connect, ServerFault } from "@nfs/client";
 * import { startTestServer } from "@nfs/client/testing";
 *
 * await using server = await startTestServer({ exportPath: "/export" });
 * const port = server.port; // one free port for NFS and MOUNT
 * assertEquals(server.url, `nfs://127.0.0.1/export?nfsport=${port}&mountport=${port}`);
 * await using nfs = await connect(server.url);
 * await nfs.writeTextFile("a.txt", "hello");
 * assertEquals(await Deno.readTextFile(`${server.exportDir}/a.txt`), "hello");
 * assertEquals(server.stats().calls["NFS3 WRITE"], 1);
 *
 * server.faults = { status: { "NFS3 GETATTR": 10006 } }; // answer NFS3ERR_SERVERFAULT
 * await assertRejects(() => nfs.stat("."), ServerFault);
 * server.faults = {};
 * assertEquals((await nfs.stat(".")).isDirectory, true);
 * ```
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const server = TestServer.start(options);
  if (options.udp) {
    try {
      await server.serveUdp();
    } catch (e) {
      await server.stop();
      throw e;
    }
  }
  return server;
}
