/**
 * XDR (RFC 4506) over mbuf chains: an encoder that attaches bulk data without copying it,
 * and a strict, bounded decoder that reads straight off received clusters.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { XdrReader, XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * w.uhyper(1n << 40n);
 * w.string("file.txt");
 * using chain = w.finish();
 * const r = new XdrReader(chain);
 * assertEquals([r.uhyper(), r.string(255)], [1n << 40n, "file.txt"]);
 * ```
 *
 * @module
 */
export * from "./error.ts";
export * from "./writer.ts";
export * from "./reader.ts";
export * from "./names.ts";
