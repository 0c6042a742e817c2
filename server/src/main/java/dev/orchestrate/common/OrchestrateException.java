package dev.orchestrate.common;

import java.util.List;
import java.util.Map;

/**
 * The root of every error a caller can act on. The web layer turns it into problem+json with the
 * kind's status; the message is shown to the caller, so it never holds secrets or internals.
 */
public class OrchestrateException extends RuntimeException {

  private final ErrorKind kind;
  private final List<FieldProblem> problems;

  public OrchestrateException(ErrorKind kind, String message) {
    this(kind, message, List.of(), null);
  }

  public OrchestrateException(
      ErrorKind kind, String message, List<FieldProblem> problems, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.problems = List.copyOf(problems);
  }

  public ErrorKind kind() {
    return kind;
  }

  public List<FieldProblem> problems() {
    return problems;
  }

  /**
   * Fields the problem body carries besides the standard ones (snake_case names, JSON values), for
   * a caller to act on without reading the message, such as when a spending limit resets.
   */
  public Map<String, Object> properties() {
    return Map.of();
  }

  public static OrchestrateException notFound(String what) {
    return new OrchestrateException(ErrorKind.NOT_FOUND, what + " not found");
  }

  public static OrchestrateException forbidden(String message) {
    return new OrchestrateException(ErrorKind.FORBIDDEN, message);
  }

  public static OrchestrateException conflict(String message) {
    return new OrchestrateException(ErrorKind.CONFLICT, message);
  }

  public static OrchestrateException unauthorized(String message) {
    return new OrchestrateException(ErrorKind.UNAUTHORIZED, message);
  }

  public static OrchestrateException invalid(List<FieldProblem> problems) {
    String message =
        problems.size() == 1
            ? problems.getFirst().path() + ": " + problems.getFirst().message()
            : problems.size() + " problems found";
    return new OrchestrateException(ErrorKind.INVALID, message, problems, null);
  }

  public static OrchestrateException invalid(String path, String message) {
    return invalid(List.of(new FieldProblem(path, message)));
  }
}
