import { AUTH_STAT_NAMES } from "./constants.ts";

/**
 * Base class of every error the RPC layer raises. `call` names the call it concerns.
 *
 * @example
 * ```ts
 * import { RpcError, RpcGarbageArgs } from "@nfs/client/rpc";
 * const err = new RpcGarbageArgs("NFS3 WRITE");
 * console.log(err instanceof RpcError, err.call); // => true "NFS3 WRITE"
 * ```
 */
export class RpcError extends Error {
  /** The call, e.g. "NFS3 READ", or undefined for connection-wide errors. */
  readonly call: string | undefined;
  /**
   * Creates a RpcError.
   *
   * @param message What could not be done.
   * @param call The call's name.
   * @param options Standard error options (cause).
   * @example
   * ```ts
   * import { RpcError } from "@nfs/client/rpc";
   * const err = new RpcError("Cannot connect", "NFS3 NULL");
   * console.log(err.name, err.call); // => "RpcError" "NFS3 NULL"
   * ```
   */
  constructor(message: string, call?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RpcError";
    this.call = call;
  }
}

/**
 * The server does not serve the program (accept_stat PROG_UNAVAIL).
 *
 * @example
 * ```ts
 * import { RpcClient, RpcProgUnavailable, RpcServer } from "@nfs/client/rpc";
 * await using server = RpcServer.listen();
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const spec = { prog: 400000, vers: 1, proc: 0, encode: () => {}, decode: () => {} };
 * const err = await rpc.call(spec).catch((e) => e);
 * console.log(err instanceof RpcProgUnavailable); // => true
 * ```
 */
export class RpcProgUnavailable extends RpcError {
  /**
   * Creates a RpcProgUnavailable.
   *
   * @param call The call's name.
   * @example
   * ```ts
   * import { RpcProgUnavailable } from "@nfs/client/rpc";
   * const err = new RpcProgUnavailable("MOUNT3 MNT");
   * console.log(err.message); // => "MOUNT3 MNT: program unavailable on the server (PROG_UNAVAIL)"
   * ```
   */
  constructor(call: string) {
    super(`${call}: program unavailable on the server (PROG_UNAVAIL)`, call);
    this.name = "RpcProgUnavailable";
  }
}

/**
 * The server does not serve this version of the program (PROG_MISMATCH).
 *
 * @example
 * ```ts
 * import { RpcClient, RpcProgMismatch, RpcServer } from "@nfs/client/rpc";
 * await using server = RpcServer.listen().register(400000, 1, () => () => {});
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const spec = { prog: 400000, vers: 2, proc: 0, encode: () => {}, decode: () => {} };
 * const err = await rpc.call(spec).catch((e) => e) as RpcProgMismatch;
 * console.log(err.low, err.high); // => 1 1
 * ```
 */
export class RpcProgMismatch extends RpcError {
  /** Lowest version the server supports. */
  readonly low: number;
  /** Highest version the server supports. */
  readonly high: number;
  /**
   * Creates a RpcProgMismatch.
   *
   * @param call The call's name.
   * @param low Lowest supported version.
   * @param high Highest supported version.
   * @example
   * ```ts
   * import { RpcProgMismatch } from "@nfs/client/rpc";
   * const err = new RpcProgMismatch("NFS4 NULL", 2, 3);
   * console.log(err.low, err.high); // => 2 3
   * ```
   */
  constructor(call: string, low: number, high: number) {
    super(
      `${call}: program version not served, the server supports ${low}..${high} (PROG_MISMATCH)`,
      call,
    );
    this.name = "RpcProgMismatch";
    this.low = low;
    this.high = high;
  }
}

/**
 * The server does not know the procedure (PROC_UNAVAIL).
 *
 * @example
 * ```ts
 * import { RpcProcUnavailable } from "@nfs/client/rpc";
 * const err = new RpcProcUnavailable("NFS3 FOO");
 * console.log(err.message); // => "NFS3 FOO: procedure unavailable on the server (PROC_UNAVAIL)"
 * ```
 */
