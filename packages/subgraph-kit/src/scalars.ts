import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { isIsoDate } from '@district/domain';
import { isMoney, moneyFromInput, type Money } from '@district/domain';
import { quoteInput } from '@district/domain';

/**
 * What a literal in the query stands for, for the scalar to judge: a string's text, a number as
 * the number it reads as (so the message can say "got 100"), anything else as nothing.
 */
function literalValue(ast: ValueNode): unknown {
  if (ast.kind === Kind.STRING) return ast.value;
  if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return Number(ast.value);
  return undefined;
}

/**
 * A scalar carried as a string, checked the same way whichever way it travels. `parseInput`
 * reads what a client sends (it may be more lenient, and normalise); `serialize` holds what we
 * send to the canonical form.
 */
function stringScalar<T>(name: string, description: string, serialize: (value: unknown) => T, parseInput = serialize): GraphQLScalarType<T, T> {
  return new GraphQLScalarType<T, T>({
    name,
    description,
    serialize,
    parseValue: parseInput,
    parseLiteral: (ast) => parseInput(literalValue(ast)),
  });
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value)) throw new TypeError(`Date must be an ISO date like "2024-09-20", got ${quoteInput(value)}`);
  return value;
}

export const DateScalar = stringScalar('Date', '日期 (calendar date), ISO 8601 yyyy-MM-dd, no time zone.', parseDate);

function parseDateTime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /T/.test(value)) return new Date(value).toISOString();
  throw new TypeError(`DateTime must be an ISO 8601 timestamp like "2026-11-01T08:30:00Z", got ${quoteInput(value)}`);
}

export const DateTimeScalar = stringScalar('DateTime', '时间 (instant), ISO 8601 in UTC, e.g. 2026-11-01T08:30:00.000Z.', parseDateTime);

/** What we send: exactly two places, always (a department's amount is converted by its adapter). */
function serializeMoney(value: unknown): Money {
  if (typeof value === 'string' && isMoney(value)) return value;
  throw new TypeError(`Money must be a decimal string in yuan with two places, like "12345.67", got ${quoteInput(value)}`);
}

/**
 * What a client may send: a decimal string of yuan with at most two places ("100", "100.5",
 * "100.50"), normalised to two. A string only: a JSON number has been a binary float on its way
 * here (and in the client), and an amount is never rounded for the caller — "1.234" is refused,
 * not made "1.23". Whether a negative or zero amount makes sense is the field's business.
 */
function parseMoneyInput(value: unknown): Money {
  if (typeof value === 'number') {
    throw new TypeError(`Money must be sent as a string of yuan, like "12345.67" or "100", not as a number (a float may already have lost digits): got ${quoteInput(value)}`);
  }
  const verdict = typeof value === 'string' ? moneyFromInput(value) : { problem: 'shape' as const };
  if ('money' in verdict) return verdict.money;
  if (verdict.problem === 'places') {
    throw new TypeError(`Money must have at most two decimal places (fen); an amount is never rounded for you: got ${quoteInput(value)}`);
  }
  throw new TypeError(`Money must be a decimal amount of yuan with at most two decimal places, like "12345.67" or "100", got ${quoteInput(value)}`);
}

export const MoneyScalar = stringScalar(
  'Money',
  '金额 (amount of money) in yuan (元), a decimal string. Sent by us with exactly two places, e.g. "12345.67"; accepted as input with up to two ("100", "100.5"), never as a float.',
  serializeMoney,
  parseMoneyInput,
);

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar, Money: MoneyScalar };
