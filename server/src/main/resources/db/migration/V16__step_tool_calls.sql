-- Each MCP tool call a step made (every attempt): {mcp, tool, status, attempt, duration_ms, bytes,
-- simulated, truncated?}, appended as the call ends, in the transaction of its tool_call event.
ALTER TABLE pipeline_steps ADD COLUMN tool_calls jsonb NOT NULL DEFAULT '[]';
