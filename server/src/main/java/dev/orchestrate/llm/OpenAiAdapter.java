package dev.orchestrate.llm;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;

/**
 * OpenAI's Chat Completions API through the official SDK; with a base URL, any compatible server
 * (Ollama, vLLM, llama.cpp).
 */
final class OpenAiAdapter implements ProviderAdapter {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final LlmProperties.Endpoint endpoint;
  private final Clock clock;
  private final SdkClients<OpenAIClient> clients =
      new SdkClients<>(OpenAiAdapter::build, OpenAIClient::close);

  OpenAiAdapter(LlmProperties.Endpoint endpoint, Clock clock) {
    this.endpoint = endpoint;
    this.clock = clock;
  }

  private static OpenAIClient build(String baseUrl, String key) {
    // Our RetryPolicy decides about retries, with the whole call's deadline in view.
    var builder = OpenAIOkHttpClient.builder().apiKey(key).maxRetries(0);
    if (!baseUrl.isEmpty()) {
      builder.baseUrl(baseUrl);
    }
    return builder.build();
  }

  @Override
  public String provider() {
    return "openai";
  }

  @Override
  public LlmResponse attempt(LlmRequest request, LlmListener listener, CallControl control)
      throws AttemptFailure {
    String key = ApiKeys.require(request, endpoint, "OpenAI", "OPENAI_API_KEY", "openai_api_key");
    var stream = new OpenAiStream(listener, OpenAiParams.isOpenAi(endpoint.baseUrl()));
    var params = OpenAiParams.of(request, endpoint.baseUrl());
    OpenAIClient client = clients.get(endpoint.baseUrl(), key);
    Faults.stopIfCancelled(control);
    try (StreamResponse<ChatCompletionChunk> response =
        client.chat().completions().createStreaming(params, options(request.timeout()))) {
      control.onCancel(response::close);
      Iterator<ChatCompletionChunk> chunks = response.stream().iterator();
      while (!control.cancelled() && chunks.hasNext()) {
        stream.accept(chunks.next());
      }
      return stream.finish(request.model());
    } catch (AttemptFailure failure) {
      throw failure;
    } catch (Exception e) {
      throw OpenAiFaults.classify(e, key, stream.usage(), clock);
    }
  }

  /** The SDK's own timeouts only back up our deadline, which closes the stream first. */
  private static RequestOptions options(Duration callTimeout) {
    Duration limit = callTimeout.plusSeconds(5);
    return RequestOptions.builder()
        .timeout(
            Timeout.builder()
                .connect(CONNECT_TIMEOUT.compareTo(limit) < 0 ? CONNECT_TIMEOUT : limit)
                .read(limit)
                .write(limit)
                .request(limit)
                .build())
        .build();
  }

  @Override
  public void close() {
    clients.close();
  }
}
