import { assertEquals, assertMatch } from "@std/assert";
import { checkFile, checkLayers, findImports } from "../scripts/check_layers.ts";

/** Writes `files` (relative path -> text) under a fresh temp dir and returns it. */
async function tree(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "check-layers-" });
  for (const [rel, text] of Object.entries(files)) {
    const path = `${root}/${rel}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
  return root;
}

const GOOD: Record<string, string> = {
  "mbuf/mbuf.ts": `export const a = 1;\n`,
  "xdr/reader.ts": `import { a } from "../mbuf/mbuf.ts";\nexport const b = a;\n`,
  "rpc/client.ts": [
    `import type { b } from "../xdr/reader.ts";`,
    `import { Buffer } from "node:buffer";`,
    `export * from "../mbuf/mbuf.ts";`,
    `// import { nope } from "../nfs/v3.ts";  (a comment, ignored)`,
    `/** Example: import { client } from "@nfs/client"; */`,
    `export const c = 1;`,
  ].join("\n"),
  "nfs/v3.ts": `import {\n  c,\n} from "../rpc/client.ts";\nexport const d = c;\n`,
  "nfs/v3_test.ts": `import assert from "node:assert/strict";\n` +
    `import { startGanesha } from "../tests/servers/mod.ts";\nimport "npm:whatever";\n`,
  "mod.ts": `export * from "./nfs/v3.ts";\n`,
  "testing/server.ts": `import { d } from "../mod.ts";\nimport { c } from "../rpc/client.ts";\n`,
  "cli/main.ts": `import { serve } from "../testing/server.ts";\n`,
  "tests/servers/mod.ts": `import "../../cli/main.ts";\nimport "npm:anything";\n`,
  "scripts/x.ts": `import "../cli/main.ts";\n`,
};

