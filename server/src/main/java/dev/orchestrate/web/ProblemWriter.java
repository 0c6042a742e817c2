package dev.orchestrate.web;

import dev.orchestrate.common.ErrorKind;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem+json from filters, which run before Spring MVC's exception handling. */
@Component
class ProblemWriter {

  private final JsonMapper json;

  ProblemWriter(JsonMapper json) {
    this.json = json;
  }

  void write(HttpServletResponse response, ErrorKind kind, String detail) throws IOException {
    write(response, Problems.of(kind, detail, List.of()));
  }

  void write(HttpServletResponse response, BodySizeLimitFilter.BodyTooLargeException e)
      throws IOException {
    write(response, ErrorKind.PAYLOAD_TOO_LARGE, e.getMessage());
  }

  void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
