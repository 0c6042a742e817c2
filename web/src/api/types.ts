// Shapes of ../shared/contract/API.md and graph-definition.md, as the UI reads them.

export type Role = "owner" | "admin" | "member" | "viewer";

export interface User {
  id: string;
  email: string;
  name?: string | null;
}

export interface WorkspaceSummary {
  id: string;
  name: string;
  slug: string;
  role: Role;
}

export interface Me {
  user: User;
  workspaces: WorkspaceSummary[];
}

export interface AuthAnswer {
  user: User;
  workspace?: WorkspaceSummary;
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
}

export interface GraphNode {
  id: string;
  type: "trigger" | "validation" | "agent_call" | "mcp_tool" | "human_gate" | "finalize";
  label: string;
  agent_slug?: string;
  agent_slugs?: string[];
  /** A validation node's JSON Schema for the input (start dialog). */
  schema?: Record<string, unknown>;
  position?: { x: number; y: number };
}

export interface GraphEdge {
  from: string;
  to: string;
  condition?: string;
}

export interface GraphDefinition {
  entry_point: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  metadata?: { sample_input?: Record<string, unknown> } & Record<string, unknown>;
}

export interface Pipeline {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  graph_definition: GraphDefinition;
  version: number;
  created_at: string;
  updated_at: string;
}

export type ExecutionStatus =
  | "queued"
  | "running"
  | "awaiting_approval"
  | "completed"
  | "failed"
  | "cancelled"
  | "rejected";

export type StepStatus =
  | "pending"
  | "running"
  | "completed"
  | "failed"
  | "skipped"
  | "awaiting_approval";

export interface StepError {
  code: string;
  message: string;
}

export interface Step {
  node_id: string;
  label: string;
  type: string;
  status: StepStatus;
  attempt: number;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  cost: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  output: unknown;
  error: StepError | null;
  /** What the step read: `{input, steps: {node_id: output}}`; null before it started. */
  input?: unknown;
  /** What an agent_call step sent its agents; null for other nodes and until an attempt ends. */
  prompt?: PromptMessage[] | null;
  tool_calls?: ToolCallRecord[];
  model_calls?: ModelCallRecord[];
}

export interface PromptMessage {
  role: "system" | "user" | "assistant";
  content: string;
  /** System messages: the agent whose system prompt this is (parallel agents each have one). */
  agent_slug?: string;
}

/** One MCP tool call a step made, as the step records it. */
export interface ToolCallRecord {
  mcp: string;
  tool: string;
  status: "completed" | "failed";
  attempt: number;
  duration_ms: number;
  bytes: number;
  simulated: boolean;
  truncated?: boolean;
  arguments?: unknown;
  /** The start of the text the tool answered (cut at 4,000 characters, then `result_cut`). */
  result?: string;
  result_cut?: boolean;
}

/** One paid model call a step made. */
export interface ModelCallRecord {
  agent_slug: string;
  provider: string;
  model: string;
  simulated: boolean;
  status: "completed" | "failed";
  attempt: number;
  input_tokens: number;
  output_tokens: number;
  cost: number;
}

export interface Execution {
  id: string;
  pipeline_id: string;
  pipeline_version: number;
  workspace_id: string;
  status: ExecutionStatus;
  input: unknown;
  output: unknown;
  error: StepError | null;
  total_cost: number | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  steps: Step[];
  pending_approvals: PendingApproval[];
  /** The most the run may spend; null when unlimited. */
  budget?: number | null;
  spent?: number | null;
  /** When it was asked for (the history's order and date filter); the run's tokens in and out. */
  created_at?: string;
  input_tokens?: number;
  output_tokens?: number;
}

export interface StartAnswer {
  execution_id: string;
  status: ExecutionStatus;
  ws_url: string;
}

/** RFC 9457 problem+json. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

// Approvals (approve/reject, budget approvals): what the execution view lists as waiting.
export interface PendingApproval {
  node_id: string;
  label: string;
  requested_at: string;
  kind?: "gate" | "budget";
  message?: string | null;
  approvers?: string[];
  deadline?: string | null;
  /** Budget approvals only: what the run spent, its budget, and what the waiting step may cost. */
  spent?: number | null;
  budget?: number | null;
  needed?: number | null;
}

/** POST /orchestrate/pipeline/estimate: what a run may cost (start dialog). */
export interface Estimate {
  max: number;
  typical: number | null;
  typical_runs?: number;
  currency: string;
  pipeline_version?: number;
  nodes: { node_id: string; label: string; max: number; typical: number | null; calls: number }[];
}
