// Pure helpers of the start dialog: which schema the form is built from, and what a budget may be.
import type { GraphDefinition } from "../api/types";

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema the run's input must satisfy: the `schema` of the entry point when it is a
 * validation node, else of the first validation node with one; null when the graph has none.
 * `$schema` is dropped: the form's validator speaks draft-07, the service (2020-12) has the last word.
 */
export function inputSchemaOf(graph: GraphDefinition): JsonSchema | null {
  const validations = graph.nodes.filter((n) => n.type === "validation" && isObject(n.schema));
  const node = validations.find((n) => n.id === graph.entry_point) ?? validations[0];
  if (!node || !isObject(node.schema)) return null;
  const { $schema: _ignored, ...schema } = node.schema;
  return schema;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export type BudgetCheck =
  | { ok: true; budget: number | undefined }
  | { ok: false; error: "notANumber" | "notPositive" | "tooPrecise" };

/** An optional budget in credits: empty means none; else a positive number with ≤ 4 decimals. */
export function checkBudget(text: string): BudgetCheck {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, budget: undefined };
  if (!/^\d+(\.\d+)?$/.test(trimmed) && !/^\.\d+$/.test(trimmed)) {
    return { ok: false, error: /^-/.test(trimmed) ? "notPositive" : "notANumber" };
  }
  const decimals = trimmed.includes(".") ? trimmed.split(".")[1]!.length : 0;
  if (decimals > 4) return { ok: false, error: "tooPrecise" };
  const budget = Number(trimmed);
  if (!(budget > 0)) return { ok: false, error: "notPositive" };
  return { ok: true, budget };
}

/** The input typed as JSON (for a pipeline without a schema): must be an object, like the service wants. */
export function parseJsonInput(
  text: string,
): { ok: true; input: Record<string, unknown> } | { ok: false } {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? { ok: true, input: value } : { ok: false };
  } catch {
    return { ok: false };
  }
}

/** The form validator's keywords we say in the UI's language; any other keeps ajv's English. */
const localizedKeywords = ["required", "minLength", "maxLength", "minimum", "maximum", "type", "pattern", "enum"];

/** A form error in the UI's language: `t` gets `startDialog.validation.<keyword>` and ajv's params. */
export function localizeError<E extends { name?: string; message?: string; params?: unknown }>(
  error: E,
  t: (key: string, params: Record<string, unknown>) => string,
): E {
  if (!error.name || !localizedKeywords.includes(error.name)) return error;
  const params = isObject(error.params) ? error.params : {};
  return { ...error, message: t(`startDialog.validation.${error.name}`, params) };
}
