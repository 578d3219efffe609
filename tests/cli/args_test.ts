import { assertEquals } from "@std/assert";
import { parseArgs } from "node:util";
import { parseCommand } from "../../cli/_args.ts";
import { UsageError } from "../../cli/_errors.ts";
import { COMMANDS, findCommand } from "../../cli/commands/mod.ts";

// cli/_args.ts parses without node:util (its import costs start-up time); this checks that it
// accepts and refuses the same command lines as parseArgs in strict mode, with the same values.
const LINES: [string, string[]][] = [
  ["ls", ["-lR", "-h", "x"]],
  ["ls", ["-l", "--json", "x"]],
  ["ls", ["--json=", "x"]],
  ["ls", ["-"]],
  ["ls", ["-lz"]],
  ["get", ["-rp", "--", "-odd", "dest"]],
  ["get", ["--exclude", "*.o", "--exclude=*.a", "-r", "a", "b"]],
  ["get", ["--exclude", "-x", "a"]],
  ["get", ["--exclude=-x", "a", "b"]],
  ["get", ["--exclude"]],
  ["get", ["-r", "-r", "a", "b"]],
  ["truncate", ["-s10M", "f"]],
  ["truncate", ["-s", "10M", "f"]],
  ["truncate", ["--size=1k", "--size", "2k", "f"]],
  ["truncate", ["-s"]],
  ["truncate", ["-s", "-5", "f"]],
  ["truncate", ["-v", "-s", "1", "f"]],
  ["chmod", ["-R", "644", "f"]],
  ["cat", ["--debug", "u"]],
  ["cat", ["--frob=1", "u"]],
  ["cat", ["-", "--", "--"]],
];

function viaNode(name: string, argv: string[]): unknown {
  const spec = findCommand(COMMANDS, name)!;
  const options: Record<
    string,
    { type: "boolean" | "string"; short?: string; multiple?: boolean }
  > = {};
  const debugTaken = spec.options.some((o) => o.long === "debug");
  const defs = [
    ...spec.options,
    ...(debugTaken ? [] : [{
      long: "debug",
      ...(spec.options.some((o) => o.short === "v") ? {} : { short: "v" }),
    }]),
    { long: "help", ...(spec.options.some((o) => o.short === "h") ? {} : { short: "h" }) },
  ] as { long: string; short?: string; value?: string; multiple?: boolean }[];
  for (const d of defs) {
    options[d.long] = {
      type: d.value ? "string" : "boolean",
      ...(d.short ? { short: d.short } : {}),
      ...(d.multiple ? { multiple: true } : {}),
    };
  }
  try {
    const p = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: { ...p.values }, positionals: p.positionals };
  } catch {
    return "refused";
  }
}

function viaOurs(name: string, argv: string[]): unknown {
  try {
    const p = parseCommand(findCommand(COMMANDS, name)!, argv);
    return { values: { ...p.flags }, positionals: p.args };
  } catch (e) {
    if (!(e instanceof UsageError) || /arguments$/.test(e.message)) throw e;
    return "refused";
  }
}

Deno.test("parseCommand() accepts and refuses what node:util parseArgs does", () => {
  let refused = 0;
  for (const [name, argv] of LINES) {
    const want = viaNode(name, argv);
    if (want === "refused") refused++;
    assertEquals(viaOurs(name, argv), want, `nfs ${name} ${argv.join(" ")}`);
  }
  assertEquals(refused > 3 && refused < LINES.length - 3, true, "both kinds are tried");
});
