/**
 * One sentence per failure to reach or mount a server: what was tried, and what to do
 * (rather than the library's layered "cannot mount ... cannot mount ..." and raw OS codes).
 *
 * @module
 */
import type { NfsUrl } from "../nfs/fs/url.ts";
import { NfsError, NotFound, PermissionDenied, TimedOut } from "../nfs/errors.ts";
import { reasonOf } from "./_errors.ts";

/** A failure to connect, explained (its message is the reason shown after the URL). */
export class ConnectFailure extends Error {
  /**
   * @param reason The sentence, lowercase.
   * @param cause The library's error.
   */
  constructor(reason: string, cause: unknown) {
    super(reason, { cause });
    this.name = "ConnectFailure";
  }
}

function chain(e: unknown): unknown[] {
  const out: unknown[] = [];
  for (let c = e; c !== undefined && c !== null && out.length < 8;) {
    out.push(c);
    c = (c as { cause?: unknown }).cause;
  }
  return out;
}

function messages(e: unknown): string {
  return chain(e).map((c) => (c instanceof Error ? c.message : String(c))).join(" | ");
}

/** How to list the exports of the URL's server. */
function exportsCommand(u: NfsUrl): string {
  const mp = u.options.mountport;
  return mp === undefined ? `nfs exports ${u.host}` : `nfs exports --mountport ${mp} ${u.host}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Explains a failed connect() of `u`.
 *
 * @param e What connect() threw.
 * @param u The URL.
 * @param elapsedMs Time since the command first contacted this server (export list
 * included), so that a timeout message says how long the user waited.
 * @returns The error to report (a {@linkcode ConnectFailure}).
 */
export function explainConnectError(e: unknown, u: NfsUrl, elapsedMs: number): ConnectFailure {
  const host = u.host;
  const text = messages(e);
  const tried = u.options.version === undefined ? "NFSv3 and NFSv2" : `NFSv${u.options.version}`;
  const fixedPorts = u.options.mountport !== undefined;
  const refused = /\bConnection refused\b|ECONNREFUSED/i.test(text) ||
    chain(e).some((c) => c instanceof Deno.errors.ConnectionRefused);
  let why: string;
  if (
    /failed to lookup address|Name or service not known|nodename nor servname|Temporary failure in name resolution|No address associated/i
      .test(text)
  ) {
    why = `cannot resolve the host name "${host}": check its spelling, or use an IP address`;
  } else if (/not registered with the portmapper/.test(text)) {
    why = `no NFS server is registered with the portmapper on ${host} (tried ${tried}): ` +
      "is one running there? If it does not use the portmapper, give nfsport= and mountport=";
  } else if (/portmapper \(port 111\)/.test(text)) {
    why = refused
      ? `no portmapper on ${host} (port 111 refused the connection): is an NFS server ` +
        "running there? If it runs without a portmapper, give nfsport= and mountport="
      : `the portmapper on ${host} (port 111) did not answer in ${seconds(elapsedMs)}: ` +
        "check the address and any firewall, or give nfsport= and mountport=";
  } else if (refused) {
    const port = /Cannot connect to [^ ]*?:(\d+)/.exec(text)?.[1];
    const which = port === undefined ? "" : ` port ${port}`;
    why = `${host}${which} refused the connection: is the NFS server ` +
      (fixedPorts ? "running, and are nfsport= and mountport= right?" : "running?");
  } else if (chain(e).some((c) => c instanceof TimedOut)) {
    const o = u.options;
    const mode = o.soft
      ? `soft mount, timeo=${o.timeo ?? 600} retrans=${o.retrans ?? 2}`
      : "while connecting";
    const last = e instanceof NfsError && e.proc ? `; the last call was ${e.proc}` : "";
    why = `the server did not answer for ${seconds(elapsedMs)} (${mode}${last})`;
  } else if (e instanceof NotFound) {
    why = `no export "${u.path}" on ${host} (${e.statusName ?? e.code}): ` +
      `run "${exportsCommand(u)}" to list them`;
  } else if (e instanceof PermissionDenied) {
    why = `${host} refuses to mount "${u.path}" (${e.statusName ?? e.code}): it is not ` +
      `exported to this machine, or not at all; run "${exportsCommand(u)}" to see the exports`;
  } else {
    why = reasonOf(e).replace(/^cannot mount "[^"]*" on "[^"]*": /i, "")
      .replace(/ \(os error \d+\)/g, "");
  }
  return new ConnectFailure(why, e);
}
