import { Enterprise } from './Enterprise.ts';
import { MedicalInsuranceAccount } from './MedicalInsuranceAccount.ts';

export const resolvers = { Enterprise, MedicalInsuranceAccount };
