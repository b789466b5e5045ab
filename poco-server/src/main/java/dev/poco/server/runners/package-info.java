/**
 * Runner registration (issue 17, part 6): runners get their own credential instead of sharing one static token.
 * <ul>
 * <li>an admin makes a registration token ({@code POST /admin/runners/registration-tokens}, {@code poco_reg_…}),
 * valid until it expires for a number of registrations;</li>
 * <li>a runner started with {@code POCO_RUNNER_REGISTRATION_TOKEN} trades it ({@code POST /runners/register}) for
 * its own credential ({@code poco_runner_…}), kept hashed here ({@code registered_runners});</li>
 * <li>{@code RunnerCredentials} is the {@link dev.poco.server.auth.BearerCredentials} of {@code poco_runner_}: a
 * live credential opens the runner endpoints as the shared {@code INTERNAL_API_TOKEN} does (which still works), a
 * revoked one is refused with 401; it records the runner's last call and worker id at most every 30 s;</li>
 * <li>admins list runners with their last heartbeat ({@code GET /admin/runners}, joined with
 * {@code runner_presence}) and revoke one ({@code DELETE /admin/runners/{id}}).</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common"})
@NullMarked
package dev.poco.server.runners;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
