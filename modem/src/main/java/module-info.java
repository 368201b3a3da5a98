/**
 * The virtual L610: the AT engine, its command handlers, MQTT 3.1.1 and MQTT-SN sessions, network faults.
 */
module dev.l610.modem {
    exports dev.l610.modem;
    exports dev.l610.modem.command;
    exports dev.l610.modem.general;
    exports dev.l610.modem.mqtt;
    exports dev.l610.modem.net;

    requires transitive dev.l610.at;
    requires transitive dev.l610.mqttsn;
    requires io.netty.common;
    requires io.netty.buffer;
    requires transitive io.netty.transport; // ModemRuntime: EventLoopGroup, EventLoop
    requires io.netty.transport.classes.epoll;
    requires io.netty.handler;
    requires io.netty.codec;
    requires io.netty.codec.mqtt;
    requires org.slf4j;
}
