package io.seamline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.seamline.seam.consume.ConsumerGroups;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Helm chart as a cluster would get it: rendered by helm itself ({@code helm template}, {@code helm lint}) with
 * the default values and with an external-servers values file, and checked on the parsed objects.
 */
class HelmChartTest {

    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final Path CHART = REPO.resolve("helm/seamline");
    private static final Path EXTERNAL = CHART.resolve("ci/external-values.yaml");
    /** make test fetches it (target/tools/helm); -Dseamline.helm names another. */
    private static final Path HELM = Path.of(System.getProperty("seamline.helm", "target/tools/helm")).toAbsolutePath();
    /** The only values the defaults leave out: in a cluster the service is not its own token issuer. */
    private static final List<String> ISSUER = List.of("--set", "auth.jwksUrl=https://id.example.com/certs",
            "--set", "auth.issuer=https://id.example.com");
    /** Settings naming a directory the service only reads: the contracts are read at start-up, never written. */
    private static final Set<String> READ_ONLY_DIRS = Set.of("seamline.contracts.dir");
    /** Directories whose content need not outlive the pod: SQL spill files, a directory per statement. */
    private static final Set<String> SCRATCH_DIRS = Set.of("seamline.warehouse.sql.temp-directory");
    /**
     * Native memory no JVM flag bounds, which the limit must leave beside the flagged parts and DuckDB's: thread
     * stacks, GC structures, Arrow's unsafe allocations, ONNX Runtime, glibc. A floor, below the chart's budget.
     */
    private static final long UNFLAGGED_NATIVE_FLOOR_MIB = 1024;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @BeforeAll
    static void helmIsThere() {
        assertTrue(Files.isExecutable(HELM), "no helm at " + HELM + ": `make helm` fetches it to target/tools/helm (make test"
                + " does), or pass -Dseamline.helm=<path>");
    }

    @Test
    void defaultValues_withoutAnIssuer_refuseToRender_namingTheSetting() {
        Helm result = helm(List.of("template", "seamline", CHART.toString()));

        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains("auth.jwksUrl is required");
    }

