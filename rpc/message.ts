import { XdrError, type XdrReader, type XdrWriter } from "../xdr/mod.ts";
import type { Auth } from "./auth.ts";
import {
  AcceptStat,
  AuthFlavor,
  MAX_AUTH_BYTES,
  MsgType,
  RejectStat,
  ReplyStat,
  RPC_VERSION,
} from "./constants.ts";
import {
  RpcAuthError,
  type RpcError,
  RpcGarbageArgs,
  RpcMismatch,
  RpcProcUnavailable,
  RpcProgMismatch,
  RpcProgUnavailable,
  RpcProtocolError,
  RpcSystemError,
} from "./errors.ts";

/**
 * Writes an RPC call header (RFC 5531 section 9, `call_body`) with `cred` and an AUTH_NONE
 * verifier.
 *
 * @throws {RangeError} If a number does not fit its field or the credential body is over 400 bytes.
 */
export function encodeCallHeader(
  w: XdrWriter,
  xid: number,
  prog: number,
  vers: number,
  proc: number,
  cred: Auth,
): void {
  w.uint(xid);
  w.uint(MsgType.CALL);
  w.uint(RPC_VERSION);
  w.uint(prog);
  w.uint(vers);
  w.uint(proc);
  w.uint(cred.flavor);
  w.opaque(cred.body, MAX_AUTH_BYTES);
  w.uint(AuthFlavor.AUTH_NONE); // verifier
  w.uint(0); // of 0 bytes
}

/** The outcome of a reply header: success (results follow) or an RPC-level error. */
export type ReplyOutcome =
  | { ok: true }
  | {
    ok: false;
    error: RpcError;
    /**
     * Set when the header broke the protocol in a way the Linux client and libnfs accept,
     * and the error is the reading they take (see docs/ARCHITECTURE.md, "Strictness"):
     * `"progMismatchWithoutInfo"`, a PROG_MISMATCH without its mismatch_info (go-nfs
     * answers an unknown procedure so; it means PROC_UNAVAIL).
     */
    deviation?: "progMismatchWithoutInfo";
  };

/**
 * Decodes a reply header after the XID (RFC 5531 section 9, `reply_body`): leaves the reader
 * right after `accept_stat` on success.
 *
 * @param r Reader positioned after the XID.
 * @param call The call's name, for errors.
 * @returns Success, or the typed error the header carries.
 * @throws {XdrError} If the header is malformed.
 */
export function decodeReplyHeader(r: XdrReader, call: string): ReplyOutcome {
  const at = r.position;
  const mtype = r.uint("msg_type");
  if (mtype !== MsgType.REPLY) throw new XdrError("msg_type", at, `${mtype} is not REPLY`);
  const rs = r.uint("reply_stat");
  if (rs === ReplyStat.MSG_ACCEPTED) {
    r.uint("verf.flavor");
    r.opaqueView(MAX_AUTH_BYTES, "verf.body");
    const st = r.uint("accept_stat");
    switch (st) {
      case AcceptStat.SUCCESS:
        return { ok: true };
      case AcceptStat.PROG_UNAVAIL:
        return { ok: false, error: new RpcProgUnavailable(call) };
      case AcceptStat.PROG_MISMATCH: {
        if (r.remaining === 0) {
          // No mismatch_info at all: go-nfs numbers accept_stat off by one and sends 2 for
          // PROC_UNAVAIL (which has no body). Nothing is read past the record.
          return {
            ok: false,
            error: new RpcProcUnavailable(call),
            deviation: "progMismatchWithoutInfo",
          };
        }
        const low = r.uint("mismatch_info.low");
        const high = r.uint("mismatch_info.high");
        return { ok: false, error: new RpcProgMismatch(call, low, high) };
      }
      case AcceptStat.PROC_UNAVAIL:
        return { ok: false, error: new RpcProcUnavailable(call) };
      case AcceptStat.GARBAGE_ARGS:
        return { ok: false, error: new RpcGarbageArgs(call) };
      case AcceptStat.SYSTEM_ERR:
        return { ok: false, error: new RpcSystemError(call) };
      default:
        return {
          ok: false,
          error: new RpcProtocolError(`${call}: unknown accept_stat ${st} in reply`, call),
        };
    }
  }
  if (rs === ReplyStat.MSG_DENIED) {
    const rj = r.uint("reject_stat");
    if (rj === RejectStat.RPC_MISMATCH) {
      const low = r.uint("mismatch_info.low");
      const high = r.uint("mismatch_info.high");
      return { ok: false, error: new RpcMismatch(call, low, high) };
    }
    if (rj === RejectStat.AUTH_ERROR) {
      return { ok: false, error: new RpcAuthError(call, r.uint("auth_stat")) };
    }
    throw new XdrError("reject_stat", r.position - 4, `${rj} is not a valid reject_stat`);
  }
  throw new XdrError("reply_stat", at + 4, `${rs} is not a valid reply_stat`);
}
