/**
 * `nfs completions bash|zsh|fish`: shell completion scripts for the installed `nfs`
 * (command names, each command's options, local files, and remote names through the hidden
 * `nfs __complete URL`, which lists the directory of a partial `nfs://` URL).
 *
 * @module
 */
import type { CommandSpec, Flags } from "./_args.ts";
import { type Ctx, encodeUrlName } from "./_context.ts";
import { parseNfsUrl } from "../nfs/fs/url.ts";
import { UsageError } from "./_errors.ts";

function optionWords(spec: CommandSpec): string[] {
  const words = ["--help", "--debug"];
  for (const o of spec.options) {
    words.push(`--${o.long}`);
    if (o.short) words.push(`-${o.short}`);
  }
  return words;
}

function names(table: readonly CommandSpec[]): string[] {
  return table.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
}

/** The bash script (zsh runs it through bashcompinit). */
export function bashScript(table: readonly CommandSpec[]): string {
  const cases = table.map((c) =>
    `    ${[c.name, ...(c.aliases ?? [])].join("|")}) opts="${optionWords(c).join(" ")}" ;;`
  ).join("\n");
  return `# nfs completion for bash: eval "$(nfs completions bash)" (e.g. in ~/.bashrc)
_nfs() {
  local line=\${COMP_LINE:0:COMP_POINT}
  local cur=\${line##*[[:space:]]}
  local cmd=\${COMP_WORDS[1]}
  local opts=""
  COMPREPLY=()
  if (( COMP_CWORD == 1 )); then
    COMPREPLY=( $(compgen -W "${names(table).join(" ")} help" -- "$cur") )
    return
  fi
  case $cmd in
${cases}
  esac
  case $cur in
    -*) COMPREPLY=( $(compgen -W "$opts" -- "$cur") ) ;;
    nfs:*)
      local IFS=$'\\n'
      COMPREPLY=( $(nfs __complete "$cur" 2>/dev/null) )
      # bash splits words at ":": reply with the part after the last one.
      local head=\${cur%"\${cur##*:}"}
      COMPREPLY=( "\${COMPREPLY[@]#"$head"}" )
      compopt -o nospace 2>/dev/null
      ;;
    *) COMPREPLY=( $(compgen -f -- "$cur") ) ;;
  esac
}
complete -F _nfs nfs
`;
}

/** The zsh script: the bash one, through bashcompinit. */
export function zshScript(table: readonly CommandSpec[]): string {
  return `# nfs completion for zsh: eval "$(nfs completions zsh)" (e.g. in ~/.zshrc)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashScript(table).split("\n").slice(1).join("\n")}`;
}

/** The fish script. */
export function fishScript(table: readonly CommandSpec[]): string {
  const lines = [
    "# nfs completion for fish: nfs completions fish > ~/.config/fish/completions/nfs.fish",
    `complete -c nfs -n __fish_use_subcommand -f -a "${names(table).join(" ")} help"`,
    'complete -c nfs -n \'not __fish_use_subcommand; and string match -q "nfs:*" -- ' +
    "(commandline -ct)' -f -a '(nfs __complete (commandline -ct) 2>/dev/null)'",
  ];
  for (const c of table) {
    const when = `__fish_seen_subcommand_from ${[c.name, ...(c.aliases ?? [])].join(" ")}`;
    for (const o of c.options) {
      const short = o.short ? ` -s ${o.short}` : "";
      const arg = o.value ? " -r" : "";
      const help = o.help.replaceAll("'", "\\'");
      lines.push(`complete -c nfs -n '${when}' -l ${o.long}${short}${arg} -d '${help}'`);
    }
  }
  return lines.join("\n") + "\n";
}

/**
 * The `completions` command.
 *
 * @param table The commands to complete.
 * @returns Its specification.
 */
export function completionsCommand(table: () => readonly CommandSpec[]): CommandSpec {
  return {
    name: "completions",
    summary: "Print a shell completion script (bash, zsh or fish)",
    usage: "completions bash|zsh|fish",
    description: "Completes command names, options, local files and, for an argument " +
      "starting with nfs://, remote names (by listing the server's directory, with the " +
      'installed nfs). bash: eval "$(nfs completions bash)" in ~/.bashrc; zsh: the same ' +
      "with zsh in ~/.zshrc; fish: nfs completions fish > ~/.config/fish/completions/nfs.fish.",
    options: [],
    args: { min: 1, max: 1 },
    examples: [
      "completions bash >> ~/.bashrc",
      "completions fish > ~/.config/fish/completions/nfs.fish",
    ],
    cliOnly: true,
    run: (ctx: Ctx, _flags: Flags, args: string[]) => {
      const make = { bash: bashScript, zsh: zshScript, fish: fishScript }[args[0]!];
      if (make === undefined) {
        throw new UsageError(`unknown shell "${args[0]}" (bash, zsh or fish)`, "completions");
      }
      return ctx.out(make(table()));
    },
  };
}

/**
 * The hidden `__complete URL` command: the names in the directory of a partial URL that
 * start with its last component, as full URLs (directories end with "/"), one per line.
 */
export const COMPLETE_COMMAND: CommandSpec = {
  name: "__complete",
  summary: "(for completion scripts) list the names a partial nfs:// URL may go on with",
  usage: "__complete URL",
  options: [],
  args: { min: 1, max: 1 },
  examples: [],
  cliOnly: true,
  run: async (ctx: Ctx, _flags: Flags, args: string[]) => {
    const word = args[0]!;
    const q = word.indexOf("?");
    const [base, query] = q === -1 ? [word, ""] : [word.slice(0, q), word.slice(q)];
    const m = /^(nfs:\/\/[^/]*)(\/.*)?$/i.exec(base);
    if (m === null || m[2] === undefined) return; // no path yet: nothing to list
    const path = m[2];
    const at = path.lastIndexOf("/");
    const dir = path.slice(0, at + 1);
    const leafUrl = parseNfsUrl(`${m[1]}${path}`).path;
    const leaf = leafUrl.slice(leafUrl.lastIndexOf("/") + 1);
    const loc = await ctx.remote(m[1] + (dir.length > 1 ? dir.slice(0, -1) : "/") + query);
    const out: string[] = [];
    for await (const e of loc.client.readDir(loc.path, { onInvalidEntry: () => {} })) {
      if (!e.name.startsWith(leaf) || (e.name.startsWith(".") && !leaf.startsWith("."))) continue;
      out.push(
        `${m[1]}${dir}${encodeUrlName(e.name)}${e.info.isDirectory ? "/" : ""}${query}`,
      );
    }
    await ctx.out(out.sort().map((l) => l + "\n").join(""));
  },
};
