import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { env, production, shownDefault } from './config.ts';
import { settingRows, settingsTable } from './settings-table.ts';

describe('the settings table', () => {
  it('reads name, default, meaning and production rule from each field', () => {
    const schema = z.object({
      A_MS: env.ms(250).describe('how long'),
      B_URL: env.redisUrl().meta(production('required')),
      C_FLAG: env.bool(true).describe('on or off'),
      D_PATH: z.string().default('/home/me/x').describe('a path').meta(shownDefault('x')),
      E_NAME: env.string().describe('a name'),
    });
    expect(settingRows(schema)).toEqual([
      { name: 'A_MS', default: '`250`', meaning: 'how long', production: '' },
      { name: 'B_URL', default: '—', meaning: expect.stringMatching(/^Redis shared by every instance/), production: 'required' },
      { name: 'C_FLAG', default: '`true`', meaning: 'on or off', production: '' },
      { name: 'D_PATH', default: 'x', meaning: 'a path', production: '' },
      { name: 'E_NAME', default: '(required)', meaning: 'a name', production: '' },
    ]);
  });

  it('refuses a field without a description, naming it', () => {
    expect(() => settingRows(z.object({ OK: env.int(1).describe('fine'), BARE: env.int(1), ALSO: z.string().optional() }))).toThrow(/without a description.*BARE, ALSO/);
  });

  it('lists a setting read alike by every process once, as "all", first; by some, once naming them', () => {
    const shared = z.object({ SHARED: env.int(1).describe('everyone') });
    const table = settingsTable([
      { process: 'one', schemas: [z.object({ ONLY_ONE: env.int(2).describe('mine'), PAIR: env.int(3).describe('ours') }), shared] },
      { process: 'two', schemas: [shared, z.object({ PAIR: env.int(3).describe('ours') })] },
      { process: 'three', schemas: [shared] },
    ], { 'one and two': ['one', 'two'] });
    expect(table.split('\n').slice(2)).toEqual([
      '| `SHARED` | all | `1` | — | everyone |',
      '| `ONLY_ONE` | one | `2` | — | mine |',
      '| `PAIR` | one and two | `3` | — | ours |',
    ]);
  });
});
