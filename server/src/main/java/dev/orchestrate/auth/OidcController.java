package dev.orchestrate.auth;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.Languages;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.workspace.Users;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * "Google로 계속하기": the OpenID Connect authorization-code flow with PKCE, the service being a
 * confidential client. {@code start} sends the browser to the issuer with a fresh state, nonce and
 * code challenge, remembered in a signed cookie; {@code callback} checks them, trades the code for
 * an ID token, verifies it and signs the user in as an external token would, then hands the
 * service's own access token to the web app in the URL fragment: fragments reach neither server
 * logs nor {@code Referer}.
 */
@RestController
@RequestMapping("/api/auth")
class OidcController {

  static final String COOKIE = "orchestrate_oidc_login";
  private static final String COOKIE_PATH = "/api/auth/oidc";
  private static final String CALLBACK = "/api/auth/oidc/callback";
  private static final Logger log = LoggerFactory.getLogger(OidcController.class);

  private final OidcProperties properties;
  private final OidcIssuer issuer;
  private final OidcLoginState states;
  private final ExternalUsers users;
  private final TokenService tokens;
  private final ApplicationEventPublisher events;

  OidcController(
      OidcProperties properties,
      OidcLoginState states,
      ExternalUsers users,
      TokenService tokens,
      ApplicationEventPublisher events,
      Clock clock) {
    this.properties = properties;
    this.issuer = properties.enabled() ? new OidcIssuer(properties, clock) : null;
    this.states = states;
    this.users = users;
    this.tokens = tokens;
    this.events = events;
  }

  /** The sign-in page's buttons besides email and password: none unless an issuer is set up. */
  @GetMapping("/providers")
  Providers providers() {
    return new Providers(
        issuer == null
            ? List.of()
            : List.of(new Provider("oidc", properties.name(), "/api/auth/oidc/start")));
  }

  /**
   * Sends the browser to the issuer.
   *
   * @param lang the web app's language, in which a new user's workspace is named
   */
  @GetMapping("/oidc/start")
  ResponseEntity<Void> start(
      @RequestParam(required = false) String lang, HttpServletRequest request) {
    if (issuer == null) {
      throw OrchestrateException.notFound("Sign-in with an OpenID issuer is not configured.");
    }
    OidcIssuer.Metadata metadata;
    try {
      metadata = issuer.metadata();
    } catch (OidcFailure e) {
      log.warn("OpenID sign-in unavailable: {}", e.getMessage(), e.getCause());
      return toSignIn(e.reason, null);
    }
    var login = states.start(lang == null ? null : Languages.fromAcceptLanguage(lang));
    var query = new LinkedHashMap<String, String>();
    query.put("response_type", "code");
    query.put("client_id", properties.clientId());
    query.put("redirect_uri", redirectUri(request).toString());
    query.put("scope", "openid email profile");
    query.put("state", login.state());
    query.put("nonce", login.nonce());
    query.put("code_challenge", challenge(login.codeVerifier()));
    query.put("code_challenge_method", "S256");
    String endpoint = metadata.authorizationEndpoint().toString();
    URI location = URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + formEncode(query));
    ResponseCookie cookie =
        cookie(states.seal(login), request).maxAge(OidcLoginState.LIFETIME).build();
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(location)
        .header(HttpHeaders.SET_COOKIE, cookie.toString())
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  /** Where the issuer sends the browser back, with a code (or an error) and the state. */
  @GetMapping("/oidc/callback")
  ResponseEntity<Void> callback(
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String error,
      HttpServletRequest request) {
    // The cookie is spent whatever happens: one sign-in, one answer.
    String expired = cookie("", request).maxAge(0).build().toString();
    try {
      String token = signIn(code, state, error, request);
      return ResponseEntity.status(HttpStatus.SEE_OTHER)
          .location(URI.create("/signin/callback#access_token=" + token))
          .header(HttpHeaders.SET_COOKIE, expired)
          .header(HttpHeaders.CACHE_CONTROL, "no-store")
          .header("Referrer-Policy", "no-referrer")
          .build();
    } catch (OidcFailure e) {
      log.info("OpenID sign-in failed ({}): {}", e.reason.code, e.getMessage(), e.getCause());
      return toSignIn(e.reason, expired);
    } catch (RuntimeException e) {
      // The browser is mid-redirect: a problem+json page would strand the user; the page explains.
      log.warn("OpenID sign-in failed unexpectedly", e);
      return toSignIn(OidcFailure.Reason.FAILED, expired);
    }
  }

