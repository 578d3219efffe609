/**
 * Byte-faithful strings for names a server sends: UTF-8 where the bytes are UTF-8, and every
 * other byte kept as a lone surrogate U+DC80..U+DCFF (the "surrogateescape" scheme of
 * Python's PEP 383). A file named in Latin-1 on a Linux server ("caf\xe9") is then listed,
 * and the string that names it encodes back to exactly its bytes, so it can be opened,
 * renamed or removed. Valid UTF-8 never decodes to a lone surrogate, so the mapping is
 * one-to-one both ways.
 *
 * @module
 */

import { concat } from "@std/bytes/concat";

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** A lone escape surrogate (not the low half of a pair), or any lone surrogate. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Decodes bytes as UTF-8, keeping each byte that is not part of a valid UTF-8 sequence as
 * the lone surrogate U+DC00 + byte (bytes 0x80..0xFF only: ASCII is always valid).
 * Overlong forms, encoded surrogates and code points above U+10FFFF are invalid, as in
 * strict UTF-8.
 *
 * @param bytes The bytes.
 * @returns A string that {@linkcode encodeEscapedUtf8} turns back into `bytes`.
 */
export function decodeEscapedUtf8(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    return slowDecode(bytes);
  }
}

function slowDecode(b: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    let need = 0;
    let cp = 0;
    let min = 0;
    if (c >= 0xc2 && c <= 0xdf) [need, cp, min] = [1, c & 0x1f, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, cp, min] = [2, c & 0x0f, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, cp, min] = [3, c & 0x07, 0x10000];
    let ok = need > 0 && i + need < b.length;
    for (let k = 1; ok && k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (d & 0x3f);
    }
    if (ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
      out += String.fromCodePoint(cp);
      i += need + 1;
    } else {
      out += String.fromCharCode(0xdc00 + c); // the byte itself, escaped
      i++;
    }
  }
  return out;
}

/**
 * Whether a string needs {@linkcode encodeEscapedUtf8} rather than plain UTF-8 encoding
 * (it holds a lone surrogate).
 *
 * @param s The string.
 * @returns True if `s` contains a lone surrogate.
 */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/**
 * Encodes a string as UTF-8, turning each lone surrogate U+DC80..U+DCFF back into the byte
 * it stands for (the inverse of {@linkcode decodeEscapedUtf8}).
 *
 * @param s The string.
 * @returns Its bytes.
 * @throws {TypeError} If `s` holds another lone surrogate, which no byte string decodes to
 * (plain UTF-8 encoding would silently turn it into U+FFFD: a different name).
 */
export function encodeEscapedUtf8(s: string): Uint8Array {
  if (!hasLoneSurrogate(s)) return encoder.encode(s);
  const parts: Uint8Array[] = [];
  let run = 0; // start of the current run of ordinary text
  const flush = (end: number) => {
    if (end > run) parts.push(encoder.encode(s.slice(run, end)));
  };
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a pair: ordinary text
        continue;
      }
      throw new TypeError(
        `Cannot encode ${JSON.stringify(s)}: lone surrogate U+${u.toString(16).toUpperCase()}`,
      );
    }
    if (u >= 0xdc00 && u <= 0xdfff) {
      if (u < 0xdc80 || u > 0xdcff) {
        throw new TypeError(
          `Cannot encode ${JSON.stringify(s)}: lone surrogate U+${u.toString(16).toUpperCase()}`,
        );
      }
      flush(i);
      parts.push(Uint8Array.of(u - 0xdc00));
      run = i + 1;
    }
  }
  flush(s.length);
  return concat(parts);
}
