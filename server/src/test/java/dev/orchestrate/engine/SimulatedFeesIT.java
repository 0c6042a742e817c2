package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.ServiceTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * On a fresh install every agent is simulated, and a simulated call charges its agent's cost per
 * run (and nothing for tokens), once per call answered, so billing shows itself from the first run.
 */
class SimulatedFeesIT extends ServiceTest {

  @Autowired private Tenancy tenancy;

  @Test
  void grantFactoryChargesExactlyItsFourAgentsFeesOnAFreshWorkspace() {
    var user = api.signUp();
    var executions = new Executions(api, user, tenancy, jdbc);
    Map<String, BigDecimal> fees = fees(user);
    BigDecimal expected =
        fees.get("optimist").add(fees.get("critic")).add(fees.get("blog")).add(fees.get("realist"));
    assertThat(expected).isEqualByComparingTo("110");

    String id =
        executions.start(
            api.pipelineId(user, "grant_factory"),
            Map.of("query", "AI 솔루션", "company_profile", "중소기업"));
    JsonNode done = executions.awaitStatus(id, "completed");

    assertThat(done.get("total_cost").decimalValue()).isEqualByComparingTo(expected);
    List<JsonNode> charges = executions.usageCharges(id);
    assertThat(charges).hasSize(4);
    assertThat(charges.stream().map(c -> c.get("amount").decimalValue().negate()))
        .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .containsExactlyInAnyOrder(
            fees.get("optimist"), fees.get("critic"), fees.get("blog"), fees.get("realist"));
    assertThat(charges)
        .allSatisfy(c -> assertThat(c.get("description").asString()).endsWith("(simulated)"));
    var credits = api.get(user.ws() + "/credits", user.token()).body();
    assertThat(credits.get("balance").decimalValue())
        .isEqualByComparingTo(new BigDecimal("10000").subtract(expected));
    assertThat(credits.get("reserved").decimalValue()).isZero();

    // The step says which calls were simulated, and what each was charged.
    JsonNode analysis = Executions.step(done, "analyze_eligibility");
    assertThat(analysis.get("cost").decimalValue()).isEqualByComparingTo("40");
    assertThat(analysis.get("model_calls").valueStream().map(c -> c.get("agent_slug").asString()))
        .containsExactlyInAnyOrder("optimist", "critic");
    assertThat(analysis.get("model_calls"))
        .allSatisfy(
            call -> {
              assertThat(call.get("model").asString()).isEqualTo("simulated");
              assertThat(call.get("simulated").asBoolean()).isTrue();
              assertThat(call.get("cost").decimalValue()).isEqualByComparingTo("20");
            });
    // The ledger records what each row was spent on, for the usage endpoint.
    List<Map<String, Object>> rows =
        tenancy.inSystemTransaction(
            "test reads the ledger",
            () ->
                jdbc.sql(
                        """
                        SELECT agent_slug, model, provider, pipeline_id FROM credit_ledger
                        WHERE reference_id = ? AND type = 'usage'
                        """)
                    .param(id)
                    .query()
                    .listOfRows());
    assertThat(rows).hasSize(4);
    assertThat(rows)
        .allSatisfy(
            row -> {
              assertThat(row.get("model")).isEqualTo("simulated");
              assertThat(row.get("provider")).isEqualTo("simulated");
              assertThat(row.get("pipeline_id"))
                  .isEqualTo(UUID.fromString(api.pipelineId(user, "grant_factory")));
            });
  }

  @Test
  void aSimulatedAgentWithoutAFeeChargesNothingAndWritesNoLedgerRow() {
    var user = api.signUp();
    var executions = new Executions(api, user, tenancy, jdbc);
    var created =
        api.post(
            user.ws() + "/agents",
            user.token(),
            Map.of(
                "slug", "free", "name", "Free", "model_provider", "simulated", "cost_per_run", 0));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);

    JsonNode done =
        executions.run(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'talk', 'type': 'agent_call', 'label': 'Talk', 'agent_slug': 'free',
                'prompt': 'Say something about {{input.topic}}'}],
             'edges': [{'from': 'start', 'to': 'talk'}]}
            """,
            Map.of("topic", "nothing"),
            "completed");

    assertThat(done.get("total_cost").decimalValue()).isZero();
    long rows =
        tenancy.inSystemTransaction(
            "test counts ledger rows",
            () ->
                jdbc.sql("SELECT count(*) FROM credit_ledger WHERE reference_id = ?")
                    .param(done.get("id").asString())
                    .query(Long.class)
                    .single());
    assertThat(rows).isZero();
    JsonNode call = Executions.step(done, "talk").get("model_calls").get(0);
    assertThat(call.get("simulated").asBoolean()).isTrue();
    assertThat(call.get("cost").decimalValue()).isZero();
  }

  private Map<String, BigDecimal> fees(Api.Session user) {
    var agents = api.get(user.ws() + "/agents", user.token());
    assertThat(agents.status()).as(agents.raw()).isEqualTo(200);
    Map<String, BigDecimal> fees = new java.util.HashMap<>();
    agents
        .body()
        .forEach(
            a -> {
              assertThat(a.get("model_provider").asString()).isEqualTo("simulated");
              fees.put(a.get("slug").asString(), a.get("cost_per_run").decimalValue());
            });
    return fees;
  }
}
