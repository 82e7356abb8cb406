// @ts-nocheck
// How a declared command reaches the code that runs it: the run module is imported only when the
// command runs, so declaring every command (for parsing and --help) loads no SDK or Redis client.
import type { Command } from 'commander';
import type { Context, GlobalFlags } from '../../context.js';
import type { IOStreams } from '../../lib/io/streams.js';

/** What the program and every command it declares are built with. */
export interface ProgramDeps {
  io: IOStreams;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  serveCommand?: string[];
}

type Run = (ctx: Context, ...args: any[]) => Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A commander action that builds the context and calls the lazily imported run function.
 * `formats`: -o values only this command takes (e.g. connect's env and url); one of them reaches
 * the run function as flags.format, and the context sees no -o.
 */
export function lazy(deps: ProgramDeps, load: () => Promise<Run>, options: { formats?: readonly string[] } = {}) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const positional = args.slice(0, -2);
    const flags = command.opts();
    const globals = command.optsWithGlobals<GlobalFlags>();
    const own = globals.output?.toLowerCase();
    if (own !== undefined && options.formats?.includes(own) === true) {
      flags.format = own;
      delete globals.output;
    }
    const [{ Context }, { loadConfig, withConfig }] = await Promise.all([import('../../context.js'), import('../../lib/io/config.js')]);
    const env = deps.env ?? process.env;
    const config = await loadConfig(env);
    const ctx = new Context({ io: deps.io, flags: withConfig(globals, config, env), env: deps.env, signal: deps.signal, serveCommand: deps.serveCommand });
    if (config !== undefined) ctx.debug.log(`settings from profile ${config.source}`);
    const run = await load();
    await run(ctx, ...positional, flags);
  };
}
