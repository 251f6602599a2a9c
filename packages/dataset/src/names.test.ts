import { describe, expect, it } from 'vitest';
import { checkEnterpriseName } from '@district/domain';
import { getDataset } from './index.ts';

/**
 * The naming rules the window checks a form against (packages/domain/src/enterprise-name.ts) must hold for
 * every enterprise name the registry already holds, former names included: a rule that refused a
 * registered name would be a rule the registry does not apply. 个体工商户 are named under their own
 * rules (个体工商户名称登记管理办法) and are not opened through the enterprise form.
 */
describe('enterprise names of the dataset', () => {
  it('all pass the shared 企业名称 rules for their type', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const e of getDataset().enterprises) {
      if (e.entityClass === 'INDIVIDUAL_BUSINESS') continue;
      const names = [e.name, ...e.changes.filter((c) => c.item === 'NAME').flatMap((c) => [c.before, c.after])];
      for (const name of names) {
        checked++;
        const problems = checkEnterpriseName(name, e.typeCode);
        if (problems.length) broken.push(`${name} (${e.typeCode}): ${problems.map((p) => p.rule).join(', ')}`);
      }
    }
    expect(broken.slice(0, 20)).toEqual([]);
    expect(checked).toBeGreaterThan(20_000);
    // Building the 23,000-enterprise dataset takes seconds on a busy machine.
  }, 60_000);
});
