package dev.orchestrate.web;

import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.common.FieldProblem;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.common.RateLimitedException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place errors become problem+json. Caller mistakes are 4xx with every problem listed;
 * anything unexpected is a 500 whose body says nothing internal and whose log line says all.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(OrchestrateException.class)
  ResponseEntity<ProblemDetail> handle(OrchestrateException e) {
    ProblemDetail body = Problems.of(e.kind(), e.getMessage(), e.problems());
    e.properties().forEach(body::setProperty);
    var response = ResponseEntity.status(e.kind().status());
    if (e.kind() == ErrorKind.UNAUTHORIZED) {
      // RFC 9110: every 401 names a way to authenticate.
      response.header(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.BARE);
    }
    if (e instanceof RateLimitedException limited) {
      response.header(
          HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, limited.retryAfter().toSeconds())));
    }
    return response.body(body);
  }

  @ExceptionHandler(DuplicateKeyException.class)
  ResponseEntity<ProblemDetail> handle(DuplicateKeyException e) {
    log.info("Duplicate key: {}", e.getMostSpecificCause().getMessage());
    return respond(Problems.of(ErrorKind.CONFLICT, "It already exists.", List.of()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> handle(MethodArgumentTypeMismatchException e) {
    if (e.getParameter()
        .hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)) {
      // An id that is not even a UUID names nothing that exists.
      return respond(Problems.of(ErrorKind.NOT_FOUND, e.getName() + " not found", List.of()));
    }
    return respond(
        Problems.of(
            ErrorKind.BAD_REQUEST,
            "Query parameter '" + e.getName() + "' has the wrong type",
            List.of(new FieldProblem(e.getName(), "has the wrong type"))));
  }

  /** Spring Security's firewall refused the request (e.g. while a form body was parsed). */
  @ExceptionHandler(RequestRejectedException.class)
  ResponseEntity<ProblemDetail> handle(RequestRejectedException e) {
    return respond(
        Problems.of(ErrorKind.BAD_REQUEST, "The request was refused as malformed.", List.of()));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
    if (DatabaseDown.is(e)) {
      // Not a bug: the database is stopped or restarting, and the request may simply be retried.
      log.warn("Database out of reach: {}", e.toString());
      return ResponseEntity.status(503)
          .header(HttpHeaders.RETRY_AFTER, DatabaseDown.RETRY_AFTER_SECONDS)
          .body(Problems.of(ErrorKind.UNAVAILABLE, DatabaseDown.DETAIL, List.of()));
    }
    log.error("Unhandled error", e);
    return ResponseEntity.status(500).body(Problems.internal());
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<FieldProblem> problems =
        e.getBindingResult().getFieldErrors().stream()
            .map(f -> new FieldProblem(JsonPaths.snakeCase(f.getField()), f.getDefaultMessage()))
            .toList();
    return respondObject(OrchestrateException.invalid(problems));
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<FieldProblem> problems =
        e.getParameterValidationResults().stream()
            .flatMap(
                r ->
                    r.getResolvableErrors().stream()
                        .map(
                            err ->
                                new FieldProblem(
                                    r.getMethodParameter().getParameterName(),
                                    String.valueOf(err.getDefaultMessage()))))
            .toList();
    return respondObject(OrchestrateException.invalid(problems));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BodySizeLimitFilter.BodyTooLargeException tooLarge) {
        return ResponseEntity.status(413)
            .body(Problems.of(ErrorKind.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), List.of()));
      }
    }
    FieldProblem problem = JsonPaths.describe(e);
    return ResponseEntity.badRequest()
        .body(Problems.of(ErrorKind.BAD_REQUEST, problem.message(), List.of(problem)));
  }

  /**
   * Errors Spring MVC raises itself (405, 406, 415, unknown routes …) get the same body as ours: a
   * problem type, the request id, and no detail about the server's insides.
   */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem =
        ErrorKind.ofStatus(status.value())
            .map(kind -> Problems.of(kind, detailOf(e, body, kind), List.of()))
            .orElseGet(Problems::internal);
    return ResponseEntity.status(status).headers(headers).body(problem);
  }

  private static String detailOf(Exception e, Object body, ErrorKind kind) {
    if (e instanceof NoResourceFoundException) {
      return "There is nothing at this address.";
    }
    if (body instanceof ProblemDetail detail && detail.getDetail() != null) {
      return detail.getDetail();
    }
    return kind.title();
  }

  private ResponseEntity<Object> respondObject(OrchestrateException e) {
    return ResponseEntity.status(e.kind().status())
        .body(Problems.of(e.kind(), e.getMessage(), e.problems()));
  }

  private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus()).body(problem);
  }
}
