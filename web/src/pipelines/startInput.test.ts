import { expect, test } from "vitest";
import type { GraphDefinition } from "../api/types";
import { checkBudget, inputSchemaOf, localizeError, parseJsonInput } from "./startInput";

const schema = { type: "object", required: ["query"], properties: { query: { type: "string" } } };

function graph(nodes: GraphDefinition["nodes"], entry = "validate"): GraphDefinition {
  return { entry_point: entry, nodes, edges: [] };
}

test("the input schema is the entry validation node's, without $schema", () => {
  const g = graph([
    { id: "other", type: "validation", label: "b", schema: { type: "object" } },
    {
      id: "validate",
      type: "validation",
      label: "a",
      schema: { $schema: "https://json-schema.org/draft/2020-12/schema", ...schema },
    },
  ]);
  expect(inputSchemaOf(g)).toEqual(schema);
});

test("without a validation entry the first validation node with a schema counts", () => {
  const g = graph([
    { id: "start", type: "trigger", label: "t" },
    { id: "v0", type: "validation", label: "no schema" },
    { id: "v1", type: "validation", label: "v", schema },
  ], "start");
  expect(inputSchemaOf(g)).toEqual(schema);
});

test("a graph without a validation schema has none", () => {
  expect(inputSchemaOf(graph([{ id: "validate", type: "validation", label: "v" }]))).toBeNull();
  expect(inputSchemaOf(graph([{ id: "a", type: "agent_call", label: "a" }]))).toBeNull();
});

test("a budget is optional, positive, with at most four decimals", () => {
  expect(checkBudget("")).toEqual({ ok: true, budget: undefined });
  expect(checkBudget("  ")).toEqual({ ok: true, budget: undefined });
  expect(checkBudget("500")).toEqual({ ok: true, budget: 500 });
  expect(checkBudget(" 0.0001 ")).toEqual({ ok: true, budget: 0.0001 });
  expect(checkBudget("12.5")).toEqual({ ok: true, budget: 12.5 });
  expect(checkBudget("0")).toEqual({ ok: false, error: "notPositive" });
  expect(checkBudget("0.0000")).toEqual({ ok: false, error: "notPositive" });
  expect(checkBudget("-5")).toEqual({ ok: false, error: "notPositive" });
  expect(checkBudget("1.23456")).toEqual({ ok: false, error: "tooPrecise" });
  expect(checkBudget("abc")).toEqual({ ok: false, error: "notANumber" });
  expect(checkBudget("1e3")).toEqual({ ok: false, error: "notANumber" });
  expect(checkBudget("1,000")).toEqual({ ok: false, error: "notANumber" });
});

test("JSON input must be an object", () => {
  expect(parseJsonInput('{"a": 1}')).toEqual({ ok: true, input: { a: 1 } });
  expect(parseJsonInput("[1]")).toEqual({ ok: false });
  expect(parseJsonInput("{")).toEqual({ ok: false });
  expect(parseJsonInput("null")).toEqual({ ok: false });
});

test("form errors of known keywords are translated with ajv's params, others keep their message", () => {
  const t = (key: string, params: Record<string, unknown>) => `${key}:${JSON.stringify(params)}`;
  expect(localizeError({ name: "minLength", message: "must NOT have fewer than 2 characters", params: { limit: 2 } }, t))
    .toEqual({ name: "minLength", message: 'startDialog.validation.minLength:{"limit":2}', params: { limit: 2 } });
  const odd = { name: "dependentRequired", message: "must have b", params: {} };
  expect(localizeError(odd, t)).toBe(odd);
});
