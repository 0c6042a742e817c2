package dev.orchestrate.agent;

import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The agent CRUD of the contract. */
@RestController
@RequestMapping("/api/workspaces/{workspaceId}/agents")
class AgentController {

  private final AgentService agents;

  AgentController(AgentService agents) {
    this.agents = agents;
  }

  @GetMapping
  List<Agent> list(@PathVariable UUID workspaceId) {
    return agents.list(workspaceId);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Agent create(@PathVariable UUID workspaceId, @RequestBody AgentInput body) {
    return agents.create(workspaceId, body);
  }

  @GetMapping("/{agentId}")
  Agent get(@PathVariable UUID workspaceId, @PathVariable UUID agentId) {
    return agents.get(workspaceId, agentId);
  }

  @PatchMapping("/{agentId}")
  Agent update(
      @PathVariable UUID workspaceId, @PathVariable UUID agentId, @RequestBody AgentInput body) {
    return agents.update(workspaceId, agentId, body);
  }

  @DeleteMapping("/{agentId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable UUID workspaceId, @PathVariable UUID agentId) {
    agents.delete(workspaceId, agentId);
  }
}
