import { XdrError, type XdrReader, type XdrWriter } from "../xdr/mod.ts";
import { Program } from "./constants.ts";
import type { RpcCaller } from "./types.ts";

/** Portmapper (RFC 1833 section 3) program number, version and port. */
export const PMAP_PROG: number = Program.PORTMAP;
/** Portmapper version 2. */
export const PMAP_VERS = 2;
/** The portmapper's well-known port. */
export const PMAP_PORT = 111;

/** Transport protocol numbers used in a `mapping` (RFC 1833 section 3.1). */
export const IPPROTO = { TCP: 6, UDP: 17 } as const;

/** Portmapper v2 procedures (RFC 1833 section 3.2). */
export const PmapProc = { NULL: 0, SET: 1, UNSET: 2, GETPORT: 3, DUMP: 4, CALLIT: 5 } as const;

/** One registration: program, version, protocol, port (RFC 1833 `mapping`). */
export interface PmapMapping {
  /** Program number. */
  prog: number;
  /** Program version. */
  vers: number;
  /** IPPROTO_TCP (6) or IPPROTO_UDP (17). */
  prot: number;
  /** Port the program listens on. */
  port: number;
}

/** Most entries accepted in a DUMP reply. */
const MAX_DUMP_ENTRIES = 65536;

function encodeMapping(w: XdrWriter, m: PmapMapping): void {
  w.uint(m.prog);
  w.uint(m.vers);
  w.uint(m.prot);
  w.uint(m.port);
}

function decodeMapping(r: XdrReader): PmapMapping {
  return {
    prog: r.uint("mapping.prog"),
    vers: r.uint("mapping.vers"),
    prot: r.uint("mapping.prot"),
    port: r.uint("mapping.port"),
  };
}

/** Portmapper version 2 client (RFC 1833 section 3): finds the port of an RPC program. */
export class PmapClient {
  readonly #rpc: RpcCaller;

  /**
   * Creates a PmapClient.
   *
   * @param rpc A client connected to the portmapper (port 111).
   */
  constructor(rpc: RpcCaller) {
    this.#rpc = rpc;
  }

  /**
   * PMAPPROC_NULL: checks that the portmapper answers.
   *
   * @param signal Cancels the call.
   * @returns Settles when the portmapper answered.
   * @throws {RpcError} If the call fails.
   */
  async null(signal?: AbortSignal): Promise<void> {
    await this.#rpc.call({
      prog: PMAP_PROG,
      vers: PMAP_VERS,
      proc: PmapProc.NULL,
      name: "PMAP NULL",
      encode: () => {},
      decode: () => undefined,
      ...(signal ? { signal } : {}),
    });
  }

  /**
   * PMAPPROC_GETPORT: the port of a program version over a protocol.
   *
   * @param prog Program number.
   * @param vers Version.
   * @param prot Protocol (default TCP).
   * @returns The port, or 0 when the program is not registered.
   * @throws {RpcError} If the call fails.
   */
  getPort(
    prog: number,
    vers: number,
    prot: number = IPPROTO.TCP,
    signal?: AbortSignal,
  ): Promise<number> {
    return this.#rpc.call({
      prog: PMAP_PROG,
      vers: PMAP_VERS,
      proc: PmapProc.GETPORT,
      name: "PMAP GETPORT",
      encode: (w) => encodeMapping(w, { prog, vers, prot, port: 0 }),
      decode: (r) => {
        const at = r.position;
        const port = r.uint("port");
        if (port > 65535) throw new XdrError("port", at, `${port} is not a TCP port`);
        return port;
      },
      ...(signal ? { signal } : {}),
    });
  }

  /**
   * PMAPPROC_DUMP: every registration.
   *
   * @param signal Cancels the call.
   * @returns The mappings, in the server's order.
   * @throws {RpcError} If the call fails.
   */
  dump(signal?: AbortSignal): Promise<PmapMapping[]> {
    return this.#rpc.call({
      prog: PMAP_PROG,
      vers: PMAP_VERS,
      proc: PmapProc.DUMP,
      name: "PMAP DUMP",
      encode: () => {},
      decode: (r) => {
        const out: PmapMapping[] = [];
        while (r.bool("pmaplist.more")) {
          if (out.length >= MAX_DUMP_ENTRIES) {
            r.skip(r.remaining + 1, "pmaplist (too many entries)");
          }
          out.push(decodeMapping(r));
        }
        return out;
      },
      ...(signal ? { signal } : {}),
    });
  }
}
