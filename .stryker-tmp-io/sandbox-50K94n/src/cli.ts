// @ts-nocheck
// Builds the commander program: the global options, how errors and help are written, and every
// command, each declared by its own module (commands/<name>/command.ts) in the order help lists
// them. What a command runs is imported only when it runs, so `memctl --help` stays fast.
import { Command, Option } from 'commander';
import { VERSION } from './version.js';
import type { ProgramDeps } from './commands/options/action.js';
import { registerList } from './commands/list/command.js';
import { registerDescribe } from './commands/describe/command.js';
import { registerCreate } from './commands/create/command.js';
import { registerDelete } from './commands/delete/command.js';
import { registerScale } from './commands/scale/command.js';
import { registerFailover } from './commands/failover/command.js';
import { registerSnapshot } from './commands/snapshot/command.js';
import { registerEvents } from './commands/events/command.js';
import { registerUsers } from './commands/users/command.js';
import { registerAcls } from './commands/acls/command.js';
import { registerAuth } from './commands/auth/command.js';
import { registerRotateAuthToken } from './commands/rotate-auth-token/command.js';
import { registerKeys } from './commands/keys/command.js';
import { registerAnalyze } from './commands/analyze/command.js';
import { registerNodes } from './commands/nodes/command.js';
import { registerMetrics } from './commands/metrics/command.js';
import { registerAlarms } from './commands/alarms/command.js';
import { registerEndpoints } from './commands/endpoints/command.js';
import { registerCost } from './commands/cost/command.js';
import { registerSlowlog } from './commands/slowlog/command.js';
import { registerTop } from './commands/top/command.js';
import { registerBench } from './commands/bench/command.js';
import { registerLocal } from './commands/local/command.js';
import { registerCompletion } from './commands/completion/command.js';
import { registerConnect } from './commands/connect/command.js';
import { attachExamples, commandPath } from './commands/examples.js';
import { UsageError } from './lib/io/errors.js';

/** commander's "error: ..." (and "(Did you mean ...?)") in memctl's one-line-plus-hint form. */
export function commanderErrorText(text: string): string {
  const lines = text.trim().split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const [first = 'invalid usage', ...rest] = lines;
  const message = `memctl: ${first.replace(/^error: /, '')}\n`;
  const suggestion = rest.find((l) => /^\(Did you mean .*\?\)$/.test(l));
  return suggestion === undefined ? message : `${message}  hint: ${suggestion.slice(1, -1).replace(/^Did/, 'did')}\n`;
}

export function buildProgram(deps: ProgramDeps): Command {
  const program = new Command('memctl');
  program
    .description('Operations CLI for Amazon MemoryDB and Amazon ElastiCache (Redis OSS / Valkey)')
    .version(VERSION, '-V, --version', 'print the version')
    .addOption(new Option('--service <service>', 'memorydb or elasticache (env MEMCTL_SERVICE)'))
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile)')
    .option('--profile <profile>', 'AWS profile from the shared config files')
    .option('--endpoint-url <url>', 'send AWS API calls to this endpoint')
    .option('--local', 'use the local control plane, starting it when needed')
    .option('-o, --output <format>', 'table (fits 100 columns), wide (every column), json, yaml, text or ndjson (default: table on a terminal, text otherwise)')
    .option('--query <jmespath>', 'JMESPath expression applied to the JSON output')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--no-input', 'never prompt; fail instead')
    .option('--debug', 'log AWS requests and Redis commands to stderr (secrets redacted)')
    .option('-q, --quiet', 'print no progress or notices')
    .option('--no-color', 'no colour in output')
    .showSuggestionAfterError(true)
    // Set before any subcommand is added: commander copies these settings to subcommands on creation.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void deps.io.stdout.write(text),
      writeErr: (text) => void deps.io.stderr.write(text),
      outputError: (text, write) => write(commanderErrorText(text)),
    })
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 failure, 2 bad usage or input, 3 not found, 4 auth/permission,
            5 timed out waiting, 6 conflict / wrong state / exists,
            7 incomplete sweep (printed what it has), 130 interrupted,
            143 stopped by SIGTERM

Examples:
  memctl --local create demo --shards 2 --replicas 1 --wait
  memctl --local list -o json
  memctl describe orders --region eu-west-1
  memctl help keys scan`,
    );

  registerList(program, deps);
  registerDescribe(program, deps);
  registerCreate(program, deps);
  registerDelete(program, deps);
  registerScale(program, deps);
  registerFailover(program, deps);
  registerSnapshot(program, deps);
  registerEvents(program, deps);
  registerUsers(program, deps);
  registerAcls(program, deps);
  registerAuth(program, deps);
  registerRotateAuthToken(program, deps);
  registerKeys(program, deps);
  registerAnalyze(program, deps);
  registerNodes(program, deps);
  registerMetrics(program, deps);
  registerAlarms(program, deps);
  registerEndpoints(program, deps);
  registerCost(program, deps);
  registerSlowlog(program, deps);
  registerTop(program, deps);
  registerBench(program, deps);
  registerConnect(program, deps);
  registerLocal(program, deps);
  registerCompletion(program, deps);
  attachExamples(program);
  registerHelp(program);

  return program;
}

/** `memctl help [command...]`: the help of any command, `memctl help keys scan` included. */
function registerHelp(program: Command): void {
  program.helpCommand(false);
  program
    .command('help')
    .description('show the help of a command (memctl help keys scan)')
    .argument('[command...]', 'the command, e.g. keys scan')
    .action((names: string[]) => {
      let command: Command = program;
      for (const name of names) {
        const sub = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
        if (sub === undefined) throw new UsageError(`unknown command "${names.join(' ')}"`, { hint: `run \`${['memctl', commandPath(command), '--help'].filter((w) => w !== '').join(' ')}\` to see the commands` });
        command = sub;
      }
      command.outputHelp();
    });
}
