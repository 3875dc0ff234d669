/**
 * Evaluates a CALC field's arithmetic: numbers, field codes, + - * / ^ and parentheses. kintone's
 * full formula language (SUM, IF, dates…) is out of scope; an expression outside this subset
 * leaves the field empty rather than guessing.
 */
export function evaluateCalc(
  expression: string,
  valueOf: (code: string) => string | undefined,
): string {
  try {
    const parser = new Parser(tokenize(expression), valueOf);
    const result = parser.expression();
    if (!parser.done() || !Number.isFinite(result)) return "";
    return formatNumber(result);
  } catch {
    return "";
  }
}

/** kintone writes computed numbers plainly: no exponent, no trailing zeros. */
function formatNumber(value: number): string {
  const rounded = Math.round(value * 1e10) / 1e10;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

type Token =
  | { kind: "number"; value: number }
  | { kind: "name"; value: string }
  | { kind: "op"; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?)|([+\-*/^()])|([^\s+\-*/^()]+))/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < source.length && (match = pattern.exec(source))) {
    if (match[1] !== undefined) tokens.push({ kind: "number", value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: "op", value: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: "name", value: match[3] });
  }
  if (source.slice(pattern.lastIndex).trim() !== "") throw new Error("unexpected input");
  return tokens;
}

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly valueOf: (code: string) => string | undefined,
  ) {}

  done(): boolean {
    return this.index === this.tokens.length;
  }

  expression(): number {
    let value = this.term();
    while (this.peekOp("+") || this.peekOp("-")) {
      value = this.next().value === "+" ? value + this.term() : value - this.term();
    }
    return value;
  }

  private term(): number {
    let value = this.power();
    while (this.peekOp("*") || this.peekOp("/")) {
      value = this.next().value === "*" ? value * this.power() : value / this.power();
    }
    return value;
  }

  private power(): number {
    const base = this.unary();
    return this.peekOp("^") ? (this.next(), base ** this.power()) : base;
  }

  private unary(): number {
    if (this.peekOp("-")) return (this.next(), -this.unary());
    if (this.peekOp("+")) return (this.next(), this.unary());
    return this.primary();
  }

  private primary(): number {
    const token = this.next();
    if (token.kind === "number") return token.value;
    if (token.kind === "name") {
      // An empty field counts as 0, as in kintone's arithmetic.
      const raw = this.valueOf(token.value);
      if (raw === undefined) throw new Error(`unknown field ${token.value}`);
      return raw === "" ? 0 : Number(raw);
    }
    if (token.value === "(") {
      const value = this.expression();
      if (this.next().value !== ")") throw new Error("missing )");
      return value;
    }
    throw new Error(`unexpected ${token.value}`);
  }

  private peekOp(op: string): boolean {
    const token = this.tokens[this.index];
    return token?.kind === "op" && token.value === op;
  }

  private next(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw new Error("unexpected end");
    return token;
  }
}
