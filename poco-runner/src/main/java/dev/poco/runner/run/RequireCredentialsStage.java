package dev.poco.runner.run;

/** Fails the run at once, saying what to set, when this runner has no model key or token. */
final class RequireCredentialsStage implements RunStage {

    static final String MISSING = "No model credentials are configured on this runner: set ANTHROPIC_API_KEY (or"
            + " ANTHROPIC_AUTH_TOKEN, and ANTHROPIC_BASE_URL for a proxy) and restart Poco.";

    @Override
    public void run(RunContext ctx) {
        if (ctx.settings().credential() == null) {
            throw new StageFailure(new RunOutcome.NotStarted(MISSING));
        }
    }
}
