/**
 * Codecs of MOUNT version 1 (RFC 1094 Appendix A). `dirpath`, the mount list and the export
 * list have the MOUNT v3 XDR and use its codecs (`encodeDirpath`, `decodeMountlist`,
 * `decodeExports`, ...); `fhstatus` is the one type of its own.
 *
 * @module
 */
import type { XdrReader, XdrWriter } from "../../xdr/mod.ts";
import { decodeFhandle, encodeFhandle } from "../v2/codec_types.ts";
import type { NfsstatFail } from "../v2/types.ts";
import type { Fhstatus } from "./types.ts";

// RFC 1094 Appendix A.4.2 fhstatus, A.5.2 MNT

/**
 * RFC 1094 Appendix A.4.2: encodes `fhstatus` (the MNT result).
 *
 * @param w The writer.
 * @param res The result.
 * @throws {RangeError} If the status is 0 and the handle is not 32 bytes.
 * @example
 * ```ts
 * import { encodeFhstatus } from "@nfs/client/nfs";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeFhstatus(w, { status: 0, directory: new Uint8Array(32) });
 * using chain = w.finish();
 * console.log(chain.byteLength); // => 36
 * ```
 */
export function encodeFhstatus(w: XdrWriter, res: Fhstatus): void {
  w.uint(res.status);
  if (res.status === 0) encodeFhandle(w, res.directory);
}

/**
 * RFC 1094 Appendix A.4.2: decodes `fhstatus` (the MNT result).
 *
 * @param r The reader.
 * @returns `{ status: 0, directory }` or `{ status }` (a UNIX errno).
 * @throws {XdrError} If the input is truncated.
 * @example
 * ```ts
 * import { decodeFhstatus, encodeFhstatus } from "@nfs/client/nfs";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * encodeFhstatus(w, { status: 13 }); // EACCES: no handle follows
 * using chain = w.finish();
 * console.log(decodeFhstatus(new XdrReader(chain))); // => { status: 13 }
 * ```
 */
export function decodeFhstatus(r: XdrReader): Fhstatus {
  const status = r.uint("fhstatus.status");
  if (status !== 0) return { status: status as NfsstatFail };
  return { status: 0, directory: decodeFhandle(r, "fhstatus.directory") };
}
