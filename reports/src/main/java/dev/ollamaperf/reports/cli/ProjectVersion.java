package dev.ollamaperf.reports.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} prints: the project's version, written into {@code version.properties} by the build's
 * resource filtering, so no source repeats the version of the POMs.
 */
public final class ProjectVersion implements IVersionProvider {

    private static final String RESOURCE = "/dev/ollamaperf/reports/version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"ollama-perf-reports " + read()};
    }

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String read() {
        try (InputStream in = ProjectVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path: rebuild with ./mvnw");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
