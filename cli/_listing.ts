/**
 * A directory listing held compactly, so that `ls` of a million entries sorts and prints in
 * bounded memory: names in a byte arena (one byte per UTF-16 code unit when all of a name's
 * units are below 256, two otherwise: names stay exact, lone surrogates included), the
 * attributes that printing needs in typed-array columns, both in fixed-size chunks (no
 * doubling copies), and the order as an index sorted by a merge sort on a `Uint32Array`.
 * A whole `NfsFileInfo` (hundreds of bytes with its Dates and bigints) is never kept: per
 * entry, the name's bytes and 4 for where it starts; with `-l` 20 more (type and mode 2,
 * links 2, uid and gid 2 each as codes of the directory's few owners, size 4, mtime 8: values
 * that do not fit are kept aside in maps), with `--json` 8 more (the file id). A million
 * 16-character names with `-l` are about 40 MB, and the sorted index 4 MB (6 while sorting).
 *
 * @module
 */
import type { FileType, NfsFileInfo } from "../mod.ts";
import {
  type ListInfo,
  type LongWidths,
  modeString,
  octalMode,
  shortTime,
  sizeColumn,
} from "./_output.ts";

const TYPES: readonly FileType[] = [
  "file",
  "directory",
  "symlink",
  "block",
  "char",
  "socket",
  "fifo",
];
const TYPE_INDEX: Record<FileType, number> = {
  file: 0,
  directory: 1,
  symlink: 2,
  block: 3,
  char: 4,
  socket: 5,
  fifo: 6,
};

const COL_BITS = 14;
const COL_CHUNK = 1 << COL_BITS;
const COL_MASK = COL_CHUNK - 1;
/** Bytes per arena chunk; a name never spans two. */
const ARENA_CHUNK = 1 << 20;
/** In a position: the name is two bytes per code unit. */
const WIDE = 0x80000000;
/** Arena chunks a listing may use (positions keep 31 bits): 2 GiB of names. */
const MAX_CHUNKS = 2048;
/** Stored for a value the narrow column cannot hold (the value is in an overflow map). */
const U16_MORE = 0xffff;
const U32_MORE = 0xffffffff;

type NumArray = Uint16Array | Uint32Array | Float64Array;

/** Decimal digits of a whole number >= 0. */
function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/** A growable column of numbers in chunks of 16 Ki elements. */
class Column<A extends NumArray> {
  readonly #chunks: A[] = [];
  readonly #make: (n: number) => A;
  constructor(make: (n: number) => A) {
    this.#make = make;
  }
  set(i: number, v: number): void {
    const c = i >>> COL_BITS;
    if (c === this.#chunks.length) this.#chunks.push(this.#make(COL_CHUNK));
    this.#chunks[c]![i & COL_MASK] = v;
  }
  get(i: number): number {
    return this.#chunks[i >>> COL_BITS]![i & COL_MASK]!;
  }
}

/** A growable column of unsigned 64-bit integers. */
class BigColumn {
  readonly #chunks: BigUint64Array[] = [];
  set(i: number, v: bigint): void {
    const c = i >>> COL_BITS;
    if (c === this.#chunks.length) this.#chunks.push(new BigUint64Array(COL_CHUNK));
    this.#chunks[c]![i & COL_MASK] = BigInt.asUintN(64, v);
  }
  get(i: number): bigint {
    return this.#chunks[i >>> COL_BITS]![i & COL_MASK]!;
  }
}

/** What a listing keeps of each entry besides its name. */
export interface ListingFields {
  /** Type, mode, links, owner, size and mtime (`-l`, `--json`, `-R`). */
  attrs: boolean;
  /** The file id (`--json`, and `-R` for its loop check). */
  fileid: boolean;
  /** The device (`-R`'s loop check). */
  dev: boolean;
}

/** Entries of one directory, kept compactly; see the module documentation. */
export class Listing {
  readonly #fields: ListingFields;
  #n = 0;
  readonly #arena: Uint8Array[] = [];
  /** Bytes used in each arena chunk (a name's length is where the next one starts). */
  readonly #ends: number[] = [];
  /** Where each name starts: chunk * ARENA_CHUNK + offset, and WIDE. */
  readonly #pos = new Column((n) => new Uint32Array(n));
  readonly #typeMode = new Column((n) => new Uint16Array(n));
  readonly #nlink = new Column((n) => new Uint16Array(n));
  readonly #bigNlink = new Map<number, number>();
  /** Owners as codes into `#ids` (a directory has few distinct uids and gids). */
  readonly #uid = new Column((n) => new Uint16Array(n));
  readonly #gid = new Column((n) => new Uint16Array(n));
  readonly #ids: number[] = [];
  readonly #codes = new Map<number, number>();
  /** Owners past 65 535 distinct ones: by entry, uid and gid. */
  readonly #moreIds = new Map<number, [number, number]>();
  readonly #mtime = new Column((n) => new Float64Array(n));
  readonly #dev = new Column((n) => new Float64Array(n));
  readonly #size = new Column((n) => new Uint32Array(n));
  readonly #bigSize = new Map<number, bigint>();
  readonly #fileid = new BigColumn();

