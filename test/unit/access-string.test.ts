import { describe, expect, it } from 'vitest';
import { accessStringWarnings, validateAccessString, validatePassword, validateUserName } from '../../src/lib/control/access-string.js';
import { redis70Commands, redis72Additions, redisAclCategories } from '../../src/lib/control/redis-commands.js';
import { UsageError } from '../../src/lib/io/errors.js';

/** Runs fn, expecting a UsageError (exit 2); returns its message. */
function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    return (err as UsageError).message;
  }
  throw new Error('expected a UsageError, but nothing was thrown');
}

describe('validateAccessString: valid strings', () => {
  it.each([
    ['on ~* &* +@all', 'on ~* &* +@all'],
    ['on ~app:* -@all +get +set', 'on ~app:* -@all +get +set'],
    ['on %R~cache:* +@read', 'on %R~cache:* +@read'],
    ['on ~* +client|list -config|set', 'on ~* +client|list -config|set'],
    ['on (~foo +get) ~bar +@read', 'on (~foo +get) ~bar +@read'],
    ['off', 'off'],
    // Normalisation: single spaces, keywords/commands/categories lowercased, patterns as given.
    ['  ON   ~App:*\t+GET \n +@Read ', 'on ~App:* +get +@read'],
    ['on %wr~Session:* %W~log:* +@WRITE', 'on %RW~Session:* %W~log:* +@write'],
    ['on ( ~foo  +get ) allkeys', 'on (~foo +get) allkeys'],
    ['on (%R~a:* +@read) (%W~b:* +@write)', 'on (%R~a:* +@read) (%W~b:* +@write)'],
    ['on allkeys allchannels allcommands', 'on allkeys allchannels allcommands'],
    ['on resetkeys ~a resetchannels &news.* nocommands +ping', 'on resetkeys ~a resetchannels &news.* nocommands +ping'],
    ['on ~* -@all +@all -flushall -flushdb -@dangerous', 'on ~* -@all +@all -flushall -flushdb -@dangerous'],
    ['on ~* +CLIENT|LIST +acl|whoami -cluster|reset', 'on ~* +client|list +acl|whoami -cluster|reset'],
    // Redis/Valkey 7.2 additions a 7.0 server does not list.
    ['on ~* +waitaof +client|no-touch +client|setinfo +cluster|myshardid', 'on ~* +waitaof +client|no-touch +client|setinfo +cluster|myshardid'],
    ['on ~a(b) ~x|y +get', 'on ~a(b) ~x|y +get'],
    ['on ~* +select|0', 'on ~* +select|0'],
    ['on ~* +restore-asking +georadius_ro', 'on ~* +restore-asking +georadius_ro'],
    // As redis-server takes them (test/integration/known-answers.test.ts has the rest).
    ['on SKIP-sanitize-payload ~* +@all', 'on skip-sanitize-payload ~* +@all'],
    ['on ~* resetkeys ~app:* &* resetchannels &news.* +get', 'on ~* resetkeys ~app:* &* resetchannels &news.* +get'],
    ['on allkeys ~* (~a +get)', 'on allkeys ~* (~a +get)'],
  ])('%j → %j', (input, expected) => {
    expect(validateAccessString(input)).toBe(expected);
  });

  it('is idempotent on its own output', () => {
    const once = validateAccessString('ON  (~Foo  +GET)  %rw~Bar +@READ');
    expect(validateAccessString(once)).toBe(once);
  });
});

