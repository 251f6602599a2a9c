/** Word lists for the registry's records. Invented combinations of real institution patterns. */

/** 抵押权人: bank branches that lend against office floors in 崂山区. */
export const MORTGAGEES = [
  '中国工商银行股份有限公司青岛崂山支行',
  '中国建设银行股份有限公司青岛崂山支行',
  '中国农业银行股份有限公司青岛崂山支行',
  '中国银行股份有限公司青岛崂山支行',
  '交通银行股份有限公司青岛崂山支行',
  '招商银行股份有限公司青岛崂山支行',
  '青岛银行股份有限公司崂山支行',
  '青岛农村商业银行股份有限公司崂山支行',
  '兴业银行股份有限公司青岛崂山支行',
  '中信银行股份有限公司青岛崂山支行',
] as const;

/** 查封机关 with the court code that starts its docket numbers (案号), e.g. (2025)鲁0212执1234号. */
export const COURTS = [
  { name: '山东省青岛市崂山区人民法院', code: '鲁0212', weight: 60 },
  { name: '山东省青岛市中级人民法院', code: '鲁02', weight: 15 },
  { name: '山东省青岛市市南区人民法院', code: '鲁0202', weight: 10 },
  { name: '山东省青岛市市北区人民法院', code: '鲁0203', weight: 8 },
  { name: '山东省青岛市李沧区人民法院', code: '鲁0213', weight: 7 },
] as const;

/** 案件类型代字 of dockets under which courts seize property: enforcement, preservation, first instance. */
export const DOCKET_KINDS = [['执', 55], ['执保', 30], ['民初', 15]] as const;

/** Uses of a self-standing (non-office-tower) holding, by the holder's 行业 section letter. */
export const STANDALONE_USES: Record<string, { use: string; landUse: string; termYears: number }> = {
  F: { use: '仓储', landUse: '物流仓储用地', termYears: 50 },
  M: { use: '工业', landUse: '工业用地', termYears: 50 },
  H: { use: '商业', landUse: '零售商业用地', termYears: 40 },
  K: { use: '商业', landUse: '商务金融用地', termYears: 40 },
};
export const DEFAULT_STANDALONE_USE = { use: '办公', landUse: '商务金融用地', termYears: 40 };

/** Office floors in towers: 商务金融用地 has a 40-year term (出让最高年限). */
export const OFFICE_USE = { use: '办公', landUse: '商务金融用地', termYears: 40 };
