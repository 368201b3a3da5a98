package dev.l610.link;

import com.fazecast.jSerialComm.SerialPort;
import dev.l610.modem.VirtualModem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The modem's serial line on a real serial port (a USB-UART wired to a development board), via
 * jSerialComm: 8 data bits, no parity, one stop bit, no flow control, at the given baud rate.
 * Reading and writing block, so the link has a reader thread and an {@link OutputPump} of its own: the
 * modem's loop never writes to the port. Output waits in a queue of at most {@link #MAX_PENDING_BYTES}
 * (about 5.7 s at 115200 baud); past that the oldest waiting output is lost, as on a UART without flow
 * control, and counted ({@link #droppedBytes()}).
 */
public final class SerialLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SerialLink.class);
    /** Most bytes queued for the port; past that the oldest output is dropped. */
    public static final int MAX_PENDING_BYTES = 64 * 1024;

    private final VirtualModem modem;
    private final SerialPort port;
    private final InputStream in;
    private final OutputPump sink;
    private final Thread reader;
    private volatile boolean closed;

    private SerialLink(VirtualModem modem, SerialPort port) {
        this.modem = modem;
        this.port = port;
        this.in = port.getInputStream();
        OutputStream out = port.getOutputStream();
        java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();
        this.sink = new OutputPump("serial", out, MAX_PENDING_BYTES, e -> {
            if (!told.getAndSet(true)) {
                LOG.warn("serial write failed (said once; the output is counted as dropped): {}", e.getMessage());
            }
        });
        this.reader = new Thread(this::readLoop, "l610-serial");
        reader.setDaemon(true);
    }

    /**
     * Opens {@code device} at {@code baud} and attaches the modem.
     *
     * @throws LinkException when the port cannot be opened (missing, busy, no permission)
     */
    public static SerialLink start(VirtualModem modem, String device, int baud) {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(device);
        } catch (RuntimeException e) { // SerialPortInvalidPortException
            throw new LinkException("cannot open serial port " + device + ": no such device", e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 500, 0);
        if (!port.openPort()) {
            throw new LinkException("cannot open serial port " + device + " (missing, in use, or no permission: "
                    + "is your user in the dialout group?); error " + port.getLastErrorCode(), null);
        }
        SerialLink link = new SerialLink(modem, port);
        modem.attachHost(link.sink);
        link.reader.start();
        LOG.info("serial port {} at {} baud", device, baud);
        return link;
    }

    private void readLoop() {
        byte[] buf = new byte[4096];
        while (!closed) {
            try {
                int n = in.read(buf, 0, buf.length);
                if (n > 0) {
                    modem.input(buf, 0, n);
                    BlockingInput.awaitRoom(modem, () -> closed);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (!closed && !port.isOpen()) {
                    LOG.error("serial port closed: {}", e.getMessage());
                    return;
                }
                // a read timeout with nothing to read: go on
            }
        }
    }

    /** Bytes of modem output lost because the port did not take them in time. */
    public long droppedBytes() {
        return sink.droppedBytes();
    }

    @Override
    public void close() {
        closed = true;
        modem.detachHost(sink);
        sink.close();
        port.closePort();
    }
}
