/**
 * Every code sample of README.md and docs/*.md is executed here, against the embedded test
 * server: each ```ts block runs as a script (with `nfs://server/export` pointing at the
 * server), and each `nfs ...` line of a ```sh block runs through the CLI.
 */
import { assert } from "@std/assert";
import { startTestServer } from "../testing/mod.ts";

const root = new URL("..", import.meta.url).pathname;
const docs = ["README.md", "docs/ARCHITECTURE.md", "cli/README.md"];

interface Block {
  file: string;
  line: number;
  lang: string;
  code: string;
}

function blocks(file: string): Block[] {
  const text = Deno.readTextFileSync(`${root}/${file}`);
  const out: Block[] = [];
  const re = /^```(\w+)\n([\s\S]*?)^```$/gm;
  for (const m of text.matchAll(re)) {
    out.push({ file, line: text.slice(0, m.index).split("\n").length, lang: m[1]!, code: m[2]! });
  }
  return out;
}

const all = docs.flatMap(blocks);

Deno.test("README and docs: every TypeScript sample runs against the embedded server", async (t) => {
  const ts = all.filter((b) => b.lang === "ts");
  assert(ts.length >= 2, "the README has TypeScript samples");
  const work = await Deno.makeTempDir({ dir: root, prefix: ".doctest-" });
  const dir = await Deno.makeTempDir({ prefix: "nfs-readme-" });
  try {
    await using server = await startTestServer({ dir, exportPath: "/export" });
    for (const b of ts) {
      await t.step(`${b.file}:${b.line}`, async () => {
        const file = `${work}/block_${b.line}.ts`;
        await Deno.writeTextFile(file, b.code.replaceAll("nfs://server/export", server.url));
        const o = await new Deno.Command(Deno.execPath(), {
          args: ["run", "--allow-all", "--quiet", file],
          cwd: root,
          stdout: "piped",
          stderr: "piped",
        }).output();
        const err = new TextDecoder().decode(o.stderr);
        assert(o.success, `${b.file}:${b.line} failed:\n${err}`);
      });
    }
  } finally {
    await Deno.remove(work, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("README and docs: the nfs command lines of the samples run", async (t) => {
  const lines = all.filter((b) => b.lang === "sh").flatMap((b) =>
    b.code.split("\n").map((l, i) => ({ b, i, cmd: l.replace(/\s+#.*$/, "").trim() }))
  ).filter((x) => /^(nfs|deno task nfs) /.test(x.cmd) && !/ (mount|umount|shell) /.test(x.cmd));
  assert(lines.length >= 5, "the docs show nfs commands");
  const dir = await Deno.makeTempDir({ prefix: "nfs-readme-" });
  const local = await Deno.makeTempDir({ prefix: "nfs-readme-local-" });
  try {
    await using server = await startTestServer({ dir, exportPath: "/export" });
    const url = server.url.replace(/\?.*$/, "");
    const query = server.url.slice(server.url.indexOf("?"));
    await Deno.mkdir(`${dir}/photos/2024`, { recursive: true });
    await Deno.writeTextFile(`${dir}/photos/2024/a.txt`, "a");
    await Deno.writeTextFile(`${dir}/notes.txt`, "notes");
    await Deno.mkdir(`${local}/site`);
    await Deno.writeTextFile(`${local}/site/index.html`, "<p>hi</p>");
    for (const { b, i, cmd } of lines) {
      await t.step(`${b.file}:${b.line + i + 1} ${cmd}`, async () => {
        // A pipe into a pager (`| less`) is the shell's business: run the nfs part.
        const args = cmd.replace(/^deno task nfs |^nfs /, "").replace(/\s*\|.*$/, "").split(/\s+/);
        const fixed = args.map((a) => {
          if (a.startsWith("nfs://server/export")) {
            return url + a.slice("nfs://server/export".length) + query;
          }
          if (a === "server") return url + query; // `nfs exports server`
          return a;
        });
        // Examples may be run in any order: make each one's target fresh.
        await Deno.remove(`${dir}/www`, { recursive: true }).catch(() => {});
        await Deno.remove(`${local}/photos`, { recursive: true }).catch(() => {});
        const o = await new Deno.Command(Deno.execPath(), {
          args: ["run", "--allow-all", "--quiet", `${root}/cli/main.ts`, "-q", ...fixed],
          cwd: local,
          stdout: "piped",
          stderr: "piped",
        }).output();
        const err = new TextDecoder().decode(o.stderr);
        assert(o.success, `${cmd}: exit ${o.code}\n${err}`);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(local, { recursive: true });
  }
});
