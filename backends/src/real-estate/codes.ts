/**
 * The registry's own reply codes and code tables (代码表). They are deliberately its own, not our
 * GraphQL error codes: the real-estate adapter translates them (backends/docs/real-estate.md).
 */

/** Reply codes carried in Response/Head/Code. HTTP 200 carries every business reply, success or not. */
export const CODES = {
  OK: { code: '0000', message: '成功', http: 200 },
  AUTH_FAILED: { code: '1001', message: '认证失败', http: 200 },
  UNKNOWN_BIZ_CODE: { code: '1002', message: '业务编码不存在', http: 200 },
  MALFORMED: { code: '2001', message: '报文格式错误', http: 200 },
  BAD_PARAMETER: { code: '2002', message: '参数错误', http: 200 },
  BATCH_TOO_LARGE: { code: '2003', message: '批量查询超过上限20', http: 200 },
  BODY_TOO_LARGE: { code: '2004', message: '报文超过1MB上限', http: 413 },
  /** The same Head/SerialNo came with a different request: never a silent second write. */
  SERIAL_REUSED: { code: '3001', message: '业务流水号重复且报文内容不一致', http: 200 },
  /** The change evidence does not fit the register (e.g. the stated old name is not the holder's). */
  EVIDENCE_MISMATCH: { code: '3002', message: '变更材料与登记簿不符', http: 200 },
  NAME_UNCHANGED: { code: '3003', message: '权利人名称未发生变化，无需变更登记', http: 200 },
  NOT_FOUND: { code: '4004', message: '无记录', http: 200 },
  NO_SUCH_ENDPOINT: { code: '4040', message: '接口不存在', http: 404 },
  RATE_LIMITED: { code: '4290', message: '访问过于频繁', http: 429 },
  SYSTEM_ERROR: { code: '5000', message: '系统异常', http: 500 },
} as const;

export type ReplyCode = (typeof CODES)[keyof typeof CODES];

/** Business codes (业务编码) in Request/Head/BizCode. */
export const BIZ_CODES = {
  /** 按权利人证件号查询产权 (rights, with their mortgages and seizures, by holder certificate number). */
  QUERY_RIGHTS: 'CX_QLXX',
  /** 按不动产单元号查询不动产单元. */
  QUERY_UNITS: 'CX_BDCDY',
  /** 权利人名称变更登记 (a holder's change of name, on application). */
  CHANGE_HOLDER_NAME: 'DJ_QLRMCBG',
} as const;

/** Items one query may ask for: more is refused with 2003, never truncated. */
export const MAX_BATCH = 20;

/** 权利类型 (QLLX) of the 不动产登记数据库标准, the subset this registry issues. */
export const QLLX = {
  LAND_AND_BUILDING: { code: '4', name: '国有建设用地使用权/房屋（构筑物）所有权' },
  MORTGAGE: { code: '23', name: '抵押权' },
} as const;

/** 证件种类 (ZJZL). The code for 统一社会信用代码 follows vendor dictionaries and is unverified (domain.md §6). */
export const ZJZL_USCC = { code: '8', name: '统一社会信用代码' } as const;

/** 登记类型 (DJLX), written as names: their numeric codes are unverified (domain.md §2.4, §6). */
export type RegistrationType = '首次登记' | '转移登记' | '变更登记' | '注销登记' | '查封登记';

/** 权属状态 (QSZT). */
export type TitleState = '现势' | '历史';

/** 抵押方式 (DYFS). */
export type MortgageKind = '一般抵押' | '最高额抵押';

/** 查封类型 (CFLX). */
export type SeizureKind = '查封' | '轮候查封' | '预查封' | '续封';

/** 共有方式 (GYFS): every enterprise in the district holds alone. */
export const GYFS_SOLE = '单独所有';
