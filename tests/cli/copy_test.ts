/**
 * The copy routine behind `get -r`, offline: a fake remote side lists hostile names
 * ("..", "a/b", ".", "", duplicates), symlinks pointing out of the tree, and the destination
 * holds a symlink where a directory will go. Nothing may be written outside the destination.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { join } from "node:path";
import { NotFound } from "../../mod.ts";
import { quoteName } from "../../nfs/errors.ts";
import { Ctx } from "../../cli/_context.ts";
import type { Resolver } from "../../cli/_resolve.ts";
import { copy } from "../../cli/_copy.ts";
import { type Loc, localLoc, type Meta, type Side, type Sink } from "../../cli/_fs.ts";
import { Progress } from "../../cli/_progress.ts";
import { tempDir } from "./_cli.ts";

type Node =
  | { kind: "file"; data: string }
  | { kind: "symlink"; target: string }
  | { kind: "directory"; entries: [string, Node][] };

const T = new Date("2020-01-02T03:04:05Z");

function meta(n: Node): Meta {
  const size = n.kind === "file" ? n.data.length : 0;
  return { kind: n.kind, mode: n.kind === "directory" ? 0o755 : 0o644, size, atime: T, mtime: T };
}

/** A read-only remote side over an in-memory tree that may list any names at all. */
class FakeSide implements Side {
  readonly remote = true;
  constructor(readonly root: Node) {}
  #find(path: string): Node {
    let n: Node = this.root;
    for (const c of path.split("/").filter((x) => x !== "")) {
      if (n.kind !== "directory") throw new NotFound(`no ${path}`, { code: "ENOENT", status: 2 });
      const hit: [string, Node] | undefined = n.entries.find(([name]) => name === c);
      if (hit === undefined) throw new NotFound(`no ${path}`, { code: "ENOENT", status: 2 });
      n = hit[1];
    }
    return n;
  }
  join(dir: string, name: string): string {
    return `${dir}/${name}`;
  }
  sibling(): string {
    throw new Error("read-only");
  }
  stat(path: string): Promise<Meta> {
    return Promise.resolve(meta(this.#find(path)));
  }
  lstat(path: string): Promise<Meta | null> {
    return this.stat(path);
  }
  async *list(path: string): AsyncIterable<{ name: string; meta: Meta }> {
    const n = this.#find(path);
    if (n.kind !== "directory") throw new Error("not a directory");
    for (const [name, child] of n.entries) yield { name, meta: meta(child) };
  }
  readLink(path: string): Promise<string> {
    const n = this.#find(path);
    return Promise.resolve(n.kind === "symlink" ? n.target : "");
  }
  async *read(path: string): AsyncIterable<Uint8Array> {
    const n = this.#find(path);
    yield new TextEncoder().encode(n.kind === "file" ? n.data : "");
  }
  create(): Promise<Sink> {
    throw new Error("read-only");
  }
  rename(): Promise<void> {
    throw new Error("read-only");
  }
  remove(): Promise<void> {
    throw new Error("read-only");
  }
  removeTree(): Promise<void> {
    throw new Error("read-only");
  }
  mkdir(): Promise<void> {
    throw new Error("read-only");
  }
  symlink(): Promise<void> {
    throw new Error("read-only");
  }
  setMeta(): Promise<void> {
    throw new Error("read-only");
  }
}

const NO_RESOLVER: Resolver = {
  looksRemote: () => true,
  check: () => {},
  remote: () => Promise.reject(new Error("unused")),
  defaultRemote: () => Promise.reject(new Error("unused")),
};

async function run(
  root: Node,
  dest: string,
  force = false,
  name = "top",
): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const ctx = new Ctx(NO_RESOLVER, new AbortController().signal, (t) => (stderr += t));
  const src: Loc = {
    side: new FakeSide(root),
    path: "/top",
    display: "nfs://evil/top",
    name,
  };
  await copy(
    ctx,
    [src],
    localLoc(dest),
    { verb: "get", recursive: true, preserve: true, force },
    new Progress("never"),
  );
  return { code: ctx.code, stderr };
}

async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    for await (const e of Deno.readDir(join(dir, rel))) {
      const r = rel === "" ? e.name : `${rel}/${e.name}`;
      out.push(
        e.isSymlink ? `${r} -> ${await Deno.readLink(join(dir, r))}` : e.isDirectory ? `${r}/` : r,
      );
      if (e.isDirectory) await walk(r);
    }
  };
  await walk("");
  return out.sort();
}

Deno.test("copy() refuses hostile names and never follows symlinks out of the destination", async () => {
  await using tmp = await tempDir();
  const dest = join(tmp.path, "dest");
  const outside = join(tmp.path, "outside");
  await Deno.mkdir(outside);
  const file = (data: string): Node => ({ kind: "file", data });
  const root: Node = {
    kind: "directory",
    entries: [["top", {
      kind: "directory",
      entries: [
        ["..", file("up one")],
        ["../outside/pwned", file("escaped")],
        ["a/b", file("slash")],
        [".", { kind: "directory", entries: [["x", file("dot")]] }],
        ["", file("empty")],
        ["nul\0name", file("nul")],
        ["caf\udce9", file("latin-1 bytes")], // a name that is not UTF-8: Deno cannot make it
        ["esc\x1b[2Jape", file("terminal control")], // a legal name, shown escaped
        ["ok.txt", file("fine")],
        ["ok.txt", file("duplicate")],
        ["link-out", { kind: "symlink", target: "../../outside" }],
        ["sub", { kind: "directory", entries: [["inner.txt", file("inner")]] }],
      ],
    }]],
  };
  const r = await run(root, dest);
  assertEquals(r.code, 1, "refusals make the command fail");
  for (const name of ["..", "../outside/pwned", "a/b", ".", "", "nul\0name", "caf\udce9"]) {
    assert(r.stderr.includes(`skipping ${quoteName(name)} in`), `${name}: ${r.stderr}`);
  }
  assertMatch(r.stderr, /skipping "caf\\xe9" in "nfs:\/\/evil\/top": the name is not UTF-8/);
  assert(!r.stderr.includes("\x1b"), "a control character reached the terminal");
  assertMatch(r.stderr, /skipping "ok\.txt" in "nfs:\/\/evil\/top": the name is listed twice/);
  assertEquals(await listTree(dest), [
    "esc\x1b[2Jape",
    "link-out -> ../../outside",
    "ok.txt",
    "sub/",
    "sub/inner.txt",
  ]);
  assertEquals(await Deno.readTextFile(join(dest, "ok.txt")), "fine");
  assertEquals(await listTree(outside), [], "nothing outside the destination");
  assertEquals(await listTree(tmp.path).then((l) => l.filter((p) => !p.startsWith("dest"))), [
    "outside/",
  ]);
  assertEquals(
    (await Deno.stat(join(dest, "ok.txt"))).mtime!.getTime(),
    T.getTime(),
    "-p keeps mtime",
  );

  // A second download must not write through the symlink it created, even with -f: a server
  // that now lists "link-out" as a directory gets a refusal, not a write into ../../outside.
  const again: Node = {
    kind: "directory",
    entries: [["top", {
      kind: "directory",
      entries: [["link-out", {
        kind: "directory",
        entries: [["pwned", file("through the link")]],
      }]],
    }]],
  };
  const r2 = await run(again, tmp.path, true, "dest"); // into tmp.path/dest, the same tree
  assertEquals(r2.code, 1);
  assertMatch(r2.stderr, /cannot write ".*\/dest\/link-out": is a symlink \(not followed\)/);
  assertEquals(await listTree(outside), []);
});
