/**
 * Client codecs of MOUNT version 1 (RFC 1094 Appendix A): `fhstatus` is its one type of its
 * own; `dirpath` and the lists are shared with MOUNT v3 (`nfs/_mount.ts`).
 *
 * @module
 */
import type { XdrReader } from "../../xdr/mod.ts";
import { ownBytes } from "../_program.ts";
import { FHSIZE, type Fhstatus, type FhstatusFail } from "./types.ts";

/*
 * typedef opaque fhandle[FHSIZE];
 * union fhstatus switch (unsigned status) {
 * case 0:
 *      fhandle directory;
 * default:
 *      void;
 * };
 */
/** Decodes `fhstatus` (MNT's result; the handle is a copy). */
export function decodeFhstatus(r: XdrReader): Fhstatus {
  const status = r.uint("fhstatus.status");
  if (status !== 0) return { status: status as FhstatusFail };
  return { status: 0, directory: ownBytes(r.opaqueFixed(FHSIZE, "fhstatus.directory")) };
}
