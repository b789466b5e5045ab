package dev.poco.server.slashcommands;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The names of the skills a user has installed and enabled, each a system skill or the user's own
 * (poco's default for skill alias commands, §3.17). Read straight from poco's {@code skills} and
 * {@code user_skill_installs} tables because the skills feature is written at the same time; this
 * moves behind the skills package's API once it has one.
 */
@Repository
class EnabledSkills {

    private final JdbcClient jdbc;

    EnabledSkills(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Distinct names, sorted (a user skill and a system skill of one name give one alias). */
    @SuppressWarnings("NullAway") // a NOT NULL column: Spring types single-column rows as nullable
    List<String> names(String userId) {
        return jdbc.sql("""
                SELECT DISTINCT s.name FROM user_skill_installs i JOIN skills s ON s.id = i.skill_id
                WHERE i.user_id = :user AND i.enabled AND (s.scope = 'system' OR s.owner_user_id = :user)
                ORDER BY s.name""")
                .param("user", userId).query(String.class).list();
    }
}
