package io.seamline.platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds the embedded PostgreSQL a Seamline that died (kill -9, a crash) left running on its data directory, through
 * PostgreSQL's {@code postmaster.pid}, and stops it, so the next start needs no manual step. The server is stopped
 * only when it is really a postgres working in this data directory and the Seamline that started it is gone (the
 * {@link PostgresOwner} it recorded, and the lock its starter held); one whose owner still runs, or that no Seamline
 * started, is left alone with a clear error.
 */
final class LeftBehindPostgres {

    private static final String PID_FILE = "postmaster.pid";
    /** The lock file zonky's EmbeddedPostgres holds in the data directory while the process that started it runs. */
    private static final String STARTERS_LOCK = "epg-lock";

    private final Path dataDir;
    private final Duration stopWait;

    public LeftBehindPostgres(Path dataDir, Duration stopWait) {
        this.dataDir = dataDir;
        this.stopWait = stopWait;
    }

    /**
     * Stops a server left behind on the data directory, or removes a {@code postmaster.pid} whose process is gone but
     * whose PID another process now has (PostgreSQL would refuse to start over it). Returns one line saying what it
     * did; empty when nothing was left behind.
     */
    public Optional<String> clear() {
        Optional<ProcessHandle> listed = listedProcess();
        if (listed.isEmpty()) {
            return Optional.empty(); // no file, or its process is gone: PostgreSQL takes over a stale file itself
        }
        ProcessHandle process = listed.get();
        Optional<Boolean> ours = runsHere(process);
        if (ours.isEmpty()) {
            return Optional.empty(); // cannot tell (not our user's process): touch nothing, the port check speaks
        }
        if (!ours.get()) {
            deletePidFile();
            return Optional.of("removed " + dataDir.resolve(PID_FILE) + ": the PostgreSQL it names is gone and its PID "
                    + process.pid() + " is now another process's");
        }
        Optional<PostgresOwner> owner = PostgresOwner.readFrom(dataDir);
        String ownerName = owner.map(o -> "Seamline process " + o.pid()).orElse("a Seamline");
        if (owner.filter(PostgresOwner::alive).isPresent() || startersLockHeld()) {
            throw new StartupFailure("the embedded PostgreSQL on " + dataDir + " (PID " + process.pid()
                    + ") belongs to " + ownerName + ", which is still running: stop that one first, "
                    + "or give this one its own seamline.data.dir");
        }
        if (owner.isEmpty() && !Files.exists(dataDir.resolve(STARTERS_LOCK))) {
            throw new StartupFailure("a PostgreSQL (PID " + process.pid() + ") runs on " + dataDir + " and no Seamline "
                    + "started it: stop it (pg_ctl -D " + dataDir + " stop, or kill " + process.pid() + ") and start again");
        }
        long started = System.nanoTime();
        String how = stop(process);
        return Optional.of(String.format("stopped the embedded PostgreSQL (PID %d) on %s that %s left running when it "
                + "died (%s, %.1f s)", process.pid(), dataDir, ownerName, how, (System.nanoTime() - started) / 1e9));
    }

    /**
     * Whether a live process holds the lock the embedded server's starter (zonky) takes on the data directory for as
     * long as it runs: the kernel drops it when that process dies, so it also tells a server started before owners were
     * recorded. Asked only once the recorded owner is gone: closing a file drops this process's own locks on it.
     */
    private boolean startersLockHeld() {
        Path lock = dataDir.resolve(STARTERS_LOCK);
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
             FileLock taken = channel.tryLock()) {
            return taken == null;
        } catch (OverlappingFileLockException heldHere) {
            return true;
        } catch (IOException unreadable) {
            return true; // cannot tell: treat as owned, never stop a server that may be in use
        }
    }

    /** The live process {@code postmaster.pid} names, if the file exists and names one. */
    private Optional<ProcessHandle> listedProcess() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve(PID_FILE));
            return lines.isEmpty() ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException unreadable) {
            return Optional.empty();
        }
    }

    /** Whether the process is a postgres working in this data directory (its cwd); empty when that cannot be read. */
    private Optional<Boolean> runsHere(ProcessHandle process) {
        Optional<String> command = process.info().command();
        if (command.isEmpty()) {
            return Optional.empty();
        }
        if (!Path.of(command.get()).getFileName().toString().equals("postgres")) {
            return Optional.of(false);
        }
        try {
            Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd").toRealPath();
            return Optional.of(cwd.equals(dataDir.toRealPath()));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * PostgreSQL's fast shutdown (SIGINT: sessions are ended, the data is checkpointed); past the wait, SIGKILL of the
     * server and its backends, and the pid file removed once they are gone (a killed server leaves it behind).
     */
    private String stop(ProcessHandle postmaster) {
        List<ProcessHandle> backends = postmaster.descendants().toList();
        if (!signalInterrupt(postmaster)) {
            postmaster.destroy(); // SIGTERM, a smart shutdown: it waits for sessions, and the dead owner's are gone
        }
        if (exited(postmaster, stopWait)) {
            return "fast shutdown";
        }
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        if (!exited(postmaster, Duration.ofSeconds(10)) || backends.stream().anyMatch(ProcessHandle::isAlive)) {
            throw new StartupFailure("the PostgreSQL (PID " + postmaster.pid() + ") left running on " + dataDir
                    + " did not stop, even killed: stop it by hand and start again");
        }
        deletePidFile();
        return "killed after " + stopWait.toSeconds() + " s without stopping";
    }

    private static boolean signalInterrupt(ProcessHandle process) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean exited(ProcessHandle process, Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(dataDir.resolve(PID_FILE));
        } catch (IOException e) {
            throw new StartupFailure("could not remove the stale " + dataDir.resolve(PID_FILE) + ": " + e.getMessage());
        }
    }
}
