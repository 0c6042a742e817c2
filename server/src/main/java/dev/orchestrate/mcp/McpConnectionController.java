package dev.orchestrate.mcp;

import dev.orchestrate.mcp.ConnectionViews.CallInput;
import dev.orchestrate.mcp.ConnectionViews.ConnectionView;
import dev.orchestrate.mcp.ConnectionViews.TestResult;
import dev.orchestrate.mcp.ConnectionViews.ToolView;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The MCP connection endpoints of the contract. */
@RestController
@RequestMapping("/api/workspaces/{workspaceId}/mcp-connections")
class McpConnectionController {

  private final McpConnectionService connections;

  McpConnectionController(McpConnectionService connections) {
    this.connections = connections;
  }

  @GetMapping
  List<ConnectionView> list(@PathVariable UUID workspaceId) {
    return connections.list(workspaceId);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  ConnectionView create(@PathVariable UUID workspaceId, @RequestBody ConnectionInput body) {
    return connections.create(workspaceId, body);
  }

  @GetMapping("/{connectionId}")
  ConnectionView get(@PathVariable UUID workspaceId, @PathVariable UUID connectionId) {
    return connections.get(workspaceId, connectionId);
  }

  @PutMapping("/{connectionId}")
  ConnectionView update(
      @PathVariable UUID workspaceId,
      @PathVariable UUID connectionId,
      @RequestBody ConnectionInput body) {
    return connections.update(workspaceId, connectionId, body);
  }

  @DeleteMapping("/{connectionId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable UUID workspaceId, @PathVariable UUID connectionId) {
    connections.delete(workspaceId, connectionId);
  }

  @GetMapping("/{connectionId}/tools")
  List<ToolView> tools(@PathVariable UUID workspaceId, @PathVariable UUID connectionId) {
    return connections.tools(workspaceId, connectionId);
  }

  @PostMapping("/{connectionId}/tools/{tool}/call")
  JsonNode call(
      @PathVariable UUID workspaceId,
      @PathVariable UUID connectionId,
      @PathVariable String tool,
      @RequestBody CallInput body) {
    return connections.call(workspaceId, connectionId, tool, body.arguments());
  }

  @PostMapping("/{connectionId}/test")
  TestResult test(@PathVariable UUID workspaceId, @PathVariable UUID connectionId) {
    return connections.test(workspaceId, connectionId);
  }
}
