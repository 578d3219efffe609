/**
 * Summarizes a V8 `.cpuprofile` (from `deno run --cpu-prof`) by self time: the functions
 * (and, with `--files`, the source files) where the samples landed, heaviest first.
 *
 * ```
 * deno run --allow-all --cpu-prof --cpu-prof-dir=/tmp/prof bench/_client.ts read URL
 * deno run --allow-read bench/_cpuprof.ts /tmp/prof/*.cpuprofile [--top 30] [--files]
 * ```
 *
 * @module
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** One line of the summary. */
export interface SelfTime {
  /** `function (file:line)`, or the file with `--files`. */
  name: string;
  /** Milliseconds of samples whose top frame is this. */
  ms: number;
  /** Share of all samples' time. */
  share: number;
}

/**
 * Self time per function (or per file) of a profile.
 *
 * @param p The parsed `.cpuprofile`.
 * @param byFile Group by source file instead of function.
 * @returns Lines, heaviest first.
 */
export function selfTimes(p: Profile, byFile = false): SelfTime[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const f = byId.get(id)!.callFrame;
    const file = f.url.replace(/^.*\/(?=[^/]+\/[^/]+$)/, "") || "(native)";
    const name = byFile ? file : `${f.functionName || "(anonymous)"} (${file}:${f.lineNumber + 1})`;
    ms.set(name, (ms.get(name) ?? 0) + dt);
  });
  return [...ms].map(([name, t]) => ({ name, ms: t, share: t / total }))
    .sort((a, b) => b.ms - a.ms);
}

if (import.meta.main) {
  const files = Deno.args.filter((a) => !a.startsWith("--") && !/^\d+$/.test(a));
  const top = Number(Deno.args[Deno.args.indexOf("--top") + 1]) || 30;
  for (const path of files) {
    const p = JSON.parse(await Deno.readTextFile(path)) as Profile;
    console.log(`${path}: ${((p.endTime - p.startTime) / 1000).toFixed(0)} ms profiled`);
    for (const s of selfTimes(p, Deno.args.includes("--files")).slice(0, top)) {
      console.log(
        `${s.ms.toFixed(1).padStart(9)} ms ${(100 * s.share).toFixed(1).padStart(5)}%  ${s.name}`,
      );
    }
  }
}
