import { AUTH_STAT_NAMES, RPC_VERSION } from "./constants.ts";

/** Base class of every error the RPC layer raises. `call` names the call it concerns. */
export class RpcError extends Error {
  /** The call, e.g. "NFS3 READ", or undefined for connection-wide errors. */
  readonly call: string | undefined;
  /**
   * Creates a RpcError.
   *
   * @param message What could not be done.
   * @param call The call's name.
   * @param options Standard error options (cause).
   */
  constructor(message: string, call?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RpcError";
    this.call = call;
  }
}

/** The server does not serve the program (accept_stat PROG_UNAVAIL). */
export class RpcProgUnavailable extends RpcError {
  /**
   * Creates a RpcProgUnavailable.
   *
   * @param call The call's name.
   */
  constructor(call: string) {
    super(`${call}: program unavailable on the server (PROG_UNAVAIL)`, call);
    this.name = "RpcProgUnavailable";
  }
}

/** The server does not serve this version of the program (PROG_MISMATCH). */
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

/** The server does not know the procedure (PROC_UNAVAIL). */
export class RpcProcUnavailable extends RpcError {
  /**
   * Creates a RpcProcUnavailable.
   *
   * @param call The call's name.
   */
  constructor(call: string) {
    super(`${call}: procedure unavailable on the server (PROC_UNAVAIL)`, call);
    this.name = "RpcProcUnavailable";
  }
}

/** The server could not decode the arguments (GARBAGE_ARGS). */
export class RpcGarbageArgs extends RpcError {
  /**
   * Creates a RpcGarbageArgs.
   *
   * @param call The call's name.
   */
  constructor(call: string) {
    super(`${call}: the server could not decode the arguments (GARBAGE_ARGS)`, call);
    this.name = "RpcGarbageArgs";
  }
}

/** The server failed internally (SYSTEM_ERR). */
export class RpcSystemError extends RpcError {
  /**
   * Creates a RpcSystemError.
   *
   * @param call The call's name.
   */
  constructor(call: string) {
    super(`${call}: the server reported a system error (SYSTEM_ERR)`, call);
    this.name = "RpcSystemError";
  }
}

/** The server rejected the credentials (MSG_DENIED, AUTH_ERROR). */
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
   */
  constructor(call: string, authStat: number) {
    const name = AUTH_STAT_NAMES[authStat] ?? `auth_stat ${authStat}`;
    super(`${call}: the server rejected the credentials (${name})`, call);
    this.name = "RpcAuthError";
    this.authStat = authStat;
    this.authStatName = name;
  }
}

/** The server does not speak RPC version 2 (MSG_DENIED, RPC_MISMATCH). */
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
   */
  constructor(call: string, low: number, high: number) {
    super(
      `${call}: RPC version ${RPC_VERSION} not supported, the server supports ${low}..${high} (RPC_MISMATCH)`,
      call,
    );
    this.name = "RpcMismatch";
    this.low = low;
    this.high = high;
  }
}

/** No reply came in time (after the configured retransmissions, for soft calls). */
export class RpcTimeoutError extends RpcError {
  /**
   * Creates a RpcTimeoutError.
   *
   * @param call The call's name.
   * @param ms How long the call waited in total.
   */
  constructor(call: string, ms: number) {
    super(`${call}: no reply after ${Math.round(ms)} ms`, call);
    this.name = "RpcTimeoutError";
  }
}

/** The connection failed, closed, or could not be established. */
export class RpcConnectionError extends RpcError {
  /**
   * Creates a RpcConnectionError.
   *
   * @param message What happened.
   * @param call The call's name.
   * @param options Standard error options (cause).
   */
  constructor(message: string, call?: string, options?: ErrorOptions) {
    super(message, call, options);
    this.name = "RpcConnectionError";
  }
}

/** The peer broke the protocol: malformed or oversized record, undecodable reply. */
export class RpcProtocolError extends RpcError {
  /**
   * Creates a RpcProtocolError.
   *
   * @param message What was wrong.
   * @param call The call's name.
   * @param options Standard error options (cause).
   */
  constructor(message: string, call?: string, options?: ErrorOptions) {
    super(message, call, options);
    this.name = "RpcProtocolError";
  }
}
