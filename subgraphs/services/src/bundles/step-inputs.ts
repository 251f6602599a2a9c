import type { StepKey, StepResult } from './definitions.ts';

/**
 * Each step's department input, from the one form (一套表单) and what earlier steps produced (the
 * USCC from 设立登记, the 清税证明 for 注销登记). Absent fields are left out.
 */
export function stepInput(key: StepKey, form: Record<string, any>, results: StepResult, bundleId?: string): Record<string, unknown> {
  const uscc = (form.uscc ?? results.uscc) as string | undefined;
  const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
  switch (key) {
    case 'MARKET_ESTABLISH':
      return compact({ name: form.name, typeCode: form.typeCode, address: form.address, legalRepresentative: form.legalRepresentative, registeredCapital: form.registeredCapital, businessScope: form.businessScope });
    case 'TAX_CONFIRM':
      // The bureau needs the representative's ID number; a new enterprise starts as a small-scale VAT taxpayer.
      return compact({ uscc, name: form.name, legalRepresentativeName: form.legalRepresentative?.name, legalRepresentativeIdNumber: form.legalRepresentative?.idNumber, address: form.address, taxpayerKind: form.taxpayerKind ?? 'SMALL_SCALE' });
    case 'INSURANCE_REGISTER':
      // The platform requires the representative's phone (collected on the one form).
      return compact({ uscc, name: form.name, address: form.address, legalRepresentative: form.legalRepresentative && compact({ name: form.legalRepresentative.name, idNumber: form.legalRepresentative.idNumber, phone: form.legalRepresentative.phone }) });
    case 'MARKET_CHANGE':
      return compact({ uscc, name: form.newName, address: form.newAddress, legalRepresentative: form.newLegalRepresentative, businessScope: form.newBusinessScope });
    case 'INSURANCE_CHANGE':
      return compact({ uscc, name: form.newName, address: form.newAddress });
    case 'REAL_ESTATE_RENAME':
      // 变更依据: the market registry's approval of the name change, made by the MARKET_CHANGE step of
      // this bundle; it returns no notice number of its own, so the case number (办件编号) stands for it.
      return compact({ uscc, newName: form.newName, evidence: { documentNo: bundleId ?? `${uscc}-${results.changedOn ?? ''}`, documentName: '准予变更登记通知书', approvedOn: results.changedOn } });
    case 'TAX_CLEARANCE':
      return { uscc };
    case 'INSURANCE_CLOSE':
      return compact({ uscc, reason: form.reason });
    case 'MARKET_DEREGISTER':
      return compact({ uscc, path: form.path, taxClearanceNo: results.taxClearanceNo, reason: form.reason });
  }
}
