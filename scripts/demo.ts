/**
 * `deno task demo`: the main job, with nothing but Deno.
 *
 * Starts the embedded NFS test server (`@nfs/client/testing`) on a temp directory, then uses
 * the `nfs` CLI as a user would type it: puts a generated 64 MiB file (with a progress bar),
 * lists and stats it, reads it back and checks its SHA-256, builds and shows a small
 * directory tree, and prints the throughput. Everything is cleaned up at the end.
 *
 * With `NFS_URL=nfs://host/export/dir` it runs against that server instead (the demo works
 * in a new subdirectory `nfs-client-demo-<random>` of that URL and removes it at the end).
 *
 * @module
 */
import { startTestServer } from "../testing/mod.ts";

const MiB = 1 << 20;
const SIZE = Number(Deno.env.get("DEMO_MIB") ?? 64) * MiB;
const cli = new URL("../cli/main.ts", import.meta.url).pathname;
/** Why the two rates of one transfer differ. */
const RATES = "starting Deno, connecting and the final COMMIT included;\n" +
  "     the bar's rate (and its summary) counts from the first byte to the last only";

function say(msg = ""): void {
  console.log(msg);
}

function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** URL of `path` below the base URL (keeps the query). */
function at(base: string, path: string): string {
  const u = new URL(base);
  u.pathname = `${u.pathname.replace(/\/$/, "")}/${path}`.replace(/\/+/g, "/");
  return u.toString();
}

/** Runs the CLI as a user would: prints the command, shows its output, fails on error. */
async function nfs(args: string[], opts: { capture?: boolean } = {}): Promise<string> {
  // Full URLs (quoted for a shell), so that any line can be copied and run as it is.
  const shown = args.map((a) => (/[?&\s]/.test(a) ? `'${a.replaceAll("'", "'\\''")}'` : a));
  say(`$ nfs ${shown.join(" ")}`);
  const p = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--quiet", cli, ...args],
    stdout: "piped",
    stderr: "inherit",
  });
  const out = await p.output();
  const text = new TextDecoder().decode(out.stdout);
  if (!opts.capture && text) console.log(text.trimEnd());
  if (!out.success) throw new Error(`nfs ${args[0]} failed with exit code ${out.code}`);
  return text;
}

async function main(): Promise<void> {
  const local = await Deno.makeTempDir({ prefix: "nfs-demo-local-" });
  let base = Deno.env.get("NFS_URL");
  let stop = async () => {};
  if (base === undefined) {
    const dir = await Deno.makeTempDir({ prefix: "nfs-demo-export-" });
    const t0 = performance.now();
    const server = await startTestServer({ dir, exportPath: "/export" });
    say(`Started the embedded NFS test server (NFSv3 + NFSv2) on 127.0.0.1:${server.port}`);
    say(`  exporting ${dir} as /export, ready in ${Math.round(performance.now() - t0)} ms`);
    say(`  (set NFS_URL=nfs://host/export to run this demo against a real server)`);
    base = server.url;
    stop = async () => {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    };
  } else {
    base = at(base, `nfs-client-demo-${crypto.randomUUID().slice(0, 8)}`);
    say(`Using ${base.replace(/\?.*$/, "")}`);
    await nfs(["mkdir", "-p", base]);
    const inner = stop;
    stop = async () => {
      await nfs(["rm", "-r", base!]).catch(() => {});
      await inner();
    };
  }
  try {
    say();
    say(`Generating a ${SIZE / MiB} MiB file of random-looking bytes...`);
    const data = new Uint8Array(SIZE);
    let x = 0x9e3779b9;
    const words = new Uint32Array(data.buffer);
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words[i] = x >>> 0;
    }
    const src = `${local}/big.bin`;
    await Deno.writeFile(src, data);
    const sha = hex(await crypto.subtle.digest("SHA-256", data));
    say(`  sha256 ${sha}`);
    say();

    let t = performance.now();
    await nfs(["put", "--progress", src, at(base, "big.bin")]);
    const putS = (performance.now() - t) / 1000;
    say(`  -> ${(SIZE / MiB / putS).toFixed(0)} MiB/s for the whole command: ${RATES}`);
    say();
    await nfs(["ls", "-l", "-h", base]);
    say();
    await nfs(["stat", at(base, "big.bin")]);
    say();

    const back = `${local}/back.bin`;
    t = performance.now();
    await nfs(["get", "--progress", at(base, "big.bin"), back]);
    const getS = (performance.now() - t) / 1000;
    say(`  -> ${(SIZE / MiB / getS).toFixed(0)} MiB/s for the whole command: ${RATES}`);
    const sha2 = hex(await crypto.subtle.digest("SHA-256", await Deno.readFile(back)));
    say(`  sha256 ${sha2} ${sha2 === sha ? "(matches)" : "(DIFFERS!)"}`);
    if (sha2 !== sha) throw new Error("The file read back differs from the file written");
    say();

    say("A small tree:");
    await nfs(["mkdir", "-p", at(base, "tree/docs/notes"), at(base, "tree/src")]);
    await Deno.writeTextFile(`${local}/readme.txt`, "Hello from @nfs/client!\n");
    await nfs(["put", `${local}/readme.txt`, at(base, "tree/docs/readme.txt")]);
    await nfs(["cp", at(base, "tree/docs/readme.txt"), at(base, "tree/src/copy.txt")]);
    await nfs(["ln", "-s", "../docs/readme.txt", at(base, "tree/src/link.txt")]);
    await nfs(["ls", "-R", at(base, "tree")]);
    await nfs(["cat", at(base, "tree/src/link.txt")]);
    say();
    say(
      `Done: put ${(SIZE / MiB / putS).toFixed(0)} MiB/s, get ${
        (SIZE / MiB / getS).toFixed(0)
      } MiB/s, SHA-256 verified.`,
    );
  } finally {
    await stop();
    await Deno.remove(local, { recursive: true });
  }
  if (Deno.env.get("NFS_URL") === undefined) {
    say();
    say("The demo's server is stopped. To keep one running and try your own commands:");
    say("  deno task serve            # prints the URL; Ctrl-C stops it");
  }
}

if (import.meta.main) {
  try {
    await main();
  } catch (e) {
    console.error(`demo: ${e instanceof Error ? e.message : e}`);
    Deno.exit(1);
  }
}
