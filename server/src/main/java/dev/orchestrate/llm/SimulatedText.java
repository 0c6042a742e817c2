package dev.orchestrate.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The simulated provider's answer: a plausible Korean analysis of the request with headed sections,
 * chosen by a seed so the same request reads the same way twice.
 */
final class SimulatedText {

  static final String LABEL = "[시뮬레이션 응답] 실제 모델을 호출하지 않고 만든 예시 답변입니다.";

  private static final int EXCERPT_LENGTH = 40;

  private static final List<String> ANALYSIS =
      List.of(
          "요청의 핵심 목표를 먼저 정리하고, 이를 달성하기 위한 조건을 나누어 살펴보았습니다.",
          "입력된 정보만으로 판단할 수 있는 부분과 추가 확인이 필요한 부분을 구분했습니다.",
          "비슷한 사례에서 자주 나타나는 위험 요소를 기준으로 우선순위를 매겼습니다.",
          "가장 큰 영향을 주는 요인은 일정과 자원의 균형이며, 두 요소를 함께 고려해야 합니다.",
          "현재 상황에서는 작은 단위로 나누어 검증하면서 진행하는 방식이 안정적입니다.",
          "이해관계자마다 기대하는 결과가 다를 수 있으므로 성공 기준을 명확히 해야 합니다.",
          "데이터의 정확성과 최신성을 확인하는 과정이 전체 결과의 품질을 좌우합니다.");

  private static final List<String> SUGGESTIONS =
      List.of(
          "목표와 성공 기준을 한 문장으로 정리해 공유합니다.",
          "필요한 자료를 목록으로 만들고 빠진 항목을 확인합니다.",
          "위험도가 높은 작업부터 작은 실험으로 검증합니다.",
          "중간 결과를 정기적으로 점검하고 계획을 조정합니다.",
          "결정 사항과 근거를 기록해 이후 검토에 활용합니다.");

  private static final List<String> CONCLUSIONS =
      List.of(
          "정리하면, 단계적으로 접근하면서 각 단계의 결과를 확인하는 것이 가장 현실적인 방법입니다.",
          "결론적으로, 핵심 목표에 집중하고 불확실한 부분은 빠르게 검증하는 전략을 권장합니다.",
          "요약하면, 현재 정보로도 충분히 시작할 수 있으며 세부 사항은 진행하면서 보완하면 됩니다.");

  private SimulatedText() {}

  static String answer(LlmRequest request) {
    Random random = new Random(seed(request));
    String excerpt = excerpt(lastUserText(request));
    StringBuilder text = new StringBuilder(LABEL).append("\n\n## 요청 요약\n");
    text.append(
        excerpt.isEmpty()
            ? "전달된 요청을 바탕으로 분석했습니다."
            : "요청하신 내용은 \"" + excerpt + "\"입니다. 이를 바탕으로 분석했습니다.");
    text.append("\n\n## 분석\n");
    for (String sentence : pick(ANALYSIS, 3, random)) {
      text.append(sentence).append(' ');
    }
    text.setLength(text.length() - 1);
    text.append("\n\n## 제안\n");
    List<String> suggestions = pick(SUGGESTIONS, 3, random);
    for (int i = 0; i < suggestions.size(); i++) {
      text.append(i + 1).append(". ").append(suggestions.get(i)).append('\n');
    }
    text.append("\n## 결론\n").append(CONCLUSIONS.get(random.nextInt(CONCLUSIONS.size())));
    return text.toString();
  }

  /** Everything the model would read, for counting input tokens. */
  static String prompt(LlmRequest request) {
    StringBuilder prompt = new StringBuilder(request.system());
    for (LlmMessage message : request.messages()) {
      message.content().forEach(block -> prompt.append('\n').append(textOf(block)));
    }
    return prompt.toString();
  }

  static long seed(LlmRequest request) {
    return (request.model() + "\u0000" + prompt(request)).hashCode();
  }

  private static String lastUserText(LlmRequest request) {
    for (LlmMessage message : request.messages().reversed()) {
      if (message.role() == LlmMessage.Role.USER) {
        StringBuilder text = new StringBuilder();
        message.content().forEach(block -> text.append(textOf(block)).append(' '));
        return text.toString();
      }
    }
    return "";
  }

  private static String textOf(ContentBlock block) {
    return switch (block) {
      case ContentBlock.Text text -> text.text();
      case ContentBlock.ToolUse use -> use.name() + " " + JsonBridge.write(use.input());
      case ContentBlock.ToolResult result -> result.content();
    };
  }

  private static String excerpt(String text) {
    String flat = text.replaceAll("\\s+", " ").strip().replace('"', '\'');
    return flat.codePointCount(0, flat.length()) <= EXCERPT_LENGTH
        ? flat
        : flat.substring(0, flat.offsetByCodePoints(0, EXCERPT_LENGTH)) + "…";
  }

  private static List<String> pick(List<String> pool, int count, Random random) {
    List<String> shuffled = new ArrayList<>(pool);
    java.util.Collections.shuffle(shuffled, random);
    return shuffled.subList(0, Math.min(count, shuffled.size()));
  }
}
