/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** 推进诉求 — one move. */
export type AdvanceRequestInput = {
  /** 动作 — the move. */
  action: RequestAction;
  /** 诉求编号 — the request. */
  id: string | number;
  /** 幂等键 — 8 to 128 characters; the same key again makes no second move. */
  idempotencyKey: string;
  /** 备注 — a note, at most 2000 characters (for ANSWER, the answer). */
  note?: string | null | undefined;
};

/** 纳税信用等级 — tax credit grade. */
export type CreditGrade =
  /** A级 — 90 points or more. */
  | 'A'
  /** B级 — 70 to under 90. */
  | 'B'
  /** C级 — 40 to under 70. */
  | 'C'
  /** D级 — under 40, or assigned directly (直接判级). */
  | 'D'
  /** M级 — new enterprise, or no income in the year with 70 or more. */
  | 'M';

/** 部门 — the department a record, event or error comes from. */
export type Department =
  /** 市场监管 — market registration */
  | 'MARKET'
  /** 医保 — medical insurance */
  | 'MEDICAL_INSURANCE'
  /** 不动产登记 — real estate registration */
  | 'REAL_ESTATE'
  /** 政务服务 — our bundled services (一件事一次办) */
  | 'SERVICES'
  /** 税务 — tax */
  | 'TAX';

/** 事件类型 — the kinds of lifecycle events, grouped by the department that records them. */
export type LifecycleEventKind =
  /** 列入经营异常名录 — put on the abnormal-operation list (market). */
  | 'ABNORMAL_LISTED'
  /** 移出经营异常名录 — removed from the abnormal-operation list (market). */
  | 'ABNORMAL_REMOVED'
  /** 年报公示 — annual report filed (market). */
  | 'ANNUAL_REPORT_FILED'
  /** 分支机构设立 — a branch was established (market). */
  | 'BRANCH_ESTABLISHED'
  /** 一件事一次办 — a bundled service case was completed (services). */
  | 'BUNDLE_COMPLETED'
  /** 变更登记 — another registered change: address, legal representative, capital, scope (market). */
  | 'CHANGED'
  /** 注销登记 — deregistered (market). */
  | 'DEREGISTERED'
  /** 设立登记 — established; the USCC was issued (market). */
  | 'ESTABLISHED'
  /** 权利人名称变更登记 — holder's name changed on the register (real estate). */
  | 'HOLDER_RENAMED'
  /** 医保欠费 — contributions in arrears (medical insurance). */
  | 'INSURANCE_ARREARS'
  /** 注销参保 — employer insurance closed (medical insurance). */
  | 'INSURANCE_DEREGISTERED'
  /** 单位参保登记 — registered as an employer for medical insurance (medical insurance). */
  | 'INSURANCE_REGISTERED'
  /** 暂停参保 — employer insurance suspended (medical insurance). */
  | 'INSURANCE_SUSPENDED'
  /** 清算 — liquidation started (market). */
  | 'LIQUIDATION_STARTED'
  /** 抵押登记 — mortgage registered (real estate). */
  | 'MORTGAGED'
  /** 抵押注销 — mortgage released (real estate). */
  | 'MORTGAGE_RELEASED'
  /** 迁出 — moved to another registration authority (market). */
  | 'MOVED_OUT'
  /** 名称变更 — name changed (market). */
  | 'NAME_CHANGED'
  /** 不动产首次登记/转移登记 — property acquired (real estate). */
  | 'PROPERTY_ACQUIRED'
  /** 转移/注销 — property disposed of (real estate). */
  | 'PROPERTY_DISPOSED'
  /** 吊销营业执照 — licence revoked (market). */
  | 'REVOKED'
  /** 查封登记 — seized by a court (real estate). */
  | 'SEIZED'
  /** 解封 — seizure lifted (real estate). */
  | 'SEIZURE_LIFTED'
  /** 认定非正常户 — declared an abnormal taxpayer (tax). */
  | 'TAX_ABNORMAL'
  /** 欠税 — tax arrears arose (tax). */
  | 'TAX_ARREARS'
  /** 清税 — tax clearance certificate issued (tax). */
  | 'TAX_CLEARED'
  /** 纳税信用评价 — annual credit rating published (tax). */
  | 'TAX_CREDIT_RATED'
  /** 税务注销 — taxpayer deregistered (tax). */
  | 'TAX_DEREGISTERED'
  /** 税务登记/新办纳税人信息确认 — registered as a taxpayer (tax). */
  | 'TAX_REGISTERED';