  /** @param fields What to keep besides names. */
  constructor(fields: ListingFields) {
    this.#fields = fields;
  }

  /** How many entries. */
  get length(): number {
    return this.#n;
  }

  /** Forgets every entry, keeping the memory for the next ones (a -U batch). */
  clear(): void {
    this.#n = 0;
    this.#arena.length = Math.min(1, this.#arena.length);
    this.#ends.length = this.#arena.length;
    if (this.#ends.length > 0) this.#ends[0] = 0;
    this.#bigNlink.clear();
    this.#moreIds.clear();
    this.#bigSize.clear();
  }

  /**
   * Adds an entry.
   *
   * @param name Its name.
   * @param info Its attributes (only the fields asked for are kept).
   * @returns Its index.
   */
  add(name: string, info: NfsFileInfo): number {
    const i = this.#n++;
    let wide = false;
    for (let k = 0; k < name.length; k++) {
      if (name.charCodeAt(k) > 0xff) {
        wide = true;
        break;
      }
    }
    const bytes = wide ? name.length * 2 : name.length;
    const last = this.#arena.length - 1;
    if (last < 0 || this.#ends[last]! + bytes > ARENA_CHUNK) {
      if (this.#arena.length >= MAX_CHUNKS) {
        throw new RangeError("Cannot list: the names of this directory exceed 2 GiB");
      }
      this.#arena.push(new Uint8Array(Math.max(ARENA_CHUNK, bytes)));
      this.#ends.push(0);
    }
    const c = this.#arena.length - 1;
    const chunk = this.#arena[c]!;
    const off = this.#ends[c]!;
    if (wide) {
      for (let k = 0; k < name.length; k++) {
        const u = name.charCodeAt(k);
        chunk[off + 2 * k] = u & 0xff;
        chunk[off + 2 * k + 1] = u >>> 8;
      }
    } else {
      for (let k = 0; k < name.length; k++) chunk[off + k] = name.charCodeAt(k);
    }
    // A chunk holds ARENA_CHUNK bytes (or one longer name at offset 0): the chunk and the
    // offset fit in 31 bits for 2 048 chunks.
    this.#pos.set(i, (c * ARENA_CHUNK + off + (wide ? WIDE : 0)) >>> 0);
    this.#ends[c] = off + bytes;
    const f = this.#fields;
    if (f.attrs) {
      this.#typeMode.set(i, (TYPE_INDEX[info.type] << 12) | (info.mode & 0o7777));
      const nlink = info.nlink;
      this.#nlink.set(i, nlink >= U16_MORE ? U16_MORE : nlink);
      if (nlink >= U16_MORE) this.#bigNlink.set(i, nlink);
      const uid = this.#code(info.uid), gid = this.#code(info.gid);
      this.#uid.set(i, uid);
      this.#gid.set(i, gid);
      if (uid === U16_MORE || gid === U16_MORE) this.#moreIds.set(i, [info.uid, info.gid]);
      const size = info.size64;
      this.#size.set(i, size >= U32_MORE ? U32_MORE : Number(size));
      if (size >= U32_MORE) this.#bigSize.set(i, size);
      this.#mtime.set(i, info.mtime.getTime());
    }
    if (f.fileid) this.#fileid.set(i, info.fileid);
    if (f.dev) this.#dev.set(i, info.dev);
    return i;
  }

  /** Where name `i` is: its chunk, offset, length in code units, and whether it is wide. */
  #where(i: number): [Uint8Array, number, number, boolean] {
    const p = this.#pos.get(i);
    const wide = p >= WIDE;
    const at = wide ? p - WIDE : p;
    const c = Math.floor(at / ARENA_CHUNK);
    const off = at % ARENA_CHUNK;
    let end = this.#ends[c]!;
    if (i + 1 < this.#n) {
      const q = this.#pos.get(i + 1);
      const next = q >= WIDE ? q - WIDE : q;
      if (Math.floor(next / ARENA_CHUNK) === c) end = next % ARENA_CHUNK;
    }
    return [this.#arena[c]!, off, wide ? (end - off) >> 1 : end - off, wide];
  }

  #unit(chunk: Uint8Array, off: number, wide: boolean, k: number): number {
    return wide ? chunk[off + 2 * k]! | (chunk[off + 2 * k + 1]! << 8) : chunk[off + k]!;
  }

