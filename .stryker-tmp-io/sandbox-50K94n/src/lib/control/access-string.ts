// @ts-nocheck
// Client-side checks for MemoryDB / ElastiCache users: access strings (Redis 7 ACL SETUSER rule
// syntax), user names and passwords. AWS rejects bad input only after a round trip, with a terse
// "Invalid access string" that does not say which rule is wrong; here memctl names the token.
import { UsageError } from '../io/errors.js';
import { redis70Commands, redis72Additions, redisAclCategories } from './redis-commands.js';
import { validateName } from './validate.js';

/** memctl connects as this user for its own data-plane work, so nobody else may create it. */
const RESERVED_USER_NAMES: readonly string[] = ['memctl-admin'];

export const PASSWORD_LIMITS = { min: 16, max: 128 } as const;

/** Command name → subcommands, merging the generated 7.0 list with the 7.2 additions. */
const COMMANDS: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const map = new Map<string, Set<string>>();
  for (const source of [redis70Commands, redis72Additions]) {
    for (const [name, subs] of Object.entries(source)) {
      const set = map.get(name) ?? new Set<string>();
      for (const sub of subs) set.add(sub);
      map.set(name, set);
    }
  }
  return map;
})();
const CATEGORIES: ReadonlySet<string> = new Set(redisAclCategories);

/** Rules that take no argument and mean the same inside a selector as outside it. */
const SELECTOR_KEYWORDS: ReadonlySet<string> = new Set(['allkeys', 'resetkeys', 'allchannels', 'resetchannels', 'allcommands', 'nocommands']);

const PASSWORD_HINT = 'passwords are set with --password options, not in the access string';
const EXPECTED_RULES = 'expected on, off, ~pattern, %R~pattern, &pattern, allkeys, allchannels, +command, -command, +@category, allcommands, nocommands or a (selector)';

function invalid(problem: string): UsageError {
  return new UsageError(`invalid access string: ${problem}`);
}

/** What one pass over an access string found: its normalised rules and what looks unintended. */
interface ParsedAccessString {
  rules: string[];
  warnings: string[];
}

/** Just enough of the user's effective state to warn about strings that lock the user out. */
interface UserState {
  /** The last on/off; MemoryDB treats a string without one as off. */
  enabled: 'on' | 'off' | undefined;
  sawOn: boolean;
  grantsCommands: boolean;
}

/**
 * Checks an access string rule by rule and returns it normalised: single spaces, keywords,
 * commands and categories lowercased (Redis compares them case-insensitively), key and channel
 * patterns exactly as given. Throws a UsageError naming the first bad token.
 */
export function validateAccessString(text: string): string {
  return parseAccessString(text).rules.join(' ');
}

/**
 * Things that are valid but probably not meant, for example no "on" (MemoryDB then creates the
 * user disabled). Throws like validateAccessString when the string is invalid.
 */
export function accessStringWarnings(text: string): string[] {
  return parseAccessString(text).warnings;
}

function parseAccessString(text: string): ParsedAccessString {
  if (text.trim().length === 0) throw invalid('it is empty (give rules such as "on ~* &* +@all")');
  // Checked before any message echoes a token, so a mistyped password never reaches a terminal or log.
  const control = /[\u0000-\u0008\u000e-\u001f\u007f]/.exec(text);
  if (control) throw invalid(`it contains a control character (0x${control[0].charCodeAt(0).toString(16).padStart(2, '0')})`);
  const tokens = text.split(/[ \t\r\n\v\f]+/).filter((t) => t.length > 0);
  for (const token of tokens) refusePasswordRule(token.startsWith('(') ? token.slice(1) : token);

  const rules: string[] = [];
  const warnings: string[] = [];
  const state: UserState = { enabled: undefined, sawOn: false, grantsCommands: false };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (token.startsWith('(')) {
      // Redis joins the arguments of a selector from the one starting with "(" to the one ending with ")".
      const end = tokens.findIndex((t, j) => j >= i && t.endsWith(')'));
      if (end < 0) throw invalid(`the selector starting at "${token}" is never closed with ")"`);
      const selector = tokens.slice(i, end + 1).join(' ');
      rules.push(parseSelector(selector, state, warnings));
      i = end;
      continue;
    }
    const rule = parseRule(token, false, warnings);
    trackTopLevel(rule, state);
    rules.push(rule);
  }

  if (state.enabled === undefined) warnings.unshift('no "on": the user will be off and unable to log in');
  else if (state.enabled === 'off' && state.sawOn) warnings.unshift('"off" comes after "on" and the last one wins: the user will be off and unable to log in');
  else if (state.enabled === 'on' && !state.grantsCommands) warnings.push('no command is allowed (no +command, +@category or allcommands): the user can log in but run nothing');
  return { rules, warnings };
}

