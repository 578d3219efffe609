/**
 * The one error type a decode may throw: it says what was being decoded and at which byte
 * offset of the message.
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
   */
  constructor(what: string, offset: number, detail: string) {
    super(`Cannot decode ${what} at offset ${offset}: ${detail}`);
    this.name = "XdrError";
    this.what = what;
    this.offset = offset;
  }
}
