import type { Representative } from '../model.ts';
import { representativeIdNumber, representativeName } from '../privacy.ts';

/** Personal data leaves the subgraph only through privacy.ts. */
export const RegistrationRepresentative = {
  name: (p: Representative) => representativeName(p.name),
  idNumber: (p: Representative) => representativeIdNumber(p.idNumber),
};