function trackTopLevel(rule: string, state: UserState): void {
  if (rule === 'on' || rule === 'off') {
    state.enabled = rule;
    if (rule === 'on') state.sawOn = true;
  } else if (rule.startsWith('+') || rule === 'allcommands') {
    state.grantsCommands = true;
  } else if (rule === 'nocommands' || rule === '-@all') {
    state.grantsCommands = false;
  }
}

function parseSelector(selector: string, state: UserState, warnings: string[]): string {
  const inner = selector.slice(1, -1).split(' ').filter((t) => t.length > 0);
  if (inner.length === 0) throw invalid(`"${selector}" is an empty selector`);
  const rules = inner.map((token) => parseRule(token, true, warnings));
  if (rules.some((r) => r.startsWith('+') || r === 'allcommands')) state.grantsCommands = true;
  return `(${rules.join(' ')})`;
}

function refusePasswordRule(token: string): void {
  const sigil = token[0];
  if (sigil === '>' || sigil === '<') throw invalid(`a password rule ("${sigil}...") is not allowed: ${PASSWORD_HINT}`);
  if (sigil === '#' || sigil === '!') throw invalid(`a password hash rule ("${sigil}...") is not allowed: ${PASSWORD_HINT}`);
}

/** One rule outside or inside a selector; returns its normalised form. */
function parseRule(token: string, inSelector: boolean, warnings: string[]): string {
  const keyword = token.toLowerCase();
  const where = inSelector ? ' inside a selector' : '';
  if (token.startsWith('(')) throw invalid(`"${token}": selectors cannot be nested`);
  refusePasswordRule(token);
  if (keyword === 'nopass' || keyword === 'resetpass') throw invalid(`"${token}" is not allowed: ${PASSWORD_HINT}`);
  if (keyword === 'reset') throw invalid(`"${token}" is not allowed (MemoryDB forbids it; an access string always replaces the user's whole rule set)`);
  if (keyword === 'clearselectors') throw invalid(`"${token}" is not allowed (an access string replaces the user's whole rule set, so there are no earlier selectors to clear)`);
  if (keyword === 'on' || keyword === 'off') {
    if (inSelector) throw invalid(`"${token}" is not allowed inside a selector (only key, channel and command rules)`);
    return keyword;
  }
  if (SELECTOR_KEYWORDS.has(keyword)) return keyword;

  switch (token[0]) {
    case '~':
      return `~${pattern(token, token.slice(1), 'key')}`;
    case '&':
      return `&${pattern(token, token.slice(1), 'channel')}`;
    case '%':
      return keyPermissionRule(token);
    case '+':
    case '-':
      return commandRule(token, warnings);
    default:
      throw invalid(`"${token}" is not a valid rule${where} (${EXPECTED_RULES})`);
  }
}

/** Redis accepts an empty pattern but it matches nothing, which is never what anyone meant. */
function pattern(token: string, text: string, kind: 'key' | 'channel'): string {
  if (text.length === 0) throw invalid(`"${token}" has an empty ${kind} pattern (use ${kind === 'key' ? '~*' : '&*'} for all ${kind}s)`);
  return text;
}

/** %R~pattern, %W~pattern, %RW~pattern: Redis 7 read/write key permissions, flags in any case and order. */
function keyPermissionRule(token: string): string {
  const tilde = token.indexOf('~');
  if (tilde < 0) throw invalid(`"${token}" needs a "~" before its key pattern (like %R~cache:*)`);
  const flags = token.slice(1, tilde).toUpperCase();
  if (flags.length === 0) throw invalid(`"${token}" names no permission between "%" and "~" (use R, W or RW)`);
  const bad = /[^RW]/.exec(flags);
  if (bad) throw invalid(`"${token}": "${token[1 + bad.index]}" is not a key permission (use R, W or RW)`);
  if (new Set(flags).size !== flags.length) throw invalid(`"${token}" repeats a key permission (use R, W or RW)`);
  const normalisedFlags = (flags.includes('R') ? 'R' : '') + (flags.includes('W') ? 'W' : '');
  return `%${normalisedFlags}~${pattern(token, token.slice(tilde + 1), 'key')}`;
}

