package dev.poco.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.app.support.PocoProcess;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart (deploy/helm/poco) rendered and checked: the servers probe the actuator's real health groups and are
 * scraped where the metrics are, every container runs restricted, secrets reach containers only as Secret references
 * or files, the runner's RBAC is exactly what the kubernetes sandbox driver needs and it gets that driver's settings.
 * With {@code helm} on the PATH the chart is also rendered by {@code helm template} and both renderings must be equal;
 * without it {@link MiniHelm} renders it alone (it refuses template constructs it does not implement, so a chart
 * change it cannot follow fails here instead of passing unchecked).
 */
class HelmChartTest {

    private static final Path ROOT = PocoProcess.ROOT;
    private static final Path CHART = ROOT.resolve("deploy/helm/poco");
    private static final String RELEASE = "acme";
    private static final String NAMESPACE = "poco-test";
    private static final String FULLNAME = "acme-poco";

    /** Secret values that must never appear in a workload's rendering (only in the Secrets). */
    private static final List<String> SECRET_VALUES = List.of("internal-token-0123456789abcdef",
            "secret-key-0123456789abcdef", "sk-ant-test-key", "poco_reg_testtoken", "s3-access-AKIA", "s3-secret-xyz",
            "db-user-poco", "db-password-hunter2");

    private static Map<String, Object> required() {
        return map("database", map("url", "postgresql://db.example:5432/poco?sslmode=require",
                        "username", "db-user-poco", "password", "db-password-hunter2"),
                "secrets", map("internalApiToken", SECRET_VALUES.get(0), "secretKey", SECRET_VALUES.get(1),
                        "anthropicApiKey", SECRET_VALUES.get(2), "runnerRegistrationToken", SECRET_VALUES.get(3)),
                "storage", map("s3", map("endpoint", "http://minio.storage:9000", "bucket", "poco",
                        "accessKey", SECRET_VALUES.get(4), "secretKey", SECRET_VALUES.get(5))));
    }

