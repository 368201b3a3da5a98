/**
 * The embedded MQTT broker: Moquette behind a connect barrier.
 */
module dev.l610.broker {
    exports dev.l610.broker;

    // Moquette 0.17's jar has neither a module-info nor an Automatic-Module-Name: this name comes from
    // its file name (moquette-broker-0.17.jar) and is fragile. EmbeddedBroker reads Moquette's private
    // fields by reflection, which works because an automatic module opens all its packages.
    requires moquette.broker;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.handler;
    requires io.netty.codec;
    requires io.netty.codec.mqtt;
    requires org.slf4j;
}
