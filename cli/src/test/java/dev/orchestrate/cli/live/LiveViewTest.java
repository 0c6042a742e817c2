package dev.orchestrate.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.cli.text.Language;
import dev.orchestrate.cli.text.Messages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The live view drawn from a sequence of events, in plain text and in a terminal. */
class LiveViewTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-24T10:00:05Z"), ZoneOffset.UTC);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void plainOutputSaysWhatHappenedLineByLineWithTheTotalAtTheEnd() {
    var events =
        new Events()
                .start()
                .step("validate_input", "입력 검증", 120, "0")
                .step("crawl_announcements", "공고 수집", 2300, "0")
                .add(
                    "step_start",
                    "\"node_id\":\"analyze_eligibility\",\"label\":\"적합성 분석\",\"attempt\":1")
                .stream("analyze_eligibility", "optimist", "기회가 ")
                .stream("analyze_eligibility", "critic", "위험이 있습니다.\n둘째 줄")
                .stream("analyze_eligibility", "optimist", "많습니다.\n")
                .add(
                    "step_complete",
                    "\"node_id\":\"analyze_eligibility\",\"label\":\"적합성 분석\",\"duration_ms\":8500,\"cost\":150.5,\"input_tokens\":1,\"output_tokens\":2")
                .step("generate_documents", "서류 생성", 61000, "0")
                .step("review_documents", "서류 검토", 900, "0")
                .step("finalize", "최종 결과 저장", 3, "0")
                .end("completed", "150.5", 12500);

    String shown = render(new PlainRenderer(out, text(Language.KO), true, CLOCK), events);

    assertThat(shown.lines())
        .containsExactly(
            "▶ Grant Factory",
            "⏳ 입력 검증 중...",
            "✅ 입력 검증 (120ms)",
            "⏳ 공고 수집 중...",
            "✅ 공고 수집 (2.3s)",
            "⏳ 적합성 분석 중...",
            "   critic │ 위험이 있습니다.",
            "   optimist │ 기회가 많습니다.",
            "   critic │ 둘째 줄",
            "✅ 적합성 분석 (8.5s, ₩150.5)",
            "⏳ 서류 생성 중...",
            "✅ 서류 생성 (1m 01s)",
            "⏳ 서류 검토 중...",
            "✅ 서류 검토 (900ms)",
            "⏳ 최종 결과 저장 중...",
            "✅ 최종 결과 저장 (3ms)",
            "총 비용: ₩150.5 | 소요시간: 12.5초",
            "✅ 완료되었습니다.");
  }

  @Test
  void aFailedRunNamesTheErrorAndTheStepsThatNeverRanInEnglishToo() {
    var events =
        new Events()
            .start()
            .add("step_start", "\"node_id\":\"validate_input\",\"label\":\"입력 검증\",\"attempt\":1")
            .add(
                "step_failed",
                "\"node_id\":\"validate_input\",\"label\":\"입력 검증\",\"attempt\":1,\"will_retry\":false,\"error\":{\"code\":\"validation_failed\",\"message\":\"input/query: too short\"}")
            .add(
                "execution_complete",
                "\"status\":\"failed\",\"total_cost\":0,\"duration_ms\":104,\"error\":{\"code\":\"validation_failed\",\"message\":\"input/query: too short\"}");

    String shown = render(new PlainRenderer(out, text(Language.EN), false, CLOCK), events);

    assertThat(shown.lines())
        .containsSubsequence(
            "❌ 입력 검증: validation_failed: input/query: too short",
            "⬜ steps not run: 공고 수집, 적합성 분석, 서류 생성, 서류 검토, 최종 결과 저장",
            "Total cost: ₩0 | Elapsed: 0.1s",
            "❌ Failed: validation_failed: input/query: too short");
  }

  @Test
  void aTerminalRedrawsOneBlockInPlaceAndKeepsStreamedLinesAboveIt() {
    var events =
        new Events()
                .start()
                .step("validate_input", "입력 검증", 120, "0")
                .add(
                    "step_start",
                    "\"node_id\":\"crawl_announcements\",\"label\":\"공고 수집\",\"attempt\":1")
                .stream("crawl_announcements", "optimist", "한 줄\n")
                .add(
                    "step_complete",
                    "\"node_id\":\"crawl_announcements\",\"label\":\"공고 수집\",\"duration_ms\":2300,\"cost\":0")
                .end("completed", "0", 2500);

    var renderer = new TerminalRenderer(out, text(Language.KO), true, CLOCK, 80);
    String shown = render(renderer, events);

    // Every redraw goes up over the block (6 nodes and the summary) and clears it.
    assertThat(shown).contains("\r\033[7A\033[J");
    assertThat(shown).startsWith("\033[?25l");
    assertThat(shown).contains("   optimist │ \033[0m한 줄\n");
    String lastFrame = shown.substring(shown.lastIndexOf("\033[J") + 3);
    assertThat(lastFrame.replaceAll("\033\\[[0-9;?]*[a-zA-Z]", "").lines())
        .containsExactly(
            "✅ 입력 검증 (120ms)",
            "✅ 공고 수집 (2.3s)",
            "⬜ 적합성 분석",
            "⬜ 서류 생성",
            "⬜ 서류 검토",
            "⬜ 최종 결과 저장",
            "총 비용: ₩0 | 소요시간: 2.5초",
            "✅ 완료되었습니다.");
    assertThat(shown).endsWith("\033[?25h\n");
  }

  @Test
  void aGateShowsWhoMayDecideAndTheRetriedRunEndsWithTheLastOutcome() {
    var state = RunState.of(Events.grantFactory());
    var view = text(Language.KO);
    var gate =
        (Event.ApprovalRequired)
            Event.of(
                Events.JSON.readTree(
                    "{\"type\":\"approval_required\",\"seq\":3,\"node_id\":\"review_documents\",\"label\":\"서류 검토\",\"message\":\"첫 줄\\n둘째 줄\",\"approvers\":[\"owner\",\"admin\"]}"));
    state.apply(gate);

    assertThat(view.node(state.node("review_documents"))).isEqualTo("✋ 서류 검토: 승인을 기다리는 중");
    assertThat(view.gate(gate, Events.ID, "member", true))
        .containsExactly(
            "✋ '서류 검토' 단계가 승인을 기다립니다. 승인할 수 있는 역할: owner 또는 admin",
            "   당신의 역할(member)로는 승인할 수 없습니다. 승인할 수 있는 사람에게 알려주세요.",
            "   │ 첫 줄",
            "   │ ... (1줄 더: orchestrate show " + Events.ID + ")",
            "   승인: orchestrate approve " + Events.ID + " review_documents --comment \"...\"",
            "   반려: orchestrate reject " + Events.ID + " review_documents --comment \"...\"");

    for (String line :
        new Events().end("failed", "0", 100).start().end("completed", "30", 5000).lines()) {
      state.apply(Event.of(Events.JSON.readTree(line)));
    }
    assertThat(state.status()).isEqualTo("completed");
    assertThat(state.durationMs()).isEqualTo(5000);
  }

  @Test
  void aBudgetApprovalSaysWhatIsShortWhoMayRaiseItAndHowToRaiseOrStop() {
    var state = RunState.of(Events.grantFactory());
    var view = text(Language.KO);
    var asked = budgetAsked();
    state.apply(asked);

    assertThat(view.node(state.node("review_documents"))).isEqualTo("💰 서류 검토: 예산을 기다리는 중");
    assertThat(view.gate(asked, Events.ID, "owner", true))
        .containsExactly(
            "💰 예산 부족: ₩10.836 / ₩14 사용, '서류 검토' 단계에 ₩5.6 필요",
            "   예산을 올릴 수 있는 역할: owner 또는 admin",
            "   당신의 역할(owner)로 올릴 수 있습니다.",
            "   예산 올리기: orchestrate budget " + Events.ID + " <금액>   (이 단계에는 ₩16.436 이상)",
            "   중단: orchestrate reject " + Events.ID + " review_documents");
    assertThat(view.gateMessage(asked)).isEmpty();
    assertThat(view.result(state)).isEqualTo("💰 예산을 기다리고 있습니다.");

    assertThat(text(Language.EN).gate(asked, Events.ID, "member", false))
        .containsExactly(
            "💰 Over budget: ₩10.836 of ₩14 spent; '서류 검토' needs ₩5.6",
            "   Roles that may raise it: owner or admin",
            "   Your role (member) may not raise it; tell someone who may.",
            "   raise it: orchestrate budget "
                + Events.ID
                + " <amount>   (at least ₩16.436 for this step)",
            "   stop:     orchestrate reject " + Events.ID + " review_documents");
  }

  @Test
  void aRaisedBudgetSaysSoAndTheStepWaitsToRunAgainWhileARefusedOneStopsTheRun() {
    var raised =
        new Events()
            .start()
            .add("step_start", REVIEW_STARTS.formatted(1))
            .add("approval_required", BUDGET_ASKED)
            .add(
                "approval_resolved",
                "\"node_id\":\"review_documents\",\"kind\":\"budget\",\"decision\":\"approved\",\"by\":\"u\",\"comment\":null,\"budget\":30")
            .add("step_start", REVIEW_STARTS.formatted(2))
            .add(
                "step_complete",
                "\"node_id\":\"review_documents\",\"label\":\"서류 검토\",\"duration_ms\":900,\"cost\":5.418")
            .end("completed", "16.254", 3000);

    String shown = render(new PlainRenderer(out, text(Language.KO), false, CLOCK), raised);

    // The server starts the step again under a new attempt number, but it had made no call yet:
    // that is no second try.
    assertThat(shown.lines())
        .containsSubsequence(
            "⏳ 서류 검토 중...",
            "💰 예산 올림: ₩30 ('서류 검토' 단계부터 이어서 실행)",
            "⏳ 서류 검토 중...",
            "✅ 서류 검토 (900ms, ₩5.418)",
            "✅ 완료되었습니다.");
    assertThat(shown).doesNotContain("번째 시도");

    var state = RunState.of(Events.grantFactory());
    for (String line :
        new Events()
            .start()
            .add("approval_required", BUDGET_ASKED)
            .add(
                "approval_resolved",
                "\"node_id\":\"review_documents\",\"kind\":\"budget\",\"decision\":\"rejected\",\"by\":\"u\",\"comment\":\"너무 비쌉니다\"")
            .lines()) {
      Event event = Event.of(Events.JSON.readTree(line));
      state.apply(event);
      if (event instanceof Event.ApprovalResolved refused) {
        assertThat(text(Language.KO).resolved(refused, "서류 검토"))
            .isEqualTo("⛔ '서류 검토' 단계의 예산을 올리지 않아 실행을 멈춥니다 (의견: 너무 비쌉니다)");
        assertThat(text(Language.EN).resolved(refused, "서류 검토"))
            .isEqualTo("⛔ budget not raised for '서류 검토': the execution stops (comment: 너무 비쌉니다)");
      }
    }
    assertThat(state.node("review_documents").status()).isEqualTo(NodeStatus.REJECTED);
    assertThat(state.waiting()).isNull();
  }

  @Test
  void showReadsABudgetApprovalFromTheExecutionsPendingApprovals() {
    var execution =
        Events.JSON.readTree(
            """
            {"id": "%s", "status": "awaiting_approval", "total_cost": 10.836, "spent": 10.836,
             "budget": 14,
             "steps": [
               {"node_id": "a", "label": "하나", "status": "completed", "cost": 5.418},
               {"node_id": "b", "label": "둘", "status": "awaiting_approval", "cost": 0},
               {"node_id": "g", "label": "검토", "status": "awaiting_approval", "cost": 0}],
             "pending_approvals": [
               {"node_id": "b", "label": "둘", "kind": "budget", "message": "The step may cost",
                "approvers": ["owner", "admin"], "spent": 10.836, "budget": 14, "needed": 5.6},
               {"node_id": "g", "label": "검토", "kind": "gate", "message": "확인해 주세요",
                "approvers": ["owner"], "spent": null, "budget": null, "needed": null}]}
            """
                .formatted(Events.ID));
    var state = RunState.snapshot(execution);
    var view = text(Language.KO);

    assertThat(view.node(state.node("b"))).isEqualTo("💰 둘: 예산을 기다리는 중");
    assertThat(view.node(state.node("g"))).isEqualTo("✋ 검토: 승인을 기다리는 중");
    var budget = Event.ApprovalRequired.of(0, execution.get("pending_approvals").get(0));
    var gate = Event.ApprovalRequired.of(0, execution.get("pending_approvals").get(1));
    assertThat(budget.isBudget()).isTrue();
    assertThat(view.gate(budget, Events.ID, null, false).get(0))
        .isEqualTo("💰 예산 부족: ₩10.836 / ₩14 사용, '둘' 단계에 ₩5.6 필요");
    assertThat(gate.isBudget()).isFalse();
    assertThat(view.gate(gate, Events.ID, null, false))
        .containsExactly(
            "✋ '검토' 단계가 승인을 기다립니다. 승인할 수 있는 역할: owner",
            "   승인: orchestrate approve " + Events.ID + " g --comment \"...\"",
            "   반려: orchestrate reject " + Events.ID + " g --comment \"...\"");
  }

  private static final String REVIEW_STARTS =
      "\"node_id\":\"review_documents\",\"label\":\"서류 검토\",\"attempt\":%d";

  private static final String BUDGET_ASKED =
      "\"node_id\":\"review_documents\",\"label\":\"서류 검토\",\"kind\":\"budget\","
          + "\"message\":\"The step may cost up to 5.6 credits\",\"approvers\":[\"owner\",\"admin\"],"
          + "\"spent\":10.836,\"budget\":14,\"needed\":5.6";

  private static Event.ApprovalRequired budgetAsked() {
    return (Event.ApprovalRequired)
        Event.of(
            Events.JSON.readTree(
                "{\"type\":\"approval_required\",\"seq\":3," + BUDGET_ASKED + "}"));
  }

  private String render(Renderer renderer, Events events) {
    var state = RunState.of(Events.grantFactory());
    renderer.begin("▶ Grant Factory", state);
    for (String line : events.lines()) {
      Event event = Event.of(Events.JSON.readTree(line));
      state.apply(event);
      renderer.event(event, line, state);
    }
    renderer.end(state);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static ViewText text(Language language) {
    return new ViewText(Messages.of(language));
  }
}
