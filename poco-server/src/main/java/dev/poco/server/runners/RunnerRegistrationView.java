package dev.poco.server.runners;

import java.util.UUID;

/**
 * {@code POST /runners/register}: the runner's own credential, which it keeps and sends as
 * {@code Authorization: Bearer} from then on; shown this once. {@link #toString()} hides it.
 */
public record RunnerRegistrationView(UUID runnerId, String name, String credential) {

    @Override
    public String toString() {
        return "RunnerRegistrationView[runnerId=" + runnerId + ", name=" + name + ", credential=***]";
    }
}
