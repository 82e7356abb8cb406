// @ts-nocheck
// Validation of what CreateUser / UpdateUser accept: access strings (Redis ACL rules without any
// password rule) and passwords. Error messages name a bad rule, but never echo anything that
// could be a password.
import { invalidParameter } from './errors.js';
import { ACL_CATEGORIES, isKnownCommand } from './redis-commands.js';

const MIN_PASSWORD = 16;
const MAX_PASSWORD = 128;
const MAX_PASSWORDS = 2;

/** Checks a Passwords list (1–2 of 16–128 printable ASCII characters, no whitespace). */
export function checkPasswords(passwords: string[]): void {
  if (passwords.length < 1 || passwords.length > MAX_PASSWORDS) throw invalidParameter(`Passwords must hold 1 or ${MAX_PASSWORDS} passwords, not ${passwords.length}`);
  passwords.forEach((password, i) => {
    const which = passwords.length === 1 ? 'The password' : `Password ${i + 1}`;
    if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
      throw invalidParameter(`${which} must be ${MIN_PASSWORD}-${MAX_PASSWORD} characters long (it has ${password.length})`);
    }
    if (!/^[\x21-\x7e]+$/.test(password)) throw invalidParameter(`${which} must contain only printable ASCII characters and no whitespace`);
  });
  if (passwords.length === 2 && passwords[0] === passwords[1]) throw invalidParameter('The two passwords must differ');
}

/** Rules that both the top level and a selector `( ... )` accept, besides patterns and +/- rules. */
const KEYWORDS = new Set(['allkeys', 'resetkeys', 'allchannels', 'resetchannels', 'allcommands', 'nocommands']);
/** Rules only the top level accepts. */
const TOP_LEVEL = new Set(['on', 'off', 'clearselectors', 'sanitize-payload', 'skip-sanitize-payload']);
const PASSWORD_RULES = new Set(['nopass', 'resetpass']);

function checkRule(rule: string, inSelector: boolean): void {
  const lower = rule.toLowerCase();
  const first = rule[0] ?? '';
  if (first === '>' || first === '<' || first === '#' || first === '!') {
    // Not echoed: what follows is a password or its hash.
    throw invalidParameter(`Access strings cannot set or remove passwords (a rule starting with "${first}"); use AuthenticationMode`);
  }
  if (PASSWORD_RULES.has(lower)) throw invalidParameter(`Access strings cannot contain "${rule}"; use AuthenticationMode for passwords`);
  if (lower === 'reset') throw invalidParameter('Access strings cannot contain "reset"');
  if (KEYWORDS.has(lower)) return;
  if (TOP_LEVEL.has(lower)) {
    if (inSelector) throw invalidParameter(`"${rule}" is not allowed inside a selector`);
    return;
  }
  if (/^(~|%[RW]+~)\S+$/i.test(rule) || /^&\S+$/.test(rule)) return;
  if (first === '+' || first === '-') {
    const name = rule.slice(1);
    if (name.startsWith('@')) {
      if (ACL_CATEGORIES.has(name.slice(1).toLowerCase())) return;
      throw invalidParameter(`Access string rule "${rule}" names an unknown command category`);
    }
    if (isKnownCommand(name)) return;
    throw invalidParameter(`Access string rule "${rule}" names an unknown command`);
  }
  throw invalidParameter(`Access string rule "${rule}" is not a valid Redis ACL rule`);
}

/**
 * Splits an access string into Redis ACL rules (a selector like `(~logs:* +get)` stays one rule, as
 * ACL SETUSER wants it) and checks each one. Throws InvalidParameterValueException naming the rule.
 */
export function parseAccessString(value: string): string[] {
  const words = value.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) throw invalidParameter('AccessString must not be empty');
  const rules: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (!word.startsWith('(')) {
      if (word.includes(')')) throw invalidParameter(`Access string rule "${word}" closes a selector that was never opened`);
      checkRule(word, false);
      rules.push(word);
      continue;
    }
    const parts = [word];
    while (!(parts[parts.length - 1] as string).endsWith(')')) {
      const next = words[++i];
      if (next === undefined) throw invalidParameter('Access string has a selector "(" without its closing ")"');
      parts.push(next);
    }
    const selector = parts.join(' ');
    const inner = selector.slice(1, -1).trim().split(/\s+/).filter((w) => w !== '');
    for (const rule of inner) {
      if (rule.includes('(') || rule.includes(')')) throw invalidParameter('Access string selectors cannot be nested');
      checkRule(rule, true);
    }
    rules.push(`(${inner.join(' ')})`);
  }
  return rules;
}
