/**
 * Admission control: the host's budget for Claude Code processes. A run takes a slot before its CLI
 * starts ({@link dev.poco.runner.admission.HostBudget}), waits in line while the host's CPU (CLI
 * starts at once), memory (live sessions) or process budget is used up, and gives the slot back
 * when its session ends. {@link dev.poco.runner.admission.HostAdmission} is the implementation;
 * warm and hot CLI processes account against the same budget.
 */
@NullMarked
package dev.poco.runner.admission;

import org.jspecify.annotations.NullMarked;
