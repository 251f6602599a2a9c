import { describe, expect, it } from 'vitest';
import { buildIdCard, isValidIdCard } from './idcard.ts';
import { maskIdNumber, maskPersonName, maskPhone } from './mask.ts';

describe('居民身份证号 (GB 11643)', () => {
  it('accepts the standard example and the synthetic one', () => {
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('37021219900101123X')).toBe(true);
  });
  it('refuses a wrong check character and an impossible date', () => {
    expect(isValidIdCard('110105194912310021')).toBe(false);
    expect(isValidIdCard(buildIdCard('370212', '19900230', '123'))).toBe(false);
  });
  it('builds numbers that validate', () => {
    expect(buildIdCard('370212', '19900101', '123')).toBe('37021219900101123X');
  });
});

describe('masking', () => {
  it('masks as the district displays personal data', () => {
    expect(maskIdNumber('37021219900101123X')).toBe('370***********123X');
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPersonName('张三丰')).toBe('张**');
  });
});
