package dev.orchestrate.mcp;

import java.util.List;
import java.util.Map;

/**
 * An MCP connection as a caller writes it ({@code POST} and {@code PUT}): a stdio command with its
 * arguments and environment, or a Streamable HTTP URL with headers. Values of {@code env}, {@code
 * headers} and {@code url} are literals or {@code secret:NAME} references ({@code env} also takes
 * {@code secret-file:NAME}).
 */
record ConnectionInput(
    String name,
    String transport,
    String command,
    List<String> args,
    String url,
    Map<String, String> env,
    Map<String, String> headers) {}
