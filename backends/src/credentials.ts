import { z } from 'zod';
import { DEV_CREDENTIALS } from '@district/domain';
import { loadConfig } from '@district/runtime';

/**
 * 接入凭据: the credentials each stand-in accepts, read from the same variables the subgraph that
 * calls it sends (MARKET_APP_KEY, TAX_TOKEN, …), so a stack run with NODE_ENV=production (which
 * refuses the development values in the subgraphs) still reaches its stand-ins: set each once for
 * both. Unset, the development values (DEV_CREDENTIALS), as before.
 */
const schema = z.object({
  MARKET_APP_KEY: z.string().min(1).default(DEV_CREDENTIALS.market.appKey).describe('市场监管 stand-in: the app key it accepts (the market subgraph sends the same variable)'),
  MARKET_APP_SECRET: z.string().min(1).default(DEV_CREDENTIALS.market.appSecret).describe('市场监管 stand-in: the HMAC secret of that app key'),
  TAX_CHANNEL_ID: z.string().min(1).default(DEV_CREDENTIALS.tax.channelId).describe('税务 stand-in: the channel id it accepts'),
  TAX_TOKEN: z.string().min(1).default(DEV_CREDENTIALS.tax.token).describe('税务 stand-in: the channel token it accepts'),
  MEDICAL_INSURANCE_SENDER_CODE: z.string().min(1).default(DEV_CREDENTIALS.medicalInsurance.senderCode).describe('医保 stand-in: the sender code it accepts'),
  MEDICAL_INSURANCE_SIGN_NO: z.string().min(1).default(DEV_CREDENTIALS.medicalInsurance.signNo).describe('医保 stand-in: the sign number it accepts'),
  REAL_ESTATE_SENDER_ID: z.string().min(1).default(DEV_CREDENTIALS.realEstate.senderId).describe('不动产登记 stand-in: the sender id it accepts'),
  REAL_ESTATE_API_KEY: z.string().min(1).default(DEV_CREDENTIALS.realEstate.apiKey).describe('不动产登记 stand-in: the API key it accepts'),
});
export const backendCredentialsSchema = schema;

/** Each stand-in's accepted credentials, in the shape DEV_CREDENTIALS has. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv) {
  const c = loadConfig(schema, env);
  return {
    market: { appKey: c.MARKET_APP_KEY, appSecret: c.MARKET_APP_SECRET },
    tax: { channelId: c.TAX_CHANNEL_ID, token: c.TAX_TOKEN },
    medicalInsurance: { senderCode: c.MEDICAL_INSURANCE_SENDER_CODE, signNo: c.MEDICAL_INSURANCE_SIGN_NO },
    realEstate: { senderId: c.REAL_ESTATE_SENDER_ID, apiKey: c.REAL_ESTATE_API_KEY },
  } satisfies typeof DEV_CREDENTIALS extends infer D ? { [K in keyof D]: { [F in keyof D[K]]: string } } : never;
}
