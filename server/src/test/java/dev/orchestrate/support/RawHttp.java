package dev.orchestrate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket: {@code java.net.http} refuses to send a control character in a
 * header, but a hostile client is not so polite.
 */
public final class RawHttp {

  private RawHttp() {}

  /** What a raw exchange answered: its status and everything the server sent. */
  public record Answer(int status, String raw) {
    public String header(String name) {
      String head = raw.substring(0, Math.max(0, raw.indexOf("\r\n\r\n")));
      return head.lines()
          .filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
          .map(l -> l.substring(name.length() + 1).strip())
          .findFirst()
          .orElse("");
    }

    public String body() {
      return raw.substring(raw.indexOf("\r\n\r\n") + 4);
    }
  }

  public static Answer post(int port, String path, Map<String, String> headers, String body) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder();
    request.append("POST ").append(path).append(" HTTP/1.1\r\n");
    request.append("Host: localhost:").append(port).append("\r\n");
    headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("Content-Length: ").append(content.length).append("\r\n");
    request.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(30_000);
      var out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.write(content);
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Answer(Integer.parseInt(answer.substring(9, 12)), answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
