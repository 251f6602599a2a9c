import { describe, expect, it } from 'vitest';
import { quoteInput, QUOTE_MAX_CHARACTERS, shortenQuotedValues } from './quote.ts';

describe('quoteInput', () => {
  it('quotes a short value whole, as JSON', () => {
    expect(quoteInput('91370212MA3C12346Y')).toBe('"91370212MA3C12346Y"');
    expect(quoteInput('a"b\nc')).toBe('"a\\"b\\nc"');
    expect(quoteInput(12.5)).toBe('12.5');
    expect(quoteInput(null)).toBe('null');
    expect(quoteInput(undefined)).toBe('nothing');
  });

  it('quotes a prefix of a long value and says how long it was', () => {
    const quoted = quoteInput('9'.repeat(900_000));
    expect(quoted).toBe(`"${'9'.repeat(QUOTE_MAX_CHARACTERS)}"…(900000 characters)`);
    expect(quoted.length).toBeLessThan(80);
  });

  it('counts and cuts characters, never half a surrogate pair', () => {
    const quoted = quoteInput('𠀀'.repeat(50), 3);
    expect(quoted).toBe('"𠀀𠀀𠀀"…(50 characters)');
    // 41 UTF-16 units but 21 characters: not cut.
    expect(quoteInput('𠀀'.repeat(20) + 'a')).toBe(JSON.stringify('𠀀'.repeat(20) + 'a'));
  });

  it('cuts a long value that is not a string', () => {
    const quoted = quoteInput({ list: Array.from({ length: 10_000 }, (_, i) => i) });
    expect(quoted.length).toBeLessThan(100);
    expect(quoted).toMatch(/^\{"list":\[0,1,2,.*…\(\d+ characters of JSON\)$/);
  });
});

describe('shortenQuotedValues', () => {
  it('cuts the long quoted values graphql-js echoes, and leaves the rest of the message', () => {
    const huge = 'x'.repeat(900_000);
    const message = `Variable "$on" got invalid value ${JSON.stringify(huge)} at "on"; Expected type "Date". Date must be an ISO date like "2024-09-20", got ${quoteInput(huge)}`;
    const short = shortenQuotedValues(message);
    expect(short).toBe(`Variable "$on" got invalid value "${'x'.repeat(QUOTE_MAX_CHARACTERS)}"…(900000 characters) at "on"; Expected type "Date". Date must be an ISO date like "2024-09-20", got ${quoteInput(huge)}`);
  });

  it('reads escapes as JSON does, and leaves short messages alone', () => {
    const value = 'a\"b'.repeat(100);
    expect(shortenQuotedValues(`found ${JSON.stringify(value)}; Date must be …`)).toBe(`found ${quoteInput(value)}; Date must be …`);
    expect(shortenQuotedValues('Expected value of type "Date", found "x".')).toBe('Expected value of type "Date", found "x".');
  });
});
