package io.seamline.seam.contract;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** Where the seam contracts are read from, {@code seamline.contracts.*}. */
@ConfigMapping(prefix = "seamline.contracts")
public interface ContractsConfig {

    /** A directory laid out like the repository's contract files, read instead of those on the class path. */
    Optional<String> dir();
}
