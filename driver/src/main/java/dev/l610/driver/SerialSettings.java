package dev.l610.driver;

import java.util.Objects;

/**
 * How to open a serial port.
 *
 * @param portName system name or path: {@code /dev/ttyUSB0}, {@code COM3}, or a pty path
 * @param baudRate bits per second (the L610 default is 115200)
 * @param dataBits 5..8
 * @param parity parity
 * @param stopBits stop bits
 * @param flowControl flow control
 */
public record SerialSettings(String portName, int baudRate, int dataBits, Parity parity, StopBits stopBits,
                             FlowControl flowControl) {

    public static final int DEFAULT_BAUD_RATE = 115200;

    public SerialSettings {
        Objects.requireNonNull(portName, "portName");
        Objects.requireNonNull(parity, "parity");
        Objects.requireNonNull(stopBits, "stopBits");
        Objects.requireNonNull(flowControl, "flowControl");
        if (portName.isBlank()) {
            throw new IllegalArgumentException("portName is blank");
        }
        if (baudRate <= 0) {
            throw new IllegalArgumentException("baudRate must be positive, was " + baudRate);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("dataBits must be 5..8, was " + dataBits);
        }
    }

    /** 115200 baud, 8 data bits, no parity, one stop bit, no flow control. */
    public static SerialSettings of(String portName) {
        return new SerialSettings(portName, DEFAULT_BAUD_RATE, 8, Parity.NONE, StopBits.ONE, FlowControl.NONE);
    }

    public SerialSettings withBaudRate(int v) {
        return new SerialSettings(portName, v, dataBits, parity, stopBits, flowControl);
    }

    public SerialSettings withDataBits(int v) {
        return new SerialSettings(portName, baudRate, v, parity, stopBits, flowControl);
    }

    public SerialSettings withParity(Parity v) {
        return new SerialSettings(portName, baudRate, dataBits, v, stopBits, flowControl);
    }

    public SerialSettings withStopBits(StopBits v) {
        return new SerialSettings(portName, baudRate, dataBits, parity, v, flowControl);
    }

    public SerialSettings withFlowControl(FlowControl v) {
        return new SerialSettings(portName, baudRate, dataBits, parity, stopBits, v);
    }
}
