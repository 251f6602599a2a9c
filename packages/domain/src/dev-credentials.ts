/**
 * Development credentials shared by the local department stand-ins (backends/) and the subgraphs'
 * adapters. They exist so `npm start` works with nothing configured; production mode refuses to
 * start with them (each subgraph's config checks), and real systems issue their own.
 */
export const DEV_CREDENTIALS = {
  /** 市场监管: application key + HMAC-SHA256 secret. */
  market: { appKey: 'laoshan-graph', appSecret: 'dev-market-secret-change-me' },
  /** 税务: 渠道 (channel) id + token, sent in the request head. */
  tax: { channelId: 'ZWFW-LAOSHAN', token: 'dev-tax-token-change-me' },
  /** 医保: 接收方系统代码 and 签名号 of the calling system. */
  medicalInsurance: { senderCode: 'LSZWFW', signNo: 'dev-fsi-sign-change-me' },
  /** 不动产登记: sender id + API key in the XML head. */
  realEstate: { senderId: 'LS-ZWFW', apiKey: 'dev-bdc-key-change-me' },
} as const;
