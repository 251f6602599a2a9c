/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** 办件类型 — the kind of bundle. */
export type BundleKind =
  /** 企业变更 — change. */
  | 'CHANGE'
  /** 企业注销 — deregistration. */
  | 'DEREGISTRATION'
  /** 企业开办 — opening. */
  | 'OPENING';

/** 办件状态 — a bundle's aggregate status, derived from its steps (一次办成). */
export type BundleStatus =
  /** 已办结 — every step succeeded. */
  | 'COMPLETED'
  /** 未办成 — the first write failed for good; nothing was written. */
  | 'FAILED'
  /** 待人工处理 — a step failed for good after another had written; `reason` says what, and what stands. */
  | 'NEEDS_ATTENTION'
  /** 办理中 — under way. */
  | 'RUNNING'
  /** 已受理 — accepted, no step has started. */
  | 'SUBMITTED';

/** 环节状态 — one step's status. */
export type BundleStepStatus =
  /** 失败 — refused, or unavailable too many times. */
  | 'FAILED'
  /** 待办 — waiting for its prerequisites or its turn. */
  | 'PENDING'
  /** 重试中 — the department was unavailable; the step will be tried again. */
  | 'RETRYING'
  /** 办理中 — a worker is calling the department. */
  | 'RUNNING'
  /** 免办 — not needed. */
  | 'SKIPPED'
  /** 已完成 — the department wrote it. */
  | 'SUCCEEDED';

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

/** 法定代表人 — the person, as the application states them. The ID number is never shown or logged. */
export type LegalRepresentativeInput = {
  /** 居民身份证号 — resident ID number (GB 11643); checked, never echoed. */
  idNumber: string;
  /** 姓名 — name. */
  name: string;
  /** 手机号 — 11-digit mobile number; required when opening (医保单位参保登记 needs it). */
  phone?: string | null | undefined;
};

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

