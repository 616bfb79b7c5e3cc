package dev.ollamaperf.client.api;

import java.util.Objects;

/** Model-name rules: {@code [namespace/]model[:tag]}, the tag defaulting to {@code latest}. */
public final class ModelNames {

    private ModelNames() {}

    /** The name with {@code :latest} added when it has no tag. */
    public static String normalize(String name) {
        Objects.requireNonNull(name, "name");
        int slash = name.lastIndexOf('/');
        return name.indexOf(':', slash + 1) >= 0 ? name : name + ":latest";
    }
}
