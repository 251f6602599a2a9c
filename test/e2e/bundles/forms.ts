import type { Stack } from '../../src/stack.ts';

/** A number in Chinese digits (一二〇): a 企业名称 holds no Arabic digits. */
export const chineseDigits = (n: number) => [...String(n)].map((d) => '〇一二三四五六七八九'[Number(d)]).join('');

/** The one opening form (一套表单) the bundle tests submit; a fresh name each time unless given. */
let seq = 0;
export const openingForm = (key: string, name = `青岛崂山测试${chineseDigits(++seq)}号科技有限公司`) => ({
  idempotencyKey: key, name, typeCode: '1130', registeredCapital: '1000000.00', address: '山东省青岛市崂山区海尔路1号',
  businessScope: '软件开发；信息技术咨询服务', legalRepresentative: { name: '张三', idNumber: '370212198001011235', phone: '13800000001' },
});

/** Department write requests since the last stats reset, by write route (the stand-ins' own counters). */
export function backendWrites(stack: Stack) {
  const by = (d: keyof Stack['backends']['sims']) => stack.backends.sims[d].stats().byRoute as Record<string, number>;
  const m = by('market'), t = by('tax'), i = by('medical-insurance');
  return {
    marketEstablish: m['enterprise.establish'] ?? 0, marketChange: m['enterprise.change'] ?? 0, marketDeregister: m['enterprise.deregister'] ?? 0,
    taxConfirm: t['SWZJ.HXZG.DJ.XBNSRXXQR'] ?? 0, taxClearance: t['SWZJ.HXZG.ZX.QSSB'] ?? 0,
    insuranceRegister: i['infno.3301'] ?? 0, insuranceChange: i['infno.3302'] ?? 0, insuranceClose: i['infno.3303'] ?? 0,
    realEstate: by('real-estate').exchange ?? 0,
  };
}
