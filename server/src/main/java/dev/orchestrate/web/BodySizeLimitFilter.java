package dev.orchestrate.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@link WebProperties#maxBodyBytes()}: at once when Content-Length
 * says so, and while reading when a chunked body grows past it, so no request can make the service
 * buffer an unbounded body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodySizeLimitFilter extends OncePerRequestFilter {

  private final long limit;
  private final ProblemWriter problems;

  BodySizeLimitFilter(WebProperties properties, ProblemWriter problems) {
    this.limit = properties.maxBodyBytes();
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > limit) {
      problems.write(response, tooLarge(limit));
      return;
    }
    chain.doFilter(new LimitedRequest(request, limit), response);
  }

  static BodyTooLargeException tooLarge(long limit) {
    return new BodyTooLargeException(limit);
  }

  /** Thrown while reading a body that exceeds the limit; an IOException so readers pass it up. */
  static final class BodyTooLargeException extends IOException {
    final long limit;

    BodyTooLargeException(long limit) {
      super("Request body exceeds " + limit + " bytes");
      this.limit = limit;
    }
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedInputStream(super.getInputStream(), limit);
      }
      return stream;
    }
  }

  private static final class LimitedInputStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long read;

    LimitedInputStream(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > limit) {
        throw tooLarge(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
