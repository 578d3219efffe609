import { assert, assertEquals, assertMatch, assertThrows } from "@std/assert";
import { normalizePath, parseNfsUrl } from "./url.ts";

Deno.test("parseNfsUrl() reads host, port, user and the decoded path", () => {
  assertEquals(parseNfsUrl("nfs://server/export/dir"), {
    host: "server",
    port: undefined,
    user: undefined,
    path: "/export/dir",
    options: {},
  });
  const u = parseNfsUrl("nfs://alice@server:2049/ex%20port/%C3%A7a%20va%20%E2%9C%93/");
  assertEquals(u.user, "alice");
  assertEquals(u.port, 2049);
  assertEquals(u.path, "/ex port/ça va ✓");
  assertEquals(parseNfsUrl("nfs://h/a b/c").path, "/a b/c");
  assertEquals(parseNfsUrl("nfs://h").path, "/");
  assertEquals(parseNfsUrl("nfs://h//a/./b//").path, "/a/b");
  assertEquals(parseNfsUrl("nfs://user%40corp@h/p").user, "user@corp");
  assertEquals(parseNfsUrl(new URL("nfs://h/p?uid=5")).options.uid, 5);
  assertEquals(parseNfsUrl("NFS://h/p").host, "h");
});

Deno.test("parseNfsUrl() decodes bytes that are not UTF-8 as the names a listing gives", () => {
  // %E9 alone is Latin-1 "é": the file a listing shows as "caf\udce9" (see decodeEscapedUtf8).
  assertEquals(parseNfsUrl("nfs://h/export/caf%E9").path, "/export/caf\udce9");
  assertEquals(parseNfsUrl("nfs://h/export/caf%C3%A9").path, "/export/café");
  assertEquals(parseNfsUrl("nfs://h/export/%FF%2Fx").path, "/export/\udcff/x");
  assertEquals(parseNfsUrl("nfs://h/ça%20va").path, "/ça va");
  assertThrows(() => parseNfsUrl("nfs://h/a%E"), TypeError, "bad percent-encoding");
  assertThrows(() => parseNfsUrl("nfs://h/a%00b"), TypeError, "NUL in the path");
});

Deno.test("parseNfsUrl() takes IPv6 hosts without brackets", () => {
  const u = parseNfsUrl("nfs://[::1]:2049/export");
  assertEquals(u.host, "::1");
  assertEquals(u.port, 2049);
  assertEquals(parseNfsUrl("nfs://[fe80::1:2]/x").host, "fe80::1:2");
});

Deno.test("parseNfsUrl() reads every libnfs parameter", () => {
  const u = parseNfsUrl(
    "nfs://h/e?version=2&uid=1000&gid=100&auxgids=4,5,6&nfsport=2049&mountport=635" +
      "&rsize=65536&wsize=32768&timeo=15&retrans=4&soft=1&readdir-buffer=4096,16384" +
      "&autoreconnect=3&resvport=1",
  );
  assertEquals(u.options, {
    version: 2,
    uid: 1000,
    gid: 100,
    auxgids: [4, 5, 6],
    nfsport: 2049,
    mountport: 635,
    rsize: 65536,
    wsize: 32768,
    timeo: 15,
    retrans: 4,
    soft: true,
    readdirBuffer: { dircount: 4096, maxcount: 16384 },
    autoreconnect: 3,
    resvport: true,
  });
  assertEquals(parseNfsUrl("nfs://h/e?readdir-buffer=8192").options.readdirBuffer, {
    dircount: 8192,
    maxcount: 8192,
  });
  assertEquals(parseNfsUrl("nfs://h/e?version=3").options.version, 3);
  assertEquals(parseNfsUrl("nfs://h/e?soft").options.soft, true);
  assertEquals(parseNfsUrl("nfs://h/e?proto=udp").options.proto, "udp");
  assertEquals(parseNfsUrl("nfs://h/e?proto=tcp").options.proto, "tcp");
  assertEquals(parseNfsUrl("nfs://h/e").options.proto, undefined);
  assertEquals(parseNfsUrl("nfs://h/e?soft=0").options.soft, false);
  assertEquals(parseNfsUrl("nfs://h/e?resvport=0").options.resvport, false);
  assertEquals(parseNfsUrl("nfs://h/e?autoreconnect=-1").options.autoreconnect, -1);
  assertEquals(parseNfsUrl("nfs://h/e?uid=0&gid=4294967295").options.gid, 4294967295);
  assertEquals(parseNfsUrl("nfs://h/e?auxgids=").options.auxgids, []);
});

