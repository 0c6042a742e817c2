package dev.orchestrate.auth;

import java.util.UUID;

/** The person a request's token identifies, as a Spring Security principal. */
public record AuthenticatedUser(UUID id, String email) {}
