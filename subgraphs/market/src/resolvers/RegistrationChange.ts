import type { RegistrationChange as Change } from '../model.ts';
import { changeValue } from '../privacy.ts';

/** Values of a change may be person names (法定代表人变更): masked through privacy.ts. */
export const RegistrationChange = {
  before: (c: Change) => changeValue(c.item, c.before),
  after: (c: Change) => changeValue(c.item, c.after),
};
