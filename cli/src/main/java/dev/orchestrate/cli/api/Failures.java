package dev.orchestrate.cli.api;

import dev.orchestrate.cli.CliException;
import dev.orchestrate.cli.ExitCodes;
import dev.orchestrate.cli.text.Messages;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Turns what went wrong talking to the server into what to tell the user, and the exit code. */
public final class Failures {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final Messages messages;
  private final Clock clock;

  public Failures(Messages messages, Clock clock) {
    this.messages = messages;
    this.clock = clock;
  }

  CliException unreachable(String server, Exception cause) {
    String reason = reason(cause);
    return new CliException(
        ExitCodes.UNREACHABLE,
        "unreachable",
        messages.get("error.unreachable", server, reason),
        messages.get("error.unreachable.hint"));
  }

  /** The innermost cause that says most: the JDK wraps an unknown host in a ConnectException. */
  private String reason(Throwable cause) {
    String reason = null;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof java.net.http.HttpConnectTimeoutException) {
        reason = messages.get("reason.timeout");
      } else if (t instanceof java.nio.channels.UnresolvedAddressException
          || t instanceof java.net.UnknownHostException) {
        reason = messages.get("reason.unknown_host");
      } else if (t instanceof java.net.ConnectException && reason == null) {
        reason = messages.get("reason.refused");
      }
    }
    if (reason != null) {
      return reason;
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  CliException timeout(String server) {
    return new CliException(
        ExitCodes.UNREACHABLE, "timeout", messages.get("error.timeout", server));
  }

  CliException notTheService(String server, int status) {
    return new CliException(
        ExitCodes.UNREACHABLE,
        "not_orchestrate",
        messages.get("error.not_the_service", server, status),
        messages.get("error.unreachable.hint"));
  }

  /** A 401: not logged in, the token expired, or the server does not accept it any more. */
  public CliException unauthorized(String server, String token, JsonNode problem) {
    String relogin = messages.get("error.login_again", loginCommand(server));
    if (token == null) {
      return new CliException(
          ExitCodes.AUTH,
          "not_logged_in",
          List.of(
              messages.get("error.not_logged_in", server),
              messages.get("error.login_first", loginCommand(server), signupCommand(server))),
          problem);
    }
    Optional<Instant> expiry = Tokens.expiry(token);
    if (expiry.isPresent() && !expiry.get().isAfter(clock.instant())) {
      String when = WHEN.format(expiry.get().atZone(ZoneId.systemDefault()));
      return new CliException(
          ExitCodes.AUTH,
          "token_expired",
          List.of(messages.get("error.token_expired", when), relogin),
          problem);
    }
    return new CliException(
        ExitCodes.AUTH,
        "token_refused",
        List.of(messages.get("error.token_refused", server), relogin),
        problem);
  }

  /** Any other error answer: the server's title or detail, and every field problem it listed. */
  CliException problem(int status, JsonNode problem) {
    List<String> lines = new ArrayList<>();
    String detail = problem.path("detail").asString("");
    String title = problem.path("title").asString("");
    String headline =
        switch (status) {
          case 400, 422 -> messages.get("error.invalid");
          case 402 -> messages.get("error.credits");
          case 403 -> messages.get("error.forbidden");
          case 404 -> messages.get("error.not_found");
          case 409 -> messages.get("error.conflict");
          case 429 -> messages.get("error.rate_limited");
          default -> messages.get("error.server", status);
        };
    JsonNode errors = problem.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      lines.add(headline);
      for (JsonNode error : errors) {
        String path = error.path("path").asString("");
        String message = error.path("message").asString("");
        lines.add("  - " + (path.isEmpty() ? message : path + ": " + message));
      }
    } else {
      String said = !detail.isEmpty() ? detail : title;
      lines.add(said.isEmpty() ? headline : headline + " " + said);
    }
    String requestId = problem.path("request_id").asString("");
    if (status >= 500 && !requestId.isEmpty()) {
      lines.add(messages.get("error.request_id", requestId));
    }
    int exit = status == 404 ? ExitCodes.NOT_FOUND : ExitCodes.REFUSED;
    String code = problem.path("code").asString("http_" + status);
    return new CliException(exit, code, lines, problem);
  }

  private static String signupCommand(String server) {
    return loginCommand(server).replace("orchestrate login", "orchestrate signup");
  }

  /** How to log in again to this server. */
  public static String loginCommand(String server) {
    return Servers.isDefault(server) ? "orchestrate login" : "orchestrate login --server " + server;
  }
}
