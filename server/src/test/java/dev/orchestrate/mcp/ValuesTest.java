package dev.orchestrate.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ValuesTest {

  private final ClientFolder folder = ClientFolder.create();

  @AfterEach
  void delete() {
    folder.delete();
  }

  @Test
  void resolvesLiteralsSecretsAndSecretFilesThatOnlyTheServiceUserCanRead() throws Exception {
    var spec =
        ServerSpec.stdio(
            "node",
            List.of(),
            Map.of(
                "REGION", "eu",
                "TOKEN", "secret:token",
                "KEY_FILE", "secret-file:key",
                "CREDS_DIR", "secret-file:oauth/.credentials.json"));
    var env =
        new Values(spec, Map.of("token", "t0ken", "key", "line1\nline2", "oauth", "{}"), folder)
            .env();

    assertThat(env).containsEntry("REGION", "eu").containsEntry("TOKEN", "t0ken");
    Path key = Path.of(env.get("KEY_FILE"));
    assertThat(Files.readString(key)).isEqualTo("line1\nline2");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(key).startsWith(folder.root());
    Path dir = Path.of(env.get("CREDS_DIR"));
    assertThat(Files.readString(dir.resolve(".credentials.json"))).isEqualTo("{}");

    folder.delete();
    assertThat(key).doesNotExist();
    assertThat(folder.exists()).isFalse();
  }

  @Test
  void aMissingSecretFailsTheStartNamingItUnlessItIsOptional() {
    var spec =
        ServerSpec.stdio(
            "npx", List.of(), Map.of("API_KEY", "secret:api_key", "URL", "secret:api_url"));
    assertThatThrownBy(() -> new Values(spec, Map.of("api_url", "x"), folder).env())
        .isInstanceOfSatisfying(
            ClientFailure.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ClientFailure.Kind.REFUSED);
              assertThat(e.getMessage()).contains("'api_key'");
            });
    var optional = spec.withOptionalSecrets(Set.of("api_url"));
    assertThat(new Values(optional, Map.of("api_key", "k"), folder).env())
        .containsOnlyKeys("API_KEY");
  }

  @Test
  void secretReferencesAreCheckedByTheVaultsNameRule() {
    assertThat(ConfigValue.parse("secret:good_name-1.x").problem()).isEmpty();
    assertThat(ConfigValue.parse("secret:").problem()).isPresent();
    assertThat(ConfigValue.parse("secret:9lives").problem()).isPresent();
    assertThat(ConfigValue.parse("secret-file:creds/../../etc").problem()).isPresent();
    assertThat(ConfigValue.parse("secret-file:creds/..").problem()).isPresent();
    assertThat(ConfigValue.parse("secret-file:creds/token.json").problem()).isEmpty();
    assertThat(ConfigValue.parse("plain words").secretName()).isEmpty();
  }

  @Test
  void theRedactorMasksValuesAsWrittenJsonEscapedAndLineByLine() {
    var redactor = Redactor.of(List.of("s3cr3t-value", "{\"key\": \"multi\nline-secret\"}"));
    assertThat(redactor.redact("token=s3cr3t-value!")).isEqualTo("token=[redacted]!");
    assertThat(redactor.redact("got {\\\"key\\\": \\\"multi\\nline-secret\\\"}"))
        .doesNotContain("line-secret");
    assertThat(redactor.redact("line-secret\"} was read")).doesNotContain("line-secret");
    assertThat(Redactor.of(List.of("ab")).redact("abc")).isEqualTo("abc");
  }
}
