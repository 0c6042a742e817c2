package dev.orchestrate.llm;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.Timeout;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;

/** Anthropic's Messages API, streamed through the official SDK. */
final class AnthropicAdapter implements ProviderAdapter {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final LlmProperties.Endpoint endpoint;
  private final Clock clock;
  private final SdkClients<AnthropicClient> clients =
      new SdkClients<>(AnthropicAdapter::build, AnthropicClient::close);

  AnthropicAdapter(LlmProperties.Endpoint endpoint, Clock clock) {
    this.endpoint = endpoint;
    this.clock = clock;
  }

  private static AnthropicClient build(String baseUrl, String key) {
    // Our RetryPolicy decides about retries, with the whole call's deadline in view.
    var builder = AnthropicOkHttpClient.builder().apiKey(key).maxRetries(0);
    if (!baseUrl.isEmpty()) {
      builder.baseUrl(baseUrl);
    }
    return builder.build();
  }

  @Override
  public String provider() {
    return "anthropic";
  }

  @Override
  public LlmResponse attempt(LlmRequest request, LlmListener listener, CallControl control)
      throws AttemptFailure {
    String key =
        ApiKeys.require(request, endpoint, "Anthropic", "ANTHROPIC_API_KEY", "anthropic_api_key");
    var stream = new AnthropicStream(listener);
    var params = AnthropicParams.of(request);
    AnthropicClient client = clients.get(endpoint.baseUrl(), key);
    Faults.stopIfCancelled(control);
    try (StreamResponse<RawMessageStreamEvent> response =
        client.messages().createStreaming(params, options(request.timeout()))) {
      control.onCancel(response::close);
      Iterator<RawMessageStreamEvent> events = response.stream().iterator();
      while (!control.cancelled() && events.hasNext()) {
        stream.accept(events.next());
      }
      return stream.finish(request.model());
    } catch (AttemptFailure failure) {
      throw failure;
    } catch (Exception e) {
      throw AnthropicFaults.classify(e, key, stream.usage(), clock);
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
