import type { Dataset } from '@district/dataset';
import { IdempotencyStore } from '../sim/idempotency.ts';
import { EMP_INSU_STAS, FSI_ERROR } from './codes.ts';
import { allocateEmpNo, empNoIndex } from './emp-no.ts';
import { FsiFailure, type FsiResponse } from './envelope.ts';
import type { EmployerKey } from './input.ts';
import { deriveEmployer, type EmployerRecord } from './records.ts';

/**
 * What the platform holds: the derived records (read-only, from the dataset) under an in-memory
 * overlay of the writes made since start (3301–3303). Reads look at the overlay first, so they see
 * every write; `reset` forgets the writes and the remembered msgids.
 */
export class EmployerStore {
  private readonly overlay = new Map<string, EmployerRecord>();
  /** emp_no → USCC for employers registered here whose USCC is not in the dataset. */
  private readonly extraEmpNos = new Map<string, string>();
  /** Replies to writes by msgid (发送方报文ID). */
  readonly messages = new IdempotencyStore<FsiResponse>();

  constructor(private readonly dataset: Dataset) {}

  byUscc(uscc: string): EmployerRecord | null {
    const written = this.overlay.get(uscc);
    if (written) return written;
    const enterprise = this.dataset.byUscc.get(uscc);
    return enterprise ? deriveEmployer(enterprise, this.dataset) : null;
  }

  private usccOfEmpNo(empNo: string): string | undefined {
    return this.extraEmpNos.get(empNo) ?? empNoIndex(this.dataset).byEmpNo.get(empNo);
  }

  /**
   * The employer a call names, or null when it is not on file. When both keys are given they must
   * name the same employer: silently preferring one would hide an adapter's mix-up.
   */
  find(key: EmployerKey): EmployerRecord | null {
    const viaEmpNo = key.emp_no ? this.usccOfEmpNo(key.emp_no) : undefined;
    if (key.uscc && key.emp_no) {
      const record = this.byUscc(key.uscc);
      if (record?.emp_no !== key.emp_no && viaEmpNo !== key.uscc) {
        throw new FsiFailure(FSI_ERROR.badRequest, `参数校验失败：单位编号 emp_no ${key.emp_no} 与统一社会信用代码 uscc ${key.uscc} 不属于同一单位`);
      }
      return record;
    }
    if (key.uscc) return this.byUscc(key.uscc);
    return viaEmpNo ? this.byUscc(viaEmpNo) : null;
  }

  /** A registered (正常 or 暂停) employer, else the refusal a write gives. */
  registered(key: EmployerKey): EmployerRecord {
    const record = this.find(key);
    const who = key.uscc ?? key.emp_no;
    if (!record) throw new FsiFailure(FSI_ERROR.notRegistered, `单位未参保登记：${who}`);
    if (record.emp_insu_stas === '3') {
      throw new FsiFailure(FSI_ERROR.conflict, `单位已于 ${record.stas_chg_date} ${EMP_INSU_STAS['3']}（单位编号 ${record.emp_no}），不能办理该业务`);
    }
    return record;
  }

  /** The 单位编号 for a USCC: the one reserved in the dataset, else a fresh one. */
  empNoFor(uscc: string): string {
    const reserved = empNoIndex(this.dataset).byUscc.get(uscc);
    if (reserved) return reserved;
    const taken = [...this.extraEmpNos.entries()].find(([, u]) => u === uscc)?.[0];
    if (taken) return taken;
    const empNo = allocateEmpNo(uscc, (n) => empNoIndex(this.dataset).byEmpNo.has(n) || this.extraEmpNos.has(n));
    this.extraEmpNos.set(empNo, uscc);
    return empNo;
  }

  save(record: EmployerRecord): void {
    this.overlay.set(record.uscc, record);
  }

  reset(): void {
    this.overlay.clear();
    this.extraEmpNos.clear();
    this.messages.clear();
  }
}

/** A writable copy of a (possibly frozen, derived) record. */
export const editable = (record: EmployerRecord): EmployerRecord => structuredClone(record);