/** 生命周期阶段 — the six stages of 企业全生命周期 (鲁市监发〔2021〕37号). */
export type LifecycleStage =
  /** 变更 — changing: a registered change is propagating to the departments. */
  | 'CHANGE'
  /** 退出 — exiting: deregistration, revocation, liquidation or moving out, under way or done. */
  | 'EXIT'
  /** 投资建设 — investing: acquiring property or opening branches. */
  | 'INVESTMENT'
  /** 准营 — licensing: obtaining permits (not yet derived: no department feed carries permits). */
  | 'LICENSING'
  /** 开办 — opening: newly established, registrations with the departments under way. */
  | 'OPENING'
  /** 运营 — operating. */
  | 'OPERATING';

/** 单位参保状态 — status of an employer's medical insurance account. */
export type MedicalInsuranceStatus =
  /** 注销 — closed. */
  | 'CLOSED'
  /** 正常 — active: contributions are due and collected. */
  | 'NORMAL'
  /** 暂停 — suspended (e.g. after the business licence was revoked). */
  | 'SUSPENDED';

/** 记录走访 — a visit. */
export type RecordVisitInput = {
  /** 幂等键 — 8 to 128 characters; the same key again returns the same visit. */
  idempotencyKey: string;
  /** 接待人 — who received the visit (a name or a position), at most 200 characters. */
  met: string;
  /** 走访记录 — notes, at most 4000 characters. */
  notes?: string | null | undefined;
  /** 提出的诉求 — numbers of this enterprise's requests raised during the visit. */
  requestIds?: Array<string | number> | null | undefined;
  /** 议题 — at least one. */
  topics: Array<VisitTopic>;
  /** 统一社会信用代码 — the enterprise visited. */
  uscc: string;
  /** 走访时间 — when (ISO 8601 with offset), not in the future. */
  visitedAt: string;
};

/** 登记状态 — registration status, as 国家企业信用信息公示系统 (GSXT) shows it. */
export type RegistrationStatus =
  /** 撤销 — registration annulled. */
  | 'ANNULLED'
  /** 注销 — deregistered. */
  | 'DEREGISTERED'
  /** 存续（在营、开业、在册） — existing, in business. */
  | 'EXISTING'
  /** 清算 — in liquidation. */
  | 'LIQUIDATING'
  /** 迁入 — moved in from another registration authority. */
  | 'MOVED_IN'
  /** 迁出 — moved out to another registration authority. */
  | 'MOVED_OUT'
  /** 吊销，已注销 — licence revoked, then deregistered. */
  | 'REVOKED_DEREGISTERED'
  /** 吊销，未注销 — licence revoked, not yet deregistered. */
  | 'REVOKED_NOT_DEREGISTERED';

/** 办理动作 — a move of advanceRequest. */
export type RequestAction =
  /** 答复 — answer it, the answer in the note (IN_PROGRESS → ANSWERED). */
  | 'ANSWER'
  /** 回访 — call the enterprise back (ANSWERED → CALLED_BACK). */
  | 'CALL_BACK'
  /** 办结 — close it (RATED → CLOSED). */
  | 'CLOSE'
  /** 派单 — route it (ACCEPTED → DISPATCHED). */
  | 'DISPATCH'
  /** 签收 — sign for it (DISPATCHED → SIGNED). */
  | 'SIGN'
  /** 办理 — start handling (SIGNED → IN_PROGRESS). */
  | 'START';

