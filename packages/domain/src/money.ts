import { quoteInput } from './quote.ts';

/**
 * Money as the graph shows it: decimal yuan with exactly two places, as a string ("12345.67").
 * Never a float: departments send fen integers, 万元 strings or yuan numbers, and every
 * conversion here goes through integer fen (BigInt), so no amount is ever rounded by accident.
 */
export type Money = string;

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Integer fen → "123.45". */
export function moneyFromFen(fen: bigint | number): Money {
  const f = BigInt(fen);
  const neg = f < 0n;
  const abs = neg ? -f : f;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** A decimal string in `unit` (1 = yuan, 10000 = 万元) → fen; more than fen precision is rounded half up. */
export function decimalToFen(text: string, unit: 1 | 10_000 = 1): bigint {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new Error(`not a decimal amount: ${quoteInput(text)}`);
  const [, sign, whole, frac = ''] = m;
  // Scale to fen: yuan has 2 places, 万元 has 6.
  const places = unit === 1 ? 2 : 6;
  const padded = (frac + '0'.repeat(places + 1)).slice(0, places + 1);
  let fen = BigInt(whole) * BigInt(unit) * 100n + BigInt(padded.slice(0, places));
  if (Number(padded[places]) >= 5) fen += 1n;
  return sign ? -fen : fen;
}

export const moneyFromYuanString = (text: string): Money => moneyFromFen(decimalToFen(text, 1));
export const moneyFromWanString = (text: string): Money => moneyFromFen(decimalToFen(text, 10_000));
/** For systems that send yuan as JSON numbers with at most two decimals. */
export const moneyFromYuanNumber = (yuan: number): Money => moneyFromFen(Math.round(yuan * 100));

export const moneyToFen = (money: Money): bigint => decimalToFen(money, 1);
export const sumMoney = (amounts: Money[]): Money => moneyFromFen(amounts.reduce((s, a) => s + moneyToFen(a), 0n));
export const isMoney = (text: string): boolean => /^-?\d+\.\d{2}$/.test(text);

/** Most integer digits of yuan accepted as input: 16 (a thousand trillion yuan) is beyond any amount the departments hold. */
export const MONEY_INPUT_MAX_DIGITS = 16;
const MONEY_INPUT = new RegExp(`^-?\\d{1,${MONEY_INPUT_MAX_DIGITS}}(\\.\\d+)?$`);

/**
 * An amount a user typed: yuan with at most two decimal places ("100", "100.5", "-3.25"), no
 * spaces, signs other than "-", grouping or exponents. Normalised to two places through fen,
 * never rounded: more than two places is `places`, anything else not an amount is `shape`.
 */
export function moneyFromInput(text: string): { money: Money } | { problem: 'shape' | 'places' } {
  if (!MONEY_INPUT.test(text)) return { problem: 'shape' };
  const places = text.split('.')[1]?.length ?? 0;
  if (places > 2) return { problem: 'places' };
  return { money: moneyFromFen(decimalToFen(text, 1)) };
}
