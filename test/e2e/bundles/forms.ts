/** The one opening form (一套表单) the bundle tests submit; a fresh name each time unless given. */
let seq = 0;
export const openingForm = (key: string, name = `青岛崂山测试${++seq}号科技有限公司`) => ({
  idempotencyKey: key, name, typeCode: '1130', registeredCapital: '1000000.00', address: '山东省青岛市崂山区海尔路1号',
  businessScope: '软件开发；信息技术咨询服务', legalRepresentative: { name: '张三', idNumber: '370212198001011235', phone: '13800000001' },
});
