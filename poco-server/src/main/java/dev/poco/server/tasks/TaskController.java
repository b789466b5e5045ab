package dev.poco.server.tasks;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /tasks}: a prompt for a new or existing session. */
@RestController
class TaskController {

    private final TaskService tasks;

    TaskController(TaskService tasks) {
        this.tasks = tasks;
    }

    @PostMapping("/api/v1/tasks")
    Envelope<TaskEnqueued> enqueue(Caller caller, @Valid @RequestBody TaskRequest request) {
        return Envelope.ok("Task enqueued successfully", tasks.enqueue(caller, request));
    }
}
