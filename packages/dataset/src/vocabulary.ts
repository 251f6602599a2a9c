/** Word lists for plausible 崂山区 names. Invented combinations; any likeness to a real entity is chance. */

export const STREETS = ['中韩街道', '金家岭街道', '沙子口街道', '王哥庄街道', '北宅街道'] as const;

export const ROADS = [
  '海尔路', '株洲路', '香港东路', '深圳路', '松岭路', '秦岭路', '辽阳东路', '东海东路', '梅岭东路', '同安路',
  '青大一路', '银川东路', '苗岭路', '仙霞岭路', '科苑纬一路', '崂山路', '云岭路', '天泰路', '劲松七路', '合肥路',
] as const;

export const BUILDING_PREFIXES = [
  '金岭', '海创', '崂山', '鲁信', '中铁', '海尔', '华润', '中海', '财富', '金融', '科创', '海信', '卓越', '银座', '浮山',
  '石老人', '麦岛', '金家岭', '国信', '青特', '万达', '国际航运', '蓝色硅谷', '海洋', '创智', '凯悦', '颐和', '城发',
] as const;

export const BUILDING_SUFFIXES = ['大厦', '国际中心', '广场', '科技园', '商务中心', '金融中心', '创新中心', '大楼'] as const;

export const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'.split('');
export const GIVEN_CHARS = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文辉鹏玉梅丹志红宇海波晓燕浩然子涵欣怡思远雨轩俊杰梓萱嘉怡一诺博文'.split('');

/** 字号 (trade names): two characters each. */
export const TRADE_NAME_CHARS = '海岸线云帆蓝鲸星辰鼎盛瑞丰华泰恒通嘉禾汇金博远启航中诚鸿运德信同創新达宏图天成万象金岭崂峰翠屏沧海晨曦融创智远睿思卓越'.split('');

export interface IndustryWords {
  code: string;
  label: string;
  words: readonly string[];
  scope: string;
}

/** 行业 (GB/T 4754 sections) with the words enterprises of that trade put in their names. */
export const INDUSTRIES: readonly (readonly [IndustryWords, number])[] = [
  [{ code: 'I', label: '信息传输、软件和信息技术服务业', words: ['科技', '信息技术', '网络科技', '软件', '数字科技', '智能科技'], scope: '一般项目：软件开发；信息技术咨询服务；技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广。' }, 24],
  [{ code: 'L', label: '租赁和商务服务业', words: ['商务咨询', '企业管理', '供应链管理', '人力资源', '会展服务'], scope: '一般项目：企业管理咨询；信息咨询服务（不含许可类信息咨询服务）；会议及展览服务。' }, 20],
  [{ code: 'F', label: '批发和零售业', words: ['贸易', '商贸', '进出口', '国际贸易'], scope: '一般项目：货物进出口；技术进出口；日用百货销售；五金产品批发。' }, 18],
  [{ code: 'M', label: '科学研究和技术服务业', words: ['科技发展', '检测技术', '工程技术', '生物科技', '海洋科技'], scope: '一般项目：工程和技术研究和试验发展；技术服务、技术开发；检验检测服务（依法须经批准的项目除外）。' }, 12],
  [{ code: 'J', label: '金融业', words: ['投资', '资产管理', '私募基金管理', '融资租赁'], scope: '一般项目：以自有资金从事投资活动；融资咨询服务。' }, 5],
  [{ code: 'K', label: '房地产业', words: ['置业', '物业管理', '房地产开发', '不动产经纪'], scope: '许可项目：房地产开发经营。一般项目：物业管理；房地产经纪。' }, 5],
  [{ code: 'E', label: '建筑业', words: ['建设工程', '装饰工程', '建筑劳务', '市政工程'], scope: '许可项目：建设工程施工。一般项目：住宅室内装饰装修。' }, 7],
  [{ code: 'H', label: '住宿和餐饮业', words: ['餐饮管理', '酒店管理', '餐饮服务'], scope: '许可项目：餐饮服务。一般项目：餐饮管理；酒店管理。' }, 4],
  [{ code: 'R', label: '文化、体育和娱乐业', words: ['文化传媒', '影视文化', '体育发展', '文化传播'], scope: '一般项目：组织文化艺术交流活动；广告设计、代理；体育赛事策划。' }, 3],
  [{ code: 'P', label: '教育', words: ['教育咨询', '教育科技', '培训学校'], scope: '一般项目：教育咨询服务（不含涉许可审批的教育培训活动）。' }, 2],
];

/** 个体工商户 shop kinds. */
export const SHOP_KINDS = ['便利店', '餐馆', '理发店', '五金店', '水果店', '茶叶店', '打印店', '洗衣店', '烧烤店', '海鲜店'] as const;
