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

/** `auth_stat` (RFC 5531 section 9). */
export const AuthStat = {
  AUTH_OK: 0,
  AUTH_BADCRED: 1,
  AUTH_REJECTEDCRED: 2,
  AUTH_BADVERF: 3,
  AUTH_REJECTEDVERF: 4,
  AUTH_TOOWEAK: 5,
  AUTH_INVALIDRESP: 6,
  AUTH_FAILED: 7,
  AUTH_KERB_GENERIC: 8,
  AUTH_TIMEEXPIRE: 9,
  AUTH_TKT_FILE: 10,
  AUTH_DECODE: 11,
  AUTH_NET_ADDR: 12,
  RPCSEC_GSS_CREDPROBLEM: 13,
  RPCSEC_GSS_CTXPROBLEM: 14,
} as const;
/** `auth_stat` values. */
export type AuthStat = typeof AuthStat[keyof typeof AuthStat];

/** `auth_stat` names, by number. */
export const AUTH_STAT_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(AuthStat).map(([name, n]) => [n, name]),
);

/** Largest opaque_auth body (RFC 5531 section 8.2). */
export const MAX_AUTH_BYTES = 400;
/** Largest AUTH_SYS machine name (RFC 5531 appendix A). */
export const MAX_MACHINE_NAME = 255;
/** Most AUTH_SYS supplementary groups (RFC 5531 appendix A). */
export const MAX_AUTH_SYS_GIDS = 16;

/** Well-known program numbers (RFC 5531 appendix C). */
export const Program = { PORTMAP: 100000, NFS: 100003, MOUNT: 100005 } as const;

/** Record-marking: the last-fragment bit of the 4-byte fragment header (RFC 5531 section 11). */
export const LAST_FRAGMENT = 0x80000000;
