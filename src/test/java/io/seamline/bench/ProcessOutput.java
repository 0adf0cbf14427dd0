package io.seamline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The output of a short-lived command, for facts and notes that may go without it: null when it fails. */
final class ProcessOutput {

    private ProcessOutput() {
    }

    /** Standard output (and standard error when {@code withErrors}) of {@code command}, or null. */
    static String of(List<String> command, boolean withErrors, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(withErrors).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
