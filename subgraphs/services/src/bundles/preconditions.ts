import { randomUUID } from 'node:crypto';
import { DEPARTMENT_LABELS, checkEnterpriseName, preconditionFailed } from '@district/domain';
import type { FactsRead } from '../audit/records.ts';
import { DepartmentsUnavailableError, EXIT_FIELDS, NAME_SEARCH_FIELDS, REGISTRATION_FIELDS, type DepartmentFacts } from '../departments/facts.ts';
import type { CalledDepartment } from './definitions.ts';
import { FACT_DEPARTMENT, judgeExit, type ExitFacts, type ExitPath, type ExitRepresentation } from './readiness.ts';
import { formRefused, nameProblems, type Submission } from './form.ts';

/**
 * 前置条件核验: the departments' preconditions checked before a bundle is accepted (一次告知), so
 * the window hears every reason at once and nothing is stored for a bundle that cannot succeed.
 * A department can still refuse a step later (its facts may change in between); the worker
 * handles that as before.
 *
 * - DEREGISTRATION: the facts and the judgement of Enterprise.exitReadiness (readiness.ts), for the
 *   path applied for; every blocker is one reason naming its department. Strict: a department that
 *   cannot be read refuses the submission (DEPARTMENT_UNAVAILABLE).
 * - CHANGE: the enterprise is registered in a status that allows a change (not 注销 / 吊销 …), and a
 *   new name is not held by another enterprise. Strict, one market read. The same read gives the
 *   registered 企业类型, against which a new name's 组织形式 is judged (a form problem:
 *   BAD_USER_INPUT, like the rest of the name's rules checked before any read).
 * - OPENING: the name is not already registered. Best effort: when the registry cannot be read the
 *   opening is accepted, since 设立登记 checks the name itself and accepting durably is the point.
 */
export interface Blocking {
  department: CalledDepartment;
  /** A readiness blocker code, or NO_RECORD / UNCONFIRMED / NOT_REGISTERED / STATUS / NAME_TAKEN. */
  code: string;
  reason: string;
}

/** One reason per blocker, naming the department: "税务 (tax): 存在欠税… — tax arrears…". */
const named = (b: Blocking): Blocking => ({ ...b, reason: `${DEPARTMENT_LABELS[b.department]}: ${b.reason}` });

/** Registration statuses in which the registry accepts 变更登记 (not ended, not 吊销). */
const CHANGEABLE = new Set(['EXISTING', 'MOVED_IN', 'LIQUIDATING']);

const PARTS: Record<CalledDepartment, keyof ExitRepresentation> = { MARKET: 'registration', TAX: 'tax', MEDICAL_INSURANCE: 'medicalInsurance', REAL_ESTATE: 'realEstate' };

/** Why facts are unknown, per department: the department has no record at all, or left some unanswered. */
function unknownBlockings(rep: ExitRepresentation, unknown: string[]): Blocking[] {
  const by = new Map<CalledDepartment, string[]>();
  for (const fact of unknown) {
    const d = FACT_DEPARTMENT[fact as keyof ExitFacts];
    by.set(d, [...(by.get(d) ?? []), fact]);
  }
  return [...by].map(([department, facts]) => {
    if (rep[PARTS[department]] == null) {
      return named({
        department, code: 'NO_RECORD',
        reason: department === 'MARKET'
          ? '没有以该统一社会信用代码登记的企业 — no enterprise is registered under this USCC'
          : '没有该企业的记录，无法确认注销条件 — holds no record of this enterprise, so its preconditions cannot be confirmed',
      });
    }
    return named({ department, code: 'UNCONFIRMED', reason: `未能确认 ${facts.join(', ')} — ${facts.join(', ')} could not be confirmed` });
  });
}

/**
 * What stands in the way of deregistering by `path`, judged exactly as exitReadiness judges it:
 * the blockers of that path, then the facts that could not be confirmed (which exitReadiness
 * also counts against both paths).
 */
export function exitBlockings(rep: ExitRepresentation, path: ExitPath): { allowed: boolean; blockings: Blocking[]; unknown: string[] } {
  const r = judgeExit(rep);
  const allowed = path === 'SIMPLIFIED' ? r.simplifiedAllowed : r.generalAllowed;
  const blockings = [
    ...r.blockers.filter((b) => b.blocks.includes(path)).map((b) => named({ department: b.department, code: b.code, reason: b.reason })),
    ...unknownBlockings(rep, r.unknown),
  ];
  return { allowed, blockings, unknown: r.unknown };
}

