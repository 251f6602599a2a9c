import { buildIdCard } from '@district/domain';
import type { Person } from './types.ts';
import type { Rng } from './rng.ts';
import { GIVEN_CHARS, SURNAMES } from './vocabulary.ts';

/** Qingdao county codes people are born in (GB/T 2260), with Laoshan over-represented. */
const BIRTH_REGIONS = ['370212', '370212', '370212', '370202', '370203', '370211', '370213', '370214', '370281', '370283'];
const MOBILE_PREFIXES = ['138', '139', '137', '135', '186', '185', '158', '159', '152', '177', '188', '133', '153'];

export function personName(rng: Rng): string {
  const given = rng.int(1, 2) === 1 ? rng.pick(GIVEN_CHARS) : rng.pick(GIVEN_CHARS) + rng.pick(GIVEN_CHARS);
  return rng.pick(SURNAMES) + given;
}

export function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** A synthetic adult with a GB 11643-valid ID number, born 1958–2000. */
export function person(rng: Rng): Person {
  const year = rng.int(1958, 2000);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  const idNumber = buildIdCard(rng.pick(BIRTH_REGIONS), birth, String(rng.int(1, 999)).padStart(3, '0'));
  return { name: personName(rng), idNumber, phone: mobile(rng) };
}