/** 诉求状态 — where a request stands: 受理 → 派单 → 签收 → 办理 → 答复 → 回访 → 评价 → 办结. */
export type RequestState =
  /** 受理 — raised and accepted. */
  | 'ACCEPTED'
  /** 答复 — answered. */
  | 'ANSWERED'
  /** 回访 — the enterprise was called back. */
  | 'CALLED_BACK'
  /** 办结 — closed. */
  | 'CLOSED'
  /** 派单 — routed to the handling department. */
  | 'DISPATCHED'
  /** 办理 — being handled. */
  | 'IN_PROGRESS'
  /** 评价 — the enterprise rated it. */
  | 'RATED'
  /** 签收 — the department signed for it. */
  | 'SIGNED';

/** 纳税人状态 — taxpayer status (金税 nsrztDm dictionary). */
export type TaxpayerStatus =
  /** 非正常 (05) — abnormal taxpayer (非正常户): stopped filing and cannot be reached. */
  | 'ABNORMAL'
  /** 非正常户注销 (08) — deregistered while abnormal. */
  | 'ABNORMAL_DEREGISTERED'
  /** 受理 (01) — registration accepted. */
  | 'ACCEPTED'
  /** 核销报验 (10) — out-of-area operations closed. */
  | 'CROSS_REGION_CLOSED'
  /** 报验 (09) — registered for operations outside its home area (外出经营报验). */
  | 'CROSS_REGION_REPORTED'
  /** 注销 (07) — deregistered. */
  | 'DEREGISTERED'
  /** 清算 (06) — in liquidation. */
  | 'LIQUIDATING'
  /** 正常 (03) — normal. */
  | 'NORMAL'
  /** 其他 (99) — other, or a code this API does not know yet (see statusCode). */
  | 'OTHER'
  /** 中断缴费 (11) — contributions interrupted. */
  | 'PAYMENT_INTERRUPTED'
  /** 恢复缴费 (12) — contributions resumed. */
  | 'PAYMENT_RESUMED'
  /** 筹建期 (02) — in preparation. */
  | 'PREPARING'
  /** 简易注销无异议 (13) — closed by simplified deregistration, no objection from tax. */
  | 'SIMPLIFIED_DEREGISTERED'
  /** 停业 (04) — business suspended. */
  | 'SUSPENDED';

/** 走访议题 — a topic of a visit. */
export type VisitTopic =
  /** 融资 — financing. */
  | 'FINANCING'
  /** 招工 — hiring. */
  | 'HIRING'
  /** 其他 — other. */
  | 'OTHER'
  /** 审批 — permits. */
  | 'PERMITS'
  /** 政策 — policy. */
  | 'POLICY'
  /** 场地 — premises. */
  | 'PREMISES';

export type WorkbenchAdvanceRequestMutationVariables = Exact<{
  input: AdvanceRequestInput;
}>;


export type WorkbenchAdvanceRequestMutation = { advanceRequest: { id: string, state: RequestState, overdue: boolean, transitions: Array<{ seq: number, action: string, toState: RequestState, actorRole: string, at: string, note: string | null }> } };

export type WorkbenchBuildingQueryVariables = Exact<{
  id: string | number;
}>;


export type WorkbenchBuildingQuery = { building: { id: string, name: string, address: string, street: string, staff: Array<{ id: string, name: string }> } | null };

export type WorkbenchBuildingStatsQueryVariables = Exact<{
  id: string | number;
}>;


export type WorkbenchBuildingStatsQuery = { building: { id: string, stats: { enterpriseCount: number, insuredHeadcount: number | null, taxArrearsCount: number | null, insuranceArrearsCount: number | null, seizureCount: number | null, mortgageCount: number | null, abnormalListCount: number | null, openRequestCount: number, overdueRequestCount: number, visitsLast30Days: number, asOf: string | null, byRegistrationStatus: Array<{ status: RegistrationStatus, label: string, count: number }>, freshness: Array<{ department: Department, asOf: string | null, stale: boolean, unavailable: boolean }> } | null } | null };