/** The enterprises a name search read: every namesake it was shown (at least the holder found). */
const namesakesOf = (r: { nameHolder: string | null; namesakes?: string[] }) => [...new Set([...(r.namesakes ?? []), ...(r.nameHolder ? [r.nameHolder] : [])])];

function refuse(what: string, blockings: Blocking[], extra: Record<string, unknown> = {}): never {
  const reasons = blockings.map((b) => b.reason);
  throw preconditionFailed(`${what}: ${reasons.join('; ')}`, reasons, { blockers: blockings, ...extra });
}

/**
 * Runs one department read of a check and reports what it read to `onRead`, once, whether it
 * answered or not: a read that failed was still an attempt on the enterprise's data.
 */
async function reading<T>(read: FactsRead, onRead: ((read: FactsRead) => void) | undefined, call: () => Promise<T>, subjectsOf: (answer: T) => string[] = () => []): Promise<T> {
  try {
    const answer = await call();
    read.subjects.push(...subjectsOf(answer));
    return answer;
  } catch (error) {
    read.unavailable = error instanceof DepartmentsUnavailableError ? [...new Set(error.failures.map((f) => f.department))] : [...read.departments];
    throw error;
  } finally {
    onRead?.(read);
  }
}

const newRead = (departments: CalledDepartment[], fields: readonly string[], subjects: string[]): FactsRead =>
  ({ requestId: randomUUID(), at: new Date().toISOString(), departments, fields: [...new Set(fields)], subjects, unavailable: [] });

/**
 * Throws PRECONDITION_FAILED (every reason) or DEPARTMENT_UNAVAILABLE; returns when the bundle may
 * go ahead. `onRead` hears what the check read of the departments (once; not at all when it read
 * nothing), before it is judged.
 */
export async function checkPreconditions(facts: DepartmentFacts, s: Submission, onRead?: (read: FactsRead) => void): Promise<void> {
  if (s.kind === 'DEREGISTRATION') {
    const path = s.form.path as ExitPath;
    const departments = Object.keys(EXIT_FIELDS) as CalledDepartment[];
    const read = newRead(departments, departments.flatMap((d) => EXIT_FIELDS[d]), [s.uscc!]);
    const representation = await reading(read, onRead, () => facts.exitFacts(s.uscc!, read.requestId));
    const { allowed, blockings, unknown } = exitBlockings(representation, path);
    if (!allowed) refuse(`注销条件不满足 — deregistration (${path}) cannot go ahead`, blockings, { path, unknown });
    return;
  }
  if (s.kind === 'CHANGE') {
    const newName = s.form.newName as string | undefined;
    const read = newRead(['MARKET'], [...REGISTRATION_FIELDS, ...(newName ? NAME_SEARCH_FIELDS : [])], [s.uscc!]);
    const { registrationStatus, typeCode, nameHolder } = await reading(read, onRead, () => facts.registry({ uscc: s.uscc!, name: newName }, read.requestId), namesakesOf);
    const blockings: Blocking[] = [];
    if (!registrationStatus) blockings.push(named({ department: 'MARKET', code: 'NOT_REGISTERED', reason: '没有以该统一社会信用代码登记的企业 — no enterprise is registered under this USCC' }));
    else if (!CHANGEABLE.has(registrationStatus)) {
      blockings.push(named({ department: 'MARKET', code: 'STATUS', reason: `登记状态为 ${registrationStatus}，不能办理变更登记 — the registration status ${registrationStatus} does not allow a change` }));
    }
    if (nameHolder && nameHolder !== s.uscc) blockings.push(named({ department: 'MARKET', code: 'NAME_TAKEN', reason: '新名称已被其他企业登记 — the new name is already registered to another enterprise' }));
    if (blockings.length) refuse('变更条件不满足 — the change cannot go ahead', blockings);
    if (newName && typeCode) {
      const problems = nameProblems('newName', checkEnterpriseName(newName, typeCode));
      if (problems.length) throw formRefused(problems);
    }
    return;
  }
  let nameHolder: string | null;
  const read = newRead(['MARKET'], NAME_SEARCH_FIELDS, []);
  try {
    ({ nameHolder } = await reading(read, onRead, () => facts.registry({ name: s.form.name as string }, read.requestId), namesakesOf));
  } catch (error) {
    // The registry checks the name itself at 设立登记; an outage now should not turn the window away.
    if (error instanceof DepartmentsUnavailableError) return;
    throw error;
  }
  if (nameHolder) refuse('开办条件不满足 — the opening cannot go ahead', [named({ department: 'MARKET', code: 'NAME_TAKEN', reason: '企业名称已被登记 — the name is already registered' })]);
}
