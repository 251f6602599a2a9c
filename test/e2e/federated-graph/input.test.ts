import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUscc } from '@district/domain';
import { startStack, type Stack } from '../../src/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const enterprise = (uscc: string) => stack.query('query($uscc: ID!) { enterprise(uscc: $uscc) { uscc registration { name } } }', { uscc });

describe('input at the edge', () => {
  it('refuses a USCC whose check character is wrong, saying which character was expected', async () => {
    const res = await enterprise('91370212MA3C12346Y');
    expect(res.data?.enterprise).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/check character.*expected "X".*got "Y"/);
  });

  it('refuses a USCC of the wrong length or with a letter the standard never uses', async () => {
    const short = await enterprise('9137021');
    expect(short.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(short.errors?.[0].message).toMatch(/18 characters/);
    const letterO = await enterprise('91370212MA3C1234OX');
    expect(letterO.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(letterO.errors?.[0].message).toMatch(/character 17 "O"/);
  });

  it('refuses a 900,000-character USCC with a short message that still says what is wrong', async () => {
    const res = await enterprise('9'.repeat(900_000));
    expect(res.data?.enterprise).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/18 characters.*900000/);
    expect(JSON.stringify(res).length).toBeLessThan(1_000);
  });

  it('answers null, without an error, for a valid USCC nobody registered', async () => {
    const unknown = buildUscc('9', '1', '370212', 'MA9Y9999');
    expect(stack.backends.dataset.byUscc.has(unknown)).toBe(false);
    const res = await enterprise(unknown);
    expect(res.errors).toBeUndefined();
    expect(res.data.enterprise).toBeNull();
  });

  it('caps an over-long page at 200 rather than refusing it', async () => {
    const res = await stack.query('{ enterprises(first: 5000) { edges { cursor } pageInfo { hasNextPage } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.enterprises.edges).toHaveLength(200);
    expect(res.data.enterprises.pageInfo.hasNextPage).toBe(true);
  });

  it('refuses a cursor it did not issue and a negative page size, saying what is wrong', async () => {
    const cursor = await stack.query('{ enterprises(first: 1, after: "not-a-cursor") { totalCount } }');
    expect(cursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(cursor.errors?.[0].message).toMatch(/cursor/);
    const negative = await stack.query('{ enterprises(first: -1) { totalCount } }');
    expect(negative.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
