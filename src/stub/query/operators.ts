import type { FieldType } from "../fields.js";
import { kintoneError } from "../http/kintone-error.js";

/** A condition's operator as kintone's operator table names it (`is` for `is empty`). */
export type QueryOperator =
  "=" | "!=" | ">" | "<" | ">=" | "<=" | "in" | "not in" | "like" | "not like" | "is" | "is not";

const EQUALITY = ["=", "!="] as const;
const ORDER = ["=", "!=", ">", "<", ">=", "<="] as const;
const LIST = ["in", "not in"] as const;
const LIKE = ["like", "not like"] as const;
const EMPTY = ["is", "is not"] as const;

/**
 * The operators each field type takes, after the operator table of kintone's query doc
 * (cybozu.dev "クエリの書き方"). A wrong pair answers GAIA_IQ03, as an independent emulator
 * observed on a real domain (`=` on a drop-down or a multi-line text, `>` on a single-line text).
 * STATUS_ASSIGNEE and CATEGORY are not in that observation; `in`/`not in` is what the doc's
 * examples use for them.
 */
const OPERATORS: Readonly<Partial<Record<FieldType | "$id", readonly QueryOperator[]>>> = {
  $id: [...ORDER, ...LIST],
  RECORD_NUMBER: [...ORDER, ...LIST],
  CREATOR: LIST,
  MODIFIER: LIST,
  CREATED_TIME: ORDER,
  UPDATED_TIME: ORDER,
  SINGLE_LINE_TEXT: [...EQUALITY, ...LIST, ...LIKE],
  LINK: [...EQUALITY, ...LIST, ...LIKE],
  NUMBER: [...ORDER, ...LIST],
  CALC: [...ORDER, ...LIST],
  MULTI_LINE_TEXT: [...LIKE, ...EMPTY],
  RICH_TEXT: LIKE,
  CHECK_BOX: LIST,
  RADIO_BUTTON: LIST,
  DROP_DOWN: LIST,
  MULTI_SELECT: LIST,
  FILE: [...LIKE, ...EMPTY],
  DATE: ORDER,
  TIME: ORDER,
  DATETIME: ORDER,
  USER_SELECT: LIST,
  ORGANIZATION_SELECT: LIST,
  GROUP_SELECT: LIST,
  STATUS: [...EQUALITY, ...LIST],
  STATUS_ASSIGNEE: LIST,
  CATEGORY: LIST,
};

/**
 * Refuses what kintone refuses: `=`/`!=` on a field inside a table (GAIA_IQ07; the query doc:
 * "テーブル内のフィールド…をクエリに含める場合、=!=演算子の代わりに、innot in演算子を使ってください"),
 * and an operator the field's type does not take (GAIA_IQ03).
 */
export function checkOperator(
  code: string,
  type: FieldType | "$id",
  inTable: boolean,
  operator: QueryOperator,
): void {
  if (inTable && (operator === "=" || operator === "!=")) {
    throw kintoneError.queryTableEquality(code, operator);
  }
  if (!(OPERATORS[type] ?? []).includes(operator)) {
    throw kintoneError.queryOperator(code, operator);
  }
}
