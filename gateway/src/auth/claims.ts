import { DELEGATION_ID, DEPARTMENTS, PURPOSES, ROLES, isValidUscc, type Caller, type Department, type Purpose, type Role } from '@district/domain';
import { quoteInput } from '@district/domain';
import { AuthFailure } from './errors.ts';

/**
 * Token claims → Caller. The role decides which other claims are required and carried:
 * building-staff its buildings, enterprise its USCC, department-officer its department, agent
 * (帮办代办) the delegation it acts under (optional: without one it can only list its own). Claims
 * that do not belong to the role are dropped, never passed on. The purpose (事项编码) and the case
 * (办件编号) may also come from the headers `x-purpose` / `x-case-id`, but only to fill in what the
 * token leaves open: a header naming another purpose or case than the token is refused.
 */
export const TOKEN_ROLES = ROLES.filter((r) => r !== 'system') as Exclude<Role, 'system'>[];
export const PURPOSE_HEADER = 'x-purpose';
export const CASE_HEADER = 'x-case-id';
const BUILDING = /^[A-Z0-9-]{1,32}$/;
const CASE_ID = /^[A-Za-z0-9._:/-]{1,64}$/;
const MAX_BUILDINGS = 200;

const bad = AuthFailure.unauthenticated;

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

function purposeOf(value: unknown, where: string): Purpose {
  if (typeof value !== 'string' || !(PURPOSES as readonly string[]).includes(value)) {
    throw new AuthFailure(400, 'BAD_USER_INPUT', `unknown purpose ${quoteInput(value)} in ${where}; known purposes (事项编码): ${PURPOSES.join(', ')}`);
  }
  return value as Purpose;
}

function caseIdOf(value: unknown, where: string): string {
  if (typeof value !== 'string' || !CASE_ID.test(value)) {
    throw new AuthFailure(400, 'BAD_USER_INPUT', `case id (办件编号) in ${where} must be 1 to 64 letters, digits or ._:/-`);
  }
  return value;
}

/** The caller's identity claims, checked against its role (UNAUTHENTICATED when they do not fit). */
export function identityFromClaims(claims: Record<string, unknown>): Omit<Caller, 'requestId' | 'purpose' | 'caseId'> {
  const { sub, role } = claims;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) throw bad('token has no valid "sub" claim (1 to 128 characters)');
  if (typeof role !== 'string' || !(TOKEN_ROLES as string[]).includes(role)) {
    throw bad(`token "role" claim ${role === undefined ? 'is missing' : `${quoteInput(role)} is not a known role`}; roles: ${TOKEN_ROLES.join(', ')}`);
  }
  const caller: Omit<Caller, 'requestId' | 'purpose' | 'caseId'> = { sub, role: role as Role };
  if (role === 'building-staff') {
    const { buildings } = claims;
    if (!Array.isArray(buildings) || buildings.length === 0) throw bad('a building-staff token must name its buildings (claim "buildings": a non-empty list)');
    if (buildings.length > MAX_BUILDINGS) throw bad(`a building-staff token may name at most ${MAX_BUILDINGS} buildings`);
    for (const b of buildings) if (typeof b !== 'string' || !BUILDING.test(b)) throw bad(`building ${quoteInput(b)} in the token is not a building id`);
    caller.buildings = [...new Set(buildings as string[])];
  } else if (role === 'enterprise') {
    const { uscc } = claims;
    if (typeof uscc !== 'string' || !isValidUscc(uscc)) throw bad('an enterprise token must carry its own valid USCC (claim "uscc")');
    caller.uscc = uscc;
  } else if (role === 'department-officer') {
    const { department } = claims;
    if (typeof department !== 'string' || !(DEPARTMENTS as readonly string[]).includes(department)) {
      throw bad(`a department-officer token must name its department (claim "department": one of ${DEPARTMENTS.join(', ')})`);
    }
    caller.department = department as Department;
  } else if (role === 'agent') {
    // Only the delegation's id: what it covers and for whom the gateway reads per request (delegation.ts).
    const { delegation } = claims;
    if (delegation !== undefined && (typeof delegation !== 'string' || !DELEGATION_ID.test(delegation))) {
      throw bad('an agent token\'s "delegation" claim must be a delegation id (DL- and 16 letters or digits)');
    }
    if (delegation !== undefined) caller.delegationId = delegation as string;
  }
  return caller;
}

/** The full caller of one request: identity from the token, purpose and case from token or headers. */
export function callerFromClaims(
  claims: Record<string, unknown>,
  headers: Record<string, string | string[] | undefined>,
  requestId: string,
): Caller {
  const caller: Caller = { ...identityFromClaims(claims), requestId };
  return withPurposeAndCase(caller, claims, headers);
}

export function withPurposeAndCase(caller: Caller, claims: Record<string, unknown>, headers: Record<string, string | string[] | undefined>): Caller {
  const tokenPurpose = claims.purpose === undefined ? undefined : purposeOf(claims.purpose, 'the token');
  const headerPurposeRaw = header(headers, PURPOSE_HEADER);
  const headerPurpose = headerPurposeRaw === undefined ? undefined : purposeOf(headerPurposeRaw, `header ${PURPOSE_HEADER}`);
  if (tokenPurpose && headerPurpose && tokenPurpose !== headerPurpose) {
    throw new AuthFailure(403, 'FORBIDDEN', `header ${PURPOSE_HEADER} names ${headerPurpose} but the token grants ${tokenPurpose}`);
  }
  const purpose = tokenPurpose ?? headerPurpose;
  const tokenCase = claims.caseId === undefined ? undefined : caseIdOf(claims.caseId, 'the token');
  const headerCaseRaw = header(headers, CASE_HEADER);
  const headerCase = headerCaseRaw === undefined ? undefined : caseIdOf(headerCaseRaw, `header ${CASE_HEADER}`);
  if (tokenCase && headerCase && tokenCase !== headerCase) {
    throw new AuthFailure(403, 'FORBIDDEN', `header ${CASE_HEADER} names another case than the token`);
  }
  const caseId = tokenCase ?? headerCase;
  return { ...caller, ...(purpose ? { purpose } : {}), ...(caseId ? { caseId } : {}) };
}
