import { checkUscc, describeUsccProblem } from '@district/domain';
import { toDays } from '@district/dataset/dates';
import { CODES } from './codes.ts';
import type { RegistryState } from './state.ts';
import { RegistryError, text } from './xml.ts';

/**
 * 权利人名称变更登记 (DJ_QLRMCBG): a holder that changed its name at 市场监管 applies to have the
 * register show the new name. The registry checks the evidence's form and that the stated old name
 * is the one on its register; it does not consult 市场监管 itself (the applicant brings the evidence).
 */

export interface NameChangeRequest {
  zjh: string;
  newName: string;
  /** 原权利人名称, optional: when given it must be the name on the register. */
  oldName: string;
  /** 变更依据: 文件名称, 文件编号, 核准日期. */
  evidence: { title: string; number: string; approvedOn: string };
}

const MAX_NAME = 100;

/** Reads and checks the Body; every refusal names the element and why (2002). */
export function readNameChange(body: Record<string, unknown>, today: string): NameChangeRequest {
  const bad = (detail: string) => new RegistryError(CODES.BAD_PARAMETER, detail);
  const zjhs = Array.isArray(body.ZJH) ? body.ZJH : [];
  if (zjhs.length !== 1) throw bad(`Body/ZJH 必须且只能填写一个 (exactly one <ZJH> is required, got ${zjhs.length})`);
  const zjh = text(zjhs[0], 'Body/ZJH').trim();
  const verdict = checkUscc(zjh);
  if (!verdict.valid) throw bad(`ZJH "${zjh}": ${describeUsccProblem(zjh, verdict.problem!)}`);

  const newName = text(body.XQLRMC, 'Body/XQLRMC').trim();
  if (!newName) throw bad('Body/XQLRMC (新权利人名称) 不能为空');
  if ([...newName].length > MAX_NAME) throw bad(`Body/XQLRMC (新权利人名称) 超过${MAX_NAME}字`);
  if (/[\u0000-\u001f]/.test(newName)) throw bad('Body/XQLRMC (新权利人名称) 含有控制字符');
  const oldName = text(body.YQLRMC, 'Body/YQLRMC').trim();

  const evidence = body.BGYJ;
  if (typeof evidence !== 'object' || evidence === null || Array.isArray(evidence)) {
    throw bad('Body/BGYJ (变更依据) 必须提供，含 WJMC、WJBH、HZRQ (the change evidence is required)');
  }
  const ev = evidence as Record<string, unknown>;
  const title = text(ev.WJMC, 'BGYJ/WJMC').trim() || '准予变更登记通知书';
  const number = text(ev.WJBH, 'BGYJ/WJBH').trim();
  if (!number) throw bad('BGYJ/WJBH (变更依据文件编号) 不能为空');
  const approvedOn = text(ev.HZRQ, 'BGYJ/HZRQ').trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(approvedOn) || Number.isNaN(toDays(approvedOn)) || new Date(approvedOn + 'T00:00:00Z').toISOString().slice(0, 10) !== approvedOn) {
    throw bad(`BGYJ/HZRQ (核准日期) "${approvedOn}" 须为 yyyy-MM-dd 格式的有效日期`);
  }
  if (approvedOn > today) throw bad(`BGYJ/HZRQ (核准日期) ${approvedOn} 晚于当前日期 ${today}`);
  return { zjh, newName, oldName, evidence: { title, number, approvedOn } };
}

/** Registers the change, or refuses it in the register's terms (4004, 3002, 3003). */
export function registerNameChange(state: RegistryState, req: NameChangeRequest, at: { date: string; time: string }): Record<string, unknown> {
  const holdings = state.holdings(req.zjh);
  const current = holdings?.rights.filter((r) => r.state === '现势') ?? [];
  if (!holdings || current.length === 0) throw new RegistryError(CODES.NOT_FOUND, `证件号 ${req.zjh} 名下无现势产权 (no current rights to change)`);
  if (req.oldName && req.oldName !== holdings.holderName) {
    throw new RegistryError(CODES.EVIDENCE_MISMATCH, `原权利人名称"${req.oldName}"与登记簿记载"${holdings.holderName}"不一致`);
  }
  if (req.newName === holdings.holderName) throw new RegistryError(CODES.NAME_UNCHANGED, `登记簿记载的权利人名称已是"${req.newName}"`);
  const result = state.changeHolderName(req.zjh, req.newName, at);
  return {
    YWH: result.businessNo, ZJH: req.zjh, YQLRMC: result.oldName, QLRMC: req.newName, DJLX: '变更登记', DBSJ: `${at.date} ${at.time}`,
    BGYJ: { WJMC: req.evidence.title, WJBH: req.evidence.number, HZRQ: req.evidence.approvedOn },
    BGQLLIST: { QL: result.replaced.map((r) => ({ BDCDYH: r.unitNo, YBDCQZH: r.oldCertificateNo, BDCQZH: r.newCertificateNo })) },
  };
}
