package dev.orchestrate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.ServiceTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentCrudIT extends ServiceTest {

  private static Map<String, Object> agent(String slug) {
    return Map.of(
        "slug", slug,
        "name", "요약가",
        "description", "Summarises",
        "model_provider", "anthropic",
        "model", "claude-sonnet-4-20250514",
        "system_prompt", "You summarise.",
        "parameters", Map.of("temperature", 0.2, "max_tokens", 1024),
        "cost_per_run", 12.5,
        "tools", List.of(Map.of("mcp", "firecrawl", "tool", "firecrawl_search")));
  }

  @Test
  void aNewWorkspaceHasTheFiveDemoAgentsRunningSimulated() {
    var user = api.signUp();
    var list = api.get(user.ws() + "/agents", user.token());

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().findValuesAsString("slug"))
        .containsExactlyInAnyOrder("optimist", "critic", "blog", "realist", "coo");
    assertThat(list.body().findValuesAsString("model_provider")).containsOnly("simulated");
    list.body()
        .forEach(
            a ->
                assertThat(a.get("system_prompt").asString())
                    .as(a.get("slug").asString())
                    .hasSizeGreaterThan(200));
  }

  @Test
  void createsReadsUpdatesAndDeletesAnAgent() {
    var user = api.signUp();
    var created = api.post(user.ws() + "/agents", user.token(), agent("summariser"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().get("id").asString()).isNotBlank();
    assertThat(created.body().get("cost_per_run").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(created.body().get("parameters").get("max_tokens").asInt()).isEqualTo(1024);
    assertThat(created.body().get("tools").get(0).get("mcp").asString()).isEqualTo("firecrawl");
    String path = user.ws() + "/agents/" + created.body().get("id").asString();

    assertThat(api.get(path, user.token()).body()).isEqualTo(created.body());

    var patched =
        api.patch(
            path,
            user.token(),
            Map.of("name", "Summariser v2", "parameters", Map.of("temperature", 1.1)));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.body().get("name").asString()).isEqualTo("Summariser v2");
    assertThat(patched.body().get("parameters").get("temperature").asDouble()).isEqualTo(1.1);
    assertThat(patched.body().get("system_prompt").asString()).isEqualTo("You summarise.");

    assertThat(api.delete(path, user.token()).status()).isEqualTo(204);
    assertThat(api.get(path, user.token()).status()).isEqualTo(404);
    assertThat(api.delete(path, user.token()).status()).isEqualTo(404);
    // The slug is free again once the agent is gone.
    assertThat(api.post(user.ws() + "/agents", user.token(), agent("summariser")).status())
        .isEqualTo(201);
  }

  @Test
  void aSecondAgentWithTheSameSlugIsAConflict() {
    var user = api.signUp();
    var again = api.post(user.ws() + "/agents", user.token(), agent("critic"));
    assertThat(again.status()).isEqualTo(409);
  }

  @Test
  void renamingAnAgentToATakenSlugIsAConflict() {
    var user = api.signUp();
    String id =
        api.post(user.ws() + "/agents", user.token(), agent("writer")).body().get("id").asString();
    assertThat(
            api.patch(user.ws() + "/agents/" + id, user.token(), Map.of("slug", "blog")).status())
        .isEqualTo(409);
  }

  @Test
  void anInvalidAgentIsRefusedWithEveryProblem() {
    var user = api.signUp();
    var r =
        api.post(
            user.ws() + "/agents",
            user.token(),
            Map.of(
                "slug",
                "Not A Slug",
                "model_provider",
                "gemini",
                "parameters",
                Map.of("temperature", 7, "max_tokens", 0.5),
                "cost_per_run",
                -1,
                "tools",
                List.of(Map.of("mcp", "nowhere", "tool", ""))));

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.body().get("errors").findValuesAsString("path"))
        .containsExactlyInAnyOrder(
            "slug",
            "name",
            "model_provider",
            "model",
            "parameters.temperature",
            "parameters.max_tokens",
            "cost_per_run",
            "tools[0].mcp",
            "tools[0].tool");
  }

  @Test
  void aModelWithoutAPriceIsRefusedAtSaveTime() {
    var user = api.signUp();
    var r =
        api.post(
            user.ws() + "/agents",
            user.token(),
            Map.of(
                "slug",
                "free",
                "name",
                "Free",
                "model_provider",
                "openai",
                "model",
                "gpt-unpriced-9"));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().get("errors").get(0).get("path").asString()).isEqualTo("model");
    assertThat(r.body().get("errors").get(0).get("message").asString()).contains("no price");
  }

  @Test
  void aSimulatedAgentNeedsNoModelName() {
    var user = api.signUp();
    var r =
        api.post(
            user.ws() + "/agents",
            user.token(),
            Map.of("slug", "sim", "name", "Sim", "model_provider", "simulated"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.body().get("model").asString()).isEqualTo("simulated");
    assertThat(r.body().get("tools")).isEmpty();
  }
}
