/**
 * Local accounts for {@code POCO_AUTH_MODE=password} (issue 17): users with bcrypt password hashes and the roles
 * {@code admin} and {@code member}, cookie sessions (opaque random tokens, stored as SHA-256), one-time invite codes,
 * login throttling, and the first-run setup that hands user {@code default}'s data to the first admin.
 * <ul>
 * <li>routes: {@code /auth/status|setup|login|logout|logout-all|me|password|invites/{code}/accept}
 * ({@code AuthController}), {@code /admin/users|invites} ({@code AdminController});</li>
 * <li>API: {@code AccountSessionResolver} implements {@link dev.poco.server.auth.AccountSessions} for the identity
 * filter; {@code AdminCommand} creates the first admin from the command line ({@code ./poco admin create});</li>
 * <li>tables: {@code users}, {@code user_sessions}, {@code invites} (V47).</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "conversations", "envvars", "workspace"})
@NullMarked
package dev.poco.server.accounts;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
