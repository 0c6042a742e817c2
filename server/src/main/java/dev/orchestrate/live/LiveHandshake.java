package dev.orchestrate.live;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Accepts the {@code bearer} subprotocol (browsers cannot send headers) and declines every
 * extension, {@code permessage-deflate} above all: events are small JSON documents and a deflate
 * context belongs to one connection, so one event sent to a thousand sockets would be compressed a
 * thousand times, costing more CPU and latency on both ends than the few hundred bytes it saves.
 * Declining is always allowed (RFC 6455 §9.1): clients then exchange plain frames.
 */
final class LiveHandshake extends DefaultHandshakeHandler {

  private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

  LiveHandshake() {
    super(new WithoutExtensions());
    setSupportedProtocols("bearer");
  }

  /**
   * Tomcat negotiates extensions from the request's header itself (whatever Spring selected), so
   * the upgrade sees the request without it.
   */
  private static final class WithoutExtensions extends StandardWebSocketUpgradeStrategy {

    @Override
    public void upgrade(
        ServerHttpRequest request,
        ServerHttpResponse response,
        String protocol,
        List<WebSocketExtension> extensions,
        Principal user,
        WebSocketHandler handler,
        Map<String, Object> attributes) {
      if (request instanceof ServletServerHttpRequest servlet) {
        request = new ServletServerHttpRequest(new Unextended(servlet.getServletRequest()));
      }
      super.upgrade(request, response, protocol, List.of(), user, handler, attributes);
    }
  }

  private static final class Unextended extends HttpServletRequestWrapper {

    Unextended(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getHeader(String name) {
      return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return EXTENSIONS.equalsIgnoreCase(name)
          ? Collections.emptyEnumeration()
          : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      return Collections.enumeration(
          Collections.list(super.getHeaderNames()).stream()
              .filter(h -> !EXTENSIONS.equalsIgnoreCase(h))
              .toList());
    }
  }
}