describe('validateAccessString: invalid strings', () => {
  it.each([
    ['', /it is empty/],
    [' \t\n ', /it is empty/],
    ['on +fooo', /^invalid access string: "\+fooo" is not a Redis command or category$/],
    ['on ~* +gett', /"\+gett" is not a Redis command or category \(did you mean "\+get"\?\)/],
    ['on -flushal', /"-flushal" is not a Redis command or category \(did you mean "-flushall"\?\)/],
    ['on +@fooo', /"\+@fooo" is not a Redis ACL category/],
    ['on +@raed', /"\+@raed" is not a Redis ACL category \(did you mean "\+@read"\?\)/],
    ['on ~* +@all -@nosuchcategory', /"-@nosuchcategory" is not a Redis ACL category/],
    ['on nopass', /"nopass" is not allowed: passwords are set with --password options, not in the access string/],
    ['on resetpass ~*', /"resetpass" is not allowed: passwords are set with --password options/],
    ['reset on ~* +@all', /"reset" is not allowed \(MemoryDB forbids it/],
    ['on ~* RESET', /"RESET" is not allowed \(MemoryDB forbids it/],
    ['on ~* clearselectors', /"clearselectors" is not allowed/],
    ['on ~* +client|lsit', /"\+client\|lsit": "lsit" is not a subcommand of CLIENT \(did you mean "\+client\|list"\?\)/],
    ['on ~* -config|sett', /"-config\|sett": "sett" is not a subcommand of CONFIG/],
    ['on ~* +config|get|maxmemory', /"\+config\|get\|maxmemory": only one "\|" is allowed/],
    ['on ~* -get|foo', /"-get\|foo": GET has no subcommands, and a first-argument rule can only add/],
    ['on ~* +@read|get', /"\+@read\|get": a category takes no subcommand/],
    ['on ~* +', /"\+" names no command/],
    ['on ~* +|get', /"\+\|get" names no command/],
    ['on ~* -@', /"-@" names no category/],
    ['on ~* +client|', /"\+client\|" names no subcommand/],
    ['on ~ +get', /"~" has an empty key pattern \(use ~\* for all keys\)/],
    ['on ~* & +subscribe', /"&" has an empty channel pattern \(use &\* for all channels\)/],
    ['on %~cache:* +get', /"%~cache:\*" names no permission between "%" and "~"/],
    ['on %RR~cache:* +get', /"%RR~cache:\*" repeats a key permission/],
    ['on %RX~cache:* +get', /"%RX~cache:\*": "X" is not a key permission/],
    ['on %R +get', /"%R" needs a "~" before its key pattern/],
    ['on %RW~ +get', /"%RW~" has an empty key pattern/],
    ['on (~foo +get', /the selector starting at "\(~foo" is never closed/],
    ['on () ~* +get', /"\(\)" is an empty selector/],
    ['on (on ~foo +get)', /"on" is not allowed inside a selector/],
    ['on (~foo off)', /"off" is not allowed inside a selector/],
    ['on (~a (~b) +get)', /"\(~b": selectors cannot be nested/],
    ['on (~a nopass)', /"nopass" is not allowed: passwords are set with --password options/],
    ['on (~a reset)', /"reset" is not allowed/],
    ['on keys ~*', /"keys" is not a valid rule \(expected on, off, ~pattern/],
    ['on ~* |get', /"\|get" is not a valid rule/],
    ['on ~* +get*', /"\+get\*" is not a Redis command or category/],
    ['on ~* (~a +gte)', /"\+gte" is not a Redis command or category/],
    ['on ~* ~app:* +get', /"~app:\*" comes after allkeys \(or ~\*\), which already allows every key, so Redis refuses it \(put resetkeys before it/],
    ['on allkeys %R~app:* +get', /"%R~app:\*" comes after allkeys/],
    ['on (~* %RW~a +get)', /"%RW~a" comes after allkeys/],
    ['on &* &news.* +subscribe', /"&news\.\*" comes after allchannels \(or &\*\), which already allows every channel, so Redis refuses it \(put resetchannels before it/],
    ['on (sanitize-payload +get)', /"sanitize-payload" is not allowed inside a selector/],
    ['on ~foo\u0000 +get', /it contains a control character \(0x00\)/],
    ['on ~foo \u001b[31m +get', /it contains a control character \(0x1b\)/],
  ])('%j is refused', (input, pattern) => {
    expect(usageMessage(() => validateAccessString(input))).toMatch(pattern);
  });

  // Password rules are refused without ever repeating the password, wherever they appear.
  it.each([
    ['on >Sup3r-Secret-Passw0rd ~* +@all', 'Sup3r-Secret-Passw0rd', /a password rule \(">\.\.\."\) is not allowed: passwords are set with --password options/],
    ['on <Sup3r-Secret-Passw0rd', 'Sup3r-Secret-Passw0rd', /a password rule \("<\.\.\."\) is not allowed/],
    ['on #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8', '5e884898da28047151d0e56f8dc6292773603d0d', /a password hash rule \("#\.\.\."\) is not allowed/],
    ['on !5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8', '5e884898da28047151d0e56f8dc6292773603d0d', /a password hash rule \("!\.\.\."\) is not allowed/],
    ['on (>Sup3r-Secret-Passw0rd ~a)', 'Sup3r-Secret-Passw0rd', /a password rule/],
    // A mistake earlier in the string must not echo a password that comes later.
    ['on +nosuchcommand >Sup3r-Secret-Passw0rd', 'Sup3r-Secret-Passw0rd', /a password rule/],
    ['on (~a +get >Sup3r-Secret-Passw0rd', 'Sup3r-Secret-Passw0rd', /a password rule/],
  ])('%j is refused without echoing the password', (input, secret, pattern) => {
    const message = usageMessage(() => validateAccessString(input));
    expect(message).toMatch(pattern);
    expect(message).not.toContain(secret);
  });
});

describe('accessStringWarnings', () => {
  it.each([
    ['on ~* &* +@all', []],
    ['off', []],
    ['on (~foo +get)', []],
    ['~* +@all', ['no "on": the user will be off and unable to log in']],
    ['OFF ~* +@all', []],
    ['on ~* +@all off', ['"off" comes after "on" and the last one wins: the user will be off and unable to log in']],
    ['on ~*', ['no command is allowed (no +command, +@category or allcommands): the user can log in but run nothing']],
    ['on ~* +@all nocommands', ['no command is allowed (no +command, +@category or allcommands): the user can log in but run nothing']],
    ['on ~* +select|0', ['"+select|0" allows SELECT only with the first argument "0", a deprecated Redis feature']],
  ])('%j → %j', (input, expected) => {
    expect(accessStringWarnings(input)).toEqual(expected);
  });

  it('throws like validateAccessString on an invalid string', () => {
    expect(usageMessage(() => accessStringWarnings('on +fooo'))).toMatch(/"\+fooo" is not a Redis command or category/);
  });
});

describe('generated Redis command data', () => {
  it('holds the 7.0 commands with subcommands, the 7.2 additions and the ACL categories', () => {
    expect(Object.keys(redis70Commands).length).toBeGreaterThan(200);
    expect(redis70Commands['get']).toEqual([]);
    expect(redis70Commands['config']).toEqual(expect.arrayContaining(['get', 'set', 'rewrite', 'resetstat']));
    expect(redis72Additions['waitaof']).toEqual([]);
    expect(redisAclCategories).toEqual(expect.arrayContaining(['all', 'read', 'write', 'keyspace', 'dangerous', 'pubsub']));
  });
});

describe('validateUserName', () => {
  it.each([
    ['app-user', 'app-user'],
    ['App-User-1', 'app-user-1'],
    ['a', 'a'],
    ['memctl-admins', 'memctl-admins'],
  ])('%j → %j', (input, expected) => {
    expect(validateUserName(input)).toBe(expected);
  });

  it.each([
    ['', /invalid user name "": it is empty/],
    ['1user', /invalid user name "1user": it must start with a letter/],
    ['-user', /it must start with a letter/],
    ['app_user', /"_" is not allowed \(letters, digits and hyphens only\)/],
    ['app user', /" " is not allowed/],
    ['app-', /it must not end with a hyphen/],
    ['app--user', /it must not contain two hyphens in a row/],
    ['u'.repeat(41), /it has 41 characters \(at most 40\)/],
    ['memctl-admin', /invalid user name "memctl-admin": it is reserved/],
    ['MEMCTL-Admin', /invalid user name "MEMCTL-Admin": it is reserved/],
  ])('%j is refused', (input, pattern) => {
    expect(usageMessage(() => validateUserName(input))).toMatch(pattern);
  });
});

describe('validatePassword', () => {
  it.each(['abcdefghijklmnop', 'x'.repeat(128), 'P@ss!w0rd#$%^&*()_+{}|:"<>?~`-=[];\',./'])('accepts %j', (password) => {
    expect(validatePassword(password)).toBe(password);
  });

  it.each([
    ['', /^invalid password: it is empty \(16-128 required\)$/],
    ['shortpw-x1', /^invalid password: it has 10 characters \(16-128 required\)$/],
    ['fifteen-chars-x', /it has 15 characters \(16-128 required\)/],
    ['y'.repeat(129), /it has 129 characters \(16-128 required\)/],
    ['has space in my password', /character 4 of 24 is a space \(only printable ASCII without spaces is allowed\)/],
    ['tab\there-password-1', /character 4 of 19 is whitespace/],
    ['newline\npassword-1234', /character 8 of 21 is whitespace/],
    ['ctrl\u0001-password-12345', /character 5 of 20 is a control character/],
    ['del\u007f-password-123456', /character 4 of 20 is a control character/],
    ['unicode-pässwörd-123', /character 10 of 20 is not ASCII/],
    ['emoji-\u{1F600}-password-1234', /character 7 of 21 is not ASCII/],
    ['nbsp\u00a0password-123456', /character 5 of 20 is whitespace/],
  ])('%j is refused without echoing it', (password, pattern) => {
    const message = usageMessage(() => validatePassword(password));
    expect(message).toMatch(pattern);
    if (password.length > 0) expect(message).not.toContain(password);
  });

  it('names the option it checks', () => {
    const message = usageMessage(() => validatePassword('too-short-pass', '--second-password'));
    expect(message).toBe('invalid --second-password: it has 14 characters (16-128 required)');
    expect(message).not.toContain('too-short-pass');
  });
});

describe('access strings, rule by rule', () => {
  it('splits on any whitespace, vertical tab and form feed included, and keeps a V in a pattern', () => {
    expect(validateAccessString('on\v~KeyV*\f+@all')).toBe('on ~KeyV* +@all');
  });

  it('refuses a password inside a selector that is never closed without echoing it', () => {
    const message = usageMessage(() => validateAccessString('on (>secret-password-1 ~*'));
    expect(message).toBe('invalid access string: a password rule (">...") is not allowed: passwords are set with --password options, not in the access string');
  });

  it('reads a selector that is the first rule', () => {
    expect(validateAccessString('(+get) on ~*')).toBe('(+get) on ~*');
  });

  it('names the rule that is not one, outside a selector and inside', () => {
    expect(usageMessage(() => validateAccessString('on bogus'))).toBe(
      'invalid access string: "bogus" is not a valid rule (expected on, off, ~pattern, %R~pattern, &pattern, allkeys, allchannels, +command, -command, +@category, allcommands, nocommands or a (selector))',
    );
    expect(usageMessage(() => validateAccessString('on (bogus)'))).toMatch(/^invalid access string: "bogus" is not a valid rule inside a selector \(/);
  });

  it('warns when the commands granted are all taken back, and only then', () => {
    const none = 'no command is allowed (no +command, +@category or allcommands): the user can log in but run nothing';
    expect(accessStringWarnings('on ~* +@all -@all')).toEqual([none]);
    expect(accessStringWarnings('on ~* allcommands nocommands')).toEqual([none]);
    expect(accessStringWarnings('on +@all ~* &* resetkeys')).toEqual([]);
    expect(accessStringWarnings('on ~* -@all +get')).toEqual([]);
    expect(accessStringWarnings('on ~* allcommands')).toEqual([]);
    expect(accessStringWarnings('on ~* -get')).toEqual([none]);
  });

  it('counts commands granted inside a selector, and only commands', () => {
    const none = 'no command is allowed (no +command, +@category or allcommands): the user can log in but run nothing';
    expect(accessStringWarnings('on (~* +get)')).toEqual([]);
    expect(accessStringWarnings('on (~* allcommands)')).toEqual([]);
    expect(accessStringWarnings('on (~* -get)')).toEqual([none]);
    expect(accessStringWarnings('on (~*)')).toEqual([none]);
  });

  it('warns when "off" comes after "on"', () => {
    expect(accessStringWarnings('on +@all off')).toEqual(['"off" comes after "on" and the last one wins: the user will be off and unable to log in']);
    expect(accessStringWarnings('off +@all')).toEqual([]);
  });

  it('suggests the nearest known name, the first of equals, up to two edits away', () => {
    const suggestion = (rule: string): string => usageMessage(() => validateAccessString(`on ~* ${rule}`)).replace(/^.*\(did you mean "(.*)"\?\)$/, '$1');
    expect(suggestion('+getx')).toBe('+get');
    expect(suggestion('+sett')).toBe('+set');
    expect(suggestion('+hgetal')).toBe('+hgetall');
    expect(suggestion('+incrbyflo')).toBe('+incrbyfloat');
    expect(suggestion('+@wrte')).toBe('+@write');
    expect(usageMessage(() => validateAccessString('on ~* +zzzzzz'))).toBe('invalid access string: "+zzzzzz" is not a Redis command or category');
  });
});

describe('validatePassword, the details', () => {
  it('counts characters in its message and finds the first bad one, even the first', () => {
    expect(usageMessage(() => validatePassword('x'))).toBe('invalid password: it has 1 character (16-128 required)');
    expect(usageMessage(() => validatePassword('short'))).toBe('invalid password: it has 5 characters (16-128 required)');
    expect(usageMessage(() => validatePassword(' abcdefghijklmnopq'))).toBe('invalid password: character 1 of 18 is a space (only printable ASCII without spaces is allowed)');
  });
});