    @Test
    void everyDirectoryTheServiceWrites_isOnAVolume_andTheRootFilesystemIsReadOnly() throws IOException {
        for (List<JsonNode> objects : List.of(render(ISSUER), render(List.of("-f", EXTERNAL.toString())))) {
            JsonNode pod = statefulSet(objects).at("/spec/template/spec");
            JsonNode container = container(objects);
            Map<String, String> env = plainEnv(container);
            Map<String, JsonNode> volumes = byName(pod.get("volumes"));
            Map<String, JsonNode> claims = claimTemplates(objects);

            List<String> dirSettings = directorySettings();
            assertThat(dirSettings).as("directory settings in application.properties")
                    .contains("seamline.data.dir", "seamline.warehouse.dir", "seamline.search.dir",
                            "seamline.vectors.dir", "seamline.openlineage.dir", "seamline.warehouse.sql.temp-directory");
            for (String setting : dirSettings) {
                if (READ_ONLY_DIRS.contains(setting)) {
                    continue;
                }
                String variable = setting.toUpperCase().replaceAll("[^A-Z0-9]", "_");
                assertThat(env).as("%s (%s) is set, so it cannot fall back to a path on the image", variable, setting)
                        .containsKey(variable);
                JsonNode mount = mountHolding(container, env.get(variable))
                        .orElseThrow(() -> new AssertionError(setting + "=" + env.get(variable) + " is on no volume"));
                String name = mount.get("name").asText();
                assertThat(mount.path("readOnly").asBoolean()).as("%s is writable", setting).isFalse();
                if (SCRATCH_DIRS.contains(setting)) {
                    JsonNode volume = volumes.get(name);
                    assertThat(volume.has("emptyDir") || volume.has("persistentVolumeClaim")).as(setting).isTrue();
                } else {
                    assertThat(claims).as("%s is on the claim each pod gets", setting).containsKey(name);
                    assertThat(volumes).as("%s: no pod volume shadows the claim", setting).doesNotContainKey(name);
                    assertThat(texts(claims.get(name).at("/spec/accessModes"))).containsExactly("ReadWriteOnce");
                }
            }
            // the embedded issuer would write its key to <data dir>/auth: an external one means no key is written
            assertThat(env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION")).startsWith("https://");
            // the JVM's temp files and the native libraries unpacked there: an emptyDir, as is the tokenizer's cache
            JsonNode tmp = volumes.get(mountHolding(container, "/tmp").orElseThrow().get("name").asText());
            assertThat(tmp.has("emptyDir")).isTrue();
            assertThat(jvmOptions(container)).contains("-Djava.io.tmpdir=/tmp");
            assertThat(env.get("DJL_CACHE_DIR")).startsWith("/tmp/");
            // writable only where a volume is: the root filesystem is read-only, nothing mounts a host path
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
            volumes.values().forEach(v -> assertThat(v.has("hostPath")).as(v.toString()).isFalse());
        }
    }

    @Test
    void pod_runsAsTheImagesUser_withoutPrivileges_orAServiceAccountToken() throws IOException {
        for (List<JsonNode> objects : List.of(render(ISSUER), render(List.of("-f", EXTERNAL.toString())))) {
            JsonNode pod = statefulSet(objects).at("/spec/template/spec");
            JsonNode security = container(objects).get("securityContext");

            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
            assertThat(pod.at("/securityContext/runAsGroup").asInt()).isEqualTo(10001);
            assertThat(pod.at("/securityContext/fsGroup").asInt()).as("the volume writable by the image's group")
                    .isEqualTo(10001);
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
            assertThat(pod.get("automountServiceAccountToken").isBoolean()).isTrue();
            assertThat(pod.get("automountServiceAccountToken").asBoolean()).isFalse();

            assertThat(security.get("runAsNonRoot").asBoolean()).isTrue();
            assertThat(security.get("allowPrivilegeEscalation").isBoolean()).isTrue();
            assertThat(security.get("allowPrivilegeEscalation").asBoolean()).isFalse();
            assertThat(security.get("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(security.path("privileged").asBoolean()).isFalse();
            assertThat(texts(security.at("/capabilities/drop"))).contains("ALL");
            assertThat(security.at("/capabilities/add").isMissingNode()).isTrue();
            assertThat(security.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        }
    }

    @Test
    void memoryLimit_holdsTheHeap_theFlaggedNativeParts_DuckDbsStatements_andTheRest() throws IOException {
        JsonNode container = container(render(ISSUER));
        Map<String, String> env = plainEnv(container);
        String jvm = jvmOptions(container);

        long limit = mebibytes(container.at("/resources/limits/memory").asText());
        assertThat(container.at("/resources/requests/memory").asText()).as("request = limit: no overcommitted JVM")
                .isEqualTo(container.at("/resources/limits/memory").asText());
        long heap = flagMiB(jvm, "-Xmx");
        long direct = flagMiB(jvm, "-XX:MaxDirectMemorySize=");
        long metaspace = flagMiB(jvm, "-XX:MaxMetaspaceSize=");
        long codeCache = flagMiB(jvm, "-XX:ReservedCodeCacheSize=");
        long duckDb = Long.parseLong(env.get("SEAMLINE_WAREHOUSE_SQL_MAX_CONCURRENT"))
                * mebibytes(env.get("SEAMLINE_WAREHOUSE_SQL_MEMORY_LIMIT"));
        assertThat(duckDb).as("README, Limits: 4 statements of 512 MB").isEqualTo(4 * 512);
        assertThat(jvm).doesNotContain("MaxRAMPercentage");

        assertThat(limit).as("limit %d MiB >= heap %d + direct %d + metaspace %d + code cache %d + DuckDB %d + %d",
                        limit, heap, direct, metaspace, codeCache, duckDb, UNFLAGGED_NATIVE_FLOOR_MIB)
                .isGreaterThanOrEqualTo(heap + direct + metaspace + codeCache + duckDb + UNFLAGGED_NATIVE_FLOOR_MIB);
        // the flags the stack needs (README, Configuration) are there too
        assertThat(jvm).contains("--add-modules jdk.incubator.vector", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED");
    }

    @Test
    void memoryLimit_growsWithTheSqlEndpointsBudget() throws IOException {
        long four = mebibytes(container(render(ISSUER)).at("/resources/limits/memory").asText());
        List<String> eight = new ArrayList<>(ISSUER);
        eight.addAll(List.of("--set", "warehouseSql.maxConcurrent=8"));
        JsonNode container = container(render(eight));

        assertThat(plainEnv(container)).containsEntry("SEAMLINE_WAREHOUSE_SQL_MAX_CONCURRENT", "8");
        assertThat(mebibytes(container.at("/resources/limits/memory").asText())).isEqualTo(four + 4 * 512);
    }

    @Test
    void probes_areWiredToLiveAndReady_andStartupWaitsLongerThanTheMeasuredCatchUp() throws IOException {
        JsonNode container = container(render(ISSUER));
        String port = container.at("/ports/0/name").asText();
        assertThat(container.at("/ports/0/containerPort").asText()).isEqualTo(plainEnv(container).get("QUARKUS_HTTP_PORT"));

        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(container.at("/" + probe + "/httpGet/port").asText()).as(probe).isEqualTo(port);
        }
        JsonNode startup = container.get("startupProbe");
        long budget = startup.get("periodSeconds").asLong() * startup.get("failureThreshold").asLong();
        long catchUp = measuredCatchUpSeconds();
        assertThat(budget).as("startup budget vs the demo catch-up measured in bench-capacity.md (%d s)", catchUp)
                .isGreaterThanOrEqualTo(catchUp * 3 / 2);
    }

    @Test
    void externalServers_areReachedWithSecretsByReference_andNoSecretValueIsRendered() throws IOException {
        List<JsonNode> objects = render(List.of("-f", EXTERNAL.toString()));
        JsonNode container = container(objects);
        Map<String, JsonNode> env = byName(container.get("env"));

        assertThat(secretRef(env, "SEAMLINE_DATASOURCE_PASSWORD")).isEqualTo("shop-pg/password");
        assertThat(secretRef(env, "SEAMLINE_DATASOURCE_USERNAME")).isEqualTo("shop-pg/username");
        assertThat(secretRef(env, "KAFKA_SASL_JAAS_CONFIG")).isEqualTo("shop-kafka-user/sasl.jaas.config");
        assertThat(secretRef(env, "KAFKA_SSL_TRUSTSTORE_PASSWORD")).isEqualTo("shop-kafka-ca/ca.password");
        Map<String, String> plain = plainEnv(container);
        assertThat(plain).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12")
                .containsEntry("SEAMLINE_DATASOURCE_URL", "jdbc:postgresql://pg.db.svc:5432/seamline?sslmode=require");
        // the truststore is the Secret's file, mounted read-only where the location points
        JsonNode mount = mountHolding(container, plain.get("KAFKA_SSL_TRUSTSTORE_LOCATION")).orElseThrow();
        assertThat(mount.get("readOnly").asBoolean()).isTrue();
        JsonNode volume = byName(statefulSet(objects).at("/spec/template/spec/volumes")).get(mount.get("name").asText());
        assertThat(volume.at("/secret/secretName").asText()).isEqualTo("shop-kafka-ca");
        assertThat(plain.get("KAFKA_SSL_TRUSTSTORE_LOCATION")).endsWith("/ca.p12");

        // every KAFKA_* variable is a client setting Kafka's producers and consumers know (Quarkus hands kafka.* on)
        Set<String> kafkaSettings = new TreeSet<>(ProducerConfig.configNames());
        kafkaSettings.retainAll(ConsumerConfig.configNames());
        env.keySet().stream().filter(n -> n.startsWith("KAFKA_"))
                .forEach(n -> assertThat(kafkaSettings).as(n).contains(n.substring(6).toLowerCase().replace('_', '.')));
        // no credential as a plain value, in the pod or a ConfigMap, and the chart makes no Secret of its own
        Pattern credential = Pattern.compile("PASSWORD|JAAS|SECRET|TOKEN|CREDENTIAL");
        env.forEach((name, entry) -> {
            if (credential.matcher(name).find()) {
                assertThat(entry.has("value")).as("%s is a plain value", name).isFalse();
            }
        });
        assertThat(objects).noneMatch(o -> o.path("kind").asText().equals("Secret"));
        String rendered = helm(args("template", List.of("-f", EXTERNAL.toString()))).out();
        assertThat(rendered).doesNotContain("ScramLoginModule");
    }

    @Test
    void settingsTheCodeDoesNotHave_andValuesOfTheWrongType_areRefusedByTheSchema() {
        Map<String, String> refused = Map.of(
                "memory.heapMiB=lots", "memory.heapMiB: Invalid type. Expected: integer",
                "kafka.deadLetterTopic=seamline.events.dlt", "Additional property deadLetterTopic is not allowed",
                "replicaCount=-1", "replicaCount: Must be greater than or equal to 0",
                "securityContext.readOnlyRootFilesystem=false", "securityContext.readOnlyRootFilesystem",
                "seed=everything", "seed: seed must be one of the following");
        refused.forEach((value, message) -> {
            List<String> arguments = new ArrayList<>(ISSUER);
            arguments.addAll(List.of("--set", value));
            Helm result = helm(args("template", arguments));
            assertThat(result.exit()).as(value).isNotZero();
            assertThat(result.err()).as(value).contains(message);
        });
    }

    @Test
    void replicas_arePodsNamedAsTheirReplicaIds_eachWithAClaimOfItsOwn_andClientsStayOnOne() throws IOException {
        List<String> three = new ArrayList<>(ISSUER);
        three.addAll(List.of("--set", "replicaCount=3"));
        List<JsonNode> objects = render(three);
        JsonNode set = statefulSet(objects);

        assertThat(set.at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode replicaId = byName(container(objects).get("env")).get("SEAMLINE_REPLICA_ID");
        assertThat(replicaId.at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
        assertThat(Files.readString(REPO.resolve("src/main/resources/application.properties")))
                .as("the setting the variable sets").contains("seamline.replica.id=");
        // the last pod's name is a replica id the service takes
        String lastPod = set.at("/metadata/name").asText() + "-2";
        assertThat(new ConsumerGroups(Optional.of(lastPod)).perReplica("search")).isEqualTo("search." + lastPod);
        // single-writer files: a claim per pod, none shared
        assertThat(claimTemplates(objects)).containsKey("data");
        assertThat(objects).noneMatch(o -> o.path("kind").asText().equals("PersistentVolumeClaim"));
        // the governing Service exists and is headless; the one clients use keeps each on one replica
        Map<String, JsonNode> services = new HashMap<>();
        objects.stream().filter(o -> o.path("kind").asText().equals("Service"))
                .forEach(o -> services.put(o.at("/metadata/name").asText(), o));
        assertThat(services.get(set.at("/spec/serviceName").asText()).at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(services.values()).filteredOn(o -> !o.at("/spec/clusterIP").asText().equals("None"))
                .singleElement().satisfies(o -> assertThat(o.at("/spec/sessionAffinity").asText()).isEqualTo("ClientIP"));
    }

    @Test
    void replicas_refuseWhatOnlyOneReplicaCanHave_theDemoSeed_andOneExistingClaim() {
        Map<String, String> refused = Map.of(
                "seed=demo", "every replica would seed the demo catalogue",
                "persistence.existingClaim=seamline-data", "persistence.existingClaim holds one replica's files");
        refused.forEach((value, message) -> {
            List<String> arguments = new ArrayList<>(ISSUER);
            arguments.addAll(List.of("--set", "replicaCount=2", "--set", value));
            Helm result = helm(args("template", arguments));
            assertThat(result.exit()).as(value).isNotZero();
            assertThat(result.err()).as(value).contains(message);
            // one replica may have either
            List<String> one = new ArrayList<>(ISSUER);
            one.addAll(List.of("--set", value));
            assertThat(helm(args("template", one)).exit()).as("%s with one replica", value).isZero();
        });
    }

    @Test
    void helmLint_passesStrictly_onBothValueSets() {
        for (List<String> values : List.of(ISSUER, List.of("-f", EXTERNAL.toString()))) {
            List<String> arguments = new ArrayList<>(List.of("lint", "--strict", CHART.toString()));
            arguments.addAll(values);
            Helm result = helm(arguments);
            assertThat(result.exit()).as(result.out() + result.err()).isZero();
        }
    }

    // --- helpers ---

    private record Helm(int exit, String out, String err) {
    }

    private static List<String> args(String command, List<String> values) {
        List<String> arguments = new ArrayList<>(List.of(command, "seamline", CHART.toString()));
        arguments.addAll(values);
        return arguments;
    }

    private static List<JsonNode> render(List<String> values) throws IOException {
        Helm result = helm(args("template", values));
        assertThat(result.exit()).as(result.err()).isZero();
        try (var parser = YAML.getFactory().createParser(result.out())) {
            List<JsonNode> objects = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(o -> {
                if (o != null && !o.isNull()) {
                    objects.add(o);
                }
            });
            return objects;
        }
    }

    private static Helm helm(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(HELM.toString()));
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).directory(REPO.toFile()).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("helm did not finish in 60 s: " + command);
            }
            return new Helm(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode statefulSet(List<JsonNode> objects) {
        List<JsonNode> sets = objects.stream().filter(o -> o.path("kind").asText().equals("StatefulSet")).toList();
        assertThat(sets).hasSize(1);
        return sets.get(0);
    }

    private static JsonNode container(List<JsonNode> objects) {
        JsonNode containers = statefulSet(objects).at("/spec/template/spec/containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    /** The claims the StatefulSet makes for each of its pods, by the volume name the pod mounts them as. */
    private static Map<String, JsonNode> claimTemplates(List<JsonNode> objects) {
        Map<String, JsonNode> templates = new HashMap<>();
        statefulSet(objects).at("/spec/volumeClaimTemplates")
                .forEach(t -> templates.put(t.at("/metadata/name").asText(), t));
        return templates;
    }

    private static Map<String, JsonNode> byName(JsonNode list) {
        Map<String, JsonNode> named = new HashMap<>();
        list.forEach(item -> named.put(item.get("name").asText(), item));
        return named;
    }

    private static Map<String, String> plainEnv(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.get("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.get("name").asText(), e.get("value").asText());
            }
        });
        return env;
    }

    private static String secretRef(Map<String, JsonNode> env, String name) {
        JsonNode ref = env.get(name).at("/valueFrom/secretKeyRef");
        assertThat(ref.isMissingNode()).as("%s comes from a Secret", name).isFalse();
        return ref.get("name").asText() + "/" + ref.get("key").asText();
    }

    private static String jvmOptions(JsonNode container) {
        return plainEnv(container).get("JDK_JAVA_OPTIONS");
    }

    /** The mount whose path holds {@code path} (the longest such, as the kernel resolves nested mounts). */
    private static Optional<JsonNode> mountHolding(JsonNode container, String path) {
        return StreamSupport.stream(container.get("volumeMounts").spliterator(), false)
                .filter(m -> Path.of(path).normalize().startsWith(Path.of(m.get("mountPath").asText())))
                .max((a, b) -> Integer.compare(a.get("mountPath").asText().length(), b.get("mountPath").asText().length()));
    }

    private static List<String> texts(JsonNode list) {
        List<String> texts = new ArrayList<>();
        list.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** Every setting application.properties documents (set or commented) that names a directory. */
    private static List<String> directorySettings() throws IOException {
        Matcher keys = Pattern.compile("(?m)^#?(seamline\\.[a-z0-9.-]*(?:\\.dir|-directory))=")
                .matcher(Files.readString(REPO.resolve("src/main/resources/application.properties")));
        List<String> found = new ArrayList<>();
        while (keys.find()) {
            found.add(keys.group(1));
        }
        return found;
    }

    /** The demo catch-up the capacity benchmark measured: "every read model caught up N s after the seeder finished". */
    private static long measuredCatchUpSeconds() throws IOException {
        Matcher m = Pattern.compile("every read model caught up (\\d+) s after the seeder finished")
                .matcher(Files.readString(REPO.resolve("docs/evidence/bench-capacity.md")));
        assertTrue(m.find(), "docs/evidence/bench-capacity.md no longer states the demo catch-up");
        return Long.parseLong(m.group(1));
    }

    private static long flagMiB(String options, String flag) {
        Matcher m = Pattern.compile(Pattern.quote(flag) + "(\\d+[kKmMgG]?)(?:\\s|$)").matcher(options);
        assertTrue(m.find(), "no " + flag + " in " + options);
        return mebibytes(m.group(1));
    }

    /** A Kubernetes quantity (Mi, Gi), a Quarkus MemorySize (512M) or a JVM size (1536m) in MiB. */
    static long mebibytes(String size) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|k|K|m|M|g|G)?").matcher(size.trim());
        assertTrue(m.matches(), "not a size: " + size);
        long n = Long.parseLong(m.group(1));
        String unit = Optional.ofNullable(m.group(2)).orElse("");
        return switch (unit) {
            case "Gi", "g", "G" -> n * 1024;
            case "Mi", "m", "M" -> n;
            case "Ki", "k", "K" -> n / 1024;
            default -> n / (1024 * 1024);
        };
    }
}
