import { invalidParameter } from "../http/kintone-error.js";

/**
 * kintone's query language, the part clients use:
 *   [condition] [order by f [asc|desc], …] [limit N] [offset N]
 * where a condition combines `f op value`, `f [not] in (…)`, `f [not] like "…"`,
 * `f is [not] empty` with and/or and parentheses, and values may be "strings", numbers or
 * functions such as LOGINUSER() and TODAY().
 */
export interface Query {
  condition?: Condition;
  orderBy: { field: string; descending: boolean }[];
  limit?: number;
  offset?: number;
}

export type Operator = "=" | "!=" | ">" | "<" | ">=" | "<=" | "in" | "not in" | "like" | "not like";

export type Value =
  | { kind: "string"; value: string }
  | { kind: "number"; value: string }
  | { kind: "function"; name: string; args: string[] };

export type Condition =
  | { kind: "and" | "or"; left: Condition; right: Condition }
  | { kind: "compare"; field: string; operator: Operator; values: Value[] }
  | { kind: "empty"; field: string; negated: boolean };

type Token =
  | { kind: "string"; text: string }
  | { kind: "number"; text: string }
  | { kind: "word"; text: string }
  | { kind: "symbol"; text: string };

export function parseQuery(source: string, key = "query"): Query {
  try {
    return new QueryParser(tokenize(source)).query();
  } catch (error) {
    if (error instanceof SyntaxError)
      throw invalidParameter(key, `The query is not valid: ${error.message}.`);
    throw error;
  }
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (char === '"') {
      let text = "";
      i++;
      while (i < source.length && source[i] !== '"') {
        // A backslash escapes the next character (\" and \\).
        if (source[i] === "\\" && i + 1 < source.length) i++;
        text += source[i++];
      }
      if (i >= source.length) throw new SyntaxError("a string is not closed");
      i++;
      tokens.push({ kind: "string", text });
    } else if ("(),".includes(char)) {
      tokens.push({ kind: "symbol", text: char });
      i++;
    } else if ("=!<>".includes(char)) {
      const two = source.slice(i, i + 2);
      const text = ["!=", ">=", "<="].includes(two) ? two : char;
      if (text === "!") throw new SyntaxError('"!" must be followed by "="');
      tokens.push({ kind: "symbol", text });
      i += text.length;
    } else {
      const match = /^[^\s"(),=!<>]+/.exec(source.slice(i))!;
      const text = match[0];
      tokens.push({ kind: /^-?\d+(\.\d+)?$/.test(text) ? "number" : "word", text });
      i += text.length;
    }
  }
  return tokens;
}

class QueryParser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  query(): Query {
    const query: Query = { orderBy: [] };
    if (
      !this.atEnd() &&
      !this.isKeyword("order") &&
      !this.isKeyword("limit") &&
      !this.isKeyword("offset")
    ) {
      query.condition = this.or();
    }
    if (this.acceptKeyword("order")) {
      this.expectKeyword("by");
      do {
        const field = this.fieldName();
        const descending = this.acceptKeyword("desc") ? true : (this.acceptKeyword("asc"), false);
        query.orderBy.push({ field, descending });
      } while (this.acceptSymbol(","));
    }
    // kintone accepts limit and offset in either order.
    for (let round = 0; round < 2; round++) {
      if (this.acceptKeyword("limit")) query.limit = this.integer("limit");
      else if (this.acceptKeyword("offset")) query.offset = this.integer("offset");
    }
    if (!this.atEnd()) throw new SyntaxError(`unexpected "${this.peek()!.text}"`);
    return query;
  }

  private or(): Condition {
    let left = this.and();
    while (this.acceptKeyword("or")) left = { kind: "or", left, right: this.and() };
    return left;
  }

  private and(): Condition {
    let left = this.primary();
    while (this.acceptKeyword("and")) left = { kind: "and", left, right: this.primary() };
    return left;
  }

  private primary(): Condition {
    if (this.acceptSymbol("(")) {
      const inner = this.or();
      if (!this.acceptSymbol(")")) throw new SyntaxError('a "(" is not closed');
      return inner;
    }
    const field = this.fieldName();
    if (this.acceptKeyword("is")) {
      const negated = this.acceptKeyword("not");
      this.expectKeyword("empty");
      return { kind: "empty", field, negated };
    }
    if (this.acceptKeyword("not")) {
      if (this.acceptKeyword("in"))
        return { kind: "compare", field, operator: "not in", values: this.list() };
      this.expectKeyword("like");
      return { kind: "compare", field, operator: "not like", values: [this.value()] };
    }
    if (this.acceptKeyword("in"))
      return { kind: "compare", field, operator: "in", values: this.list() };
    if (this.acceptKeyword("like"))
      return { kind: "compare", field, operator: "like", values: [this.value()] };
    const token = this.next();
    if (token?.kind !== "symbol" || !["=", "!=", ">", "<", ">=", "<="].includes(token.text)) {
      throw new SyntaxError(`an operator is missing after "${field}"`);
    }
    return { kind: "compare", field, operator: token.text as Operator, values: [this.value()] };
  }

  private list(): Value[] {
    if (!this.acceptSymbol("(")) throw new SyntaxError('"in" needs a list in parentheses');
    const values = [this.value()];
    while (this.acceptSymbol(",")) values.push(this.value());
    if (!this.acceptSymbol(")")) throw new SyntaxError("a list is not closed");
    return values;
  }

  private value(): Value {
    const token = this.next();
    if (token?.kind === "string") return { kind: "string", value: token.text };
    if (token?.kind === "number") return { kind: "number", value: token.text };
    if (token?.kind === "word" && this.acceptSymbol("(")) {
      const args: string[] = [];
      while (!this.acceptSymbol(")")) {
        const arg = this.next();
        if (!arg) throw new SyntaxError(`the call of ${token.text} is not closed`);
        if (arg.text !== ",") args.push(arg.text);
      }
      return { kind: "function", name: token.text.toUpperCase(), args };
    }
    throw new SyntaxError(token ? `"${token.text}" is not a value` : "a value is missing");
  }

  private fieldName(): string {
    const token = this.next();
    if (token?.kind !== "word")
      throw new SyntaxError(
        token ? `"${token.text}" is not a field code` : "a field code is missing",
      );
    return token.text;
  }

  private integer(keyword: string): number {
    const token = this.next();
    if (token?.kind !== "number" || !/^\d+$/.test(token.text)) {
      throw new SyntaxError(`${keyword} needs a whole number`);
    }
    return Number(token.text);
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token | undefined {
    return this.tokens[this.index++];
  }

  private atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token?.kind === "word" && token.text.toLowerCase() === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.index++;
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw new SyntaxError(`"${word}" is missing`);
  }

  private acceptSymbol(symbol: string): boolean {
    const token = this.peek();
    if (token?.kind !== "symbol" || token.text !== symbol) return false;
    this.index++;
    return true;
  }
}
