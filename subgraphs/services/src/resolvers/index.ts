import { Query } from './Query.ts';
import { Mutation } from './Mutation.ts';
import { Bundle } from './Bundle.ts';
import { BundleStep } from './BundleStep.ts';
import { Evaluation } from './Evaluation.ts';
import { Rectification } from './Rectification.ts';
import { Building } from './Building.ts';
import { BuildingStaff } from './BuildingStaff.ts';
import { Enterprise } from './Enterprise.ts';
import { Visit } from './Visit.ts';
import { EnterpriseRequest, RequestRating, RequestTransition } from './EnterpriseRequest.ts';
import { Certificate } from './Certificate.ts';
import { VacantUnit } from './VacantUnit.ts';
import { Delegation } from './Delegation.ts';

export const resolvers = { Query, Mutation, Bundle, BundleStep, Evaluation, Rectification, Building, BuildingStaff, Enterprise, EnterpriseRequest, RequestTransition, RequestRating, Visit, Certificate, VacantUnit, Delegation };