Deno.test("parseNfsUrl() accepts and ignores libnfs parameters without effect here", () => {
  const u = parseNfsUrl(
    "nfs://h/e?tcp-syncnt=3&debug=2&dircache=0&readahead=1024&pagecache=8" +
      "&auto-traverse-mounts=0&if=eth0",
  );
  assertEquals(u.options, {});
});

Deno.test("parseNfsUrl() names the parameter of every malformed value", () => {
  const bad: [string, string, RegExp][] = [
    ["version=4", "version", /2\.\.3, got 4/],
    ["version=", "version", /whole number/],
    ["version=3.0", "version", /whole number/],
    ["uid=-1", "uid", /0\.\.4294967295/],
    ["uid=abc", "uid", /whole number, got "abc"/],
    ["gid=4294967296", "gid", /range|\.\./],
    ["auxgids=1,x", "auxgids", /whole number/],
    ["auxgids=1,,2", "auxgids", /whole number/],
    [`auxgids=${Array.from({ length: 17 }, (_, i) => i).join(",")}`, "auxgids", /at most 16/],
    ["nfsport=0", "nfsport", /1\.\.65535/],
    ["nfsport=65536", "nfsport", /1\.\.65535/],
    ["mountport=", "mountport", /whole number/],
    ["rsize=100", "rsize", /512\.\./],
    ["rsize=1e6", "rsize", /whole number/],
    ["wsize=-4096", "wsize", /512\.\./],
    ["timeo=0", "timeo", /1\.\./],
    ["retrans=x", "retrans", /whole number/],
    ["soft=maybe", "soft", /0 or 1/],
    ["proto=rdma", "proto", /tcp or udp/],
    ["proto=UDP", "proto", /tcp or udp/],
    ["resvport=2", "resvport", /0 or 1/],
    ["autoreconnect=-2", "autoreconnect", /-1\.\./],
    ["readdir-buffer=1,2,3", "readdir-buffer", /DIRCOUNT,MAXCOUNT/],
    ["readdir-buffer=abc", "readdir-buffer", /whole number/],
    ["readdir-buffer=100", "readdir-buffer", /512\.\./],
  ];
  for (const [q, name, detail] of bad) {
    const e = assertThrows(() => parseNfsUrl(`nfs://h/e?${q}`));
    assert(e instanceof TypeError || e instanceof RangeError, `${q}: ${e}`);
    assert(e.message.includes(`parameter "${name}"`), `${q}: ${e.message}`);
    assertMatch(e.message, detail, q);
  }
});

Deno.test("parseNfsUrl() refuses unknown parameters by name", () => {
  for (const name of ["bogus", "Version", "nfs_port", "vers"]) {
    const e = assertThrows(() => parseNfsUrl(`nfs://h/e?${name}=3`), TypeError);
    assertEquals(e.message, `Invalid nfs URL: unknown parameter "${name}"`);
  }
});

Deno.test("parseNfsUrl() refuses malformed URLs", () => {
  const bad: [string, RegExp][] = [
    ["http://h/e", /must start with nfs:\/\//],
    ["nfs:/h/e", /must start with nfs:\/\//],
    ["h/e", /must start with nfs:\/\//],
    ["nfs:///e", /no host/],
    ["nfs://h/%ZZ", /bad percent-encoding/],
    ["nfs://h/a%00b", /NUL/],
    ["nfs://h/e#frag", /fragment/],
    ["nfs://h:0/e", /"port"/],
    ["nfs://h:99999/e", /cannot parse|"port"/],
    ["nfs://[::1/e", /cannot parse/],
  ];
  for (const [u, msg] of bad) {
    const e = assertThrows(() => parseNfsUrl(u));
    assert(e instanceof TypeError || e instanceof RangeError, `${u}: ${e}`);
    assertMatch(e.message, msg, u);
  }
});

Deno.test("normalizePath() drops empty and '.' components and keeps '..'", () => {
  assertEquals(normalizePath(""), "/");
  assertEquals(normalizePath("/"), "/");
  assertEquals(normalizePath("a//b/./c/"), "/a/b/c");
  assertEquals(normalizePath("/a/../b"), "/a/../b");
});
