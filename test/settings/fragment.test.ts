import { describe, expect, it } from 'vitest';
import { applyFragment, revertEntries, type FragmentItem } from '../../src/settings/fragment.js';
import { GatehouseError } from '../../src/errors.js';

const hook = { matcher: '*', hooks: [{ type: 'command', command: 'gh-hook', timeout: 10 }] };
const items: FragmentItem[] = [
  { op: 'append', path: ['hooks', 'PreToolUse'], value: hook },
  { op: 'append', path: ['permissions', 'deny'], value: 'Read(**/.env)' },
  { op: 'set', path: ['allowManagedHooksOnly'], value: true },
];

const USER = `{
    "model": "opus",
    "permissions": {
        "allow": ["Bash(npm test)"],
        "deny": ["Read(./private/**)"]
    },
    "zeta": 1
}
`;

describe('applyFragment', () => {
  it('adds the fragment and keeps every user key in its order and indentation', () => {
    const r = applyFragment(USER, items, [], 'f');
    const v = JSON.parse(r.text);
    expect(Object.keys(v)).toEqual(['model', 'permissions', 'zeta', 'hooks', 'allowManagedHooksOnly']);
    expect(v.permissions.deny).toEqual(['Read(./private/**)', 'Read(**/.env)']);
    expect(v.permissions.allow).toEqual(['Bash(npm test)']);
    expect(v.hooks.PreToolUse).toEqual([hook]);
    expect(r.text).toContain('\n    "model": "opus"');
    expect(r.added).toHaveLength(3);
  });

  it('changes nothing on a second run', () => {
    const first = applyFragment(USER, items, [], 'f');
    const second = applyFragment(first.text, items, first.entries, 'f');
    expect(second.text).toBe(first.text);
    expect(second.added).toEqual([]);
    expect(second.entries).toEqual(first.entries);
  });

  it('does not claim a value the user already had', () => {
    const withRule = USER.replace('"Read(./private/**)"', '"Read(./private/**)", "Read(**/.env)"');
    const r = applyFragment(withRule, items, [], 'f');
    expect(r.present.map((p) => p.value)).toContain('Read(**/.env)');
    const back = revertEntries(r.text, r.entries, 'f');
    expect(JSON.parse(back.text).permissions.deny).toEqual(['Read(./private/**)', 'Read(**/.env)']);
  });

  it('starts a missing file as an object', () => {
    const r = applyFragment('', items, [], 'f');
    expect(JSON.parse(r.text).hooks.PreToolUse).toEqual([hook]);
    expect(r.entries.filter((e) => e.op === 'create').map((e) => e.path.join('.'))).toEqual(['hooks', 'hooks.PreToolUse', 'permissions', 'permissions.deny']);
    expect(JSON.parse(revertEntries(r.text, r.entries, 'f').text)).toEqual({});
  });

  it('takes out entries the fragment no longer wants and keeps the rest in place', () => {
    const first = applyFragment(USER, items, [], 'f');
    const fewer = items.filter((i) => i.op !== 'set');
    const r = applyFragment(first.text, fewer, first.entries, 'f');
    expect(JSON.parse(r.text).allowManagedHooksOnly).toBeUndefined();
    expect(r.removed.map((e) => e.path.join('.'))).toEqual(['allowManagedHooksOnly']);
  });

  it('refuses to edit through a value of the wrong shape', () => {
    expect(() => applyFragment('{"hooks": []}', items, [], 'f')).toThrow(GatehouseError);
    expect(() => applyFragment('{"permissions": {"deny": "Read(.env)"}}', items, [], 'f')).toThrow(/expected an array/);
  });
});

describe('revertEntries', () => {
  it.each([
    ['compact', (v: unknown) => JSON.stringify(v)],
    ['pretty', (v: unknown) => JSON.stringify(v, null, 2)],
    ['tabs', (v: unknown) => JSON.stringify(v, null, '\t')],
  ])('takes the fragment out of a %s file, whatever its layout', (_name, write) => {
    const original = { hooks: { PreToolUse: [{ matcher: 'x', hooks: [] }] }, permissions: { deny: ['Read(a)'], allow: [] } };
    const r = applyFragment(write(original), items, [], 'f');
    const rewritten = write(JSON.parse(r.text));
    const back = revertEntries(rewritten, r.entries, 'f');
    expect(JSON.parse(back.text)).toEqual(original);
  });


  it('removes exactly what was added and leaves what the user added since', () => {
    const r = applyFragment(USER, items, [], 'f');
    const v = JSON.parse(r.text);
    v.permissions.deny.push('Read(mine)');
    v.hooks.PreToolUse.push({ matcher: 'Bash', hooks: [{ type: 'command', command: 'mine' }] });
    const back = revertEntries(JSON.stringify(v, null, 4), r.entries, 'f');
    const out = JSON.parse(back.text);
    expect(out.permissions.deny).toEqual(['Read(./private/**)', 'Read(mine)']);
    expect(out.hooks.PreToolUse).toEqual([{ matcher: 'Bash', hooks: [{ type: 'command', command: 'mine' }] }]);
    expect(out.allowManagedHooksOnly).toBeUndefined();
    expect(back.skipped).toEqual([]);
  });

  it('restores a value gatehouse replaced, unless the user changed it since', () => {
    const base = '{"allowManagedHooksOnly": false}';
    const r = applyFragment(base, items, [], 'f');
    expect(JSON.parse(revertEntries(r.text, r.entries, 'f').text).allowManagedHooksOnly).toBe(false);
    const changed = r.text.replace('"allowManagedHooksOnly": true', '"allowManagedHooksOnly": "x"');
    const back = revertEntries(changed, r.entries, 'f');
    expect(JSON.parse(back.text).allowManagedHooksOnly).toBe('x');
    expect(back.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/changed since/)]);
  });
});
