package dev.orchestrate.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenID Connect issuer on loopback, like Google's as the service's sign-in button uses it:
 * discovery, its signing keys (RS256), an authorization page with "continue" and "deny" buttons,
 * and a token endpoint that checks the client's secret, the redirect URI and the PKCE verifier
 * (S256) before it answers an ID token. Each sign-in is a new person with a verified email unless a
 * test shapes the next ID token ({@link #nextIdToken}), to make it wrong in one way.
 */
public final class FakeOidcIssuer implements AutoCloseable {

  public static final String CLIENT_ID = "orchestrate-test-client";
  public static final String CLIENT_SECRET = "test-client-secret";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final RSAKey key;
  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private volatile Person nextPerson;
  private volatile UnaryOperator<JWTClaimsSet.Builder> nextIdToken = UnaryOperator.identity();

  /** A person signing in, and what the issuer says about them. */
  public record Person(String subject, String email, String name, boolean emailVerified) {
    public static Person fresh() {
      String id = UUID.randomUUID().toString();
      return new Person(id, "oidc-" + id + "@example.com", "구글 사용자", true);
    }
  }

  private record Grant(
      String clientId, String redirectUri, String nonce, String challenge, Person person) {}

  public FakeOidcIssuer() {
    try {
      key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(executor);
    server.createContext("/.well-known/openid-configuration", this::discovery);
    server.createContext("/jwks", this::jwks);
    server.createContext("/authorize", this::authorize);
    server.createContext("/decide", this::decide);
    server.createContext("/token", this::token);
    server.start();
  }

  /** The issuer identifier, {@code http://127.0.0.1:<port>}. */
  public String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Who the next sign-in is; after it, each sign-in is a new person again. */
  public void nextPerson(Person person) {
    nextPerson = person;
  }

  /** Changes the claims of the next ID token the token endpoint answers (one time). */
  public void nextIdToken(UnaryOperator<JWTClaimsSet.Builder> change) {
    nextIdToken = change;
  }

  /** The person "continue" on {@code authorizeUrl}'s page would sign in, as a browser would. */
  public URI decide(URI authorizeUrl, boolean allow) {
    return URI.create(
        issuer()
            + "/decide?"
            + authorizeUrl.getRawQuery()
            + "&decision="
            + (allow ? "allow" : "deny"));
  }

  private void discovery(HttpExchange exchange) throws IOException {
    var document = new LinkedHashMap<String, Object>();
    document.put("issuer", issuer());
    document.put("authorization_endpoint", issuer() + "/authorize");
    document.put("token_endpoint", issuer() + "/token");
    document.put("jwks_uri", issuer() + "/jwks");
    document.put("response_types_supported", List.of("code"));
    document.put("subject_types_supported", List.of("public"));
    document.put("id_token_signing_alg_values_supported", List.of("RS256"));
    document.put(
        "token_endpoint_auth_methods_supported",
        List.of("client_secret_basic", "client_secret_post"));
    document.put("code_challenge_methods_supported", List.of("S256"));
    json(exchange, 200, document);
  }

  private void jwks(HttpExchange exchange) throws IOException {
    send(exchange, 200, "application/json", new JWKSet(key.toPublicJWK()).toString());
  }

  /** The consent page: who would sign in, and the two buttons. */
  private void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    if (!CLIENT_ID.equals(query.get("client_id"))
        || !"code".equals(query.get("response_type"))
        || !"S256".equals(query.get("code_challenge_method"))) {
      send(exchange, 400, "text/plain", "bad authorization request: " + query);
      return;
    }
    var hidden = new StringBuilder();
    query.forEach(
        (name, value) ->
            hidden.append(
                "<input type=\"hidden\" name=\"%s\" value=\"%s\">"
                    .formatted(html(name), html(value))));
    Person person = nextPerson == null ? Person.fresh() : nextPerson;
    String page =
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake issuer</title></head>
        <body><main><h1>Fake OpenID issuer</h1>
        <form action="/decide" method="get">%s
        <input type="hidden" name="person" value="%s">
        <button name="decision" value="allow">Continue as %s</button>
        <button name="decision" value="deny">Deny</button>
        </form></main></body></html>
        """
            .formatted(hidden, html(encodePerson(person)), html(person.email()));
    send(exchange, 200, "text/html; charset=utf-8", page);
  }

  /** The user's answer: back to the client with a code, or with access_denied. */
  private void decide(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String redirect = query.get("redirect_uri");
    String state = query.get("state");
    String back;
    if ("allow".equals(query.get("decision"))) {
      Person person =
          query.containsKey("person")
              ? decodePerson(query.get("person"))
              : (nextPerson == null ? Person.fresh() : nextPerson);
      nextPerson = null;
      String code = UUID.randomUUID().toString();
      grants.put(
          code,
          new Grant(
              query.get("client_id"),
              redirect,
              query.get("nonce"),
              query.get("code_challenge"),
              person));
      back = redirect + "?code=" + encode(code) + "&state=" + encode(state);
    } else {
      back = redirect + "?error=access_denied&state=" + encode(state);
    }
    exchange.getResponseHeaders().add("Location", back);
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form = query(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(UTF_8));
    if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      json(exchange, 401, Map.of("error", "invalid_client"));
      return;
    }
    Grant grant = grants.remove(String.valueOf(form.get("code")));
    if (grant == null
        || !"authorization_code".equals(form.get("grant_type"))
        || !grant.redirectUri().equals(form.get("redirect_uri"))
        || form.get("code_verifier") == null
        || !grant.challenge().equals(s256(form.get("code_verifier")))) {
      json(exchange, 400, Map.of("error", "invalid_grant"));
      return;
    }
    Instant now = Instant.now();
    var claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer())
            .subject(grant.person().subject())
            .audience(grant.clientId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)))
            .claim("nonce", grant.nonce())
            .claim("email", grant.person().email())
            .claim("email_verified", grant.person().emailVerified())
            .claim("name", grant.person().name());
    claims = nextIdToken.apply(claims);
    nextIdToken = UnaryOperator.identity();
    String idToken = sign(claims.build());
    json(
        exchange,
        200,
        Map.of(
            "access_token",
            UUID.randomUUID().toString(),
            "token_type",
            "Bearer",
            "expires_in",
            3600,
            "id_token",
            idToken));
  }

  /**
   * An ID token for {@code person} issued to {@code audience}, as a client of this issuer would
   * hold and might present elsewhere as a bearer token.
   */
  public String idToken(Person person, String audience) {
    Instant now = Instant.now();
    return sign(
        new JWTClaimsSet.Builder()
            .issuer(issuer())
            .subject(person.subject())
            .audience(audience)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)))
            .claim("email", person.email())
            .claim("email_verified", person.emailVerified())
            .claim("name", person.name())
            .build());
  }

  private String sign(JWTClaimsSet claims) {
    var token =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    try {
      token.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return token.serialize();
  }

  private static String encodePerson(Person p) {
    return String.join("|", p.subject(), p.email(), p.name(), Boolean.toString(p.emailVerified()));
  }

  private static Person decodePerson(String text) {
    String[] parts = text.split("\\|", -1);
    return new Person(parts[0], parts[1], parts[2], Boolean.parseBoolean(parts[3]));
  }

  private static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> query(String raw) {
    var params = new LinkedHashMap<String, String>();
    if (raw == null || raw.isBlank()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
      params.putIfAbsent(name, value);
    }
    return params;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value == null ? "" : value, UTF_8);
  }

  private static String html(String text) {
    return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
  }

  private static void json(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsString(body));
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
