package dev.ollamaperf.reports.render;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} run headless on a local file: no network (QUIC, background networking, component
 * updates and sync off), a fresh profile in a temporary folder. Absent chromium fails the test on CI
 * ({@code CI=true}) and skips it elsewhere, naming the install command.
 */
final class HeadlessChromium {

    static final String INSTALL = "apt-get update && apt-get install -y chromium";
    private static final long TIMEOUT_SECONDS = 90;

    private final Path profile;

    private HeadlessChromium(Path profile) {
        this.profile = profile;
    }

    /** Returns a browser using {@code profile} as its user-data folder, or stops the test when there is none. */
    static HeadlessChromium require(Path profile) {
        boolean present = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            present |= Files.isExecutable(Path.of(dir, "chromium"));
        }
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("chromium is not installed, and CI=true requires it for the HTML report test; install it with: "
                    + INSTALL);
        }
        assumeTrue(present, "chromium is not installed; install it with: " + INSTALL);
        return new HeadlessChromium(profile);
    }

    /** Loads the page and returns the DOM after its scripts ran. */
    String dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, List.of("--dump-dom"));
    }

    /** As {@link #dumpDom(Path)}, in a window of the given size, for scripts that measure the layout. */
    String dumpDom(Path page, int width, int height) throws IOException, InterruptedException {
        return run(page, List.of("--dump-dom", "--window-size=" + width + "," + height));
    }

    /** Loads the page in a window of the given size and writes a PNG of the viewport. */
    void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run(
                page,
                List.of(
                        "--screenshot=" + png.toAbsolutePath(),
                        "--window-size=" + width + "," + height,
                        "--hide-scrollbars"));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            fail("chromium wrote no screenshot to " + png);
        }
    }

    private String run(Path page, List<String> extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath()));
        command.addAll(extra);
        command.add(page.toAbsolutePath().toUri().toString());
        Path err = Files.createTempFile(profile.getParent(), "chromium", ".err");
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        // output to files, so a hung browser cannot block this thread past the timeout below
        Process p = new ProcessBuilder(command)
                .redirectError(err.toFile())
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        if (p.exitValue() != 0) {
            fail("chromium exited with " + p.exitValue() + ": " + Files.readString(err));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
