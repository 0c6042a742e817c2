package dev.orchestrate.web;

import dev.orchestrate.common.ErrorKind;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 with {@code Retry-After} when the database is out of reach in a filter (the token
 * check looks its user up, the tenant filter its membership), where {@link ProblemHandler} does not
 * see the failure; anything else passes through unchanged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class DatabaseDownFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(DatabaseDownFilter.class);

  private final ProblemWriter problems;

  DatabaseDownFilter(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (ServletException | RuntimeException e) {
      if (!DatabaseDown.is(e) || response.isCommitted()) {
        throw e;
      }
      log.warn("Database out of reach while serving {}: {}", request.getRequestURI(), e.toString());
      response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseDown.RETRY_AFTER_SECONDS);
      problems.write(response, ErrorKind.UNAVAILABLE, DatabaseDown.DETAIL);
    }
  }
}
