package dev.l610.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The local addresses the devices' MQTT connections are made from, spread by device index, so one
 * host is not held to the ~64k ports of one source address: an IPv4 block ({@code 127.0.0.0/8}: every
 * address of it but the first and last, in turn) or a list ({@code 10.0.0.5,10.0.0.6}).
 */
public final class SourceAddresses {

    private final long base;
    private final long size;
    private final List<InetAddress> list;

    private SourceAddresses(long base, long size, List<InetAddress> list) {
        this.base = base;
        this.size = size;
        this.list = list;
    }

    /** {@code A.B.C.D/N} (N 8..30) or a comma-separated list of addresses. */
    public static SourceAddresses parse(String text) {
        String t = text == null ? "" : text.trim();
        try {
            if (t.contains("/")) {
                String[] p = t.split("/");
                int bits = Integer.parseInt(p[1].trim());
                byte[] a = InetAddress.getByName(p[0].trim()).getAddress();
                if (a.length != 4 || bits < 8 || bits > 30 || !p[0].trim().matches("[0-9.]+")) {
                    throw new IllegalArgumentException();
                }
                long v = ((a[0] & 0xffL) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
                long mask = (0xffffffffL << (32 - bits)) & 0xffffffffL;
                return new SourceAddresses((v & mask) + 1, (1L << (32 - bits)) - 2, null);
            }
            List<InetAddress> l = new ArrayList<>();
            for (String s : t.split(",")) {
                if (!s.trim().matches("[0-9.]+|[0-9a-fA-F:]+")) {
                    throw new IllegalArgumentException();
                }
                l.add(InetAddress.getByName(s.trim()));
            }
            if (l.isEmpty()) {
                throw new IllegalArgumentException();
            }
            return new SourceAddresses(0, l.size(), List.copyOf(l));
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalArgumentException("source addresses are an IPv4 block A.B.C.D/N (N 8..30) or a list of addresses "
                    + "a,b,c; was '" + text + "'");
        }
    }

    /** The source address of device {@code index}. */
    public InetAddress of(int index) {
        if (list != null) {
            return list.get(index % list.size());
        }
        long v = base + index % size;
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many addresses there are. */
    public long size() {
        return size;
    }
}
