/**
 * XDR (RFC 4506) over mbuf chains: an encoder that attaches bulk data without copying it,
 * and a strict, bounded decoder that reads straight off received clusters.
 *
 * @example
 * ```ts
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * w.uhyper(1n << 40n);
 * w.string("file.txt");
 * const chain = w.finish();
 * const r = new XdrReader(chain);
 * console.log(r.uhyper(), r.string(255)); // 1099511627776n "file.txt"
 * chain.release();
 * ```
 *
 * @module
 */
export * from "./error.ts";
export * from "./writer.ts";
export * from "./reader.ts";
export * from "./names.ts";
