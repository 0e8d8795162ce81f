// A query's text as tokens, each with the offset and length it came from, for the errors.
// Words may hold '-' and '.' (test-fraction, leaky-relu, cross-entropy) but must start with a
// letter (of any alphabet) or '_'; numbers may end in '%' (97%).

import { QueryError } from './errors.ts';

export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | '~';

interface At {
  readonly offset: number;
  readonly length: number;
}

export type Token = At &
  (
    | { readonly kind: 'word'; readonly text: string }
    | { readonly kind: 'number'; readonly value: number; readonly percent: boolean }
    | { readonly kind: 'string'; readonly text: string }
    | { readonly kind: 'operator'; readonly operator: Operator }
    | { readonly kind: '(' | ')' | ',' | ':' | 'end' }
  );

const WORD = /[\p{L}_][\p{L}\p{N}_.-]*/uy;
// A number run straight into letters (`64abc`) is a word, and the field then says what it takes.
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?(%?)(?![\p{L}\p{N}_.])/iuy;
// '==' reads as '=', for those who write it so.
const OPERATOR = /==|!=|<=|>=|[=<>~]/y;
const SPACE = /\s+/y;

function match(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** Every token of `text`, ending with an 'end' token at its length. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const space = match(SPACE, text, at);
    if (space !== null) {
      at += space[0].length;
      continue;
    }
    const token = tokenAt(text, at);
    tokens.push(token);
    at += token.length;
  }
  tokens.push({ kind: 'end', offset: text.length, length: 0 });
  return tokens;
}

function tokenAt(text: string, offset: number): Token {
  const c = text[offset];
  if (c === '(' || c === ')' || c === ',' || c === ':') return { kind: c, offset, length: 1 };
  if (c === '"' || c === "'") return quoted(text, offset);
  const number = match(NUMBER, text, offset);
  if (number !== null) {
    const percent = number[1] === '%';
    const digits = number[0].slice(0, percent ? -1 : undefined);
    return { kind: 'number', value: Number(digits), percent, offset, length: number[0].length };
  }
  const word = match(WORD, text, offset) ?? match(/\d[\p{L}\p{N}_.-]*/uy, text, offset);
  if (word !== null) return { kind: 'word', text: word[0], offset, length: word[0].length };
  const operator = match(OPERATOR, text, offset);
  if (operator !== null) {
    const op = operator[0] === '==' ? '=' : (operator[0] as Operator);
    return { kind: 'operator', operator: op, offset, length: operator[0].length };
  }
  const char = String.fromCodePoint(text.codePointAt(offset) ?? 0);
  throw new QueryError(
    'bad-character',
    `unexpected '${char}'`,
    offset,
    char.length,
    '&|!'.includes(char) ? 'join conditions with and, or, not' : '',
  );
}

/** A string in single or double quotes; a backslash keeps the next character as it is. */
function quoted(text: string, offset: number): Token {
  const quote = text[offset];
  let value = '';
  for (let i = offset + 1; i < text.length; i++) {
    const c = text[i];
    if (c === quote) return { kind: 'string', text: value, offset, length: i + 1 - offset };
    if (c === '\\' && i + 1 < text.length) value += text[++i];
    else value += c;
  }
  throw new QueryError(
    'unclosed-quote',
    `no closing ${quote} for the string`,
    offset,
    text.length - offset,
  );
}
