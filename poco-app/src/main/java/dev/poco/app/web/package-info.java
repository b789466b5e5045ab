/** What the all-in-one server adds to the API: the web UI's assets and start-up messages. */
@NullMarked
package dev.poco.app.web;

import org.jspecify.annotations.NullMarked;
