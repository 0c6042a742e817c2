package dev.orchestrate.common;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a request before failing, so the caller sees all of them at once. */
public final class Validation {

  private final List<FieldProblem> problems = new ArrayList<>();

  public Validation add(String path, String message) {
    problems.add(new FieldProblem(path, message));
    return this;
  }

  public Validation addAll(List<FieldProblem> more) {
    problems.addAll(more);
    return this;
  }

  public Validation check(boolean ok, String path, String message) {
    if (!ok) {
      add(path, message);
    }
    return this;
  }

  public boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** Throws a 422 listing every problem, if there is any. */
  public void throwIfInvalid() {
    if (hasProblems()) {
      throw OrchestrateException.invalid(problems);
    }
  }
}
