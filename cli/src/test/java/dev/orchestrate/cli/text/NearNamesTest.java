package dev.orchestrate.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearNamesTest {

  private static final List<String> SLUGS =
      List.of("auto_healing", "document_verify", "grant_factory", "osmu_marketing");

  @Test
  void findsTyposAndPartsClosestFirst() {
    assertThat(NearNames.of("grant_facotry", SLUGS, 3)).containsExactly("grant_factory");
    assertThat(NearNames.of("Grant-Factory", SLUGS, 3)).containsExactly("grant_factory");
    assertThat(NearNames.of("grant", SLUGS, 3)).containsExactly("grant_factory");
    assertThat(NearNames.of("autohealing", SLUGS, 3)).containsExactly("auto_healing");
  }

  @Test
  void offersNothingForANameFarFromAll() {
    assertThat(NearNames.of("billing", SLUGS, 3)).isEmpty();
    assertThat(NearNames.of("x", SLUGS, 3)).isEmpty();
  }

  @Test
  void countsEditsLikeLevenshtein() {
    assertThat(NearNames.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(NearNames.distance("", "abc")).isEqualTo(3);
    assertThat(NearNames.distance("same", "same")).isZero();
  }
}
