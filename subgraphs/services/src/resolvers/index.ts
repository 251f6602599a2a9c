import { Query } from './Query.ts';
import { Building, BuildingStaff } from './Building.ts';
import { Enterprise } from './Enterprise.ts';
import { AuditEnterprise, AuditMutation } from '../audit/resolvers.ts';
import { Bundle, BundleMutation, BundleQuery, BundleStepType } from '../bundles/resolvers.ts';
import { EvaluationBundle, EvaluationMutation, EvaluationQuery, EvaluationType, RectificationType } from '../bundles/evaluation-resolvers.ts';

export const resolvers = {
  Query: { ...Query, ...BundleQuery, ...EvaluationQuery },
  Mutation: { ...AuditMutation, ...BundleMutation, ...EvaluationMutation },
  Bundle: { ...Bundle, ...EvaluationBundle },
  BundleStep: BundleStepType,
  Evaluation: EvaluationType,
  Rectification: RectificationType,
  Building, BuildingStaff, Enterprise: { ...Enterprise, ...AuditEnterprise } };
