import type { MortgageKind, RegistrationType, SeizureKind, TitleState } from './codes.ts';

/**
 * What the registry holds about one holder, in plain English field names. The XML element names
 * (QLRMC, BDCDYH, ...) are applied only when a reply is written (serialize.ts), so the model can be
 * compared with the other departments' facts directly (deriveHoldings).
 * Dates are ISO yyyy-MM-dd; amounts and areas are decimal strings with 2 places, as the registry writes them.
 */

/** 不动产单元: one office floor unit or one self-standing building, on its parcel (宗地). */
export interface RealEstateUnit {
  /** 不动产单元号 (BDCDYH, GB/T 37346). */
  unitNo: string;
  /** 宗地代码 (ZDDM): the first 19 characters of the unit number, shared by all units on the parcel. */
  parcelNo: string;
  /** 坐落 (ZL). */
  location: string;
  /** 宗地面积 (ZDMJ), m². */
  parcelArea: string;
  /** 土地用途 (TDYT, GB/T 21010). */
  landUse: string;
  /** 土地使用期限 (SYQQSSJ / SYQJSSJ). */
  landTermFrom: string;
  landTermTo: string;
  /** 幢号 (ZRZH), 户号 (HH), 所在层 (SZC: "16" or "1-5" for a whole building), 总层数 (ZCS). */
  buildingNo: string;
  roomNo: string;
  floor: string;
  totalFloors: number;
  /** 房屋用途 (GHYT): 办公 / 商业 / 住宅 / 工业 / 仓储. */
  use: string;
  /** 房屋结构 (FWJG). */
  structure: string;
  /** 竣工时间 (JGSJ), year. */
  completedYear: number;
  /** 建筑面积 (JZMJ) = 套内建筑面积 (TNJZMJ) + 分摊建筑面积 (FTJZMJ), m². */
  floorArea: string;
  innerArea: string;
  sharedArea: string;
}

/** A 国有建设用地使用权/房屋所有权 (QLLX 4) record. A change of name or a transfer closes it (历史) and, for a change, opens a new one. */
export interface PropertyRight {
  /** 不动产权证书号 (BDCQZH). */
  certificateNo: string;
  unitNo: string;
  /** 权利人名称 (QLRMC) as registered on this record: may lag the enterprise's current name. */
  holderName: string;
  /** 证件号 (ZJH): the USCC. */
  holderId: string;
  /** 权利性质 (QLXZ), land/house, e.g. 出让/市场化商品房. */
  nature: string;
  registrationType: RegistrationType;
  /** 登簿时间 (DBSJ), date part; `registeredTime` (HH:mm:ss) only when it was really recorded (writes). */
  registeredOn: string;
  registeredTime?: string;
  state: TitleState;
  /** 注销时间 (ZXSJ) and 注销原因 (ZXYY) of a 历史 record: 转移登记 (transferred away) or 变更登记 (superseded). */
  endedOn?: string;
  endReason?: '转移登记' | '变更登记';
}

/** 抵押权 (QLLX 23) on one unit. */
export interface Mortgage {
  /** 不动产登记证明号 (BDCDJZMH), 不动产证明第…号. */
  proofNo: string;
  unitNo: string;
  kind: MortgageKind;
  /** 被担保主债权数额 (BDBZZQSE) for 一般抵押, 最高债权额 (ZGZQSE) for 最高额抵押, 万元. */
  amountWan: string;
  /** 债务履行期限 (ZWLXQXQSSJ / ZWLXQXJSSJ). */
  debtFrom: string;
  debtTo: string;
  /** 抵押权人 (DYQR), a bank; 抵押人 (DYR), the holder as named when the mortgage was registered. */
  mortgagee: string;
  mortgagor: string;
  registeredOn: string;
  state: TitleState;
  /** 注销时间 (ZXSJ) when the mortgage was discharged. */
  cancelledOn?: string;
}

/** 查封 on one unit, by a court. */
export interface Seizure {
  unitNo: string;
  /** 查封机关 (CFJG) and 查封文号 (CFWH). */
  authority: string;
  docketNo: string;
  kind: SeizureKind;
  /** 查封期限 (CFQSSJ / CFJSSJ): at most 3 years per term (预查封 2). */
  from: string;
  to: string;
  registeredOn: string;
  state: TitleState;
  /** 解封时间 (JFSJ). */
  releasedOn?: string;
}

export interface Holdings {
  uscc: string;
  /** The name on the holder's current rights (or latest, when all are 历史); null when it holds nothing. */
  holderName: string | null;
  units: RealEstateUnit[];
  rights: PropertyRight[];
  mortgages: Mortgage[];
  seizures: Seizure[];
}
