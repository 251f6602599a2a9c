import { createHash, randomInt } from 'node:crypto';

/**
 * The platform's request envelope (医疗保障信息平台 通用报文): one JSON shape for every
 * transaction (infno), with our identity, a message id and the business fields in input.data.
 */

/** The one endpoint every transaction is posted to. */
export const CALL_SERVICE_PATH = '/fsi/api/rsfComIfsService/callService';
/** 崂山区: 参保地 / 就医地医保区划 of every employer this district serves. */
export const DISTRICT_ADMDVS = '370212';
export const SENDER_NAME = '崂山区政务服务平台';
const MSGID_LENGTH = 30;
const INTERFACE_VERSION = 'V1.0';

export interface MessageOptions {
  /** 接收方系统代码 recer_sys_code (also our operator and organisation code). */
  senderCode: string;
  /** 签名号 sign_no. */
  signNo: string;
  now?: () => Date;
  /**
   * Digits that set this process's msgids apart from other instances sharing the sender code
   * (default random). The platform remembers the msgids of writes, so two instances must never
   * send the same one in the same second.
   */
  instanceTag?: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Beijing wall-clock time (UTC+8, no DST) whatever the host's zone: the platform's clock. */
export function beijingTime(date: Date): { compact: string; text: string } {
  const d = new Date(date.getTime() + 8 * 3_600_000);
  const [y, mo, da, h, mi, s] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  return { compact: `${y}${pad(mo)}${pad(da)}${pad(h)}${pad(mi)}${pad(s)}`, text: `${y}-${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}:${pad(s)}` };
}

/** Builds request bodies with msgids in the platform's style: sender code + yyyyMMddHHmmss + sequence, 30 characters. */
export class MessageFactory {
  private sequence = 0;
  private readonly tag: string;
  private readonly counterDigits: number;
  private readonly now: () => Date;

  constructor(private readonly options: MessageOptions) {
    const room = MSGID_LENGTH - options.senderCode.length - 14;
    if (room < 6) throw new Error(`sender code "${options.senderCode}" leaves ${room} characters for the msgid sequence; at most ${MSGID_LENGTH - 20} characters fit`);
    const tagDigits = Math.min(4, room - 4);
    this.tag = options.instanceTag ?? pad(randomInt(0, 10 ** tagDigits), tagDigits);
    if (!new RegExp(`^\\d{${tagDigits}}$`).test(this.tag)) throw new Error(`instanceTag must be ${tagDigits} digits`);
    // The counter only has to stay unique within one second; at the platform's rate limit it never wraps there.
    this.counterDigits = room - tagDigits;
    this.now = options.now ?? (() => new Date());
  }

  /** The JSON body for one transaction about one employer, and its msgid (a write passes its own: see writeMsgid). */
  build(infno: string, data: Record<string, string>, fixedMsgid?: string): { msgid: string; body: string } {
    const time = beijingTime(this.now());
    this.sequence = (this.sequence + 1) % 10 ** this.counterDigits;
    const msgid = fixedMsgid ?? this.options.senderCode + time.compact + this.tag + pad(this.sequence, this.counterDigits);
    const { senderCode, signNo } = this.options;
    const envelope = {
      infno, msgid, mdtrtarea_admvs: DISTRICT_ADMDVS, insuplc_admdvs: DISTRICT_ADMDVS,
      recer_sys_code: senderCode, sign_no: signNo, infver: INTERFACE_VERSION,
      opter_type: '1', opter: senderCode, opter_name: SENDER_NAME, inf_time: time.text,
      fixmedins_code: senderCode, fixmedins_name: SENDER_NAME,
      input: { data },
    };
    return { msgid, body: JSON.stringify(envelope) };
  }
}

/**
 * The msgid of one of our writes: the platform's idempotency key, derived from the caller's key
 * alone (and the operation), so an attempt after a crash or timeout sends the same one and the
 * platform replays its first reply. Hashed into the platform's 1–30 of [0-9A-Za-z_-].
 */
export const writeMsgid = (operation: string, idempotencyKey: string): string =>
  `W${createHash('sha256').update(`medical-insurance:${operation}:${idempotencyKey}`).digest('hex').slice(0, 29)}`;
