// Secrets in: a password never has to be in argv. Sources, in the order a user reaches for them:
// --password-stdin, --password-file, an environment variable, a hidden prompt with confirmation on
// a terminal, or --generate (cryptographically random, shown once). Every secret read is
// registered for redaction before anything else can print it.
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { registerSecret } from './debug.js';
import { InterruptedError, UsageError } from './errors.js';
import type { IOStreams } from './streams.js';

export interface SecretFlags {
  stdin?: boolean;
  file?: string;
  generate?: boolean;
}

export interface SecretRequest {
  /** What the secret is, for messages and the prompt: "password for user app". */
  label: string;
  /** Flag names, for messages: { stdin: '--password-stdin', file: '--password-file', generate: '--generate' }. */
  flagNames: { stdin: string; file: string; generate?: string };
  /** Environment variable holding it, e.g. MEMCTL_PASSWORD. */
  envVar: string;
  /** Ask twice on a terminal (for new secrets). */
  confirm: boolean;
  /** Fail when no source gives a secret (otherwise undefined is returned). */
  required: boolean;
  /** Ask on a terminal when nothing else gives it (default true). */
  prompt?: boolean;
}

export interface Secret {
  value: string;
  /** Made by --generate: the command must show it once, in its output. */
  generated: boolean;
  source: 'stdin' | 'file' | 'env' | 'prompt' | 'generated';
}

/** Characters for generated passwords: printable ASCII without quotes, backslash, spaces or @/ (which some clients mangle). */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-.:;<=>?[]^_{|}~';

export function generatePassword(length = 32): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** One line: a single trailing newline (\n or \r\n) is dropped, as `echo` and editors add it. */
function oneLine(text: string): string {
  return text.replace(/\r?\n$/, '');
}

export async function readAllStdin(io: IOStreams): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function readSecret(io: IOStreams, env: NodeJS.ProcessEnv, flags: SecretFlags, request: SecretRequest, stdinText?: () => Promise<string>): Promise<Secret | undefined> {
  const fromEnv = env[request.envVar];
  const chosen = [flags.stdin === true ? request.flagNames.stdin : undefined, flags.file !== undefined ? request.flagNames.file : undefined, flags.generate === true ? request.flagNames.generate : undefined].filter(
    (x): x is string => x !== undefined,
  );
  if (chosen.length > 1) throw new UsageError(`use only one of ${chosen.join(', ')} for the ${request.label}`);
  let secret: Secret | undefined;
  if (flags.stdin === true) {
    if (io.stdinIsTTY) throw new UsageError(`${request.flagNames.stdin} reads the ${request.label} from a pipe, e.g. \`printf %s "$PW" | memctl ... ${request.flagNames.stdin}\``);
    secret = { value: oneLine(stdinText === undefined ? await readAllStdin(io) : await stdinText()), generated: false, source: 'stdin' };
  } else if (flags.file !== undefined) {
    let text: string;
    try {
      text = await readFile(flags.file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${request.flagNames.file} ${flags.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    secret = { value: oneLine(text), generated: false, source: 'file' };
  } else if (flags.generate === true) {
    secret = { value: generatePassword(), generated: true, source: 'generated' };
  } else if (fromEnv !== undefined && fromEnv !== '') {
    secret = { value: fromEnv, generated: false, source: 'env' };
  } else if (io.canPrompt && request.prompt !== false) {
    secret = { value: await promptSecret(io, request), generated: false, source: 'prompt' };
  }
  if (secret === undefined) {
    if (!request.required) return undefined;
    const generate = request.flagNames.generate === undefined ? '' : `, ${request.flagNames.generate}`;
    throw new UsageError(`no ${request.label} given: use ${request.flagNames.stdin}, ${request.flagNames.file}, ${request.envVar}${generate} (or run on a terminal to be asked)`);
  }
  registerSecret(secret.value);
  if (secret.value === '') throw new UsageError(`the ${request.label} is empty`);
  return secret;
}

async function promptSecret(io: IOStreams, request: SecretRequest): Promise<string> {
  const { default: inquirer } = await import('inquirer');
  // The streams go to the prompt module: prompt()'s second argument is answers given in advance.
  const prompt = inquirer.createPromptModule({ input: io.stdin, output: io.stderr });
  const ask = async (message: string): Promise<string> => {
    try {
      const answer = await prompt<{ value: string }>([{ type: 'password', name: 'value', message, mask: '*' }]);
      return answer.value;
    } catch (err) {
      if ((err as Error).name === 'ExitPromptError') throw new InterruptedError('cancelled; nothing was changed');
      throw err;
    }
  };
  const first = await ask(`${request.label.charAt(0).toUpperCase()}${request.label.slice(1)}:`);
  registerSecret(first);
  if (request.confirm && (await ask(`Repeat the ${request.label}:`)) !== first) throw new UsageError(`the two ${request.label} entries differ`);
  return first;
}
