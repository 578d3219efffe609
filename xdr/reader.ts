import { copyBytes, type CopyKind, type Mbuf, type MbufChain } from "../mbuf/mod.ts";
import { XdrError } from "./error.ts";
import { decodeEscapedUtf8 } from "./names.ts";

/** Options for {@linkcode XdrReader}. */
export interface XdrReaderOptions {
  /** Reject non-zero padding bytes (default true, as RFC 4506 requires zeros). */
  strictPadding?: boolean;
  /** Reject strings that are not valid UTF-8 (default true). */
  strictUtf8?: boolean;
}

const TWO_32 = 0x100000000;
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
const EMPTY = new Uint8Array(0);
const EMPTY_VIEW = new DataView(EMPTY.buffer);
const NO_SEGS: readonly Mbuf[] = [];
// One scratch for every reader: `#slow` fills it and the caller reads it before anything
// else can run, so sharing is safe, and a reader costs no ArrayBuffer allocation.
const SCRATCH = new Uint8Array(8);
const SCRATCH_VIEW = new DataView(SCRATCH.buffer);

/**
 * Decodes XDR (RFC 4506) straight off an {@linkcode MbufChain} (or one `Uint8Array`).
 *
 * Two speeds: each primitive reads from the current segment when it holds the whole value,
 * and falls back to one shared slow path (`#slow`) when a value straddles segments. Every
 * failure is an {@linkcode XdrError} carrying the offset; declared lengths are checked
 * against the bytes left (and a caller's maximum) before anything is allocated.
 *
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { XdrError, XdrReader } from "@nfs/client/xdr";
 * const r = new XdrReader(new Uint8Array([0, 0, 0, 2, 104, 105, 0, 0, 0, 0, 0, 9]));
 * assertEquals(r.string(255), "hi");
 * // Every read is bounded: a length over the limit is an error, not an allocation.
 * assertThrows(() => r.opaqueView(8, "name"), XdrError, "Cannot decode name at offset 8");
 * ```
 */
export class XdrReader {
  readonly #segs: readonly Mbuf[];
  readonly #strictPadding: boolean;
  readonly #strictUtf8: boolean;
  readonly #total: number;
  #i = -1;
  #buf: Uint8Array = EMPTY;
  #dv: DataView = EMPTY_VIEW;
  #pos = 0;
  #end = 0;
  /** Stream offset of the current segment's first byte, minus its storage offset. */
  #base = 0;
  #soff = 0;

  /**
   * Creates a XdrReader.
   *
   * @param source The bytes to decode: a chain (not copied, not consumed) or one array.
   * @param options Strictness settings.
   */
  constructor(source: MbufChain | Uint8Array, options?: XdrReaderOptions) {
    this.#strictPadding = options?.strictPadding ?? true;
    this.#strictUtf8 = options?.strictUtf8 ?? true;
    if (source instanceof Uint8Array) {
      // One array is segment 0, already current: no mbuf, no chain.
      this.#segs = NO_SEGS;
      this.#total = source.length;
      this.#i = 0;
      this.#buf = source;
      this.#dv = new DataView(source.buffer, source.byteOffset, source.byteLength);
      this.#end = source.length;
      return;
    }
    this.#segs = source.mbufs().slice();
    let total = 0;
    for (const m of this.#segs) total += m.length;
    this.#total = total;
    this.#next();
  }

  /** Bytes consumed so far. */
  get position(): number {
    return this.#base + this.#pos;
  }

  /** Bytes left to decode. */
  get remaining(): number {
    return this.#total - this.position;
  }

  /** Moves to the next segment; false at the end. */
  #next(): boolean {
    const consumed = this.#base + this.#pos;
    const m = this.#segs[++this.#i];
    if (m === undefined) {
      this.#i = this.#segs.length;
      this.#base = consumed;
      this.#pos = this.#end = 0;
      return false;
    }
    this.#buf = m.storage.bytes;
    this.#dv = m.storage.view;
    this.#pos = m.offset;
    this.#end = m.offset + m.length;
    this.#base = consumed - m.offset;
    return true;
  }

