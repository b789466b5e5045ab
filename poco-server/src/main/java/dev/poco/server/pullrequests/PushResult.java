package dev.poco.server.pullrequests;

/**
 * A pushed branch and its pull request.
 *
 * @param branch the new branch on GitHub
 * @param commit the pushed commit
 * @param base the branch the pull request goes into
 * @param pullRequestUrl the pull request's page on GitHub
 */
public record PushResult(String branch, String commit, String base, String pullRequestUrl) {}
