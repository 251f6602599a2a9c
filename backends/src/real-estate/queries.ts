import type { Dataset } from '@district/dataset';
import { checkUscc, describeUsccProblem } from '@district/domain';
import { CODES, MAX_BATCH } from './codes.ts';
import { holderOfUnit } from './records.ts';
import { describeUnitNumberProblem } from './unit-number.ts';
import { holderXml, unitXml } from './serialize.ts';
import type { RegistryState } from './state.ts';
import { RegistryError, text } from './xml.ts';

/** The two batch reads: rights by holder (CX_QLXX) and units by number (CX_BDCDY). */

export interface QueryContext {
  dataset: Dataset;
  state: RegistryState;
}

/** The repeated element's values, refusing an empty or oversized batch. Over 20 is refused whole, never truncated. */
function batch(body: Record<string, unknown>, element: string): string[] {
  const raw = body[element];
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v, i) => text(v, `Body/${element}[${i + 1}]`).trim());
  if (values.length === 0) throw new RegistryError(CODES.BAD_PARAMETER, `Body/${element} 至少填写一个 (at least one <${element}> is required)`);
  if (values.length > MAX_BATCH) throw new RegistryError(CODES.BATCH_TOO_LARGE, `本次${values.length}个${element} (${values.length} given, at most ${MAX_BATCH} per request)`);
  return values;
}

/** Holders are answered once each, in the order first asked. */
const distinct = (values: string[]): string[] => [...new Set(values)];

export function queryRights(ctx: QueryContext, body: Record<string, unknown>): Record<string, unknown> {
  const zjhs = batch(body, 'ZJH');
  zjhs.forEach((zjh, i) => {
    if (!zjh) throw new RegistryError(CODES.BAD_PARAMETER, `ZJH[${i + 1}] 为空 (empty certificate number)`);
    const verdict = checkUscc(zjh);
    if (!verdict.valid) throw new RegistryError(CODES.BAD_PARAMETER, `ZJH[${i + 1}] "${zjh}": ${describeUsccProblem(zjh, verdict.problem!)}`);
  });
  // A holder with no rights, or unknown to the register, still gets its own (empty) entry.
  return { QLRLIST: { QLR: distinct(zjhs).map((zjh) => holderXml(zjh, ctx.state.holdings(zjh))) } };
}

export function queryUnits(ctx: QueryContext, body: Record<string, unknown>): Record<string, unknown> {
  const numbers = batch(body, 'BDCDYH');
  numbers.forEach((no, i) => {
    const problem = describeUnitNumberProblem(no);
    if (problem) throw new RegistryError(CODES.BAD_PARAMETER, `BDCDYH[${i + 1}]: ${problem}`);
  });
  const found: Record<string, unknown>[] = [];
  const missing: string[] = [];
  for (const no of distinct(numbers)) {
    const uscc = holderOfUnit(ctx.dataset, no);
    const holdings = uscc ? ctx.state.holdings(uscc) : undefined;
    const unit = holdings?.units.find((u) => u.unitNo === no);
    if (unit && holdings) found.push(unitXml(unit, holdings));
    else missing.push(no);
  }
  if (found.length === 0) throw new RegistryError(CODES.NOT_FOUND, `不动产单元号 ${missing.join(', ')} 均无登记记录 (none of the units is registered)`);
  // Numbers the register does not know are listed under WJL (无记录) rather than failing the batch.
  return { BDCDYLIST: { BDCDY: found }, WJL: missing.length ? { BDCDYH: missing } : '' };
}
