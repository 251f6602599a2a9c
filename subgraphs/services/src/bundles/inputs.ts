import type { StepKey } from './definitions.ts';
import type { StepResult } from './departments.ts';

/**
 * Each step's department input, from the one form (一套表单) and what earlier steps produced (the
 * USCC from 设立登记, the 清税证明 for 注销登记). Absent fields are left out.
 */
export function stepInput(key: StepKey, form: Record<string, any>, results: StepResult): Record<string, unknown> {
  const uscc = (form.uscc ?? results.uscc) as string | undefined;
  const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
  switch (key) {
    case 'MARKET_ESTABLISH':
      return compact({ name: form.name, typeCode: form.typeCode, address: form.address, legalRepresentative: form.legalRepresentative, registeredCapital: form.registeredCapital, businessScope: form.businessScope });
    case 'TAX_CONFIRM':
      return { uscc };
    case 'INSURANCE_REGISTER':
      return compact({ uscc, name: form.name, address: form.address });
    case 'MARKET_CHANGE':
      return compact({ uscc, name: form.newName, address: form.newAddress, legalRepresentative: form.newLegalRepresentative, businessScope: form.newBusinessScope });
    case 'INSURANCE_CHANGE':
      return compact({ uscc, name: form.newName, address: form.newAddress });
    case 'REAL_ESTATE_RENAME':
      return { uscc, newName: form.newName };
    case 'TAX_CLEARANCE':
    case 'INSURANCE_CLOSE':
      return { uscc };
    case 'MARKET_DEREGISTER':
      return compact({ uscc, path: form.path, taxClearanceNo: results.taxClearanceNo, reason: form.reason });
  }
}
