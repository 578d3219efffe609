/**
 * `nfs://` URLs (RFC 2224) with libnfs-compatible query parameters.
 *
 * @module
 */
import { decodeEscapedUtf8 } from "../../xdr/mod.ts";

/**
 * Options a URL (or the caller) can set; every field is optional. {@linkcode parseNfsUrl}
 * reads them from the query string, and {@linkcode connect} also takes them as options.
 */
export interface NfsUrlOptions {
  /** NFS version: 3 or 2; undefined tries 3, then 2. */
  version?: 2 | 3;
  /** AUTH_SYS uid (default: the process's uid). */
  uid?: number;
  /** AUTH_SYS gid (default: the process's gid). */
  gid?: number;
  /** Supplementary groups for AUTH_SYS (at most 16). */
  auxgids?: number[];
  /** NFS port; skips the portmapper. */
  nfsport?: number;
  /** MOUNT port; skips the portmapper. */
  mountport?: number;
  /** Largest READ size in bytes (capped by the server's FSINFO rtmax). */
  rsize?: number;
  /** Largest WRITE size in bytes (capped by the server's FSINFO wtmax). */
  wsize?: number;
  /**
   * Transport for NFS, MOUNT and the portmapper: "tcp" (the default) or "udp", as the
   * Linux mount option `proto=` (nfs(5); libnfs has no URL parameter for it). Over UDP:
   * one call per datagram, `timeo` default 11 (1.1 s) doubling at each retransmission up to
   * 60 s, `retrans` default 3, READ/WRITE at most 32 KiB (8 KiB for NFSv2), READDIR at
   * most 32 KiB, and the portmapper asked for the UDP ports.
   */
  proto?: "tcp" | "udp";
  /** RPC timeout in deciseconds, as nfs(5) `timeo` (default 600 = 60 s; 11 over UDP). */
  timeo?: number;
  /** Retransmissions before a soft call fails (default 2; 3 over UDP). */
  retrans?: number;
  /** Soft semantics: calls fail with TimedOut after `retrans` (default: hard). */
  soft?: boolean;
  /** READDIR(PLUS) sizes: `dircount` and `maxcount` bytes. */
  readdirBuffer?: { dircount: number; maxcount: number };
  /** Reconnect on connection loss: -1 forever (default), 0 never, N attempts (treated as on). */
  autoreconnect?: number;
  /** Connect from a privileged port (< 1024); needs root. */
  resvport?: boolean;
  /**
   * Refuse the harmless protocol deviations that are otherwise accepted and counted in
   * `nfs.rpc.stats().deviations` (e.g. bytes after a complete reply); default false. Not a
   * libnfs parameter. See docs/ARCHITECTURE.md, "Strictness".
   */
  strict?: boolean;
}

/** A parsed `nfs://` URL, from {@linkcode parseNfsUrl}. */
export interface NfsUrl {
  /** Server host name or address (IPv6 without brackets). */
  host: string;
  /** Port in the authority, if any (the NFS port, as RFC 2224 says). */
  port: number | undefined;
  /** User name before `@`, if any (informational: AUTH_SYS uses `uid`). */
  user: string | undefined;
  /** The absolute, decoded path on the server (export plus path inside it). */
  path: string;
  /** Options from the query string. */
  options: NfsUrlOptions;
}

/** libnfs parameters accepted for compatibility but without effect here. */
const IGNORED = new Set([
  "tcp-syncnt",
  "debug",
  "dircache",
  "readahead",
  "pagecache",
  "auto-traverse-mounts",
  "if",
]);

function int(name: string, v: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(v)) {
    throw new TypeError(`Invalid nfs URL: parameter "${name}" must be a whole number, got "${v}"`);
  }
  const n = Number(v);
  if (n < min || n > max) {
    throw new RangeError(`Invalid nfs URL: parameter "${name}" must be ${min}..${max}, got ${v}`);
  }
  return n;
}

function flag(name: string, v: string): boolean {
  if (v === "1" || v === "" || v === "true" || v === "yes") return true;
  if (v === "0" || v === "false" || v === "no") return false;
  throw new TypeError(`Invalid nfs URL: parameter "${name}" must be 0 or 1, got "${v}"`);
}

/**
 * Percent-decodes a URL path into bytes, then reads them as byte-faithful UTF-8: `%E9`
 * alone (Latin-1 "é") becomes U+DCE9, the name a server listing gives that file, so a URL
 * can name any file. Null on a `%` not followed by two hex digits.
 */
function percentDecode(p: string): string | null {
  if (!p.includes("%")) return p;
  const out: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "%") {
      const h = p.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return null;
      out.push(parseInt(h, 16));
      i += 2;
    } else {
      const cp = p.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      for (const b of enc.encode(ch)) out.push(b);
      i += ch.length - 1;
    }
  }
  return decodeEscapedUtf8(new Uint8Array(out));
}

