/**
 * Fleets of virtual L610s driven by behaviours, with metrics and reports.
 */
module dev.l610.fleet {
    exports dev.l610.fleet;
    // Jackson writes and reads FleetReport (JSON reports) by reflection
    opens dev.l610.fleet to com.fasterxml.jackson.databind;

    requires dev.l610.modem;
    requires dev.l610.driver;
    requires dev.l610.link; // --expose: TcpModemServer, PtyLink
    requires io.netty.transport;
    requires com.hivemq.client.mqtt;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    // HdrHistogram 2.2.2's jar has neither a module-info nor an Automatic-Module-Name: this name comes
    // from its file name (HdrHistogram-2.2.2.jar) and is fragile.
    requires HdrHistogram;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires jdk.httpserver; // MetricsServer
    requires org.slf4j;
}
