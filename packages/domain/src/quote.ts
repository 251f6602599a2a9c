/**
 * How an error message quotes what the user sent (引用用户输入). A message says what is wrong and
 * shows enough of the value to find it, never the whole value: a 900,000-character argument must
 * not come back as a 900 KB message (nor reach a log line that way). Every message that quotes
 * user input goes through `quoteInput`.
 */

/** Characters of a value quoted before it is cut; enough to recognise a USCC, a unit number or a date. */
export const QUOTE_MAX_CHARACTERS = 40;

/**
 * The value JSON-quoted (control characters escaped, so a message never breaks a log line), cut
 * after `max` characters (code points: a surrogate pair is never split) with the full length
 * appended: `"913702121635897372913702…"…(900000 characters)`. A value that is not a string is
 * shown as JSON (`12.5`, `true`), cut the same way.
 */
export function quoteInput(value: unknown, max = QUOTE_MAX_CHARACTERS): string {
  if (typeof value !== 'string') return quoteJson(value, max);
  // Cheap first: most inputs are short, and the long ones are cut before any copy of the whole.
  if (value.length <= max) return JSON.stringify(value);
  const prefix = Array.from(value.slice(0, max * 2)).slice(0, max);
  const length = codePointLength(value);
  if (length <= max) return JSON.stringify(value);
  return `${JSON.stringify(prefix.join(''))}…(${length} characters)`;
}

/** A double-quoted string as JSON and GraphQL print it (escapes included); unambiguous, so linear. */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

/**
 * A message with every over-long quoted string in it cut as `quoteInput` cuts one. For messages
 * we do not write ourselves: graphql-js echoes a bad variable or literal whole ("Variable "$on"
 * got invalid value "…900,000 characters…"; Expected type "Date". …"), and only strings can be
 * long there (it prints at most ten items of a list and two levels of an object).
 */
export function shortenQuotedValues(message: string, max = QUOTE_MAX_CHARACTERS): string {
  if (message.length <= 4 * max) return message;
  return message.replace(QUOTED, (quoted) => {
    if (quoted.length <= max + 2) return quoted;
    let value: string;
    try {
      value = JSON.parse(quoted) as string;
    } catch {
      value = quoted.slice(1, -1);
    }
    return quoteInput(value, max);
  });
}

function quoteJson(value: unknown, max: number): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  if (text.length <= max) return text;
  return `${text.slice(0, max)}…(${text.length} characters of JSON)`;
}

function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
