/**
 * The host-side driver: AT commands, URCs, bring-up and the modem's MQTT client over a serial port or a
 * TCP link. Independent of the virtual modem.
 */
module dev.l610.driver {
    exports dev.l610.driver;
    // dev.l610.driver.example (QuickStart) is a runnable example, not API: not exported

    requires com.fazecast.jSerialComm;
    requires org.slf4j;
}
