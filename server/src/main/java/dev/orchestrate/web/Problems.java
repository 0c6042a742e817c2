package dev.orchestrate.web;

import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.common.FieldProblem;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.ProblemDetail;

/** Builds the RFC 9457 bodies of the contract: {@code {type, title, status, detail, errors?}}. */
final class Problems {

  static final String TYPE_BASE = "https://orchestrate.dev/problems/";
  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /**
   * The one place problem bodies are made, so the one place that keeps them plain: a detail or
   * error message that names Java's insides is answered in {@link PlainWords} and logged whole.
   */
  static ProblemDetail of(ErrorKind kind, String detail, List<FieldProblem> errors) {
    String plainDetail = PlainWords.of(detail, kind.title());
    List<FieldProblem> plainErrors =
        errors.stream()
            .map(e -> new FieldProblem(e.path(), PlainWords.of(e.message(), "is not valid")))
            .toList();
    if (!Objects.equals(plainDetail, detail) || !plainErrors.equals(errors)) {
      log.warn(
          "Answered in plain words a problem that named Java internals: {} {}", detail, errors);
    }
    return build(kind, plainDetail, plainErrors);
  }

  private static ProblemDetail build(ErrorKind kind, String detail, List<FieldProblem> errors) {
    ProblemDetail problem = ProblemDetail.forStatus(kind.status());
    problem.setType(URI.create(TYPE_BASE + kind.slug()));
    problem.setTitle(kind.title());
    problem.setDetail(detail);
    problem.setProperty("code", kind.code());
    if (!errors.isEmpty()) {
      problem.setProperty(
          "errors",
          errors.stream().map(e -> Map.of("path", e.path(), "message", e.message())).toList());
    }
    String requestId = MDC.get(RequestIdFilter.MDC_KEY);
    if (requestId != null) {
      problem.setProperty("request_id", requestId);
    }
    return problem;
  }

  static ProblemDetail internal() {
    ProblemDetail problem = ProblemDetail.forStatus(500);
    problem.setType(URI.create(TYPE_BASE + "internal"));
    problem.setTitle("Internal error");
    problem.setDetail(
        "Something went wrong on our side. It has been logged; quote the request id if you report it.");
    String requestId = MDC.get(RequestIdFilter.MDC_KEY);
    if (requestId != null) {
      problem.setProperty("request_id", requestId);
    }
    return problem;
  }
}
