import { stepTitle } from '../bundles/definitions.ts';
import type { BundleStep as StoredStep } from '../store/bundles.ts';

export const BundleStep = {
  title: (s: StoredStep) => stepTitle(s.key),
};