  #fail(what: string, detail: string, at: number = this.position): never {
    throw new XdrError(what, at, detail);
  }

  #slowUint(what = "unsigned int"): number {
    return this.#slow(4, what).getUint32(this.#soff);
  }

  #slowInt(what = "int"): number {
    return this.#slow(4, what).getInt32(this.#soff);
  }

  #slowHyper(what = "hyper"): bigint {
    return this.#slow(8, what).getBigInt64(this.#soff);
  }

  #slowUhyper(what = "unsigned hyper"): bigint {
    return this.#slow(8, what).getBigUint64(this.#soff);
  }

  #slowFloat(what = "float"): number {
    return this.#slow(4, what).getFloat32(this.#soff);
  }

  #slowDouble(what = "double"): number {
    return this.#slow(8, what).getFloat64(this.#soff);
  }

  /**
   * The one slow path: consumes `n` (<= 8) bytes that are not all in the current segment.
   * Returns a DataView holding them at `this.#soff`: the next segment's own view when the
   * value sits wholly there, else the scratch buffer (a counted header copy).
   */
  #slow(n: number, what: string): DataView {
    if (this.remaining < n) {
      this.#fail(what, `need ${n} bytes, ${this.remaining} left`);
    }
    while (this.#pos === this.#end) this.#next();
    if (this.#end - this.#pos >= n) {
      this.#soff = this.#pos;
      this.#pos += n;
      return this.#dv;
    }
    let got = 0;
    while (got < n) {
      while (this.#pos === this.#end) this.#next();
      const k = Math.min(n - got, this.#end - this.#pos);
      copyBytes(SCRATCH, got, this.#buf.subarray(this.#pos, this.#pos + k), "header");
      this.#pos += k;
      got += k;
    }
    this.#soff = 0;
    return SCRATCH_VIEW;
  }

  // The primitives below are kept small so the JIT inlines them into a struct decoder (a
  // default parameter or an inline slow path would double their bytecode): the fast path
  // reads from the current segment; anything else goes to a `#slowX` helper that takes the
  // one shared slow path (`#slow`) and owns the default error label.

  /**
   * Reads an unsigned 32-bit int.
   *
   * @param what What is being decoded, for the error message.
   * @returns The value.
   * @throws {XdrError} If the bytes run out or the value is invalid.
   */
  uint(what?: string): number {
    const p = this.#pos;
    if (this.#end - p >= 4) {
      this.#pos = p + 4;
      return this.#dv.getUint32(p);
    }
    return this.#slowUint(what);
  }

  /**
   * Reads a signed 32-bit int.
   *
   * @param what What is being decoded, for the error message.
   * @returns The value.
   * @throws {XdrError} If the bytes run out or the value is invalid.
   */
  int(what?: string): number {
    const p = this.#pos;
    if (this.#end - p >= 4) {
      this.#pos = p + 4;
      return this.#dv.getInt32(p);
    }
    return this.#slowInt(what);
  }

  /**
   * Reads an enum (signed int).
   *
   * @param what What is being decoded, for the error message.
   * @returns The value.
   * @throws {XdrError} If the bytes run out or the value is invalid.
   */
  enum(what?: string): number {
    return this.int(what ?? "enum");
  }

  /**
   * Reads a bool, rejecting anything but 0 and 1.
   *
   * @param what What is being decoded, for the error message.
   * @returns The value.
   * @throws {XdrError} If the bytes run out or the value is not 0 or 1.
   */
  bool(what?: string): boolean {
    const v = this.uint(what ?? "bool");
    if (v > 1) this.#fail(what ?? "bool", `${v} is not a valid bool (0 or 1)`, this.position - 4);
    return v === 1;
  }

  /**
   * Reads a signed 64-bit hyper as a bigint.
   *
   * @param what What is being decoded, for the error message.
   * @returns The value.
   * @throws {XdrError} If the bytes run out or the value is invalid.
   */
  hyper(what?: string): bigint {
    const p = this.#pos;
    if (this.#end - p >= 8) {
      this.#pos = p + 8;
      return this.#dv.getBigInt64(p);
    }
    return this.#slowHyper(what);
  }

  /**
   * Reads an unsigned 64-bit hyper as a bigint.
   *
   * @param what What is being decoded, for the error message.
   * @returns The value.
   * @throws {XdrError} If the bytes run out or the value is invalid.
   */
  uhyper(what?: string): bigint {
    const p = this.#pos;
    if (this.#end - p >= 8) {
      this.#pos = p + 8;
      return this.#dv.getBigUint64(p);
    }
    return this.#slowUhyper(what);
  }

  /**
   * Reads an unsigned hyper as a `number` (no bigint).
   *
   * @throws {XdrError} If the value is above 2^53-1 (not exactly representable).
   * @param what What is being decoded, for the error message.
   * @returns The value.
   */
  uhyperNumber(what?: string): number {
    const p = this.#pos;
    if (this.#end - p >= 8) {
      const hi = this.#dv.getUint32(p);
      if (hi <= 0x1fffff) {
        this.#pos = p + 8;
        return hi * TWO_32 + this.#dv.getUint32(p + 4);
      }
    }
    return this.#slowUhyperNumber(what);
  }

  #slowUhyperNumber(what = "unsigned hyper"): number {
    const dv = this.#slow(8, what);
    const hi = dv.getUint32(this.#soff);
    const lo = dv.getUint32(this.#soff + 4);
    if (hi > 0x1fffff) {
      const v = (BigInt(hi) << 32n) | BigInt(lo);
      this.#fail(what, `value ${v} exceeds 2^53-1`, this.position - 8);
    }
    return hi * TWO_32 + lo;
  }

  /**
   * Reads a signed hyper as a `number` (no bigint).
   *
   * @throws {XdrError} If the value is outside the safe-integer range.
   * @param what What is being decoded, for the error message.
   * @returns The value.
   */
  hyperNumber(what?: string): number {
    const p = this.#pos;
    if (this.#end - p >= 8) {
      const hi = this.#dv.getInt32(p);
      // Safe integers are -(2^53-1)..2^53-1: hi in [-2^21, 2^21), excluding -2^53 itself.
      if (hi <= 0x1fffff && hi > -0x200000) {
        this.#pos = p + 8;
        return hi * TWO_32 + this.#dv.getUint32(p + 4);
      }
    }
    return this.#slowHyperNumber(what);
  }

  #slowHyperNumber(what = "hyper"): number {
    const dv = this.#slow(8, what);
    const hi = dv.getInt32(this.#soff);
    const lo = dv.getUint32(this.#soff + 4);
    if (hi > 0x1fffff || hi < -0x200000 || (hi === -0x200000 && lo === 0)) {
      const v = (BigInt(hi) << 32n) | BigInt(lo);
      this.#fail(what, `value ${v} is outside the safe-integer range`, this.position - 8);
    }
    return hi * TWO_32 + lo;
  }

  /**
   * Reads a 32-bit IEEE float.
   *
   * @param what What is being decoded, for the error message.
   * @returns The value.
   * @throws {XdrError} If the bytes run out or the value is invalid.
   */
  float(what?: string): number {
    const p = this.#pos;
    if (this.#end - p >= 4) {
      this.#pos = p + 4;
      return this.#dv.getFloat32(p);
    }
    return this.#slowFloat(what);
  }

  /**
   * Reads a 64-bit IEEE double.
   *
   * @param what What is being decoded, for the error message.
   * @returns The value.
   * @throws {XdrError} If the bytes run out or the value is invalid.
   */
  double(what?: string): number {
    const p = this.#pos;
    if (this.#end - p >= 8) {
      this.#pos = p + 8;
      return this.#dv.getFloat64(p);
    }
    return this.#slowDouble(what);
  }

  /** XDR void: reads nothing. */
  void(): void {}

  /**
   * Reads and validates a variable-length count (array or opaque length) before anything
   * is allocated for it.
   *
   * @param max Largest count the caller accepts.
   * @param minItemBytes Smallest encoded size of one item (1 for opaque bytes).
   * @param what What is being decoded.
   * @returns The count.
   * @throws {XdrError} If the count is above `max` or more than the bytes left can hold.
   */
  length(max: number, minItemBytes: number, what: string): number {
    const at = this.position;
    const n = this.uint(what);
    if (n > max) this.#fail(what, `length ${n} exceeds ${max}`, at);
    if (n * minItemBytes > this.remaining) {
      this.#fail(what, `length ${n} exceeds the ${this.remaining} bytes left`, at);
    }
    return n;
  }

  #padding(n: number, what: string): void {
    const p = (4 - (n & 3)) & 3;
    if (p === 0) return;
    const at = this.position;
    if (this.remaining < p) this.#fail(what, `missing ${p} padding bytes`);
    let bad = false;
    for (let k = 0; k < p; k++) {
      while (this.#pos === this.#end) this.#next();
      if (this.#buf[this.#pos++] !== 0) bad = true;
    }
    if (bad && this.#strictPadding) this.#fail(what, "padding bytes are not zero", at);
  }

  /**
   * Returns `n` bytes as a view into the received clusters when they are contiguous (no
   * copy), else as a counted copy.
   */
  #bytes(n: number, what: string, kind: CopyKind): Uint8Array {
    if (n === 0) return EMPTY;
    if (this.remaining < n) this.#fail(what, `need ${n} bytes, ${this.remaining} left`);
    while (this.#pos === this.#end) this.#next();
    if (this.#end - this.#pos >= n) {
      const v = this.#buf.subarray(this.#pos, this.#pos + n);
      this.#pos += n;
      return v;
    }
    const out = new Uint8Array(n);
    this.#copyOut(out, n, kind);
    return out;
  }

  /** Whether the next `n` bytes are, in memory, `dest[0..n)` itself (landed in place). */
  #inPlace(dest: Uint8Array, n: number): boolean {
    while (this.#pos === this.#end) this.#next();
    return this.#end - this.#pos >= n && this.#buf.buffer === dest.buffer &&
      this.#buf.byteOffset + this.#pos === dest.byteOffset;
  }

  #copyOut(dest: Uint8Array, n: number, kind: CopyKind): void {
    let got = 0;
    while (got < n) {
      while (this.#pos === this.#end) this.#next();
      const k = Math.min(n - got, this.#end - this.#pos);
      copyBytes(dest, got, this.#buf.subarray(this.#pos, this.#pos + k), kind);
      this.#pos += k;
      got += k;
    }
  }

  /**
   * Reads fixed-length opaque data (and its padding) as a view when contiguous.
   *
   * @param n The declared length.
   * @param what What is being decoded, for the error message.
   * @returns The bytes (a view when contiguous).
   * @throws {XdrError} If the bytes run out or the value is invalid.
   */
  opaqueFixed(n: number, what = "fixed opaque"): Uint8Array {
    const v = this.#bytes(n, what, "header");
    this.#padding(n, what);
    return v;
  }

  /**
   * Reads variable-length opaque data: a view into the received clusters when the bytes
   * are contiguous, else a counted copy. The view is valid until the chain is released.
   *
   * @param max Largest length the caller accepts (checked before any allocation).
   * @param what What is being decoded, for the error message.
   * @returns The bytes.
   * @throws {XdrError} If the bytes run out or the value is invalid.
   */
  opaqueView(max: number, what = "opaque"): Uint8Array {
    const n = this.length(max, 1, what);
    const v = this.#bytes(n, what, "header");
    this.#padding(n, what);
    return v;
  }

  /**
   * Reads variable-length opaque data into the caller's buffer (the one unavoidable copy
   * when the data already sits in clusters; counted as payload).
   *
   * @param dest Destination; the declared length must not exceed `dest.length`.
   * @returns The number of bytes written to `dest`.
   * @param what What is being decoded, for the error message.
   * @throws {XdrError} If the declared length exceeds `dest.length` or the bytes run out.
   */
  opaqueInto(dest: Uint8Array, what = "opaque"): number {
    const n = this.length(dest.length, 1, what);
    if (n > 0 && this.#inPlace(dest, n)) {
      // The zero-copy receive path already put the data in `dest`: just step over it.
      this.#pos += n;
    } else {
      this.#copyOut(dest, n, "payload");
    }
    this.#padding(n, what);
    return n;
  }

  /**
   * Reads a string (UTF-8, strict by default).
   *
   * @param max Largest byte length accepted.
   * @param what What is being decoded, for the error message.
   * @returns The decoded string.
   * @throws {XdrError} If too long, truncated or (when strict) not UTF-8.
   */
  string(max: number, what = "string"): string {
    const at = this.position;
    const bytes = this.opaqueView(max, what);
    try {
      return (this.#strictUtf8 ? strictDecoder : lenientDecoder).decode(bytes);
    } catch {
      this.#fail(what, "string is not valid UTF-8", at);
    }
  }

  /**
   * Reads a string byte-faithfully: UTF-8, with each byte that is not valid UTF-8 kept as a
   * lone surrogate (see {@linkcode decodeEscapedUtf8}). For names a server sends: none makes
   * a reply undecodable, and each encodes back to its bytes with
   * {@linkcode XdrWriter.stringEscaped}.
   *
   * @param max Largest byte length accepted.
   * @param what What is being decoded, for the error message.
   * @returns The decoded string.
   * @throws {XdrError} If too long or truncated.
   */
  stringEscaped(max: number, what = "string"): string {
    return decodeEscapedUtf8(this.opaqueView(max, what));
  }

  /**
   * Reads a variable-length array.
   *
   * @param max Largest count accepted.
   * @param fn Reads one item.
   * @param minItemBytes Smallest encoded item size, to bound the count by the bytes left.
   * @param what What is being decoded, for the error message.
   * @returns The items.
   * @throws {XdrError} If the bytes run out or the value is invalid.
   */
  array<T>(
    max: number,
    fn: (r: XdrReader, index: number) => T,
    minItemBytes = 4,
    what = "array",
  ): T[] {
    const n = this.length(max, minItemBytes, what);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(fn(this, i));
    return out;
  }

  /**
   * Reads optional-data (`*T`).
   *
   * @param fn Reads the value when present.
   * @returns The value, or null.
   * @param what What is being decoded, for the error message.
   * @throws {XdrError} If the bytes run out or the value is invalid.
   */
  optional<T>(fn: (r: XdrReader) => T, what = "optional"): T | null {
    return this.bool(what) ? fn(this) : null;
  }

  /**
   * Skips `n` bytes.
   *
   * @param n Bytes to skip.
   * @param what What is being decoded, for the error message.
   * @throws {XdrError} If fewer than `n` bytes are left.
   */
  skip(n: number, what = "skipped bytes"): void {
    if (n < 0 || this.remaining < n) this.#fail(what, `need ${n} bytes, ${this.remaining} left`);
    let left = n;
    while (left > 0) {
      while (this.#pos === this.#end) this.#next();
      const k = Math.min(left, this.#end - this.#pos);
      this.#pos += k;
      left -= k;
    }
  }

  /**
   * Fails unless every byte was consumed (trailing garbage is an error).
   *
   * @param what What is being decoded, for the error message.
   * @throws {XdrError} If bytes are left.
   */
  expectEnd(what = "message"): void {
    if (this.remaining !== 0) this.#fail(what, `${this.remaining} unexpected trailing bytes`);
  }
}