export class RpcProcUnavailable extends RpcError {
  /**
   * Creates a RpcProcUnavailable.
   *
   * @param call The call's name.
   * @example
   * ```ts
   * import { RpcProcUnavailable } from "@nfs/client/rpc";
   * const err = new RpcProcUnavailable("NFS3 FOO");
   * console.log(err.name); // => "RpcProcUnavailable"
   * ```
   */
  constructor(call: string) {
    super(`${call}: procedure unavailable on the server (PROC_UNAVAIL)`, call);
    this.name = "RpcProcUnavailable";
  }
}

/**
 * The server could not decode the arguments (GARBAGE_ARGS).
 *
 * @example
 * ```ts
 * import { RpcGarbageArgs } from "@nfs/client/rpc";
 * const err = new RpcGarbageArgs("NFS3 WRITE");
 * console.log(err.name); // => "RpcGarbageArgs"
 * ```
 */
export class RpcGarbageArgs extends RpcError {
  /**
   * Creates a RpcGarbageArgs.
   *
   * @param call The call's name.
   * @example
   * ```ts
   * import { RpcGarbageArgs } from "@nfs/client/rpc";
   * const err = new RpcGarbageArgs("NFS3 WRITE");
   * console.log(err.call); // => "NFS3 WRITE"
   * ```
   */
  constructor(call: string) {
    super(`${call}: the server could not decode the arguments (GARBAGE_ARGS)`, call);
    this.name = "RpcGarbageArgs";
  }
}

/**
 * The server failed internally (SYSTEM_ERR).
 *
 * @example
 * ```ts
 * import { RpcError, RpcSystemError } from "@nfs/client/rpc";
 * const err = new RpcSystemError("NFS3 READ");
 * console.log(err instanceof RpcError); // => true
 * ```
 */
export class RpcSystemError extends RpcError {
  /**
   * Creates a RpcSystemError.
   *
   * @param call The call's name.
   * @example
   * ```ts
   * import { RpcSystemError } from "@nfs/client/rpc";
   * const err = new RpcSystemError("NFS3 READ");
   * console.log(err.name); // => "RpcSystemError"
   * ```
   */
  constructor(call: string) {
    super(`${call}: the server reported a system error (SYSTEM_ERR)`, call);
    this.name = "RpcSystemError";
  }
}

/**
 * The server rejected the credentials (MSG_DENIED, AUTH_ERROR).
 *
 * @example
 * ```ts
 * import { RpcAuthError } from "@nfs/client/rpc";
 * const err = new RpcAuthError("NFS3 LOOKUP", 1);
 * console.log(err.authStatName); // => "AUTH_BADCRED"
 * ```
 */
export class RpcAuthError extends RpcError {
  /** The auth_stat number. */
  readonly authStat: number;
  /** Its RFC name, e.g. "AUTH_TOOWEAK". */
  readonly authStatName: string;
  /**
   * Creates a RpcAuthError.
   *
   * @param call The call's name.
   * @param authStat The auth_stat number.
   * @example
   * ```ts
   * import { RpcAuthError } from "@nfs/client/rpc";
   * const err = new RpcAuthError("NFS3 GETATTR", 5);
   * console.log(err.authStat, err.authStatName); // => 5 "AUTH_TOOWEAK"
   * ```
   */
  constructor(call: string, authStat: number) {
    const name = AUTH_STAT_NAMES[authStat] ?? `auth_stat ${authStat}`;
    super(`${call}: the server rejected the credentials (${name})`, call);
    this.name = "RpcAuthError";
    this.authStat = authStat;
    this.authStatName = name;
  }
}

/**
 * The server does not speak RPC version 2 (MSG_DENIED, RPC_MISMATCH).
 *
 * @example
 * ```ts
 * import { RpcMismatch } from "@nfs/client/rpc";
 * const err = new RpcMismatch("NFS3 NULL", 3, 3);
 * console.log(err.message); // => "NFS3 NULL: RPC version 2 not supported, the server supports 3..3 (RPC_MISMATCH)"
 * ```
 */
