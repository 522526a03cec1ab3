package dev.graft.serve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Where {@code graft serve} listens. {@code --host} and {@code --port} are checked before the model
 * loads, and a failed bind is explained from its cause: Javalin reports every bind failure, an address
 * that is not this machine's included, as "Port already in use".
 */
final class ListenAddress {
    private static final String USE_LOCAL = "use 127.0.0.1 (loopback) or an address of one of this machine's interfaces";

    private ListenAddress() {}

    /** The address {@code host} names; it must be this machine's (loopback, the wildcard, or an interface's). */
    static InetAddress local(String host) {
        if (host.isBlank()) {
            throw new IllegalArgumentException("--host must not be blank: " + USE_LOCAL);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + " is neither an IP address nor a host name that resolves: " + USE_LOCAL);
        }
        try {
            if (address.isAnyLocalAddress() || address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null) {
                return address;
            }
        } catch (SocketException e) {
            // the interfaces cannot be listed: let the bind decide
            return address;
        }
        String resolved = address.getHostAddress().equals(host) ? "" : " (" + address.getHostAddress() + ")";
        throw new IllegalArgumentException("--host " + host + resolved + " is not an address of this machine, so the server"
                + " cannot listen on it: " + USE_LOCAL);
    }

    /** Checks now that {@code host}:{@code port} can be bound, so a busy port is reported before the model loads. */
    static void check(String host, int port) {
        InetAddress address = local(host);
        if (port == 0) {
            return; // the system picks a free port
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Jetty binds: a port left in TIME_WAIT is free
            probe.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw failure(host, port, e);
        }
    }

    /** Why binding {@code host}:{@code port} failed, read from the cause under {@code e}. */
    static RuntimeException failure(String host, int port, Throwable e) {
        String where = "cannot listen on " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + ": ";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return new IllegalArgumentException(where + "--host " + host + " does not resolve to an address: " + USE_LOCAL);
            }
            if (t instanceof SocketException) {
                String m = String.valueOf(t.getMessage());
                if (m.contains("already in use")) {
                    return new IllegalStateException(where + "port " + port + " is already in use by another process: "
                            + "stop that process, pick another --port, or use --port 0 for a free one");
                }
                if (m.contains("Cannot assign requested address")) {
                    return new IllegalArgumentException(where + "--host " + host + " is not an address of this machine: " + USE_LOCAL);
                }
                if (m.contains("Permission denied")) {
                    return new IllegalStateException(where + "permission denied (ports below 1024 need privileges): "
                            + "pick --port 1024 or above");
                }
                return new IllegalStateException(where + m);
            }
        }
        return new IllegalStateException(where + e.getMessage());
    }
}
