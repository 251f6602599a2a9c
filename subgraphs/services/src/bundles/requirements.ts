import type { BundleKind } from './definitions.ts';

/**
 * 一次告知: the one notice an applicant gets before submitting — materials, preconditions and the
 * expected duration. Durations are the district's targets (✖ unverified, domain.md §6); they live
 * here, in one place, so they can be corrected without touching the orchestrator.
 */
export interface BundleRequirements {
  kind: BundleKind;
  title: string;
  materials: string[];
  preconditions: string[];
  /** Expected working days from acceptance to completion. */
  expectedWorkingDays: number;
  /** What the applicant receives at the end (一窗发证). */
  results: string[];
}

export const REQUIREMENTS: Record<BundleKind, BundleRequirements> = {
  OPENING: {
    kind: 'OPENING',
    title: '企业开办一件事 — opening an enterprise',
    materials: ['设立登记申请书（一套表单） — the merged application form', '法定代表人及股东身份证明 — identity of the legal representative and shareholders', '住所使用证明 — proof of the right to use the address', '公司章程 — articles of association'],
    preconditions: ['名称自主申报通过 — the name is declared and free', '法定代表人实名认证 — the legal representative passed real-name verification'],
    expectedWorkingDays: 0.5,
    results: ['营业执照（纸质及电子） — business licence, paper and electronic', '统一社会信用代码 — USCC', '新办纳税人信息确认及发票额度 — taxpayer confirmation and invoice quota', '单位参保登记 — employer insurance registration'],
  },
  CHANGE: {
    kind: 'CHANGE',
    title: '企业信息变更一件事 — changing an enterprise\'s registration',
    materials: ['变更登记申请书 — change application', '变更决议或决定 — the resolution deciding the change', '新住所使用证明（变更住所时） — proof of the new address, when it changes'],
    preconditions: ['企业处于存续状态（未注销、未吊销） — the enterprise exists (not deregistered or revoked)', '变更名称须先完成名称申报 — a new name must be declared first', '变更法定代表人须实名认证 — a new legal representative must pass real-name verification'],
    expectedWorkingDays: 3,
    results: ['换发营业执照 — the new licence', '医保单位信息变更 — insurance employer record updated', '不动产权利人名称变更（持有不动产且更名时） — property holder renamed, when it holds property and changes its name'],
  },
  DEREGISTRATION: {
    kind: 'DEREGISTRATION',
    title: '企业注销一件事 — closing an enterprise',
    materials: ['注销登记申请书 — deregistration application', '全体投资人承诺书（简易注销） — all investors\' undertaking (simplified path)', '清算报告（一般注销） — liquidation report (general path)'],
    preconditions: ['无欠税、滞纳金及罚款 — no tax arrears, late fees or fines', '医保无欠费 — no medical-insurance arrears', '不动产未被查封 — no property under seizure', '分支机构已注销 — branches closed', '未列入经营异常名录（简易注销） — not on the abnormal-operation list (simplified path)', '非正常户须先解除 — an abnormal taxpayer must be restored first', '名下无不动产（简易注销） — no property held (simplified path)', '未被吊销营业执照、非上市股份公司（简易注销） — licence not revoked, not a listed company (simplified path)', '以上各项在受理前向各部门核验 — each is checked with the departments before the bundle is accepted'],
    expectedWorkingDays: 20,
    results: ['准予注销登记通知书 — deregistration approval', '清税证明（税务事项通知书） — tax clearance certificate', '医保单位注销结果 — insurance closure'],
  },
};
