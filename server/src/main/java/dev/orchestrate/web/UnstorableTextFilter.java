package dev.orchestrate.web;

import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.common.FieldProblem;
import dev.orchestrate.common.OrchestrateException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses, with 422 naming each place, any request carrying text PostgreSQL cannot store (see
 * {@link UnstorableText}): in its query, its headers or anywhere in a JSON body. One check at the
 * edge instead of one per field, so a new endpoint or a body read as a tree is covered too. It runs
 * after authentication, so an anonymous caller learns nothing about a body's content; the body,
 * already bounded by {@link BodySizeLimitFilter}, is read once and handed on unchanged.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1)
class UnstorableTextFilter extends OncePerRequestFilter {

  /** Enough to fix a body by; a body with thousands of NULs needs no list of every one. */
  static final int MAX_LISTED = 50;

  private final JsonMapper json;
  private final ProblemWriter problems;

  UnstorableTextFilter(JsonMapper json, ProblemWriter problems) {
    this.json = json;
    this.problems = problems;
  }

  /**
   * A live socket's handshake carries only a token and a cursor, stores neither, and must refuse
   * with a close code (a bad token is 4401), not an HTTP status the browser hides.
   */
  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    List<FieldProblem> found = new ArrayList<>(UnstorableText.inQuery(request.getQueryString()));
    found.addAll(UnstorableText.inHeaders(request.getHeaderNames(), request::getHeaders));
    HttpServletRequest next = request;
    if (isJson(request)) {
      byte[] body;
      try {
        body = request.getInputStream().readAllBytes();
      } catch (BodySizeLimitFilter.BodyTooLargeException e) {
        problems.write(response, e);
        return;
      }
      found.addAll(UnstorableText.inJson(json, body, charset(request)));
      next = new ReadRequest(request, body);
    }
    if (!found.isEmpty()) {
      problems.write(response, refusal(found));
      return;
    }
    chain.doFilter(next, response);
  }

  private static org.springframework.http.ProblemDetail refusal(List<FieldProblem> found) {
    List<FieldProblem> listed = found.stream().limit(MAX_LISTED).toList();
    String detail =
        found.size() > MAX_LISTED
            ? found.size() + " problems found; the first " + MAX_LISTED + " are listed"
            : OrchestrateException.invalid(listed).getMessage();
    return Problems.of(ErrorKind.INVALID, detail, listed);
  }

  private static boolean isJson(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null) {
      return false;
    }
    try {
      MediaType media = MediaType.parseMediaType(type);
      return MediaType.APPLICATION_JSON.isCompatibleWith(media)
          || media.getSubtype().endsWith("+json");
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  private static Charset charset(HttpServletRequest request) {
    try {
      return request.getCharacterEncoding() == null
          ? null
          : Charset.forName(request.getCharacterEncoding());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The request with its body already read, served again from memory. */
  private static final class ReadRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    ReadRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      var in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body has already been read");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      Charset charset = charset(this);
      return new BufferedReader(
          new InputStreamReader(
              new ByteArrayInputStream(body), charset == null ? StandardCharsets.UTF_8 : charset));
    }
  }
}