/** 企业开办一套表单 — the one form for opening an enterprise. */
export type OpenEnterpriseInput = {
  /** 住所 — the address (in 崂山区). */
  address: string;
  /** 经营范围 — business scope. */
  businessScope: string;
  /** 幂等键 — the client's key for this submission (8–128 characters); the same key returns the same bundle. */
  idempotencyKey: string;
  /** 法定代表人 — the legal representative. */
  legalRepresentative: LegalRepresentativeInput;
  /** 企业名称 — the declared name. */
  name: string;
  /** 注册资本 — registered capital in yuan, more than zero (e.g. `"1000000"` or `"1000000.00"`). 须大于零。 */
  registeredCapital: string;
  /** 企业类型代码 — enterprise type code, default 1130 (有限责任公司). */
  typeCode?: string | null | undefined;
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

export type BundlePollQueryVariables = Exact<{
  id: string | number;
}>;


export type BundlePollQuery = { bundle: { id: string, kind: BundleKind, status: BundleStatus, reason: string | null, uscc: string | null, updatedAt: string, steps: Array<{ key: string, department: Department, title: string, status: BundleStepStatus, lastError: string | null }>, results: { uscc: string | null, licenceNo: string | null, taxConfirmationNo: string | null, insuranceEmployerNo: string | null } } | null };

export type BundleProgressFragment = { id: string, kind: BundleKind, status: BundleStatus, reason: string | null, uscc: string | null, updatedAt: string, steps: Array<{ key: string, department: Department, title: string, status: BundleStepStatus, lastError: string | null }>, results: { uscc: string | null, licenceNo: string | null, taxConfirmationNo: string | null, insuranceEmployerNo: string | null } };

export type OpenEnterpriseMutationVariables = Exact<{
  input: OpenEnterpriseInput;
}>;


export type OpenEnterpriseMutation = { openEnterprise: { id: string, kind: BundleKind, status: BundleStatus, reason: string | null, uscc: string | null, updatedAt: string, steps: Array<{ key: string, department: Department, title: string, status: BundleStepStatus, lastError: string | null }>, results: { uscc: string | null, licenceNo: string | null, taxConfirmationNo: string | null, insuranceEmployerNo: string | null } } };

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

export const BundleProgressFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BundleProgress"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Bundle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}}]}},{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"licenceNo"}},{"kind":"Field","name":{"kind":"Name","value":"taxConfirmationNo"}},{"kind":"Field","name":{"kind":"Name","value":"insuranceEmployerNo"}}]}}]}}]} as unknown as DocumentNode<BundleProgressFragment, unknown>;
export const BundlePollDocument = {"__meta__":{"hash":"544da99234ef3124993a93c41099d66a3373a7bda8bac0416498823eec3df201"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BundlePoll"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bundle"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BundleProgress"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BundleProgress"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Bundle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}}]}},{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"licenceNo"}},{"kind":"Field","name":{"kind":"Name","value":"taxConfirmationNo"}},{"kind":"Field","name":{"kind":"Name","value":"insuranceEmployerNo"}}]}}]}}]} as unknown as DocumentNode<BundlePollQuery, BundlePollQueryVariables>;
export const OpenEnterpriseDocument = {"__meta__":{"hash":"754147b1f72984703f8a046fe9e866473f938c08f53fab1949ea8d31fadb2c8c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"OpenEnterprise"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"OpenEnterpriseInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"openEnterprise"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BundleProgress"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BundleProgress"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Bundle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}}]}},{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"licenceNo"}},{"kind":"Field","name":{"kind":"Name","value":"taxConfirmationNo"}},{"kind":"Field","name":{"kind":"Name","value":"insuranceEmployerNo"}}]}}]}}]} as unknown as DocumentNode<OpenEnterpriseMutation, OpenEnterpriseMutationVariables>;
export const BuildingDashboardDocument = {"__meta__":{"hash":"ee1926c7f701d261549ecca4e4471ff6eea7ff27ca88383493c21c7441c66591"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BuildingDashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"building"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"staff"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"enterprises"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"registration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"onAbnormalList"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tax"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"creditGrade"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grade"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasArrears"}}]}},{"kind":"Field","name":{"kind":"Name","value":"medicalInsurance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasArrears"}}]}},{"kind":"Field","name":{"kind":"Name","value":"realEstate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasMortgage"}},{"kind":"Field","name":{"kind":"Name","value":"hasSeizure"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BuildingDashboardQuery, BuildingDashboardQueryVariables>;
export const LifecycleDocument = {"__meta__":{"hash":"4c120e3f9f005ecfe4e7e40802a29fc464fb716ebe76f2936ba2ee7459246655"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Lifecycle"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"uscc"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enterprise"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"uscc"},"value":{"kind":"Variable","name":{"kind":"Name","value":"uscc"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uscc"}},{"kind":"Field","name":{"kind":"Name","value":"registration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"establishedOn"}},{"kind":"Field","name":{"kind":"Name","value":"deregisteredOn"}},{"kind":"Field","name":{"kind":"Name","value":"onAbnormalList"}},{"kind":"Field","name":{"kind":"Name","value":"legalRepresentative"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"tax"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"creditGrade"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasArrears"}},{"kind":"Field","name":{"kind":"Name","value":"arrearsTotal"}}]}},{"kind":"Field","name":{"kind":"Name","value":"medicalInsurance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"insuredCount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inService"}},{"kind":"Field","name":{"kind":"Name","value":"retired"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasArrears"}},{"kind":"Field","name":{"kind":"Name","value":"arrearsTotal"}}]}},{"kind":"Field","name":{"kind":"Name","value":"realEstate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentUnitCount"}},{"kind":"Field","name":{"kind":"Name","value":"hasMortgage"}},{"kind":"Field","name":{"kind":"Name","value":"hasSeizure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lifecycle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"stageLabel"}},{"kind":"Field","name":{"kind":"Name","value":"incompleteDepartments"}},{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LifecycleQuery, LifecycleQueryVariables>;