import { XdrWriter } from "../xdr/mod.ts";
import { AuthFlavor, MAX_AUTH_BYTES, MAX_AUTH_SYS_GIDS, MAX_MACHINE_NAME } from "./constants.ts";

/** A credential, encoded once: `flavor` and the XDR `opaque_auth` body. */
export interface Auth {
  /** The auth flavor number. */
  readonly flavor: number;
  /** The encoded credential body (at most 400 bytes). */
  readonly body: Uint8Array;
}

/** AUTH_NONE (flavor 0, empty body). */
export const AUTH_NONE: Auth = Object.freeze({
  flavor: AuthFlavor.AUTH_NONE,
  body: new Uint8Array(0),
});

/** Parameters of an AUTH_SYS credential (RFC 5531 appendix A). */
export interface AuthSysParams {
  /** Caller's machine name (at most 255 bytes); default "localhost". */
  machineName?: string;
  /** Effective user id. */
  uid: number;
  /** Effective group id. */
  gid: number;
  /** Supplementary group ids (at most 16). */
  gids?: readonly number[];
  /** Arbitrary id the server may use to tell callers apart; default: seconds since epoch. */
  stamp?: number;
}

/**
 * Builds an AUTH_SYS credential (`authsys_parms`, RFC 5531 appendix A).
 *
 * @param p uid, gid, groups and machine name.
 * @returns The encoded credential.
 * @throws {RangeError} If an id is not a 32-bit unsigned integer, there are more than 16
 * groups, or the machine name is longer than 255 bytes.
 */
export function authSys(p: AuthSysParams): Auth {
  const gids = p.gids ?? [];
  if (gids.length > MAX_AUTH_SYS_GIDS) {
    throw new RangeError(
      `Cannot build AUTH_SYS credential: ${gids.length} groups, at most ${MAX_AUTH_SYS_GIDS}`,
    );
  }
  const w = new XdrWriter();
  w.uint(p.stamp ?? (Math.floor(Date.now() / 1000) >>> 0));
  w.string(p.machineName ?? "localhost", MAX_MACHINE_NAME);
  w.uint(p.uid);
  w.uint(p.gid);
  w.array(gids, (w, g) => w.uint(g), MAX_AUTH_SYS_GIDS);
  const chain = w.finish();
  const body = chain.toBytes();
  chain.release();
  if (body.length > MAX_AUTH_BYTES) {
    throw new RangeError(
      `Cannot build AUTH_SYS credential: ${body.length} bytes, at most ${MAX_AUTH_BYTES}`,
    );
  }
  return Object.freeze({ flavor: AuthFlavor.AUTH_SYS, body });
}
