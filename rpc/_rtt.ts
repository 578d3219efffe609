/**
 * The round-trip estimator of RPC over UDP: the smoothed round trip and its mean deviation
 * (Jacobson and Karels, "Congestion Avoidance and Control", 1988, as RFC 6298 writes them),
 * kept per call name, as Linux's sunrpc keeps one per kind of request. Over UDP nothing but
 * the timer tells a lost datagram: with `timeo=11` alone a lost READ reply costs 1.1 s on a
 * link whose round trip is 0.2 ms.
 *
 * A name's estimate is used once it has {@linkcode RTT_MIN_SAMPLES} samples, and only for
 * calls marked `idempotent` (safe to send again early: the NFS layer marks GETATTR, READ,
 * WRITE..., not CREATE or REMOVE). Samples come only from such calls answered on their first
 * transmission (Karn's rule: a reply to a retransmitted call could be the answer to either).
 *
 * @module
 */

/** Samples a name needs before its estimate replaces the client's timeout. */
export const RTT_MIN_SAMPLES = 4;

/** The least deviation term of the estimate, in ms (Linux's RPC_RTO_MIN: 100 ms). */
export const RTO_MIN_DEVIATION = 100;

/** Call names tracked at most (the oldest is dropped beyond). */
const MAX_NAMES = 64;

interface Estimate {
  srtt: number;
  rttvar: number;
  samples: number;
}

/** Per-name round-trip estimates and the retransmission timeouts they give. */
export class RttEstimator {
  readonly #by = new Map<string, Estimate>();
  readonly #max: number;

  /** @param max The longest timeout it gives, in ms. */
  constructor(max: number) {
    this.#max = max;
  }

  /**
   * Takes one measured round trip.
   *
   * @param name The call's name (e.g. "NFS3 GETATTR").
   * @param ms The time from the request's send to its reply.
   */
  sample(name: string, ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) return;
    const e = this.#by.get(name);
    if (e === undefined) {
      if (this.#by.size >= MAX_NAMES) this.#by.delete(this.#by.keys().next().value!);
      this.#by.set(name, { srtt: ms, rttvar: ms / 2, samples: 1 });
      return;
    }
    e.rttvar = 0.75 * e.rttvar + 0.25 * Math.abs(e.srtt - ms);
    e.srtt = 0.875 * e.srtt + 0.125 * ms;
    e.samples++;
  }

  /**
   * The retransmission timeout for a call of `name`: srtt + max(100 ms, 4 · rttvar), at most
   * the maximum; undefined while the name has too few samples.
   *
   * @param name The call's name.
   * @returns The timeout in ms, or undefined.
   */
  rto(name: string): number | undefined {
    const e = this.#by.get(name);
    if (e === undefined || e.samples < RTT_MIN_SAMPLES) return undefined;
    return Math.min(this.#max, e.srtt + Math.max(RTO_MIN_DEVIATION, 4 * e.rttvar));
  }

  /** Every name's timeout that is in use (ms), for the client's counters. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const name of this.#by.keys()) {
      const r = this.rto(name);
      if (r !== undefined) out[name] = Math.round(r * 10) / 10;
    }
    return out;
  }
}
