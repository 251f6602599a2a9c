import type { CoOwnership, MortgageMethod, RegistrationType, RightType, SeizureKind, TitleStatus } from './domain.ts';

/**
 * The registry's code tables (代码表) and vocabularies, translated to our enums. Only mapping.ts
 * uses them: resolvers never see a native code or word.
 */

/** 权利类型 (qllx) of the 不动产登记数据库标准, as registry vendors use it (domain.md §2.4). */
const RIGHT_TYPES: Record<string, { type: RightType; label: string }> = {
  '1': { type: 'COLLECTIVE_LAND_OWNERSHIP', label: '集体土地所有权' },
  '2': { type: 'STATE_LAND_OWNERSHIP', label: '国家土地所有权' },
  '3': { type: 'STATE_CONSTRUCTION_LAND_USE', label: '国有建设用地使用权' },
  '4': { type: 'STATE_CONSTRUCTION_LAND_USE_AND_BUILDING_OWNERSHIP', label: '国有建设用地使用权/房屋（构筑物）所有权' },
  '5': { type: 'HOMESTEAD_USE', label: '宅基地使用权' },
  '6': { type: 'HOMESTEAD_USE_AND_BUILDING_OWNERSHIP', label: '宅基地使用权/房屋（构筑物）所有权' },
  '7': { type: 'COLLECTIVE_CONSTRUCTION_LAND_USE', label: '集体建设用地使用权' },
  '8': { type: 'COLLECTIVE_CONSTRUCTION_LAND_USE_AND_BUILDING_OWNERSHIP', label: '集体建设用地使用权/房屋（构筑物）所有权' },
  '9': { type: 'LAND_CONTRACTING', label: '土地承包经营权' },
  '19': { type: 'EASEMENT', label: '地役权' },
  '20': { type: 'WATER_ABSTRACTION', label: '取水权' },
  '21': { type: 'EXPLORATION', label: '探矿权' },
  '22': { type: 'MINING', label: '采矿权' },
  '23': { type: 'MORTGAGE', label: '抵押权' },
  '99': { type: 'OTHER', label: '其他' },
};

/**
 * A right type by its code. Codes 10–14 (林/草/养殖) and 15–18 (海域/无居民海岛) are grouped
 * because their exact split is not verified; a code outside the dictionary is OTHER rather than a
 * failed reply, with the registry's own label kept so nothing is lost.
 */
export function rightTypeOf(code: string, registryLabel: string | undefined): { type: RightType; code: string; label: string } {
  const n = Number(code);
  const known = RIGHT_TYPES[code];
  const type: RightType = known?.type ?? (n >= 10 && n <= 14 ? 'FOREST_GRASSLAND_OR_AQUACULTURE' : n >= 15 && n <= 18 ? 'SEA_AREA_OR_ISLAND' : 'OTHER');
  return { type, code, label: registryLabel || known?.label || '其他' };
}

/** 登记类型 by the registry's name, with or without the trailing 登记. */
const REGISTRATION_TYPES: Record<string, RegistrationType> = {
  首次: 'FIRST', 转移: 'TRANSFER', 变更: 'CHANGE', 注销: 'CANCELLATION',
  更正: 'CORRECTION', 异议: 'OBJECTION', 预告: 'ADVANCE_NOTICE', 查封: 'SEIZURE',
};

/** A registration type the vocabulary does not know is OTHER: the label keeps the registry's words. */
export function registrationTypeOf(name: string): RegistrationType {
  return REGISTRATION_TYPES[name.replace(/登记$/, '')] ?? 'OTHER';
}

/** Closed vocabularies: a word outside them makes the reply fail validation (wire.ts). */
export const TITLE_STATUS = { 现势: 'CURRENT', 历史: 'HISTORICAL' } as const satisfies Record<string, TitleStatus>;
export const CO_OWNERSHIP = { 单独所有: 'SOLE', 共同共有: 'JOINT', 按份共有: 'BY_SHARE' } as const satisfies Record<string, CoOwnership>;
export const MORTGAGE_METHOD = { 一般抵押: 'GENERAL', 最高额抵押: 'MAXIMUM' } as const satisfies Record<string, MortgageMethod>;
export const SEIZURE_KIND = { 查封: 'SEIZURE', 轮候查封: 'WAITING_SEIZURE', 预查封: 'PRE_SEIZURE', 续封: 'RENEWED' } as const satisfies Record<string, SeizureKind>;

/** Chinese names of our enums, for event titles. */
export const MORTGAGE_METHOD_LABEL: Record<MortgageMethod, string> = { GENERAL: '一般抵押', MAXIMUM: '最高额抵押' };
export const SEIZURE_KIND_LABEL: Record<SeizureKind, string> = { SEIZURE: '查封', WAITING_SEIZURE: '轮候查封', PRE_SEIZURE: '预查封', RENEWED: '续封' };

/** Reply codes (Response/Head/Code) the adapter acts on; backends/docs/real-estate.md. */
export const REPLY = {
  OK: '0000',
  AUTH_FAILED: '1001',
  BAD_PARAMETER: '2002',
  NOT_FOUND: '4004',
  RATE_LIMITED: '4290',
  SYSTEM_ERROR: '5000',
} as const;

/** Business codes (Head/BizCode). */
export const BIZ = {
  /** 按权利人证件号查询产权. */
  QUERY_RIGHTS: 'CX_QLXX',
  /** 按不动产单元号查询不动产单元. */
  QUERY_UNITS: 'CX_BDCDY',
  /** 权利人名称变更登记 (write). */
  RENAME_HOLDER: 'DJ_QLRMCBG',
} as const;

/** `ZJH` / `BDCDYH` per query: more is refused whole (2003), so we never send more. */
export const MAX_BATCH = 20;
