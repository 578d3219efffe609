import { copyBytes, MbufChain } from "../mbuf/mod.ts";
import { encodeEscapedUtf8, hasLoneSurrogate } from "./names.ts";

/**
 * Payloads shorter than this are copied inline by {@linkcode XdrWriter.opaqueExternal}, not
 * attached: one more segment costs a socket write (~4 µs), a 4 KiB copy ~0.1 µs (measured in
 * `bench/xdr_bench.ts`); page-sized and larger payloads stay zero-copy.
 */
export const INLINE_PAYLOAD_THRESHOLD = 4096;

/** Zero bytes for XDR padding, shared by every writer and never written. */
const ZERO_PAD = new Uint8Array(4);
const EMPTY_VIEW = new DataView(ZERO_PAD.buffer, 0, 0);

const UINT32_MAX = 0xffffffff;
const TWO_32 = 0x100000000;
const encoder = new TextEncoder();

function cannotEncode(v: unknown, as: string): RangeError {
  return new RangeError(`Cannot encode ${v} as ${as}`);
}

function pad4(n: number): number {
  return (4 - (n & 3)) & 3;
}

/**
 * Encodes XDR (RFC 4506) into an {@linkcode MbufChain} of pooled clusters. Bulk data can be
 * attached without a copy with {@linkcode XdrWriter.opaqueExternal}.
 *
 * Call {@linkcode XdrWriter.finish} to get the chain; the writer cannot be used after.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { XdrWriter } from "@nfs/client/xdr";
 * const w = new XdrWriter();
 * w.uint(7);
 * w.string("hello"); // length, 5 bytes, 3 of padding
 * using chain = w.finish();
 * assertEquals(chain.toBytes(), new Uint8Array([0, 0, 0, 7, 0, 0, 0, 5, 104, 101, 108, 108, 111, 0, 0, 0]));
 * ```
 */
export class XdrWriter {
  #chain: MbufChain;
  #buf: Uint8Array = ZERO_PAD;
  #dv: DataView = EMPTY_VIEW;
  #start = 0;
  #pos = 0;
  #end = 0;
  #done = false;
  /** Largest run a string asks of the chain: at most half a cluster, so always obtainable. */
  readonly #inlineMax: number;

  /**
   * Creates a XdrWriter.
   *
   * @param chain The chain to append to (default: a new chain on the default pool).
   */
  constructor(chain: MbufChain = new MbufChain()) {
    this.#chain = chain;
    this.#inlineMax = Math.min(4096, chain.pool.clusterSize / 2);
  }

  /** Bytes written so far (including what was in the chain before). */
  get length(): number {
    return this.#chain.byteLength + (this.#pos - this.#start);
  }