export type WorkbenchOpenRequestsQueryVariables = Exact<{
  buildingId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type WorkbenchOpenRequestsQuery = { buildingOpenRequests: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, state: RequestState, overdue: boolean, dueAt: string, createdAt: string, escalatedAt: string | null, department: string, uscc: string, category: { code: string, label: string } } }> } };

export type WorkbenchRecordVisitMutationVariables = Exact<{
  input: RecordVisitInput;
}>;


export type WorkbenchRecordVisitMutation = { recordVisit: { id: string, buildingId: string, uscc: string, visitedAt: string, met: string | null, topics: Array<VisitTopic>, requests: Array<{ id: string }> } };

export type WorkbenchVisitsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
}>;


export type WorkbenchVisitsQuery = { building: { id: string, visits: { totalCount: number, edges: Array<{ node: { id: string, uscc: string, visitedAt: string, met: string | null, topics: Array<VisitTopic>, staff: string | null, requests: Array<{ id: string }> } }> } | null } | null };

export type BuildingDashboardQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type BuildingDashboardQuery = { building: { name: string, staff: Array<{ name: string }>, enterprises: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { uscc: string, registration: { name: string, status: RegistrationStatus, onAbnormalList: boolean } | null, tax: { status: TaxpayerStatus, hasArrears: boolean | null, creditGrade: { grade: CreditGrade } | null } | null, medicalInsurance: { status: MedicalInsuranceStatus, hasArrears: boolean | null } | null, realEstate: { hasMortgage: boolean | null, hasSeizure: boolean | null } | null } }> } | null } | null };

export type LifecycleQueryVariables = Exact<{
  uscc: string | number;
}>;


export type LifecycleQuery = { enterprise: { uscc: string, registration: { name: string, status: RegistrationStatus, establishedOn: string, deregisteredOn: string | null, onAbnormalList: boolean, legalRepresentative: { name: string | null } } | null, tax: { status: TaxpayerStatus, hasArrears: boolean | null, arrearsTotal: string | null, creditGrade: { year: number, grade: CreditGrade } | null } | null, medicalInsurance: { status: MedicalInsuranceStatus, hasArrears: boolean | null, arrearsTotal: string | null, insuredCount: { inService: number, retired: number } | null } | null, realEstate: { currentUnitCount: number | null, hasMortgage: boolean | null, hasSeizure: boolean | null } | null, lifecycle: { stage: LifecycleStage, stageLabel: string, incompleteDepartments: Array<Department>, events: Array<{ at: string, department: Department, kind: LifecycleEventKind, title: string }> } | null } | null };


