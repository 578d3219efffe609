/**
 * Thin wrappers around libnfs's command-line tools (`nfs-ls`, `nfs-cat`,
 * `nfs-cp`; Debian package libnfs-utils): an independent NFS client for
 * cross-checking servers and our own client.
 *
 * @module
 */

import type { TestServer } from "./types.ts";

/** One line of `nfs-ls` output. */
export interface NfsLsEntry {
  /** Mode string, e.g. `-rw-r--r--` or `drwxr-xr-x`. */
  mode: string;
  /** Size in bytes. */
  size: number;
  /** Entry name. */
  name: string;
}

/** The libnfs URL of `path` (relative to the export) on `server`. */
export function nfsUrl(server: TestServer, path = ""): string {
  const [base, query = ""] = server.url.split("?", 2) as [string, string?];
  const rel = path.replace(/^\/+/, "");
  return `${base}${rel ? `/${rel}` : ""}${query ? `?${query}` : ""}`;
}

async function run(cmd: string, args: string[], what: string): Promise<Uint8Array> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(cmd, { args, stdin: "null" }).output();
  } catch (e) {
    throw new Error(
      `Could not ${what}: cannot run ${cmd} (Debian package libnfs-utils): ${(e as Error).message}`,
    );
  }
  if (!out.success) {
    const msg = new TextDecoder().decode(out.stderr).trim() ||
      new TextDecoder().decode(out.stdout).trim();
    throw new Error(`Could not ${what}: ${cmd} exited with code ${out.code}: ${msg}`);
  }
  return out.stdout;
}

/** Lists a directory with `nfs-ls`. */
export async function nfsLs(url: string): Promise<NfsLsEntry[]> {
  const text = new TextDecoder().decode(await run("nfs-ls", [url], `list ${url}`));
  const entries: NfsLsEntry[] = [];
  for (const line of text.split("\n")) {
    const m = /^(\S+)\s+\d+\s+\d+\s+\d+\s+(\d+)\s(.*)$/.exec(line);
    if (m) entries.push({ mode: m[1]!, size: Number(m[2]), name: m[3]! });
  }
  return entries;
}

/** Reads a file with `nfs-cat`. */
export function nfsCat(url: string): Promise<Uint8Array> {
  return run("nfs-cat", [url], `read ${url}`);
}

/** Copies a local file to an NFS URL (or back) with `nfs-cp`. */
export async function nfsCp(from: string, to: string): Promise<void> {
  await run("nfs-cp", [from, to], `copy ${from} to ${to}`);
}
