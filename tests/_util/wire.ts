/**
 * Wire checks with tshark: capture loopback traffic of a session, dissect it as RPC, and
 * assert that every packet with payload decodes as RPC/NFS/MOUNT (or is a segment of a
 * record that does), that every call got a reply, and that there is no malformed packet and
 * no expert error. Shared by the embedded-server and ganesha wire tests.
 */
import { assert, assertEquals, assertMatch, assertNotMatch } from "@std/assert";
import { Createmode3, Ftype3, Mount3Client, Nfs3Client, StableHow, unwrap } from "../../nfs/mod.ts";
import { Mount1Client } from "../../nfs/mount1/mod.ts";
import { Nfs2Client } from "../../nfs/v2/mod.ts";
import type { RpcCaller } from "../../rpc/mod.ts";

const td = new TextDecoder();

async function run(args: string[]): Promise<{ ok: boolean; out: string; err: string }> {
  try {
    const o = await new Deno.Command("tshark", { args, stdout: "piped", stderr: "piped" }).output();
    return { ok: o.success, out: td.decode(o.stdout), err: td.decode(o.stderr) };
  } catch (e) {
    return { ok: false, out: "", err: String(e) };
  }
}

/** A running `tshark -i lo` capture, ready once it has seen a probe connection. */
export interface Capture {
  file: string;
  /** Stops the capture; resolves with the packets tshark reports it dropped. */
  stop(): Promise<number>;
}

