// @ts-nocheck
// Completion scripts: the command tree (names, subcommands, flags) written out for bash, zsh (its
// bash completion emulation) and fish. Flags that take one of a few values complete those values.
import type { Command } from 'commander';
import { OUTPUT_FORMATS } from '../../lib/io/output.js';
import { SERVICES } from '../../lib/control/model.js';
import { TOP_SORTS } from '../../lib/redis/node-rates.js';

export interface TreeNode {
  /** Words from the program, e.g. "keys scan" ("" for the program itself). */
  path: string;
  subcommands: string[];
  /** Long and short flags this command takes, globals included. */
  flags: string[];
}

/** Flags whose values are known: what to offer after them. */
export const FLAG_VALUES: Record<string, readonly string[]> = {
  '--output': OUTPUT_FORMATS,
  '-o': OUTPUT_FORMATS,
  '--service': SERVICES,
  '--read-from': ['primary', 'replica', 'prefer-replica'],
  '--engine': ['redis', 'valkey'],
  '--cluster-mode': ['enabled', 'disabled'],
  '--sort': TOP_SORTS,
};

function flagsOf(command: Command): string[] {
  const out = new Set<string>();
  for (let c: Command | null = command; c !== null; c = c.parent) {
    for (const option of c.options) {
      if (option.hidden) continue;
      if (option.long !== undefined) out.add(option.long);
      if (option.short !== undefined) out.add(option.short);
    }
  }
  out.add('--help');
  return [...out].sort();
}

/** Every command of the program, the program first. */
export function commandTree(program: Command): TreeNode[] {
  const out: TreeNode[] = [];
  const visit = (command: Command, path: string): void => {
    const subs = command.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
    out.push({ path, subcommands: subs.map((c) => c.name()), flags: flagsOf(command) });
    for (const sub of subs) visit(sub, path === '' ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(program, '');
  return out;
}

export function completionScript(shell: 'bash' | 'zsh' | 'fish', tree: TreeNode[]): string {
  return shell === 'fish' ? fishScript(tree) : bashScript(tree, shell === 'zsh');
}

function bashScript(tree: TreeNode[], zsh: boolean): string {
  const cases = (pick: (n: TreeNode) => string[]): string =>
    tree.map((n) => `    '${n.path}') echo '${pick(n).join(' ')}' ;;`).join('\n');
  const values = Object.entries(FLAG_VALUES)
    .map(([flag, list]) => `    ${flag}) COMPREPLY=($(compgen -W '${list.join(' ')}' -- "$cur")); return ;;`)
    .join('\n');
  return `${zsh ? '#compdef memctl\n# memctl completion for zsh (through its bash completion support):\n#   memctl completion zsh > "${fpath[1]}/_memctl"   or   source <(memctl completion zsh)\nautoload -U +X bashcompinit && bashcompinit\n' : '# memctl completion for bash:\n#   source <(memctl completion bash)   or   memctl completion bash > /etc/bash_completion.d/memctl\n'}
_memctl_subcommands() {
  case "$1" in
${cases((n) => n.subcommands)}
  esac
}

_memctl_flags() {
  case "$1" in
${cases((n) => n.flags)}
  esac
}

_memctl() {
  local cur prev word path i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
${values}
  esac
  path=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in -*) continue ;; esac
    case " $(_memctl_subcommands "$path") " in
      *" $word "*) path="\${path:+$path }$word" ;;
    esac
  done
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_memctl_flags "$path")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(_memctl_subcommands "$path")" -- "$cur"))
  fi
}

complete -F _memctl memctl
`;
}

function fishScript(tree: TreeNode[]): string {
  const lines = ['# memctl completion for fish:', '#   memctl completion fish > ~/.config/fish/completions/memctl.fish', 'complete -c memctl -f'];
  // The words typed so far, flags left out, name the command: __memctl_path prints them.
  lines.push(
    'function __memctl_path',
    '    set -l words (commandline -opc)',
    '    set -e words[1]',
    '    string join " " (string match -v -- "-*" $words)',
    'end',
  );
  for (const node of tree) {
    const condition = `test (__memctl_path) = '${node.path}'`;
    for (const sub of node.subcommands) lines.push(`complete -c memctl -n "${condition}" -a '${sub}'`);
    for (const flag of node.flags) {
      const option = flag.startsWith('--') ? `-l '${flag.slice(2)}'` : `-s '${flag.slice(1)}'`;
      const values = FLAG_VALUES[flag];
      lines.push(`complete -c memctl -n "${condition}" ${option}${values === undefined ? '' : ` -x -a '${values.join(' ')}'`}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