    @Test
    void theChartIsHelm3AndDeploysThisProjectsVersion() throws Exception {
        Map<String, Object> chart = MiniHelm.loadMap(CHART.resolve("Chart.yaml"));
        assertThat(chart).containsEntry("apiVersion", "v2").containsEntry("name", "poco");
        // the rule: appVersion is the root pom's version without -SNAPSHOT
        String pom = Files.readString(ROOT.resolve("pom.xml")).replaceFirst("(?s)<parent>.*?</parent>", "");
        Matcher version = Pattern.compile("<version>([^<]+)</version>").matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(chart.get("appVersion")).isEqualTo(version.group(1).replace("-SNAPSHOT", ""));

        Rendered r = render(map());
        assertThat(r.workloads()).hasSize(2);
        for (Map<String, Object> container : r.containers()) {
            assertThat(container.get("image")).as("the image defaults to poco:<appVersion>")
                    .isEqualTo("poco:" + chart.get("appVersion"));
        }
        // "helm install poco …" names things poco-server, poco-runner, …
        assertThat(MiniHelm.render(CHART, "poco", NAMESPACE, merged(map())).get("templates/server-service.yaml"))
                .contains("  name: poco-server\n");
        Rendered pinned = render(map("image", map("repository", "registry.example/poco", "tag", "2024.1")));
        assertThat(pinned.containers()).allSatisfy(c -> assertThat(c.get("image")).isEqualTo("registry.example/poco:2024.1"));
        assertThat(env(pinned.container("runner"), "POCO_K8S_SANDBOX_IMAGE")).isEqualTo("registry.example/poco:2024.1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void serversAreProbedOnTheActuatorsHealthGroupsAndScrapedWhereTheMetricsAre() throws Exception {
        // the real paths: actuator on the server's own port at its default base path, probe groups on, prometheus
        // exposed (ObservabilityApiTest shows they answer, health without a sign-in)
        Map<String, Object> app = MiniHelm.loadMap(ROOT.resolve("poco-server/src/main/resources/application.yml"));
        Map<String, Object> management = (Map<String, Object>) app.get("management");
        assertThat(management).doesNotContainKey("server");
        Map<String, Object> web = (Map<String, Object>) ((Map<String, Object>) management.get("endpoints")).get("web");
        assertThat(web).doesNotContainKey("base-path");
        assertThat((String) ((Map<String, Object>) web.get("exposure")).get("include")).contains("health", "prometheus");
        assertThat(at(management, "endpoint", "health", "probes", "enabled")).isEqualTo(true);
        String security = Files.readString(ROOT.resolve(
                "poco-server/src/main/java/dev/poco/server/auth/SecurityConfiguration.java"));
        assertThat(security).contains(".requestMatchers(\"/actuator/health\", \"/actuator/health/**\").permitAll()");

        Rendered r = render(map());
        Map<String, Object> server = r.one("Deployment", FULLNAME + "-server");
        assertThat(at(server, "spec", "replicas")).isEqualTo(2);
        Map<String, Object> container = r.container("server");
        assertThat(env(container, "POCO_ROLE")).isEqualTo("server");
        assertThat(env(container, "HOST")).isEqualTo("0.0.0.0");
        Object port = ((Map<String, Object>) ((List<Object>) container.get("ports")).get(0)).get("containerPort");
        assertThat(port).isEqualTo(8000);
        assertThat(env(container, "PORT")).isEqualTo("8000");
        assertThat(probe(container, "startupProbe")).isEqualTo("/actuator/health/liveness");
        assertThat(probe(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
        assertThat(probe(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
        for (String kind : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(at(container, kind, "httpGet", "port")).isEqualTo("http");
        }
        assertThat(containerPort(container, "http")).isEqualTo(8000);

        Map<String, Object> annotations = (Map<String, Object>) at(server, "spec", "template", "metadata", "annotations");
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(port))
                .containsEntry("prometheus.io/path", "/actuator/prometheus");

        // kubelet probes and scrapers send the pod's IP as Host: it must be an allowed host, as the Service's name is
        List<String> hosts = List.of(env(container, "POCO_ALLOWED_HOSTS").split(","));
        assertThat(hosts).contains("localhost", "$(POD_IP)", FULLNAME + "-server",
                FULLNAME + "-server." + NAMESPACE + ".svc.cluster.local");
        assertThat(envNames(container).indexOf("POD_IP")).as("$(POD_IP) is defined before it is used")
                .isLessThan(envNames(container).indexOf("POCO_ALLOWED_HOSTS")).isNotNegative();

        Map<String, Object> monitored = render(map("metrics", map("serviceMonitor", map("enabled", true))))
                .one("ServiceMonitor", FULLNAME + "-server");
        Map<String, Object> endpoint = (Map<String, Object>) ((List<Object>) at(monitored, "spec", "endpoints")).get(0);
        assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/actuator/prometheus");
        assertThat(at(endpoint, "authorization", "credentials", "key")).isEqualTo("internal-api-token");
        assertThat(r.all("ServiceMonitor")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyContainerRunsAsNonRootOnAReadOnlyRootWithoutCapabilities() {
        for (String driver : List.of("kubernetes", "bubblewrap")) {
            Rendered r = render(map("runner", map("sandbox", map("driver", driver))));
            for (Map<String, Object> workload : r.workloads()) {
                Map<String, Object> pod = (Map<String, Object>) at(workload, "spec", "template", "spec");
                String name = driver + " " + at(workload, "metadata", "name");
                assertThat(at(pod, "securityContext", "runAsNonRoot")).as(name).isEqualTo(true);
                assertThat((Integer) at(pod, "securityContext", "runAsUser")).as(name).isPositive();
                boolean k8sRunner = driver.equals("kubernetes") && name.endsWith("-runner");
                assertThat(at(pod, "securityContext", "runAsUser")).as(name + ": the sandbox pods' uid when they share"
                        + " the workspace claim").isEqualTo(k8sRunner ? 1000 : 10001);
                assertThat(at(pod, "securityContext", "fsGroup")).as(name).isEqualTo(k8sRunner ? 1000 : 10001);
                assertThat(pod).as(name).doesNotContainKeys("hostNetwork", "hostPID", "hostIPC", "initContainers");
                List<Map<String, Object>> volumes = (List<Map<String, Object>>) pod.get("volumes");
                for (Map<String, Object> c : (List<Map<String, Object>>) pod.get("containers")) {
                    Map<String, Object> sc = (Map<String, Object>) c.get("securityContext");
                    assertThat(sc).as(name).containsEntry("runAsNonRoot", true)
                            .containsEntry("readOnlyRootFilesystem", true)
                            .containsEntry("allowPrivilegeEscalation", false).doesNotContainKey("privileged");
                    assertThat(at(sc, "capabilities", "drop")).as(name).isEqualTo(List.of("ALL"));
                    assertThat(at(sc, "capabilities")).as(name).isEqualTo(Map.of("drop", List.of("ALL")));
                    String seccomp = (String) at(sc, "seccompProfile", "type");
                    boolean bubblewrapRunner = driver.equals("bubblewrap") && c.get("name").equals("runner");
                    assertThat(seccomp).as(name).isEqualTo(bubblewrapRunner ? "Unconfined" : "RuntimeDefault");
                    assertThat(sc.containsKey("appArmorProfile")).as(name).isEqualTo(bubblewrapRunner);
                    // the writable directories on a read-only root are emptyDirs
                    for (String dir : List.of("/tmp", "/var/lib/poco")) {
                        String volume = mountedVolume(c, dir);
                        assertThat(volumes).as(name + " " + dir)
                                .anySatisfy(v -> assertThat(v).containsEntry("name", volume).containsKey("emptyDir"));
                    }
                    assertThat(env(c, "POCO_HOME")).isEqualTo("/var/lib/poco");
                    assertThat((Map<String, Object>) c.get("resources")).as(name).containsKeys("requests", "limits");
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theServiceIngressAndDisruptionBudgetReachTheServersHttpPort() {
        Rendered plain = render(map());
        assertThat(plain.all("Ingress")).isEmpty();
        assertThat(plain.all("NetworkPolicy")).isEmpty();
        Rendered r = render(map("ingress", map("enabled", true, "className", "nginx", "host", "poco.acme.test",
                        "tls", map("enabled", true, "secretName", "acme-tls")),
                "publicUrl", "https://poco.acme.test", "networkPolicy", map("enabled", true)));
        Map<String, Object> server = r.one("Deployment", FULLNAME + "-server");
        Map<String, Object> podLabels = (Map<String, Object>) at(server, "spec", "template", "metadata", "labels");
        Map<String, Object> container = r.container("server");

        Map<String, Object> service = r.one("Service", FULLNAME + "-server");
        assertThat(podLabels).containsAllEntriesOf((Map<String, Object>) at(service, "spec", "selector"));
        assertThat(at(service, "spec", "selector")).isEqualTo(at(server, "spec", "selector", "matchLabels"));
        Map<String, Object> servicePort = (Map<String, Object>) ((List<Object>) at(service, "spec", "ports")).get(0);
        assertThat(containerPort(container, (String) servicePort.get("targetPort"))).isEqualTo(8000);

        Map<String, Object> ingress = r.one("Ingress", FULLNAME);
        assertThat(at(ingress, "spec", "ingressClassName")).isEqualTo("nginx");
        Map<String, Object> rule = (Map<String, Object>) ((List<Object>) at(ingress, "spec", "rules")).get(0);
        assertThat(rule.get("host")).isEqualTo("poco.acme.test");
        Map<String, Object> backend = (Map<String, Object>) at(
                ((List<Object>) at(rule, "http", "paths")).get(0), "backend", "service");
        assertThat(backend.get("name")).isEqualTo(at(service, "metadata", "name"));
        assertThat(at(backend, "port", "name")).isEqualTo(servicePort.get("name"));
        Map<String, Object> tls = (Map<String, Object>) ((List<Object>) at(ingress, "spec", "tls")).get(0);
        assertThat(tls).containsEntry("secretName", "acme-tls").containsEntry("hosts", List.of("poco.acme.test"));
        // Server-Sent Events through nginx: no buffering, a read timeout longer than a stream's heartbeat
        Map<String, Object> annotations = (Map<String, Object>) at(ingress, "metadata", "annotations");
        assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
        assertThat(Integer.parseInt((String) annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
                .isGreaterThanOrEqualTo(3600);
        assertThat(env(container, "POCO_ALLOWED_HOSTS").split(",")).contains("poco.acme.test");
        assertThat(env(container, "POCO_PUBLIC_URL")).isEqualTo("https://poco.acme.test");
        assertThat(env(plain.container("server"), "POCO_ALLOWED_HOSTS").split(",")).doesNotContain("poco.example.com");

        Map<String, Object> pdb = r.one("PodDisruptionBudget", FULLNAME + "-server");
        assertThat(at(pdb, "spec", "minAvailable")).isEqualTo(1);
        assertThat(at(pdb, "spec", "selector", "matchLabels")).isEqualTo(at(server, "spec", "selector", "matchLabels"));

        Map<String, Object> policy = r.one("NetworkPolicy", FULLNAME + "-server");
        assertThat(at(policy, "spec", "podSelector", "matchLabels")).isEqualTo(at(service, "spec", "selector"));
        assertThat(at(policy, "spec", "ingress")).isEqualTo(List.of(
                Map.of("ports", List.of(Map.of("port", "http", "protocol", "TCP")))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRunnersRoleAllowsExactlyWhatTheKubernetesDriverDoesInTheReleaseNamespace() {
        Rendered r = render(map());
        Map<String, Object> role = r.one("Role", FULLNAME + "-runner");
        assertThat(at(role, "rules")).isEqualTo(List.of(
                Map.of("apiGroups", List.of(""), "resources", List.of("pods"),
                        "verbs", List.of("create", "get", "list", "watch", "delete")),
                Map.of("apiGroups", List.of(""), "resources", List.of("pods/attach"),
                        "verbs", List.of("create", "get")),
                Map.of("apiGroups", List.of("networking.k8s.io"), "resources", List.of("networkpolicies"),
                        "verbs", List.of("create", "get", "list", "delete", "patch"))));
        assertThat(r.all("ClusterRole")).isEmpty();
        assertThat(r.all("ClusterRoleBinding")).isEmpty();
        Map<String, Object> binding = r.one("RoleBinding", FULLNAME + "-runner");
        assertThat(at(binding, "roleRef")).isEqualTo(Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Role",
                "name", FULLNAME + "-runner"));
        assertThat(at(binding, "subjects")).isEqualTo(List.of(Map.of("kind", "ServiceAccount",
                "name", FULLNAME + "-runner", "namespace", NAMESPACE)));
        Map<String, Object> account = r.one("ServiceAccount", FULLNAME + "-runner");
        assertThat(account.get("automountServiceAccountToken")).isEqualTo(false);

        Map<String, Object> runnerPod = (Map<String, Object>) at(r.one("Deployment", FULLNAME + "-runner"),
                "spec", "template", "spec");
        assertThat(runnerPod).containsEntry("serviceAccountName", FULLNAME + "-runner")
                .containsEntry("automountServiceAccountToken", true);
        Map<String, Object> serverPod = (Map<String, Object>) at(r.one("Deployment", FULLNAME + "-server"),
                "spec", "template", "spec");
        assertThat(serverPod).containsEntry("automountServiceAccountToken", false)
                .doesNotContainKey("serviceAccountName");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRunnerGetsTheKubernetesDriversSettings() {
        Rendered r = render(map("runner", map("sandbox", map("kubernetes", map("runtimeClass", "gvisor")),
                "workspace", map("storageClass", "nfs-rwx"))));
        Map<String, Object> runner = r.container("runner");
        Map<String, Object> runnerDeployment = r.one("Deployment", FULLNAME + "-runner");
        assertThat(env(runner, "POCO_ROLE")).isEqualTo("runner");
        assertThat(env(runner, "POCO_SANDBOX_DRIVER")).isEqualTo("kubernetes");
        assertThat(env(runner, "POCO_K8S_NAMESPACE")).isEqualTo(NAMESPACE);
        assertThat(env(runner, "POCO_K8S_SANDBOX_IMAGE")).isEqualTo(runner.get("image"));
        assertThat(env(runner, "POCO_K8S_RUNTIME_CLASS")).isEqualTo("gvisor");
        assertThat(env(render(map()).container("runner"), "POCO_K8S_RUNTIME_CLASS")).isEmpty();
        assertThat(env(runner, "POCO_K8S_SECCOMP_PROFILE")).isEqualTo("RuntimeDefault");
        assertThat(fieldRef(runner, "POCO_K8S_RUNNER_ID")).isEqualTo("metadata.name");
        assertThat(fieldRef(runner, "POCO_GATEWAY_ADVERTISE_HOST")).isEqualTo("status.podIP");
        String selector = env(runner, "POCO_K8S_RUNNER_SELECTOR");
        assertThat(selector).isEqualTo("app.kubernetes.io/name=poco,app.kubernetes.io/component=runner");
        Map<String, Object> podLabels = (Map<String, Object>) at(runnerDeployment, "spec", "template", "metadata",
                "labels");
        for (String pair : selector.split(",")) {
            String[] kv = pair.split("=");
            assertThat(podLabels).containsEntry(kv[0], kv[1]);
        }
        // the claim: created by the chart, ReadWriteMany, mounted where the driver is told it is
        String claim = env(runner, "POCO_K8S_WORKSPACE_CLAIM");
        Map<String, Object> pvc = r.one("PersistentVolumeClaim", claim);
        assertThat(at(pvc, "spec", "accessModes")).isEqualTo(List.of("ReadWriteMany"));
        assertThat(at(pvc, "spec", "storageClassName")).isEqualTo("nfs-rwx");
        assertThat(at(render(map()).one("PersistentVolumeClaim", claim), "spec")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).doesNotContainKey("storageClassName");
        List<Map<String, Object>> volumes = (List<Map<String, Object>>) at(runnerDeployment, "spec", "template", "spec",
                "volumes");
        String root = env(runner, "POCO_K8S_WORKSPACE_ROOT");
        String volume = mountedVolume(runner, root);
        assertThat(volumes).anySatisfy(v -> assertThat(v).containsEntry("name", volume)
                .containsEntry("persistentVolumeClaim", Map.of("claimName", claim)));
        assertThat(env(runner, "POCO_RUNNER_WORKSPACES_ROOT")).isEqualTo(root);

        // the runner reaches the servers through the Service, by a name they allow
        String url = env(runner, "POCO_SERVER_URL");
        assertThat(url).isEqualTo("http://" + FULLNAME + "-server:8000");
        assertThat(env(r.container("server"), "POCO_ALLOWED_HOSTS").split(",")).contains(FULLNAME + "-server");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBubblewrapDriverUnconfinesOnlyTheRunnerAndNeedsNoKubernetesApi() {
        Rendered k8s = render(map());
        Rendered r = render(map("runner", map("sandbox", map("driver", "bubblewrap"))));
        Map<String, Object> runner = r.container("runner");
        assertThat(env(runner, "POCO_SANDBOX_DRIVER")).isEqualTo("bubblewrap");
        assertThat(envNames(runner)).noneMatch(n -> n.startsWith("POCO_K8S_") || n.equals("POCO_GATEWAY_ADVERTISE_HOST"));
        assertThat(envNames(k8s.container("runner"))).filteredOn(n -> n.startsWith("POCO_K8S_")).hasSize(8);
        assertThat(at(runner, "securityContext", "seccompProfile", "type")).isEqualTo("Unconfined");
        assertThat(at(runner, "securityContext", "appArmorProfile", "type")).isEqualTo("Unconfined");
        assertThat(r.all("Role")).isEmpty();
        assertThat(r.all("RoleBinding")).isEmpty();
        assertThat(at(r.one("Deployment", FULLNAME + "-runner"), "spec", "template", "spec",
                "automountServiceAccountToken")).isEqualTo(false);
        // everything else is the same: the server is untouched
        assertThat(r.one("Deployment", FULLNAME + "-server")).isEqualTo(k8s.one("Deployment", FULLNAME + "-server"));
        assertThat(r.container("server")).isEqualTo(k8s.container("server"));

        assertThatThrownBy(() -> render(map("runner", map("sandbox", map("driver", "docker")))))
                .hasMessageContaining("runner.sandbox.driver must be kubernetes or bubblewrap");
    }

    @Test
    @SuppressWarnings("unchecked")
    void secretsReachContainersOnlyAsSecretReferencesOrFiles() {
        Rendered r = render(map());
        for (Map<String, Object> workload : r.workloads()) {
            String text = new Yaml().dump(workload);
            for (String secret : SECRET_VALUES) {
                assertThat(text).as(at(workload, "metadata", "name") + " holds no secret value").doesNotContain(secret);
            }
        }
        for (Map<String, Object> c : r.containers()) {
            for (Map<String, Object> e : (List<Map<String, Object>>) c.get("env")) {
                String name = (String) e.get("name");
                if (name.matches(".*(TOKEN|KEY|PASSWORD|SECRET|CREDENTIAL).*") && !name.endsWith("_FILE")
                        && !name.equals("POCO_K8S_SECCOMP_PROFILE")) {
                    assertThat(e).as(name).doesNotContainKey("value");
                    assertThat(at(e, "valueFrom", "secretKeyRef", "name")).as(name).isEqualTo(FULLNAME);
                }
            }
        }
        Map<String, Object> server = r.container("server");
        assertThat(env(server, "DATABASE_URL")).doesNotContain("@");
        assertThat(secretRef(server, "INTERNAL_API_TOKEN")).isEqualTo("internal-api-token");
        assertThat(secretRef(server, "POCO_SECRET_KEY")).isEqualTo("secret-key");
        assertThat(secretRef(server, "POCO_S3_ACCESS_KEY")).isEqualTo("s3-access-key");
        assertThat(secretRef(r.container("runner"), "POCO_RUNNER_REGISTRATION_TOKEN"))
                .isEqualTo("runner-registration-token");
        assertThat(secretRef(r.container("runner"), "INTERNAL_API_TOKEN")).isEqualTo("internal-api-token");
        assertThat(envNames(render(map("runner", map("useSharedToken", false))).container("runner")))
                .doesNotContain("INTERNAL_API_TOKEN").contains("POCO_RUNNER_REGISTRATION_TOKEN");

        // the database credentials: files from the db Secret
        Map<String, Object> secret = r.one("Secret", FULLNAME);
        assertThat((Map<String, Object>) secret.get("stringData")).containsEntry("internal-api-token", SECRET_VALUES.get(0))
                .containsEntry("secret-key", SECRET_VALUES.get(1)).containsEntry("anthropic-api-key", SECRET_VALUES.get(2))
                .containsEntry("runner-registration-token", SECRET_VALUES.get(3))
                .containsEntry("s3-access-key", SECRET_VALUES.get(4)).containsEntry("s3-secret-key", SECRET_VALUES.get(5));
        Map<String, Object> db = r.one("Secret", FULLNAME + "-db");
        assertThat(db.get("stringData")).isEqualTo(Map.of("username", "db-user-poco", "password", "db-password-hunter2"));
        assertDatabaseFiles(r, FULLNAME + "-db", "username", "password");
    }

    @Test
    void existingSecretsAreReferencedInsteadOfCreated() {
        Rendered r = render(map("secrets", map("existingSecret", "poco-secrets", "internalApiToken", "",
                        "secretKey", ""),
                "database", map("existingSecret", "pg-app", "userKey", "user", "passwordKey", "pass", "urlKey", "uri",
                        "url", "", "username", "", "password", "")));
        assertThat(r.all("Secret")).isEmpty();
        Map<String, Object> server = r.container("server");
        assertThat(env(server, "DATABASE_URL")).isNull();
        assertThat(secretRef(server, "DATABASE_URL")).isEqualTo("uri");
        assertThat(at(envEntry(server, "DATABASE_URL"), "valueFrom", "secretKeyRef", "name")).isEqualTo("pg-app");
        assertThat(at(envEntry(server, "INTERNAL_API_TOKEN"), "valueFrom", "secretKeyRef", "name"))
                .isEqualTo("poco-secrets");
        assertDatabaseFiles(r, "pg-app", "user", "pass");
    }

    @Test
    @SuppressWarnings("unchecked")
    void extraEnvironmentAndSchedulingSettingsReachThePods() {
        Map<String, Object> scheduling = map("nodeSelector", map("pool", "poco"),
                "tolerations", List.of(map("key", "dedicated", "operator", "Equal", "value", "poco",
                        "effect", "NoSchedule")),
                "podAnnotations", map("example.com/team", "ai"));
        Rendered r = render(map("extraEnv", List.of(map("name", "DEFAULT_MODEL", "value", "claude-opus-4-1"),
                        map("name", "POCO_OIDC_CLIENT_SECRET", "valueFrom", map("secretKeyRef",
                                map("name", "oidc", "key", "client-secret")))),
                "extraAllowedHosts", List.of("poco.lan", "10.0.0.5"), "imagePullSecrets", List.of(map("name", "regcred")),
                "server", scheduling, "runner", scheduling));
        for (Map<String, Object> c : r.containers()) {
            assertThat(env(c, "DEFAULT_MODEL")).isEqualTo("claude-opus-4-1");
            assertThat(secretRef(c, "POCO_OIDC_CLIENT_SECRET")).isEqualTo("client-secret");
        }
        for (Map<String, Object> w : r.workloads()) {
            Map<String, Object> pod = (Map<String, Object>) at(w, "spec", "template", "spec");
            assertThat(pod).containsEntry("nodeSelector", Map.of("pool", "poco"))
                    .containsEntry("imagePullSecrets", List.of(Map.of("name", "regcred")));
            assertThat((List<Object>) pod.get("tolerations")).hasSize(1);
            assertThat((Map<String, Object>) at(w, "spec", "template", "metadata", "annotations"))
                    .containsEntry("example.com/team", "ai");
        }
        assertThat((Map<String, Object>) at(r.one("Deployment", FULLNAME + "-server"), "spec", "template", "metadata",
                "annotations")).containsEntry("prometheus.io/scrape", "true");
        assertThat(env(r.container("server"), "POCO_ALLOWED_HOSTS")).endsWith(",poco.lan,10.0.0.5");
    }

    @Test
    void theChartRefusesToRenderWithoutWhatPocoCannotRunWithout() {
        assertThatThrownBy(() -> render(map("database", map("url", ""))))
                .hasMessageContaining("database.url is required");
        assertThatThrownBy(() -> render(map("secrets", map("secretKey", ""))))
                .hasMessageContaining("secrets.secretKey (or secrets.existingSecret) is required");
        assertThatThrownBy(() -> render(map("secrets", map("internalApiToken", ""))))
                .hasMessageContaining("secrets.internalApiToken (or secrets.existingSecret) is required");
        assertThatThrownBy(() -> render(map("storage", map("s3", map("bucket", "")))))
                .hasMessageContaining("storage.s3.bucket is required");
        assertThatThrownBy(() -> render(map("storage", map("s3", map("secretKey", "")))))
                .hasMessageContaining("storage.s3.secretKey (or secrets.existingSecret) is required");
        assertThatThrownBy(() -> render(map("database", map("password", ""))))
                .hasMessageContaining("database.password (or database.existingSecret) is required");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyResourceCarriesTheRecommendedLabels() {
        Rendered r = render(map("ingress", map("enabled", true), "networkPolicy", map("enabled", true),
                "metrics", map("serviceMonitor", map("enabled", true))));
        assertThat(r.docs().stream().map(d -> d.get("kind")).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "Deployment", "Service", "Ingress", "PodDisruptionBudget", "Secret", "ServiceAccount", "Role",
                "RoleBinding", "PersistentVolumeClaim", "NetworkPolicy", "ServiceMonitor");
        for (Map<String, Object> doc : r.docs()) {
            Map<String, Object> labels = (Map<String, Object>) at(doc, "metadata", "labels");
            assertThat(labels).as(doc.get("kind") + " " + at(doc, "metadata", "name"))
                    .containsEntry("app.kubernetes.io/name", "poco")
                    .containsEntry("app.kubernetes.io/instance", RELEASE)
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("app.kubernetes.io/version", "0.1.0");
            if (!doc.get("kind").equals("Secret")) {
                assertThat(labels).as(doc.get("kind") + " " + at(doc, "metadata", "name"))
                        .containsKey("app.kubernetes.io/component");
            }
        }
        for (Map<String, Object> workload : r.workloads()) {
            Map<String, Object> podLabels = (Map<String, Object>) at(workload, "spec", "template", "metadata", "labels");
            assertThat(podLabels).containsAllEntriesOf((Map<String, Object>) at(workload, "spec", "selector",
                    "matchLabels"));
        }
    }

    @Test
    void theNotesSayHowToOpenPocoAndCreateTheFirstAdmin() {
        String notes = MiniHelm.render(CHART, RELEASE, NAMESPACE, merged(map())).get("templates/NOTES.txt");
        assertThat(notes).contains("kubectl -n poco-test rollout status deployment/acme-poco-server",
                "port-forward service/acme-poco-server 8000:8000",
                "exec -it deployment/acme-poco-server -- /opt/poco/entrypoint.sh admin create --username admin")
                .doesNotContain("{{", "No secrets.anthropicApiKey");
        String withIngress = MiniHelm.render(CHART, RELEASE, NAMESPACE, merged(map("ingress",
                map("enabled", true, "host", "poco.acme.test", "tls", map("enabled", true)),
                "secrets", map("anthropicApiKey", "")))).get("templates/NOTES.txt");
        assertThat(withIngress).contains("https://poco.acme.test", "No secrets.anthropicApiKey")
                .doesNotContain("port-forward");
    }

    @Test
    void theReadmeSaysHowToInstallTheChart() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("## Run on Kubernetes", "helm install poco deploy/helm/poco",
                "docker build -f deploy/Dockerfile -t");
        assertThat(readme.indexOf("## Run on Kubernetes")).isGreaterThan(readme.indexOf("## Run on a server (Docker)"));
        // every value the README sets exists in values.yaml
        Map<String, Object> values = MiniHelm.loadMap(CHART.resolve("values.yaml"));
        Matcher set = Pattern.compile("--set(?:-string)? ([A-Za-z0-9.]+)=").matcher(readme);
        int sets = 0;
        while (set.find()) {
            Object v = values;
            for (String key : set.group(1).split("\\.")) {
                assertThat(v).as("--set " + set.group(1)).isInstanceOf(Map.class);
                assertThat(((Map<?, ?>) v).containsKey(key)).as("--set " + set.group(1) + " names a value").isTrue();
                v = ((Map<?, ?>) v).get(key);
            }
            sets++;
        }
        assertThat(sets).isGreaterThan(5);
    }

    // ---- MiniHelm itself: it follows Go's templates where the chart needs it and refuses the rest ----------------

    @Test
    void miniHelmRendersTheConstructsTheChartUsesAsHelmDoes(@TempDir Path dir) throws Exception {
        Path chart = chart(dir, """
                {{- define "t.name" -}}
                {{ printf "%s-%v" .Release.Name 7 | trunc 8 | trimSuffix "-" }}
                {{- end -}}
                """, """
                {{- $x := .Values.a -}}
                a: {{ include "t.name" . }}
                b: {{ .Values.missingTag | default .Chart.AppVersion | quote }}
                c:
                  {{- toYaml .Values.m | nindent 2 }}
                {{- with .Values.m }}
                d: {{ .k }} {{ $.Release.Namespace }} {{ $x }}
                {{- else }}
                d: none
                {{- end }}
                {{- if eq .Values.a "z" }}
                e: z
                {{- else if and .Values.a (not .Values.f) }}
                e: {{ join "," .Values.l }}
                {{- else }}
                e: other
                {{- end }}
                {{- /* a comment */ -}}
                g: {{ contains "long" .Release.Name }} {{ contains "short" .Release.Name }}
                """);
        String out = MiniHelm.render(chart, "release-long-name", "ns", map()).get("templates/t.yaml");
        assertThat(out).isEqualTo("""
                a: release
                b: "1.2.3"
                c:
                  k: v
                  n:
                  - 1
                  - two
                d: v ns y
                e: p,qg: true false
                """);
    }

    @Test
    void miniHelmRefusesConstructsItDoesNotImplementEvenInBranchesNotTaken(@TempDir Path dir) throws Exception {
        for (String template : List.of("{{- if false }}{{ .Values.a | b64enc }}{{ end }}",
                "{{- range .Values.l }}{{ . }}{{ end }}", "{{ template \"x\" . }}", "{{ .Values.nope }}",
                "{{ .Values.m }}", "{{ if .Values.a }}", "{{-3}}")) {
            Path chart = chart(dir.resolve(Integer.toString(template.hashCode() & 0xffff)), "", template);
            assertThatThrownBy(() -> MiniHelm.render(chart, "r", "ns", map())).as(template)
                    .isInstanceOf(MiniHelm.TemplateException.class);
        }
    }

    private static Path chart(Path dir, String helpers, String template) throws Exception {
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("Chart.yaml"), "apiVersion: v2\nname: t\nversion: 0.0.1\nappVersion: 1.2.3\n");
        Files.writeString(dir.resolve("values.yaml"), "a: y\nf: false\nmissingTag: \"\"\nl: [p, q]\n"
                + "m: {k: v, n: [1, two]}\n");
        Files.writeString(dir.resolve("templates/_helpers.tpl"), helpers);
        Files.writeString(dir.resolve("templates/t.yaml"), template);
        return dir;
    }

    // ---- rendering -------------------------------------------------------------------------------------------

    private record Rendered(List<Map<String, Object>> docs) {

        List<Map<String, Object>> all(String kind) {
            return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        }

        Map<String, Object> one(String kind, String name) {
            List<Map<String, Object>> found = all(kind).stream()
                    .filter(d -> name.equals(at(d, "metadata", "name"))).toList();
            assertThat(found).as(kind + " " + name).hasSize(1);
            return found.get(0);
        }

        List<Map<String, Object>> workloads() {
            return all("Deployment");
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> containers() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map<String, Object> w : workloads()) {
                out.addAll((List<Map<String, Object>>) at(w, "spec", "template", "spec", "containers"));
            }
            return out;
        }

        Map<String, Object> container(String name) {
            List<Map<String, Object>> found = containers().stream().filter(c -> name.equals(c.get("name"))).toList();
            assertThat(found).as("container " + name).hasSize(1);
            return found.get(0);
        }
    }

    private static Map<String, Object> merged(Map<String, Object> overrides) {
        Map<String, Object> values = required();
        MiniHelm.mergeInto(values, overrides);
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Rendered render(Map<String, Object> overrides) {
        Map<String, Object> values = merged(overrides);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Map.Entry<String, String> file : MiniHelm.render(CHART, RELEASE, NAMESPACE, values).entrySet()) {
            if (file.getKey().endsWith(".txt")) {
                continue;
            }
            for (Object doc : new Yaml().loadAll(file.getValue())) {
                if (doc != null) {
                    docs.add((Map<String, Object>) doc);
                }
            }
        }
        Path helm = helm();
        if (helm != null) {
            assertThat(docs).as("MiniHelm renders what helm template renders")
                    .containsExactlyInAnyOrderElementsOf(helmTemplate(helm, values));
        }
        return new Rendered(docs);
    }

    private static @Nullable Path helm() {
        for (String dir : Objects.requireNonNullElse(System.getenv("PATH"), "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "helm");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> helmTemplate(Path helm, Map<String, Object> values) {
        try {
            Path file = Files.createTempFile("poco-values", ".yaml");
            try {
                Files.writeString(file, new Yaml().dump(values));
                Process p = new ProcessBuilder(helm.toString(), "template", RELEASE, CHART.toString(),
                        "--namespace", NAMESPACE, "-f", file.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    // the same refusal as MiniHelm's (required, fail), so the caller's assertion sees the message
                    throw new MiniHelm.TemplateException(out);
                }
                List<Map<String, Object>> docs = new ArrayList<>();
                for (Object doc : new Yaml().loadAll(out)) {
                    if (doc != null) {
                        docs.add((Map<String, Object>) doc);
                    }
                }
                return docs;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- navigation ------------------------------------------------------------------------------------------

    private static @Nullable Object at(@Nullable Object node, String... path) {
        Object v = node;
        for (String key : path) {
            if (!(v instanceof Map<?, ?> m)) {
                return null;
            }
            v = m.get(key);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Map<String, Object> envEntry(Map<String, Object> container, String name) {
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
            if (name.equals(e.get("name"))) {
                return e;
            }
        }
        return null;
    }

    private static @Nullable String env(Map<String, Object> container, String name) {
        Map<String, Object> e = envEntry(container, name);
        assertThat(e).as("env " + name).isNotNull();
        return (String) e.get("value");
    }

    private static String fieldRef(Map<String, Object> container, String name) {
        return (String) at(envEntry(container, name), "valueFrom", "fieldRef", "fieldPath");
    }

    private static String secretRef(Map<String, Object> container, String name) {
        return (String) at(envEntry(container, name), "valueFrom", "secretKeyRef", "key");
    }

    @SuppressWarnings("unchecked")
    private static List<String> envNames(Map<String, Object> container) {
        return ((List<Map<String, Object>>) container.get("env")).stream().map(e -> (String) e.get("name")).toList();
    }

    private static String probe(Map<String, Object> container, String kind) {
        return (String) at(container, kind, "httpGet", "path");
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Object containerPort(Map<String, Object> container, String name) {
        for (Map<String, Object> p : (List<Map<String, Object>>) container.get("ports")) {
            if (name.equals(p.get("name"))) {
                return p.get("containerPort");
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static String mountedVolume(Map<String, Object> container, String path) {
        for (Map<String, Object> m : (List<Map<String, Object>>) container.get("volumeMounts")) {
            if (path.equals(m.get("mountPath"))) {
                return (String) m.get("name");
            }
        }
        throw new AssertionError(container.get("name") + " mounts nothing at " + path);
    }

    /** DATABASE_USER_FILE and DATABASE_PASSWORD_FILE name files of a read-only mount of the given Secret's keys. */
    @SuppressWarnings("unchecked")
    private static void assertDatabaseFiles(Rendered r, String secret, String userKey, String passwordKey) {
        Map<String, Object> server = r.container("server");
        Path user = Path.of(env(server, "DATABASE_USER_FILE"));
        Path password = Path.of(env(server, "DATABASE_PASSWORD_FILE"));
        assertThat(user.getParent()).isEqualTo(password.getParent());
        String volume = mountedVolume(server, user.getParent().toString());
        Map<String, Object> mount = ((List<Map<String, Object>>) server.get("volumeMounts")).stream()
                .filter(m -> volume.equals(m.get("name"))).findFirst().orElseThrow();
        assertThat(mount).containsEntry("readOnly", true);
        List<Map<String, Object>> volumes = (List<Map<String, Object>>) at(r.one("Deployment", FULLNAME + "-server"),
                "spec", "template", "spec", "volumes");
        Map<String, Object> v = volumes.stream().filter(x -> volume.equals(x.get("name"))).findFirst().orElseThrow();
        assertThat(at(v, "secret", "secretName")).isEqualTo(secret);
        assertThat(at(v, "secret", "items")).isEqualTo(List.of(
                Map.of("key", userKey, "path", user.getFileName().toString()),
                Map.of("key", passwordKey, "path", password.getFileName().toString())));
        assertThat(Set.of(envNames(server).toArray())).doesNotContain("DATABASE_USER", "DATABASE_PASSWORD");
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
