package dev.ollamaperf.cli;

import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.FaultPlan;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.load.run.LoadMain;
import dev.ollamaperf.load.run.Scenarios;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the gate's load children in this JVM, for the gate's validation without a JVM start per scenario:
 * Gatling in-process with the child's {@code -D} settings as system properties. The embedded emulator a
 * load JVM would start from the profile file and the child's environment ({@code OLLAMA_NUM_PARALLEL}) is
 * started here instead (with the child's {@code ollama.perf.emulatorFaults}), since this JVM's environment cannot be
 * the child's; {@code OLLAMA_MAX_CONCURRENT}
 * becomes the scenario's users (unless the gate sets them) and the child's {@code OLLAMA_*} variables go to the
 * integration's JVM ({@code ollama.perf.integration.env.*}) for the same reason. The target check passes and JMH measures nothing
 * (the validation's budgets judge load metrics only). One child at a time: system properties are global.
 * The load JVM's own lines (LoadMain's) go to the child's log, as a real child's would.
 */
final class InProcessLoad implements ChildLauncher {

    private final FakeChildren fakes = new FakeChildren().on("jmh", child -> 0).on("target-check", child -> 0);
    private String stopTargetOf;
    private int stopAfterAnswers;

    /**
     * From now on the emulator behind {@code scenario} stops listening (as after a kill -9) once it has answered
     * {@code answers} requests, the warm-up included.
     */
    InProcessLoad stoppingTheTargetOf(String scenario, int answers) {
        stopTargetOf = scenario;
        stopAfterAnswers = answers;
        return this;
    }

    @Override
    public Child start(ChildSpec spec) {
        int gatling = spec.command().indexOf(JavaCommands.GATLING);
        if (gatling < 0) {
            return fakes.start(spec);
        }
        return new FakeChild(
                spec,
                child -> run(
                        child,
                        spec,
                        spec.command().subList(gatling + 1, spec.command().size())));
    }

    private int run(FakeChild child, ChildSpec spec, List<String> gatlingArgs) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        spec.command().stream()
                .filter(a -> a.startsWith("-D") && a.contains("="))
                .forEach(a -> properties.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1)));
        String profile = properties.remove(LoadFlags.PREFIX + "emulatorProfiles");
        EngineSettings.Builder settings = EngineSettings.fromEnvironment(spec.environment()).toBuilder();
        if (profile != null) {
            settings.catalogue(ModelCatalogue.load(Path.of(profile)));
        }
        // the embedded emulator's faults go to the emulator started here, as the load JVM would apply them
        String faults = properties.remove(LoadFlags.PREFIX + "emulatorFaults");
        if (faults != null) {
            settings.faults(FaultPlan.parse(faults));
        }
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(settings.build()))) {
            properties.put(LoadFlags.PREFIX + "endpoint", emulator.baseUri().toString());
            String users = spec.environment().get("OLLAMA_MAX_CONCURRENT");
            if (users != null) {
                properties.putIfAbsent(LoadFlags.PREFIX + "users", users);
            }
            // the integration's JVM gets this JVM's environment: the child's application settings go with it
            spec.environment().forEach((name, value) -> {
                if (name.startsWith("OLLAMA_")) {
                    properties.putIfAbsent(Scenarios.INTEGRATION_ENV + name, value);
                }
            });
            properties.forEach(System::setProperty);
            Thread stopper = spec.name().equals(stopTargetOf) ? stopper(emulator, stopAfterAnswers) : null;
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            try {
                return LoadMain.run(
                        gatlingArgs.toArray(String[]::new), new PrintStream(console, true, StandardCharsets.UTF_8));
            } finally {
                properties.keySet().forEach(System::clearProperty);
                if (stopper != null) {
                    stopper.interrupt();
                }
                console.toString(StandardCharsets.UTF_8).lines().forEach(child::print);
            }
        }
    }

    private static Thread stopper(Emulator emulator, int answers) {
        Thread thread = new Thread(
                () -> {
                    try {
                        while (emulator.engine().stats().models().values().stream()
                                        .mapToLong(m -> m.completed())
                                        .sum()
                                < answers) {
                            Thread.sleep(20);
                        }
                        emulator.close();
                    } catch (InterruptedException e) {
                        // the scenario ended first
                    }
                },
                "in-process-load-target-stopper");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
