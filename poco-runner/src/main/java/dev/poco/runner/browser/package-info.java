/**
 * The agent's browser (issue 13, part 3): Playwright's MCP server ({@code __poco_playwright}, as poco names it)
 * driving the host's Chromium, headless, inside the run's sandbox, with its traffic through the run's egress gate.
 * {@link dev.poco.runner.browser.BrowserTools} locates both and writes the MCP server's definition.
 */
@NullMarked
package dev.poco.runner.browser;

import org.jspecify.annotations.NullMarked;
