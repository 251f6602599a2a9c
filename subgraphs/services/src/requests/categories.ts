import type { Department } from '@district/domain';

/**
 * 诉求分类 — the code table of request categories: each routes a request to the department that
 * answers for it (SERVICES: the building's own 楼小二 handle it) and sets its time limit in working
 * days (calendar.ts). Local limits vary, ordinary items often 2–7 working days (domain.md §4.5 ✖),
 * so these are the district's choices, kept here as data.
 */
export interface RequestCategory {
  code: string;
  label: string;
  department: Department;
  limitWorkingDays: number;
}

export const REQUEST_CATEGORIES = [
  { code: 'REGISTRATION', label: '登记注册 — registration and changes', department: 'MARKET', limitWorkingDays: 5 },
  { code: 'TAX', label: '税费办理 — taxes and invoices', department: 'TAX', limitWorkingDays: 5 },
  { code: 'MEDICAL_INSURANCE', label: '医保参保 — medical insurance', department: 'MEDICAL_INSURANCE', limitWorkingDays: 5 },
  { code: 'PREMISES', label: '房产产权 — premises and property titles', department: 'REAL_ESTATE', limitWorkingDays: 7 },
  { code: 'POLICY', label: '政策咨询 — policy questions', department: 'SERVICES', limitWorkingDays: 3 },
  { code: 'HIRING', label: '招工用工 — hiring', department: 'SERVICES', limitWorkingDays: 5 },
  { code: 'FINANCING', label: '融资需求 — financing', department: 'SERVICES', limitWorkingDays: 7 },
  { code: 'OTHER', label: '其他 — anything else', department: 'SERVICES', limitWorkingDays: 5 },
] as const satisfies readonly RequestCategory[];

export type RequestCategoryCode = (typeof REQUEST_CATEGORIES)[number]['code'];
export const categoryOf = (code: unknown): RequestCategory | undefined => REQUEST_CATEGORIES.find((c) => c.code === code);