  /** The name of entry `i`. */
  name(i: number): string {
    const [chunk, off, n, wide] = this.#where(i);
    let s = "";
    if (!wide) {
      for (let k = 0; k < n; k += 4096) {
        s += String.fromCharCode(...chunk.subarray(off + k, off + Math.min(n, k + 4096)));
      }
    } else {
      const units: number[] = [];
      for (let k = 0; k < n; k++) units.push(this.#unit(chunk, off, true, k));
      for (let k = 0; k < n; k += 4096) {
        s += String.fromCharCode(...units.slice(k, k + 4096));
      }
    }
    return s;
  }

  /** Compares the names of entries `a` and `b` by UTF-16 code units, as `<` does. */
  compare(a: number, b: number): number {
    const [ca, oa, na, wa] = this.#where(a);
    const [cb, ob, nb, wb] = this.#where(b);
    const n = Math.min(na, nb);
    if (!wa && !wb) {
      for (let k = 0; k < n; k++) {
        const d = ca[oa + k]! - cb[ob + k]!;
        if (d !== 0) return d;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const d = this.#unit(ca, oa, wa, k) - this.#unit(cb, ob, wb, k);
        if (d !== 0) return d;
      }
    }
    return na - nb;
  }

  /**
   * The entries' indexes sorted by name: a stable merge sort (equal names keep their order)
   * whose merges copy the shorter run aside, so that it needs half the index more at most.
   */
  sorted(): Uint32Array {
    const n = this.#n;
    const a = new Uint32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    // Insertion sort of runs of 16, then bottom-up merges.
    const RUN = 16;
    for (let lo = 0; lo < n; lo += RUN) {
      const hi = Math.min(n, lo + RUN);
      for (let i = lo + 1; i < hi; i++) {
        const x = a[i]!;
        let j = i - 1;
        while (j >= lo && this.compare(a[j]!, x) > 0) {
          a[j + 1] = a[j]!;
          j--;
        }
        a[j + 1] = x;
      }
    }
    const aux = new Uint32Array((n >> 1) + 1);
    for (let width = RUN; width < n; width *= 2) {
      for (let lo = 0; lo + width < n; lo += 2 * width) {
        const mid = lo + width, hi = Math.min(n, lo + 2 * width);
        if (this.compare(a[mid - 1]!, a[mid]!) <= 0) continue; // already in order
        if (mid - lo <= hi - mid) {
          // The left run aside, merged forwards (ties: the left one first).
          aux.set(a.subarray(lo, mid));
          let i = 0, j = mid, k = lo;
          const l = mid - lo;
          while (i < l && j < hi) a[k++] = this.compare(a[j]!, aux[i]!) < 0 ? a[j++]! : aux[i++]!;
          while (i < l) a[k++] = aux[i++]!;
        } else {
          // The right run aside, merged backwards (ties: the right one last).
          aux.set(a.subarray(mid, hi));
          let i = mid - 1, j = hi - mid - 1, k = hi - 1;
          while (i >= lo && j >= 0) {
            a[k--] = this.compare(a[i]!, aux[j]!) > 0 ? a[i--]! : aux[j--]!;
          }
          while (j >= 0) a[k--] = aux[j--]!;
        }
      }
    }
    // The buffer's memory now, not at a garbage collection V8 may not do for long.
    aux.buffer.transfer(0);
    return a;
  }

  /** Entry `i`'s type (needs `attrs`). */
  type(i: number): FileType {
    return TYPES[this.#typeMode.get(i) >>> 12]!;
  }

  /** The loop-check key `dev:fileid` of entry `i` (needs `dev` and `fileid`). */
  key(i: number): string {
    return `${this.#dev.get(i)}:${this.#fileid.get(i)}`;
  }

  readonly #modes = new Map<number, string>();
  readonly #times = new Map<number, string>();

  /** Entry `i`'s size (needs `attrs`). */
  size(i: number): bigint {
    const s = this.#size.get(i);
    return s === U32_MORE ? this.#bigSize.get(i)! : BigInt(s);
  }

  #code(id: number): number {
    let c = this.#codes.get(id);
    if (c === undefined) {
      if (this.#ids.length >= U16_MORE) return U16_MORE;
      c = this.#ids.length;
      this.#ids.push(id);
      this.#codes.set(id, c);
    }
    return c;
  }

  /** Entry `i`'s uid (needs `attrs`). */
  uid(i: number): number {
    const c = this.#uid.get(i);
    return c === U16_MORE ? this.#moreIds.get(i)![0] : this.#ids[c]!;
  }

  /** Entry `i`'s gid (needs `attrs`). */
  gid(i: number): number {
    const c = this.#gid.get(i);
    return c === U16_MORE ? this.#moreIds.get(i)![1] : this.#ids[c]!;
  }

  /** Entry `i`'s link count (needs `attrs`). */
  nlink(i: number): number {
    const n = this.#nlink.get(i);
    return n === U16_MORE ? this.#bigNlink.get(i)! : n;
  }

  /** `ls -l` column widths (links, uid, gid, size) over entries `order` (needs `attrs`). */
  widths(order: ArrayLike<number>, human: boolean): LongWidths {
    let nlink = 0, uid = 0, gid = 0, size = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      nlink = Math.max(nlink, digits(this.nlink(i)));
      uid = Math.max(uid, digits(this.uid(i)));
      gid = Math.max(gid, digits(this.gid(i)));
      size = Math.max(size, sizeColumn(this.size(i), human).length);
    }
    return [nlink, uid, gid, size];
  }

  /**
   * Entry `i`'s `ls -l` line, as `longLine` makes it from {@linkcode info}, without the
   * objects: mode strings and minutes are made once per value (needs `attrs`).
   *
   * @param i The entry.
   * @param name Its name as shown (escaped).
   * @param target A symlink's target as shown, if read.
   * @param w Column widths.
   * @param human Sizes as `humanSize`.
   * @param iso Times as ISO 8601 UTC.
   * @returns The line, without a newline.
   */
  longLine(
    i: number,
    name: string,
    target: string | undefined,
    w: LongWidths,
    human: boolean,
    iso: boolean,
  ): string {
    const tm = this.#typeMode.get(i);
    let mode = this.#modes.get(tm);
    if (mode === undefined) {
      mode = modeString(TYPES[tm >>> 12]!, tm & 0o7777);
      this.#modes.set(tm, mode);
    }
    const ms = this.#mtime.get(i);
    let time: string;
    if (iso) time = new Date(ms).toISOString();
    else {
      // shortTime shows minutes; a time zone's offset is a whole number of minutes.
      const minute = Math.floor(ms / 60_000);
      time = this.#times.get(minute) ?? shortTime(new Date(ms));
      if (this.#times.size > 4096) this.#times.clear();
      this.#times.set(minute, time);
    }
    return `${mode} ${String(this.nlink(i)).padStart(w[0])} ` +
      `${String(this.uid(i)).padEnd(w[1])} ${String(this.gid(i)).padEnd(w[2])} ` +
      `${sizeColumn(this.size(i), human).padStart(w[3])} ${time} ` +
      (target === undefined ? name : `${name} -> ${target}`);
  }

  /**
   * Entry `i`'s `--json` element, as `JSON.stringify(jsonEntry(...))` writes it (needs
   * `attrs` and `fileid`).
   *
   * @param i The entry.
   * @param name The name to show (a relative path with -R).
   * @param target A symlink's target, if read.
   * @returns The JSON text.
   */
  json(i: number, name: string, target: string | undefined): string {
    const tm = this.#typeMode.get(i);
    return `{"name":${JSON.stringify(name)},"type":"${TYPES[tm >>> 12]!}",` +
      `"size":${this.size(i)},"mode":"${octalMode(tm & 0o7777)}",` +
      `"uid":${this.uid(i)},"gid":${this.gid(i)},"nlink":${this.nlink(i)},` +
      `"mtime":"${new Date(this.#mtime.get(i)).toISOString()}","fileid":"${this.#fileid.get(i)}"` +
      (target === undefined ? "}" : `,"target":${JSON.stringify(target)}}`);
  }

  /** The attributes printing needs of entry `i` (needs `attrs`; `fileid` is 0 without it). */
  info(i: number): ListInfo {
    const tm = this.#typeMode.get(i);
    const type = TYPES[tm >>> 12]!;
    return {
      type,
      isSymlink: type === "symlink",
      isDirectory: type === "directory",
      mode: tm & 0o7777,
      nlink: this.nlink(i),
      uid: this.uid(i),
      gid: this.gid(i),
      size64: this.size(i),
      mtime: new Date(this.#mtime.get(i)),
      fileid: this.#fields.fileid ? this.#fileid.get(i) : 0n,
    };
  }
}
