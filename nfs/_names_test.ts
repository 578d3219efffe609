import { assertEquals, assertThrows } from "@std/assert";
import { checkSentName, receivedNameProblem, sentNameProblem } from "./_names.ts";

Deno.test("sentNameProblem() refuses what is not one component, and too many bytes", () => {
  assertEquals(sentNameProblem("notes.txt", 255), null);
  assertEquals(sentNameProblem("x".repeat(255), 255), null);
  assertEquals(sentNameProblem("", 255), { kind: "range", reason: "the name is empty" });
  assertEquals(sentNameProblem("a/b", 255)?.kind, "type");
  assertEquals(sentNameProblem("a\0b", 255)?.kind, "type");
  assertEquals(sentNameProblem("x".repeat(256), 255), {
    kind: "range",
    reason: "256 bytes: maximum is 255",
  });
  // Counted in bytes on the wire: 128 x "é" is 256 bytes; U+DCxx stands for one raw byte.
  assertEquals(sentNameProblem("é".repeat(128), 255)?.reason, "256 bytes: maximum is 255");
  assertEquals(sentNameProblem("\udce9".repeat(255), 255), null);
  // "." and ".." are names a LOOKUP may send, not names an object of its own may have.
  assertEquals(sentNameProblem("..", 255), null);
  assertEquals(sentNameProblem("..", 255, true), { kind: "type", reason: 'the name is ".."' });
  assertEquals(sentNameProblem(".", 255, true)?.kind, "type");
});

Deno.test("checkSentName() throws the codecs' TypeError and RangeError", () => {
  assertThrows(
    () => checkSentName("", "filename3", 255, "NFS3_MAXNAMLEN"),
    RangeError,
    "Cannot encode filename3: the name is empty",
  );
  assertThrows(
    () => checkSentName("a/b", "filename3", 255, "NFS3_MAXNAMLEN"),
    TypeError,
    'Cannot encode filename3: "a/b" contains "/" or NUL',
  );
  assertThrows(
    () => checkSentName("x".repeat(256), "filename", 255, "NFS_MAXNAMLEN"),
    RangeError,
    "Cannot encode filename of 256 bytes: maximum is 255 (NFS_MAXNAMLEN)",
  );
  checkSentName("x".repeat(255), "filename", 255, "NFS_MAXNAMLEN");
});

Deno.test("receivedNameProblem() refuses names that are not one path component", () => {
  assertEquals(receivedNameProblem("a.txt"), null);
  assertEquals(receivedNameProblem(".."), null); // a real entry; readDir skips it
  assertEquals(receivedNameProblem(""), "the name is empty");
  assertEquals(receivedNameProblem("../etc"), 'the name contains "/"');
  assertEquals(receivedNameProblem("a\0"), "the name contains NUL");
});
