package dev.orchestrate.agent;

/** A tool an agent may call: one tool of one of the workspace's MCP connections. */
public record ToolRef(String mcp, String tool) {}
