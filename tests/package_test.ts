/**
 * The published package (issue 22, item 9): what `deno publish` would upload, and whether
 * the README works on jsr.io (its relative links and images point at published files; it
 * opens with how to add and import the package; there is a LICENSE; no deno.lock).
 */
import { assert, assertEquals, assertFalse } from "@std/assert";
import { buildCli } from "../scripts/build_cli.ts";

const root = new URL("..", import.meta.url);

async function publishedFiles(): Promise<string[]> {
  // The `./bin` export is the built CLI, which `deno task publish` makes first (gitignored).
  await buildCli(new URL("cli/dist/nfs.js", root).pathname);
  const o = await new Deno.Command(Deno.execPath(), {
    args: ["publish", "--dry-run", "--allow-dirty"],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(o.stdout) + new TextDecoder().decode(o.stderr);
  assert(o.success, text);
  const prefix = root.href;
  return [...text.matchAll(/^\s+(file:\/\/\S+) \(/gm)].map((m) => m[1]!.slice(prefix.length));
}

Deno.test("package: README links, LICENSE, no lock file, an install line first", async () => {
  const files = await publishedFiles();
  const files0 = ["LICENSE", "README.md", "cli/README.md", "mod.ts", "cli/main.ts"];
  for (const f of [...files0, "cli/dist/nfs.js", "cli/dist/nfs.d.ts"]) {
    assert(files.includes(f), `${f} is published`);
  }
  assertFalse(files.includes("deno.lock"), "deno.lock (bench's npm dependencies) is not");
  assertFalse(files.some((f) => f.startsWith("tests/") || f.endsWith("_test.ts")), "no tests");
  const license = await Deno.readTextFile(new URL("LICENSE", root));
  const denoJson = JSON.parse(await Deno.readTextFile(new URL("deno.json", root)));
  assertEquals(denoJson.license, "MIT");
  assert(license.startsWith("MIT License"), "the LICENSE is the MIT one deno.json names");

  for (const doc of ["README.md", "cli/README.md", "docs/ARCHITECTURE.md"]) {
    const text = await Deno.readTextFile(new URL(doc, root));
    const dir = doc.includes("/") ? doc.slice(0, doc.lastIndexOf("/") + 1) : "";
    for (const m of text.matchAll(/!?\[[^\]]*\]\(([^)#\s]+)[^)]*\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) continue; // absolute: fine on any page
      const path = new URL(dir + target, "file:///").pathname.slice(1);
      assert(files.includes(path), `${doc} links ${target}, which is not published`);
    }
  }

  const readme = await Deno.readTextFile(new URL("README.md", root));
  const head = readme.split("\n").slice(0, 25).join("\n");
  assert(head.includes("deno add jsr:@nfs/client"), "the README opens with deno add");
  assert(/^import \{[^}]+\} from "@nfs\/client";$/m.test(head), "and an import line");
});
