package dev.orchestrate.workspace;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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

/** Workspaces and their members. */
@RestController
@RequestMapping("/api/workspaces")
class WorkspaceController {

  private final WorkspaceService service;

  WorkspaceController(WorkspaceService service) {
    this.service = service;
  }

  @GetMapping
  List<WorkspaceSummary> list() {
    return service.mine();
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  WorkspaceSummary create(@Valid @RequestBody NewWorkspace body) {
    return service.create(body.name(), body.slug());
  }

  @GetMapping("/{workspaceId}")
  WorkspaceSummary get(@PathVariable UUID workspaceId) {
    return service.get(workspaceId);
  }

  @GetMapping("/{workspaceId}/members")
  List<Member> members(@PathVariable UUID workspaceId) {
    return service.members(workspaceId);
  }

  @PostMapping("/{workspaceId}/members")
  @ResponseStatus(HttpStatus.CREATED)
  Member addMember(@PathVariable UUID workspaceId, @Valid @RequestBody NewMember body) {
    return service.addMember(workspaceId, body.email(), body.role());
  }

  @PatchMapping("/{workspaceId}/members/{userId}")
  Member changeRole(
      @PathVariable UUID workspaceId,
      @PathVariable UUID userId,
      @Valid @RequestBody RoleChange body) {
    return service.changeRole(workspaceId, userId, body.role());
  }

  @DeleteMapping("/{workspaceId}/members/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void removeMember(@PathVariable UUID workspaceId, @PathVariable UUID userId) {
    service.removeMember(workspaceId, userId);
  }

  record NewWorkspace(@NotBlank String name, String slug) {}

  record NewMember(@NotBlank @Email String email, @NotNull Role role) {}

  record RoleChange(@NotNull Role role) {}
}
