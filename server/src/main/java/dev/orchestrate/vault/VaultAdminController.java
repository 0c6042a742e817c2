package dev.orchestrate.vault;

import dev.orchestrate.database.Tenancy;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The deployment's master keys, for its admins ({@code ORCHESTRATE_ADMIN_EMAILS}; the security
 * configuration lets nobody else reach {@code /api/admin}): which versions exist and what they
 * wrap, rewrap onto the newest, retire an emptied one.
 */
@RestController
@RequestMapping("/api/admin/vault")
class VaultAdminController {

  private final Rotation rotation;

  VaultAdminController(Rotation rotation) {
    this.rotation = rotation;
  }

  @GetMapping
  Rotation.Status status() {
    return rotation.status();
  }

  @PostMapping("/rewrap")
  Rotation.Rewrapped rewrap() {
    return rotation.rewrap(Tenancy.currentUserId());
  }

  @PostMapping("/keys/{version}/retire")
  Rotation.Version retire(@PathVariable int version) {
    return rotation.retire(version, Tenancy.currentUserId());
  }
}
