/**
 * `nfs mount URL DIR` end to end: the CLI mounts an export through FUSE in a child process,
 * then real programs (cp, cat, sha256sum, ls -lR, find, mv, rm -r, ln -s, chmod, truncate,
 * dd, tar, rsync, git) run on the mount and their results are compared with the server's
 * directory on disk; then the mount is removed and nothing is left in the mount table.
 *
 * Needs Linux, root and /dev/fuse (skipped with the reason otherwise). Servers: the
 * embedded one and ganesha (`NFS_FUSE_SERVERS=embedded,ganesha`, the default); unfsd too
 * when named there.
 *
 * @module
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import {
  ganeshaAvailability,
  startGanesha,
  startUnfsd,
  unfsdAvailability,
} from "../servers/mod.ts";
import { startEmbedded } from "../../harness/embedded.ts";
import { startTestServer } from "../../testing/mod.ts";
import type { TestServer } from "../servers/mod.ts";

const CLI = Deno.env.get("NFS_TEST_CLI") || new URL("../../cli/main.ts", import.meta.url).pathname;
const dec = new TextDecoder();

function skipReason(): string | null {
  if (Deno.build.os !== "linux") return "FUSE mounts are Linux only";
  if (Deno.uid() !== 0) return "needs root (mount(2) of /dev/fuse)";
  try {
    Deno.statSync("/dev/fuse");
  } catch {
    return "no /dev/fuse here";
  }
  return null;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const o = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    env,
    stdin: "null",
  }).output();
  return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}

/** Runs a shell script (bash, -e and pipefail); fails the test with its output if it fails. */
async function sh(script: string, cwd?: string): Promise<string> {
  const o = await new Deno.Command("bash", {
    args: ["-c", `set -euo pipefail\n${script}`],
    ...(cwd ? { cwd } : {}),
    stdin: "null",
  }).output();
  const out = dec.decode(o.stdout);
  if (o.code !== 0) {
    throw new Error(
      `script failed (${o.code}):\n${script}\n--- stdout\n${out}\n--- stderr\n${
        dec.decode(o.stderr)
      }`,
    );
  }
  return out;
}

function mountedAt(dir: string): boolean {
  return Deno.readTextFileSync("/proc/self/mountinfo").split("\n").some((l) =>
    l.split(" ")[4] === dir
  );
}

async function waitFor(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A mount served by a CLI child process. */
interface Mounted {
  dir: string;
  child: Deno.ChildProcess;
  stderr: Promise<string>;
}

async function mount(url: string, dir: string, extra: string[] = []): Promise<Mounted> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "mount", ...extra, url, dir],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  let exited = false;
  child.status.then(() => exited = true);
  await waitFor(`the mount at ${dir}`, () => exited || mountedAt(dir));
  if (!mountedAt(dir)) throw new Error(`nfs mount failed: ${await stderr}`);
  return { dir, child, stderr };
}

async function unmount(m: Mounted): Promise<void> {
  const r = await cli(["umount", m.dir]);
  assertEquals(r.code, 0, r.stderr);
  const status = await m.child.status;
  assertEquals(status.code, 0, await m.stderr);
  assert(!mountedAt(m.dir), "still in the mount table");
}

const why = skipReason();

/** A FUSE test, skipped with the reason in its name while `skip` holds one. */
function fuseTest(name: string, fn: () => Promise<void>, skip: string | null = why): void {
  Deno.test({
    name: `fuse: ${name}${skip ? ` (skipped: ${skip})` : ""}`,
    ignore: skip !== null,
    sanitizeResources: false,
    sanitizeOps: false,
    fn,
  });
}

const KINDS: Record<string, { available(): string | null; start(): Promise<TestServer> }> = {
  embedded: { available: () => null, start: () => startEmbedded() },
  ganesha: {
    available: () => {
      const a = ganeshaAvailability();
      return a.available ? null : a.reason ?? "unavailable";
    },
    start: () => startGanesha(),
  },
  // Not in the default list (CI time): NFS_FUSE_SERVERS=embedded,ganesha,unfsd.
  unfsd: {
    available: () => {
      const a = unfsdAvailability();
      return a.available ? null : a.reason ?? "unavailable";
    },
    start: () => startUnfsd(),
  },
};

