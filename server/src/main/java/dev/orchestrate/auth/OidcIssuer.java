package dev.orchestrate.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestTemplate;

/**
 * The OpenID Connect issuer as the service's sign-in button talks to it: its metadata (discovered
 * on first use, so the service starts while the issuer is down), the token endpoint, and the
 * verification of its ID tokens (signature by its published keys, {@code iss}, {@code aud}, {@code
 * azp}, {@code exp}) by Spring Security's Nimbus decoder.
 */
final class OidcIssuer {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final OidcProperties properties;
  private final RestClient http;
  private final Supplier<Metadata> metadata;
  private final Supplier<NimbusJwtDecoder> idTokens;

  OidcIssuer(OidcProperties properties, Clock clock) {
    this.properties = properties;
    var factory =
        new JdkClientHttpRequestFactory(
            HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    factory.setReadTimeout(TIMEOUT);
    this.http = RestClient.builder().requestFactory(factory).build();
    // A failed discovery is not remembered: the next sign-in asks again.
    this.metadata = SingletonSupplier.of(this::discover);
    this.idTokens =
        SingletonSupplier.of(
            () -> {
              Metadata m = metadata.get();
              NimbusJwtDecoder decoder =
                  NimbusJwtDecoder.withJwkSetUri(m.jwksUri())
                      .jwsAlgorithms(algorithms -> algorithms.addAll(m.signingAlgorithms()))
                      .restOperations(new RestTemplate(factory))
                      .build();
              TokenValidation.applyTo(decoder, clock, m.issuer(), properties.clientId());
              return decoder;
            });
  }

  Metadata metadata() {
    return metadata.get();
  }

  /**
   * Trades an authorization code for the issuer's ID token, authenticating as the client.
   *
   * @throws OidcFailure when the issuer refuses or answers without an ID token
   */
  String exchange(String code, URI redirectUri, String codeVerifier) {
    Metadata m = metadata.get();
    var form = new LinkedMultiValueMap<String, String>();
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("redirect_uri", redirectUri.toString());
    form.add("code_verifier", codeVerifier);
    var request =
        http.post().uri(m.tokenEndpoint()).contentType(MediaType.APPLICATION_FORM_URLENCODED);
    if (m.secretInBody()) {
      form.add("client_id", properties.clientId());
      form.add("client_secret", properties.clientSecret());
    } else {
      // RFC 6749 2.3.1: both parts form-encoded before Basic encoding.
      request.headers(
          h ->
              h.setBasicAuth(
                  formEncode(properties.clientId()), formEncode(properties.clientSecret())));
    }
    Map<?, ?> answer;
    try {
      answer = request.body(form).retrieve().body(Map.class);
    } catch (RestClientException e) {
      throw new OidcFailure(OidcFailure.Reason.FAILED, "The token endpoint refused the code", e);
    }
    if (answer == null || !(answer.get("id_token") instanceof String idToken)) {
      throw new OidcFailure(OidcFailure.Reason.FAILED, "The token endpoint sent no ID token", null);
    }
    return idToken;
  }

  /** The ID token verified: signature, issuer, audience, authorized party and lifetime. */
  Jwt verify(String idToken) {
    Jwt jwt;
    try {
      jwt = idTokens.get().decode(idToken);
    } catch (JwtException e) {
      throw new OidcFailure(OidcFailure.Reason.FAILED, "The ID token did not verify", e);
    }
    // OpenID Connect Core 3.1.3.7: with several audiences, azp must be this client.
    List<String> audience = jwt.getAudience();
    String authorizedParty = jwt.getClaimAsString("azp");
    if ((audience.size() > 1 || authorizedParty != null)
        && !properties.clientId().equals(authorizedParty)) {
      throw new OidcFailure(OidcFailure.Reason.FAILED, "The ID token is for another client", null);
    }
    return jwt;
  }

  private Metadata discover() {
    String issuer = properties.issuerUri().strip();
    String location =
        (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
            + "/.well-known/openid-configuration";
    Map<?, ?> document;
    try {
      document = http.get().uri(location).retrieve().body(Map.class);
    } catch (RestClientException e) {
      throw new OidcFailure(OidcFailure.Reason.UNAVAILABLE, "Issuer discovery failed", e);
    }
    if (document == null || !issuer.equals(document.get("issuer"))) {
      // OpenID Connect Discovery 4.3: the metadata must be the configured issuer's own.
      throw new OidcFailure(
          OidcFailure.Reason.UNAVAILABLE, "The discovered issuer is not " + issuer, null);
    }
    return new Metadata(
        issuer,
        URI.create(text(document, "authorization_endpoint")),
        URI.create(text(document, "token_endpoint")),
        text(document, "jwks_uri"),
        algorithms(document.get("id_token_signing_alg_values_supported")),
        secretInBody(document.get("token_endpoint_auth_methods_supported")));
  }

  private static String text(Map<?, ?> document, String field) {
    if (!(document.get(field) instanceof String value) || value.isBlank()) {
      throw new OidcFailure(
          OidcFailure.Reason.UNAVAILABLE, "The issuer's metadata has no " + field, null);
    }
    return value;
  }

  /** Public-key algorithms only: an HMAC "signature" would be keyed with the client secret. */
  private static List<SignatureAlgorithm> algorithms(Object advertised) {
    List<SignatureAlgorithm> algorithms =
        advertised instanceof List<?> names
            ? names.stream()
                .map(name -> SignatureAlgorithm.from(String.valueOf(name)))
                .filter(a -> a != null)
                .toList()
            : List.of();
    return algorithms.isEmpty() ? List.of(SignatureAlgorithm.RS256) : algorithms;
  }

  /** client_secret_basic is the default (RFC 8414); the body only when the issuer wants that. */
  private static boolean secretInBody(Object methods) {
    return methods instanceof List<?> list
        && !list.contains("client_secret_basic")
        && list.contains("client_secret_post");
  }

  private static String formEncode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** What the sign-in flow needs of the issuer's metadata. */
  record Metadata(
      String issuer,
      URI authorizationEndpoint,
      URI tokenEndpoint,
      String jwksUri,
      List<SignatureAlgorithm> signingAlgorithms,
      boolean secretInBody) {}
}
