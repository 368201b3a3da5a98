package dev.l610.cli;

import picocli.CommandLine;

import java.net.InetSocketAddress;

/** {@code HOST:PORT} (or just {@code PORT}, on 127.0.0.1); port 0 picks a free one. */
record HostPort(String host, int port) {

    InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }

    /**
     * Why this machine cannot listen on the address, in words ("unknown host nothere.invalid",
     * "10.9.9.9 is not an address of this machine"), or null when it can try.
     */
    String notBindable() {
        InetSocketAddress a = socketAddress();
        if (a.isUnresolved()) {
            return "unknown host " + host;
        }
        java.net.InetAddress ip = a.getAddress();
        try {
            if (ip.isAnyLocalAddress() || ip.isLoopbackAddress() || java.net.NetworkInterface.getByInetAddress(ip) != null) {
                return null;
            }
        } catch (java.net.SocketException e) {
            return null; // let the bind itself tell
        }
        return ip.getHostAddress() + " is not an address of this machine";
    }

    /** Why the address cannot be reached at all ("unknown host ..."), or null. */
    String unresolved() {
        return socketAddress().isUnresolved() ? "unknown host " + host : null;
    }

    static String format(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** picocli converter with messages that say what was expected. */
    static final class Converter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            String host = "127.0.0.1";
            String port = value;
            int colon = value.lastIndexOf(':');
            if (colon >= 0) {
                host = value.substring(0, colon);
                port = value.substring(colon + 1);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                if (host.isEmpty()) {
                    throw new CommandLine.TypeConversionException("'" + value + "' has no host; write HOST:PORT, e.g. 127.0.0.1:5610");
                }
            }
            int p;
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT (e.g. 127.0.0.1:5610)");
            }
            if (p < 0 || p > 65535) {
                throw new CommandLine.TypeConversionException("port " + p + " is out of range 0..65535");
            }
            return new HostPort(host, p);
        }
    }
}
