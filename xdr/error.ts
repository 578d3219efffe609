/** The one error a decode throws: what was being decoded, at which byte offset. */
export class XdrError extends Error {
  /** Byte offset (from the start of the decoded message) where the bad value starts. */
  readonly offset: number;
  /** What was being decoded, e.g. "bool" or "fattr3.size". */
  readonly what: string;

  /** Makes the error for `what` at `offset`, saying why (`detail`). */
  constructor(what: string, offset: number, detail: string) {
    super(`Cannot decode ${what} at offset ${offset}: ${detail}`);
    this.name = "XdrError";
    this.what = what;
    this.offset = offset;
  }
}
