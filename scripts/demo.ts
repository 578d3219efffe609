/**
 * `deno task demo`: a placeholder until our own client and CLI exist. Starts
 * a real NFS server (nfs-ganesha) on free ports, writes a file into its
 * export, lists the export with libnfs's `nfs-ls` over NFSv3, reads the file
 * back with `nfs-cat`, and stops the server.
 *
 * Needs root and the Debian packages nfs-ganesha, nfs-ganesha-vfs, rpcbind
 * and libnfs-utils (`.ci/run` installs them).
 *
 * @module
 */

import { nfsCat, nfsLs, nfsUrl, startGanesha } from "../tests/servers/mod.ts";

const say = (msg: string): void => console.log(msg);

async function main(): Promise<void> {
  const t0 = performance.now();
  say("Starting nfs-ganesha (NFSv3 + MOUNT v3 on 127.0.0.1, free ports, temp export)...");
  const server = await startGanesha();
  const onSignal = (): void => {
    server.stop().finally(() => Deno.exit(130));
  };
  Deno.addSignalListener("SIGINT", onSignal);
  try {
    say(`  ready in ${Math.round(performance.now() - t0)} ms`);
    say(`  NFS port ${server.nfsPort}, MOUNT port ${server.mountPort}`);
    say(`  export ${server.exportPath}`);
    say(`  URL ${server.url}`);

    const name = "hello.txt";
    const text = `Hello over NFSv3, written at ${new Date().toISOString()}\n`;
    await Deno.writeTextFile(`${server.exportDir}/${name}`, text);
    say(`\nWrote ${server.exportDir}/${name} through the local file system.`);

    say(`\nnfs-ls ${server.url}`);
    for (const e of await nfsLs(server.url)) {
      say(`  ${e.mode} ${String(e.size).padStart(8)} ${e.name}`);
    }

    const url = nfsUrl(server, name);
    const back = new TextDecoder().decode(await nfsCat(url));
    say(`\nnfs-cat ${url}`);
    say(`  ${back.trimEnd()}`);
    if (back !== text) throw new Error("Could not read the file back unchanged over NFS");
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
    await server.stop();
    say("\nStopped the server and removed its temp directory.");
  }
}

try {
  await main();
} catch (e) {
  console.error(`demo failed: ${(e as Error).message}`);
  Deno.exit(1);
}
