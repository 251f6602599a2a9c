import type { Money } from '@district/domain';

/**
 * The registry's records as the resolvers see them: enums instead of the registry's words and
 * codes, ISO dates, Money, m² as numbers. Nothing here knows about XML, envelopes or pinyin
 * element names (those stay in wire.ts and message.ts).
 */

/** 权属状态: 现势 (in force) or 历史 (closed). */
export type TitleStatus = 'CURRENT' | 'HISTORICAL';

/** 权利类型 (qllx), grouped where the dictionary groups them; the exact code travels beside it. */
export type RightType =
  | 'COLLECTIVE_LAND_OWNERSHIP' | 'STATE_LAND_OWNERSHIP' | 'STATE_CONSTRUCTION_LAND_USE' | 'STATE_CONSTRUCTION_LAND_USE_AND_BUILDING_OWNERSHIP'
  | 'HOMESTEAD_USE' | 'HOMESTEAD_USE_AND_BUILDING_OWNERSHIP' | 'COLLECTIVE_CONSTRUCTION_LAND_USE' | 'COLLECTIVE_CONSTRUCTION_LAND_USE_AND_BUILDING_OWNERSHIP'
  | 'LAND_CONTRACTING' | 'FOREST_GRASSLAND_OR_AQUACULTURE' | 'SEA_AREA_OR_ISLAND' | 'EASEMENT' | 'WATER_ABSTRACTION' | 'EXPLORATION' | 'MINING'
  | 'MORTGAGE' | 'OTHER';

/** 登记类型: the registry writes names; their numeric codes are unverified (domain.md §6). */
export type RegistrationType =
  | 'FIRST' | 'TRANSFER' | 'CHANGE' | 'CANCELLATION' | 'CORRECTION' | 'OBJECTION' | 'ADVANCE_NOTICE' | 'SEIZURE' | 'OTHER';

/** 共有方式. */
export type CoOwnership = 'SOLE' | 'JOINT' | 'BY_SHARE';

/** 抵押方式: 一般抵押 secures a fixed debt, 最高额抵押 a ceiling over a series of debts. */
export type MortgageMethod = 'GENERAL' | 'MAXIMUM';

/** 查封类型. */
export type SeizureKind = 'SEIZURE' | 'WAITING_SEIZURE' | 'PRE_SEIZURE' | 'RENEWED';

/** A term (期限) from / to; either end may be missing on a record. */
export interface Term {
  from: string | null;
  to: string | null;
}

/** One right record (不动产权利), current or historical. */
export interface PropertyRight {
  /** 不动产权证书号. */
  certificateNo: string;
  /** 不动产单元号 (GB/T 37346). */
  unitNo: string;
  /** 坐落. */
  location: string;
  rightType: RightType;
  rightTypeCode: string;
  rightTypeLabel: string;
  /** 权利性质, e.g. 出让/市场化商品房: free text in the registry. */
  rightNature: string | null;
  registrationType: RegistrationType;
  registrationTypeLabel: string;
  /** 房屋用途 / 土地用途. */
  use: string | null;
  landUse: string | null;
  /** 建筑面积 / 套内建筑面积 / 分摊建筑面积, m². */
  floorArea: number | null;
  exclusiveArea: number | null;
  sharedArea: number | null;
  /** 登簿日期 (China date of the registration moment). */
  registeredOn: string;
  status: TitleStatus;
  /** 注销日期 and the registration that closed the record (转移 away, or 变更 superseding it). */
  endedOn: string | null;
  endedBy: RegistrationType | null;
  /** 权利人名称 exactly as registered: it may lag the enterprise's current name. Raw; privacy.ts decides what is shown. */
  holderName: string;
  /** 证件号 of the holder, raw (a person's ID number for individuals); never returned unmasked (privacy.ts). */
  holderIdNumber: string;
  /** The holder's USCC when the 证件号 is one (an organisation), else null (a person or an unknown kind). */
  holderUscc: string | null;
  sharing: CoOwnership;
  /** 土地使用期限. */
  term: Term | null;
}

/** 抵押权 on one unit. */
export interface Mortgage {
  /** 不动产登记证明号. */
  certificateNo: string;
  unitNo: string;
  method: MortgageMethod;
  /** 被担保主债权数额 (GENERAL) or 最高债权额 (MAXIMUM), converted from 万元. */
  securedAmount: Money;
  /** 债务履行期限. */
  debtTerm: Term;
  /** 抵押权人 (a bank). */
  mortgagee: string;
  registeredOn: string;
  status: TitleStatus;
  /** 注销日期 of a discharged mortgage. */
  releasedOn: string | null;
}

/** 查封 on one unit, by a court. */
export interface Seizure {
  unitNo: string;
  /** 查封机关 and 查封文号. */
  authority: string;
  documentNo: string;
  kind: SeizureKind;
  /** 查封期限. */
  from: string | null;
  to: string | null;
  registeredOn: string;
  status: TitleStatus;
  /** 解封日期. */
  liftedOn: string | null;
}

/** What the register holds under one certificate number: empty lists when it holds nothing. */
export interface Holdings {
  uscc: string;
  /** 权利人名称 on the current rights (or the latest, when all are historical); null when it holds nothing. */
  registeredName: string | null;
  rights: PropertyRight[];
  mortgages: Mortgage[];
  seizures: Seizure[];
}

/** 不动产单元 with every record on it. */
export interface PropertyUnit {
  unitNo: string;
  location: string;
  parcel: { code: string; area: number | null; landUse: string | null; term: Term | null };
  /** Absent for land without a building (定着物特征码 W). */
  building: {
    buildingNo: string; roomNo: string | null; floor: string | null; totalFloors: number | null;
    use: string | null; structure: string | null; completedYear: number | null;
  } | null;
  floorArea: number | null;
  exclusiveArea: number | null;
  sharedArea: number | null;
  rights: PropertyRight[];
  mortgages: Mortgage[];
  seizures: Seizure[];
}