  private String signIn(String code, String state, String error, HttpServletRequest request) {
    var login =
        states
            .open(loginCookie(request))
            .filter(l -> state != null && MessageDigest.isEqual(bytes(state), bytes(l.state())))
            .orElseThrow(
                () ->
                    new OidcFailure(
                        OidcFailure.Reason.STATE,
                        "The answer belongs to no sign-in this browser started",
                        null));
    if (error != null) {
      throw new OidcFailure(
          "access_denied".equals(error) ? OidcFailure.Reason.DENIED : OidcFailure.Reason.FAILED,
          "The issuer answered " + error,
          null);
    }
    if (code == null || code.isBlank()) {
      throw new OidcFailure(OidcFailure.Reason.FAILED, "The issuer sent no code", null);
    }
    Jwt idToken = issuer.verify(issuer.exchange(code, redirectUri(request), login.codeVerifier()));
    String nonce = idToken.getClaimAsString("nonce");
    if (nonce == null || !MessageDigest.isEqual(bytes(nonce), bytes(login.nonce()))) {
      throw new OidcFailure(
          OidcFailure.Reason.FAILED, "The ID token's nonce is not this sign-in's", null);
    }
    String email = idToken.getClaimAsString("email");
    if (email == null || email.isBlank() || idToken.getSubject() == null) {
      throw new OidcFailure(
          OidcFailure.Reason.UNVERIFIED, "The ID token names no email address", null);
    }
    // Stricter than bearer tokens: the button creates accounts, so the issuer must vouch.
    if (!Boolean.TRUE.equals(idToken.getClaimAsBoolean("email_verified"))) {
      throw new OidcFailure(
          OidcFailure.Reason.UNVERIFIED, "The issuer has not verified the email", null);
    }
    Locale locale =
        login.language() != null
            ? login.language()
            : Languages.fromAcceptLanguage(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    var userId =
        users.resolve(
            idToken.getIssuer().toString(),
            idToken.getSubject(),
            email,
            idToken.getClaimAsString("name"),
            locale);
    String normalised = Users.normaliseEmail(email);
    events.publishEvent(
        new AuditEvent(
            null,
            userId,
            "auth",
            "auth.login.succeeded",
            Map.of("email", normalised, "address", request.getRemoteAddr(), "method", "oidc")));
    return tokens.issue(userId, normalised).value();
  }

  private ResponseEntity<Void> toSignIn(OidcFailure.Reason reason, String cookie) {
    var answer =
        ResponseEntity.status(HttpStatus.SEE_OTHER)
            .location(URI.create("/signin?oidc_error=" + reason.code))
            .header(HttpHeaders.CACHE_CONTROL, "no-store");
    if (cookie != null) {
      answer.header(HttpHeaders.SET_COOKIE, cookie);
    }
    return answer.build();
  }

  private URI redirectUri(HttpServletRequest request) {
    return properties.redirectUri() != null
        ? properties.redirectUri()
        : ServletUriComponentsBuilder.fromContextPath(request).path(CALLBACK).build().toUri();
  }

  /** Lax: the issuer's redirect back is a top-level GET, which Lax cookies accompany. */
  private static ResponseCookie.ResponseCookieBuilder cookie(String value, HttpServletRequest r) {
    return ResponseCookie.from(COOKIE, value)
        .httpOnly(true)
        .secure(r.isSecure())
        .sameSite("Lax")
        .path(COOKIE_PATH);
  }

  private static String loginCookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    return cookies == null
        ? null
        : Arrays.stream(cookies)
            .filter(c -> COOKIE.equals(c.getName()))
            .map(Cookie::getValue)
            .findFirst()
            .orElse(null);
  }

  /** RFC 7636 S256: BASE64URL(SHA-256(ASCII(verifier))). */
  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }

  private static String formEncode(Map<String, String> query) {
    var joined = new StringBuilder();
    query.forEach(
        (name, value) ->
            joined
                .append(joined.isEmpty() ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return joined.toString();
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code GET /api/auth/providers}. */
  record Providers(List<Provider> providers) {}

  /** A way to sign in other than a password; {@code startUrl} is where its button leads. */
  record Provider(String id, String name, String startUrl) {}
}
