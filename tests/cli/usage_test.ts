/**
 * The command line itself, without a server: help texts, usage errors (status 2), malformed
 * URLs (status 2) and an unreachable server (status 1).
 */
import { assertEquals, assertMatch } from "@std/assert";
import { expectRun, nfs } from "./_cli.ts";

Deno.test("cli: --help, COMMAND --help and help COMMAND print help on stdout", async () => {
  const [top, help, ls, helpGet, mount] = await Promise.all([
    nfs(["--help"]),
    nfs(["help"]),
    nfs(["ls", "--help"]),
    nfs(["help", "get"]),
    nfs(["mount", "-h"]),
  ]);
  for (const r of [top, help, ls, helpGet, mount]) expectRun(r, 0);
  assertMatch(top.stdout, /^Usage: nfs /m);
  for (const c of ["ls", "stat", "df", "exports", "cat", "get", "put", "cp", "mkdir", "rm"]) {
    assertMatch(top.stdout, new RegExp(`^  ${c} `, "m"), c);
  }
  for (const c of ["rmdir", "mv", "ln", "chmod", "touch", "truncate", "shell", "mount", "umount"]) {
    assertMatch(top.stdout, new RegExp(`^  ${c} `, "m"), c);
  }
  assertEquals(help.stdout, top.stdout);
  assertMatch(ls.stdout, /^Usage: nfs ls \[-l\] \[-a\] \[-R\] \[-h\] \[-U\] \[--json\] URL$/m);
  assertMatch(ls.stdout, /^Examples:\n {2}nfs ls /m);
  assertMatch(helpGet.stdout, /-r, --recursive/);
  assertMatch(mount.stdout, /^Usage: nfs mount .*URL DIR$/m);
  assertMatch(mount.stdout, /nfs shell URL/);
});

Deno.test("cli: usage errors exit with 2 and point to the help", async () => {
  const cases: [string[], RegExp][] = [
    [[], /^nfs: an NFSv3/],
    [["frob"], /^nfs: unknown command "frob"\nTry "nfs --help"\.\n$/],
    [["--frob"], /^nfs: unknown option "--frob"/],
    [["ls", "-z", "nfs://h/e"], /^nfs: unknown option "-z"\nTry "nfs ls --help"\.\n$/],
    [["ls"], /^nfs: missing the nfs:\/\/ URL\nTry "nfs ls --help"\.\n$/],
    [["ls", "/tmp"], /^nfs: "\/tmp" is not an nfs:\/\/ URL\n/],
    [["ls", "nfs://"], /^nfs: invalid nfs URL "nfs:\/\/": no host\n/],
    [["ls", "nfs://h/e?bogus=1"], /^nfs: invalid nfs URL: unknown parameter "bogus"\n/],
    [["get", "nfs://h/a", "nfs://h/b", "nfs://["], /^nfs: invalid nfs URL/],
    [["put", "nfs://h/a", "nfs://h/b"], /^nfs: "nfs:\/\/h\/a" must be a local path here\n/],
    [["cp", "a", "b"], /^nfs: nothing is an nfs:\/\/ URL/],
    [["truncate", "-s", "1X", "nfs://h/a"], /^nfs: invalid size "1X"\n/],
  ];
  const runs = await Promise.all(cases.map(([args]) => nfs(args)));
  runs.forEach((r, i) => {
    expectRun(r, 2, cases[i]![1]);
    assertEquals(r.stdout, "", `no stdout for ${cases[i]![0].join(" ")}`);
  });
});

Deno.test("cli: an unreachable server exits with 1 and says which URL", async () => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const dead = (l.addr as Deno.NetAddr).port;
  l.close();
  const url = `nfs://127.0.0.1/export/a.txt?nfsport=${dead}&mountport=${dead}&version=3`;
  const [cat, exp] = await Promise.all([
    nfs(["cat", url]),
    nfs(["exports", "--mountport", String(dead), "127.0.0.1"]),
  ]);
  expectRun(cat, 1, /^nfs: cannot mount "nfs:\/\/127\.0\.0\.1\/export\/a\.txt": .*refused/i);
  expectRun(exp, 1, /^nfs: cannot list exports of "127\.0\.0\.1": .*refused/i);
  assertEquals(cat.stdout, "");
});
