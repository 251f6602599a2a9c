import { GraphQLScalarType, Kind } from 'graphql';
import { isMoney, type Money } from './money.ts';

/** ISO calendar dates (yyyy-MM-dd); departments' yyyyMMdd strings are converted by the adapters. */
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(value + 'T00:00:00Z');
  return d.toISOString().slice(0, 10) === value;
}

/** yyyyMMdd → yyyy-MM-dd, or null when the department sent an empty or impossible date. */
export function dateFromCompact(compact: string | null | undefined): string | null {
  if (!compact || !/^\d{8}$/.test(compact)) return null;
  const iso = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
  return isIsoDate(iso) ? iso : null;
}

/** A scalar carried as a string, checked the same way whichever way it travels. */
function stringScalar<T>(name: string, description: string, parse: (value: unknown) => T): GraphQLScalarType<T, T> {
  return new GraphQLScalarType<T, T>({
    name,
    description,
    serialize: parse,
    parseValue: parse,
    parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
  });
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value)) throw new TypeError(`Date must be an ISO date like "2024-09-20", got ${JSON.stringify(value)}`);
  return value;
}

export const DateScalar = stringScalar('Date', '日期 (calendar date), ISO 8601 yyyy-MM-dd, no time zone.', parseDate);

function parseDateTime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /T/.test(value)) return new Date(value).toISOString();
  throw new TypeError(`DateTime must be an ISO 8601 timestamp like "2026-11-01T08:30:00Z", got ${JSON.stringify(value)}`);
}

export const DateTimeScalar = stringScalar('DateTime', '时间 (instant), ISO 8601 in UTC, e.g. 2026-11-01T08:30:00.000Z.', parseDateTime);

function parseMoney(value: unknown): Money {
  if (typeof value === 'string' && isMoney(value)) return value;
  throw new TypeError(`Money must be a decimal string in yuan with two places, like "12345.67", got ${JSON.stringify(value)}`);
}

export const MoneyScalar = stringScalar('Money', '金额 (amount of money) in yuan (元), as a decimal string with exactly two places, e.g. "12345.67". Never a float.', parseMoney);

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar, Money: MoneyScalar };
