import { buildUscc } from '@district/domain';
import type { Building, Enterprise } from './types.ts';

/**
 * Named sample buildings and enterprises that tests and docs refer to by name. Their facts are
 * fixed here; everything else in the dataset is generated around them.
 * The README lists them; change both together.
 */

export const SAMPLE_BUILDINGS: { building: Building; enterprises: number }[] = [
  {
    enterprises: 420,
    building: {
      id: 'LS-B001', name: '金岭国际大厦', address: '山东省青岛市崂山区海尔路180号', street: '金家岭街道', floors: 38, completedYear: 2012,
      staff: [{ id: 'LXE-0011', name: '于晓燕', phone: '13805321101' }, { id: 'LXE-0012', name: '孙浩然', phone: '13905321102' }],
    },
  },
  {
    enterprises: 210,
    building: {
      id: 'LS-B002', name: '崂山科创中心', address: '山东省青岛市崂山区株洲路151号', street: '中韩街道', floors: 24, completedYear: 2015,
      staff: [{ id: 'LXE-0021', name: '刘思远', phone: '13705322201' }],
    },
  },
  {
    enterprises: 12,
    building: {
      id: 'LS-B003', name: '石老人商务楼', address: '山东省青岛市崂山区东海东路66号', street: '中韩街道', floors: 9, completedYear: 2003,
      staff: [{ id: 'LXE-0031', name: '周梓萱', phone: '13605323301' }],
    },
  },
];

export const SAMPLE_USCC = {
  /** A healthy technology company in 金岭国际大厦: registered, taxed (credit A), insured, one office unit. */
  healthy: buildUscc('9', '1', '370212', 'MA3C1234'),
  /** A trading company deregistered in 2024: 清税 done, insurance closed, property disposed first. */
  deregistered: buildUscc('9', '1', '370212', '78649015'),
  /** A construction company with tax and insurance arrears, two units, a mortgage and a 查封. */
  troubled: buildUscc('9', '1', '370212', '16358973'),
  /** A 个体工商户 (convenience store) with the same subject code as `healthy`, class 2. */
  individual: buildUscc('9', '2', '370212', 'MA3C1234'),
  /** A branch (分公司) of `healthy`. */
  branch: buildUscc('9', '1', '370212', 'MA3D0001'),
  /** Renamed in 2022; the 不动产 holder name still shows the old name (no name-change registration yet). */
  renamed: buildUscc('9', '1', '370212', 'MA3D0002'),
  /** On the 经营异常名录 (annual report not filed) and a 非正常户 at the tax bureau. */
  abnormal: buildUscc('9', '1', '370212', 'MA3D0003'),
  /** Licence revoked (吊销), not deregistered. */
  revoked: buildUscc('9', '1', '370212', 'MA3D0004'),
  /** Opened in October 2026: still in the 开办 stage. */
  newlyOpened: buildUscc('9', '1', '370212', 'MA3D0005'),
} as const;

const noTrouble = { taxArrears: false, taxAbnormal: false, insuranceArrears: false };
const noProperty = { units: 0, mortgaged: false, seized: false };
const IT = { code: 'I', label: '信息传输、软件和信息技术服务业' };
const IT_SCOPE = '一般项目：软件开发；信息技术咨询服务；技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广。';

