/**
 * 不动产单元号 (real-estate unit number, GB/T 37346-2019) and 不动产权证书号 / 登记证明号
 * (certificate numbers), built and checked here so no malformed number leaves the registry.
 */

/** domain.md §1.6: 6 region + 3 地籍区 + 3 地籍子区 + 2 宗地特征码 + 5 宗地顺序号 + 1 定着物特征码 + 8 定着物单元编号. */
export const UNIT_NUMBER_REGEX = /^\d{12}[GJZ][A-Z]\d{5}[FLQW]\d{8}$/;
/** domain.md §1.7. */
export const CERTIFICATE_REGEX = /^[\u4e00-\u9fa5][(（]\d{4}[)）][\u4e00-\u9fa5]+不动产(权|证明)第\d{7,8}号$/;

/** 宗地特征码, second character: what the land right is (B = 建设用地使用权, on the surface). */
const LAND_RIGHT_KINDS = 'ABSXCDEFHWY';
/** 定着物特征码: F 房屋等建筑物/构筑物, L 森林林木, Q 其他, W 无定着物. */
const FIXTURE_KINDS = 'FLQW';

export interface Parcel {
  /** 县级行政区划, e.g. 370212. */
  region: string;
  /** 地籍区, 3 digits. */
  district: number;
  /** 地籍子区, 3 digits. */
  subDistrict: number;
  /** 宗地特征码: G 国有 + B 建设用地使用权 for every parcel here. */
  landCode: string;
  /** 宗地顺序号, 5 digits. */
  sequence: number;
}

export interface UnitNumberParts extends Parcel {
  fixtureKind: string;
  /** 幢号, 4 digits. */
  buildingNo: number;
  /** 户号, 4 digits. */
  roomNo: number;
}

const pad = (n: number, width: number, what: string): string => {
  if (!Number.isInteger(n) || n < 0 || n >= 10 ** width) throw new RangeError(`${what} ${n} does not fit in ${width} digits`);
  return String(n).padStart(width, '0');
};

/** 宗地代码 (parcel number): the first 19 characters of every unit number on the parcel. */
export function parcelCode(p: Parcel): string {
  if (!/^\d{6}$/.test(p.region)) throw new RangeError(`region ${p.region} must be 6 digits`);
  if (!/^[GJZ][A-Z]$/.test(p.landCode)) throw new RangeError(`宗地特征码 ${p.landCode} is not G/J/Z + a letter`);
  return p.region + pad(p.district, 3, '地籍区') + pad(p.subDistrict, 3, '地籍子区') + p.landCode + pad(p.sequence, 5, '宗地顺序号');
}

export function buildUnitNumber(u: UnitNumberParts): string {
  if (!FIXTURE_KINDS.includes(u.fixtureKind) || u.fixtureKind.length !== 1) throw new RangeError(`定着物特征码 ${u.fixtureKind} is not one of F, L, Q, W`);
  return parcelCode(u) + u.fixtureKind + pad(u.buildingNo, 4, '幢号') + pad(u.roomNo, 4, '户号');
}

/** Why a string is not a unit number, or null when it is one. Written for the 2002 reply. */
export function describeUnitNumberProblem(input: string): string | null {
  if (input.length !== 28) return `不动产单元号 (BDCDYH) must be 28 characters (6+3+3+2+5+1+8, GB/T 37346), "${input}" has ${input.length}`;
  if (!/^\d{12}$/.test(input.slice(0, 12))) return `不动产单元号 "${input}": characters 1–12 (行政区划, 地籍区, 地籍子区) must be digits`;
  if (!'GJZ'.includes(input[12])) return `不动产单元号 "${input}": character 13 (宗地特征码, ownership) must be G, J or Z, got "${input[12]}"`;
  if (!LAND_RIGHT_KINDS.includes(input[13]) || !/[A-Z]/.test(input[13])) return `不动产单元号 "${input}": character 14 (宗地特征码, land right) must be one of ${[...LAND_RIGHT_KINDS].join(', ')}, got "${input[13]}"`;
  if (!/^\d{5}$/.test(input.slice(14, 19))) return `不动产单元号 "${input}": characters 15–19 (宗地顺序号) must be digits`;
  if (!FIXTURE_KINDS.includes(input[19])) return `不动产单元号 "${input}": character 20 (定着物特征码) must be F, L, Q or W, got "${input[19]}"`;
  if (!/^\d{8}$/.test(input.slice(20))) return `不动产单元号 "${input}": characters 21–28 (定着物单元编号) must be digits`;
  return null;
}

export const isUnitNumber = (input: string): boolean => describeUnitNumberProblem(input) === null && UNIT_NUMBER_REGEX.test(input);

/** Province abbreviation and city/county as this registry writes them (whether Qingdao adds the district is unverified). */
export const CERTIFICATE_ISSUER = { province: '鲁', place: '青岛市崂山区' } as const;

/**
 * Certificate serials are unique by construction: every certificate gets a distinct code below
 * 10^7, scrambled by a bijection (a multiplier coprime with 10^7) so numbers look like a registry's
 * running count rather than our allocation order.
 */
export function certificateSerial(code: number): string {
  if (!Number.isInteger(code) || code < 0 || code >= 10_000_000) throw new RangeError(`certificate code ${code} out of range`);
  return String((code * 6_364_137 + 104_729) % 10_000_000).padStart(7, '0');
}

/** 不动产权证书号 (kind 'title') or 不动产登记证明号 (kind 'proof', for 抵押 and 预告). */
export function certificateNumber(kind: 'title' | 'proof', year: number, code: number): string {
  const word = kind === 'title' ? '不动产权' : '不动产证明';
  return `${CERTIFICATE_ISSUER.province}(${year})${CERTIFICATE_ISSUER.place}${word}第${certificateSerial(code)}号`;
}
