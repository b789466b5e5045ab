package dev.poco.server.llm;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.RequestOptions;
import com.anthropic.errors.AnthropicException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import java.time.Duration;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The server's own Messages API calls (titles, memory extraction), through anthropic-java. The client is built on
 * first use, so a server that never titles a session never starts its HTTP pool. Agent runs do not come here.
 */
@Component
public class ServerModel implements DisposableBean {

    private final ServerModelProperties properties;
    private @Nullable AnthropicClient client;

    @Autowired // two constructors: Spring needs to be told which one (the context did not start without it)
    ServerModel(Environment environment) {
        this(new ServerModelProperties(
                environment.getProperty("poco.model.base-url"),
                environment.getProperty("poco.model.api-key"),
                environment.getProperty("poco.model.auth-token"),
                environment.getProperty(
                        "poco.server-model.model", environment.getProperty("poco.models.default-model", "claude-sonnet-4-6")),
                environment.getProperty("poco.server-model.timeout-seconds", Integer.class, 15),
                environment.getProperty("poco.server-model.max-retries", Integer.class, 2)));
    }

    ServerModel(ServerModelProperties properties) {
        this.properties = properties;
    }

    /** Whether a key or token is set; without one every call fails at once, and callers may skip the work. */
    public boolean configured() {
        return properties.configured();
    }

    /** The model server-side calls use. */
    public String model() {
        return properties.model();
    }

    /**
     * One Messages API call: {@code system}, one user message, the text blocks of the answer joined.
     *
     * @throws ServerModelException when no credentials are set, the endpoint fails after retries, or answers no text
     */
    public String complete(String system, String userPrompt, int maxTokens) {
        return complete(system, userPrompt, maxTokens, null);
    }

    /** As {@link #complete(String, String, int)}, with a sampling temperature (poco's titles use 0.2). */
    public String complete(String system, String userPrompt, int maxTokens, @Nullable Double temperature) {
        if (!configured()) {
            throw new ServerModelException("no model credentials: set ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN");
        }
        MessageCreateParams.Builder params = MessageCreateParams.builder()
                .model(properties.model())
                .maxTokens(maxTokens)
                .system(system)
                .addUserMessage(userPrompt);
        if (temperature != null) {
            // this SDK version has no typed setter for it; the Messages API still takes the field
            params.putAdditionalBodyProperty("temperature", JsonValue.from(temperature));
        }
        Message message;
        try {
            message = client().messages().create(params.build(), RequestOptions.none());
        } catch (AnthropicException e) {
            throw new ServerModelException("model call to " + properties.normalizedBaseUrl() + " failed: " + e.getMessage(), e);
        }
        String text = message.content().stream()
                .flatMap(block -> block.text().stream())
                .map(textBlock -> textBlock.text())
                .collect(Collectors.joining());
        if (text.isBlank() && message.content().stream().noneMatch(ContentBlock::isText)) {
            throw new ServerModelException("the model answered without text (stop reason "
                    + message.stopReason().map(Object::toString).orElse("none") + ")");
        }
        return text;
    }

    private synchronized AnthropicClient client() {
        if (client == null) {
            AnthropicOkHttpClient.Builder builder = AnthropicOkHttpClient.builder()
                    .baseUrl(properties.normalizedBaseUrl())
                    .timeout(Duration.ofSeconds(properties.timeoutSeconds()))
                    .maxRetries(properties.maxRetries());
            String apiKey = properties.apiKey();
            String authToken = properties.authToken();
            // The headers are set by hand: this SDK's credential chain sends a key as a bearer token, which
            // api.anthropic.com and poco's own model gateways refuse; a key is an x-api-key, as the CLI sends it.
            if (apiKey != null && !apiKey.isBlank()) {
                builder.putHeader("x-api-key", apiKey);
            } else if (authToken != null) {
                builder.putHeader("Authorization", "Bearer " + authToken);
            }
            client = builder.build();
        }
        return client;
    }

    @Override
    public synchronized void destroy() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
