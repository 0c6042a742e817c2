package dev.orchestrate.web;

import dev.orchestrate.auth.AuthenticatedUser;
import dev.orchestrate.auth.DeploymentAdmins;
import dev.orchestrate.common.ErrorKind;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Which routes need a token. Stateless bearer tokens only: no sessions, no cookies, so no CSRF
 * surface. Refusals are problem+json like every other error.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /** The deployment's own administration, for {@link DeploymentAdmins} only. */
  private static final String ADMIN_PATH = "/api/admin/";

  @Bean
  SecurityFilterChain api(
      HttpSecurity http,
      JwtDecoder decoder,
      Converter<Jwt, AbstractAuthenticationToken> users,
      ProblemWriter problems,
      WebProperties properties,
      DeploymentAdmins admins)
      throws Exception {
    AuthenticationEntryPoint unauthorized =
        (request, response, e) -> {
          response.setHeader(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.of(e));
          problems.write(
              response,
              ErrorKind.UNAUTHORIZED,
              "A valid bearer token is required: missing, expired or forged.");
        };
    AccessDeniedHandler forbidden =
        (request, response, e) ->
            problems.write(
                response,
                ErrorKind.FORBIDDEN,
                request.getRequestURI().startsWith(ADMIN_PATH)
                    ? "Only the deployment's admins may use /api/admin: the users whose emails"
                        + " ORCHESTRATE_ADMIN_EMAILS lists."
                    : "Not allowed.");
    return http.csrf(csrf -> csrf.disable())
        .cors(cors -> cors.configurationSource(cors(properties)))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .formLogin(form -> form.disable())
        .httpBasic(basic -> basic.disable())
        .logout(logout -> logout.disable())
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(HttpMethod.POST, "/api/auth/signup", "/api/auth/login")
                    .permitAll()
                    // The sign-in button's flow (auth.OidcController) runs before any token.
                    .requestMatchers(
                        HttpMethod.GET,
                        "/api/auth/providers",
                        "/api/auth/oidc/start",
                        "/api/auth/oidc/callback")
                    .permitAll()
                    .requestMatchers(
                        "/health",
                        "/health/**",
                        "/metrics",
                        "/api/docs",
                        "/api/docs/**",
                        "/swagger-ui.html",
                        "/swagger-ui/**",
                        "/error")
                    .permitAll()
                    // Sockets authenticate in their handler, so refusals can be close codes.
                    .requestMatchers("/ws/**")
                    .permitAll()
                    .requestMatchers(ADMIN_PATH + "**")
                    .access(
                        (authentication, context) ->
                            new AuthorizationDecision(isAdmin(authentication.get(), admins)))
                    .requestMatchers("/api/**", "/orchestrate/**")
                    .authenticated()
                    // The static UI.
                    .anyRequest()
                    .permitAll())
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(users))
                    .authenticationEntryPoint(unauthorized)
                    .accessDeniedHandler(forbidden))
        .exceptionHandling(
            e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
        .addFilterAfter(new TenantFilter(), BearerTokenAuthenticationFilter.class)
        .build();
  }

  private static boolean isAdmin(Authentication authentication, DeploymentAdmins admins) {
    return authentication != null
        && authentication.getPrincipal() instanceof AuthenticatedUser user
        && admins.isAdmin(user.id());
  }

  /** The firewall's refusals (odd paths, encoded dots …) are problem+json too. */
  @Bean
  RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
    return (request, response, e) ->
        problems.write(response, ErrorKind.BAD_REQUEST, "The request was refused as malformed.");
  }

  private static UrlBasedCorsConfigurationSource cors(WebProperties properties) {
    var source = new UrlBasedCorsConfigurationSource();
    List<String> origins = properties.allowedOrigins().stream().filter(o -> !o.isBlank()).toList();
    if (!origins.isEmpty()) {
      var config = new CorsConfiguration();
      config.setAllowedOrigins(origins);
      config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
      config.setAllowedHeaders(
          List.of("Authorization", "Content-Type", "X-Request-Id", "Last-Event-ID"));
      config.setExposedHeaders(List.of("X-Request-Id", "Retry-After", "WWW-Authenticate"));
      source.registerCorsConfiguration("/**", config);
    }
    return source;
  }
}
