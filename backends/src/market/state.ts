import { buildUscc } from '@district/common/uscc';
import type { Dataset, Enterprise } from '../dataset/index.ts';
import { orgBody } from '../dataset/enterprises.ts';
import { toAnnualReports, type AnnualReport } from './annual-reports.ts';
import { ENDED, REG_STATE } from './codes.ts';
import {
  toAbnormalEntries, toBranchEntry, toChanges, toRecord, type AbnormalEntry, type BranchEntry, type ChangeEntry, type EnterpriseRecord,
} from './records.ts';

/**
 * The registry's data: the shared dataset, read-only, under an in-memory overlay of the writes
 * made through this system (设立, 变更, 注销). Reads go through `get`, which prefers the overlay,
 * so they see every write; `reset` drops the overlay. Wire records are memoized per USCC and
 * forgotten when that enterprise is written.
 */

interface Derived {
  record?: EnterpriseRecord;
  changes?: ChangeEntry[];
  annualReports?: AnnualReport[];
  abnormal?: AbnormalEntry[];
}

export interface SearchFilter {
  keyword?: string;
  address?: string;
  /** A 登记状态 text or its beginning ("存续", "吊销" ...). */
  status?: string;
  entType?: string;
}

/** Organisation-code bodies for new enterprises start here, far beyond any index the dataset uses. */
const FIRST_NEW_INDEX = 10_000_000;

export class MarketState {
  private overlay = new Map<string, Enterprise>();
  private memo = new Map<string, Derived>();
  /** All USCCs in ascending order: the stable order of search results. */
  private sorted: string[];
  private readonly baseSorted: string[];
  private branchesOf: Map<string, string[]>;
  private readonly baseBranchesOf: Map<string, string[]>;
  private nameIndex?: Map<string, string>;
  private nextIndex = FIRST_NEW_INDEX;
  private licenceSeq = 0;

  constructor(readonly dataset: Dataset) {
    this.baseSorted = dataset.enterprises.map((e) => e.uscc).sort();
    this.sorted = [...this.baseSorted];
    this.baseBranchesOf = new Map();
    for (const e of dataset.enterprises) {
      if (e.parentUscc) this.baseBranchesOf.set(e.parentUscc, [...(this.baseBranchesOf.get(e.parentUscc) ?? []), e.uscc]);
    }
    this.branchesOf = new Map(this.baseBranchesOf);
  }

  get(uscc: string): Enterprise | undefined {
    return this.overlay.get(uscc) ?? this.dataset.byUscc.get(uscc);
  }

  private derived(uscc: string): Derived {
    let d = this.memo.get(uscc);
    if (!d) this.memo.set(uscc, (d = {}));
    return d;
  }

  record(e: Enterprise): EnterpriseRecord {
    const d = this.derived(e.uscc);
    return (d.record ??= toRecord(e));
  }

  changes(e: Enterprise): ChangeEntry[] {
    const d = this.derived(e.uscc);
    return (d.changes ??= toChanges(e));
  }

  annualReports(e: Enterprise): AnnualReport[] {
    const d = this.derived(e.uscc);
    return (d.annualReports ??= toAnnualReports(e, this.dataset.seed, this.dataset.asOf));
  }

  abnormalEntries(e: Enterprise): AbnormalEntry[] {
    const d = this.derived(e.uscc);
    return (d.abnormal ??= toAbnormalEntries(e));
  }

  /** Every 分支机构 ever registered under `parent`, closed ones included (the registry keeps them). */
  branchEnterprises(parent: Enterprise): Enterprise[] {
    return (this.branchesOf.get(parent.uscc) ?? []).map((u) => this.get(u)!).sort((a, b) => (a.uscc < b.uscc ? -1 : 1));
  }

  branches(parent: Enterprise): BranchEntry[] {
    return this.branchEnterprises(parent).map(toBranchEntry);
  }

  /** Matches in USCC order; `total` counts all matches, the page slices them. */
  search(filter: SearchFilter, page: number, pageSize: number): { total: number; list: EnterpriseRecord[] } {
    const states = filter.status ? new Set(Object.entries(REG_STATE).filter(([, t]) => t.startsWith(filter.status!)).map(([s]) => s)) : null;
    const from = (page - 1) * pageSize;
    const list: EnterpriseRecord[] = [];
    let total = 0;
    for (const uscc of this.sorted) {
      const e = this.get(uscc)!;
      if (filter.keyword && !e.name.includes(filter.keyword)) continue;
      if (filter.address && !e.address.includes(filter.address)) continue;
      if (states && !states.has(e.status)) continue;
      if (filter.entType && e.typeCode !== filter.entType) continue;
      if (total >= from && list.length < pageSize) list.push(this.record(e));
      total++;
    }
    return { total, list };
  }

  /** The USCC of a live enterprise (not 注销/吊销已注销/撤销/迁出) registered under this exact name, if any. */
  nameHolder(name: string): string | undefined {
    if (!this.nameIndex) {
      this.nameIndex = new Map();
      for (const e of this.dataset.enterprises) if (!ENDED.has(e.status)) this.nameIndex.set(e.name, e.uscc);
      for (const e of this.overlay.values()) this.indexName(e);
    }
    const uscc = this.nameIndex.get(name);
    const holder = uscc ? this.get(uscc) : undefined;
    return holder && holder.name === name && !ENDED.has(holder.status) ? holder.uscc : undefined;
  }

  private indexName(e: Enterprise): void {
    if (this.nameIndex && !ENDED.has(e.status)) this.nameIndex.set(e.name, e.uscc);
  }

  /** Records a write: a new enterprise or a new version of an existing one. */
  put(e: Enterprise): void {
    const isNew = !this.get(e.uscc);
    this.overlay.set(e.uscc, e);
    this.memo.delete(e.uscc);
    this.indexName(e);
    if (!isNew) return;
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid] < e.uscc) lo = mid + 1;
      else hi = mid;
    }
    this.sorted.splice(lo, 0, e.uscc);
    if (e.parentUscc) this.branchesOf.set(e.parentUscc, [...(this.branchesOf.get(e.parentUscc) ?? []), e.uscc]);
  }

  /** A fresh, valid USCC for a new 企业 ('1') or 农民专业合作社 ('3'), unused in the dataset and overlay. */
  newUscc(classDigit: '1' | '3'): string {
    for (;;) {
      const uscc = buildUscc('9', classDigit, '370212', orgBody(this.nextIndex++, true));
      if (!this.get(uscc)) return uscc;
    }
  }

  /** 营业执照编号: this system's serial, region + issue date + sequence. */
  newLicenceNo(issuedOn: string): string {
    return `370212${issuedOn.replaceAll('-', '')}${String(++this.licenceSeq).padStart(6, '0')}`;
  }

  reset(): void {
    this.overlay.clear();
    this.memo.clear();
    this.sorted = [...this.baseSorted];
    this.branchesOf = new Map(this.baseBranchesOf);
    this.nameIndex = undefined;
    this.nextIndex = FIRST_NEW_INDEX;
    this.licenceSeq = 0;
  }
}
