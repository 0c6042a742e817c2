package dev.orchestrate.mcp;

import io.modelcontextprotocol.spec.McpError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/**
 * Turns what the MCP SDK throws into a {@link ClientFailure} a person can read: the server's own
 * error message when it sent one, an HTTP status in words, or what went wrong with the connection.
 * Secret values are masked before any text leaves.
 */
final class SdkErrors {

  private static final Pattern STATUS = Pattern.compile("(?i)status(?: code)?[:=]?\\s*(\\d{3})");

  private SdkErrors() {}

  static ClientFailure classify(Throwable thrown, Redactor redactor) {
    Throwable e = unwrap(thrown);
    if (e instanceof ClientFailure failure) {
      return failure;
    }
    if (e instanceof McpError error) {
      var rpc = error.getJsonRpcError();
      String message = rpc != null && rpc.message() != null ? rpc.message() : error.getMessage();
      return ClientFailure.serverError(redactor.redact(message));
    }
    Throwable root = rootCause(e);
    if (root instanceof JacksonException invalid) {
      // An answer that does not fit MCP's types (a tool result whose content is not a list of
      // blocks): the server's fault, and the same answer again next time.
      return ClientFailure.serverError(
          "the server's answer is not valid MCP: "
              + redactor.redact(
                  String.valueOf(invalid.getOriginalMessage()).lines().findFirst().orElse("")));
    }
    if (root instanceof HttpConnectTimeoutException || root instanceof ConnectException) {
      return ClientFailure.unreachable("could not connect to the server (" + words(root) + ")");
    }
    if (root instanceof UnresolvedAddressException) {
      return ClientFailure.unreachable("the server's host name does not resolve");
    }
    if (root instanceof HttpTimeoutException || root instanceof TimeoutException) {
      return ClientFailure.unreachable("the server did not answer in time");
    }
    String text = redactor.redact(String.valueOf(e.getMessage()));
    Matcher status = STATUS.matcher(text);
    if (status.find()) {
      int code = Integer.parseInt(status.group(1));
      boolean retry = code >= 500 || code == 408 || code == 429;
      String message = "the server answered HTTP " + code;
      return retry
          ? ClientFailure.unreachable(message)
          : new ClientFailure(ClientFailure.Kind.SERVER_ERROR, message, false);
    }
    if (root instanceof IOException) {
      return ClientFailure.unreachable("the connection to the server failed (" + words(root) + ")");
    }
    return ClientFailure.unreachable(
        "the server could not be reached: " + redactor.redact(words(e)));
  }

  private static Throwable unwrap(Throwable e) {
    Throwable current = e;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable current = e;
    while (current.getCause() != null && current.getCause() != current) {
      current = current.getCause();
    }
    return current;
  }

  private static String words(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase()
        : message;
  }
}
