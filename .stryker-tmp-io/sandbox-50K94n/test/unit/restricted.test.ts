// @ts-nocheck
// The rules every user of a local cluster gets: its own, then the restricted commands denied, at
// the top level and inside each selector (a selector grants on its own, so it is denied there too).
import { describe, expect, it } from 'vitest';
import { RESTRICTED_COMMANDS, restrictRules } from '../../src/lib/local/engine/access/restricted.js';

describe('restrictRules', () => {
  it('keeps the rules in order and denies every restricted command after them', () => {
    const rules = restrictRules(['on', '~*', '+@all', 'nopass']);
    expect(rules.slice(0, 4)).toEqual(['on', '~*', '+@all', 'nopass']);
    expect(rules.slice(4)).toEqual(RESTRICTED_COMMANDS.map((c) => `-${c}`));
  });

  it('denies them inside selectors too', () => {
    const rules = restrictRules(['on', '(~cache:* +@all)']);
    expect(rules[1]).toBe(`(~cache:* +@all ${RESTRICTED_COMMANDS.map((c) => `-${c}`).join(' ')})`);
  });

  it("covers MemoryDB's documented list", () => {
    for (const c of ['acl|deluser', 'acl|load', 'acl|save', 'acl|setuser', 'bgrewriteaof', 'bgsave', 'cluster|addslots', 'cluster|delslots', 'cluster|setslot', 'config', 'debug', 'migrate', 'module', 'psync', 'replicaof', 'save', 'shutdown', 'slaveof', 'sync']) {
      expect(RESTRICTED_COMMANDS).toContain(c);
    }
  });
});