/**
 * Parses an `nfs://[user@]host[:port]/path[?query]` URL.
 *
 * Query parameters (as libnfs): `version=3|2`, `uid`, `gid`, `auxgids=1,2`, `nfsport`,
 * `mountport`, `rsize`, `wsize`, `timeo` (deciseconds), `retrans`, `soft`, `proto=tcp|udp`
 * (Linux's mount option; not a libnfs parameter),
 * `readdir-buffer=N` or `=DIRCOUNT,MAXCOUNT`, `autoreconnect`, `resvport`, and our own
 * `strict`. libnfs's
 * `tcp-syncnt`, `debug`, `dircache`, `readahead`, `pagecache`, `auto-traverse-mounts` and
 * `if` are accepted and ignored. Anything else is an error naming the parameter.
 *
 * @param input The URL.
 * @returns Its parts.
 * @throws {TypeError} On a malformed URL or parameter; {@linkcode RangeError} on a value out
 * of range.
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { parseNfsUrl } from "@nfs/client";
 * const u = parseNfsUrl("nfs://alice@[::1]:2049/srv/my%20dir?version=3&uid=1000&soft=1");
 * assertEquals([u.host, u.port, u.user, u.path], ["::1", 2049, "alice", "/srv/my dir"]);
 * assertEquals(u.options, { version: 3, uid: 1000, soft: true });
 * assertThrows(
 *   () => parseNfsUrl("nfs://server/export?bogus=1"),
 *   TypeError,
 *   'unknown parameter "bogus"',
 * );
 * ```
 */
export function parseNfsUrl(input: string | URL): NfsUrl {
  const text = String(input);
  if (!/^nfs:\/\//i.test(text)) {
    throw new TypeError(`Invalid nfs URL "${text}": it must start with nfs://`);
  }
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new TypeError(`Invalid nfs URL "${text}": cannot parse it`);
  }
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  if (host === "") throw new TypeError(`Invalid nfs URL "${text}": no host`);
  const port = u.port === "" ? undefined : int("port", u.port, 1, 65535);
  const path = percentDecode(u.pathname || "/");
  if (path === null) {
    throw new TypeError(`Invalid nfs URL "${text}": bad percent-encoding in the path`);
  }
  if (path.includes("\0")) throw new TypeError(`Invalid nfs URL "${text}": NUL in the path`);
  if (u.hash) throw new TypeError(`Invalid nfs URL "${text}": a fragment (#...) is not allowed`);
  const o: NfsUrlOptions = {};
  for (const [name, v] of u.searchParams) {
    switch (name) {
      case "version": {
        const n = int(name, v, 2, 3);
        o.version = n as 2 | 3;
        break;
      }
      case "uid":
      case "gid":
        o[name] = int(name, v, 0, 0xffffffff);
        break;
      case "auxgids": {
        const list = v === "" ? [] : v.split(",").map((g) => int(name, g, 0, 0xffffffff));
        if (list.length > 16) {
          throw new RangeError(
            `Invalid nfs URL: parameter "auxgids" has ${list.length} groups, at most 16`,
          );
        }
        o.auxgids = list;
        break;
      }
      case "nfsport":
      case "mountport":
        o[name] = int(name, v, 1, 65535);
        break;
      case "rsize":
      case "wsize":
        o[name] = int(name, v, 512, 64 << 20);
        break;
      case "timeo":
        o.timeo = int(name, v, 1, 36000);
        break;
      case "retrans":
        o.retrans = int(name, v, 0, 1000);
        break;
      case "soft":
        o.soft = flag(name, v);
        break;
      case "proto":
        if (v !== "tcp" && v !== "udp") {
          throw new TypeError(`Invalid nfs URL: parameter "proto" must be tcp or udp, got "${v}"`);
        }
        o.proto = v;
        break;
      case "resvport":
        o.resvport = flag(name, v);
        break;
      case "strict":
        o.strict = flag(name, v);
        break;
      case "autoreconnect":
        o.autoreconnect = int(name, v, -1, 1_000_000);
        break;
      case "readdir-buffer": {
        const parts = v.split(",");
        if (parts.length > 2) {
          throw new TypeError(
            `Invalid nfs URL: parameter "readdir-buffer" must be N or DIRCOUNT,MAXCOUNT`,
          );
        }
        const a = int(name, parts[0]!, 512, 16 << 20);
        const b = parts.length === 2 ? int(name, parts[1]!, 512, 16 << 20) : a;
        o.readdirBuffer = { dircount: a, maxcount: b };
        break;
      }
      default:
        if (!IGNORED.has(name)) throw new TypeError(`Invalid nfs URL: unknown parameter "${name}"`);
    }
  }
  return {
    host,
    port,
    user: u.username === "" ? undefined : decodeURIComponent(u.username),
    path: normalizePath(path),
    options: o,
  };
}

/**
 * Normalizes a POSIX path lexically: one leading "/", no empty or "." components, no
 * trailing "/". ".." is kept (it is resolved on the server, after symlinks).
 *
 * @param p A path.
 * @returns The normalized absolute path.
 */
export function normalizePath(p: string): string {
  const parts = p.split("/").filter((c) => c !== "" && c !== ".");
  return "/" + parts.join("/");
}
