import { Enterprise } from './Enterprise.ts';
import { MedicalInsuranceAccount } from './MedicalInsuranceAccount.ts';
import { Mutation } from './Mutation.ts';

export const resolvers = { Enterprise, MedicalInsuranceAccount, Mutation };
