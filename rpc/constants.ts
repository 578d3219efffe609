/**
 * ONC RPC v2 wire constants (RFC 5531 section 9 and appendix A), named as in the RFC.
 *
 * @module
 */

/** RPC protocol version carried in every call (RFC 5531 section 9). */
export const RPC_VERSION = 2;

/** `msg_type` (RFC 5531 section 9). */
export const MsgType = { CALL: 0, REPLY: 1 } as const;
/** `msg_type` values. */
export type MsgType = typeof MsgType[keyof typeof MsgType];

/** `reply_stat` (RFC 5531 section 9). */
export const ReplyStat = { MSG_ACCEPTED: 0, MSG_DENIED: 1 } as const;
/** `reply_stat` values. */
export type ReplyStat = typeof ReplyStat[keyof typeof ReplyStat];

/** `accept_stat` (RFC 5531 section 9). */
export const AcceptStat = {
  SUCCESS: 0,
  PROG_UNAVAIL: 1,
  PROG_MISMATCH: 2,
  PROC_UNAVAIL: 3,
  GARBAGE_ARGS: 4,
  SYSTEM_ERR: 5,
} as const;
/** `accept_stat` values. */
export type AcceptStat = typeof AcceptStat[keyof typeof AcceptStat];

/** `reject_stat` (RFC 5531 section 9). */
export const RejectStat = { RPC_MISMATCH: 0, AUTH_ERROR: 1 } as const;
/** `reject_stat` values. */
export type RejectStat = typeof RejectStat[keyof typeof RejectStat];

/** `auth_flavor` numbers (RFC 5531 section 8.2 and appendix A). */
export const AuthFlavor = {
  AUTH_NONE: 0,
  AUTH_SYS: 1,
  AUTH_SHORT: 2,
  AUTH_DH: 3,
  RPCSEC_GSS: 6,
} as const;
/** `auth_flavor` values. */
export type AuthFlavor = typeof AuthFlavor[keyof typeof AuthFlavor];

/** `auth_stat` (RFC 5531 section 9), by number. */
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

/** Largest opaque_auth body (RFC 5531 section 8.2). */
export const MAX_AUTH_BYTES = 400;

/** Well-known program numbers (RFC 5531 appendix C). */
export const Program = { PORTMAP: 100000, NFS: 100003, MOUNT: 100005 } as const;

/** Record-marking: the last-fragment bit of the 4-byte fragment header (RFC 5531 section 11). */
export const LAST_FRAGMENT = 0x80000000;
