package io.seamline.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Refuses to start on a busy port with one line that names it, instead of a failure deep inside a server. */
public final class PortCheck {
    private PortCheck() {
    }

    public static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new StartupFailure("port " + port + " for " + what + " is already in use: stop what holds it or set "
                    + "a different port (see README, Configuration)");
        }
    }

    /** A port that was free a moment ago, for tests and ephemeral set-ups. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
