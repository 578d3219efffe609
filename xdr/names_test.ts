import { assertEquals, assertMatch, assertThrows } from "@std/assert";
import {
  decodeEscapedUtf8,
  encodeEscapedUtf8,
  hasLoneSurrogate,
  XdrReader,
  XdrWriter,
} from "./mod.ts";

const utf8 = new TextEncoder();

Deno.test("decodeEscapedUtf8: valid UTF-8 decodes as UTF-8", () => {
  for (const s of ["", "a", "café", "日本語", "😀 x", "\u{10FFFF}", "\uFEFFbom"]) {
    assertEquals(decodeEscapedUtf8(utf8.encode(s)), s);
    assertEquals(hasLoneSurrogate(s), false);
  }
});

Deno.test("decodeEscapedUtf8: each invalid byte becomes U+DC80..U+DCFF", () => {
  const cases: [number[], string][] = [
    [[0x63, 0x61, 0x66, 0xe9], "caf\udce9"], // Latin-1 é
    [[0xff], "\udcff"],
    [[0x80], "\udc80"], // lone continuation byte
    [[0xc0, 0x80], "\udcc0\udc80"], // overlong NUL
    [[0xe0, 0x80, 0xaf], "\udce0\udc80\udcaf"], // overlong "/"
    [[0xed, 0xa0, 0x80], "\udced\udca0\udc80"], // an encoded surrogate
    [[0xf4, 0x90, 0x80, 0x80], "\udcf4\udc90\udc80\udc80"], // above U+10FFFF
    [[0xe2, 0x82], "\udce2\udc82"], // truncated
    [[0xe2, 0x82, 0x61], "\udce2\udc82a"], // interrupted by ASCII
    [[0xc3, 0xa9, 0xe9, 0xc3, 0xa9], "é\udce9é"], // valid, invalid, valid
  ];
  for (const [bytes, want] of cases) {
    const got = decodeEscapedUtf8(new Uint8Array(bytes));
    assertEquals(got, want, `bytes ${bytes}`);
    assertEquals([...encodeEscapedUtf8(got)], bytes, `round trip of ${bytes}`);
  }
});

Deno.test("encodeEscapedUtf8(decodeEscapedUtf8(b)) is b for random bytes", () => {
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
  for (let n = 0; n < 5000; n++) {
    const b = new Uint8Array(rnd() % 24);
    // Mix plain bytes with pieces of valid multi-byte UTF-8.
    for (let i = 0; i < b.length; i++) b[i] = rnd() % 3 === 0 ? 0xc0 + (rnd() % 0x40) : rnd() % 256;
    const s = decodeEscapedUtf8(b);
    assertEquals(encodeEscapedUtf8(s), b, `bytes ${b}`);
  }
});

Deno.test("encodeEscapedUtf8 refuses lone surrogates that stand for no byte", () => {
  for (const s of ["a\ud800", "\ud800b", "\udc00", "x\udc7f", "\udd00"]) {
    assertMatch(
      assertThrows(() => encodeEscapedUtf8(s), Error).message,
      /lone surrogate/,
      JSON.stringify(s),
    );
  }
  // A surrogate pair whose low half is in the escape range is an ordinary character.
  assertEquals(encodeEscapedUtf8("\ud83d\udc80"), utf8.encode("💀"));
});

Deno.test("XdrWriter.stringEscaped / XdrReader.stringEscaped round-trip any name bytes", () => {
  const names = ["plain", "caf\udce9", "\udcff\udcfe", "日本\udc80語"];
  const w = new XdrWriter();
  for (const n of names) w.stringEscaped(n, 255);
  using chain = w.finish();
  const r = new XdrReader(chain);
  for (const n of names) assertEquals(r.stringEscaped(255), n);
  r.expectEnd();
  // The strict reader still refuses the same bytes.
  const r2 = new XdrReader(chain);
  r2.stringEscaped(255);
  assertMatch(assertThrows(() => r2.string(255), Error).message, /not valid UTF-8/);
  assertMatch(
    assertThrows(() => new XdrWriter().stringEscaped("\udcff".repeat(3), 2), Error).message,
    /maximum is 2/,
  );
});
