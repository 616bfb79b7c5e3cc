package dev.ollamaperf.cli;

import java.io.IOException;

/**
 * Starts children. {@link ProcessLauncher} starts processes; tests start fakes that write the files a
 * child would, so the gate's steps, confirmation rounds and Ctrl-C handling are tested in-process.
 */
public interface ChildLauncher {

    /** Starts {@code spec}; it runs until it ends or {@link Child#stop()} is called. */
    Child start(ChildSpec spec) throws IOException;
}
