/**
 * What the NFSv3, NFSv2, MOUNT v3 and MOUNT v1 programs share: program numbers, the codec
 * shapes, the client half of a procedure-table entry, the one call path and `unwrap`.
 *
 * No version directory imports another: each imports this file, `nfs/errors.ts` and the
 * lower layers only (`scripts/check_layers.ts` enforces it).
 *
 * @module
 */
import { copyBytes } from "../mbuf/mod.ts";
import type { CallSpec, RpcCaller } from "../rpc/types.ts";
import { XdrError, type XdrReader, type XdrWriter } from "../xdr/mod.ts";
import { nfsError } from "./errors.ts";

/** NFSv3 and NFSv2 procedures whose repetition changes nothing (see {@linkcode callProcedure}). */
const IDEMPOTENT = new Set([
  "NULL",
  "GETATTR",
  "LOOKUP",
  "ACCESS",
  "READLINK",
  "READ",
  "WRITE",
  "READDIR",
  "READDIRPLUS",
  "FSSTAT",
  "FSINFO",
  "PATHCONF",
  "COMMIT",
  "STATFS",
]);

/** RFC 1094 §2.2, RFC 1813 §3: the NFS program number (the same for v2 and v3). */
export const NFS_PROGRAM = 100003;
/** RFC 1094 Appendix A, RFC 1813 Appendix I: the MOUNT program number (v1 and v3). */
export const MOUNT_PROGRAM = 100005;

/** Encodes one value of type `T`. */
export type Enc<T> = (w: XdrWriter, v: T) => void;
/** Decodes one value of type `T`. */
export type Dec<T> = (r: XdrReader) => T;

/** Writes nothing (void arguments or results). */
export function encodeVoid(_w: XdrWriter): void {}
/** Reads nothing (void arguments or results). */
export function decodeVoid(_r: XdrReader): void {}

/**
 * Copies a view of received bytes into memory of its own (counted as a header copy): the
 * reply's clusters are recycled once the call completes.
 */
export function ownBytes(view: Uint8Array): Uint8Array {
  const out = new Uint8Array(view.length);
  copyBytes(out, 0, view, "header");
  return out;
}

/**
 * Reads an enum and checks it against `[min, max]`.
 *
 * @throws {XdrError} If it is out of range.
 */
export function decodeEnum(r: XdrReader, min: number, max: number, what: string): number {
  const at = r.position;
  const v = r.enum(what);
  if (v < min || v > max) {
    throw new XdrError(what, at, `${v} is not a valid ${what} (${min}..${max})`);
  }
  return v;
}

/** One procedure of a program version, client side: its number, name and codecs. */
export interface Procedure<A, R> {
  /** The RFC name without prefix, e.g. "READ". */
  readonly name: string;
  /** The procedure number. */
  readonly proc: number;
  /** Encodes the arguments. */
  encode(w: XdrWriter, args: A): void;
  /** Decodes the results; `args` lets it check the reply against the call. */
  decode(r: XdrReader, args?: A): R;
}

/** Builds one procedure-table entry (the NFSv3, NFSv2, MOUNT v3 and MOUNT v1 tables). */
export function procedure<A, R>(
  name: string,
  proc: number,
  encode: (w: XdrWriter, args: A) => void,
  decode: (r: XdrReader, args?: A) => R,
): Procedure<A, R> {
  return { name, proc, encode, decode };
}

/** Per-call options of the protocol clients' methods. */
export interface CallOptions {
  /** Cancels the call. */
  signal?: AbortSignal | undefined;
  /** Overrides the RPC client's timeout (ms). */
  timeout?: number | undefined;
  /** Told each time the call is retransmitted (see `CallSpec.onRetransmit`). */
  onRetransmit?: (() => void) | undefined;
}

/**
 * Makes one call of a table procedure: the single place where a client turns a
 * {@linkcode Procedure} and its arguments into an RPC call.
 *
 * @param label Prefix of the call's name, e.g. "NFS3".
 * @param extra More call fields (a reply sink).
 * @returns The decoded result; an NFS status is returned, not thrown.
 * @throws {RpcError} What `caller.call` rejects with (timeout, lost connection, malformed
 * reply), the encoder's `RangeError` / `TypeError`, or the signal's reason when aborted.
 */
export function callProcedure<A, R>(
  caller: RpcCaller,
  prog: number,
  vers: number,
  label: string,
  p: Procedure<A, R>,
  args: A,
  opts?: CallOptions,
  extra?: Partial<CallSpec<R>>,
): Promise<R> {
  const spec: CallSpec<R> = {
    prog,
    vers,
    proc: p.proc,
    name: `${label} ${p.name}`,
    encode: (w) => p.encode(w, args),
    decode: (r) => p.decode(r, args),
    ...extra,
  };
  if (opts?.signal !== undefined) spec.signal = opts.signal;
  if (opts?.timeout !== undefined) spec.timeout = opts.timeout;
  if (opts?.onRetransmit !== undefined) spec.onRetransmit = opts.onRetransmit;
  // Over UDP these may be sent again early (from the measured round trip), as Linux's NFS
  // client times only GETATTR, LOOKUP, READ, WRITE and COMMIT adaptively: a CREATE, MKDIR or
  // REMOVE repeated while the first is being carried out would fail (EXIST, NOENT).
  if (prog === NFS_PROGRAM && IDEMPOTENT.has(p.name)) spec.idempotent = true;
  return caller.call(spec);
}

/**
 * Throws the {@linkcode NfsError} subclass for a failed result, else returns it narrowed to
 * the success case.
 *
 * @param res A decoded result `{ status, ... }`.
 * @param proc The procedure label, e.g. "NFS3 LOOKUP".
 * @param path The path or handle the call was about, for the message.
 * @param verb A verb for the message, e.g. "open".
 * @returns `res`, typed as its `status: 0` member.
 * @throws {NfsError} When `res.status` is not 0: the subclass for the status (e.g.
 * {@linkcode NotFound} for NFS3ERR_NOENT), with `proc`, `path` and the result attached.
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { NotFound, unwrap } from "@nfs/client/nfs";
 * assertEquals(unwrap({ status: 0 as const, data: "target" }, "NFS3 READLINK").data, "target");
 * assertThrows(() => unwrap({ status: 2 }, "NFS3 LOOKUP", "a.txt"), NotFound, 'Cannot LOOKUP "a.txt"');
 * ```
 */
export function unwrap<T extends { status: number }>(
  res: T,
  proc: string,
  path?: string | Uint8Array,
  verb?: string,
): Extract<T, { status: 0 }> {
  if (res.status !== 0) throw nfsError({ status: res.status, proc, path, verb, result: res });
  return res as Extract<T, { status: 0 }>;
}
