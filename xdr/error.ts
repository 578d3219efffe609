/**
 * The one error type a decode may throw: it says what was being decoded and at which byte
 * offset of the message.
 *
 * @example
 * ```ts
 * import { XdrError, XdrReader } from "@nfs/client/xdr";
 * try {
 *   new XdrReader(new Uint8Array([0, 0, 0, 2])).bool();
 * } catch (e) {
 *   console.log(e instanceof XdrError, (e as XdrError).offset); // => true 0
 * }
 * ```
 */
export class XdrError extends Error {
  /** Byte offset (from the start of the decoded message) where the bad value starts. */
  readonly offset: number;
  /** What was being decoded, e.g. "bool" or "fattr3.size". */
  readonly what: string;

  /**
   * Creates a XdrError.
   *
   * @param what What was being decoded.
   * @param offset Byte offset of the value.
   * @param detail Why it could not be decoded.
   * @example
   * ```ts
   * import { XdrError } from "@nfs/client/xdr";
   * const err = new XdrError("bool", 8, "value 2 is not 0 or 1");
   * console.log(err.what, err.offset); // => "bool" 8
   * ```
   */
  constructor(what: string, offset: number, detail: string) {
    super(`Cannot decode ${what} at offset ${offset}: ${detail}`);
    this.name = "XdrError";
    this.what = what;
    this.offset = offset;
  }
}
