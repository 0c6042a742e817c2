package dev.orchestrate.web;

import dev.orchestrate.common.ErrorKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own refusals, made before any filter runs (a NUL or other control character in a header
 * or the path, a malformed request line), as problem+json instead of Tomcat's HTML page. Everything
 * that reaches Spring is answered by {@link ProblemHandler} or {@link ProblemWriter} already; this
 * valve only writes when nothing else has.
 */
final class ProblemReportValve extends ErrorReportValve {

  private static final String MALFORMED = "The request was refused as malformed.";

  private final JsonMapper json;

  ProblemReportValve(JsonMapper json) {
    this.json = json;
  }

  /** Puts the valve in place of the host's HTML error reports. */
  @Configuration(proxyBeanMethods = false)
  static class Installer {
    @Bean
    TomcatContextCustomizer problemReports(JsonMapper json) {
      return context -> {
        if (context.getParent() instanceof StandardHost host) {
          // Just before the host starts, when every customizer (Spring Boot adds an HTML report
          // valve of its own) has run: ours replaces them, and the host adds no default one.
          host.addLifecycleListener(
              event -> {
                if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                  replaceReportValves(host, json);
                }
              });
        }
      };
    }

    private static void replaceReportValves(StandardHost host, JsonMapper json) {
      for (Valve valve : host.getPipeline().getValves()) {
        if (valve instanceof ErrorReportValve) {
          host.getPipeline().removeValve(valve);
        }
      }
      host.getPipeline().addValve(new ProblemReportValve(json));
      host.setErrorReportValveClass(ProblemReportValve.class.getName());
    }
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || response.isCommitted()) {
      return;
    }
    var ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    ProblemDetail problem =
        ErrorKind.ofStatus(status)
            .map(
                kind ->
                    Problems.of(
                        kind, kind == ErrorKind.BAD_REQUEST ? MALFORMED : kind.title(), List.of()))
            .orElseGet(
                () -> {
                  ProblemDetail generic =
                      status >= 500 ? Problems.internal() : ProblemDetail.forStatus(status);
                  generic.setStatus(status);
                  return generic;
                });
    try {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setCharacterEncoding("UTF-8");
      PrintWriter writer = response.getReporter();
      if (writer != null) {
        writer.write(json.writeValueAsString(problem));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response cannot take a body: nothing more to say.
    }
  }
}