for (const kind of (Deno.env.get("NFS_FUSE_SERVERS") ?? "embedded,ganesha").split(",")) {
  const k = KINDS[kind.trim()];
  const skip = why ?? (k === undefined ? "unknown server kind" : k.available());
  if (skip !== null || k === undefined) {
    Deno.test({
      name: `fuse: programs on a mount [${kind}] (skipped: ${skip})`,
      ignore: true,
      fn() {},
    });
    continue;
  }
  Deno.test({
    name: `fuse: programs on a mount [${kind}]`,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn(t) {
      await using server = await k.start();
      const work = await Deno.makeTempDir({ prefix: "nfs-fuse-test-" });
      const mnt = `${work}/mnt`;
      const loc = `${work}/local`;
      await Deno.mkdir(mnt);
      await Deno.mkdir(loc);
      const exp = server.exportDir;
      const linkTimes = kind !== "ganesha";
      const m = await mount(server.url, mnt);
      let unmounted = false;
      try {
        await t.step(
          "64 MiB both ways: cp, cat and sha256sum agree with the server's disk",
          async () => {
            const out = await sh(`
            head -c 64M /dev/urandom > ${loc}/up.bin
            cp ${loc}/up.bin ${mnt}/up.bin
            sha256sum < ${loc}/up.bin; sha256sum < ${exp}/up.bin
            head -c 64M /dev/urandom > ${exp}/down.bin
            cat ${mnt}/down.bin > ${loc}/down.bin
            sha256sum < ${exp}/down.bin; sha256sum < ${loc}/down.bin
            cp ${mnt}/down.bin ${loc}/down2.bin; cmp ${loc}/down.bin ${loc}/down2.bin
            stat -c %s ${mnt}/up.bin ${mnt}/down.bin
            rm ${mnt}/up.bin ${mnt}/down.bin ${loc}/*.bin`);
            const [a, b, c, d, s1, s2] = out.trim().split("\n");
            assertEquals(a, b, "uploaded bytes differ on the server");
            assertEquals(c, d, "downloaded bytes differ");
            assertEquals([s1, s2], ["67108864", "67108864"]);
          },
        );

        await t.step("ls -lR, find, mv, rm -r, ln -s, chmod, truncate, dd", async () => {
          await sh(`
            cd ${mnt}
            mkdir -p a/b/c d
            echo one > a/1.txt; echo two > a/b/2.txt; printf x > a/b/c/3.txt
            mv a/1.txt d/moved.txt
            mv a/b d/b
            ln -s ../d/moved.txt a/link
            chmod 640 d/moved.txt
            truncate -s 1000 d/b/2.txt
            dd if=/dev/zero of=dd.bin bs=4M count=3 status=none
            dd if=/dev/urandom of=dd.bin bs=1M count=1 seek=5 conv=notrunc status=none
            mkdir -p gone/x/y; touch gone/x/y/z gone/w
            rm -r gone`);
          const listing = (root: string) =>
            sh(`cd ${root} && find . -printf '%P %y %s %m %l\\n' | LC_ALL=C sort`);
          assertEquals(await listing(mnt), await listing(exp));
          const ls = await sh(`ls -lR ${mnt} | grep -c '^[-dl]'`);
          assertEquals(ls.trim(), "9"); // a, a/link, d, d/moved.txt, d/b, d/b/2.txt, d/b/c, 3.txt, dd.bin
          assertEquals(await sh(`cat ${mnt}/a/link`), "one\n");
          assertEquals(await sh(`readlink ${mnt}/a/link`), "../d/moved.txt\n");
          assertEquals((await sh(`stat -c %a ${exp}/d/moved.txt`)).trim(), "640");
          assertEquals(
            (await sh(`stat -c %s ${exp}/d/b/2.txt ${exp}/dd.bin`)).trim(),
            "1000\n12582912",
          );
          assertEquals(
            await sh(`sha256sum < ${mnt}/dd.bin`),
            await sh(`sha256sum < ${exp}/dd.bin`),
          );
          assert(!(await sh(`ls ${exp}`)).includes("gone"));
          await sh(`rm -r ${mnt}/a ${mnt}/d ${mnt}/dd.bin`);
        });

        await t.step("tar -x of 1,000 files, then tar -c back: the same archive", async () => {
          const tarOpts = "--sort=name --numeric-owner --format=gnu";
          // ganesha's VFS backend answers SETATTR of a symlink's times with OK but keeps
          // them, so the archive holds a symlink only for the other servers.
          const link = linkTimes ? "ln -s d1/f1.txt top-link" : "";
          await sh(`
            mkdir -p ${loc}/tree
            cd ${loc}/tree
            for d in $(seq 1 10); do mkdir d$d; for f in $(seq 1 100); do
              echo "file $d/$f $RANDOM" > d$d/f$f.txt; done; done
            chmod 600 d3/f7.txt; ${link}
            touch -d '2020-01-02 03:04:05' d2/f2.txt
            tar -cf ${loc}/in.tar ${tarOpts} .
            mkdir ${mnt}/t
            tar -xf ${loc}/in.tar -C ${mnt}/t
            tar -cf ${loc}/out.tar ${tarOpts} -C ${mnt}/t .`);
          const count = await sh(`tar -tf ${loc}/in.tar | grep -c '\\.txt$'`);
          assertEquals(count.trim(), "1000");
          assertEquals(
            await sh(`tar -tvf ${loc}/out.tar --numeric-owner`),
            await sh(`tar -tvf ${loc}/in.tar --numeric-owner`),
          );
          assertEquals(
            await sh(`sha256sum < ${loc}/out.tar`),
            await sh(`sha256sum < ${loc}/in.tar`),
          );
          await sh(`rm -r ${mnt}/t ${loc}/in.tar ${loc}/out.tar`);
        });

        await t.step("rsync -a of a tree (if rsync is installed)", async (t) => {
          if ((await sh("command -v rsync || true")).trim() === "") {
            await t.step({ name: "skipped: rsync is not installed", ignore: true, fn() {} });
            return;
          }
          // 200 of the tar step's files, to keep the suite short.
          await sh(`rm -r ${loc}/tree/d[3-9] ${loc}/tree/d10`);
          await sh(`rsync -a ${loc}/tree/ ${mnt}/r/ && diff -r ${loc}/tree ${exp}/r`);
          const again = await sh(
            `rsync -a -i ${linkTimes ? "" : "--omit-link-times"} ${loc}/tree/ ${mnt}/r/`,
          );
          assertEquals(again, "", "a second rsync -a found differences");
          await sh(`rm -r ${mnt}/r`);
        });

        await t.step("git init, add, commit inside the mount", async () => {
          const out = await sh(`
            cd ${mnt} && mkdir repo && cd repo
            git init -q .
            git config user.email t@example.com; git config user.name t
            cp -r ${loc}/tree/d1 .; echo hello > README
            git add -A && git commit -q -m first
            echo more >> README && git commit -q -am second
            git log --oneline | wc -l
            git fsck --strict 2>&1 | grep -v '^Checking' || true
            git status --porcelain`);
          assertEquals(out.trim(), "2");
          assertEquals(
            await sh(`git -C ${exp}/repo show HEAD:README`),
            "hello\nmore\n",
          );
          await sh(`rm -rf ${mnt}/repo`);
        });

        await t.step(
          "bad input: already mounted, not empty, missing, not a directory",
          async () => {
            const url = server.url;
            let r = await cli(["mount", url, mnt]);
            assertEquals(r.code, 1);
            assertMatch(r.stderr, /already a mount point \(fuse\.nfs /);
            await Deno.writeTextFile(`${loc}/file`, "x");
            r = await cli(["mount", url, loc]);
            assertEquals(r.code, 1);
            assertMatch(r.stderr, /directory not empty/);
            r = await cli(["mount", url, `${work}/missing`]);
            assertEquals(r.code, 1);
            assertMatch(r.stderr, /missing: no such directory/);
            r = await cli(["mount", url, `${loc}/file`]);
            assertEquals(r.code, 1);
            assertMatch(r.stderr, /file: not a directory/);
            r = await cli(["mount", url]);
            assertEquals(r.code, 2);
            assertMatch(r.stderr, /DIR missing.*nfs shell URL/);
            await Deno.mkdir(`${work}/empty`);
            r = await cli(["mount", url, `${work}/empty`], { NFS_FUSE_DEVICE: `${work}/no-fuse` });
            assertEquals(r.code, 1);
            assertMatch(r.stderr, /no-fuse is missing/);
            r = await cli(["umount", `${work}/empty`]);
            assertEquals(r.code, 1);
            assertMatch(r.stderr, /not a mount point/);
          },
        );

        await t.step("unmount: the server process exits 0, nothing is left mounted", async () => {
          await unmount(m);
          unmounted = true;
          assert(!Deno.readTextFileSync("/proc/mounts").includes(mnt));
        });
      } finally {
        if (!unmounted) {
          await cli(["umount", "--lazy", mnt]);
          await m.child.status;
        }
        await Deno.remove(work, { recursive: true }).catch(() => {});
      }
    },
  });
}

fuseTest("a killed server leaves a dead mount that nfs umount clears", async () => {
  await using server = await startEmbedded();
  const work = await Deno.makeTempDir({ prefix: "nfs-fuse-test-" });
  try {
    const m = await mount(server.url, work);
    m.child.kill("SIGKILL");
    await m.child.status;
    assert(mountedAt(work), "the kernel keeps the dead mount");
    let r = await cli(["mount", server.url, work]);
    assertEquals(r.code, 1);
    assertMatch(r.stderr, /dead FUSE mount.*nfs umount .*fusermount3 -u /);
    r = await cli(["umount", work]);
    assertEquals(r.code, 0, r.stderr);
    assert(!mountedAt(work));
    // SIGTERM unmounts on the way out.
    const m2 = await mount(server.url, work);
    m2.child.kill("SIGTERM");
    assertEquals((await m2.child.status).code, 0);
    assertMatch(await m2.stderr, /SIGTERM: unmounted/);
    assert(!mountedAt(work));
  } finally {
    if (mountedAt(work)) await cli(["umount", "--lazy", work]);
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
});

fuseTest("soft mode, server gone: programs get EIO and umount does not hang", async () => {
  const server = await startEmbedded();
  const work = await Deno.makeTempDir({ prefix: "nfs-fuse-test-" });
  try {
    await Deno.writeTextFile(`${server.exportDir}/f.txt`, "data\n");
    const url = `${server.url}&soft=1&timeo=10&retrans=1&autoreconnect=0`;
    const m = await mount(url, work, ["--actimeo", "0"]);
    assertEquals(await sh(`cat ${work}/f.txt`), "data\n");
    await server.stop();
    const o = await new Deno.Command("bash", {
      args: ["-c", `cat ${work}/f.txt; echo rc=$?`],
      stdin: "null",
    }).output();
    assertMatch(dec.decode(o.stderr), /Input\/output error/);
    assertMatch(dec.decode(o.stdout), /rc=1/);
    await unmount(m);
  } finally {
    if (mountedAt(work)) await cli(["umount", "--lazy", work]);
    await server.stop().catch(() => {});
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
});

fuseTest("a server restart and a cut connection during cp: the copies are identical", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nfs-fuse-test-" });
  const work = await Deno.makeTempDir({ prefix: "nfs-fuse-test-" });
  await using server = await startTestServer({ dir, versions: [3] });
  try {
    await sh(`head -c 48M /dev/urandom > ${work}/src.bin`);
    await Deno.mkdir(`${work}/m`);
    const m = await mount(server.url, `${work}/m`);
    const mnt = m.dir;
    const verf0 = server.writeVerifier.join();
    const cp = sh(`cp ${work}/src.bin ${mnt}/up.bin && sync ${mnt}/up.bin`);
    await waitFor("a third of the upload", () => {
      try {
        return Deno.statSync(`${dir}/up.bin`).size > 16 << 20;
      } catch {
        return false;
      }
    });
    server.restart(); // a new write verifier: UNSTABLE data must be sent again at COMMIT
    server.faults = { dropAfterBytes: 64 }; // and the connection is cut mid-reply
    await cp;
    assert(server.writeVerifier.join() !== verf0);
    assertEquals(await sh(`sha256sum < ${dir}/up.bin`), await sh(`sha256sum < ${work}/src.bin`));
    // Reading, with the connection cut again halfway.
    await sh(`cp ${work}/src.bin ${dir}/down.bin`);
    const cat = sh(`cat ${mnt}/down.bin > ${work}/down.bin`);
    await waitFor("half the download", () => {
      try {
        return Deno.statSync(`${work}/down.bin`).size > 24 << 20;
      } catch {
        return false;
      }
    });
    server.faults = { dropAfterBytes: 64 };
    await cat;
    assertEquals(
      await sh(`sha256sum < ${work}/down.bin`),
      await sh(`sha256sum < ${work}/src.bin`),
    );
    await unmount(m);
  } finally {
    if (mountedAt(`${work}/m`)) await cli(["umount", "--lazy", `${work}/m`]);
    await Deno.remove(work, { recursive: true }).catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});

/** Whether user 65534 can read the checkout (a clone under a 0700 temp directory cannot). */
function othersCanRead(path: string): boolean {
  for (let p = path; p !== "/" && p !== ""; p = p.slice(0, p.lastIndexOf("/")) || "/") {
    if (((Deno.statSync(p).mode ?? 0) & 0o005) !== 0o005) return false;
  }
  return true;
}
const unreadable = othersCanRead(new URL("../../cli", import.meta.url).pathname)
  ? null
  : "the checkout is not readable by an unprivileged user";
const whyNotRoot = why ?? unreadable;

fuseTest("not root and no fusermount3: a clear error", async () => {
  const work = await Deno.makeTempDir({ prefix: "nfs-fuse-test-" });
  try {
    await Deno.chmod(work, 0o755);
    await Deno.mkdir(`${work}/mnt`);
    await Deno.mkdir(`${work}/deno`);
    await Deno.chown(`${work}/mnt`, 65534, 65534);
    await Deno.chown(`${work}/deno`, 65534, 65534);
    const o = await new Deno.Command("setpriv", {
      args: [
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        Deno.execPath(),
        "run",
        "-A",
        CLI,
        "mount",
        "nfs://127.0.0.1/export",
        `${work}/mnt`,
      ],
      env: {
        DENO_DIR: `${work}/deno`,
        HOME: `${work}/deno`,
        NFS_FUSERMOUNT: `${work}/no/fusermount3`,
      },
      stdin: "null",
    }).output();
    assertEquals(o.code, 1, dec.decode(o.stderr));
    assertMatch(
      dec.decode(o.stderr),
      /mounting needs root, or .*no\/fusermount3 \(Debian package fuse3\)/,
    );
    assert(!mountedAt(`${work}/mnt`));
  } finally {
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}, whyNotRoot);

fuseTest("options: -r, --allow-other, -d, -b, --actimeo", async () => {
  await using server = await startEmbedded();
  const work = await Deno.makeTempDir({ prefix: "nfs-fuse-test-" });
  const mnt = `${work}/mnt`;
  await Deno.chmod(work, 0o755);
  await Deno.mkdir(mnt);
  await Deno.writeTextFile(`${server.exportDir}/f.txt`, "data\n");
  await Deno.chmod(server.exportDir, 0o755);
  const asNobody = (cmd: string) =>
    new Deno.Command("setpriv", {
      args: ["--reuid=65534", "--regid=65534", "--clear-groups", "bash", "-c", cmd],
      stdin: "null",
    }).output();
  try {
    // Read-only, allow_other, debug log.
    let m = await mount(server.url, mnt, ["-r", "--allow-other", "-d", "--actimeo", "0.5"]);
    assertEquals(await sh(`cat ${mnt}/f.txt`), "data\n");
    const ro = await new Deno.Command("bash", {
      args: ["-c", `echo x > ${mnt}/new.txt`],
      stdin: "null",
    }).output();
    assertEquals(ro.code, 1);
    assertMatch(dec.decode(ro.stderr), /Read-only file system/);
    const other = await asNobody(`cat ${mnt}/f.txt`);
    assertEquals(dec.decode(other.stdout), "data\n", dec.decode(other.stderr));
    await unmount(m);
    const log = await m.stderr;
    assertMatch(log, /^fuse: INIT node=0 7\.\d+ -> ok/m);
    assertMatch(log, /^fuse: LOOKUP node=1 f\.txt -> ok/m);
    assertMatch(log, /^fuse: READ node=\d+ fh=\d+ 0\+\d+ -> ok/m);
    // Without allow_other, another user is kept out by the kernel.
    m = await mount(server.url, mnt);
    const out = await asNobody(`cat ${mnt}/f.txt`);
    assertEquals(out.code, 1);
    assertMatch(dec.decode(out.stderr), /Permission denied/);
    await unmount(m);
    // Background: returns once mounted; nfs umount stops the server process.
    const r = await cli(["mount", "-b", server.url, mnt]);
    assertEquals(r.code, 0, r.stderr);
    assert(mountedAt(mnt));
    assertMatch(r.stderr, /server pid (\d+)/);
    const pid = Number(/server pid (\d+)/.exec(r.stderr)![1]);
    assertEquals(await sh(`cat ${mnt}/f.txt`), "data\n");
    assertEquals((await cli(["umount", mnt])).code, 0);
    await waitFor("the background server to exit", () => {
      try {
        Deno.statSync(`/proc/${pid}`);
        return false;
      } catch {
        return true;
      }
    });
    assert(!mountedAt(mnt));
  } finally {
    if (mountedAt(mnt)) await cli(["umount", "--lazy", mnt]);
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
});

fuseTest("hard mode, server gone: umount -l frees a stuck reader and ends the server", async () => {
  const server = await startEmbedded();
  const work = await Deno.makeTempDir({ prefix: "nfs-fuse-test-" });
  try {
    await Deno.writeTextFile(`${server.exportDir}/f.txt`, "data\n");
    const m = await mount(server.url, work, ["--actimeo", "0"]);
    assertEquals((await sh(`ls ${work}`)).trim(), "f.txt");
    await server.stop();
    const reader = new Deno.Command("cat", {
      args: [`${work}/f.txt`],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    await new Promise((r) => setTimeout(r, 500));
    // Stuck in the kernel waiting for the FUSE reply: even SIGKILL waits (D state) ...
    reader.kill("SIGKILL");
    // ... until the mount is torn down: detached, the server process notices, stops
    // serving and closes the device, which fails the waiting request.
    const r = await cli(["umount", "--lazy", work]);
    assertEquals(r.code, 0, r.stderr);
    assertMatch(r.stderr, /was busy; detached it/);
    const status = await m.child.status;
    assertEquals(status.code, 0, await m.stderr);
    assertEquals((await reader.status).signal, "SIGKILL");
    assert(!mountedAt(work));
  } finally {
    if (mountedAt(work)) await cli(["umount", "--lazy", work]);
    await server.stop().catch(() => {});
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
});