export const SAMPLE_ENTERPRISES: Enterprise[] = [
  {
    sample: 'healthy', uscc: SAMPLE_USCC.healthy, name: '青岛海岸线科技有限公司', entityClass: 'ENTERPRISE', typeCode: '1130',
    buildingId: 'LS-B001', address: '山东省青岛市崂山区海尔路180号金岭国际大厦1608室',
    legalRepresentative: { name: '王海涛', idNumber: '37021219820315201X', phone: '13805329876' },
    registeredCapitalWan: 500, currency: 'CNY', establishedOn: '2016-03-18', termTo: null, businessScope: IT_SCOPE, industry: IT,
    status: 'EXISTING', statusOn: null, parentUscc: null, employees: 46,
    changes: [{ on: '2019-07-02', item: 'ADDRESS', before: '山东省青岛市崂山区松岭路169号', after: '山东省青岛市崂山区海尔路180号金岭国际大厦1608室' }],
    trouble: noTrouble, property: { units: 1, mortgaged: false, seized: false, firstAcquiredOn: '2019-05-20' }, vatKind: 'GENERAL', insured: true,
  },
  {
    sample: 'deregistered', uscc: SAMPLE_USCC.deregistered, name: '青岛崂山湾贸易有限公司', entityClass: 'ENTERPRISE', typeCode: '1151',
    buildingId: 'LS-B002', address: '山东省青岛市崂山区株洲路151号崂山科创中心702室',
    legalRepresentative: { name: '陈静', idNumber: '370203197905128021', phone: '13953201234' },
    registeredCapitalWan: 100, currency: 'CNY', establishedOn: '2012-05-10', termTo: '2032-05-09',
    businessScope: '一般项目：货物进出口；技术进出口；日用百货销售；五金产品批发。', industry: { code: 'F', label: '批发和零售业' },
    status: 'DEREGISTERED', statusOn: '2024-09-20', parentUscc: null, employees: 6, changes: [],
    trouble: noTrouble, property: { units: 1, mortgaged: false, seized: false, firstAcquiredOn: '2015-08-03', disposedOn: '2024-03-01' },
    vatKind: 'SMALL_SCALE', insured: true,
  },
  {
    sample: 'troubled', uscc: SAMPLE_USCC.troubled, name: '青岛浮山建设工程有限公司', entityClass: 'ENTERPRISE', typeCode: '1130',
    buildingId: 'LS-B002', address: '山东省青岛市崂山区株洲路151号崂山科创中心1101室',
    legalRepresentative: { name: '赵建国', idNumber: '370212197011043017', phone: '13606481122' },
    registeredCapitalWan: 2000, currency: 'CNY', establishedOn: '2010-07-01', termTo: null,
    businessScope: '许可项目：建设工程施工。一般项目：住宅室内装饰装修。', industry: { code: 'E', label: '建筑业' },
    status: 'EXISTING', statusOn: null, parentUscc: null, employees: 120,
    changes: [{ on: '2018-04-16', item: 'REGISTERED_CAPITAL', before: '1000万元', after: '2000万元' }],
    trouble: { taxArrears: true, taxAbnormal: false, insuranceArrears: true },
    property: { units: 2, mortgaged: true, seized: true, firstAcquiredOn: '2013-11-12' }, vatKind: 'GENERAL', insured: true,
  },
  {
    sample: 'individual', uscc: SAMPLE_USCC.individual, name: '崂山区海岸线便利店', entityClass: 'INDIVIDUAL_BUSINESS', typeCode: null,
    buildingId: null, address: '山东省青岛市崂山区沙子口街道南九水路12号',
    legalRepresentative: { name: '李秀兰', idNumber: '370212196803214027', phone: '15863901234' },
    registeredCapitalWan: 5, currency: 'CNY', establishedOn: '2019-06-06', termTo: null, businessScope: '一般项目：日用百货销售；食品销售（仅销售预包装食品）。',
    industry: { code: 'F', label: '批发和零售业' }, status: 'EXISTING', statusOn: null, parentUscc: null, employees: 2, changes: [],
    trouble: noTrouble, property: noProperty, vatKind: 'SMALL_SCALE', insured: true,
  },
  {
    sample: 'branch', uscc: SAMPLE_USCC.branch, name: '青岛海岸线科技有限公司金家岭分公司', entityClass: 'ENTERPRISE', typeCode: '2130',
    buildingId: 'LS-B001', address: '山东省青岛市崂山区海尔路180号金岭国际大厦2203室',
    legalRepresentative: { name: '王海涛', idNumber: '37021219820315201X', phone: '13805329876' },
    registeredCapitalWan: 0, currency: 'CNY', establishedOn: '2021-09-09', termTo: null, businessScope: IT_SCOPE, industry: IT,
    status: 'EXISTING', statusOn: null, parentUscc: SAMPLE_USCC.healthy, employees: 12, changes: [],
    trouble: noTrouble, property: noProperty, vatKind: 'SMALL_SCALE', insured: true,
  },
  {
    sample: 'renamed', uscc: SAMPLE_USCC.renamed, name: '青岛云帆信息技术有限公司', entityClass: 'ENTERPRISE', typeCode: '1151',
    buildingId: 'LS-B001', address: '山东省青岛市崂山区海尔路180号金岭国际大厦906室',
    legalRepresentative: { name: '郑雨轩', idNumber: '370202198807070514', phone: '18661801234' },
    registeredCapitalWan: 200, currency: 'CNY', establishedOn: '2017-02-14', termTo: null, businessScope: IT_SCOPE, industry: IT,
    status: 'EXISTING', statusOn: null, parentUscc: null, employees: 18,
    changes: [{ on: '2022-08-15', item: 'NAME', before: '青岛云帆网络科技有限公司', after: '青岛云帆信息技术有限公司' }],
    trouble: noTrouble, property: { units: 1, mortgaged: true, seized: false, firstAcquiredOn: '2020-06-30' }, vatKind: 'SMALL_SCALE', insured: true,
  },
  {
    sample: 'abnormal', uscc: SAMPLE_USCC.abnormal, name: '青岛石老人商务咨询有限公司', entityClass: 'ENTERPRISE', typeCode: '1151',
    buildingId: 'LS-B003', address: '山东省青岛市崂山区东海东路66号石老人商务楼305室',
    legalRepresentative: { name: '吴磊', idNumber: '370213199102283038', phone: '17753201234' },
    registeredCapitalWan: 50, currency: 'CNY', establishedOn: '2020-11-25', termTo: null,
    businessScope: '一般项目：企业管理咨询；信息咨询服务（不含许可类信息咨询服务）。', industry: { code: 'L', label: '租赁和商务服务业' },
    status: 'EXISTING', statusOn: null, parentUscc: null, employees: 0, changes: [],
    trouble: { abnormalList: { listedOn: '2025-07-10', reason: 'ANNUAL_REPORT_NOT_FILED' }, taxArrears: false, taxAbnormal: true, insuranceArrears: false },
    property: noProperty, vatKind: 'SMALL_SCALE', insured: false,
  },
  {
    sample: 'revoked', uscc: SAMPLE_USCC.revoked, name: '青岛麦岛餐饮管理有限公司', entityClass: 'ENTERPRISE', typeCode: '1130',
    buildingId: null, address: '山东省青岛市崂山区东海东路88号',
    legalRepresentative: { name: '黄丽', idNumber: '370211198506154024', phone: '13573801234' },
    registeredCapitalWan: 30, currency: 'CNY', establishedOn: '2014-04-01', termTo: null,
    businessScope: '许可项目：餐饮服务。一般项目：餐饮管理；酒店管理。', industry: { code: 'H', label: '住宿和餐饮业' },
    status: 'REVOKED_NOT_DEREGISTERED', statusOn: '2021-12-03', parentUscc: null, employees: 0, changes: [],
    trouble: { abnormalList: { listedOn: '2018-07-02', reason: 'UNREACHABLE_AT_ADDRESS' }, taxArrears: true, taxAbnormal: true, insuranceArrears: false },
    property: noProperty, vatKind: 'SMALL_SCALE', insured: true,
  },
  {
    sample: 'newlyOpened', uscc: SAMPLE_USCC.newlyOpened, name: '青岛海创智能科技有限公司', entityClass: 'ENTERPRISE', typeCode: '1130',
    buildingId: 'LS-B002', address: '山东省青岛市崂山区株洲路151号崂山科创中心1802室',
    legalRepresentative: { name: '孙博文', idNumber: '370212199512120016', phone: '18561801234' },
    registeredCapitalWan: 100, currency: 'CNY', establishedOn: '2026-10-20', termTo: null, businessScope: IT_SCOPE, industry: IT,
    status: 'EXISTING', statusOn: null, parentUscc: null, employees: 3, changes: [],
    trouble: noTrouble, property: noProperty, vatKind: 'SMALL_SCALE', insured: true,
  },
];