export async function startCapture(ports: number[], file: string): Promise<Capture | string> {
  const child = new Deno.Command("tshark", {
    args: [
      "-i",
      "lo",
      "-f",
      ports.map((p) => `tcp port ${p}`).join(" or "),
      "-w",
      file,
      "-P",
      "-l",
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let err = "";
  let out = "";
  const errDone = (async () => {
    for await (const b of child.stderr) err += td.decode(b);
  })();
  const outDone = (async () => {
    for await (const b of child.stdout) out += td.decode(b);
  })();
  const exited = child.status.then((s) => s);
  let ended = false;
  exited.then(() => ended = true);
  // "Capturing on" is printed before packets really flow: probe with connections until
  // tshark prints a packet.
  const deadline = performance.now() + 10_000;
  while (!ended && out.trim() === "" && performance.now() < deadline) {
    if (err.includes("Capturing on")) {
      const c = await Deno.connect({ hostname: "127.0.0.1", port: ports[0]! });
      c.close();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (ended || out.trim() === "") {
    if (!ended) child.kill("SIGTERM");
    await exited;
    await Promise.all([errDone, outDone]);
    return `tshark could not capture on lo: ${err.trim().split("\n").at(-1) ?? "no output"}`;
  }
  return {
    file,
    async stop() {
      // Let the last packets reach the file: wait until tshark has printed nothing new for
      // 300 ms (at most 5 s).
      const until = performance.now() + 5000;
      let seen = -1;
      while (out.length !== seen && performance.now() < until) {
        seen = out.length;
        await new Promise((r) => setTimeout(r, 300));
      }
      child.kill("SIGINT");
      await exited;
      await Promise.all([errDone, outDone]);
      // A loaded machine can make dumpcap drop packets ("N packets dropped from lo").
      return Number(/(\d+) packets? dropped/.exec(err)?.[1] ?? 0);
    },
  };
}

/**
 * Every NFSv3 and MOUNT v3 procedure, on the given connections; the WRITE and READ move
 * `bulk` bytes (default 100 000; over UDP one datagram holds at most 32 KiB of data).
 */
export async function sessionV3(
  mrpc: RpcCaller,
  rpc: RpcCaller,
  exportPath: string,
  bulk = 100_000,
): Promise<void> {
  const mount = new Mount3Client(mrpc);
  await mount.null();
  const m = await mount.mnt(exportPath);
  assert(m.status === 0);
  const nfs = new Nfs3Client(rpc);
  const root = m.fhandle;
  await nfs.null();
  await nfs.getattr(root);
  const f = unwrap(
    await nfs.create(root, "f", { mode: Createmode3.GUARDED, objAttributes: {} }),
    "CREATE",
  ).obj!;
  await nfs.write(f, 0, new Uint8Array(bulk).fill(7), StableHow.UNSTABLE);
  await nfs.commit(f);
  await nfs.read(f, 0, bulk);
  await nfs.setattr(f, { mode: 0o600 });
  await nfs.access(f, 0x3f);
  const d = unwrap(await nfs.mkdir(root, "d"), "MKDIR").obj!;
  const l = unwrap(await nfs.symlink(d, "l", "../f"), "SYMLINK").obj!;
  await nfs.readlink(l);
  await nfs.mknod(root, "p", { type: Ftype3.NF3FIFO, pipeAttributes: {} });
  await nfs.link(f, d, "hard");
  await nfs.rename(d, "hard", root, "hard2");
  await nfs.lookup(root, "missing"); // an error reply
  await nfs.readdir(root);
  await nfs.readdirplus(root);
  await nfs.fsstat(root);
  await nfs.fsinfo(root);
  await nfs.pathconf(root);
  await nfs.remove(d, "l");
  await nfs.rmdir(root, "d");
  await Promise.all([nfs.getattr(f), nfs.getattr(root), nfs.access(root, 1)]); // pipelined
  await mount.dump();
  await mount.export();
  await mount.umnt(exportPath);
}

/** Every NFSv2 and MOUNT v1 procedure, on the given connections. */
export async function sessionV2(
  mrpc: RpcCaller,
  rpc: RpcCaller,
  exportPath: string,
): Promise<void> {
  const mount1 = new Mount1Client(mrpc);
  const m1 = await mount1.mnt(exportPath);
  assert(m1.status === 0);
  const v2 = new Nfs2Client(rpc);
  const r2 = m1.directory;
  await v2.null();
  await v2.getattr(r2);
  const g = unwrap(await v2.create(r2, "g"), "CREATE2").file;
  await v2.write(g, 0, new Uint8Array(8192).fill(1));
  await v2.read(g, 0, 8192);
  await v2.setattr(g, { mode: 0o644 });
  await v2.lookup(r2, "g");
  const d2 = unwrap(await v2.mkdir(r2, "d2"), "MKDIR2").file;
  await v2.symlink(d2, "s", "x");
  await v2.readlink(unwrap(await v2.lookup(d2, "s"), "LOOKUP2").file);
  await v2.link(g, d2, "h");
  await v2.rename(d2, "h", r2, "h2");
  await v2.readdir(r2);
  await v2.statfs(r2);
  await v2.remove(d2, "s");
  await v2.rmdir(r2, "d2");
  await v2.lookup(r2, "missing");
  await mount1.umnt(exportPath);
}

export const haveTshark = (() => {
  for (const d of (Deno.env.get("PATH") ?? "/usr/bin").split(":")) {
    try {
      if (Deno.statSync(`${d}/tshark`).isFile) return true;
    } catch { /* not here */ }
  }
  return false;
})();

/**
 * Runs `session` under a capture and checks the capture with {@linkcode checkCapture}. A
 * capture that lost packets (dumpcap drops them when the machine is loaded; on loopback TCP
 * itself loses nothing) proves nothing about our bytes, so the whole attempt is made again,
 * up to three times; `setup` gives each attempt a fresh server. Returns a reason when
 * capturing is impossible here.
 */
export async function captureAndCheck(
  t: Deno.TestContext,
  setup: () => Promise<{ ports: number[]; session: () => Promise<void> } & AsyncDisposable>,
  expectPrograms: string[],
  allV3: boolean,
): Promise<string | undefined> {
  const ATTEMPTS = 3;
  for (let attempt = 1;; attempt++) {
    const file = await Deno.makeTempFile({ suffix: ".pcapng" });
    try {
      await using env = await setup();
      const cap = await startCapture(env.ports, file);
      if (typeof cap === "string") return cap;
      let dropped: number;
      try {
        await env.session();
      } finally {
        dropped = await cap.stop();
      }
      const lossy = await checkCapture(t, file, env.ports, expectPrograms, allV3, {
        dropped,
        tolerateLoss: attempt < ATTEMPTS,
      });
      if (!lossy) return undefined;
      console.log(`wire check: attempt ${attempt}: the capture lost packets; capturing again`);
    } finally {
      await Deno.remove(file);
    }
  }
}

/**
 * Dissects a capture and checks it (as `t.step`s): nothing malformed, every payload packet
 * is RPC, every call answered, the given programs seen, and (when `allV3`) all 22 NFSv3
 * procedures plus an NFS3ERR_NOENT reply. With `tolerateLoss`, a capture with a gap (packets
 * dropped by the capture, or a TCP segment tshark never saw) is not checked: returns true.
 */
export async function checkCapture(
  t: Deno.TestContext,
  file: string,
  ports: number[],
  expectPrograms: string[],
  allV3: boolean,
  loss: { dropped: number; tolerateLoss: boolean } = { dropped: 0, tolerateLoss: false },
): Promise<boolean> {
  const FIELDS = [
    "frame.number",
    "tcp.srcport",
    "tcp.dstport",
    "tcp.analysis.lost_segment",
    "tcp.analysis.ack_lost_segment",
    "tcp.analysis.retransmission",
    "tcp.len",
    "frame.protocols",
    "tcp.reassembled_in",
    "rpc.msgtyp",
    "rpc.xid",
    "rpc.program",
    "rpc.programversion",
    "_ws.malformed",
    "_ws.expert.severity",
    "nfs.procedure_v3",
    "nfs.status3",
  ];
  const out = await run([
    "-2",
    "-r",
    file,
    ...ports.flatMap((p) => ["-d", `tcp.port==${p},rpc`]),
    "-T",
    "fields",
    "-E",
    "occurrence=a",
    "-E",
    "aggregator=,",
    ...FIELDS.flatMap((f) => ["-e", f]),
    "-z",
    "expert",
  ]);
  assert(out.ok, out.err);
  const rows = out.out.split("\n").filter((l) => /^\d+\t/.test(l)).map((l) => {
    const cols = l.split("\t");
    return Object.fromEntries(FIELDS.map((f, i) => [f, cols[i] ?? ""]));
  });
  const expert = out.out.slice(out.out.search(/^\S+ \(\d+\)$/m));
  const gaps = rows.filter((r) =>
    r["tcp.analysis.lost_segment"] !== "" || r["tcp.analysis.ack_lost_segment"] !== ""
  ).map((r) => r["frame.number"]);
  const gapNote = `capture: ${loss.dropped} packets dropped, gaps before frames [${gaps}]`;
  if (loss.tolerateLoss && (loss.dropped > 0 || gaps.length > 0)) return true;

  await t.step("no malformed packet, no expert error", () => {
    const ERROR = 0x800000; // _ws.expert.severity of PI_ERROR
    for (const r of rows) {
      assertEquals(r["_ws.malformed"], "", `frame ${r["frame.number"]} is malformed`);
      const sev = r["_ws.expert.severity"]!.split(",").filter((x) => x !== "").map(Number);
      assert(sev.every((s) => s < ERROR), `frame ${r["frame.number"]}: expert error`);
    }
    assertNotMatch(expert, /^Errors \(/m, expert);
  });

  await t.step("every packet with payload is RPC or a segment of an RPC record", () => {
    const calls = new Set<string>();
    const replies = new Set<string>();
    const programs = new Set<string>();
    let rpcFrames = 0;
    for (const r of rows) {
      if (Number(r["tcp.len"]) === 0) continue;
      // TCP does retransmit on loopback here (a full receive queue drops a segment; nstat
      // shows it). tshark checks a retransmission repeats bytes it saw and does not dissect
      // it again: the original segment is the one checked.
      if (r["tcp.analysis.retransmission"] !== "") continue;
      const protos = r["frame.protocols"]!;
      const isRpc = protos.split(":").includes("rpc");
      const frame = r["frame.number"];
      assert(
        isRpc || r["tcp.reassembled_in"] !== "",
        `frame ${frame} (${r["tcp.srcport"]} -> ${r["tcp.dstport"]}, ${
          r["tcp.len"]
        } bytes): ${protos}, not RPC; ${gapNote}`,
      );
      if (!isRpc) continue;
      rpcFrames++;
      assertMatch(protos, /:tcp(:rpc|:nfs|:mount)+$/, `frame ${frame}: ${protos}`);
      const types = r["rpc.msgtyp"]!.split(",");
      const xids = r["rpc.xid"]!.split(",");
      types.forEach((ty, i) => (ty === "0" ? calls : replies).add(xids[i]!));
      const vers = r["rpc.programversion"]!.split(",");
      r["rpc.program"]!.split(",").forEach((p, i) => p !== "" && programs.add(`${p}/${vers[i]}`));
    }
    assert(rpcFrames > 40, `${rpcFrames} RPC frames`);
    assertEquals([...calls].filter((x) => !replies.has(x)), [], "calls without reply");
    for (const p of expectPrograms) {
      assert(programs.has(p), `program ${p} not seen: ${[...programs]}`);
    }
  });

  if (!allV3) return false;
  await t.step("tshark sees every NFSv3 procedure and the error status we sent", () => {
    const procs = new Set(rows.flatMap((r) => r["nfs.procedure_v3"]!.split(",")));
    for (let p = 0; p <= 21; p++) assert(procs.has(String(p)), `NFSv3 procedure ${p}`);
    assert(rows.some((r) => r["nfs.status3"]!.split(",").includes("2")), "NFS3ERR_NOENT");
  });
  return false;
}
