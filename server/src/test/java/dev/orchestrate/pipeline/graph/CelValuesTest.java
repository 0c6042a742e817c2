package dev.orchestrate.pipeline.graph;

import static dev.orchestrate.pipeline.graph.Graphs.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.values.NullValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelValuesTest {

  @Test
  void convertsJsonToPlainJavaValues() {
    Object value =
        CelValues.fromJson(
            json(
                "{'s': 'x', 'i': 7, 'd': 1.5, 'b': true, 'n': null, 'l': [1, 'two'], 'o': {'k': 1}}"));

    assertThat(value)
        .isEqualTo(
            Map.of(
                "s",
                "x",
                "i",
                7L,
                "d",
                1.5,
                "b",
                true,
                "n",
                NullValue.NULL_VALUE,
                "l",
                List.of(1L, "two"),
                "o",
                Map.of("k", 1L)));
  }

  @Test
  void keepsAnIntegerTooLargeForALongAsADouble() {
    assertThat(CelValues.fromJson(json("123456789012345678901234567890")))
        .isEqualTo(1.2345678901234568E29);
  }

  @Test
  void readsANonObjectAsAnEmptyMap() {
    assertThat(CelValues.mapFromJson(json("[1]"))).isEmpty();
    assertThat(CelValues.mapFromJson(null)).isEmpty();
  }
}
