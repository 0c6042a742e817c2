package dev.orchestrate.pipeline;

import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.JsonNode;

/** The pipeline CRUD of the contract, plus the version history. */
@RestController
@RequestMapping("/api/workspaces/{workspaceId}/pipelines")
class PipelineController {

  private final PipelineService pipelines;

  PipelineController(PipelineService pipelines) {
    this.pipelines = pipelines;
  }

  @GetMapping
  List<Pipeline> list(@PathVariable UUID workspaceId) {
    return pipelines.list(workspaceId);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Pipeline create(@PathVariable UUID workspaceId, @RequestBody PipelineInput body) {
    return pipelines.create(workspaceId, body);
  }

  @PostMapping("/validate")
  Map<String, Boolean> validate(@PathVariable UUID workspaceId, @RequestBody GraphOnly body) {
    pipelines.validate(workspaceId, body.graphDefinition());
    return Map.of("valid", true);
  }

  @GetMapping("/{pipelineId}")
  Pipeline get(@PathVariable UUID workspaceId, @PathVariable UUID pipelineId) {
    return pipelines.get(workspaceId, pipelineId);
  }

  @PatchMapping("/{pipelineId}")
  Pipeline update(
      @PathVariable UUID workspaceId,
      @PathVariable UUID pipelineId,
      @RequestBody PipelineInput body) {
    return pipelines.update(workspaceId, pipelineId, body);
  }

  @DeleteMapping("/{pipelineId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable UUID workspaceId, @PathVariable UUID pipelineId) {
    pipelines.delete(workspaceId, pipelineId);
  }

  @GetMapping("/{pipelineId}/versions")
  List<PipelineVersion> versions(@PathVariable UUID workspaceId, @PathVariable UUID pipelineId) {
    return pipelines.versions(workspaceId, pipelineId);
  }

  @GetMapping("/{pipelineId}/versions/{version}")
  Pipeline version(
      @PathVariable UUID workspaceId, @PathVariable UUID pipelineId, @PathVariable int version) {
    return pipelines.getVersion(workspaceId, pipelineId, version);
  }

  record GraphOnly(JsonNode graphDefinition) {}
}
