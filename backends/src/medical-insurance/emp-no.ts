import { hash32, type Dataset } from '@district/dataset';

/**
 * 单位编号 (emp_no): the platform's own key for an employer. Its national format is unverified
 * (domain.md §1.5 ✖), so it is opaque here: "37021200" + 8 digits, chosen from a hash of the USCC
 * so it is stable per USCC, with linear probing so no two employers share one. Every enterprise in
 * the dataset has a number reserved, registered or not, so a later 3301 gets the same one each run.
 */

const PREFIX = '37021200';
const SPACE = 100_000_000;

interface EmpNoIndex {
  byUscc: Map<string, string>;
  byEmpNo: Map<string, string>;
}

const indexes = new WeakMap<Dataset, EmpNoIndex>();

const candidate = (uscc: string): number => hash32(`emp_no|${uscc}`) % SPACE;
const format = (n: number): string => PREFIX + String(n).padStart(8, '0');

/** The first free number for `uscc`, given a predicate for numbers already taken. */
export function allocateEmpNo(uscc: string, taken: (empNo: string) => boolean): string {
  let n = candidate(uscc);
  while (taken(format(n))) n = (n + 1) % SPACE;
  return format(n);
}

/** Reserved numbers for every enterprise of the dataset, built once per dataset. */
export function empNoIndex(dataset: Dataset): EmpNoIndex {
  let index = indexes.get(dataset);
  if (!index) {
    index = { byUscc: new Map(), byEmpNo: new Map() };
    // Sorted, so which of two colliding USCCs probes further does not depend on generation order.
    for (const uscc of [...dataset.byUscc.keys()].sort()) {
      const empNo = allocateEmpNo(uscc, (n) => index!.byEmpNo.has(n));
      index.byUscc.set(uscc, empNo);
      index.byEmpNo.set(empNo, uscc);
    }
    indexes.set(dataset, index);
  }
  return index;
}
