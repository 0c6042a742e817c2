// The agent form's state, its conversion to the API's agent, and the server's field errors.
import type { Problem } from "../api/types";
import type { Agent, AgentInput, ModelPricing, ModelProvider, ToolRef } from "./api";

/**
 * The numeric parameters the server checks (server agent/AgentRules.java): the form offers exactly
 * these, with the same bounds as hints; the server stays the judge.
 */
export const PARAMETERS = [
  { key: "temperature", min: 0, max: 2, step: 0.1, integral: false },
  { key: "top_p", min: 0, max: 1, step: 0.05, integral: false },
  { key: "max_tokens", min: 1, max: 200_000, step: 1, integral: true },
  { key: "timeout_ms", min: 1_000, max: 3_600_000, step: 1000, integral: true },
] as const;

export type ParameterKey = (typeof PARAMETERS)[number]["key"];

export interface AgentForm {
  name: string;
  slug: string;
  description: string;
  model_provider: ModelProvider;
  model: string;
  system_prompt: string;
  /** As typed: "" leaves the parameter out (the server's default). */
  parameters: Record<ParameterKey, string>;
  cost_per_run: string;
  tools: ToolRef[];
  /** Parameters the form does not edit, kept as they were. */
  otherParameters: Record<string, unknown>;
}

export const SIMULATED = "simulated";

export function emptyForm(): AgentForm {
  return {
    name: "",
    slug: "",
    description: "",
    model_provider: "simulated",
    model: SIMULATED,
    system_prompt: "",
    parameters: { temperature: "", top_p: "", max_tokens: "", timeout_ms: "" },
    cost_per_run: "0",
    tools: [],
    otherParameters: {},
  };
}

export function formOf(agent: Agent): AgentForm {
  const parameters = { ...emptyForm().parameters };
  const otherParameters: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(agent.parameters ?? {})) {
    if (key in parameters) parameters[key as ParameterKey] = value == null ? "" : String(value);
    else otherParameters[key] = value;
  }
  return {
    name: agent.name,
    slug: agent.slug,
    description: agent.description ?? "",
    model_provider: agent.model_provider,
    model: agent.model,
    system_prompt: agent.system_prompt ?? "",
    parameters,
    cost_per_run: String(agent.cost_per_run ?? 0),
    tools: agent.tools ?? [],
    otherParameters,
  };
}

/**
 * A typed number as the server should judge it: a number when it reads as one, else the text
 * itself so that the server's "must be a number" names the field (the browser's own number check
 * is off: the form shows the server's errors, not a second opinion).
 */
function numberOrText(text: string): number | string {
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : text;
}

export function inputOf(form: AgentForm): AgentInput {
  const parameters: Record<string, unknown> = { ...form.otherParameters };
  for (const { key } of PARAMETERS) {
    const text = form.parameters[key].trim();
    if (text !== "") parameters[key] = numberOrText(text);
  }
  const cost = form.cost_per_run.trim();
  return {
    name: form.name,
    slug: form.slug,
    description: form.description,
    model_provider: form.model_provider,
    model: form.model,
    system_prompt: form.system_prompt,
    parameters,
    cost_per_run: (cost === "" ? 0 : numberOrText(cost)) as number,
    tools: form.tools,
  };
}

/** A slug from a name, for a new agent: the server's pattern ^[a-z][a-z0-9_-]{0,63}$. */
export function slugOf(name: string): string {
  const ascii = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "");
  return ascii.slice(0, 64);
}

/** The price-table row an agent's model is (by id or alias), if any. */
export function priceOf(models: ModelPricing[], model: string): ModelPricing | undefined {
  return models.find((m) => m.model === model || m.aliases.includes(model));
}

export interface FieldErrors {
  /** Field path (slug, parameters.temperature, tools[0].mcp…) → messages. */
  byPath: Record<string, string[]>;
  /** Errors no field of the form shows. */
  rest: { path: string; message: string }[];
}

export const FORM_PATHS = [
  "name",
  "slug",
  "description",
  "model_provider",
  "model",
  "system_prompt",
  "parameters",
  "cost_per_run",
  ...PARAMETERS.map((p) => `parameters.${p.key}`),
];

/** The problem's errors by the field that shows them; a tool's errors go to the tools picker. */
export function fieldErrors(problem: Problem | undefined): FieldErrors {
  const byPath: Record<string, string[]> = {};
  const rest: { path: string; message: string }[] = [];
  for (const e of problem?.errors ?? []) {
    const path = /^tools\[\d+\]/.test(e.path) ? "tools" : e.path;
    if (FORM_PATHS.includes(path) || path === "tools") (byPath[path] ??= []).push(
      path === "tools" ? `${e.path}: ${e.message}` : e.message,
    );
    else rest.push(e);
  }
  // A duplicate slug is a 409 without errors: it belongs next to the slug all the same.
  if (problem?.status === 409 && !problem.errors?.length && problem.detail) {
    (byPath.slug ??= []).push(problem.detail);
  }
  return { byPath, rest };
}
