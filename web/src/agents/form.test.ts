import { describe, expect, it } from "vitest";
import type { Agent } from "./api";
import { fieldErrors, formOf, inputOf, priceOf, slugOf } from "./form";

const agent: Agent = {
  id: "a",
  slug: "critic",
  name: "비평가",
  description: "d",
  model_provider: "simulated",
  model: "simulated",
  system_prompt: "p",
  parameters: { temperature: 0.3, max_tokens: 2048, stop: ["x"] },
  cost_per_run: 20,
  tools: [{ mcp: "slack", tool: "send" }],
  created_at: "",
  updated_at: "",
};

describe("agent form", () => {
  it("round-trips an agent, keeping parameters it does not edit", () => {
    const input = inputOf(formOf(agent));
    expect(input.parameters).toEqual({ temperature: 0.3, max_tokens: 2048, stop: ["x"] });
    expect(input.cost_per_run).toBe(20);
    expect(input.tools).toEqual(agent.tools);
  });

  it("leaves an emptied parameter out and sends what is not a number for the server to judge", () => {
    const form = formOf(agent);
    form.parameters.max_tokens = "";
    form.parameters.temperature = "abc";
    expect(inputOf(form).parameters).toEqual({ temperature: "abc", stop: ["x"] });
  });

  it("files the server's errors under their fields", () => {
    const errors = fieldErrors({
      status: 422,
      errors: [
        { path: "parameters.temperature", message: "must be between 0 and 2" },
        { path: "tools[0].mcp", message: "no MCP connection named 'x'" },
        { path: "elsewhere", message: "?" },
      ],
    });
    expect(errors.byPath["parameters.temperature"]).toEqual(["must be between 0 and 2"]);
    expect(errors.byPath.tools).toEqual(["tools[0].mcp: no MCP connection named 'x'"]);
    expect(errors.rest).toEqual([{ path: "elsewhere", message: "?" }]);
    expect(fieldErrors({ status: 409, detail: "taken" }).byPath.slug).toEqual(["taken"]);
  });

  it("makes a slug the server accepts from a name", () => {
    expect(slugOf("My Agent 2")).toBe("my_agent_2");
    expect(slugOf("2 낙관론자")).toBe("");
  });

  it("finds a model by alias in the price table", () => {
    const row = { model: "claude-x-2025", aliases: ["claude-x"] } as never;
    expect(priceOf([row], "claude-x")).toBe(row);
  });
});
