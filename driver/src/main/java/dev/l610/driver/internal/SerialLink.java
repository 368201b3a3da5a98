package dev.l610.driver.internal;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import dev.l610.driver.Link;
import dev.l610.driver.SerialSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link Link} over a serial port (jSerialComm): reads block until at least one byte, writes block. */
public final class SerialLink implements Link {

    private final SerialPort port;
    private final InputStream in;
    private final OutputStream out;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SerialLink(SerialPort port, String description) {
        this.port = port;
        this.in = port.getInputStream();
        this.out = port.getOutputStream();
        this.description = description;
    }

    public static SerialLink open(SerialSettings s) throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(s.portName());
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("no serial port " + s.portName() + ": " + e.getMessage(), e);
        }
        port.setComPortParameters(s.baudRate(), s.dataBits(), stopBits(s), parity(s));
        port.setFlowControl(flow(s));
        // semi-blocking with timeout 0: read() waits for at least one byte, however long it takes
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 0, 0);
        if (!port.openPort()) {
            throw new IOException("cannot open serial port " + s.portName() + " (error " + port.getLastErrorCode()
                    + " at native line " + port.getLastErrorLocation() + ")");
        }
        return new SerialLink(port, "serial " + s.portName() + " " + s.baudRate() + " " + s.dataBits()
                + s.parity().name().charAt(0) + stopBitsText(s));
    }

    private static int stopBits(SerialSettings s) {
        return switch (s.stopBits()) {
            case ONE -> SerialPort.ONE_STOP_BIT;
            case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case TWO -> SerialPort.TWO_STOP_BITS;
        };
    }

    private static String stopBitsText(SerialSettings s) {
        return switch (s.stopBits()) {
            case ONE -> "1";
            case ONE_POINT_FIVE -> "1.5";
            case TWO -> "2";
        };
    }

    private static int parity(SerialSettings s) {
        return switch (s.parity()) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
        };
    }

    private static int flow(SerialSettings s) {
        return switch (s.flowControl()) {
            case NONE -> SerialPort.FLOW_CONTROL_DISABLED;
            case RTS_CTS -> SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
            case XON_XOFF -> SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
        };
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            port.closePort();
        }
    }
}
