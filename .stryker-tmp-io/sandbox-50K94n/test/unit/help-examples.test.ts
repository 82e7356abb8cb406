// @ts-nocheck
// Every command's help ends with 2-4 examples, and every example is a command memctl accepts: its
// words name the command it is shown under (or one below it), each flag is one of that command's or a global one,
// flags that take a value have one, and the arguments fit the command's. `memctl help <cmd> <sub>`
// shows the subcommand's help.
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { commandPath, EXAMPLES } from '../../src/commands/examples.js';
import { captureStreams } from '../../src/lib/io/streams.js';

/** Shell words of one example line from its `memctl` on, up to a redirection, pipe or `)`. */
function memctlWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  const start = words.findIndex((w) => w === 'memctl' || w.endsWith('(memctl'));
  const out: string[] = [];
  for (const word of words.slice(start + 1)) {
    if (word === '>' || word === '<' || word === '|') break;
    if (word.endsWith(')"') || word.endsWith(')')) {
      out.push(word.replace(/\)"?$/, ''));
      break;
    }
    out.push(word);
  }
  return out;
}

function findOption(command: Command, flag: string): Option | undefined {
  const name = flag.split('=')[0] ?? flag;
  for (let c: Command | null = command; c !== null; c = c.parent) {
    const found = c.options.find((o) => o.long === name || o.short === name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Checks one example against the program; returns what is wrong, or undefined. */
function checkExample(program: Command, expectedPath: string, line: string): string | undefined {
  const words = memctlWords(line);
  let command: Command = program;
  const positional: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--') {
      // What follows is the command's (e.g. connect's redis-cli arguments).
      positional.push(...words.slice(i + 1));
      break;
    }
    if (word.startsWith('-')) {
      const option = findOption(command, word);
      if (option === undefined) return `unknown flag ${word}`;
      if ((option.required || option.optional) && !word.includes('=')) {
        if (option.required && (words[i + 1] === undefined || (words[i + 1] ?? '').startsWith('--'))) return `${word} needs a value`;
        if (option.required || !(words[i + 1] ?? '-').startsWith('-')) i++;
      }
      continue;
    }
    const sub = positional.length === 0 ? command.commands.find((c) => c.name() === word) : undefined;
    if (sub !== undefined) command = sub;
    else positional.push(word);
  }
  // A group's examples run its subcommands.
  if (commandPath(command) !== expectedPath && !commandPath(command).startsWith(`${expectedPath} `)) return `runs "${commandPath(command)}", shown under "${expectedPath}"`;
  const args = command.registeredArguments;
  const required = args.filter((a) => a.required).length;
  const variadic = args.some((a) => a.variadic);
  if (positional.length < required || (!variadic && positional.length > args.length)) return `${positional.length} argument(s) for ${args.length}`;
  return undefined;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}

describe('help examples', () => {
  it('every command has 2-4 examples, each one memctl accepts', async () => {
    const io = await captureStreams();
    const program = buildProgram({ io });
    const problems: string[] = [];
    const commands = allCommands(program).filter((c) => c.name() !== 'help');
    expect(commands.length).toBeGreaterThan(40);
    for (const command of commands) {
      const path = commandPath(command);
      const examples = EXAMPLES[path];
      if (examples === undefined || examples.length < 2 || examples.length > 4) {
        problems.push(`${path}: ${examples?.length ?? 0} examples`);
        continue;
      }
      for (const line of examples) {
        const wrong = checkExample(program, path, line);
        if (wrong !== undefined) problems.push(`${path}: "${line}": ${wrong}`);
      }
      expect(command.helpInformation().length).toBeGreaterThan(0);
    }
    expect(Object.keys(EXAMPLES).filter((path) => !commands.some((c) => commandPath(c) === path))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('the checker refuses a wrong flag, a missing value, a wrong command and a missing argument', async () => {
    const program = buildProgram({ io: await captureStreams() });
    expect(checkExample(program, 'keys scan', 'memctl keys scan orders --nope')).toMatch(/unknown flag/);
    expect(checkExample(program, 'keys scan', 'memctl keys scan orders --match')).toMatch(/needs a value/);
    expect(checkExample(program, 'keys scan', 'memctl keys get orders k')).toMatch(/runs "keys get"/);
    expect(checkExample(program, 'keys get', 'memctl keys get orders')).toMatch(/argument/);
    expect(checkExample(program, 'keys scan', 'memctl --local keys scan orders -o json')).toBeUndefined();
  });

  it('memctl help keys scan shows the help of keys scan, with its examples', async () => {
    const io = await captureStreams();
    const program = buildProgram({ io });
    await program.parseAsync(['help', 'keys', 'scan'], { from: 'user' });
    expect(io.out()).toMatch(/^Usage: memctl keys scan \[options\] <target>/);
    expect(io.out()).toContain('Examples:\n  memctl keys scan orders');
    await expect(program.parseAsync(['help', 'keys', 'nope'], { from: 'user' })).rejects.toMatchObject({ exitCode: 2, message: 'unknown command "keys nope"' });
  });
});