  #commit(): void {
    if (this.#pos > this.#start) {
      this.#chain.grow(this.#pos - this.#start);
      this.#start = this.#pos;
    }
  }

  #refill(n: number): void {
    if (this.#done) throw new TypeError("Cannot write: the XdrWriter was finished");
    this.#commit();
    const m = this.#chain.tailSpace(n);
    this.#buf = m.storage.bytes;
    this.#dv = m.storage.view;
    this.#start = this.#pos = m.offset + m.length;
    this.#end = this.#buf.length;
  }

  // The primitives below are kept small (range check, room check, one store) so the JIT
  // inlines them into a struct encoder; errors are built out of line by `cannotEncode`.

  /**
   * Writes a signed 32-bit int.
   *
   * @param v The value.
   * @throws {RangeError} Outside the int range.
   * @throws {TypeError} If the writer was finished.
   */
  int(v: number): void {
    if ((v | 0) !== v) throw cannotEncode(v, "an XDR int");
    if (this.#end - this.#pos < 4) this.#refill(4);
    const p = this.#pos;
    this.#dv.setInt32(p, v);
    this.#pos = p + 4;
  }

  /**
   * Writes an unsigned 32-bit int.
   *
   * @param v The value.
   * @throws {RangeError} Outside 0..2^32-1.
   * @throws {TypeError} If the writer was finished.
   */
  uint(v: number): void {
    if (v >>> 0 !== v) throw cannotEncode(v, "an XDR unsigned int");
    if (this.#end - this.#pos < 4) this.#refill(4);
    const p = this.#pos;
    this.#dv.setUint32(p, v);
    this.#pos = p + 4;
  }

  /**
   * Writes an enum value (a signed int on the wire).
   *
   * @param v The value.
   * @throws {RangeError} Outside the int range.
   */
  enum(v: number): void {
    this.int(v);
  }

  /**
   * Writes a bool (1 or 0).
   *
   * @param v The value.
   * @throws {TypeError} If the writer was finished.
   */
  bool(v: boolean): void {
    if (this.#end - this.#pos < 4) this.#refill(4);
    const p = this.#pos;
    this.#dv.setUint32(p, v ? 1 : 0);
    this.#pos = p + 4;
  }

  /**
   * Writes a signed 64-bit hyper.
   *
   * @param v The value.
   * @throws {RangeError} Outside the 64-bit signed range.
   */
  hyper(v: bigint): void {
    if (BigInt.asIntN(64, v) !== v) throw cannotEncode(v, "an XDR hyper");
    if (this.#end - this.#pos < 8) this.#refill(8);
    const p = this.#pos;
    this.#dv.setBigInt64(p, v);
    this.#pos = p + 8;
  }

  /**
   * Writes an unsigned 64-bit hyper.
   *
   * @param v The value.
   * @throws {RangeError} Outside 0..2^64-1.
   */
  uhyper(v: bigint): void {
    if (BigInt.asUintN(64, v) !== v) throw cannotEncode(v, "an XDR unsigned hyper");
    if (this.#end - this.#pos < 8) this.#refill(8);
    const p = this.#pos;
    this.#dv.setBigUint64(p, v);
    this.#pos = p + 8;
  }

  /**
   * Writes a safe-integer `number` as an unsigned hyper (no bigint on the hot path).
   *
   * @throws {RangeError} If `v` is negative or above 2^53-1.
   * @param v The value.
   */
  uhyperNumber(v: number): void {
    if (!(v >= 0 && Number.isSafeInteger(v))) {
      throw cannotEncode(v, "an XDR unsigned hyper: not a safe integer >= 0");
    }
    if (this.#end - this.#pos < 8) this.#refill(8);
    const p = this.#pos;
    // For 0 <= v < 2^53: `/` then `>>> 0` is the high word, `v >>> 0` the low one (modulo
    // 2^32 by definition), both exact and without a slow floating-point `%`.
    this.#dv.setUint32(p, (v / TWO_32) >>> 0);
    this.#dv.setUint32(p + 4, v >>> 0);
    this.#pos = p + 8;
  }

  /**
   * Writes a safe-integer `number` as a signed hyper.
   *
   * @throws {RangeError} If `v` is not a safe integer.
   * @param v The value.
   */
  hyperNumber(v: number): void {
    if (!Number.isSafeInteger(v)) throw cannotEncode(v, "an XDR hyper: not a safe integer");
    if (this.#end - this.#pos < 8) this.#refill(8);
    const p = this.#pos;
    const hi = Math.floor(v / TWO_32);
    this.#dv.setInt32(p, hi);
    this.#dv.setUint32(p + 4, v >>> 0);
    this.#pos = p + 8;
  }

  /**
   * Writes a 32-bit IEEE float.
   *
   * @param v The value.
   */
  float(v: number): void {
    if (this.#end - this.#pos < 4) this.#refill(4);
    const p = this.#pos;
    this.#dv.setFloat32(p, v);
    this.#pos = p + 4;
  }

  /**
   * Writes a 64-bit IEEE double.
   *
   * @param v The value.
   */
  double(v: number): void {
    if (this.#end - this.#pos < 8) this.#refill(8);
    const p = this.#pos;
    this.#dv.setFloat64(p, v);
    this.#pos = p + 8;
  }

  /** Writes nothing (XDR void), for symmetry with the RFC. */
  void(): void {}

  /**
   * Writes fixed-length opaque data (copied into the clusters, counted as header bytes) and
   * its zero padding.
   *
   * @param bytes The data.
   * @param length The declared fixed length; `bytes` must have exactly this length.
   * @throws {RangeError} If `bytes.length` is not `length`.
   */
  opaqueFixed(bytes: Uint8Array, length: number = bytes.length): void {
    if (bytes.length !== length) {
      throw new RangeError(`Cannot encode fixed opaque[${length}] from ${bytes.length} bytes`);
    }
    this.#copyIn(bytes, "header");
    this.#zeros(pad4(bytes.length));
  }

  /**
   * Writes variable-length opaque data: the length then the bytes (copied, counted as
   * header bytes) and padding. For bulk data use {@linkcode XdrWriter.opaqueExternal}.
   *
   * @param bytes The data.
   * @param max Maximum length allowed by the protocol.
   * @throws {RangeError} If `bytes` is longer than `max`.
   */
  opaque(bytes: Uint8Array, max: number = UINT32_MAX): void {
    if (bytes.length > max) {
      throw new RangeError(`Cannot encode opaque of ${bytes.length} bytes: maximum is ${max}`);
    }
    this.uint(bytes.length);
    this.#copyIn(bytes, "header");
    this.#zeros(pad4(bytes.length));
  }

  /**
   * Writes variable-length opaque bulk data without copying it: the length goes into the
   * current cluster, `bytes` itself is attached as an external mbuf, then a shared zero pad.
   * Payloads below {@linkcode INLINE_PAYLOAD_THRESHOLD} are copied (counted as payload).
   *
   * The caller must not modify `bytes` until the chain is released (`release` is then called).
   *
   * @param bytes The caller's data.
   * @param release Called once when the chain lets go of `bytes` (or right away if copied).
   */
  opaqueExternal(bytes: Uint8Array, release?: () => void): void {
    this.uint(bytes.length);
    if (bytes.length < INLINE_PAYLOAD_THRESHOLD) {
      this.#copyIn(bytes, "payload");
      this.#zeros(pad4(bytes.length));
      release?.();
      return;
    }
    if (this.#done) throw new TypeError("Cannot write: the XdrWriter was finished");
    this.#commit();
    this.#chain.appendExternal(bytes, release);
    const p = pad4(bytes.length);
    if (p > 0) this.#chain.appendExternal(ZERO_PAD.subarray(0, p));
    this.#start = this.#pos = this.#end = 0;
  }

  /**
   * Writes a string as UTF-8 (length, bytes, padding).
   *
   * @param s The string.
   * @param max Maximum encoded length in bytes.
   * @throws {RangeError} If the UTF-8 encoding is longer than `max`.
   */
  string(s: string, max: number = UINT32_MAX): void {
    // Encode straight into the cluster when the worst case fits, then backfill the length.
    const worst = s.length * 3;
    if (worst + 8 > this.#end - this.#pos && worst + 8 <= this.#inlineMax) this.#refill(worst + 8);
    if (worst + 8 <= this.#end - this.#pos) {
      const lenAt = this.#pos;
      const { written } = encoder.encodeInto(s, this.#buf.subarray(lenAt + 4, lenAt + 4 + worst));
      if (written > max) {
        throw new RangeError(`Cannot encode string of ${written} bytes: maximum is ${max}`);
      }
      this.#dv.setUint32(lenAt, written);
      this.#pos = lenAt + 4 + written;
      this.#zeros(pad4(written));
      return;
    }
    const bytes = encoder.encode(s);
    if (bytes.length > max) {
      throw new RangeError(`Cannot encode string of ${bytes.length} bytes: maximum is ${max}`);
    }
    this.opaque(bytes);
  }

  /**
   * Writes a string byte-faithfully: as UTF-8, except that each lone surrogate
   * U+DC80..U+DCFF is written as the byte it stands for (see {@linkcode encodeEscapedUtf8}),
   * so a name read with {@linkcode XdrReader.stringEscaped} goes back as the same bytes.
   *
   * @param s The string.
   * @param max Maximum encoded length in bytes.
   * @throws {RangeError} If the encoding is longer than `max`.
   * @throws {TypeError} If `s` holds a lone surrogate that stands for no byte.
   */
  stringEscaped(s: string, max: number = UINT32_MAX): void {
    if (!hasLoneSurrogate(s)) {
      this.string(s, max);
      return;
    }
    const bytes = encodeEscapedUtf8(s);
    if (bytes.length > max) {
      throw new RangeError(`Cannot encode string of ${bytes.length} bytes: maximum is ${max}`);
    }
    this.opaque(bytes);
  }

  /**
   * Writes a variable-length array: the count, then each item with `fn`.
   *
   * @param items The items.
   * @param fn Writes one item.
   * @param max Maximum count allowed.
   * @throws {RangeError} If there are more than `max` items.
   */
  array<T>(
    items: readonly T[],
    fn: (w: XdrWriter, item: T) => void,
    max: number = UINT32_MAX,
  ): void {
    if (items.length > max) {
      throw new RangeError(`Cannot encode array of ${items.length} items: maximum is ${max}`);
    }
    this.uint(items.length);
    for (const it of items) fn(this, it);
  }

  /**
   * Writes a fixed-length array (no count on the wire).
   *
   * @param items Exactly `length` items.
   * @param fn Writes one item.
   * @param length The declared length.
   * @throws {RangeError} If `items.length` is not `length`.
   */
  fixedArray<T>(items: readonly T[], fn: (w: XdrWriter, item: T) => void, length: number): void {
    if (items.length !== length) {
      throw new RangeError(`Cannot encode fixed array[${length}] from ${items.length} items`);
    }
    for (const it of items) fn(this, it);
  }

  /**
   * Writes optional-data (`*T`): FALSE for null/undefined, else TRUE then the value.
   *
   * @param value The value or null.
   * @param fn Writes the value.
   */
  optional<T>(value: T | null | undefined, fn: (w: XdrWriter, v: T) => void): void {
    if (value === null || value === undefined) {
      this.bool(false);
    } else {
      this.bool(true);
      fn(this, value);
    }
  }

  #copyIn(bytes: Uint8Array, kind: "header" | "payload"): void {
    let done = 0;
    while (done < bytes.length) {
      if (this.#end === this.#pos) this.#refill(1);
      const n = Math.min(bytes.length - done, this.#end - this.#pos);
      copyBytes(this.#buf, this.#pos, bytes.subarray(done, done + n), kind);
      this.#pos += n;
      done += n;
    }
  }

  #zeros(n: number): void {
    if (n === 0) return;
    if (this.#end - this.#pos < n) this.#refill(n);
    this.#buf.fill(0, this.#pos, this.#pos + n);
    this.#pos += n;
  }

  /**
   * Ends writing and returns the chain.
   *
   * @returns The chain holding everything written.
   * @throws {TypeError} If the writer was finished.
   */
  finish(): MbufChain {
    if (this.#done) throw new TypeError("Cannot finish: the XdrWriter was finished already");
    this.#commit();
    this.#done = true;
    this.#end = this.#pos = this.#start = 0;
    return this.#chain;
  }
}
