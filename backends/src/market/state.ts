import { buildUscc } from '@district/domain';
import type { Dataset, Enterprise } from '@district/dataset';
import { orgBody } from '@district/dataset/enterprises';
import { toAnnualReports, type AnnualReport } from './annual-reports.ts';
import { ENDED, REG_STATE } from './codes.ts';
import {
  toAbnormalEntries, toBranchEntry, toChanges, toRecord, type AbnormalEntry, type BranchEntry, type ChangeEntry, type EnterpriseRecord,
} from './records.ts';

/**
 * The registry's data: the shared dataset, never mutated, under an in-memory overlay of the
 * writes made through this system (设立, 变更, 注销). A write puts a new Enterprise object in
 * the enterprise's row, so every read (`get`, search, branches) sees it; `reset` rebuilds the rows
 * from the dataset. Wire records are memoized per USCC and forgotten when that enterprise is written.
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
  /** 楼宇编码: exact match on the building tag. */
  buildingCode?: string;
}

/** Organisation-code bodies for new enterprises start here, far beyond any index the dataset uses. */
const FIRST_NEW_INDEX = 10_000_000;
/** Search results kept for paging through them (a building's 420 enterprises take 5 pages). */
const MATCH_CACHE_SIZE = 64;

/** One enterprise in search order, with flat copies of the searched texts (V8 searches generated, concatenated strings ~7× slower). */
interface Row {
  uscc: string;
  e: Enterprise;
  name: string;
  address: string;
}

const flat = (s: string): string => JSON.parse(JSON.stringify(s));
const rowOf = (e: Enterprise): Row => ({ uscc: e.uscc, e, name: flat(e.name), address: flat(e.address) });

export class MarketState {
  private memo = new Map<string, Derived>();
  /** Every enterprise in ascending USCC order: the stable order of search results. */
  private rows: Row[] = [];
  private rowByUscc = new Map<string, Row>();
  private branchesOf = new Map<string, string[]>();
  private matches = new Map<string, Row[]>();
  private nameIndex?: Map<string, string>;
  private nextIndex = FIRST_NEW_INDEX;
  private licenceSeq = 0;

  constructor(readonly dataset: Dataset) {
    this.reset();
  }

  get(uscc: string): Enterprise | undefined {
    return this.rowByUscc.get(uscc)?.e;
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
    const key = JSON.stringify([filter.keyword, filter.address, filter.status, filter.entType, filter.buildingCode]);
    let found = this.matches.get(key);
    if (!found) {
      const states = filter.status ? new Set(Object.entries(REG_STATE).filter(([, t]) => t.startsWith(filter.status!)).map(([s]) => s)) : null;
      found = this.rows.filter((r) =>
        (!filter.keyword || r.name.includes(filter.keyword)) &&
        (!filter.address || r.address.includes(filter.address)) &&
        (!states || states.has(r.e.status)) &&
        (!filter.entType || r.e.typeCode === filter.entType) &&
        (!filter.buildingCode || r.e.buildingId === filter.buildingCode));
      if (this.matches.size >= MATCH_CACHE_SIZE) this.matches.delete(this.matches.keys().next().value!);
      this.matches.set(key, found);
    }
    const from = (page - 1) * pageSize;
    return { total: found.length, list: found.slice(from, from + pageSize).map((r) => this.record(r.e)) };
  }

  /** The USCC of a live enterprise (not 注销/吊销已注销/撤销/迁出) registered under this exact name, if any. */
  nameHolder(name: string): string | undefined {
    if (!this.nameIndex) {
      this.nameIndex = new Map();
      for (const r of this.rows) if (!ENDED.has(r.e.status)) this.nameIndex.set(r.e.name, r.uscc);
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
    this.memo.delete(e.uscc);
    this.matches.clear();
    this.indexName(e);
    const existing = this.rowByUscc.get(e.uscc);
    if (existing) return void Object.assign(existing, rowOf(e));
    const row = rowOf(e);
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.rows[mid].uscc < e.uscc) lo = mid + 1;
      else hi = mid;
    }
    this.rows.splice(lo, 0, row);
    this.rowByUscc.set(e.uscc, row);
    if (e.parentUscc) this.branchesOf.set(e.parentUscc, [...(this.branchesOf.get(e.parentUscc) ?? []), e.uscc]);
  }

  /** A fresh, valid USCC for a new 企业 ('1') or 农民专业合作社 ('3'), unused so far. */
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

  /** Back to the dataset as generated: every write forgotten. */
  reset(): void {
    this.memo.clear();
    this.matches.clear();
    this.rows = this.dataset.enterprises.map(rowOf).sort((a, b) => (a.uscc < b.uscc ? -1 : 1));
    this.rowByUscc = new Map(this.rows.map((r) => [r.uscc, r]));
    this.branchesOf = new Map();
    for (const e of this.dataset.enterprises) {
      if (e.parentUscc) this.branchesOf.set(e.parentUscc, [...(this.branchesOf.get(e.parentUscc) ?? []), e.uscc]);
    }
    this.nameIndex = undefined;
    this.nextIndex = FIRST_NEW_INDEX;
    this.licenceSeq = 0;
  }
}