Deno.test("check_layers accepts a tree that follows the layering", async () => {
  const root = await tree(GOOD);
  try {
    assertEquals(checkLayers(root), []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("check_layers reports each kind of violation with file and line", async () => {
  const root = await tree({
    ...GOOD,
    "mbuf/pool.ts": `export const p = 1;\n\nimport { b } from "../xdr/reader.ts";\n`,
    "xdr/writer.ts": `const m = await import("../rpc/client.ts");\n`,
    "rpc/transport.ts": `import net from "npm:some-net";\nimport x from "jsr:@std/bytes";\n`,
    "nfs/helper.ts": `import { h } from "../tests/helpers.ts";\n`,
    "mod.ts": `export * from "./nfs/v3.ts";\nexport * from "./cli/main.ts";\n`,
    "testing/bad.ts": `import "../cli/main.ts";\n`,
    "rpc/dyn.ts": `const name = "x";\nawait import(name);\n`,
    "xdr/escape.ts": `import "../../elsewhere.ts";\n`,
  });
  try {
    const got = checkLayers(root).map((v) => `${v.file}:${v.line}: ${v.specifier}`);
    assertEquals(got, [
      `mbuf/pool.ts:3: ../xdr/reader.ts`,
      `mod.ts:2: ./cli/main.ts`,
      `nfs/helper.ts:1: ../tests/helpers.ts`,
      `rpc/dyn.ts:2: `,
      `rpc/transport.ts:1: npm:some-net`,
      `rpc/transport.ts:2: jsr:@std/bytes`,
      `testing/bad.ts:1: ../cli/main.ts`,
      `xdr/escape.ts:1: ../../elsewhere.ts`,
      `xdr/writer.ts:1: ../rpc/client.ts`,
    ]);
    const msg = checkLayers(root).find((v) => v.file === "mbuf/pool.ts")?.message;
    assertEquals(msg, `mbuf/ may not import xdr/ ("../xdr/reader.ts")`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("check_layers exits 1 and prints file:line for a violation", async () => {
  const root = await tree({ ...GOOD, "mbuf/bad.ts": `import "../nfs/v3.ts";\n` });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        new URL("../scripts/check_layers.ts", import.meta.url).href,
        root,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(out.code, 1);
    assertMatch(
      new TextDecoder().decode(out.stderr),
      /^mbuf\/bad\.ts:1: mbuf\/ may not import nfs\//m,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("findImports sees static, multi-line, type-only and dynamic imports but not comments", () => {
  const src = [
    `import a from "./a.ts";`,
    `import {`,
    `  b,`,
    `} from "./b.ts";`,
    `import type { C } from './c.ts';`,
    `export { d } from "./d.ts";`,
    `import "./e.ts";`,
    `/* import f from "./f.ts"; */`,
    `const g = await import("./g.ts");`,
    `type H = typeof import("./h.ts");`,
    `const s = "// not a comment"; import i from "./i.ts";`,
    `Deno.test('makes the export "/"', () => {});`,
  ].join("\n");
  assertEquals(findImports(src).map((i) => `${i.line}:${i.specifier}`), [
    "1:./a.ts",
    "4:./b.ts",
    "5:./c.ts",
    "6:./d.ts",
    "7:./e.ts",
    "9:./g.ts",
    "10:./h.ts",
    "11:./i.ts",
  ]);
});

Deno.test("tests beside the source may import tests/ and external modules", () => {
  assertEquals(
    checkFile("rpc/client_test.ts", `import "../tests/servers/mod.ts";\nimport "npm:x";\n`),
    [],
  );
  assertEquals(checkFile("rpc/client_test.ts", `import "../nfs/v3.ts";\n`).length, 1);
});

Deno.test("tests beside the source may import testing/; library code may not", () => {
  assertEquals(checkFile("nfs/v3/codec_test.ts", `import "../../testing/_nfs3_codec.ts";\n`), []);
  assertEquals(
    checkFile("nfs/v3/codec.ts", `import "../../testing/_nfs3_codec.ts";\n`).map((v) => v.message),
    [`nfs/ may not import testing/ ("../../testing/_nfs3_codec.ts")`],
  );
});

Deno.test("no NFS version folder imports another; all may import nfs/_*.ts and errors.ts", () => {
  const ok = [
    `import { unwrap } from "../_program.ts";`,
    `import { nfsError } from "../errors.ts";`,
    `import type { CallSpec } from "../../rpc/types.ts";`,
    `import { decodeFattr3 } from "./codec_types.ts";`,
  ].join("\n");
  for (const dir of ["v3", "v2", "mount3", "mount1"]) {
    assertEquals(checkFile(`nfs/${dir}/client.ts`, ok), [], dir);
  }
  const bad = [
    `import type { CallOptions } from "../v3/client.ts";`,
    `export { MNTPATHLEN } from "../mount3/types.ts";`,
    `import { Nfs3Client } from "../fs/client.ts";`,
  ].join("\n");
  assertEquals(checkFile("nfs/mount1/client.ts", bad).map((v) => `${v.line}: ${v.message}`), [
    `1: nfs/mount1/ may not import nfs/v3/ ("../v3/client.ts"): share it through nfs/_*.ts instead`,
    `2: nfs/mount1/ may not import nfs/mount3/ ("../mount3/types.ts"): share it through nfs/_*.ts instead`,
    `3: nfs/mount1/ may not import nfs/fs/ ("../fs/client.ts"): share it through nfs/_*.ts instead`,
  ]);
  assertEquals(
    checkFile("nfs/v3/client.ts", `import "../mod.ts";\nimport "../_bytes_test.ts";\n`).map((v) =>
      v.message
    ),
    [`nfs/v3/ may import only nfs/_*.ts and nfs/errors.ts from nfs/, not "../mod.ts"`],
  );
  // A test file is held to the same rule.
  assertEquals(checkFile("nfs/v2/client_test.ts", `import "../v3/client.ts";\n`).length, 1);
  // The file API is built on the versions and may import each of them; shared files may too.
  assertEquals(
    checkFile("nfs/fs/connect.ts", `import "../v3/client.ts";\nimport "../v2/client.ts";\n`),
    [],
  );
  assertEquals(checkFile("nfs/_mount.ts", `import "./_program.ts";\n`), []);
});

Deno.test("benchmarks and the server harness take servers from harness/, never from tests/", () => {
  assertEquals(checkFile("bench/io.ts", `import "../harness/mod.ts";\nimport "npm:x";\n`), []);
  assertEquals(
    checkFile("bench/io.ts", `import "../tests/servers/mod.ts";\n`).map((v) => v.message),
    [`bench/ may not import tests/ ("../tests/servers/mod.ts")`],
  );
  assertEquals(checkFile("harness/embedded.ts", `import "../testing/mod.ts";\n`), []);
  assertEquals(
    checkFile("harness/ganesha.ts", `import "../bench/_run.ts";\nimport "../tests/x.ts";\n`)
      .map((v) => v.message),
    [
      `harness/ may not import bench/ ("../bench/_run.ts")`,
      `harness/ may not import tests/ ("../tests/x.ts")`,
    ],
  );
});

Deno.test("check_layers: fuse/ sits on the library and under cli/ only", async () => {
  const root = await tree({
    ...GOOD,
    "fuse/fs.ts": `import { d } from "../mod.ts";\nimport { c } from "../rpc/client.ts";\n` +
      `import { a } from "../mbuf/mbuf.ts";\nimport { x } from "./proto.ts";\n`,
    "fuse/proto.ts": `export const x = 1;\n`,
    "fuse/fs_test.ts": `import "../tests/servers/mod.ts";\nimport "npm:x";\n`,
    "cli/mount.ts": `import { x } from "../fuse/proto.ts";\n`,
    "scripts/y.ts": `import "../fuse/fs.ts";\n`,
  });
  try {
    assertEquals(checkLayers(root), []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
  const bad = await tree({
    ...GOOD,
    "fuse/fs.ts": `import "../cli/main.ts";\nimport "../testing/server.ts";\n` +
      `import "../tests/servers/mod.ts";\nimport "npm:some-ffi";\n`,
    "nfs/m.ts": `import "../fuse/fs.ts";\n`,
    "mod.ts": `export * from "./nfs/v3.ts";\nexport * from "./fuse/fs.ts";\n`,
    "testing/t.ts": `import "../fuse/fs.ts";\n`,
  });
  try {
    const got = checkLayers(bad).map((v) => `${v.file}:${v.line}: ${v.message}`);
    assertEquals(got, [
      `fuse/fs.ts:1: fuse/ may not import cli/ ("../cli/main.ts")`,
      `fuse/fs.ts:2: fuse/ may not import testing/ ("../testing/server.ts")`,
      `fuse/fs.ts:3: fuse/ may not import tests/ ("../tests/servers/mod.ts")`,
      `fuse/fs.ts:4: fuse/ may import only node: builtins and @std/bytes from outside the project, not "npm:some-ffi"`,
      `mod.ts:2: mod.ts may not import fuse/ ("./fuse/fs.ts")`,
      `nfs/m.ts:1: nfs/ may not import fuse/ ("../fuse/fs.ts")`,
      `testing/t.ts:1: testing/ may not import fuse/ ("../fuse/fs.ts")`,
    ]);
  } finally {
    await Deno.remove(bad, { recursive: true });
  }
});
