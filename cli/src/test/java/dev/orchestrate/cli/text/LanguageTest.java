package dev.orchestrate.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LanguageTest {

  @Test
  void koreanUnlessAskedForEnglishOrUnderAnEnglishLocale() {
    assertThat(Language.resolve(null, Map.of())).isEqualTo(Language.KO);
    assertThat(Language.resolve(null, Map.of("LANG", "C.UTF-8"))).isEqualTo(Language.KO);
    assertThat(Language.resolve(null, Map.of("LANG", "en_US.UTF-8"))).isEqualTo(Language.EN);
    assertThat(Language.resolve(null, Map.of("LANG", "en_US.UTF-8", "LC_ALL", "ko_KR.UTF-8")))
        .isEqualTo(Language.KO);
    assertThat(Language.resolve(null, Map.of("LC_MESSAGES", "en_GB", "LANG", "ko_KR")))
        .isEqualTo(Language.EN);
    assertThat(Language.resolve("en", Map.of("LANG", "ko_KR.UTF-8"))).isEqualTo(Language.EN);
    assertThat(Language.resolve("ko", Map.of("LANG", "en_US.UTF-8"))).isEqualTo(Language.KO);
  }

  @Test
  void messagesComeInTheChosenLanguageWhateverTheJvmLocale() {
    java.util.Locale before = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.US);
      assertThat(Messages.of(Language.KO).get("view.summary", "₩150", "12.5초"))
          .isEqualTo("총 비용: ₩150 | 소요시간: 12.5초");
      assertThat(Messages.of(Language.EN).get("view.summary", "₩150", "12.5s"))
          .isEqualTo("Total cost: ₩150 | Elapsed: 12.5s");
    } finally {
      java.util.Locale.setDefault(before);
    }
  }

  @Test
  void everyMessageAndHelpTextExistsInBothLanguages() {
    for (String bundle :
        new String[] {"dev.orchestrate.cli.messages", "dev.orchestrate.cli.help"}) {
      assertThat(keys(bundle, "")).as(bundle).isEqualTo(keys(bundle, "_en"));
    }
  }

  private static Set<String> keys(String bundle, String suffix) {
    try (var in =
        LanguageTest.class.getResourceAsStream(
            "/" + bundle.replace('.', '/') + suffix + ".properties")) {
      var properties = new java.util.Properties();
      properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
      return new TreeSet<>(
          Collections.list(properties.keys()).stream().map(Object::toString).toList());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
