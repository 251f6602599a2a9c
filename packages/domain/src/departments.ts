/** 部门: the department a piece of data or an error comes from (GraphQL enum `Department`). */
export const DEPARTMENTS = ['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE', 'SERVICES'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const DEPARTMENT_LABELS: Record<Department, string> = {
  MARKET: '市场监管 (market registration)',
  TAX: '税务 (tax)',
  MEDICAL_INSURANCE: '医保 (medical insurance)',
  REAL_ESTATE: '不动产登记 (real estate)',
  SERVICES: '政务服务 (bundled services)',
};

/**
 * The department a subgraph's data and failures are reported under: the one it is known to wrap,
 * else its name upper-cased with dashes as underscores (real-estate → REAL_ESTATE).
 */
export const departmentOfSubgraph = (subgraph: string, known: Readonly<Record<string, string>> = {}): string =>
  known[subgraph] ?? subgraph.toUpperCase().replaceAll('-', '_');
