package dev.ollamaperf.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests of distributed injection (scripts/k8s, docs/injectors.md), parsed into Kubernetes' own
 * model (fabric8's {@code kubernetes-model-batch}), hold what the injectors rely on: an Indexed Job whose N (its
 * completions, its parallelism and the {@code INJECTORS} the pods are told) agree, each pod's index passed as
 * {@code --injector K/N} with K from 1, the common start time and run folder from one ConfigMap, one shared volume
 * that the injectors write and the report reads, no restarts, and the image the Dockerfile describes. The pods'
 * command line is run by bash, with a stand-in for perf, to see what it expands to.
 */
final class InjectorManifestsTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path K8S = PerfScript.repositoryRoot().resolve("scripts/k8s");
    private static final String INDEX_ANNOTATION = "metadata.annotations['batch.kubernetes.io/job-completion-index']";

    @Test
    void injectorsJob_isAnIndexedJobOfNPodsEachToldItsIndexAndN() throws IOException {
        Job job = job(K8S.resolve("injectors-job.yaml"));

        assertThat(job.getApiVersion()).isEqualTo("batch/v1");
        assertThat(job.getSpec().getAdditionalProperties())
                .as("misspelt fields")
                .isEmpty();
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        int n = job.getSpec().getCompletions();
        assertThat(job.getSpec().getParallelism())
                .as("every injector runs at once")
                .isEqualTo(n);
        assertThat(n).isGreaterThan(1);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        Container injector = pod.getContainers().get(0);
        assertThat(injector.getAdditionalProperties()).isEmpty();
        assertThat(env(injector, "INJECTORS").getValue()).isEqualTo(Integer.toString(n));
        assertThat(env(injector, "JOB_COMPLETION_INDEX")
                        .getValueFrom()
                        .getFieldRef()
                        .getFieldPath())
                .isEqualTo(INDEX_ANNOTATION);
        assertThat(injector.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("ollama-perf-run");
        assertThat(String.join(" ", injector.getArgs()))
                .contains("--injector \"$((JOB_COMPLETION_INDEX + 1))/$INJECTORS\"")
                .contains("--start-at \"$START_AT\"")
                .contains("--run \"/results/$RUN_ID\"");
    }

    @Test
    void injectorsJob_podCommand_expandsToPerfLoadWithInjectorKOfNFromOne(@TempDir Path dir) throws Exception {
        Container injector = job(K8S.resolve("injectors-job.yaml"))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        Path fakePerf = dir.resolve("perf");
        Files.writeString(fakePerf, "#!/bin/bash\necho \"$@\"\n");
        assertThat(fakePerf.toFile().setExecutable(true)).isTrue();
        List<String> command = new ArrayList<>(injector.getCommand());
        command.add(String.join(" ", injector.getArgs()).replace("/perf/scripts/perf", fakePerf.toString()));

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment()
                .putAll(Map.of(
                        "JOB_COMPLETION_INDEX", "1",
                        "INJECTORS", env(injector, "INJECTORS").getValue(),
                        "PERF_SCENARIO", env(injector, "PERF_SCENARIO").getValue(),
                        "RUN_ID", "run-7",
                        "START_AT", "2026-12-07T09:00:00Z"));
        Process process = builder.start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String line = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

        assertThat(line)
                .startsWith("load arrival --run /results/run-7 --injector 2/2 --start-at 2026-12-07T09:00:00Z"
                        + " -Dollama.perf.allowRemote=true");
    }

    @Test
    void injectorsAndReport_shareOneVolumeWrittenByTheInjectorsAndReadByTheReport() throws IOException {
        List<JsonNode> documents = documents(K8S.resolve("injectors-job.yaml"));
        PersistentVolumeClaim claim = documents.stream()
                .filter(d -> d.path("kind").asText().equals("PersistentVolumeClaim"))
                .findFirst()
                .map(d -> convert(d, PersistentVolumeClaim.class))
                .orElseThrow();
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");

        for (Job job : List.of(job(K8S.resolve("injectors-job.yaml")), job(K8S.resolve("report-job.yaml")))) {
            PodSpec pod = job.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            VolumeMount mount = container.getVolumeMounts().get(0);
            assertThat(mount.getMountPath()).isEqualTo("/results");
            Volume volume = pod.getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName()))
                    .findFirst()
                    .orElseThrow();
            assertThat(volume.getPersistentVolumeClaim().getClaimName())
                    .isEqualTo(claim.getMetadata().getName());
            assertThat(pod.getRestartPolicy()).isEqualTo("Never");
            assertThat(container.getEnvFrom().get(0).getConfigMapRef().getName())
                    .isEqualTo("ollama-perf-run");
        }
        Container report = job(K8S.resolve("report-job.yaml"))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(String.join(" ", report.getArgs())).contains("/perf/scripts/perf report \"/results/$RUN_ID\"");
    }

    @Test
    void manifests_runTheImageTheDockerfileDescribesAndTheDocsBuild() throws IOException {
        String dockerfile = Files.readString(K8S.resolve("Dockerfile"));
        Matcher label = Pattern.compile("org\\.opencontainers\\.image\\.ref\\.name=\"([^\"]+)\"")
                .matcher(dockerfile);
        assertThat(label.find()).as("the Dockerfile names its image").isTrue();
        String image = label.group(1);

        for (String manifest : List.of("injectors-job.yaml", "report-job.yaml")) {
            assertThat(job(K8S.resolve(manifest))
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImage())
                    .as(manifest)
                    .isEqualTo(image);
        }
        assertThat(Files.readString(PerfScript.repositoryRoot().resolve("docs/injectors.md")))
                .contains("docker build -f scripts/k8s/Dockerfile -t " + image + " .");
        // the image builds what scripts/perf would build, and starts perf through it
        String launcher = Files.readString(PerfScript.repositoryRoot().resolve("scripts/perf"));
        assertThat(launcher).contains("BUILD=\"./mvnw -B -q -pl cli -am package -DskipTests\"");
        assertThat(dockerfile)
                .contains("RUN ./mvnw -B -q -pl cli -am package -DskipTests")
                .contains("ENTRYPOINT [\"/perf/scripts/perf\"]");
    }

    private static Job job(Path file) throws IOException {
        return documents(file).stream()
                .filter(d -> d.path("kind").asText().equals("Job"))
                .findFirst()
                .map(d -> convert(d, Job.class))
                .orElseThrow(() -> new AssertionError(file + " has no Job"));
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            return values.readAll();
        }
    }

    private static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return YAML.treeToValue(node, type);
        } catch (IOException e) {
            throw new AssertionError("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.getName()));
    }
}
