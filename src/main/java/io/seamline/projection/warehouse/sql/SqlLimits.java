package io.seamline.projection.warehouse.sql;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one SQL statement may use (time, and DuckDB's memory, threads and temp disk under {@code tempRoot}), how
 * large its answer may be, and how many statements may run at once. The time covers everything the statement's
 * request runs: parsing, copying the tables it reads into DuckDB, running it and reading its answer.
 */
public record SqlLimits(Duration timeout, long memoryBytes, int threads, Path tempRoot, long tempBytes, int maxRows,
                        long answerBytes, int concurrent) {

    private static final long MIB = 1024 * 1024;

    public SqlLimits {
        if (timeout.isNegative() || timeout.isZero() || memoryBytes < MIB || threads < 1 || tempBytes < 0
                || maxRows < 1 || answerBytes < 1 || concurrent < 1) {
            throw new IllegalArgumentException("not usable SQL limits: " + this);
        }
    }

    /** Sized for a 2-core laptop: 10 s, 512 MiB, 1 thread and 1 GiB of temp disk each, 4 at once; 8 MiB answers. */
    public static SqlLimits defaults(Path tempRoot) {
        return new SqlLimits(Duration.ofSeconds(10), 512 * MIB, 1, tempRoot, 1024 * MIB, 10_000, 8 * MIB, 4);
    }

    public SqlLimits withTimeout(Duration newTimeout) {
        return new SqlLimits(newTimeout, memoryBytes, threads, tempRoot, tempBytes, maxRows, answerBytes, concurrent);
    }

    public SqlLimits withAnswerBytes(long newAnswerBytes) {
        return new SqlLimits(timeout, memoryBytes, threads, tempRoot, tempBytes, maxRows, newAnswerBytes, concurrent);
    }

    public SqlLimits withMemory(long newMemoryBytes, long newTempBytes) {
        return new SqlLimits(timeout, newMemoryBytes, threads, tempRoot, newTempBytes, maxRows, answerBytes,
                concurrent);
    }
}
