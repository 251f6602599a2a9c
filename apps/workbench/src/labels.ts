/**
 * 文案 — every label the page shows, Chinese first, English second, in one place: the code tables
 * of the API (departments, states, statuses, topics) and the page's own words.
 */
export const bi = (zh: string, en: string) => `${zh} ${en}`;

/** 部门 — the departments, as building staff name them. */
export const DEPARTMENT_LABELS: Record<string, { zh: string; en: string }> = {
  MARKET: { zh: '市场监管', en: 'Market registration' },
  TAX: { zh: '税务', en: 'Tax' },
  MEDICAL_INSURANCE: { zh: '医保', en: 'Medical insurance' },
  REAL_ESTATE: { zh: '不动产登记', en: 'Real estate' },
  SERVICES: { zh: '楼宇服务', en: 'Building services' },
};
export const departmentLabel = (d: string) => (DEPARTMENT_LABELS[d] ? `${DEPARTMENT_LABELS[d].zh} ${DEPARTMENT_LABELS[d].en}` : d);

/** 登记状态 — registration statuses (RegistrationStatus). */
export const REGISTRATION_STATUS: Record<string, string> = {
  EXISTING: '存续 Existing',
  LIQUIDATING: '清算 Liquidating',
  MOVED_IN: '迁入 Moved in',
  MOVED_OUT: '迁出 Moved out',
  DEREGISTERED: '注销 Deregistered',
  ANNULLED: '撤销 Annulled',
  REVOKED_DEREGISTERED: '吊销已注销 Revoked, deregistered',
  REVOKED_NOT_DEREGISTERED: '吊销未注销 Revoked',
};

/** 纳税人状态 — taxpayer statuses (TaxpayerStatus). */
export const TAXPAYER_STATUS: Record<string, string> = {
  NORMAL: '正常 Normal',
  ABNORMAL: '非正常 Abnormal',
  ABNORMAL_DEREGISTERED: '非正常注销 Abnormal, deregistered',
  ACCEPTED: '受理 Accepted',
  CROSS_REGION_REPORTED: '报验 Reported',
  CROSS_REGION_CLOSED: '核销报验 Closed',
  DEREGISTERED: '注销 Deregistered',
  LIQUIDATING: '清算 Liquidating',
  OTHER: '其他 Other',
};

/** 参保状态 — medical insurance account statuses. */
export const INSURANCE_STATUS: Record<string, string> = {
  NORMAL: '正常 Normal',
  SUSPENDED: '暂停 Suspended',
  CLOSED: '注销 Closed',
};

/** 诉求状态 — the closed loop's states, in order (RequestState). */
export const REQUEST_STATES: [string, string][] = [
  ['ACCEPTED', '受理 Accepted'],
  ['DISPATCHED', '派单 Dispatched'],
  ['SIGNED', '签收 Signed'],
  ['IN_PROGRESS', '办理 In progress'],
  ['ANSWERED', '答复 Answered'],
  ['CALLED_BACK', '回访 Called back'],
  ['RATED', '评价 Rated'],
  ['CLOSED', '办结 Closed'],
];
export const requestStateLabel = (s: string) => REQUEST_STATES.find(([code]) => code === s)?.[1] ?? s;

/** 办理动作 — the moves, labelled as buttons. */
export const ACTION_LABELS: Record<string, string> = {
  DISPATCH: '派单 Dispatch',
  SIGN: '签收 Sign for',
  START: '办理 Start',
  ANSWER: '答复 Answer',
  CALL_BACK: '回访 Call back',
  CLOSE: '办结 Close',
};

/** 走访议题 — visit topics (VisitTopic), in the code table's order. */
export const VISIT_TOPICS: [string, string][] = [
  ['POLICY', '政策 Policy'],
  ['HIRING', '招工 Hiring'],
  ['FINANCING', '融资 Financing'],
  ['PREMISES', '场地 Premises'],
  ['PERMITS', '审批 Permits'],
  ['OTHER', '其他 Other'],
];
export const topicLabel = (t: string) => VISIT_TOPICS.find(([code]) => code === t)?.[1] ?? t;

/** 不可用原因 — why a department did not answer (extensions.reason). */
export const OUTAGE_REASONS: Record<string, string> = {
  TIMEOUT: '超时 timed out',
  UNREACHABLE: '无法连接 unreachable',
  OUTAGE: '系统停机 down',
  RATE_LIMITED: '限流 rate-limited',
  ERROR: '出错 failed',
  CIRCUIT_OPEN: '暂停调用 paused after failures',
};

/** District time (Asia/Shanghai), as the staff read clocks: 2026-12-07 10:42. */
export function districtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
    .format(d).replaceAll('/', '-');
}