export class RpcMismatch extends RpcError {
  /** Lowest RPC version supported. */
  readonly low: number;
  /** Highest RPC version supported. */
  readonly high: number;
  /**
   * Creates a RpcMismatch.
   *
   * @param call The call's name.
   * @param low Lowest supported RPC version.
   * @param high Highest supported RPC version.
   * @example
   * ```ts
   * import { RpcMismatch } from "@nfs/client/rpc";
   * const err = new RpcMismatch("NFS3 NULL", 3, 4);
   * console.log(err.low, err.high); // => 3 4
   * ```
   */
  constructor(call: string, low: number, high: number) {
    super(
      `${call}: RPC version 2 not supported, the server supports ${low}..${high} (RPC_MISMATCH)`,
      call,
    );
    this.name = "RpcMismatch";
    this.low = low;
    this.high = high;
  }
}

/**
 * No reply came in time (after the configured retransmissions, for soft calls).
 *
 * @example
 * ```ts
 * import { NO_REPLY, RpcClient, RpcServer, RpcTimeoutError } from "@nfs/client/rpc";
 * await using server = RpcServer.listen().register(400000, 1, () => NO_REPLY);
 * const opts = { port: server.port, hard: false, timeout: 50, retrans: 0 };
 * await using rpc = await RpcClient.connect(opts);
 * const spec = { prog: 400000, vers: 1, proc: 0, encode: () => {}, decode: () => {} };
 * console.log(await rpc.call(spec).catch((e) => e instanceof RpcTimeoutError)); // => true
 * ```
 */
export class RpcTimeoutError extends RpcError {
  /**
   * Creates a RpcTimeoutError.
   *
   * @param call The call's name.
   * @param ms How long the call waited in total.
   * @example
   * ```ts
   * import { RpcTimeoutError } from "@nfs/client/rpc";
   * const err = new RpcTimeoutError("NFS3 READ", 60000);
   * console.log(err.message); // => "NFS3 READ: no reply after 60000 ms"
   * ```
   */
  constructor(call: string, ms: number) {
    super(`${call}: no reply after ${Math.round(ms)} ms`, call);
    this.name = "RpcTimeoutError";
  }
}

/**
 * The connection failed, closed, or could not be established.
 *
 * @example
 * ```ts
 * import { RpcClient, RpcConnectionError, RpcServer } from "@nfs/client/rpc";
 * const server = RpcServer.listen();
 * const port = server.port;
 * await server.close(); // nothing listens on `port` any more
 * const err = await RpcClient.connect({ port }).catch((e) => e);
 * console.log(err instanceof RpcConnectionError); // => true
 * ```
 */
export class RpcConnectionError extends RpcError {
  /**
   * Creates a RpcConnectionError.
   *
   * @param message What happened.
   * @param call The call's name.
   * @param options Standard error options (cause).
   * @example
   * ```ts
   * import { RpcConnectionError } from "@nfs/client/rpc";
   * const err = new RpcConnectionError("Connection reset", undefined, { cause: new Error("ECONNRESET") });
   * console.log(err.call, (err.cause as Error).message); // => undefined "ECONNRESET"
   * ```
   */
  constructor(message: string, call?: string, options?: ErrorOptions) {
    super(message, call, options);
    this.name = "RpcConnectionError";
  }
}

/**
 * The peer broke the protocol: malformed or oversized record, undecodable reply.
 *
 * @example
 * ```ts
 * import { RpcClient, RpcProtocolError, RpcServer } from "@nfs/client/rpc";
 * import type { XdrReader } from "@nfs/client/xdr";
 * await using server = RpcServer.listen().register(400000, 1, () => () => {});
 * await using rpc = await RpcClient.connect({ port: server.port });
 * const spec = { prog: 400000, vers: 1, proc: 0, encode: () => {}, decode: (r: XdrReader) => r.uint() };
 * const err = await rpc.call(spec).catch((e) => e); // the reply carries no uint
 * console.log(err instanceof RpcProtocolError); // => true
 * ```
 */
export class RpcProtocolError extends RpcError {
  /**
   * Creates a RpcProtocolError.
   *
   * @param message What was wrong.
   * @param call The call's name.
   * @param options Standard error options (cause).
   * @example
   * ```ts
   * import { RpcProtocolError } from "@nfs/client/rpc";
   * const err = new RpcProtocolError("Record of 9 GiB exceeds the limit");
   * console.log(err instanceof Error, err.name); // => true "RpcProtocolError"
   * ```
   */
  constructor(message: string, call?: string, options?: ErrorOptions) {
    super(message, call, options);
    this.name = "RpcProtocolError";
  }
}