export const WorkbenchAdvanceRequestDocument = {"__meta__":{"hash":"ec64e76dbf1c5a1c3fb386fbc9d230542b631e6cab01dd00016f4ec9826958cf"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WorkbenchAdvanceRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AdvanceRequestInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"advanceRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"transitions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"toState"}},{"kind":"Field","name":{"kind":"Name","value":"actorRole"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}}]}}]}}]} as unknown as DocumentNode<WorkbenchAdvanceRequestMutation, WorkbenchAdvanceRequestMutationVariables>;
export const WorkbenchBuildingDocument = {"__meta__":{"hash":"7d29d131982a27213529930a4f90d150167b3945c6edbcff90b25550310469e8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WorkbenchBuilding"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"building"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"staff"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<WorkbenchBuildingQuery, WorkbenchBuildingQueryVariables>;
export const WorkbenchBuildingStatsDocument = {"__meta__":{"hash":"5d0cc160ca97db80a6e1913f912b0aa9d46885f7852b9432b3e566aceb474bbe"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WorkbenchBuildingStats"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"building"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enterpriseCount"}},{"kind":"Field","name":{"kind":"Name","value":"byRegistrationStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"insuredHeadcount"}},{"kind":"Field","name":{"kind":"Name","value":"taxArrearsCount"}},{"kind":"Field","name":{"kind":"Name","value":"insuranceArrearsCount"}},{"kind":"Field","name":{"kind":"Name","value":"seizureCount"}},{"kind":"Field","name":{"kind":"Name","value":"mortgageCount"}},{"kind":"Field","name":{"kind":"Name","value":"abnormalListCount"}},{"kind":"Field","name":{"kind":"Name","value":"openRequestCount"}},{"kind":"Field","name":{"kind":"Name","value":"overdueRequestCount"}},{"kind":"Field","name":{"kind":"Name","value":"visitsLast30Days"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"freshness"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"stale"}},{"kind":"Field","name":{"kind":"Name","value":"unavailable"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WorkbenchBuildingStatsQuery, WorkbenchBuildingStatsQueryVariables>;
export const WorkbenchOpenRequestsDocument = {"__meta__":{"hash":"5ace6d20e0fde6df25750e59b7866bf83e2736b35f456ebdfb0553bb292dcdf1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WorkbenchOpenRequests"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"buildingId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"buildingOpenRequests"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"buildingId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"buildingId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"escalatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WorkbenchOpenRequestsQuery, WorkbenchOpenRequestsQueryVariables>;
export const WorkbenchRecordVisitDocument = {"__meta__":{"hash":"5acae491e6b4dc6d4bdad838fdb9347a370439c2df0201839388cc3e392d7c7c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WorkbenchRecordVisit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordVisitInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordVisit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"buildingId"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"visitedAt"}},{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"topics"}},{"kind":"Field","name":{"kind":"Name","value":"requests"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<WorkbenchRecordVisitMutation, WorkbenchRecordVisitMutationVariables>;
export const WorkbenchVisitsDocument = {"__meta__":{"hash":"d7a9ca47be6673e148429238d685848deaeaf19b86d4626c3d563f20204ca9ca"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WorkbenchVisits"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"building"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"visits"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"visitedAt"}},{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"topics"}},{"kind":"Field","name":{"kind":"Name","value":"staff"}},{"kind":"Field","name":{"kind":"Name","value":"requests"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WorkbenchVisitsQuery, WorkbenchVisitsQueryVariables>;
export const BuildingDashboardDocument = {"__meta__":{"hash":"ee1926c7f701d261549ecca4e4471ff6eea7ff27ca88383493c21c7441c66591"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BuildingDashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"building"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"staff"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"enterprises"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"registration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"onAbnormalList"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tax"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"creditGrade"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grade"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasArrears"}}]}},{"kind":"Field","name":{"kind":"Name","value":"medicalInsurance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasArrears"}}]}},{"kind":"Field","name":{"kind":"Name","value":"realEstate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasMortgage"}},{"kind":"Field","name":{"kind":"Name","value":"hasSeizure"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BuildingDashboardQuery, BuildingDashboardQueryVariables>;
export const LifecycleDocument = {"__meta__":{"hash":"4c120e3f9f005ecfe4e7e40802a29fc464fb716ebe76f2936ba2ee7459246655"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Lifecycle"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"uscc"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enterprise"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"uscc"},"value":{"kind":"Variable","name":{"kind":"Name","value":"uscc"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"registration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"establishedOn"}},{"kind":"Field","name":{"kind":"Name","value":"deregisteredOn"}},{"kind":"Field","name":{"kind":"Name","value":"onAbnormalList"}},{"kind":"Field","name":{"kind":"Name","value":"legalRepresentative"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"tax"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"creditGrade"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasArrears"}},{"kind":"Field","name":{"kind":"Name","value":"arrearsTotal"}}]}},{"kind":"Field","name":{"kind":"Name","value":"medicalInsurance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"insuredCount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inService"}},{"kind":"Field","name":{"kind":"Name","value":"retired"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasArrears"}},{"kind":"Field","name":{"kind":"Name","value":"arrearsTotal"}}]}},{"kind":"Field","name":{"kind":"Name","value":"realEstate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentUnitCount"}},{"kind":"Field","name":{"kind":"Name","value":"hasMortgage"}},{"kind":"Field","name":{"kind":"Name","value":"hasSeizure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lifecycle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"stageLabel"}},{"kind":"Field","name":{"kind":"Name","value":"incompleteDepartments"}},{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LifecycleQuery, LifecycleQueryVariables>;