package dev.poco.app.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a subclass of an end-to-end test against the product in {@code POCO_AUTH_MODE=password} instead of
 * {@code trusted_header}: the same test bodies, with users that are invited members signed in with a real
 * {@code poco_session} cookie ({@link PasswordAccounts}). Every class carrying this annotation shares one application
 * (the same context configuration, so Spring's test context cache starts it once), on a database and a
 * {@code POCO_HOME} of its own ({@link PasswordModeApp}): its first user becomes the admin and takes over user
 * {@code default}'s rows, which must not touch the other tests' data.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ContextConfiguration(initializers = PasswordModeApp.Initializer.class)
public @interface PasswordMode {}