/** +command, -command, +command|subcommand, -command|subcommand, +@category, -@category. */
function commandRule(token: string, warnings: string[]): string {
  const sign = token[0] as '+' | '-';
  const body = token.slice(1);
  if (body.startsWith('@')) {
    const category = body.slice(1).toLowerCase();
    if (category.length === 0) throw invalid(`"${token}" names no category`);
    if (category.includes('|')) throw invalid(`"${token}": a category takes no subcommand`);
    if (!CATEGORIES.has(category)) throw invalid(`"${token}" is not a Redis ACL category${suggest(sign + '@', category, CATEGORIES)}`);
    return `${sign}@${category}`;
  }

  const parts = body.split('|');
  const name = (parts[0] as string).toLowerCase();
  if (name.length === 0) throw invalid(`"${token}" names no command`);
  const subcommands = COMMANDS.get(name);
  if (subcommands === undefined) throw invalid(`"${token}" is not a Redis command or category${suggest(sign, name, COMMANDS.keys())}`);
  if (parts.length === 1) return `${sign}${name}`;
  if (parts.length > 2) throw invalid(`"${token}": only one "|" is allowed (command|subcommand)`);

  const argument = parts[1] as string;
  if (argument.length === 0) throw invalid(`"${token}" names no subcommand after "|"`);
  if (subcommands.size > 0) {
    const sub = argument.toLowerCase();
    if (!subcommands.has(sub)) throw invalid(`"${token}": "${argument}" is not a subcommand of ${name.toUpperCase()}${suggest(`${sign}${name}|`, sub, subcommands)}`);
    return `${sign}${name}|${sub}`;
  }
  // A command without subcommands: Redis 7 still takes "+select|0" (allow one first argument),
  // deprecated and only in the adding form.
  if (sign === '-') throw invalid(`"${token}": ${name.toUpperCase()} has no subcommands, and a first-argument rule can only add ("+${body}")`);
  warnings.push(`"${token}" allows ${name.toUpperCase()} only with the first argument "${argument}", a deprecated Redis feature`);
  return `+${name}|${argument}`;
}

/** ' (did you mean "+get"?)' for a name one or two edits away from a known one, else ''. */
function suggest(prefix: string, name: string, known: Iterable<string>): string {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best === undefined ? '' : ` (did you mean "${prefix}${best.candidate}"?)`;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** User names follow the shared name rules (stored lowercase); a few are reserved for memctl. */
export function validateUserName(name: string): string {
  const normalised = validateName('user', name);
  if (RESERVED_USER_NAMES.includes(normalised)) throw new UsageError(`invalid user name "${name}": it is reserved for memctl's own use`);
  return normalised;
}

/**
 * 16-128 printable ASCII characters (0x21-0x7e): no spaces, control characters or non-ASCII.
 * Messages give the rule, the length and a position but never the password or any of its characters.
 */
export function validatePassword(password: string, label = 'password'): string {
  const characters = [...password];
  const { min, max } = PASSWORD_LIMITS;
  if (characters.length < min || characters.length > max) {
    const count = characters.length === 0 ? 'it is empty' : `it has ${characters.length} character${characters.length === 1 ? '' : 's'}`;
    throw new UsageError(`invalid ${label}: ${count} (${min}-${max} required)`);
  }
  const index = characters.findIndex((c) => c < '\u0021' || c > '\u007e');
  if (index >= 0) {
    const c = characters[index] as string;
    const kind = c === ' ' ? 'a space' : /\s/.test(c) ? 'whitespace' : c < '\u0020' || c === '\u007f' ? 'a control character' : 'not ASCII';
    throw new UsageError(`invalid ${label}: character ${index + 1} of ${characters.length} is ${kind} (only printable ASCII without spaces is allowed)`);
  }
  return password;
}
