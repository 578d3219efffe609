/**
 * ONC RPC v2 wire constants (RFC 5531 section 9 and appendix A), named as in the RFC.
 *
 * @module
 */

/**
 * RPC protocol version carried in every call (RFC 5531 section 9).
 *
 * @example
 * ```ts
 * import { RPC_VERSION } from "@nfs/client/rpc";
 * console.log(RPC_VERSION); // => 2
 * ```
 */
export const RPC_VERSION = 2;

/**
 * `msg_type` (RFC 5531 section 9).
 *
 * @example
 * ```ts
 * import { MsgType } from "@nfs/client/rpc";
 * console.log(MsgType.REPLY); // => 1
 * ```
 */
export const MsgType = { CALL: 0, REPLY: 1 } as const;
/**
 * `msg_type` values.
 *
 * @example
 * ```ts
 * import { MsgType } from "@nfs/client/rpc";
 * const t: MsgType = MsgType.CALL;
 * console.log(t); // => 0
 * ```
 */
export type MsgType = typeof MsgType[keyof typeof MsgType];

/**
 * `reply_stat` (RFC 5531 section 9).
 *
 * @example
 * ```ts
 * import { ReplyStat } from "@nfs/client/rpc";
 * console.log(ReplyStat.MSG_DENIED); // => 1
 * ```
 */
export const ReplyStat = { MSG_ACCEPTED: 0, MSG_DENIED: 1 } as const;
/**
 * `reply_stat` values.
 *
 * @example
 * ```ts
 * import { ReplyStat } from "@nfs/client/rpc";
 * const s: ReplyStat = ReplyStat.MSG_ACCEPTED;
 * console.log(s); // => 0
 * ```
 */
export type ReplyStat = typeof ReplyStat[keyof typeof ReplyStat];

/**
 * `accept_stat` (RFC 5531 section 9).
 *
 * @example
 * ```ts
 * import { AcceptStat } from "@nfs/client/rpc";
 * console.log(AcceptStat.GARBAGE_ARGS); // => 4
 * ```
 */
export const AcceptStat = {
  SUCCESS: 0,
  PROG_UNAVAIL: 1,
  PROG_MISMATCH: 2,
  PROC_UNAVAIL: 3,
  GARBAGE_ARGS: 4,
  SYSTEM_ERR: 5,
} as const;
/**
 * `accept_stat` values.
 *
 * @example
 * ```ts
 * import { AcceptStat } from "@nfs/client/rpc";
 * const s: AcceptStat = AcceptStat.SUCCESS;
 * console.log(s); // => 0
 * ```
 */
export type AcceptStat = typeof AcceptStat[keyof typeof AcceptStat];

/**
 * `reject_stat` (RFC 5531 section 9).
 *
 * @example
 * ```ts
 * import { RejectStat } from "@nfs/client/rpc";
 * console.log(RejectStat.AUTH_ERROR); // => 1
 * ```
 */
export const RejectStat = { RPC_MISMATCH: 0, AUTH_ERROR: 1 } as const;
/**
 * `reject_stat` values.
 *
 * @example
 * ```ts
 * import { RejectStat } from "@nfs/client/rpc";
 * const s: RejectStat = RejectStat.RPC_MISMATCH;
 * console.log(s); // => 0
 * ```
 */
export type RejectStat = typeof RejectStat[keyof typeof RejectStat];

/**
 * `auth_flavor` numbers (RFC 5531 section 8.2 and appendix A).
 *
 * @example
 * ```ts
 * import { AuthFlavor } from "@nfs/client/rpc";
 * console.log(AuthFlavor.AUTH_SYS); // => 1
 * ```
 */
export const AuthFlavor = {
  AUTH_NONE: 0,
  AUTH_SYS: 1,
  AUTH_SHORT: 2,
  AUTH_DH: 3,
  RPCSEC_GSS: 6,
} as const;
/**
 * `auth_flavor` values.
 *
 * @example
 * ```ts
 * import { AuthFlavor } from "@nfs/client/rpc";
 * const f: AuthFlavor = AuthFlavor.RPCSEC_GSS;
 * console.log(f); // => 6
 * ```
 */
export type AuthFlavor = typeof AuthFlavor[keyof typeof AuthFlavor];

/**
 * `auth_stat` (RFC 5531 section 9), by number.
 *
 * @example
 * ```ts
 * import { AUTH_STAT_NAMES } from "@nfs/client/rpc";
 * console.log(AUTH_STAT_NAMES[5]); // => "AUTH_TOOWEAK"
 * ```
 */
export const AUTH_STAT_NAMES: Readonly<Record<number, string>> = {
  0: "AUTH_OK",
  1: "AUTH_BADCRED",
  2: "AUTH_REJECTEDCRED",
  3: "AUTH_BADVERF",
  4: "AUTH_REJECTEDVERF",
  5: "AUTH_TOOWEAK",
  6: "AUTH_INVALIDRESP",
  7: "AUTH_FAILED",
  8: "AUTH_KERB_GENERIC",
  9: "AUTH_TIMEEXPIRE",
  10: "AUTH_TKT_FILE",
  11: "AUTH_DECODE",
  12: "AUTH_NET_ADDR",
  13: "RPCSEC_GSS_CREDPROBLEM",
  14: "RPCSEC_GSS_CTXPROBLEM",
};

/**
 * Largest opaque_auth body (RFC 5531 section 8.2).
 *
 * @example
 * ```ts
 * import { MAX_AUTH_BYTES } from "@nfs/client/rpc";
 * console.log(MAX_AUTH_BYTES); // => 400
 * ```
 */
export const MAX_AUTH_BYTES = 400;

/**
 * Well-known program numbers (RFC 5531 appendix C).
 *
 * @example
 * ```ts
 * import { Program } from "@nfs/client/rpc";
 * console.log(Program.NFS, Program.MOUNT); // => 100003 100005
 * ```
 */
export const Program = { PORTMAP: 100000, NFS: 100003, MOUNT: 100005 } as const;

/**
 * Record-marking: the last-fragment bit of the 4-byte fragment header (RFC 5531 section 11).
 *
 * @example
 * ```ts
 * import { LAST_FRAGMENT } from "@nfs/client/rpc";
 * console.log(LAST_FRAGMENT.toString(16)); // => "80000000"
 * ```
 */
export const LAST_FRAGMENT = 0x80000000;
