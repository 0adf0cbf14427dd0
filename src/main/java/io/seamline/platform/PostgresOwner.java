package io.seamline.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Seamline process that started the embedded PostgreSQL on a data directory, kept in {@value #FILE} beside
 * PostgreSQL's own {@code postmaster.pid}: its PID and start time, so a server whose owner is still running is never
 * taken for one left behind (a PID alone may since name another process).
 */
record PostgresOwner(long pid, Instant started) {

    static final String FILE = "seamline-owner.pid";
    /** Start times read twice from /proc may differ by a clock tick; a reused PID starts later by far more. */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    /** This process. */
    public static PostgresOwner self() {
        return of(ProcessHandle.current());
    }

    static PostgresOwner of(ProcessHandle process) {
        return new PostgresOwner(process.pid(), process.info().startInstant().orElse(Instant.EPOCH));
    }

    /** The owner recorded in {@code dataDir}, if any is and it reads. */
    public static Optional<PostgresOwner> readFrom(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve(FILE));
            return Optional.of(new PostgresOwner(Long.parseLong(lines.get(0).trim()), Instant.parse(lines.get(1).trim())));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    public void writeTo(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve(FILE), pid + "\n" + started + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not record the owner of " + dataDir, e);
        }
    }

    /** Whether this process still runs: its PID is alive and started when it did. */
    public boolean alive() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().startInstant())
                .map(start -> Duration.between(started, start).abs().compareTo(SAME_START) <= 0)
                .orElse(false);
    }
}
