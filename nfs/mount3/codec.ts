/**
 * Client codecs of MOUNT version 3 (RFC 1813 Appendix I). `dirpath`, the mount list and the
 * export list are shared with MOUNT v1 (`nfs/_mount.ts`); the server half is in `testing/`.
 *
 * @module
 */
import type { XdrReader } from "../../xdr/mod.ts";
import { ownBytes } from "../_program.ts";
import { type Fhandle3, FHSIZE3, type Mountres3, type Mountstat3 } from "./types.ts";

/** The most auth flavors a `mountres3_ok` may list. */
export const MAX_AUTH_FLAVORS = 64;

/*
 * typedef opaque fhandle3<FHSIZE3>;
 */
/** Decodes `fhandle3` (a copy: the reply's buffers are recycled). */
export function decodeFhandle3(r: XdrReader): Fhandle3 {
  return ownBytes(r.opaqueView(FHSIZE3, "fhandle3"));
}

/*
 * struct mountres3_ok {
 *      fhandle3   fhandle;
 *      int        auth_flavors<>;
 * };
 * union mountres3 switch (mountstat3 fhs_status) {
 * case MNT3_OK:
 *      mountres3_ok  mountinfo;
 * default:
 *      void;
 * };
 */
/** Decodes `mountres3` (MNT's result). */
export function decodeMountres3(r: XdrReader): Mountres3 {
  const status = r.enum("mountstat3");
  if (status !== 0) return { status: status as Exclude<Mountstat3, 0> };
  const fhandle = decodeFhandle3(r);
  const authFlavors = r.array(MAX_AUTH_FLAVORS, (r) => r.int("auth_flavors"), 4, "auth_flavors");
  return { status: 0, fhandle, authFlavors };
}
