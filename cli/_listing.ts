/**
 * A directory listing held compactly, so that `ls` of a million entries sorts and prints in
 * bounded memory: names in a byte arena (one byte per UTF-16 code unit when all of a name's
 * units are below 256, two otherwise: names stay exact, lone surrogates included), the
 * attributes that printing needs in typed-array columns, both in fixed-size chunks (no
 * doubling copies), and the order as an index sorted by a merge sort on a `Uint32Array`.
 * A whole `NfsFileInfo` (about 500 bytes with its Dates and bigints) is never kept: about 24
 * bytes per entry for names (16-character names), plus 30 with `-l`, 38 with `--json`.
 *
 * @module
 */
import type { FileType, NfsFileInfo } from "../mod.ts";
import type { ListInfo } from "./_output.ts";

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
const WIDE = 0x80000000;

type NumArray = Uint16Array | Uint32Array | Float64Array;

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
  #used = ARENA_CHUNK; // bytes used in the last arena chunk (full: a new one is started)
  readonly #pos = new Column((n) => new Uint32Array(n));
  readonly #len = new Column((n) => new Uint32Array(n));
  readonly #typeMode = new Column((n) => new Uint16Array(n));
  readonly #nlink = new Column((n) => new Uint32Array(n));
  readonly #uid = new Column((n) => new Uint32Array(n));
  readonly #gid = new Column((n) => new Uint32Array(n));
  readonly #mtime = new Column((n) => new Float64Array(n));
  readonly #dev = new Column((n) => new Float64Array(n));
  readonly #size = new BigColumn();
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
    this.#used = 0;
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
    if (this.#used + bytes > ARENA_CHUNK || this.#arena.length === 0) {
      this.#arena.push(new Uint8Array(Math.max(ARENA_CHUNK, bytes)));
      this.#used = 0;
    }
    const chunk = this.#arena[this.#arena.length - 1]!;
    const off = this.#used;
    if (wide) {
      for (let k = 0; k < name.length; k++) {
        const u = name.charCodeAt(k);
        chunk[off + 2 * k] = u & 0xff;
        chunk[off + 2 * k + 1] = u >>> 8;
      }
    } else {
      for (let k = 0; k < name.length; k++) chunk[off + k] = name.charCodeAt(k);
    }
    // A chunk holds ARENA_CHUNK bytes (or one longer name at offset 0): the index and the
    // offset fit in 32 bits for 4 096 chunks (4 GiB of names).
    this.#pos.set(i, (this.#arena.length - 1) * ARENA_CHUNK + off);
    this.#len.set(i, (name.length | (wide ? WIDE : 0)) >>> 0);
    this.#used = off + bytes;
    const f = this.#fields;
    if (f.attrs) {
      this.#typeMode.set(i, (TYPE_INDEX[info.type] << 12) | (info.mode & 0o7777));
      this.#nlink.set(i, info.nlink);
      this.#uid.set(i, info.uid);
      this.#gid.set(i, info.gid);
      this.#size.set(i, info.size64);
      this.#mtime.set(i, info.mtime.getTime());
    }
    if (f.fileid) this.#fileid.set(i, info.fileid);
    if (f.dev) this.#dev.set(i, info.dev);
    return i;
  }

  #unit(chunk: Uint8Array, off: number, wide: boolean, k: number): number {
    return wide ? chunk[off + 2 * k]! | (chunk[off + 2 * k + 1]! << 8) : chunk[off + k]!;
  }

  /** The name of entry `i`. */
  name(i: number): string {
    const p = this.#pos.get(i);
    const l = this.#len.get(i);
    const n = l & ~WIDE;
    const chunk = this.#arena[Math.floor(p / ARENA_CHUNK)]!;
    const off = p % ARENA_CHUNK;
    let s = "";
    if ((l & WIDE) === 0) {
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
    const pa = this.#pos.get(a), pb = this.#pos.get(b);
    const la = this.#len.get(a), lb = this.#len.get(b);
    const ca = this.#arena[Math.floor(pa / ARENA_CHUNK)]!;
    const cb = this.#arena[Math.floor(pb / ARENA_CHUNK)]!;
    const oa = pa % ARENA_CHUNK, ob = pb % ARENA_CHUNK;
    const wa = (la & WIDE) !== 0, wb = (lb & WIDE) !== 0;
    const na = la & ~WIDE, nb = lb & ~WIDE;
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

  /** The entries' indexes sorted by name (a stable merge sort; equal names keep their order). */
  sorted(): Uint32Array {
    const n = this.#n;
    let a = new Uint32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    // Insertion sort of runs of 16, then bottom-up merges into a second buffer.
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
    let b = new Uint32Array(n);
    for (let width = RUN; width < n; width *= 2) {
      for (let lo = 0; lo < n; lo += 2 * width) {
        const mid = Math.min(n, lo + width), hi = Math.min(n, lo + 2 * width);
        let i = lo, j = mid, k = lo;
        while (i < mid && j < hi) b[k++] = this.compare(a[j]!, a[i]!) < 0 ? a[j++]! : a[i++]!;
        while (i < mid) b[k++] = a[i++]!;
        while (j < hi) b[k++] = a[j++]!;
      }
      [a, b] = [b, a];
    }
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

  /** The attributes printing needs of entry `i` (needs `attrs`; `fileid` is 0 without it). */
  info(i: number): ListInfo {
    const tm = this.#typeMode.get(i);
    const type = TYPES[tm >>> 12]!;
    return {
      type,
      isSymlink: type === "symlink",
      isDirectory: type === "directory",
      mode: tm & 0o7777,
      nlink: this.#nlink.get(i),
      uid: this.#uid.get(i),
      gid: this.#gid.get(i),
      size64: this.#size.get(i),
      mtime: new Date(this.#mtime.get(i)),
      fileid: this.#fields.fileid ? this.#fileid.get(i) : 0n,
    };
  }
}
