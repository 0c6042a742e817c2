/**
 * MCP connections of a workspace: the four presets every workspace starts with (simulated until
 * their secret is set) and the ones people add.
 */
package dev.orchestrate.mcp;
