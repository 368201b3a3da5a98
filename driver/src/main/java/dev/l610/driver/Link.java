package dev.l610.driver;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * An open byte link to a modem: a serial port, a TCP connection, or any stream pair. Make one with
 * {@link Links}. The driver reads {@link #input()} from one thread and writes {@link #output()} from
 * others, one write at a time.
 */
public interface Link extends AutoCloseable {

    /** Bytes from the modem; {@code read} blocks until some arrive and returns -1 at the end. */
    InputStream input();

    /** Bytes to the modem. */
    OutputStream output();

    /** For logs and error messages, e.g. {@code tcp 127.0.0.1:5610} or {@code serial /dev/ttyUSB0}. */
    String description();

    /** Closes the link; a blocked {@code read} then ends with -1 or an exception. Idempotent. */
    @Override
    void close();
}
